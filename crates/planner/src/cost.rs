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
//!   caching), and each serving region has one HTTPS health check.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::DeploymentPattern;
use crate::plan::{DatabaseEngine, Plan, Routing, StorageMode};
use crate::price_book::{PriceBook, PriceSource};

pub const HOURS_PER_MONTH: u32 = 730;
const SECONDS_PER_MONTH: u64 = 730 * 3600;

/// Share of reads that miss Aurora's buffer cache and bill an I/O. Assumption.
pub const READ_CACHE_MISS_PERCENT: u64 = 10;
/// DNS queries Route 53 answers per thousand HTTP requests. Assumption (resolver caching).
pub const DNS_QUERIES_PER_THOUSAND_REQUESTS: u64 = 10;
/// CloudWatch alarms per region: replication lag, database health, ALB 5xx, health check.
pub const ALARMS_PER_REGION: u32 = 4;
/// NAT gateways in a region that runs the app: one per availability zone.
pub const NAT_GATEWAYS_PER_REGION: u32 = 3;
/// Requests an ALB LCU covers per second (one new connection per request). AWS ELB pricing.
const REQUESTS_PER_LCU_SECOND: u64 = 25;

/// One line of the bill before pricing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quantity {
    /// AWS region code, or `global`.
    pub region: String,
    pub service: &'static str,
    pub item: String,
    pub quantity: Decimal,
    /// The unit the price book prices in (`hours`, `GB-Mo`, `IOs`, `requests`, `GB`).
    pub unit: &'static str,
    pub price_key: String,
}

/// Where a line's unit price came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PriceReference {
    pub key: String,
    pub source: PriceSource,
    pub effective_date: String,
    pub verified: bool,
}

/// One priced line of the bill.
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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CostEstimate {
    pub lines: Vec<CostLine>,
    /// Monthly total per region (and `global`), in the order regions first appear.
    pub region_totals: Vec<(String, Decimal)>,
    pub total_monthly_usd: Decimal,
    /// `(key, region)` of every quantity the price book could not price.
    pub missing_prices: Vec<(String, String)>,
}

/// Everything the plan uses in a month, line by line.
pub fn bill_of_quantities(plan: &Plan) -> Vec<Quantity> {
    let mut bill = Bill::default();
    let primary = plan.primary_region.as_str();
    let serving_regions: Vec<&str> = match plan.pattern {
        DeploymentPattern::ActiveActive => plan.regions().collect(),
        _ => vec![primary],
    };
    let serving_count = serving_regions.len() as u64;

    for region in plan.regions() {
        let is_primary = region == primary;
        database_lines(&mut bill, plan, region, is_primary);
        app_lines(&mut bill, plan, region, is_primary, &serving_regions);
    }

    // Traffic: requests and egress split evenly over the serving regions.
    let egress_gb_per_region = plan.traffic.egress_gb_per_month / serving_count;
    for region in &serving_regions {
        bill.add(
            region,
            "Data transfer",
            "internet egress".into(),
            egress_gb_per_region,
            "GB",
            "data_transfer.internet_out_gb",
        );
    }

    routing_lines(&mut bill, plan, &serving_regions);
    bill.lines
}

fn database_lines(bill: &mut Bill, plan: &Plan, region: &str, is_primary: bool) {
    let database = &plan.database;
    let writes_per_month = u64::from(database.writes_per_second) * SECONDS_PER_MONTH;
    let write_kb_per_month = writes_per_month * u64::from(database.average_write_kb);
    let pattern = plan.pattern;

    if database.engine == DatabaseEngine::Dynamodb {
        // On-demand: a write request unit per started KB, a read request unit per 4 KB read.
        let write_units = writes_per_month * u64::from(database.average_write_kb);
        let has_replica = is_primary || pattern != DeploymentPattern::BackupRestore;
        if is_primary {
            let read_units = u64::from(database.reads_per_second) * SECONDS_PER_MONTH;
            bill.add(
                region,
                "Amazon DynamoDB",
                "write request units".into(),
                write_units,
                "requests",
                "dynamodb.write_request_units",
            );
            bill.add(
                region,
                "Amazon DynamoDB",
                "read request units".into(),
                read_units,
                "requests",
                "dynamodb.read_request_units",
            );
        } else if has_replica {
            bill.add(
                region,
                "Amazon DynamoDB",
                "replicated write request units (global table replica)".into(),
                write_units,
                "requests",
                "dynamodb.replicated_write_request_units",
            );
            bill.add(
                region,
                "Data transfer",
                "inter-region replication from the primary".into(),
                kb_to_gb(write_kb_per_month),
                "GB",
                "data_transfer.inter_region_out_gb",
            );
        }
        if has_replica {
            bill.add(
                region,
                "Amazon DynamoDB",
                "table storage (a full copy)".into(),
                u64::from(database.storage_gb),
                "GB-Mo",
                "dynamodb.storage_gb_month",
            );
        } else {
            bill.add(
                region,
                "Amazon DynamoDB",
                "backup storage (copied backups)".into(),
                u64::from(database.storage_gb),
                "GB-Mo",
                "dynamodb.backup_gb_month",
            );
        }
        return;
    }

    let engine = match database.engine {
        DatabaseEngine::AuroraMysql => "aurora_mysql",
        _ => "aurora_postgresql",
    };
    let io_optimized = database.storage_mode == StorageMode::IoOptimized;
    let instances = if is_primary {
        1 + database.readers_per_region
    } else {
        match pattern {
            DeploymentPattern::BackupRestore | DeploymentPattern::PilotLight => 0,
            DeploymentPattern::WarmStandby => database.readers_per_region.max(1),
            _ => 1 + database.readers_per_region,
        }
    };
    if pattern == DeploymentPattern::BackupRestore && !is_primary {
        bill.add(
            region,
            "Amazon Aurora",
            "snapshot copies (backup storage)".into(),
            u64::from(database.storage_gb),
            "GB-Mo",
            "aurora.backup_gb_month",
        );
        bill.add(
            region,
            "Data transfer",
            "daily snapshot copy from the primary (changed data)".into(),
            kb_to_gb(write_kb_per_month),
            "GB",
            "data_transfer.inter_region_out_gb",
        );
        return;
    }
    if instances > 0 {
        let mode = if io_optimized {
            "instance_io_optimized"
        } else {
            "instance"
        };
        bill.add(
            region,
            "Amazon Aurora",
            format!("{} × {} instance-hours", instances, database.instance_class),
            u64::from(instances) * u64::from(HOURS_PER_MONTH),
            "hours",
            &format!("{engine}.{mode}:{}", database.instance_class),
        );
    }
    let storage_key = if io_optimized {
        "aurora.storage_io_optimized_gb_month"
    } else {
        "aurora.storage_gb_month"
    };
    bill.add(
        region,
        "Amazon Aurora",
        "cluster storage (a full copy)".into(),
        u64::from(database.storage_gb),
        "GB-Mo",
        storage_key,
    );

    let write_ios = writes_per_month * u64::from(database.average_write_kb.div_ceil(4));
    if is_primary {
        if !io_optimized {
            let read_ios =
                u64::from(database.reads_per_second) * SECONDS_PER_MONTH * READ_CACHE_MISS_PERCENT
                    / 100;
            bill.add(
                region,
                "Amazon Aurora",
                format!("I/O: writes + {READ_CACHE_MISS_PERCENT} % of reads"),
                write_ios + read_ios,
                "IOs",
                "aurora.io_requests",
            );
        }
    } else {
        bill.add(
            region,
            "Amazon Aurora",
            "global database replicated write I/Os".into(),
            write_ios,
            "IOs",
            "aurora.replicated_write_io",
        );
        bill.add(
            region,
            "Data transfer",
            "inter-region replication from the primary".into(),
            kb_to_gb(write_kb_per_month),
            "GB",
            "data_transfer.inter_region_out_gb",
        );
    }
}

fn app_lines(bill: &mut Bill, plan: &Plan, region: &str, is_primary: bool, serving: &[&str]) {
    let serving_here = serving.contains(&region);
    let tasks = if is_primary || serving_here {
        plan.app.tasks
    } else {
        (plan.app.tasks * plan.effective_standby_capacity_percent()).div_ceil(100)
    };
    let has_infrastructure =
        is_primary || serving_here || !matches!(plan.pattern, DeploymentPattern::BackupRestore);
    if tasks > 0 {
        let task_hours = Decimal::from(tasks) * Decimal::from(HOURS_PER_MONTH);
        let vcpu = Decimal::try_from(plan.app.vcpu).unwrap_or_default();
        let memory = Decimal::try_from(plan.app.memory_gb).unwrap_or_default();
        bill.add_decimal(
            region,
            "AWS Fargate",
            format!("{tasks} tasks × {} vCPU", plan.app.vcpu),
            task_hours * vcpu,
            "hours",
            "fargate.vcpu_hours",
        );
        bill.add_decimal(
            region,
            "AWS Fargate",
            format!("{tasks} tasks × {} GB memory", plan.app.memory_gb),
            task_hours * memory,
            "hours",
            "fargate.gb_hours",
        );
    }
    if !has_infrastructure {
        return;
    }
    bill.add(
        region,
        "Elastic Load Balancing",
        "Application Load Balancer".into(),
        u64::from(HOURS_PER_MONTH),
        "hours",
        "alb.hours",
    );
    if serving_here {
        let requests_per_second =
            plan.traffic.requests_per_month / serving.len() as u64 / SECONDS_PER_MONTH;
        let lcus = requests_per_second.div_ceil(REQUESTS_PER_LCU_SECOND).max(1);
        bill.add(
            region,
            "Elastic Load Balancing",
            format!("{lcus} LCU (new connections)"),
            lcus * u64::from(HOURS_PER_MONTH),
            "hours",
            "alb.lcu_hours",
        );
    }
    if tasks > 0 {
        bill.add(
            region,
            "Amazon VPC",
            format!("{NAT_GATEWAYS_PER_REGION} NAT gateways (one per AZ)"),
            u64::from(NAT_GATEWAYS_PER_REGION * HOURS_PER_MONTH),
            "hours",
            "nat_gateway.hours",
        );
    }
    bill.add(
        region,
        "Amazon CloudWatch",
        format!("{ALARMS_PER_REGION} alarms"),
        u64::from(ALARMS_PER_REGION),
        "alarms",
        "cloudwatch.alarm_month",
    );
}

fn routing_lines(bill: &mut Bill, plan: &Plan, serving: &[&str]) {
    let regions_with_endpoints: Vec<&str> = plan
        .regions()
        .filter(|region| {
            serving.contains(region) || plan.pattern != DeploymentPattern::BackupRestore
        })
        .collect();
    bill.add(
        "global",
        "Amazon Route 53",
        "hosted zone".into(),
        1,
        "zones",
        "route53.hosted_zone_month",
    );
    match plan.effective_routing() {
        Routing::GlobalAccelerator => {
            bill.add(
                "global",
                "AWS Global Accelerator",
                "accelerator fixed fee".into(),
                u64::from(HOURS_PER_MONTH),
                "hours",
                "global_accelerator.hours",
            );
            bill.add(
                "global",
                "AWS Global Accelerator",
                "data transfer premium".into(),
                plan.traffic.egress_gb_per_month,
                "GB",
                "global_accelerator.dt_premium_gb",
            );
        }
        routing => {
            let queries =
                plan.traffic.requests_per_month * DNS_QUERIES_PER_THOUSAND_REQUESTS / 1000;
            let (item, key) = match routing {
                Routing::Route53Latency => ("latency-based queries", "route53.latency_queries"),
                _ => ("standard queries", "route53.standard_queries"),
            };
            bill.add(
                "global",
                "Amazon Route 53",
                item.into(),
                queries,
                "queries",
                key,
            );
            let fast = plan.health_check.interval_seconds == 10;
            let checks = regions_with_endpoints.len() as u64;
            bill.add(
                "global",
                "Amazon Route 53",
                "HTTPS health checks".into(),
                checks,
                "checks",
                "route53.health_check_month",
            );
            bill.add(
                "global",
                "Amazon Route 53",
                "health-check option: HTTPS".into(),
                checks,
                "options",
                "route53.health_check_option_month",
            );
            if fast {
                bill.add(
                    "global",
                    "Amazon Route 53",
                    "health-check option: 10 s interval".into(),
                    checks,
                    "options",
                    "route53.health_check_option_month",
                );
            }
        }
    }
}

fn kb_to_gb(kilobytes: u64) -> Decimal {
    Decimal::from(kilobytes) / Decimal::from(1_000_000u32)
}

#[derive(Default)]
struct Bill {
    lines: Vec<Quantity>,
}

impl Bill {
    fn add(
        &mut self,
        region: &str,
        service: &'static str,
        item: String,
        quantity: impl Into<Decimal>,
        unit: &'static str,
        price_key: &str,
    ) {
        self.add_decimal(region, service, item, quantity.into(), unit, price_key);
    }

    fn add_decimal(
        &mut self,
        region: &str,
        service: &'static str,
        item: String,
        quantity: Decimal,
        unit: &'static str,
        price_key: &str,
    ) {
        self.lines.push(Quantity {
            region: region.to_owned(),
            service,
            item,
            quantity: quantity.normalize(),
            unit,
            price_key: price_key.to_owned(),
        });
    }
}

/// Prices the plan's bill of quantities with `prices`.
pub fn cost(plan: &Plan, prices: &PriceBook) -> CostEstimate {
    let mut lines = Vec::new();
    let mut missing_prices = Vec::new();
    let mut region_order: Vec<String> = Vec::new();
    let mut region_sums: BTreeMap<String, Decimal> = BTreeMap::new();
    for quantity in bill_of_quantities(plan) {
        let entry = prices.lookup(&quantity.price_key, &quantity.region);
        let (unit_price, monthly, source) = match entry {
            Some(entry) => {
                let monthly = (quantity.quantity * entry.usd_per_unit).round_dp(4);
                (
                    Some(entry.usd_per_unit),
                    Some(monthly),
                    Some(PriceReference {
                        key: entry.key.clone(),
                        source: entry.source,
                        effective_date: entry.effective_date.clone(),
                        verified: entry.verified,
                    }),
                )
            }
            None => {
                let missing = (quantity.price_key.clone(), quantity.region.clone());
                if !missing_prices.contains(&missing) {
                    missing_prices.push(missing);
                }
                (None, None, None)
            }
        };
        if !region_order.contains(&quantity.region) {
            region_order.push(quantity.region.clone());
        }
        *region_sums.entry(quantity.region.clone()).or_default() += monthly.unwrap_or_default();
        lines.push(CostLine {
            region: quantity.region,
            service: quantity.service,
            item: quantity.item,
            quantity: quantity.quantity,
            unit: quantity.unit,
            unit_price_usd: unit_price,
            monthly_usd: monthly,
            price_source: source,
        });
    }
    let region_totals: Vec<(String, Decimal)> = region_order
        .into_iter()
        .map(|region| {
            let total = region_sums.get(&region).copied().unwrap_or_default();
            (region, total)
        })
        .collect();
    let total_monthly_usd = region_totals.iter().map(|(_, total)| *total).sum();
    CostEstimate {
        lines,
        region_totals,
        total_monthly_usd,
        missing_prices,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::price_book::PriceEntry;

    fn plan(
        pattern: &str,
        secondaries: &[&str],
        edit: impl FnOnce(&mut serde_json::Value),
    ) -> Plan {
        let mut value = serde_json::json!({
            "pattern": pattern,
            "primary_region": "us-east-1",
            "secondary_regions": secondaries,
            "database": {"instance_class": "db.r6g.large"},
        });
        edit(&mut value);
        Plan::from_json(&value.to_string()).unwrap()
    }

    /// A book pricing every key the plan's bill names at `price` in every region it names.
    fn uniform_book(plans: &[&Plan], price: &str) -> PriceBook {
        let mut entries: Vec<PriceEntry> = Vec::new();
        for plan in plans {
            for quantity in bill_of_quantities(plan) {
                if entries
                    .iter()
                    .any(|e| e.key == quantity.price_key && e.region == quantity.region)
                {
                    continue;
                }
                entries.push(PriceEntry {
                    key: quantity.price_key,
                    service_code: "Test".into(),
                    region: quantity.region,
                    usage_type: "test".into(),
                    unit: quantity.unit.into(),
                    usd_per_unit: price.parse().unwrap(),
                    sku: None,
                    effective_date: "2025-08-01".into(),
                    source: PriceSource::Snapshot,
                    verified: false,
                    provenance: "test".into(),
                });
            }
        }
        PriceBook {
            version: "test".into(),
            as_of: "2025-08-01".into(),
            entries,
        }
    }

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
        let mut book = uniform_book(&[&plan], "1");
        for entry in &mut book.entries {
            if entry.key == "fargate.vcpu_hours" {
                entry.usd_per_unit = "0.0404800000".parse().unwrap();
            }
        }
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
    fn adding_a_region_never_lowers_cost() {
        for pattern in [
            "backup_restore",
            "pilot_light",
            "warm_standby",
            "hot_standby",
            "active_active",
        ] {
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
        let mut book = uniform_book(&[&plan], "1");
        book.entries
            .retain(|entry| !(entry.key == "alb.hours" && entry.region == "eu-west-1"));
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
