//! What the architecture diagram says, before any geometry: the entry point, one card per
//! region (its role, network, load balancer, app tasks, database, replication, cache and
//! monthly cost) and the links between regions, read from the plan's topology and its
//! estimate. The "after losing the primary" view is the same design one step into a regional
//! outage: the lost region, the region that takes the writes, what scales and what is lost.

use planner::catalog;
use planner::display::{duration, usd};
use planner::plan::text::inert;
use planner::plan::{CapacityMode, DatabaseEngine, Routing};
use planner::recovery::{
    AURORA_GLOBAL_LAG_SECONDS, BACKUP_COPY_INTERVAL_SECONDS, DYNAMODB_GLOBAL_LAG_SECONDS,
};
use planner::topology::{self, RegionDeployment, RegionRole};
use planner::{Decimal, DeploymentPattern, Estimate, Plan};

/// Which moment of the design the diagram shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Every region as the plan deploys it.
    AsPlanned,
    /// The same design after its primary region is lost.
    AfterPrimaryLoss,
}

/// How a region card is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardState {
    Normal,
    /// The primary, in the primary's writer role.
    Primary,
    /// The primary, lost to the outage.
    Lost,
    /// The region that takes the writes after the outage.
    TakesOver,
}

/// What a card line is about; the layout anchors the links on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Heading,
    Name,
    Detail,
    /// The load balancer, where traffic enters the region.
    Balancer,
    /// The database, where replication arrives.
    Database,
    Cost,
}

/// One line of a card, before wrapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub kind: LineKind,
    pub text: String,
}

/// How users reach a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Traffic {
    None,
    /// Serves users now.
    Serving,
    /// Receives users only once the primary fails.
    OnFailover,
}

/// One region of the diagram.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionCard {
    pub region: String,
    pub state: CardState,
    pub traffic: Traffic,
    pub lines: Vec<Line>,
}

/// How data moves between two regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// Continuous replication from `from` to `to`.
    Replication,
    /// A multi-writer global table: both regions send their writes to each other.
    BothWays,
    /// Daily AWS Backup copies.
    BackupCopy,
}

/// Data moving from one card to another (indexes into [`Scene::regions`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataLink {
    pub from: usize,
    pub to: usize,
    pub kind: LinkKind,
}

/// Everything the diagram says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scene {
    pub title: String,
    pub description: String,
    /// The entry point's card: a heading and its lines.
    pub entry: Vec<Line>,
    pub regions: Vec<RegionCard>,
    pub links: Vec<DataLink>,
    /// After losing the primary: what happens, step by step. Empty in the planned view.
    pub recovery: Vec<Line>,
}

impl Scene {
    /// The diagram as a list of sentences, for screen readers and the page's text version.
    pub fn as_text(&self) -> Vec<String> {
        let sentence = |lines: &[Line]| {
            lines
                .iter()
                .map(|line| line.text.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        };
        let mut text = vec![format!(
            "Users reach the regions through {}",
            sentence(&self.entry)
        )];
        text.extend(self.regions.iter().map(|card| sentence(&card.lines)));
        if !self.recovery.is_empty() {
            text.push(sentence(&self.recovery));
        }
        text
    }
}

/// Describes `plan` and its `estimate` as the diagram will draw them.
pub fn scene(plan: &Plan, estimate: &Estimate, view: View) -> Scene {
    let deployment = topology::deployment(plan);
    let lost = view == View::AfterPrimaryLoss;
    let takeover = if lost {
        takeover_region(plan, &deployment)
    } else {
        None
    };
    // Where the data flows from: the writer, or after the outage the region taking over.
    let source = takeover.unwrap_or(0);
    let multi_writer = plan.pattern == DeploymentPattern::ActiveActive
        && plan.database.engine == DatabaseEngine::Dynamodb;
    let mut regions = Vec::with_capacity(deployment.len());
    for (index, region) in deployment.iter().enumerate() {
        let state = match (region.is_primary(), lost, takeover == Some(index)) {
            (true, true, _) => CardState::Lost,
            (true, false, _) => CardState::Primary,
            (false, _, true) => CardState::TakesOver,
            _ => CardState::Normal,
        };
        regions.push(region_card(
            plan,
            estimate,
            &deployment,
            region,
            state,
            source,
            multi_writer,
        ));
    }
    let mut links = Vec::new();
    for (index, region) in deployment.iter().enumerate() {
        if index == source || (lost && region.is_primary()) {
            continue;
        }
        let kind = match region.role {
            RegionRole::BackupCopy => LinkKind::BackupCopy,
            _ if multi_writer => LinkKind::BothWays,
            _ => LinkKind::Replication,
        };
        // Backup copies come from the data's home, which is lost with the primary.
        if !(lost && kind == LinkKind::BackupCopy) {
            links.push(DataLink {
                from: source,
                to: index,
                kind,
            });
        }
    }
    let pattern = plan.pattern.profile().title;
    let regions_text = count(deployment.len() as u32, "region");
    let (title, description) = if lost {
        let primary = &plan.primary_region;
        let outcome = match takeover {
            Some(index) => format!("{} takes the writes", deployment[index].region),
            None => "no other region holds the app or the data".to_owned(),
        };
        (
            format!("{pattern} across {regions_text}, after losing {primary}"),
            format!(
                "Architecture of the plan \"{}\" after losing its primary, {primary}: {outcome}.",
                inert(&plan.name)
            ),
        )
    } else {
        (
            format!("{pattern} across {regions_text}"),
            format!(
                "Architecture of the plan \"{}\": {pattern}, primary {}, monthly total {}.",
                inert(&plan.name),
                plan.primary_region,
                usd(estimate.cost.total_monthly_usd)
            ),
        )
    };
    Scene {
        title,
        description,
        entry: entry_lines(plan, estimate),
        regions,
        links,
        recovery: if lost {
            recovery_lines(
                plan,
                estimate,
                takeover.map(|index| deployment[index].region.as_str()),
            )
        } else {
            Vec::new()
        },
    }
}

/// The region that takes the writes after the primary is lost: the bundle's failover target,
/// else the first region with a live copy of the data, else (backup & restore) the first
/// region holding backup copies.
fn takeover_region(plan: &Plan, deployment: &[RegionDeployment]) -> Option<usize> {
    let position = |wanted: &RegionDeployment| {
        deployment
            .iter()
            .position(|region| region.region == wanted.region)
    };
    topology::failover_target(plan, deployment)
        .and_then(position)
        .or_else(|| {
            deployment
                .iter()
                .position(|region| !region.is_primary() && region.has_live_data())
        })
        .or_else(|| {
            deployment
                .iter()
                .position(|region| region.role == RegionRole::BackupCopy)
        })
}

fn line(kind: LineKind, text: impl Into<String>) -> Line {
    Line {
        kind,
        text: text.into(),
    }
}

/// `1 reader`, `2 readers`.
fn count(number: u32, noun: &str) -> String {
    if number == 1 {
        format!("1 {noun}")
    } else {
        format!("{number} {noun}s")
    }
}

fn monthly(amount: Decimal) -> String {
    format!("{}/month", usd(amount))
}

fn region_total(estimate: &Estimate, region: &str) -> Decimal {
    estimate
        .cost
        .region_totals
        .iter()
        .find(|(name, _)| name == region)
        .map(|(_, total)| *total)
        .unwrap_or_default()
}

/// The monthly cost of data sent from `from` to `to`: the data-transfer lines billed in
/// `from` whose item names `to` as the destination.
pub fn transfer_cost(estimate: &Estimate, from: &str, to: &str) -> Decimal {
    estimate
        .cost
        .lines
        .iter()
        .filter(|line| line.region == from && line.service == "Data transfer")
        .filter(|line| names_destination(&line.item, to))
        .filter_map(|line| line.monthly_usd)
        .sum()
}

/// Whether a data-transfer item (`inter-region replication to eu-west-1 (writes made in
/// us-east-1)`, `daily full backup copy to eu-west-1`) sends its data to `region`.
fn names_destination(item: &str, region: &str) -> bool {
    item.match_indices(region).any(|(start, _)| {
        let before = &item[..start];
        let after = &item[start + region.len()..];
        (before.ends_with(" to ") || before.ends_with(" writer in "))
            && !after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-')
    })
}

fn region_card(
    plan: &Plan,
    estimate: &Estimate,
    deployment: &[RegionDeployment],
    region: &RegionDeployment,
    state: CardState,
    source: usize,
    multi_writer: bool,
) -> RegionCard {
    let name = catalog::find_region(&region.region)
        .map(|found| found.name)
        .unwrap_or("");
    let role = match (state, region.role) {
        (CardState::Lost, _) => "lost",
        (CardState::TakesOver, _) => "new primary",
        (_, RegionRole::Primary) => "primary",
        (_, RegionRole::Serving) => "serving",
        (_, RegionRole::Standby) => "standby",
        (_, RegionRole::BackupCopy) => "backup copies",
    };
    let mut lines = vec![
        line(LineKind::Heading, format!("{} · {role}", region.region)),
        line(LineKind::Name, name),
    ];
    let traffic = match (state, region.role) {
        (CardState::Lost, _) => Traffic::None,
        (CardState::TakesOver, _) | (_, RegionRole::Primary | RegionRole::Serving) => {
            Traffic::Serving
        }
        (_, RegionRole::Standby) => Traffic::OnFailover,
        (_, RegionRole::BackupCopy) => Traffic::None,
    };
    if state == CardState::Lost {
        lines.push(line(
            LineKind::Detail,
            "Region unavailable: no traffic, no writes",
        ));
        if let Some(rpo) = estimate.recovery.rpo_label(duration) {
            lines.push(line(
                LineKind::Database,
                format!("Writes not yet copied are lost: RPO {rpo}"),
            ));
        } else {
            lines.push(line(
                LineKind::Database,
                "The data waits for the region to return",
            ));
        }
        lines.push(line(
            LineKind::Cost,
            format!(
                "{} as planned",
                monthly(region_total(estimate, &region.region))
            ),
        ));
        return RegionCard {
            region: region.region.clone(),
            state,
            traffic,
            lines,
        };
    }
    let takes_over = state == CardState::TakesOver;
    if region.has_app_infrastructure {
        lines.push(line(
            LineKind::Detail,
            format!(
                "VPC across {} zones, {}",
                catalog::availability_zones(&region.region)
                    .min(topology::AVAILABILITY_ZONES_PER_REGION),
                count(region.nat_gateways, "NAT gateway")
            ),
        ));
        lines.push(line(LineKind::Balancer, "Load balancer (ALB) with WAF"));
        lines.push(line(LineKind::Detail, app_text(plan, region, takes_over)));
    } else if takes_over {
        lines.push(line(
            LineKind::Balancer,
            "VPC, load balancer and app deployed from the bundle",
        ));
        lines.push(line(
            LineKind::Detail,
            format!("App: scales 0 → {} Fargate tasks", region.app_max_tasks),
        ));
    }
    lines.push(line(
        LineKind::Database,
        database_text(plan, region, takes_over),
    ));
    if let Some(text) = replication_text(
        estimate,
        deployment,
        region,
        source,
        multi_writer,
        takes_over,
    ) {
        lines.push(line(LineKind::Detail, text));
    }
    if estimate
        .cost
        .lines
        .iter()
        .any(|line| line.region == region.region && line.service == "Amazon ElastiCache")
    {
        lines.push(line(
            LineKind::Detail,
            "Valkey cache: the read-after-write window",
        ));
    }
    lines.push(line(
        LineKind::Cost,
        monthly(region_total(estimate, &region.region)),
    ));
    RegionCard {
        region: region.region.clone(),
        state,
        traffic,
        lines,
    }
}

fn app_text(plan: &Plan, region: &RegionDeployment, takes_over: bool) -> String {
    let size = format!("{} vCPU, {} GB", plan.app.vcpu, plan.app.memory_gb);
    if takes_over && region.app_tasks < region.app_max_tasks {
        format!(
            "App: scales {} → {} Fargate tasks ({size})",
            region.app_tasks, region.app_max_tasks
        )
    } else if region.app_tasks == region.app_max_tasks {
        format!("App: {} Fargate tasks ({size})", region.app_tasks)
    } else {
        format!(
            "App: {} Fargate tasks, up to {} ({size})",
            region.app_tasks, region.app_max_tasks
        )
    }
}

fn database_text(plan: &Plan, region: &RegionDeployment, takes_over: bool) -> String {
    let database = &plan.database;
    let engine = database.engine;
    if engine == DatabaseEngine::Dynamodb {
        return match (region.role, takes_over) {
            (RegionRole::BackupCopy, true) => "DynamoDB table restored from the latest copy".into(),
            (RegionRole::BackupCopy, false) => "AWS Backup vault: daily table copies".into(),
            (_, true) => "DynamoDB replica takes the writes".into(),
            (RegionRole::Primary, false) => match database.capacity_mode {
                CapacityMode::OnDemand => "DynamoDB global table, on-demand".into(),
                CapacityMode::Provisioned => {
                    "DynamoDB global table, provisioned with auto scaling".into()
                }
            },
            (_, false) => "DynamoDB replica".into(),
        };
    }
    let title = engine.title();
    let class = &database.instance_class;
    match (region.role, takes_over) {
        (RegionRole::BackupCopy, true) => {
            format!("{title} restored from the latest copy, {class}")
        }
        (RegionRole::BackupCopy, false) => "AWS Backup vault: daily cluster snapshots".into(),
        (_, true) if region.database_instances == 0 => {
            format!("{title}: writer added ({class}) and promoted")
        }
        (_, true) => format!("{title}: secondary promoted to writer"),
        (RegionRole::Primary, false) => match region.database_instances.saturating_sub(1) {
            0 => format!("{title} writer, {class}"),
            readers => format!("{title} writer + {}, {class}", count(readers, "reader")),
        },
        (_, false) if region.database_instances == 0 => {
            format!("{title} secondary, headless (storage only)")
        }
        (_, false) => format!(
            "{title} secondary: {}, {class}",
            count(region.database_instances, "reader")
        ),
    }
}

/// The replication line of a card: what the region sends, or what it receives and from where,
/// with the lag and the monthly transfer cost of that arrow.
fn replication_text(
    estimate: &Estimate,
    deployment: &[RegionDeployment],
    region: &RegionDeployment,
    source: usize,
    multi_writer: bool,
    takes_over: bool,
) -> Option<String> {
    let source = &deployment[source];
    let lag = if estimate.read_write_split.read_after_write.replication == "dynamodb_global" {
        DYNAMODB_GLOBAL_LAG_SECONDS
    } else {
        AURORA_GLOBAL_LAG_SECONDS
    };
    let live_receivers = deployment
        .iter()
        .filter(|other| other.region != source.region && other.has_live_data())
        .filter(|other| !(takes_over && other.is_primary()))
        .count();
    if region.region == source.region && !multi_writer {
        return (live_receivers > 0)
            .then(|| format!("→ replicates to {}", count(live_receivers as u32, "region")));
    }
    if multi_writer {
        let sent: Decimal = deployment
            .iter()
            .filter(|other| other.region != region.region)
            .map(|other| transfer_cost(estimate, &region.region, &other.region))
            .sum();
        return Some(format!(
            "⇄ every replica, lag ~{}: {} out",
            duration(lag),
            monthly(sent)
        ));
    }
    let cost = monthly(transfer_cost(estimate, &source.region, &region.region));
    Some(if region.role == RegionRole::BackupCopy {
        format!(
            "← copy from {} every {}: {cost}",
            source.region,
            duration(BACKUP_COPY_INTERVAL_SECONDS)
        )
    } else {
        format!("← from {}, lag ~{}: {cost}", source.region, duration(lag))
    })
}

fn entry_lines(plan: &Plan, estimate: &Estimate) -> Vec<Line> {
    let routing = plan.effective_routing();
    let check = format!(
        "health checks every {} s, unhealthy after {}",
        plan.health_check.interval_seconds,
        count(plan.health_check.failure_threshold, "failure")
    );
    let mut lines = vec![line(LineKind::Heading, routing.title())];
    lines.push(line(
        LineKind::Detail,
        match routing {
            Routing::Route53Failover if plan.secondary_regions.is_empty() => {
                "DNS: the one region's record".to_owned()
            }
            Routing::Route53Failover => "DNS: primary record, secondary on failover".to_owned(),
            Routing::Route53Latency => "DNS: the nearest healthy region".to_owned(),
            Routing::GlobalAccelerator => "Anycast IPs, one endpoint group per region".to_owned(),
        },
    ));
    lines.push(line(LineKind::Detail, check));
    if routing != Routing::GlobalAccelerator {
        lines.push(line(
            LineKind::Detail,
            format!("DNS TTL {} s", plan.dns_ttl_seconds),
        ));
    }
    lines.push(line(
        LineKind::Cost,
        format!("{} global", monthly(region_total(estimate, "global"))),
    ));
    lines
}

fn recovery_lines(plan: &Plan, estimate: &Estimate, takeover: Option<&str>) -> Vec<Line> {
    let recovery = &estimate.recovery;
    let primary = &plan.primary_region;
    let Some(region) = takeover else {
        return vec![
            line(LineKind::Heading, format!("After losing {primary}")),
            line(
                LineKind::Detail,
                "No other region holds the app or the data: recovery waits for the region.",
            ),
        ];
    };
    let mut lines = vec![line(
        LineKind::Heading,
        format!("After losing {primary}: {region} takes the writes"),
    )];
    for (number, step) in recovery.rto_steps.iter().enumerate() {
        lines.push(line(
            LineKind::Detail,
            format!(
                "{}. {}: {} to {}",
                number + 1,
                step.step,
                duration(step.starts_at_seconds),
                duration(step.starts_at_seconds + step.seconds)
            ),
        ));
    }
    if let (Some(typical), Some(worst)) = (recovery.rto_seconds, recovery.rto_worst_seconds) {
        lines.push(line(
            LineKind::Cost,
            format!(
                "RTO {} typical, {} worst",
                duration(typical),
                duration(worst)
            ),
        ));
    }
    if let Some(rpo) = recovery.rpo_label(duration) {
        lines.push(line(LineKind::Cost, format!("Data lost: RPO {rpo}")));
    }
    lines
}
