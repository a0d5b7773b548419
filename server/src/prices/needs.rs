//! What Regionwise needs priced, and how to ask AWS for it.
//!
//! The bundled snapshot is the list of every (price key, region) the engine can bill — a test
//! in [`super`] proves it prices every plan the catalog allows — so it doubles as the shopping
//! list for a refresh: each snapshot entry names the AWS service code, region and usage type of
//! the product it stands for. [`queries`] turns that list into GetProducts requests with
//! TERM_MATCH filters (one per Aurora engine and region for instance classes, one per usage type
//! and region otherwise), and [`Need::matches`] decides whether a returned record is the product
//! a need stands for. Bulk offer files are matched the same way.

use std::collections::BTreeMap;

use planner::PriceBook;

use super::record::Product;

/// The pseudo-region of global services (Route 53, Global Accelerator).
pub const GLOBAL: &str = "global";

/// One product Regionwise needs a price for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    /// The engine's price key, e.g. `aurora_postgresql.instance:db.r6g.large`.
    pub key: String,
    pub service_code: String,
    /// AWS region code, or [`GLOBAL`].
    pub region: String,
    /// The AWS usage type, as AWS writes it in this region (with its prefix, e.g. `USE2-`).
    pub usage_type: String,
    /// The unit the engine multiplies the price by.
    pub unit: String,
    /// The `databaseEngine` attribute for Aurora instance prices, which share usage types
    /// across engines.
    pub database_engine: Option<&'static str>,
}

impl Need {
    /// Whether `record` is this product: same service, region (when the record names one),
    /// usage type and, for Aurora instances, engine.
    pub fn matches(&self, service_code: &str, product: &Product) -> bool {
        service_code == self.service_code
            && product.usage_type() == Some(self.usage_type.as_str())
            && (self.region == GLOBAL
                || product.region_code().is_none_or(|code| code == self.region))
            && self
                .database_engine
                .is_none_or(|engine| product.attribute("databaseEngine") == Some(engine))
    }
}

/// Every product the catalog needs, in the snapshot's order.
pub fn all(snapshot: &PriceBook) -> Vec<Need> {
    snapshot
        .entries()
        .iter()
        .map(|entry| Need {
            key: entry.key.clone(),
            service_code: entry.service_code.clone(),
            region: entry.region.clone(),
            usage_type: entry.usage_type.clone(),
            unit: entry.unit.clone(),
            database_engine: database_engine(&entry.key),
        })
        .collect()
}

fn database_engine(key: &str) -> Option<&'static str> {
    if key.starts_with("aurora_postgresql.") {
        Some("Aurora PostgreSQL")
    } else if key.starts_with("aurora_mysql.") {
        Some("Aurora MySQL")
    } else {
        None
    }
}

/// A region named in a filter that the catalog does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("--region {region}: not a region Regionwise prices; known regions: {known}")]
pub struct UnknownRegion {
    pub region: String,
    pub known: String,
}

/// Keeps the needs in `regions` (all of them when `regions` is empty). Global services are
/// kept whenever the filter is empty. An unknown region is an error naming it.
pub fn in_regions(needs: Vec<Need>, regions: &[String]) -> Result<Vec<Need>, UnknownRegion> {
    if regions.is_empty() {
        return Ok(needs);
    }
    for region in regions {
        if !needs.iter().any(|need| &need.region == region) {
            let mut known: Vec<&str> = needs.iter().map(|need| need.region.as_str()).collect();
            known.sort_unstable();
            known.dedup();
            return Err(UnknownRegion {
                region: region.clone(),
                known: known.join(", "),
            });
        }
    }
    Ok(needs
        .into_iter()
        .filter(|need| regions.contains(&need.region))
        .collect())
}

/// One GetProducts request: a service code and TERM_MATCH filters (field, value).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ProductQuery {
    pub service_code: String,
    pub filters: Vec<(String, String)>,
}

impl std::fmt::Display for ProductQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.service_code)?;
        for (field, value) in &self.filters {
            write!(f, " {field}={value}")?;
        }
        Ok(())
    }
}

/// The requests that fetch every need, in a stable order: Aurora instance classes by engine
/// and region (one request returns every class, over several pages), everything else by
/// usage type and region.
pub fn queries(needs: &[Need]) -> Vec<ProductQuery> {
    let mut queries = BTreeMap::new();
    for need in needs {
        let mut filters = Vec::new();
        if need.region != GLOBAL {
            filters.push(("regionCode".to_owned(), need.region.clone()));
        }
        match need.database_engine {
            Some(engine) => {
                filters.push(("productFamily".to_owned(), "Database Instance".to_owned()));
                filters.push(("databaseEngine".to_owned(), engine.to_owned()));
            }
            None => filters.push(("usagetype".to_owned(), need.usage_type.clone())),
        }
        let query = ProductQuery {
            service_code: need.service_code.clone(),
            filters,
        };
        queries.insert(query, ());
    }
    queries.into_keys().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot_needs() -> Vec<Need> {
        all(&super::super::bundled_snapshot().unwrap())
    }

    #[test]
    fn every_snapshot_entry_is_a_need_and_aurora_instances_know_their_engine() {
        let needs = snapshot_needs();
        assert_eq!(
            needs.len(),
            super::super::bundled_snapshot().unwrap().entries().len()
        );
        let instance = needs
            .iter()
            .find(|need| need.key == "aurora_mysql.instance:db.r7g.large")
            .unwrap();
        assert_eq!(instance.database_engine, Some("Aurora MySQL"));
    }

    #[test]
    fn queries_group_aurora_instances_by_engine_and_region() {
        let needs = in_regions(snapshot_needs(), &["us-east-2".to_owned()]).unwrap();
        let queries = queries(&needs);
        let aurora: Vec<_> = queries
            .iter()
            .filter(|query| {
                query
                    .filters
                    .iter()
                    .any(|(field, _)| field == "databaseEngine")
            })
            .collect();
        assert_eq!(aurora.len(), 2, "{aurora:?}");
        assert!(queries.iter().all(|query| {
            query.filters[0] == ("regionCode".to_owned(), "us-east-2".to_owned())
        }));
        // Fewer requests than needs: instance classes share one.
        assert!(queries.len() < needs.len());
    }

    #[test]
    fn an_unknown_region_is_named_with_the_known_ones() {
        let err = in_regions(snapshot_needs(), &["mars-north-1".to_owned()]).unwrap_err();
        assert_eq!(err.region, "mars-north-1");
        assert!(err.to_string().contains("us-east-1"), "{err}");
    }
}
