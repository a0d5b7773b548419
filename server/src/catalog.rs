//! What a plan may choose from, as `GET /api/v1/catalog` and `regionwise catalog` print it:
//! patterns, regions, instance classes, Fargate sizes, every list of choices (`ALL` of each
//! enum, by slug and title), the limits and a complete example plan. The Node suites read the
//! lists from `regionwise catalog` rather than naming engines or routings themselves.

use planner::catalog::{
    FARGATE_SIZES, Geography, INSTANCE_CLASSES, InstanceClass, MAX_READERS_PER_REGION,
    MAX_SECONDARY_REGIONS, MAX_STORAGE_GB, REGIONS, Region,
};
use planner::plan::{
    CapacityMode, DatabaseEngine, PaymentOption, PurchaseTerm, Routing, StorageMode,
};
use planner::{DeploymentPattern, PatternProfile, Plan, PlanError};
use serde::Serialize;

#[derive(Serialize)]
pub struct Catalog {
    pub plan_version: u32,
    pub patterns: Vec<PatternEntry>,
    pub geographies: Vec<Choice>,
    pub engines: Vec<Choice>,
    pub storage_modes: Vec<Choice>,
    pub capacity_modes: Vec<Choice>,
    pub routings: Vec<Choice>,
    /// `purchasing.term`: on-demand, or a 1- or 3-year commitment.
    pub purchase_terms: Vec<Choice>,
    /// `purchasing.payment`: how much of a commitment is paid ahead.
    pub payment_options: Vec<Choice>,
    /// The app-config frameworks (`regionwise rwsplit --framework`, `/api/v1/rwsplit`).
    pub frameworks: Vec<Choice>,
    pub regions: &'static [Region],
    pub instance_classes: &'static [InstanceClass],
    /// `[vcpu, min_memory_gb, max_memory_gb]` per Fargate size.
    pub fargate_sizes: &'static [(f64, f64, f64)],
    pub limits: Limits,
    /// A complete plan with every default filled in.
    pub example_plan: Plan,
}

#[derive(Serialize)]
pub struct PatternEntry {
    pub pattern: DeploymentPattern,
    pub profile: PatternProfile,
    pub default_standby_capacity_percent: u32,
}

/// One value of a list of choices: what a plan writes, and what people read.
#[derive(Serialize)]
pub struct Choice {
    pub slug: &'static str,
    pub title: &'static str,
}

#[derive(Serialize)]
pub struct Limits {
    pub max_secondary_regions: usize,
    pub max_readers_per_region: u32,
    pub max_storage_gb: u32,
}

/// The catalog. Fails only if the built-in example plan stopped being valid.
pub fn catalog() -> Result<Catalog, PlanError> {
    let example_plan = Plan::from_json(
        r#"{"pattern":"warm_standby","primary_region":"us-east-1","secondary_regions":["us-west-2"],"database":{"instance_class":"db.r6g.large"}}"#,
    )?;
    Ok(Catalog {
        plan_version: planner::plan::PLAN_VERSION,
        patterns: DeploymentPattern::ALL
            .into_iter()
            .map(|pattern| PatternEntry {
                pattern,
                profile: pattern.profile(),
                default_standby_capacity_percent: pattern.default_standby_capacity_percent(),
            })
            .collect(),
        geographies: choices(Geography::ALL.map(|g| (g.slug(), g.title()))),
        engines: choices(DatabaseEngine::ALL.map(|e| (e.slug(), e.title()))),
        storage_modes: choices(StorageMode::ALL.map(|m| (m.slug(), m.title()))),
        capacity_modes: choices(CapacityMode::ALL.map(|m| (m.slug(), m.title()))),
        routings: choices(Routing::ALL.map(|r| (r.slug(), r.title()))),
        purchase_terms: choices(PurchaseTerm::ALL.map(|t| (t.slug(), t.title()))),
        payment_options: choices(PaymentOption::ALL.map(|o| (o.slug(), o.title()))),
        frameworks: choices(rwsplit::Framework::ALL.map(|f| (f.slug(), f.title()))),
        regions: REGIONS,
        instance_classes: INSTANCE_CLASSES,
        fargate_sizes: FARGATE_SIZES,
        limits: Limits {
            max_secondary_regions: MAX_SECONDARY_REGIONS,
            max_readers_per_region: MAX_READERS_PER_REGION,
            max_storage_gb: MAX_STORAGE_GB,
        },
        example_plan,
    })
}

fn choices<const N: usize>(pairs: [(&'static str, &'static str); N]) -> Vec<Choice> {
    pairs
        .into_iter()
        .map(|(slug, title)| Choice { slug, title })
        .collect()
}
