//! The plan: everything an architect decides, as one versioned JSON document.
//!
//! The same document travels through the API, the CLI, saved plans and the browser. Only
//! `pattern`, `primary_region`, `secondary_regions` and `database.instance_class` are required;
//! every other field has a default describing a "medium SaaS" workload (listed on each field
//! below, and served by the catalogue endpoint). Decoding rejects unknown fields and wrong
//! types naming the JSON path; [`Plan::validate`] then checks ranges and cross-field rules,
//! again naming the path and the allowed range.

pub mod diff;
pub mod fields;
mod json_path;
pub mod text;
mod validate;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::DeploymentPattern;

pub use crate::commitment::{PaymentOption, PurchaseTerm, Purchasing};
pub use validate::{PLAN_ERROR_CODES, PlanError};

/// The plan format this build reads and writes.
pub const PLAN_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Format version; must be 1. Default 1.
    #[serde(default = "defaults::version")]
    pub version: u32,
    /// Free text shown on shared pages, 1–120 characters. Default "Untitled plan".
    #[serde(default = "defaults::name")]
    pub name: String,
    /// Optional notes shown on shared pages and in the printed report: up to 2,000
    /// characters, line breaks allowed. Default none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub pattern: DeploymentPattern,
    /// The region that takes writes (and all traffic in active-passive patterns).
    pub primary_region: String,
    /// Standby or additional serving regions; none for `single_region`.
    pub secondary_regions: Vec<String>,
    pub database: DatabasePlan,
    #[serde(default)]
    pub app: AppPlan,
    #[serde(default)]
    pub traffic: TrafficPlan,
    /// Default: `route53_latency` for active-active, `route53_failover` otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub routing: Option<Routing>,
    #[serde(default)]
    pub health_check: HealthCheckPlan,
    /// TTL of the DNS records clients resolve. Default 60 s (the fixed TTL of ELB alias records).
    #[serde(default = "defaults::dns_ttl_seconds")]
    pub dns_ttl_seconds: u32,
    #[serde(default = "defaults::failover")]
    pub failover: FailoverMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub targets: Option<Targets>,
    /// Geographies (`us`, `ca`, `eu`, `ap`, `sa`) the data may live in; unset means anywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residency: Option<Vec<String>>,
    /// Where the Terraform bundle keeps the data's global pieces: the Aurora global cluster,
    /// its credentials secrets and backup plan, or the DynamoDB table's own region. It is the
    /// region that was primary when the data was first deployed and it stays there when the
    /// primary moves (after a failover, or when the team changes the plan), so a regenerated
    /// bundle never plans their destruction. Unset: the primary region.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_home_region: Option<String>,
    /// How the steady capacity is bought: on-demand (the default, then left out of the JSON), or
    /// Aurora reserved instances and a Compute Savings Plan for Fargate (see
    /// [`crate::commitment`]).
    #[serde(default, skip_serializing_if = "Purchasing::is_on_demand")]
    pub purchasing: Purchasing,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatabaseEngine {
    AuroraPostgresql,
    AuroraMysql,
    Dynamodb,
}

impl DatabaseEngine {
    /// Every engine, in the order the form lists them.
    pub const ALL: [DatabaseEngine; 3] = [
        DatabaseEngine::AuroraPostgresql,
        DatabaseEngine::AuroraMysql,
        DatabaseEngine::Dynamodb,
    ];

    /// The identifier used in plans, URLs and the API (`aurora_postgresql`).
    pub fn slug(self) -> &'static str {
        match self {
            DatabaseEngine::AuroraPostgresql => "aurora_postgresql",
            DatabaseEngine::AuroraMysql => "aurora_mysql",
            DatabaseEngine::Dynamodb => "dynamodb",
        }
    }

    /// The name people read (`Aurora PostgreSQL`).
    pub fn title(self) -> &'static str {
        match self {
            DatabaseEngine::AuroraPostgresql => "Aurora PostgreSQL",
            DatabaseEngine::AuroraMysql => "Aurora MySQL",
            DatabaseEngine::Dynamodb => "DynamoDB global tables",
        }
    }

    /// Parses the identifier produced by [`DatabaseEngine::slug`].
    pub fn from_slug(slug: &str) -> Option<DatabaseEngine> {
        DatabaseEngine::ALL
            .into_iter()
            .find(|engine| engine.slug() == slug)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StorageMode {
    Standard,
    IoOptimized,
}

impl StorageMode {
    /// Every Aurora storage mode, in the order the form lists them.
    pub const ALL: [StorageMode; 2] = [StorageMode::Standard, StorageMode::IoOptimized];

    /// The identifier used in plans, URLs and the API (`io_optimized`).
    pub fn slug(self) -> &'static str {
        match self {
            StorageMode::Standard => "standard",
            StorageMode::IoOptimized => "io_optimized",
        }
    }

    /// The name people read (`I/O-Optimized`).
    pub fn title(self) -> &'static str {
        match self {
            StorageMode::Standard => "Standard (pay per I/O)",
            StorageMode::IoOptimized => "I/O-Optimized",
        }
    }

    /// Parses the identifier produced by [`StorageMode::slug`].
    pub fn from_slug(slug: &str) -> Option<StorageMode> {
        StorageMode::ALL
            .into_iter()
            .find(|mode| mode.slug() == slug)
    }
}

/// How DynamoDB reads are made: a strongly consistent read of up to 4 KB takes one read
/// request unit, an eventually consistent one half a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadConsistency {
    Strong,
    Eventual,
}

/// How DynamoDB bills throughput: per request (on-demand) or per provisioned capacity
/// unit-hour, sized for the workload and kept there by Application Auto Scaling (see
/// [`crate::capacity`]). Provisioned capacity is what DynamoDB reserved capacity discounts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CapacityMode {
    #[default]
    OnDemand,
    Provisioned,
}

impl CapacityMode {
    pub const ALL: [CapacityMode; 2] = [CapacityMode::OnDemand, CapacityMode::Provisioned];

    pub fn slug(self) -> &'static str {
        match self {
            CapacityMode::OnDemand => "on_demand",
            CapacityMode::Provisioned => "provisioned",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            CapacityMode::OnDemand => "On-demand (per request)",
            CapacityMode::Provisioned => "Provisioned (auto scaled)",
        }
    }

    pub fn from_slug(slug: &str) -> Option<CapacityMode> {
        CapacityMode::ALL
            .into_iter()
            .find(|mode| mode.slug() == slug)
    }

    /// Whether this is the default (the plan JSON then leaves the field out).
    pub fn is_on_demand(&self) -> bool {
        *self == CapacityMode::OnDemand
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabasePlan {
    /// Default `aurora_postgresql`.
    #[serde(default = "defaults::engine")]
    pub engine: DatabaseEngine,
    /// An Aurora instance class from the catalogue, e.g. `db.r6g.large`.
    pub instance_class: String,
    /// Aurora Replicas in each region besides the writer (primary) or headless cluster.
    /// Default 1.
    #[serde(default = "defaults::readers_per_region")]
    pub readers_per_region: u32,
    /// Data size; every region holds a full copy. Default 500 GB.
    #[serde(default = "defaults::storage_gb")]
    pub storage_gb: u32,
    /// Default `standard`.
    #[serde(default = "defaults::storage_mode")]
    pub storage_mode: StorageMode,
    /// Default 2,000 reads per second.
    #[serde(default = "defaults::reads_per_second")]
    pub reads_per_second: u32,
    /// Default 200 writes per second.
    #[serde(default = "defaults::writes_per_second")]
    pub writes_per_second: u32,
    /// Default 4 KB per write. DynamoDB bills a write request unit per started KB.
    #[serde(default = "defaults::average_write_kb")]
    pub average_write_kb: u32,
    /// DynamoDB only: whether reads are strongly consistent (the default: one read unit per
    /// read, the safe upper figure) or eventually consistent (half a unit).
    #[serde(default = "defaults::read_consistency")]
    pub read_consistency: ReadConsistency,
    /// DynamoDB only: `on_demand` (the default) or `provisioned` capacity.
    #[serde(default, skip_serializing_if = "CapacityMode::is_on_demand")]
    pub capacity_mode: CapacityMode,
    /// Aurora PostgreSQL only: Aurora's managed RPO (`rds.global_db_rpo`, at least 20 s). When
    /// set, the primary holds back commits whenever every secondary lags further behind, so
    /// an unplanned failover loses at most this much; the bundle sets it in the clusters'
    /// parameter group. Unset: replication lag is typically under a second, with no bound.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_rpo_seconds: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppPlan {
    /// Fargate vCPU per task: 0.25, 0.5, 1, 2, 4, 8 or 16. Default 1.
    #[serde(default = "defaults::vcpu")]
    pub vcpu: f64,
    /// Fargate memory per task in GB, within the range the vCPU allows. Default 2.
    #[serde(default = "defaults::memory_gb")]
    pub memory_gb: f64,
    /// Tasks per serving region at full scale. Default 6.
    #[serde(default = "defaults::tasks")]
    pub tasks: u32,
    /// Share of `tasks` kept running in each standby region, 0–100 %. Default per pattern
    /// (see [`DeploymentPattern::default_standby_capacity_percent`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standby_capacity_percent: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrafficPlan {
    /// HTTP requests per month, all regions. Default 100 million.
    #[serde(default = "defaults::requests_per_month")]
    pub requests_per_month: u64,
    /// Data served to the internet per month, all regions. Default 2,000 GB.
    #[serde(default = "defaults::egress_gb_per_month")]
    pub egress_gb_per_month: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Routing {
    Route53Latency,
    Route53Failover,
    GlobalAccelerator,
}

impl Routing {
    /// Every way of routing users to regions, in the order the form lists them.
    pub const ALL: [Routing; 3] = [
        Routing::Route53Failover,
        Routing::Route53Latency,
        Routing::GlobalAccelerator,
    ];

    /// The identifier used in plans, URLs and the API (`route53_failover`).
    pub fn slug(self) -> &'static str {
        match self {
            Routing::Route53Latency => "route53_latency",
            Routing::Route53Failover => "route53_failover",
            Routing::GlobalAccelerator => "global_accelerator",
        }
    }

    /// The name people read (`Route 53 failover`).
    pub fn title(self) -> &'static str {
        match self {
            Routing::Route53Latency => "Route 53 latency",
            Routing::Route53Failover => "Route 53 failover",
            Routing::GlobalAccelerator => "Global Accelerator",
        }
    }

    /// Parses the identifier produced by [`Routing::slug`].
    pub fn from_slug(slug: &str) -> Option<Routing> {
        Routing::ALL
            .into_iter()
            .find(|routing| routing.slug() == slug)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HealthCheckPlan {
    /// 10 or 30 seconds (Route 53 and Global Accelerator both offer only these). Default 30.
    #[serde(default = "defaults::health_check_interval_seconds")]
    pub interval_seconds: u32,
    /// Consecutive failures before an endpoint is unhealthy, 1–10. Default 3.
    #[serde(default = "defaults::health_check_failure_threshold")]
    pub failure_threshold: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailoverMode {
    Automated,
    Manual,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rto_seconds: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpo_seconds: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_percent: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monthly_budget_usd: Option<Decimal>,
}

impl Default for AppPlan {
    fn default() -> AppPlan {
        AppPlan {
            vcpu: defaults::vcpu(),
            memory_gb: defaults::memory_gb(),
            tasks: defaults::tasks(),
            standby_capacity_percent: None,
        }
    }
}

impl Default for TrafficPlan {
    fn default() -> TrafficPlan {
        TrafficPlan {
            requests_per_month: defaults::requests_per_month(),
            egress_gb_per_month: defaults::egress_gb_per_month(),
        }
    }
}

impl Default for HealthCheckPlan {
    fn default() -> HealthCheckPlan {
        HealthCheckPlan {
            interval_seconds: defaults::health_check_interval_seconds(),
            failure_threshold: defaults::health_check_failure_threshold(),
        }
    }
}

impl DeploymentPattern {
    /// How much of the full-scale app each standby region keeps running, in percent.
    /// Active-active and hot standby run full size everywhere; warm standby a quarter (the
    /// AWS DR whitepaper's "scaled-down but fully functional copy"); pilot light and backup &
    /// restore nothing until failover.
    pub fn default_standby_capacity_percent(self) -> u32 {
        match self {
            DeploymentPattern::SingleRegion
            | DeploymentPattern::BackupRestore
            | DeploymentPattern::PilotLight => 0,
            DeploymentPattern::WarmStandby => 25,
            DeploymentPattern::HotStandby | DeploymentPattern::ActiveActive => 100,
        }
    }
}

impl Plan {
    /// Decodes a plan, naming the JSON path of the first unknown field or wrong type (found by
    /// [`json_path`] once decoding fails), then validates it (see [`Plan::validate`]).
    pub fn from_json(json: &str) -> Result<Plan, PlanError> {
        let deserializer = &mut serde_json::Deserializer::from_str(json);
        let plan: Plan = serde::Deserialize::deserialize(deserializer)
            .map_err(|err| PlanError::decode(json_path::path_of(json, &err), &err))?;
        plan.validate()?;
        Ok(plan)
    }

    /// The routing in effect: the plan's, or the pattern's default.
    pub fn effective_routing(&self) -> Routing {
        self.routing.unwrap_or(match self.pattern {
            DeploymentPattern::ActiveActive => Routing::Route53Latency,
            _ => Routing::Route53Failover,
        })
    }

    /// The standby capacity in effect: the plan's override, or the pattern's default.
    pub fn effective_standby_capacity_percent(&self) -> u32 {
        self.app
            .standby_capacity_percent
            .unwrap_or_else(|| self.pattern.default_standby_capacity_percent())
    }

    /// The region holding the data's global pieces: `data_home_region`, else the primary.
    pub fn data_home(&self) -> &str {
        self.data_home_region
            .as_deref()
            .unwrap_or(self.primary_region.as_str())
    }

    /// This plan as the next revision of `previous`: when the primary moved and the plan does
    /// not say where the data's global pieces live, they stay where `previous` kept them, as
    /// long as that region still holds a live copy of the data. Saving a plan whose primary
    /// moved (after a failover, say) then yields a bundle that leaves the data alone; a plan
    /// that names its `data_home_region` is taken as it is.
    pub fn keeping_data_home_of(mut self, previous: &Plan) -> Plan {
        let home = previous.data_home();
        if self.data_home_region.is_none()
            && home != self.primary_region
            && crate::topology::deployment(&self)
                .iter()
                .any(|region| region.region == home && region.has_live_data())
        {
            self.data_home_region = Some(home.to_owned());
        }
        self
    }

    /// Primary first, then the secondaries in the plan's order.
    pub fn regions(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.primary_region.as_str())
            .chain(self.secondary_regions.iter().map(String::as_str))
    }
}

mod defaults {
    use super::{DatabaseEngine, FailoverMode, ReadConsistency, StorageMode};

    pub fn version() -> u32 {
        super::PLAN_VERSION
    }
    pub fn name() -> String {
        "Untitled plan".to_owned()
    }
    pub fn engine() -> DatabaseEngine {
        DatabaseEngine::AuroraPostgresql
    }
    pub fn readers_per_region() -> u32 {
        1
    }
    pub fn storage_gb() -> u32 {
        500
    }
    pub fn storage_mode() -> StorageMode {
        StorageMode::Standard
    }
    pub fn read_consistency() -> ReadConsistency {
        ReadConsistency::Strong
    }
    pub fn reads_per_second() -> u32 {
        2_000
    }
    pub fn writes_per_second() -> u32 {
        200
    }
    pub fn average_write_kb() -> u32 {
        4
    }
    pub fn vcpu() -> f64 {
        1.0
    }
    pub fn memory_gb() -> f64 {
        2.0
    }
    pub fn tasks() -> u32 {
        6
    }
    pub fn requests_per_month() -> u64 {
        100_000_000
    }
    pub fn egress_gb_per_month() -> u64 {
        2_000
    }
    pub fn health_check_interval_seconds() -> u32 {
        30
    }
    pub fn health_check_failure_threshold() -> u32 {
        3
    }
    pub fn dns_ttl_seconds() -> u32 {
        60
    }
    pub fn failover() -> FailoverMode {
        FailoverMode::Automated
    }
}

/// The variant names an enum's serde derive accepts, sorted, read from the "unknown variant"
/// error it gives. For the tests that hold a list of choices (`ALL`) equal to its enum's
/// variants, here and in the crates whose enums live elsewhere (`rwsplit::Framework`).
pub fn serde_variant_names<T: serde::de::DeserializeOwned>() -> Vec<String> {
    let Err(error) = serde_json::from_str::<T>("\"no such variant\"") else {
        return Vec::new();
    };
    let error = error.to_string();
    let Some((_, expected)) = error.split_once("expected ") else {
        return Vec::new();
    };
    let mut names: Vec<String> = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod choice_tests {
    //! Every list of choices (`ALL`) holds every variant serde knows, under the same slug, so a
    //! new engine, storage mode, routing or pattern cannot be left out of the form, the OpenAPI
    //! schema, the catalog or the cross-product tests, which all iterate `ALL`.

    use serde::Serialize;
    use serde::de::DeserializeOwned;

    use super::{CapacityMode, DatabaseEngine, PaymentOption, PurchaseTerm, Routing, StorageMode};
    use crate::DeploymentPattern;

    fn check<T>(all: &[T], slug: impl Fn(&T) -> &'static str, from_slug: impl Fn(&str) -> Option<T>)
    where
        T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let mut listed: Vec<String> = all.iter().map(|choice| slug(choice).to_owned()).collect();
        listed.sort();
        assert_eq!(
            listed,
            super::serde_variant_names::<T>(),
            "ALL against the enum's variants"
        );
        for choice in all {
            assert_eq!(
                serde_json::to_value(choice).unwrap(),
                slug(choice),
                "{choice:?}"
            );
            assert_eq!(from_slug(slug(choice)).as_ref(), Some(choice));
        }
    }

    #[test]
    fn every_list_of_choices_holds_every_variant_under_its_serde_name() {
        check(
            &DatabaseEngine::ALL,
            |e| e.slug(),
            DatabaseEngine::from_slug,
        );
        check(&StorageMode::ALL, |m| m.slug(), StorageMode::from_slug);
        check(&CapacityMode::ALL, |m| m.slug(), CapacityMode::from_slug);
        check(&Routing::ALL, |r| r.slug(), Routing::from_slug);
        check(&PurchaseTerm::ALL, |t| t.slug(), PurchaseTerm::from_slug);
        check(&PaymentOption::ALL, |o| o.slug(), PaymentOption::from_slug);
        check(
            &DeploymentPattern::ALL,
            |p| p.slug(),
            DeploymentPattern::from_slug,
        );
    }

    #[test]
    fn the_variant_reader_sees_a_missing_variant() {
        // A list that forgets a variant differs from serde's: the check above would fail.
        let forgetful = [
            DatabaseEngine::AuroraPostgresql,
            DatabaseEngine::AuroraMysql,
        ];
        let mut listed: Vec<String> = forgetful.iter().map(|e| e.slug().to_owned()).collect();
        listed.sort();
        assert_ne!(listed, super::serde_variant_names::<DatabaseEngine>());
        assert_eq!(
            super::serde_variant_names::<StorageMode>(),
            ["io_optimized", "standard"]
        );
    }
}
