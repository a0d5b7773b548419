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
}
