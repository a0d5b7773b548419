//! Monthly cost: a bill of quantities derived from the plan, priced from a price book.
//!
//! [`bill_of_quantities`] turns the plan into lines of *what is used* — instance-hours, GB-months,
//! I/Os, requests — per region, service and item, each naming the price-book key that prices it.
//! [`cost`] then multiplies by the book's unit prices. A quantity whose price the book lacks
//! stays on the bill with no price and is listed in `missing_prices`: the total then
//! understates the cost, and says so, instead of inventing a figure.
//!
//! Modelling assumptions (each also stated on its line's `item`):
//! - 730 hours a month; seconds a month = 730 × 3600.
//! - Aurora bills a write as one I/O per started 4 KB page; reads miss the buffer cache
//!   [`READ_CACHE_MISS_PERCENT`] % of the time; replicas in other regions bill replicated write
//!   I/Os for every write.
//! - Standby regions keep `ceil(tasks × standby %)` Fargate tasks running; active-active splits
//!   traffic evenly over its regions; others serve from the primary.
//! - DNS queries are [`DNS_QUERIES_PER_THOUSAND_REQUESTS`] per thousand HTTP requests (resolver
//!   caching); each region behind the entry point (two with Route 53 failover records) has one
//!   HTTPS health check that measures latency, with every routing.
//! - Everything else the Terraform bundle deploys is on the bill too (`terraform::pricing`
//!   lists each resource type's lines or why it has none): a KMS key per region, the two
//!   credentials secrets and their replicas (Aurora), [`INTERFACE_ENDPOINTS_PER_REGION`]
//!   interface endpoints per zone and a public IPv4 address per NAT gateway and per zone of the
//!   load balancer, a WAF web ACL with [`WAF_RULES_PER_WEB_ACL`] rules inspecting every request
//!   served, [`CACHE_NODES_PER_REGION`] Valkey nodes where tasks share the read-after-write
//!   window, logs of [`APP_LOG_BYTES_PER_REQUEST`] + [`WAF_LOG_BYTES_PER_REQUEST`] +
//!   [`FLOW_LOG_BYTES_PER_REQUEST`] bytes per request kept [`LOG_RETENTION_MONTHS`] months, and
//!   AWS Backup's daily backups kept [`BACKUP_RETENTION_DAYS`] days (DynamoDB: full backups
//!   plus point-in-time recovery per replica; Aurora: each snapshot adds the day's changed
//!   data).

#[cfg(test)]
mod commitment_tests;
mod csv_export;
mod quantities;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::commitment::{CommitmentTerm, CommittedLine, PaymentOption};
use crate::plan::Plan;
use crate::price_book::{PriceBook, PriceSource};

pub use csv_export::cost_csv;
pub use quantities::{
    APP_LOG_BYTES_PER_REQUEST, BACKUP_RETENTION_DAYS, CACHE_NODE_TYPE, CACHE_NODES_PER_REGION,
    DNS_QUERIES_PER_THOUSAND_REQUESTS, FLOW_LOG_BYTES_PER_REQUEST, HOURS_PER_MONTH,
    INTERFACE_ENDPOINTS_PER_REGION, LOG_RETENTION_MONTHS, LOG_STORAGE_PERCENT,
    NAT_GATEWAYS_PER_REGION, Quantity, READ_CACHE_MISS_PERCENT, WAF_LOG_BYTES_PER_REQUEST,
    WAF_RULES_PER_WEB_ACL, alarms_by_region, bill_of_quantities,
};

/// Where a line's unit price came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PriceReference {
    pub key: String,
    pub source: PriceSource,
    pub effective_date: String,
    pub verified: bool,
    /// When the figure was read from AWS (RFC 3339); absent for the bundled snapshot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fetched_at: Option<String>,
}

/// One priced line of the bill: `monthly_usd` is `quantity × unit_price_usd`, except on a line
/// bought with a commitment, where `commitment` breaks the month down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CostLine {
    pub region: String,
    pub service: &'static str,
    pub item: String,
    pub quantity: Decimal,
    pub unit: &'static str,
    pub unit_price_usd: Option<Decimal>,
    pub monthly_usd: Option<Decimal>,
    pub price_source: Option<PriceReference>,
    /// The committed and on-demand parts of a line the plan buys with a commitment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment: Option<CommittedLine>,
}

impl CostLine {
    /// A line for `units` of what `quantity` measures, named `item`, not yet priced.
    fn of(quantity: &Quantity, item: String, units: Decimal) -> CostLine {
        CostLine {
            region: quantity.region.clone(),
            service: quantity.service,
            item,
            quantity: units,
            unit: quantity.unit,
            unit_price_usd: None,
            monthly_usd: None,
            price_source: None,
            commitment: None,
        }
    }

    /// The line priced at `unit_price` a unit, `monthly` in all, from `source`.
    fn priced(self, unit_price: Decimal, monthly: Decimal, source: PriceReference) -> CostLine {
        CostLine {
            unit_price_usd: Some(unit_price),
            monthly_usd: Some(monthly),
            price_source: Some(source),
            ..self
        }
    }
}

/// The plan's commitment over the whole bill: what it costs at purchase and saves a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitmentSummary {
    pub term: CommitmentTerm,
    pub payment: PaymentOption,
    pub coverage_percent: u32,
    /// Paid once at purchase, for every committed line.
    pub upfront_usd: Decimal,
    /// What the bill would cost a month with everything on-demand.
    pub on_demand_monthly_usd: Decimal,
    /// `on_demand_monthly_usd` minus the estimate's total.
    pub saving_monthly_usd: Decimal,
    /// `(key, region)` of lines that could be committed but whose price has no rate for this
    /// term and payment option (AWS does not sell it, or the book lacks it): they stay
    /// on-demand.
    pub not_offered: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CostEstimate {
    pub lines: Vec<CostLine>,
    /// Monthly total per region (and `global`), in the order regions first appear.
    pub region_totals: Vec<(String, Decimal)>,
    pub total_monthly_usd: Decimal,
    /// `(key, region)` of every quantity the price book could not price.
    pub missing_prices: Vec<(String, String)>,
    /// Present when the plan buys a commitment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitments: Option<CommitmentSummary>,
}

/// A synthetic price book that prices every quantity the `plans` bill, in every region they
/// bill it, at `price_of(key)`: for tests, fuzzing and charts of "what if" prices. Its entries
/// say so (`verified: false`, provenance `synthetic`); it never stands in for real prices.
pub fn synthetic_price_book(plans: &[&Plan], price_of: impl Fn(&str) -> Decimal) -> PriceBook {
    let mut entries: Vec<crate::PriceEntry> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for plan in plans {
        for quantity in bill_of_quantities(plan) {
            if !seen.insert((quantity.price_key.clone(), quantity.region.clone())) {
                continue;
            }
            entries.push(crate::PriceEntry {
                usd_per_unit: price_of(&quantity.price_key),
                key: quantity.price_key,
                service_code: "Synthetic".into(),
                region: quantity.region,
                usage_type: "synthetic".into(),
                unit: quantity.unit.into(),
                sku: None,
                effective_date: "2025-08-01".into(),
                source: PriceSource::Snapshot,
                verified: false,
                provenance: "synthetic".into(),
                fetched_at: None,
                tiers: Vec::new(),
                commitments: Vec::new(),
            });
        }
    }
    PriceBook::new("synthetic".into(), "2025-08-01".into(), entries)
}

/// Prices the plan's bill of quantities with `prices`.
pub fn cost(plan: &Plan, prices: &PriceBook) -> CostEstimate {
    let mut lines = Vec::new();
    let mut missing_prices = Vec::new();
    let mut region_order: Vec<String> = Vec::new();
    let mut region_sums: BTreeMap<String, Decimal> = BTreeMap::new();
    let commitment = plan.purchasing.commitment();
    let mut upfront_usd = Decimal::ZERO;
    let mut on_demand_usd = Decimal::ZERO;
    let mut not_offered: Vec<(String, String)> = Vec::new();
    for quantity in bill_of_quantities(plan) {
        if !region_order.contains(&quantity.region) {
            region_order.push(quantity.region.clone());
        }
        let Some(entry) = prices.lookup(&quantity.price_key, &quantity.region) else {
            let missing = (quantity.price_key.clone(), quantity.region.clone());
            if !missing_prices.contains(&missing) {
                missing_prices.push(missing);
            }
            lines.push(CostLine::of(
                &quantity,
                quantity.item.clone(),
                quantity.quantity,
            ));
            continue;
        };
        let source = PriceReference {
            key: entry.key.clone(),
            source: entry.source,
            effective_date: entry.effective_date.clone(),
            verified: entry.verified,
            fetched_at: entry.fetched_at.clone(),
        };
        if let Some((term, payment)) = commitment
            && !entry.commitments.is_empty()
        {
            match entry.commitment(term, payment) {
                Some(rate) => {
                    let committed = crate::commitment::priced(
                        quantity.quantity,
                        entry.usd_per_unit,
                        rate,
                        plan.purchasing.coverage_percent,
                    );
                    upfront_usd += committed.upfront_usd;
                    on_demand_usd += committed.on_demand_usd;
                    *region_sums.entry(quantity.region.clone()).or_default() +=
                        committed.effective_usd;
                    let line = CostLine::of(&quantity, quantity.item.clone(), quantity.quantity)
                        .priced(entry.usd_per_unit, committed.effective_usd, source);
                    lines.push(CostLine {
                        commitment: Some(committed),
                        ..line
                    });
                    continue;
                }
                None => {
                    let line = (quantity.price_key.clone(), quantity.region.clone());
                    if !not_offered.contains(&line) {
                        not_offered.push(line);
                    }
                }
            }
        }
        // A tiered price bills each tier the quantity reaches on a line of its own, so every
        // line stays quantity × unit price.
        let parts = entry.tiered(quantity.quantity);
        let tiered = parts.len() > 1;
        for (from, units, unit_price) in parts {
            let monthly = (units * unit_price).round_dp(4);
            on_demand_usd += monthly;
            *region_sums.entry(quantity.region.clone()).or_default() += monthly;
            let item = if tiered {
                let tier = tier_label(entry, from, quantity.unit);
                format!("{} ({tier})", quantity.item)
            } else {
                quantity.item.clone()
            };
            lines.push(CostLine::of(&quantity, item, units).priced(
                unit_price,
                monthly,
                source.clone(),
            ));
        }
    }
    let region_totals: Vec<(String, Decimal)> = region_order
        .into_iter()
        .map(|region| {
            let total = region_sums.get(&region).copied().unwrap_or_default();
            (region, total)
        })
        .collect();
    let total_monthly_usd = region_totals.iter().map(|(_, total)| *total).sum();
    let commitments = commitment.map(|(term, payment)| CommitmentSummary {
        term,
        payment,
        coverage_percent: plan.purchasing.coverage_percent,
        upfront_usd,
        on_demand_monthly_usd: on_demand_usd,
        saving_monthly_usd: on_demand_usd - total_monthly_usd,
        not_offered,
    });
    CostEstimate {
        lines,
        region_totals,
        total_monthly_usd,
        missing_prices,
        commitments,
    }
}

/// How a tier line names its tier: "first 10 TB", "next 40 TB", "over 150 TB" for GB tiers
/// (1 TB = 1,024 GB, as AWS counts them), plain units otherwise.
fn tier_label(entry: &crate::PriceEntry, from: Decimal, unit: &str) -> String {
    let next = entry
        .tiers
        .iter()
        .map(|tier| tier.from_units)
        .find(|start| *start > from);
    let amount = |units: Decimal| {
        if unit == "GB" {
            format!(
                "{} TB",
                (units / Decimal::from(1024)).round_dp(1).normalize()
            )
        } else {
            format!("{} {unit}", units.normalize())
        }
    };
    match next {
        Some(next) if from.is_zero() => format!("first {}", amount(next)),
        Some(next) => format!("next {}", amount(next - from)),
        None => format!("over {}", amount(from)),
    }
}

/// How much of an estimate's dollars real AWS Price List records back, and how recent those
/// records are: what the planner's price note and `prices refresh` report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordBacking {
    /// Dollars a month on lines whose price a real AWS record backs.
    pub backed_usd: Decimal,
    /// The estimate's priced total.
    pub total_usd: Decimal,
    /// `backed_usd / total_usd` as a percentage, one decimal (0 for an empty bill).
    pub percent: Decimal,
    /// The latest date those records were read (or took effect, for bundled records).
    pub records_of: Option<String>,
}

/// The [`RecordBacking`] of `cost`.
pub fn record_backing(cost: &CostEstimate) -> RecordBacking {
    let mut backed_usd = Decimal::ZERO;
    let mut total_usd = Decimal::ZERO;
    let mut records_of: Option<String> = None;
    for line in &cost.lines {
        let Some(monthly) = line.monthly_usd else {
            continue;
        };
        total_usd += monthly;
        let Some(source) = line.price_source.as_ref().filter(|source| source.verified) else {
            continue;
        };
        // A committed line's dollars are backed only when its commitment rate is too.
        if line
            .commitment
            .as_ref()
            .is_some_and(|committed| !committed.rate_verified)
        {
            continue;
        }
        backed_usd += monthly;
        let date = source
            .fetched_at
            .as_deref()
            .and_then(|at| at.get(..10))
            .unwrap_or(&source.effective_date);
        if records_of.as_deref().is_none_or(|latest| date > latest) {
            records_of = Some(date.to_owned());
        }
    }
    let percent = if total_usd.is_zero() {
        Decimal::ZERO
    } else {
        (backed_usd / total_usd * Decimal::ONE_HUNDRED).round_dp(1)
    };
    RecordBacking {
        backed_usd,
        total_usd,
        percent,
        records_of,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{MULTI_REGION_PATTERNS, plan_in as plan, uniform_book, without};

    #[test]
    fn totals_equal_the_sum_of_the_lines() {
        let plan = plan("active_active", &["eu-west-1", "ap-southeast-1"], |_| {});
        let estimate = cost(&plan, &uniform_book(&[&plan], "0.0123"));
        let sum: Decimal = estimate
            .lines
            .iter()
            .filter_map(|line| line.monthly_usd)
            .sum();
        assert_eq!(estimate.total_monthly_usd, sum);
        let by_region: Decimal = estimate.region_totals.iter().map(|(_, total)| *total).sum();
        assert_eq!(by_region, sum);
        assert!(estimate.missing_prices.is_empty());
    }

    #[test]
    fn fargate_hours_follow_tasks_size_and_standby_share() {
        let plan = plan("warm_standby", &["eu-west-1"], |value| {
            value["app"] = serde_json::json!({"vcpu": 2, "memory_gb": 4, "tasks": 8, "standby_capacity_percent": 25});
        });
        let bill = bill_of_quantities(&plan);
        let vcpu_hours = |region: &str| {
            bill.iter()
                .find(|q| q.region == region && q.price_key == "fargate.vcpu_hours")
                .map(|q| q.quantity)
        };
        // Primary: 8 tasks × 2 vCPU × 730 h; standby: ceil(8 × 25 %) = 2 tasks.
        assert_eq!(vcpu_hours("us-east-1"), Some(Decimal::from(8 * 2 * 730)));
        assert_eq!(vcpu_hours("eu-west-1"), Some(Decimal::from(2 * 2 * 730)));
    }

    #[test]
    fn secondary_aurora_instances_depend_on_the_pattern() {
        let instance_hours = |pattern: &str| {
            bill_of_quantities(&plan(pattern, &["eu-west-1"], |_| {}))
                .into_iter()
                .find(|q| {
                    q.region == "eu-west-1"
                        && q.price_key.starts_with("aurora_postgresql.instance:")
                })
                .map(|q| q.quantity)
        };
        assert_eq!(instance_hours("backup_restore"), None);
        assert_eq!(
            instance_hours("pilot_light"),
            None,
            "headless secondary cluster"
        );
        assert_eq!(instance_hours("warm_standby"), Some(Decimal::from(730)));
        assert_eq!(instance_hours("hot_standby"), Some(Decimal::from(2 * 730)));
    }

    #[test]
    fn a_fargate_line_is_priced_exactly() {
        let plan = plan("single_region", &[], |_| {});
        let book = uniform_book(&[&plan], "1");
        let (version, as_of) = (book.version.clone(), book.as_of.clone());
        let mut entries = book.into_entries();
        for entry in &mut entries {
            if entry.key == "fargate.vcpu_hours" {
                entry.usd_per_unit = "0.0404800000".parse().unwrap();
            }
        }
        let book = PriceBook::new(version, as_of, entries);
        let estimate = cost(&plan, &book);
        let line = estimate
            .lines
            .iter()
            .find(|line| line.item == "6 tasks × 1 vCPU")
            .unwrap();
        // 6 tasks × 1 vCPU × 730 h × $0.04048.
        assert_eq!(line.monthly_usd, Some("177.3024".parse().unwrap()));
    }

    #[test]
    fn active_active_splits_egress_over_its_regions_without_losing_any() {
        let plan = plan("active_active", &["eu-west-1", "ap-southeast-1"], |value| {
            value["traffic"] = serde_json::json!({"egress_gb_per_month": 1000});
        });
        let egress: Decimal = bill_of_quantities(&plan)
            .iter()
            .filter(|q| q.price_key == "data_transfer.internet_out_gb")
            .map(|q| q.quantity)
            .sum();
        assert_eq!(egress, Decimal::from(1000));
    }

    #[test]
    fn replication_transfer_is_billed_out_of_the_primary_region() {
        let plan = plan("hot_standby", &["eu-west-1", "ap-southeast-1"], |_| {});
        let transfers: Vec<(String, String)> = bill_of_quantities(&plan)
            .into_iter()
            .filter(|q| {
                q.price_key
                    .starts_with("data_transfer.inter_region_out_gb:")
            })
            .map(|q| (q.region, q.item))
            .collect();
        assert_eq!(
            transfers,
            vec![
                (
                    "us-east-1".to_owned(),
                    "inter-region replication to eu-west-1".to_owned()
                ),
                (
                    "us-east-1".to_owned(),
                    "inter-region replication to ap-southeast-1".to_owned()
                ),
            ]
        );
    }

    /// `book` with `edit` applied to every entry.
    fn edited(book: PriceBook, edit: impl Fn(&mut crate::PriceEntry)) -> PriceBook {
        let (version, as_of) = (book.version.clone(), book.as_of.clone());
        let mut entries = book.into_entries();
        entries.iter_mut().for_each(edit);
        PriceBook::new(version, as_of, entries)
    }

    /// Transfer is priced per pair of regions: us-east-1 to us-east-2 at the pair's own price.
    #[test]
    fn inter_region_transfer_is_priced_by_the_pair_of_regions() {
        let plan = plan("hot_standby", &["us-east-2", "eu-west-1"], |_| {});
        let book = edited(uniform_book(&[&plan], "1"), |entry| {
            if entry.key == "data_transfer.inter_region_out_gb:us-east-2" {
                entry.usd_per_unit = "0.01".parse().unwrap();
            } else if entry.key.starts_with("data_transfer.inter_region_out_gb:") {
                entry.usd_per_unit = "0.02".parse().unwrap();
            }
        });
        let estimate = cost(&plan, &book);
        let price_of = |item: &str| {
            estimate
                .lines
                .iter()
                .find(|line| line.item == item)
                .and_then(|line| line.unit_price_usd)
        };
        assert_eq!(
            price_of("inter-region replication to us-east-2"),
            Some("0.01".parse().unwrap())
        );
        assert_eq!(
            price_of("inter-region replication to eu-west-1"),
            Some("0.02".parse().unwrap())
        );
    }

    /// 60,000 GB of egress at AWS's tiers: three lines, $921.60 + $3,481.60 + $616.00.
    #[test]
    fn tiered_egress_bills_one_line_per_tier_reached() {
        let plan = plan("single_region", &[], |value| {
            value["traffic"] = serde_json::json!({"egress_gb_per_month": 60_000});
        });
        let book = edited(uniform_book(&[&plan], "1"), |entry| {
            if entry.key == "data_transfer.internet_out_gb" {
                entry.usd_per_unit = "0.09".parse().unwrap();
                entry.tiers = [("0", "0.09"), ("10240", "0.085"), ("51200", "0.07")]
                    .map(|(from, usd)| crate::PriceTier {
                        from_units: from.parse().unwrap(),
                        usd_per_unit: usd.parse().unwrap(),
                    })
                    .to_vec();
            }
        });
        let estimate = cost(&plan, &book);
        let egress: Vec<(&str, Decimal, Option<Decimal>)> = estimate
            .lines
            .iter()
            .filter(|line| line.item.starts_with("internet egress"))
            .map(|line| (line.item.as_str(), line.quantity, line.monthly_usd))
            .collect();
        assert_eq!(
            egress,
            vec![
                (
                    "internet egress (first 10 TB)",
                    Decimal::from(10_240),
                    Some("921.60".parse().unwrap())
                ),
                (
                    "internet egress (next 40 TB)",
                    Decimal::from(40_960),
                    Some("3481.600".parse().unwrap())
                ),
                (
                    "internet egress (over 50 TB)",
                    Decimal::from(8_800),
                    Some("616.00".parse().unwrap())
                ),
            ]
        );
        let sum: Decimal = estimate
            .lines
            .iter()
            .filter_map(|line| line.monthly_usd)
            .sum();
        assert_eq!(estimate.total_monthly_usd, sum);
    }

    #[test]
    fn the_accelerator_premium_is_billed_per_continent_served() {
        let plan = plan("active_active", &["us-west-2", "eu-west-1"], |value| {
            value["routing"] = serde_json::json!("global_accelerator");
            value["traffic"] = serde_json::json!({"egress_gb_per_month": 900});
        });
        let premium: Vec<(String, Decimal)> = bill_of_quantities(&plan)
            .into_iter()
            .filter(|q| q.price_key.starts_with("global_accelerator.dt_premium_gb"))
            .map(|q| (q.price_key, q.quantity))
            .collect();
        assert_eq!(
            premium,
            vec![
                (
                    "global_accelerator.dt_premium_gb:NA".to_owned(),
                    Decimal::from(600)
                ),
                (
                    "global_accelerator.dt_premium_gb:EU".to_owned(),
                    Decimal::from(300)
                ),
            ]
        );
    }

    /// Half the dollars on record-backed lines: 50 %, dated by the latest record read.
    #[test]
    fn record_backing_counts_the_dollars_real_records_price() {
        let plan = plan("single_region", &[], |_| {});
        let estimate = cost(&plan, &uniform_book(&[&plan], "1"));
        let half = estimate.total_monthly_usd / Decimal::from(2);
        let mut lines = estimate.lines.clone();
        let mut backed = Decimal::ZERO;
        for (index, line) in lines.iter_mut().enumerate() {
            let source = line.price_source.as_mut().unwrap();
            if backed < half && index % 2 == 0 {
                source.verified = true;
                source.fetched_at = Some(format!("2026-11-0{}T00:00:00Z", 1 + index % 5));
                backed += line.monthly_usd.unwrap();
            }
        }
        let backing = record_backing(&CostEstimate {
            lines,
            ..estimate.clone()
        });
        assert_eq!(backing.backed_usd, backed);
        assert_eq!(backing.total_usd, estimate.total_monthly_usd);
        assert_eq!(
            backing.percent,
            (backed / estimate.total_monthly_usd * Decimal::ONE_HUNDRED).round_dp(1)
        );
        assert!(backing.records_of.unwrap().starts_with("2026-11-0"));
        assert_eq!(record_backing(&estimate).percent, Decimal::ZERO);
    }

    /// `(billed region, item, GB)` of every inter-region transfer line.
    fn transfers(plan: &Plan) -> Vec<(String, String, Decimal)> {
        bill_of_quantities(plan)
            .into_iter()
            .filter(|q| {
                q.price_key
                    .starts_with("data_transfer.inter_region_out_gb:")
            })
            .map(|q| (q.region, q.item, q.quantity))
            .collect()
    }

    #[test]
    fn a_global_table_in_active_active_replicates_each_write_from_where_it_was_made() {
        let plan = plan("active_active", &["eu-west-1", "ap-southeast-1"], |value| {
            value["database"]["engine"] = serde_json::json!("dynamodb");
            value["database"]["writes_per_second"] = serde_json::json!(100);
            value["database"]["average_write_kb"] = serde_json::json!(1);
        });
        // 100 writes/s × 1 KB for a month = 262.8 GB, a third made in each region and sent
        // to the two others.
        let third = Decimal::new(87_600, 3);
        let lines = transfers(&plan);
        assert_eq!(lines.len(), 6, "{lines:?}");
        for region in ["us-east-1", "eu-west-1", "ap-southeast-1"] {
            let sent: Vec<_> = lines.iter().filter(|(from, _, _)| from == region).collect();
            assert_eq!(sent.len(), 2, "{region}: {lines:?}");
            assert!(sent.iter().all(|(_, _, gb)| *gb == third), "{sent:?}");
        }
        let total: Decimal = lines.iter().map(|(_, _, gb)| *gb).sum();
        assert_eq!(total, Decimal::new(262_800, 3) * Decimal::from(2));
    }

    #[test]
    fn aurora_in_active_active_forwards_writes_to_the_writer_which_replicates_them() {
        let plan = plan("active_active", &["ap-southeast-1"], |value| {
            value["database"]["writes_per_second"] = serde_json::json!(100);
            value["database"]["average_write_kb"] = serde_json::json!(1);
        });
        let lines = transfers(&plan);
        assert_eq!(
            lines,
            vec![
                (
                    "ap-southeast-1".to_owned(),
                    "writes forwarded to the writer in us-east-1".to_owned(),
                    Decimal::new(131_400, 3)
                ),
                (
                    "us-east-1".to_owned(),
                    "inter-region replication to ap-southeast-1".to_owned(),
                    Decimal::new(262_800, 3)
                ),
            ]
        );
    }

    #[test]
    fn backup_copies_to_another_region_are_full_copies_every_day() {
        for engine in ["aurora_postgresql", "dynamodb"] {
            let plan = plan("backup_restore", &["us-west-2"], |value| {
                value["database"]["engine"] = serde_json::json!(engine);
                value["database"]["storage_gb"] = serde_json::json!(100);
            });
            // 730 h / 24 = 30.417 daily copies of 100 GB a month, out of the data's home.
            assert_eq!(
                transfers(&plan)
                    .into_iter()
                    .map(|(from, _, gb)| (from, gb))
                    .collect::<Vec<_>>(),
                vec![("us-east-1".to_owned(), Decimal::new(3_041_667, 3))],
                "{engine}"
            );
            let kept: Decimal = bill_of_quantities(&plan)
                .into_iter()
                .filter(|q| q.region == "us-west-2" && q.price_key.ends_with("backup_gb_month"))
                .map(|q| q.quantity)
                .sum();
            assert_eq!(
                kept,
                Decimal::from(35 * 100),
                "{engine}: 35 full copies kept"
            );
        }
    }

    #[test]
    fn eventually_consistent_dynamodb_reads_take_half_the_read_units() {
        let read_units = |consistency: &str| {
            let plan = plan("warm_standby", &["eu-west-1"], |value| {
                value["database"]["engine"] = serde_json::json!("dynamodb");
                value["database"]["read_consistency"] = serde_json::json!(consistency);
            });
            bill_of_quantities(&plan)
                .into_iter()
                .find(|q| q.price_key == "dynamodb.read_request_units")
                .map(|q| q.quantity)
                .unwrap()
        };
        // 2,000 reads/s for a month.
        assert_eq!(read_units("strong"), Decimal::from(5_256_000_000u64));
        assert_eq!(read_units("eventual"), Decimal::from(2_628_000_000u64));
    }

    #[test]
    fn the_app_log_stream_is_billed_through_the_logs_endpoint() {
        let plan = plan("single_region", &[], |value| {
            value["traffic"] = serde_json::json!({"requests_per_month": 10_000_000});
        });
        let quantity = |key: &str| {
            bill_of_quantities(&plan)
                .into_iter()
                .find(|q| q.price_key == key)
                .map(|q| q.quantity)
        };
        // 10 M requests × 300 B = 3 GB of app logs, carried by the interface endpoint.
        assert_eq!(
            quantity("vpc.interface_endpoint_gb"),
            Some(Decimal::from(3))
        );
        assert_eq!(
            quantity("vpc.interface_endpoint_gb"),
            quantity("cloudwatch.logs_ingested_gb")
        );
    }

    #[test]
    fn adding_a_region_never_lowers_cost() {
        for pattern in MULTI_REGION_PATTERNS {
            let one = plan(pattern, &["eu-west-1"], |_| {});
            let two = plan(pattern, &["eu-west-1", "eu-central-1"], |_| {});
            let book = uniform_book(&[&one, &two], "0.5");
            let (one, two) = (cost(&one, &book), cost(&two, &book));
            assert!(two.total_monthly_usd >= one.total_monthly_usd, "{pattern}");
        }
    }

    #[test]
    fn unpriced_quantities_are_listed_not_invented() {
        let plan = plan("warm_standby", &["eu-west-1"], |_| {});
        let book = without(uniform_book(&[&plan], "1"), |entry| {
            entry.key == "alb.hours" && entry.region == "eu-west-1"
        });
        let estimate = cost(&plan, &book);
        assert_eq!(
            estimate.missing_prices,
            vec![("alb.hours".to_owned(), "eu-west-1".to_owned())]
        );
        let line = estimate
            .lines
            .iter()
            .find(|line| {
                line.region == "eu-west-1"
                    && line.unit == "hours"
                    && line.service == "Elastic Load Balancing"
            })
            .unwrap();
        assert_eq!(line.monthly_usd, None);
    }
}
