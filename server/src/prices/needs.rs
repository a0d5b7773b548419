//! What Regionwise needs priced, and how AWS names each product in its Price List.
//!
//! The bundled snapshot is the list of every (price key, region) the engine can bill — a test
//! in [`super`] proves it prices every plan the catalog allows — so it doubles as the shopping
//! list for a refresh: each snapshot entry names the AWS service code, region and usage type of
//! the product it stands for. [`selection`] adds what else tells that product apart from its
//! neighbours, as AWS names it (facts cross-checked against Infracost's resource filters):
//! - load balancers share usage types across Classic, Application and Network rows, so an
//!   ALB line is selected by product family `Load Balancer-Application` (service `AWSELB`);
//! - data transfer carries `fromRegionCode`/`toRegionCode` and a `transferType`, not
//!   `regionCode`: inter-region lines are selected per pair (`InterRegion Outbound`), internet
//!   egress per source region (`AWS Outbound`), priced by volume tier;
//! - Aurora instance classes share usage types across engines (`databaseEngine`); DynamoDB
//!   request units and backups, and Route 53 health checks, are selected by product family,
//!   DynamoDB's provisioned capacity units by region alone (one request) and usage type;
//! - Global Accelerator's data-transfer premium by `fromLocation`/`toLocation`, direction and
//!   the `Dominant` operation; its fixed fee is not in the Price List at all ([`Unlisted`]).
//!
//! [`queries`] turns the needs into GetProducts requests (TERM_MATCH filters, one request per
//! group of needs that share them), and [`Need::matches`] decides whether a returned record is
//! the product a need stands for. Bulk offer files are matched the same way.

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
    /// The GetProducts TERM_MATCH filters that fetch it (shared by the needs of one request),
    /// as AWS names the fields: `productFamily` is the product's family, `usagetype` and
    /// `regionCode` its usage type and region. A record must match them all.
    pub filters: Vec<(&'static str, String)>,
    /// Attributes the record must also carry, which the request leaves out so that one
    /// request serves several needs (a transfer's destination, the premium's edge group).
    pub match_also: Vec<(&'static str, String)>,
    /// Whether AWS prices it by volume tier and the book keeps every tier.
    pub tiered: bool,
}

impl Need {
    /// Whether `product` is this product: same service and usage type, and every filter and
    /// further attribute. A record that names no region matches a `regionCode` filter.
    pub fn matches(&self, service_code: &str, product: &Product) -> bool {
        service_code == self.service_code
            && product.usage_type() == Some(self.usage_type.as_str())
            && self
                .filters
                .iter()
                .chain(&self.match_also)
                .all(|(name, value)| match *name {
                    "productFamily" => product.product_family.as_deref() == Some(value.as_str()),
                    "regionCode" => product.region_code().is_none_or(|code| code == value),
                    name => product.attribute(name) == Some(value.as_str()),
                })
    }
}

/// A price the Price List does not carry: a refresh keeps it and says why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unlisted {
    pub key: String,
    pub region: String,
    pub reason: &'static str,
}

/// How AWS tells one product apart, beyond its service code and usage type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Asked for with `query` (the region field first, `usagetype` last when the request is
    /// for this product alone) and told apart from the rest of the answer by `match_also`.
    Listed {
        query: Vec<(&'static str, String)>,
        match_also: Vec<(&'static str, String)>,
        tiered: bool,
    },
    /// Not in the Price List.
    Unlisted(&'static str),
}

const ALB_FAMILY: &str = "Load Balancer-Application";
const NLB_FAMILY: &str = "Load Balancer-Network";
const DYNAMODB_REQUESTS_FAMILY: &str = "Amazon DynamoDB PayPerRequest Throughput";
const DYNAMODB_BACKUP_FAMILY: &str = "Amazon DynamoDB On-Demand Backup Storage";
const HEALTH_CHECK_FAMILY: &str = "DNS Health Check";

/// Why Global Accelerator's fixed fee is kept at its pricing-page figure.
pub const ACCELERATOR_FEE_UNLISTED: &str = "not in the AWS Price List: the fixed fee is \
    published on the AWS Global Accelerator pricing page only";

/// How AWS names the product of `key` in `region`, whose usage type is `usage_type` (see the
/// module documentation).
pub fn selection(key: &str, region: &str, usage_type: &str) -> Selection {
    let (family, variant) = key.split_once(':').unwrap_or((key, ""));
    let in_region = |attributes: &[(&'static str, &str)]| {
        let mut query = Vec::new();
        if region != GLOBAL {
            query.push(("regionCode", region.to_owned()));
        }
        query.extend(
            attributes
                .iter()
                .map(|(name, value)| (*name, (*value).to_owned())),
        );
        query
    };
    let this_product = |mut query: Vec<(&'static str, String)>| {
        query.push(("usagetype", usage_type.to_owned()));
        query
    };
    let listed = |query, match_also, tiered| Selection::Listed {
        query,
        match_also,
        tiered,
    };
    match family {
        "aurora_postgresql.instance" | "aurora_postgresql.instance_io_optimized" => listed(
            in_region(&[
                ("productFamily", "Database Instance"),
                ("databaseEngine", "Aurora PostgreSQL"),
            ]),
            Vec::new(),
            false,
        ),
        "aurora_mysql.instance" | "aurora_mysql.instance_io_optimized" => listed(
            in_region(&[
                ("productFamily", "Database Instance"),
                ("databaseEngine", "Aurora MySQL"),
            ]),
            Vec::new(),
            false,
        ),
        "alb.hours" | "alb.lcu_hours" => listed(
            in_region(&[("productFamily", ALB_FAMILY)]),
            Vec::new(),
            false,
        ),
        "nlb.hours" => listed(
            this_product(in_region(&[("productFamily", NLB_FAMILY)])),
            Vec::new(),
            false,
        ),
        "dynamodb.write_request_units"
        | "dynamodb.read_request_units"
        | "dynamodb.replicated_write_request_units" => listed(
            in_region(&[("productFamily", DYNAMODB_REQUESTS_FAMILY)]),
            Vec::new(),
            false,
        ),
        // Provisioned capacity's family is not on record here: one request for the region's
        // DynamoDB products serves all three, each matched by its usage type.
        "dynamodb.read_capacity_unit_hours"
        | "dynamodb.write_capacity_unit_hours"
        | "dynamodb.replicated_write_capacity_unit_hours" => {
            listed(in_region(&[]), Vec::new(), false)
        }
        "dynamodb.backup_gb_month" => listed(
            in_region(&[("productFamily", DYNAMODB_BACKUP_FAMILY)]),
            Vec::new(),
            false,
        ),
        "route53.health_check_month" | "route53.health_check_option_month" => listed(
            in_region(&[("productFamily", HEALTH_CHECK_FAMILY)]),
            Vec::new(),
            false,
        ),
        "data_transfer.inter_region_out_gb" => listed(
            vec![
                ("fromRegionCode", region.to_owned()),
                ("transferType", "InterRegion Outbound".to_owned()),
            ],
            vec![("toRegionCode", variant.to_owned())],
            false,
        ),
        "data_transfer.internet_out_gb" => listed(
            this_product(vec![
                ("fromRegionCode", region.to_owned()),
                ("transferType", "AWS Outbound".to_owned()),
            ]),
            Vec::new(),
            true,
        ),
        "global_accelerator.hours" => Selection::Unlisted(ACCELERATOR_FEE_UNLISTED),
        "global_accelerator.dt_premium_gb" => listed(
            vec![
                ("fromLocation", variant.to_owned()),
                ("trafficDirection", "Out".to_owned()),
                ("operation", "Dominant".to_owned()),
            ],
            vec![("toLocation", variant.to_owned())],
            false,
        ),
        _ => listed(this_product(in_region(&[])), Vec::new(), false),
    }
}

/// Every product the catalog needs, in the snapshot's order, and the prices no Price List
/// record carries.
pub fn all(snapshot: &PriceBook) -> (Vec<Need>, Vec<Unlisted>) {
    let mut needs = Vec::new();
    let mut unlisted = Vec::new();
    for entry in snapshot.entries() {
        match selection(&entry.key, &entry.region, &entry.usage_type) {
            Selection::Unlisted(reason) => unlisted.push(Unlisted {
                key: entry.key.clone(),
                region: entry.region.clone(),
                reason,
            }),
            Selection::Listed {
                query,
                match_also,
                tiered,
            } => needs.push(Need {
                key: entry.key.clone(),
                service_code: entry.service_code.clone(),
                region: entry.region.clone(),
                usage_type: entry.usage_type.clone(),
                unit: entry.unit.clone(),
                filters: query,
                match_also,
                tiered,
            }),
        }
    }
    (needs, unlisted)
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

/// The requests that fetch every need, in a stable order, one per distinct set of filters.
pub fn queries(needs: &[Need]) -> Vec<ProductQuery> {
    let mut queries = BTreeMap::new();
    for need in needs {
        let query = ProductQuery {
            service_code: need.service_code.clone(),
            filters: need
                .filters
                .iter()
                .map(|(field, value)| ((*field).to_owned(), value.clone()))
                .collect(),
        };
        queries.insert(query, ());
    }
    queries.into_keys().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot_needs() -> Vec<Need> {
        all(&super::super::bundled_snapshot().unwrap()).0
    }

    fn need(key: &str, region: &str) -> Need {
        snapshot_needs()
            .into_iter()
            .find(|need| need.key == key && need.region == region)
            .unwrap_or_else(|| panic!("{key} in {region}"))
    }

    fn filters(query: &ProductQuery) -> Vec<String> {
        query
            .filters
            .iter()
            .map(|(field, value)| format!("{field}={value}"))
            .collect()
    }

    #[test]
    fn every_snapshot_entry_is_a_need_or_named_as_unlisted() {
        let book = super::super::bundled_snapshot().unwrap();
        let (needs, unlisted) = all(&book);
        assert_eq!(needs.len() + unlisted.len(), book.entries().len());
        assert_eq!(
            unlisted
                .iter()
                .map(|unlisted| unlisted.key.as_str())
                .collect::<Vec<_>>(),
            ["global_accelerator.hours"]
        );
        let instance = need("aurora_mysql.instance:db.r7g.large", "us-east-1");
        assert!(
            instance
                .filters
                .contains(&("databaseEngine", "Aurora MySQL".to_owned()))
        );
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
                || query.filters[0] == ("fromRegionCode".to_owned(), "us-east-2".to_owned())
        }));
        // Fewer requests than needs: instance classes, and transfer destinations, share one.
        assert!(queries.len() * 3 < needs.len(), "{}", queries.len());
    }

    /// The load balancer lines ask for the Application family, in AWSELB; transfer by the
    /// source region and transfer type, every destination in one request.
    #[test]
    fn load_balancers_and_transfer_are_asked_for_as_aws_names_them() {
        let alb = need("alb.hours", "eu-west-1");
        assert_eq!(alb.service_code, "AWSELB");
        assert_eq!(
            filters(&queries(&[alb])[0]),
            [
                "regionCode=eu-west-1",
                "productFamily=Load Balancer-Application"
            ]
        );
        let pair = need("data_transfer.inter_region_out_gb:eu-west-1", "us-east-1");
        assert_eq!(pair.usage_type, "USE1-EU-AWS-Out-Bytes");
        assert_eq!(
            filters(&queries(std::slice::from_ref(&pair))[0]),
            [
                "fromRegionCode=us-east-1",
                "transferType=InterRegion Outbound"
            ]
        );
        assert_eq!(pair.match_also, [("toRegionCode", "eu-west-1".to_owned())]);
        let egress = need("data_transfer.internet_out_gb", "us-east-2");
        assert!(egress.tiered);
        assert_eq!(
            filters(&queries(&[egress])[0]),
            [
                "fromRegionCode=us-east-2",
                "transferType=AWS Outbound",
                "usagetype=USE2-DataTransfer-Out-Bytes"
            ]
        );
        let premium = need("global_accelerator.dt_premium_gb:EU", GLOBAL);
        assert_eq!(
            filters(&queries(&[premium])[0]),
            [
                "fromLocation=EU",
                "trafficDirection=Out",
                "operation=Dominant"
            ]
        );
    }

    #[test]
    fn an_unknown_region_is_named_with_the_known_ones() {
        let err = in_regions(snapshot_needs(), &["mars-north-1".to_owned()]).unwrap_err();
        assert_eq!(err.region, "mars-north-1");
        assert!(err.to_string().contains("us-east-1"), "{err}");
    }
}
