//! The price book the server starts with: the dated snapshot bundled in the binary.
//!
//! The snapshot (`server/pricing/snapshot.json`, see its README for provenance) is parsed and
//! validated by `planner` at start-up; a broken snapshot stops the server with the reason.

use planner::{PriceBook, PriceBookError};

const SNAPSHOT_JSON: &str = include_str!("../pricing/snapshot.json");

/// Parses the bundled snapshot.
pub fn bundled_snapshot() -> Result<PriceBook, PriceBookError> {
    PriceBook::from_json(SNAPSHOT_JSON)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_snapshot_is_valid_and_sourced() {
        let book = bundled_snapshot().expect("bundled snapshot must parse");
        assert!(!book.entries().is_empty());
        for entry in book.entries() {
            assert_eq!(
                entry.source,
                planner::PriceSource::Snapshot,
                "{}",
                entry.key
            );
            assert!(
                !entry.provenance.is_empty(),
                "{} in {} needs its provenance",
                entry.key,
                entry.region
            );
            if entry.verified {
                assert!(
                    entry.sku.is_some(),
                    "verified entry {} needs its SKU",
                    entry.key
                );
            }
        }
    }

    /// Every quantity the engine can bill, in every catalog region, for every pattern, engine,
    /// storage mode, instance class and routing choice, has a snapshot price: an offline user
    /// never sees a "price missing" line.
    #[test]
    fn snapshot_prices_every_billed_quantity_in_every_catalog_region() {
        let book = bundled_snapshot().unwrap();
        let mut checked = 0;
        for (index, region) in planner::catalog::REGIONS.iter().enumerate() {
            let secondary =
                planner::catalog::REGIONS[(index + 1) % planner::catalog::REGIONS.len()].code;
            for pattern in planner::DeploymentPattern::ALL {
                let secondaries = if pattern.is_multi_region() {
                    format!(r#"["{secondary}"]"#)
                } else {
                    "[]".to_owned()
                };
                for engine in ["aurora_postgresql", "aurora_mysql", "dynamodb"] {
                    for mode in ["standard", "io_optimized"] {
                        for class in planner::catalog::INSTANCE_CLASSES {
                            for routing in
                                ["route53_latency", "route53_failover", "global_accelerator"]
                            {
                                let json = format!(
                                    r#"{{"pattern":"{}","primary_region":"{}","secondary_regions":{secondaries},
                                    "database":{{"engine":"{engine}","instance_class":"{}","storage_mode":"{mode}"}},
                                    "routing":"{routing}"}}"#,
                                    pattern.slug(),
                                    region.code,
                                    class.name
                                );
                                let Ok(plan) = planner::Plan::from_json(&json) else {
                                    continue; // a combination the plan rules forbid
                                };
                                let cost = planner::cost(&plan, &book);
                                assert!(
                                    cost.missing_prices.is_empty(),
                                    "{json}: {:?}",
                                    cost.missing_prices
                                );
                                checked += 1;
                            }
                        }
                    }
                }
            }
        }
        assert!(checked > 5_000, "only {checked} plans were checked");
    }

    /// The source article's "cost reference" for a medium SaaS (default workload, us-east-1
    /// primary): the engine with the snapshot lands inside each published range. Differences
    /// from its pattern table are explained in ARCHITECTURE.md ("The engine and the seeds").
    #[test]
    fn snapshot_estimates_fall_in_the_seed_cost_reference_ranges() {
        let book = bundled_snapshot().unwrap();
        let monthly = |pattern: &str, secondaries: &str| {
            let json = format!(
                r#"{{"pattern":"{pattern}","primary_region":"us-east-1","secondary_regions":{secondaries},
                "database":{{"instance_class":"db.r6g.large"}}}}"#
            );
            let estimate = planner::estimate(&planner::Plan::from_json(&json).unwrap(), &book);
            assert!(estimate.cost.missing_prices.is_empty());
            estimate
        };
        let within = |estimate: &planner::Estimate, low: i64, high: i64| {
            let total = estimate.cost.total_monthly_usd;
            assert!(
                total >= low.into() && total <= high.into(),
                "${total} outside ${low}–{high}"
            );
        };
        within(&monthly("single_region", "[]"), 800, 2_000);
        let warm = monthly("warm_standby", r#"["us-west-2"]"#);
        within(&warm, 1_400, 3_500);
        within(&monthly("hot_standby", r#"["us-west-2"]"#), 1_400, 3_500);
        within(&monthly("active_active", r#"["us-west-2"]"#), 2_000, 5_000);
        within(
            &monthly("hot_standby", r#"["us-west-2","eu-west-1"]"#),
            3_000,
            8_000,
        );
        // Warm standby: RTO 1–5 min, RPO < 1 min (the pattern table).
        let rto = warm.recovery.rto_seconds.unwrap();
        assert!((60..=300).contains(&rto), "warm standby RTO {rto} s");
        assert!(warm.recovery.rpo_seconds.unwrap() < 60);
    }
}
