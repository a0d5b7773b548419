//! The bill of quantities: what a plan uses in a month, per region, service and item.
//!
//! Each line names the price-book key that prices it; pricing happens in the parent module.
//! The modelling assumptions are listed in the parent module's documentation and stated on
//! each line's `item`.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::DeploymentPattern;
use crate::capacity::ProvisionedCapacity;
use crate::display::group_thousands;
use crate::plan::{DatabaseEngine, Plan, ReadConsistency, Routing, StorageMode};
use crate::topology::{self, RegionDeployment, RegionRole};

pub const HOURS_PER_MONTH: u32 = 730;
pub const SECONDS_PER_MONTH: u64 = 730 * 3600;

/// Share of reads that miss Aurora's buffer cache and bill an I/O. Assumption.
pub const READ_CACHE_MISS_PERCENT: u64 = 10;
/// DNS queries Route 53 answers per thousand HTTP requests. Assumption (resolver caching).
pub const DNS_QUERIES_PER_THOUSAND_REQUESTS: u64 = 10;
pub use crate::topology::NAT_GATEWAYS_PER_REGION;
/// Requests an ALB LCU covers per second (one new connection per request). AWS ELB pricing.
pub const REQUESTS_PER_LCU_SECOND: u64 = 25;
/// Interface endpoints in each region where the app runs (ECR API, ECR registry, CloudWatch
/// Logs, Secrets Manager), one network interface per zone: the bundle's `modules/network`.
pub const INTERFACE_ENDPOINTS_PER_REGION: u32 = 4;
/// Rules on each load balancer's AWS WAF web ACL: three AWS managed rule groups and a
/// per-client rate limit (the bundle's `modules/app`).
pub const WAF_RULES_PER_WEB_ACL: u32 = 4;
/// Valkey nodes in each app region where the read-after-write window is shared: a primary and
/// its replica in another zone (the bundle's `modules/cache`).
pub const CACHE_NODES_PER_REGION: u32 = 2;
/// The Valkey node type the bundle deploys.
pub const CACHE_NODE_TYPE: &str = "cache.t4g.small";
/// Log bytes each request served adds: the app's own log line, the WAF log record and the VPC
/// flow-log records of its connections. Assumptions; logs are kept 365 days.
pub const APP_LOG_BYTES_PER_REQUEST: u64 = 300;
pub const WAF_LOG_BYTES_PER_REQUEST: u64 = 1_000;
pub const FLOW_LOG_BYTES_PER_REQUEST: u64 = 200;
/// Share of ingested log bytes CloudWatch stores after compression. Assumption.
pub const LOG_STORAGE_PERCENT: u64 = 15;
/// Months the bundle keeps logs (`retention_in_days = 365`): stored logs reach 12 months'
/// worth in steady state.
pub const LOG_RETENTION_MONTHS: u64 = 12;
/// Days AWS Backup keeps each daily backup (the bundle's backup plans and copies).
pub const BACKUP_RETENTION_DAYS: u32 = 35;

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

/// Everything the plan uses in a month, line by line.
pub fn bill_of_quantities(plan: &Plan) -> Vec<Quantity> {
    let mut bill = Bill::default();
    let serving_regions = serving_regions(plan);

    let request_shares = split_evenly(
        Decimal::from(plan.traffic.requests_per_month),
        serving_regions.len(),
    );
    let regions = topology::deployment(plan);
    let capacity = crate::capacity::provisioned(plan, &regions);
    let global_table = regions
        .iter()
        .filter(|region| region.has_live_data())
        .count()
        > 1;
    for deployment in &regions {
        database_lines(&mut bill, plan, deployment, capacity.as_ref(), global_table);
        app_lines(&mut bill, plan, deployment, serving_regions.len());
        let requests = serving_regions
            .iter()
            .position(|region| *region == deployment.region)
            .map_or(Decimal::ZERO, |index| request_shares[index]);
        platform_lines(&mut bill, plan, deployment, requests);
    }
    if !plan.regions().any(|region| region == "us-east-1") {
        // The Route 53 health-check alarms publish to a topic under a key in us-east-1.
        bill.add(
            "us-east-1",
            "AWS KMS",
            "1 customer managed key (health-check alarm topic)".into(),
            1,
            "keys",
            "kms.key_month",
        );
    }

    // Traffic: requests and egress split evenly over the serving regions.
    for (region, egress_gb) in egress_by_serving_region(plan) {
        bill.add_decimal(
            region,
            "Data transfer",
            "internet egress".into(),
            egress_gb,
            "GB",
            "data_transfer.internet_out_gb",
        );
    }

    replication_lines(&mut bill, plan, &regions);
    alarm_lines(&mut bill, plan, &regions);
    routing_lines(&mut bill, plan, &regions);
    bill.lines
}

/// The regions users reach: every region in active-active, the primary otherwise.
fn serving_regions(plan: &Plan) -> Vec<&str> {
    match plan.pattern {
        DeploymentPattern::ActiveActive => plan.regions().collect(),
        _ => vec![plan.primary_region.as_str()],
    }
}

/// The plan's internet egress, split evenly over the regions that serve users.
fn egress_by_serving_region(plan: &Plan) -> Vec<(&str, Decimal)> {
    let serving_regions = serving_regions(plan);
    let shares = split_evenly(
        Decimal::from(plan.traffic.egress_gb_per_month),
        serving_regions.len(),
    );
    serving_regions.into_iter().zip(shares).collect()
}

/// A provisioned table's capacity in one replica, every hour of the month (see
/// [`crate::capacity`]): writes as replicated units in a global table, plain units otherwise.
fn provisioned_capacity_lines(bill: &mut Bill, region: &str, capacity: &ProvisionedCapacity) {
    let hours = u64::from(HOURS_PER_MONTH);
    let target = crate::capacity::TARGET_UTILIZATION_PERCENT;
    let (write_item, write_key) = if capacity.replicated_writes {
        (
            "replicated write capacity units (global table replica)",
            "dynamodb.replicated_write_capacity_unit_hours",
        )
    } else {
        ("write capacity units", "dynamodb.write_capacity_unit_hours")
    };
    for (units, item, key) in [
        (capacity.write_units, write_item, write_key),
        (
            capacity.read_units,
            "read capacity units",
            "dynamodb.read_capacity_unit_hours",
        ),
    ] {
        bill.add(
            region,
            "Amazon DynamoDB",
            format!(
                "{} provisioned {item}, auto scaled at {target} % utilisation",
                group_thousands(&units.to_string())
            ),
            u64::from(units) * hours,
            "unit-hours",
            key,
        );
    }
}

/// An on-demand table's requests: a write request unit per started KB, a read request unit
/// per 4 KB read (half a unit when eventually consistent), reads in the primary. A global
/// table (`global_table`: more than one replica) bills its writes as replicated write request
/// units in every replica, the primary's included (DynamoDB guide, "Understanding DynamoDB
/// billing": on-demand global tables measure writes in rWRU instead of WRU).
fn on_demand_request_lines(
    bill: &mut Bill,
    plan: &Plan,
    deployment: &RegionDeployment,
    global_table: bool,
) {
    let region = deployment.region.as_str();
    let database = &plan.database;
    let writes_per_month = u64::from(database.writes_per_second) * SECONDS_PER_MONTH;
    let write_units = writes_per_month * u64::from(database.average_write_kb);
    if global_table && deployment.has_live_data() {
        bill.add(
            region,
            "Amazon DynamoDB",
            "replicated write request units (global table replica)".into(),
            write_units,
            "requests",
            "dynamodb.replicated_write_request_units",
        );
    } else if deployment.is_primary() {
        bill.add(
            region,
            "Amazon DynamoDB",
            "write request units".into(),
            write_units,
            "requests",
            "dynamodb.write_request_units",
        );
    }
    if deployment.is_primary() {
        let reads = u64::from(database.reads_per_second) * SECONDS_PER_MONTH;
        let (read_units, consistency) = match database.read_consistency {
            ReadConsistency::Strong => (Decimal::from(reads), "strongly consistent"),
            ReadConsistency::Eventual => (
                Decimal::from(reads) / Decimal::from(2),
                "eventually consistent",
            ),
        };
        bill.add_decimal(
            region,
            "Amazon DynamoDB",
            format!("read request units ({consistency} reads)"),
            read_units,
            "requests",
            "dynamodb.read_request_units",
        );
    }
}

fn database_lines(
    bill: &mut Bill,
    plan: &Plan,
    deployment: &RegionDeployment,
    capacity: Option<&ProvisionedCapacity>,
    global_table: bool,
) {
    let region = deployment.region.as_str();
    let is_primary = deployment.is_primary();
    let database = &plan.database;
    let writes_per_month = u64::from(database.writes_per_second) * SECONDS_PER_MONTH;
    let write_kb_per_month = writes_per_month * u64::from(database.average_write_kb);

    if database.engine == DatabaseEngine::Dynamodb {
        let has_replica = deployment.has_live_data();
        match capacity {
            Some(capacity) if has_replica => provisioned_capacity_lines(bill, region, capacity),
            Some(_) => {}
            None => on_demand_request_lines(bill, plan, deployment, global_table),
        }
        let retained_backups = u64::from(BACKUP_RETENTION_DAYS) * u64::from(database.storage_gb);
        if has_replica {
            bill.add(
                region,
                "Amazon DynamoDB",
                "table storage (a full copy)".into(),
                u64::from(database.storage_gb),
                "GB-Mo",
                "dynamodb.storage_gb_month",
            );
            bill.add(
                region,
                "Amazon DynamoDB",
                "point-in-time recovery (continuous backups of this replica)".into(),
                u64::from(database.storage_gb),
                "GB-Mo",
                "dynamodb.pitr_gb_month",
            );
            if region == plan.data_home() {
                bill.add(
                    region,
                    "Amazon DynamoDB",
                    format!("AWS Backup: {BACKUP_RETENTION_DAYS} daily full backups kept"),
                    retained_backups,
                    "GB-Mo",
                    "dynamodb.backup_gb_month",
                );
            }
        } else {
            bill.add(
                region,
                "Amazon DynamoDB",
                format!("AWS Backup copies: {BACKUP_RETENTION_DAYS} daily full backups kept"),
                retained_backups,
                "GB-Mo",
                "dynamodb.backup_gb_month",
            );
            daily_full_copy_transfer(bill, plan, region, "backup");
        }
        return;
    }

    let engine = match database.engine {
        DatabaseEngine::AuroraMysql => "aurora_mysql",
        _ => "aurora_postgresql",
    };
    let io_optimized = database.storage_mode == StorageMode::IoOptimized;
    let instances = deployment.database_instances;
    if !deployment.has_live_data() {
        // Aurora copies a cluster snapshot to another region in full, never incrementally
        // (Aurora user guide, "Copying a DB cluster snapshot"): every daily copy moves and
        // keeps the whole cluster, with no free allowance in a region without the cluster.
        bill.add(
            region,
            "Amazon Aurora",
            format!("AWS Backup copies: {BACKUP_RETENTION_DAYS} daily full snapshot copies kept"),
            u64::from(BACKUP_RETENTION_DAYS) * u64::from(database.storage_gb),
            "GB-Mo",
            "aurora.backup_gb_month",
        );
        daily_full_copy_transfer(bill, plan, region, "snapshot");
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

    if region == plan.data_home() {
        // Each daily snapshot adds the data changed since the one before; the first full copy
        // is within Aurora's free backup storage (the cluster's own size).
        bill.add_decimal(
            region,
            "Amazon Aurora",
            format!("AWS Backup: {BACKUP_RETENTION_DAYS} daily snapshots kept (changed data)"),
            (kb_to_gb(write_kb_per_month) * Decimal::from(BACKUP_RETENTION_DAYS)
                / Decimal::from(30))
            .round_dp(3),
            "GB-Mo",
            "aurora.backup_gb_month",
        );
    }
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
    }
}

fn app_lines(bill: &mut Bill, plan: &Plan, deployment: &RegionDeployment, serving_count: usize) {
    let region = deployment.region.as_str();
    let serving_here = matches!(deployment.role, RegionRole::Primary | RegionRole::Serving);
    let tasks = deployment.app_tasks;
    let has_infrastructure = deployment.has_app_infrastructure;
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
        // Rounded up once, over the whole month: rounding the per-second rate down first
        // would make a split over more regions look cheaper.
        let requests_per_lcu_month =
            serving_count as u64 * SECONDS_PER_MONTH * REQUESTS_PER_LCU_SECOND;
        let lcus = plan
            .traffic
            .requests_per_month
            .div_ceil(requests_per_lcu_month)
            .max(1);
        bill.add(
            region,
            "Elastic Load Balancing",
            format!("{lcus} LCU (new connections)"),
            lcus * u64::from(HOURS_PER_MONTH),
            "hours",
            "alb.lcu_hours",
        );
    }
    if deployment.nat_gateways > 0 {
        bill.add(
            region,
            "Amazon VPC",
            format!("{} NAT gateways (one per AZ)", deployment.nat_gateways),
            u64::from(deployment.nat_gateways * HOURS_PER_MONTH),
            "hours",
            "nat_gateway.hours",
        );
    }
}

/// The CloudWatch alarms the bundle creates, per region: in each region with a network
/// (`modules/monitoring`) the load balancer's 5xx where the app runs, Aurora's writer CPU in
/// the primary or its replication lag elsewhere, and in a global table's home one replication
/// alarm per other replica; in us-east-1 one per Route 53 health check (`modules/routing`);
/// and the primary-unreachable alarm of automated failover in the standby it promotes
/// (`modules/failover`). `plan.test.mjs` counts them in the real `terraform plan`.
pub fn alarms_by_region(plan: &Plan) -> Vec<(String, Vec<&'static str>)> {
    alarms_in(plan, &topology::deployment(plan))
}

fn alarms_in(plan: &Plan, deployment: &[RegionDeployment]) -> Vec<(String, Vec<&'static str>)> {
    let is_aurora = plan.database.engine != DatabaseEngine::Dynamodb;
    let mut alarms: Vec<(String, Vec<&'static str>)> = Vec::new();
    let mut add = |region: &str, alarm: &'static str| match alarms
        .iter_mut()
        .find(|(name, _)| name == region)
    {
        Some((_, list)) => list.push(alarm),
        None => alarms.push((region.to_owned(), vec![alarm])),
    };
    let live_regions = deployment.iter().filter(|r| r.has_live_data()).count();
    for region in deployment {
        let name = region.region.as_str();
        let networked = region.has_app_infrastructure || (is_aurora && region.has_live_data());
        if !networked {
            continue;
        }
        if region.has_app_infrastructure {
            add(name, "load balancer 5xx");
        }
        if is_aurora && region.has_live_data() {
            add(
                name,
                if region.is_primary() {
                    "writer CPU"
                } else {
                    "replication lag"
                },
            );
        }
        if !is_aurora && name == plan.data_home() {
            for _ in 1..live_regions {
                add(name, "global table replication latency");
            }
        }
    }
    for _ in 0..health_checked_endpoints(plan, deployment) {
        add("us-east-1", "Route 53 health check");
    }
    if let Some(target) = topology::failover_target(plan, deployment) {
        add(&target.region, "primary unreachable (automated failover)");
    }
    alarms
}

/// The regions behind the entry point, as the bundle's routing module lists them, each with a
/// health check: every region that runs the app; Route 53 failover records take only the
/// primary and the first standby (one PRIMARY and one SECONDARY record per name).
fn health_checked_endpoints(plan: &Plan, deployment: &[RegionDeployment]) -> usize {
    let app_regions = deployment
        .iter()
        .filter(|region| region.has_app_infrastructure)
        .count();
    if plan.effective_routing() == Routing::Route53Failover {
        app_regions.min(2)
    } else {
        app_regions
    }
}

fn alarm_lines(bill: &mut Bill, plan: &Plan, deployment: &[RegionDeployment]) {
    for (region, alarms) in alarms_in(plan, deployment) {
        let mut kinds: Vec<&str> = alarms.clone();
        kinds.dedup();
        bill.add(
            &region,
            "Amazon CloudWatch",
            format!("{} alarms ({})", alarms.len(), kinds.join(", ")),
            alarms.len() as u64,
            "alarms",
            "cloudwatch.alarm_month",
        );
    }
}

fn routing_lines(bill: &mut Bill, plan: &Plan, deployment: &[RegionDeployment]) {
    let routing = plan.effective_routing();
    let endpoints = health_checked_endpoints(plan, deployment);
    bill.add(
        "global",
        "Amazon Route 53",
        "hosted zone".into(),
        1,
        "zones",
        "route53.hosted_zone_month",
    );
    match routing {
        Routing::GlobalAccelerator => {
            bill.add(
                "global",
                "AWS Global Accelerator",
                "accelerator fixed fee".into(),
                u64::from(HOURS_PER_MONTH),
                "hours",
                "global_accelerator.hours",
            );
            // The premium is charged per pair of the endpoint's and the users' continents;
            // users are taken to be on the continent of the region serving them (the egress
            // split of the serving regions).
            let mut by_group: Vec<(&str, Decimal)> = Vec::new();
            for (region, gigabytes) in egress_by_serving_region(plan) {
                let group = crate::catalog::accelerator_location(region);
                match by_group.iter_mut().find(|(known, _)| *known == group) {
                    Some((_, total)) => *total += gigabytes,
                    None => by_group.push((group, gigabytes)),
                }
            }
            for (group, gigabytes) in by_group {
                bill.add_decimal(
                    "global",
                    "AWS Global Accelerator",
                    format!("data transfer premium, {group} endpoints to {group} users"),
                    gigabytes,
                    "GB",
                    &format!("global_accelerator.dt_premium_gb:{group}"),
                );
            }
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
        }
    }
    // Every routing keeps a Route 53 health check per endpoint: its alarm is what an operator
    // (or the failover function) acts on. Each measures latency over HTTPS.
    let checks = endpoints as u64;
    bill.add(
        "global",
        "Amazon Route 53",
        "HTTPS health checks".into(),
        checks,
        "checks",
        "route53.health_check_month",
    );
    let mut options = vec!["HTTPS", "latency measurement"];
    if plan.health_check.interval_seconds == 10 {
        options.push("10 s interval");
    }
    for option in options {
        bill.add(
            "global",
            "Amazon Route 53",
            format!("health-check option: {option}"),
            checks,
            "options",
            "route53.health_check_option_month",
        );
    }
}

/// Replication traffic between regions, billed as data transfer out of the region each write
/// leaves. A global database replicates from its writer, the primary; a global table
/// replicates every write from the region where it was made, so in active-active each
/// serving region sends its share of the writes to every other replica. Aurora's
/// active-active regions forward their share of the writes to the primary's writer first.
fn replication_lines(bill: &mut Bill, plan: &Plan, deployment: &[RegionDeployment]) {
    let database = &plan.database;
    let write_gb = kb_to_gb(
        u64::from(database.writes_per_second)
            * SECONDS_PER_MONTH
            * u64::from(database.average_write_kb),
    );
    let writers: Vec<&str> = deployment
        .iter()
        .filter(|region| matches!(region.role, RegionRole::Primary | RegionRole::Serving))
        .map(|region| region.region.as_str())
        .collect();
    let shares = split_evenly(write_gb, writers.len());
    let active_active = plan.pattern == DeploymentPattern::ActiveActive;
    let multi_writer = active_active && database.engine == DatabaseEngine::Dynamodb;
    // Where replication leaves from, and how much: every writer its share, or the writer all.
    let sources: Vec<(&str, Decimal)> = if multi_writer {
        writers.iter().copied().zip(shares).collect()
    } else {
        if active_active {
            for (writer, share) in writers.iter().zip(&shares) {
                if *writer != plan.primary_region {
                    bill.add_decimal(
                        writer,
                        "Data transfer",
                        format!("writes forwarded to the writer in {}", plan.primary_region),
                        *share,
                        "GB",
                        &inter_region_key(&plan.primary_region),
                    );
                }
            }
        }
        vec![(plan.primary_region.as_str(), write_gb)]
    };
    for (source, gigabytes) in sources {
        for replica in deployment
            .iter()
            .filter(|region| region.has_live_data() && region.region != source)
        {
            let replica = &replica.region;
            bill.add_decimal(
                source,
                "Data transfer",
                if multi_writer {
                    format!("inter-region replication to {replica} (writes made in {source})")
                } else {
                    format!("inter-region replication to {replica}")
                },
                gigabytes,
                "GB",
                &inter_region_key(replica),
            );
        }
    }
}

/// A daily AWS Backup copy of the whole data set from the data's home to `region`.
fn daily_full_copy_transfer(bill: &mut Bill, plan: &Plan, region: &str, what: &str) {
    let days = Decimal::from(HOURS_PER_MONTH) / Decimal::from(24);
    bill.add_decimal(
        plan.data_home(),
        "Data transfer",
        format!("daily full {what} copy to {region}"),
        (days * Decimal::from(plan.database.storage_gb)).round_dp(3),
        "GB",
        &inter_region_key(region),
    );
}

/// The price key of data transfer to `destination`, billed in the region it leaves: AWS
/// prices inter-region transfer per pair of regions (us-east-1 to us-east-2 costs half of
/// us-east-1 to anywhere else).
pub fn inter_region_key(destination: &str) -> String {
    format!("data_transfer.inter_region_out_gb:{destination}")
}

/// What the bundle deploys around the app and the data in one region: its KMS key, the
/// credentials secrets (Aurora), the interface endpoints, public IPv4 addresses, WAF, the
/// Valkey cache and the logs. `requests` is the region's share of the plan's requests.
fn platform_lines(bill: &mut Bill, plan: &Plan, deployment: &RegionDeployment, requests: Decimal) {
    let region = deployment.region.as_str();
    bill.add(
        region,
        "AWS KMS",
        "1 customer managed key".into(),
        1,
        "keys",
        "kms.key_month",
    );
    if plan.database.engine != DatabaseEngine::Dynamodb && deployment.has_live_data() {
        let item = if region == plan.data_home() {
            "2 secrets (master and app user credentials)"
        } else {
            "2 secret replicas (master and app user credentials)"
        };
        bill.add(
            region,
            "AWS Secrets Manager",
            item.into(),
            2,
            "secrets",
            "secrets_manager.secret_month",
        );
    }
    if !deployment.has_app_infrastructure {
        return;
    }
    let zones = crate::catalog::availability_zones(region);
    bill.add(
        region,
        "Amazon VPC",
        format!("{INTERFACE_ENDPOINTS_PER_REGION} interface endpoints × {zones} zones"),
        u64::from(INTERFACE_ENDPOINTS_PER_REGION * zones * HOURS_PER_MONTH),
        "hours",
        "vpc.interface_endpoint_hours",
    );
    let addresses = deployment.nat_gateways + zones;
    bill.add(
        region,
        "Amazon VPC",
        format!(
            "{addresses} public IPv4 addresses ({} NAT gateways, load balancer in {zones} zones)",
            deployment.nat_gateways
        ),
        u64::from(addresses * HOURS_PER_MONTH),
        "hours",
        "vpc.public_ipv4_hours",
    );
    bill.add(
        region,
        "AWS WAF",
        "web ACL".into(),
        1,
        "web ACLs",
        "waf.web_acl_month",
    );
    bill.add(
        region,
        "AWS WAF",
        format!("{WAF_RULES_PER_WEB_ACL} rules (3 managed rule groups, rate limit)"),
        u64::from(WAF_RULES_PER_WEB_ACL),
        "rules",
        "waf.rule_month",
    );
    if requests > Decimal::ZERO {
        bill.add_decimal(
            region,
            "AWS WAF",
            "requests inspected".into(),
            requests,
            "requests",
            "waf.requests",
        );
    }
    if crate::read_write_split::shares_window_between_tasks(plan) {
        bill.add(
            region,
            "Amazon ElastiCache",
            format!("{CACHE_NODES_PER_REGION} × {CACHE_NODE_TYPE} Valkey node-hours (read-after-write window)"),
            u64::from(CACHE_NODES_PER_REGION * HOURS_PER_MONTH),
            "hours",
            &format!("elasticache.valkey_node_hours:{CACHE_NODE_TYPE}"),
        );
    }
    if requests > Decimal::ZERO {
        let gigabytes = |bytes_per_request: u64| {
            requests * Decimal::from(bytes_per_request) / Decimal::from(1_000_000_000u64)
        };
        let app_logs = gigabytes(APP_LOG_BYTES_PER_REQUEST);
        let vended_logs = gigabytes(WAF_LOG_BYTES_PER_REQUEST + FLOW_LOG_BYTES_PER_REQUEST);
        bill.add_decimal(
            region,
            "Amazon CloudWatch",
            format!("app logs ingested ({APP_LOG_BYTES_PER_REQUEST} B per request)"),
            app_logs.round_dp(3),
            "GB",
            "cloudwatch.logs_ingested_gb",
        );
        // The tasks reach AWS through the VPC endpoints, not the NAT gateways: S3 (image
        // layers) and DynamoDB through gateway endpoints at no charge, the app's log stream
        // through the CloudWatch Logs interface endpoint, which bills the bytes it carries.
        // Image manifests and secrets are a few KB per task start. Only the app's own calls
        // to the internet cross the NAT gateways, which a plan does not describe.
        bill.add_decimal(
            region,
            "Amazon VPC",
            "interface endpoint data processed (app logs to CloudWatch Logs)".into(),
            app_logs.round_dp(3),
            "GB",
            "vpc.interface_endpoint_gb",
        );
        bill.add_decimal(
            region,
            "Amazon CloudWatch",
            format!(
                "WAF and VPC flow logs ingested ({} B per request)",
                WAF_LOG_BYTES_PER_REQUEST + FLOW_LOG_BYTES_PER_REQUEST
            ),
            vended_logs.round_dp(3),
            "GB",
            "cloudwatch.vended_logs_gb",
        );
        bill.add_decimal(
            region,
            "Amazon CloudWatch",
            format!(
                "logs stored: {LOG_RETENTION_MONTHS} months kept, {LOG_STORAGE_PERCENT} % after compression"
            ),
            ((app_logs + vended_logs)
                * Decimal::from(LOG_RETENTION_MONTHS * LOG_STORAGE_PERCENT)
                / Decimal::from(100))
            .round_dp(3),
            "GB-Mo",
            "cloudwatch.logs_storage_gb_month",
        );
    }
}

/// Splits `total` into `parts` shares rounded to 0.001 that add up to exactly `total` (the
/// last share takes the rounding remainder).
fn split_evenly(total: Decimal, parts: usize) -> Vec<Decimal> {
    let share = (total / Decimal::from(parts.max(1))).round_dp(3);
    let mut shares = vec![share; parts];
    if let Some(last) = shares.last_mut() {
        *last = total - share * Decimal::from(parts - 1);
    }
    shares
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
