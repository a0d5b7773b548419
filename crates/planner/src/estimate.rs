//! The estimate of one plan: cost (with the single-region baseline), recovery, availability,
//! whether the plan's targets are met, and warnings an architect must read.
//!
//! This module only assembles and judges; the numbers come from [`crate::cost`],
//! [`crate::recovery`] and [`crate::availability`].

use rust_decimal::Decimal;
use serde::Serialize;

use crate::DeploymentPattern;
use crate::availability::{Availability, availability};
use crate::catalog::{Geography, find_region};
use crate::cost::{CostEstimate, RecordBacking, cost, record_backing};
use crate::plan::{DatabaseEngine, Plan, Routing};
use crate::price_book::PriceBook;
use crate::read_write_split::{ReadWriteSplit, read_write_split};
use crate::recovery::{Recovery, recovery};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    pub price_book_version: String,
    pub price_book_as_of: String,
    pub cost: CostEstimate,
    /// How much of the cost real AWS Price List records price, and of when.
    pub record_backing: RecordBacking,
    /// The same workload's cost in the primary region alone.
    pub single_region_baseline_usd: Decimal,
    /// `cost.total_monthly_usd / single_region_baseline_usd`, to two decimals.
    pub cost_multiplier: Option<Decimal>,
    pub recovery: Recovery,
    pub availability: Availability,
    /// Replication lag, the app's read-after-write window and its connection pools.
    pub read_write_split: ReadWriteSplit,
    pub targets: Vec<TargetCheck>,
    pub warnings: Vec<Warning>,
}

/// Whether one target of the plan is met.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetCheck {
    /// `rto_seconds`, `rpo_seconds`, `availability_percent` or `monthly_budget_usd`.
    pub target: &'static str,
    pub wanted: String,
    pub estimated: String,
    /// `None` when the estimate cannot tell (e.g. a budget with unpriced lines).
    pub met: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Stable machine-readable kind.
    pub code: &'static str,
    pub message: String,
}

/// Estimates `plan` with `prices`. The plan must be valid ([`Plan::validate`]).
pub fn estimate(plan: &Plan, prices: &PriceBook) -> Estimate {
    let cost_estimate = cost(plan, prices);
    let baseline = cost(&single_region_variant(plan), prices).total_monthly_usd;
    let cost_multiplier =
        (!baseline.is_zero()).then(|| (cost_estimate.total_monthly_usd / baseline).round_dp(2));
    let recovery = recovery(plan);
    let availability = availability(plan, &recovery);
    let targets = check_targets(plan, &cost_estimate, &recovery, &availability);
    let read_write_split = read_write_split(plan);
    let warnings = warnings(plan, &cost_estimate, &recovery, &read_write_split);
    Estimate {
        price_book_version: prices.version.clone(),
        price_book_as_of: prices.as_of.clone(),
        record_backing: record_backing(&cost_estimate),
        cost: cost_estimate,
        single_region_baseline_usd: baseline,
        cost_multiplier,
        recovery,
        availability,
        read_write_split,
        targets,
        warnings,
    }
}

/// The same workload served from the primary region alone.
pub fn single_region_variant(plan: &Plan) -> Plan {
    let mut single = plan.clone();
    single.pattern = DeploymentPattern::SingleRegion;
    single.secondary_regions.clear();
    single
}

fn check_targets(
    plan: &Plan,
    cost: &CostEstimate,
    recovery: &Recovery,
    availability: &Availability,
) -> Vec<TargetCheck> {
    let Some(targets) = &plan.targets else {
        return Vec::new();
    };
    let mut checks = Vec::new();
    if let Some(wanted) = targets.rto_seconds {
        // The worst case: a target met only on a good day is not met.
        let mut check = seconds_check("rto_seconds", wanted, recovery.rto_worst_seconds);
        if let (Some(typical), Some(worst)) = (recovery.rto_seconds, recovery.rto_worst_seconds) {
            check.estimated = format!(
                "worst case {} (typical {})",
                crate::display::duration(worst),
                crate::display::duration(typical)
            );
        }
        checks.push(check);
    }
    if let Some(wanted) = targets.rpo_seconds {
        checks.push(seconds_check("rpo_seconds", wanted, recovery.rpo_seconds));
    }
    if let Some(wanted) = targets.availability_percent {
        checks.push(TargetCheck {
            target: "availability_percent",
            wanted: format!("≥ {wanted} %"),
            estimated: format!("{:.4} %", availability.percent),
            met: Some(availability.percent >= wanted),
        });
    }
    if let Some(wanted) = targets.monthly_budget_usd {
        let total = cost.total_monthly_usd;
        let complete = cost.missing_prices.is_empty();
        checks.push(TargetCheck {
            target: "monthly_budget_usd",
            wanted: format!("≤ {}", crate::display::usd(wanted)),
            estimated: if complete {
                crate::display::usd(total)
            } else {
                format!("≥ {} (some lines unpriced)", crate::display::usd(total))
            },
            met: if total > wanted {
                Some(false)
            } else if complete {
                Some(true)
            } else {
                None
            },
        });
    }
    checks
}

/// An upper bound in seconds; `None` means the pattern cannot recover at all.
fn seconds_check(target: &'static str, wanted: u32, estimated: Option<u32>) -> TargetCheck {
    TargetCheck {
        target,
        wanted: format!("≤ {}", crate::display::duration(wanted)),
        estimated: estimated.map_or_else(
            || "unbounded (no recovery from a regional outage)".to_owned(),
            crate::display::duration,
        ),
        met: Some(estimated.is_some_and(|seconds| seconds <= wanted)),
    }
}

fn warnings(
    plan: &Plan,
    cost: &CostEstimate,
    recovery: &Recovery,
    split: &ReadWriteSplit,
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if let Some(pools) = &split.pools
        && let Some(limit) = pools.max_connections_per_instance
        && pools.writer_connections > limit
    {
        warnings.push(Warning {
            code: "writer_connections_exceed_limit",
            message: format!(
                "At full size the app opens {} connections to the writer ({} per task), above the {} the instance class accepts by default: use a larger class, fewer or smaller tasks, or a pooler (RDS Proxy, pgcat).",
                pools.writer_connections, pools.per_task, limit
            ),
        });
    }
    let aurora = plan.database.engine != DatabaseEngine::Dynamodb;
    if plan.pattern == DeploymentPattern::ActiveActive && aurora {
        warnings.push(Warning {
            code: "aurora_single_writer",
            message: "Aurora global databases have one writer: in active-active, the other regions must forward writes (Aurora write forwarding) or send them to the primary, and a primary failure still needs a failover for writes.".to_owned(),
        });
    }
    if plan.pattern == DeploymentPattern::ActiveActive
        && plan.effective_routing() == Routing::Route53Failover
    {
        warnings.push(Warning {
            code: "failover_routing_in_active_active",
            message: "Failover routing sends all traffic to one region; active-active needs latency routing or Global Accelerator to use every region.".to_owned(),
        });
    }
    if let (Some(wanted), Some(promised)) = (
        plan.targets
            .as_ref()
            .and_then(|targets| targets.rpo_seconds),
        recovery.rpo_seconds,
    ) && wanted < promised
    {
        warnings.push(Warning {
            code: "rpo_below_replication",
            message: format!(
                "The RPO target of {wanted} s is below what replication can promise ({promised} s: {}).",
                recovery.rpo_basis
            ),
        });
    }
    if let Some(allowed) = &plan.residency {
        for region in plan.regions() {
            let geography = find_region(region).map(|info| info.geography);
            let permitted = geography.is_some_and(|geography| {
                allowed
                    .iter()
                    .any(|slug| Geography::from_slug(slug) == Some(geography))
            });
            if !permitted {
                warnings.push(Warning {
                    code: "residency_violated",
                    message: format!(
                        "{region} is outside the allowed geographies ({}).",
                        allowed.join(", ")
                    ),
                });
            }
        }
    }
    for (key, region) in &cost.missing_prices {
        warnings.push(Warning {
            code: "price_missing",
            message: format!(
                "No price for `{key}` in {region}: its lines are unpriced and the total understates the cost."
            ),
        });
    }
    let estimated_lines = cost
        .lines
        .iter()
        .filter(|line| {
            line.price_source
                .as_ref()
                .is_some_and(|source| !source.verified)
        })
        .count();
    if estimated_lines > 0 {
        warnings.push(Warning {
            code: "estimated_prices",
            message: format!(
                "{estimated_lines} line(s) use estimated prices that no real AWS Price List record backs yet."
            ),
        });
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{plan, plan_in, uniform_book, without};

    fn estimate_with_uniform_prices(plan: &Plan) -> Estimate {
        let baseline = single_region_variant(plan);
        estimate(plan, &uniform_book(&[plan, &baseline], "0.01"))
    }

    fn codes(estimate: &Estimate) -> Vec<&'static str> {
        estimate
            .warnings
            .iter()
            .map(|warning| warning.code)
            .collect()
    }

    #[test]
    fn too_many_connections_for_the_writer_are_a_warning() {
        let small = estimate_with_uniform_prices(&plan("hot_standby", |_| {}));
        assert!(!codes(&small).contains(&"writer_connections_exceed_limit"));
        // 2 regions × 100 tasks × 33 connections against a t4g.medium's 450.
        let crowded = estimate_with_uniform_prices(&plan("hot_standby", |value| {
            value["database"]["instance_class"] = "db.t4g.medium".into();
            value["app"] = serde_json::json!({"vcpu": 16, "memory_gb": 32, "tasks": 100});
        }));
        assert!(codes(&crowded).contains(&"writer_connections_exceed_limit"));
    }

    #[test]
    fn the_multiplier_compares_with_the_same_workload_in_one_region() {
        let single = estimate_with_uniform_prices(&plan("single_region", |_| {}));
        assert_eq!(single.cost_multiplier, Some(Decimal::ONE));
        let hot = estimate_with_uniform_prices(&plan("hot_standby", |_| {}));
        assert_eq!(
            hot.single_region_baseline_usd,
            single.cost.total_monthly_usd
        );
        assert!(hot.cost_multiplier.unwrap() > Decimal::ONE);
    }

    #[test]
    fn targets_are_judged_against_the_estimate() {
        let estimate = estimate_with_uniform_prices(&plan("warm_standby", |value| {
            value["targets"] = serde_json::json!({
                "rto_seconds": 960, "rpo_seconds": 60, "availability_percent": 99.999, "monthly_budget_usd": "1"
            });
        }));
        assert_eq!(
            estimate.targets[0].estimated,
            "worst case 14 min (typical 6 min 30 s)"
        );
        let met: Vec<(&str, Option<bool>)> = estimate
            .targets
            .iter()
            .map(|check| (check.target, check.met))
            .collect();
        assert_eq!(
            met,
            vec![
                ("rto_seconds", Some(true)),
                ("rpo_seconds", Some(true)),
                ("availability_percent", Some(false)),
                ("monthly_budget_usd", Some(false)),
            ]
        );
    }

    #[test]
    fn single_region_misses_any_rto_target() {
        let estimate = estimate_with_uniform_prices(&plan("single_region", |value| {
            value["targets"] = serde_json::json!({"rto_seconds": 86400});
        }));
        assert_eq!(estimate.targets[0].met, Some(false));
        assert!(estimate.targets[0].estimated.starts_with("unbounded"));
    }

    #[test]
    fn an_unpriced_budget_check_is_undecided_unless_already_over() {
        let plan = plan("warm_standby", |value| {
            value["targets"] = serde_json::json!({"monthly_budget_usd": "1000000000"});
        });
        let book = without(
            uniform_book(&[&plan, &single_region_variant(&plan)], "0.01"),
            |entry| entry.key == "alb.hours",
        );
        let estimate = estimate(&plan, &book);
        assert_eq!(estimate.targets[0].met, None);
        assert!(codes(&estimate).contains(&"price_missing"));
    }

    #[test]
    fn warnings_explain_risky_designs() {
        let aurora_active_active = estimate_with_uniform_prices(&plan("active_active", |value| {
            value["routing"] = "route53_failover".into();
            value["targets"] = serde_json::json!({"rpo_seconds": 0});
        }));
        assert_eq!(
            codes(&aurora_active_active),
            vec![
                "aurora_single_writer",
                "failover_routing_in_active_active",
                "rpo_below_replication",
                "estimated_prices"
            ]
        );
        let dynamodb = estimate_with_uniform_prices(&plan("active_active", |value| {
            value["database"]["engine"] = "dynamodb".into();
        }));
        assert_eq!(codes(&dynamodb), vec!["estimated_prices"]);
    }

    #[test]
    fn residency_names_each_region_outside_the_allowed_geographies() {
        let estimate = estimate_with_uniform_prices(&plan_in(
            "warm_standby",
            &["eu-west-1", "eu-central-1"],
            |value| value["residency"] = serde_json::json!(["eu"]),
        ));
        let residency: Vec<&str> = estimate
            .warnings
            .iter()
            .filter(|warning| warning.code == "residency_violated")
            .map(|warning| warning.message.as_str())
            .collect();
        assert_eq!(
            residency,
            vec!["us-east-1 is outside the allowed geographies (eu)."]
        );
    }
}
