//! How people name the plan's fields: each one's label as the planner form shows it and, for
//! numbers, the unit and the range validation allows. [`PlanError::for_people`] turns an error
//! at a field's JSON path into a sentence about that field ("Storage must be a whole number of
//! GB from 1 to 131,072"), whether a parser or the range check found it; a test holds each
//! range here equal to the one validation enforces.

use super::PlanError;
use crate::display::group_thousands;

/// A number field: its label, unit and allowed range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberField {
    pub path: &'static str,
    pub label: &'static str,
    /// The unit counted, read after "a whole number of" (`GB`, `seconds`); empty for a count.
    pub of: &'static str,
    /// Read after the range (` per second`, ` %`).
    pub after: &'static str,
    /// Bounds as plain digits (a decimal point where the field takes fractions).
    pub min: &'static str,
    pub max: &'static str,
    /// Whole numbers only.
    pub whole: bool,
}

const fn whole(path: &'static str, label: &'static str, of: &'static str) -> NumberField {
    NumberField {
        path,
        label,
        of,
        after: "",
        min: "0",
        max: "0",
        whole: true,
    }
}

impl NumberField {
    const fn range(self, min: &'static str, max: &'static str) -> NumberField {
        NumberField { min, max, ..self }
    }

    const fn after(self, after: &'static str) -> NumberField {
        NumberField { after, ..self }
    }

    const fn fractional(self) -> NumberField {
        NumberField {
            whole: false,
            ..self
        }
    }

    /// "Storage must be a whole number of GB from 1 to 131,072".
    pub fn rule(&self) -> String {
        let kind = if self.whole {
            "a whole number"
        } else {
            "a number"
        };
        let of = if self.of.is_empty() {
            String::new()
        } else {
            format!(" of {}", self.of)
        };
        format!(
            "{} must be {kind}{of} from {} to {}{}",
            self.label,
            readable(self.min),
            readable(self.max),
            self.after
        )
    }
}

/// `131072` → `131,072`, `99.99999` unchanged after the point.
fn readable(bound: &str) -> String {
    match bound.split_once('.') {
        Some((whole, fraction)) => format!("{}.{fraction}", group_thousands(whole)),
        None => group_thousands(bound),
    }
}

/// Thirty days in seconds: the longest recovery target a plan takes.
pub const THIRTY_DAYS_SECONDS: u32 = 30 * 24 * 3600;

/// The plan's number fields, in form order.
pub const NUMBER_FIELDS: [NumberField; 18] = [
    whole("database.readers_per_region", "Readers per region", "").range("0", "15"),
    whole("database.storage_gb", "Storage", "GB").range("1", "131072"),
    whole("database.reads_per_second", "Reads", "")
        .range("0", "10000000")
        .after(" per second"),
    whole("database.writes_per_second", "Writes", "")
        .range("0", "1000000")
        .after(" per second"),
    whole("database.average_write_kb", "Average write", "KB").range("1", "1024"),
    whole("database.managed_rpo_seconds", "Managed RPO", "seconds").range("20", "86400"),
    whole("app.tasks", "Tasks at full scale", "").range("1", "1000"),
    whole("app.standby_capacity_percent", "Standby capacity", "")
        .range("0", "100")
        .after(" %"),
    whole("traffic.requests_per_month", "Requests", "")
        .range("0", "10000000000000")
        .after(" per month"),
    whole("traffic.egress_gb_per_month", "Internet egress", "GB")
        .range("0", "100000000")
        .after(" per month"),
    whole(
        "health_check.failure_threshold",
        "Failure threshold",
        "checks",
    )
    .range("1", "10"),
    whole(
        "health_check.interval_seconds",
        "Health-check interval",
        "seconds",
    )
    .range("10", "30"),
    whole("dns_ttl_seconds", "DNS TTL", "seconds").range("0", "86400"),
    whole("purchasing.coverage_percent", "Committed share", "")
        .range("0", "100")
        .after(" %"),
    whole("targets.rto_seconds", "RTO target", "seconds").range("1", "2592000"),
    whole("targets.rpo_seconds", "RPO target", "seconds").range("0", "2592000"),
    whole("targets.availability_percent", "Availability target", "")
        .range("50", "99.99999")
        .after(" %")
        .fractional(),
    whole("targets.monthly_budget_usd", "Monthly budget", "US dollars")
        .range("1", "1000000000")
        .fractional(),
];

/// Labels of the fields that are not numbers.
const OTHER_LABELS: [(&str, &str); 20] = [
    ("version", "Plan version"),
    ("description", "Description"),
    ("name", "Plan name"),
    ("pattern", "Deployment pattern"),
    ("primary_region", "Primary region"),
    ("secondary_regions", "Secondary regions"),
    ("residency", "Data residency"),
    ("data_home_region", "Data home region"),
    ("database.engine", "Database engine"),
    ("database.instance_class", "Instance class"),
    ("database.storage_mode", "Storage mode"),
    ("database.read_consistency", "Read consistency"),
    ("database.capacity_mode", "DynamoDB capacity"),
    ("app.vcpu", "vCPU per task"),
    ("app.memory_gb", "Memory per task"),
    ("routing", "Routing"),
    ("failover", "Failover"),
    ("targets", "Targets"),
    ("purchasing.term", "Purchasing term"),
    ("purchasing.payment", "Payment option"),
];

/// The number field at `path`.
pub fn number_field(path: &str) -> Option<&'static NumberField> {
    NUMBER_FIELDS.iter().find(|field| field.path == path)
}

/// How the form labels the field at `path` (or the field an item of it belongs to:
/// `secondary_regions[1]` is a secondary region).
pub fn label(path: &str) -> Option<&'static str> {
    let field = path.split('[').next().unwrap_or(path);
    number_field(field).map(|field| field.label).or_else(|| {
        OTHER_LABELS
            .iter()
            .find(|(known, _)| *known == field)
            .map(|(_, label)| *label)
    })
}

/// The plan's inputs as people read them, in form order: `(label, value)` pairs for a shared
/// plan's page and the printed report.
pub fn inputs(plan: &crate::Plan) -> Vec<(&'static str, String)> {
    use super::{DatabaseEngine, FailoverMode, ReadConsistency, Routing, StorageMode};
    use crate::display::{duration, group_thousands, usd};
    let whole = |value: u64| group_thousands(&value.to_string());
    let mut rows = Vec::new();
    if let Some(description) = &plan.description {
        rows.push(("Description", description.clone()));
    }
    rows.extend([
        (
            "Deployment pattern",
            plan.pattern.profile().title.to_owned(),
        ),
        ("Primary region", plan.primary_region.clone()),
    ]);
    if !plan.secondary_regions.is_empty() {
        rows.push(("Secondary regions", plan.secondary_regions.join(", ")));
    }
    if let Some(residency) = &plan.residency {
        let names: Vec<&str> = residency
            .iter()
            .map(|slug| {
                crate::catalog::Geography::from_slug(slug)
                    .map_or(slug.as_str(), |geography| geography.title())
            })
            .collect();
        rows.push(("Data residency", names.join(", ")));
    }
    let database = &plan.database;
    let engine = match database.engine {
        DatabaseEngine::AuroraPostgresql => "Aurora PostgreSQL",
        DatabaseEngine::AuroraMysql => "Aurora MySQL",
        DatabaseEngine::Dynamodb => "DynamoDB global tables",
    };
    rows.push(("Database engine", engine.to_owned()));
    if database.engine == DatabaseEngine::Dynamodb {
        let consistency = match database.read_consistency {
            ReadConsistency::Strong => "strongly consistent reads",
            ReadConsistency::Eventual => "eventually consistent reads",
        };
        rows.push(("Read consistency", consistency.to_owned()));
        rows.push((
            "DynamoDB capacity",
            database.capacity_mode.title().to_owned(),
        ));
    } else {
        let mode = match database.storage_mode {
            StorageMode::Standard => "Standard",
            StorageMode::IoOptimized => "I/O-Optimized",
        };
        rows.push((
            "Instance class",
            format!(
                "{}, {} readers per region, {mode} storage",
                database.instance_class, database.readers_per_region
            ),
        ));
    }
    rows.push((
        "Database workload",
        format!(
            "{} GB; {} reads and {} writes per second, {} KB per write",
            whole(database.storage_gb.into()),
            whole(database.reads_per_second.into()),
            whole(database.writes_per_second.into()),
            database.average_write_kb
        ),
    ));
    let app = &plan.app;
    let mut tasks = format!(
        "{} tasks of {} vCPU and {} GB",
        app.tasks, app.vcpu, app.memory_gb
    );
    if let Some(percent) = app.standby_capacity_percent {
        tasks.push_str(&format!("; standby runs {percent} %"));
    }
    rows.push(("Application", tasks));
    rows.push((
        "Traffic",
        format!(
            "{} requests and {} GB of internet egress a month",
            compact(plan.traffic.requests_per_month),
            whole(plan.traffic.egress_gb_per_month)
        ),
    ));
    let routing = match plan.effective_routing() {
        Routing::Route53Latency => "Route 53 latency records",
        Routing::Route53Failover => "Route 53 failover records",
        Routing::GlobalAccelerator => "Global Accelerator",
    };
    let failover = match plan.failover {
        FailoverMode::Automated => "automated failover",
        FailoverMode::Manual => "manual failover",
    };
    rows.push((
        "Routing and failover",
        format!(
            "{routing}, {failover}; health checks every {} s, {} failures; DNS TTL {} s",
            plan.health_check.interval_seconds,
            plan.health_check.failure_threshold,
            plan.dns_ttl_seconds
        ),
    ));
    if let Some((term, payment)) = plan.purchasing.commitment() {
        rows.push((
            "Purchasing",
            format!(
                "{} {}, {} % of the steady capacity (Aurora reserved instances, Compute Savings Plan for Fargate)",
                term.title(),
                payment.title().to_ascii_lowercase(),
                plan.purchasing.coverage_percent
            ),
        ));
    }
    if let Some(targets) = &plan.targets {
        let mut wanted = Vec::new();
        if let Some(rto) = targets.rto_seconds {
            wanted.push(format!("RTO ≤ {}", duration(rto)));
        }
        if let Some(rpo) = targets.rpo_seconds {
            wanted.push(format!("RPO ≤ {}", duration(rpo)));
        }
        if let Some(availability) = targets.availability_percent {
            wanted.push(format!("availability ≥ {availability} %"));
        }
        if let Some(budget) = targets.monthly_budget_usd {
            wanted.push(format!("≤ {} a month", usd(budget)));
        }
        if !wanted.is_empty() {
            rows.push(("Targets", wanted.join(", ")));
        }
    }
    rows
}

/// A large count the way people say it: `100 M`, `2.5 B`, `12,000`.
pub fn compact(count: u64) -> String {
    let scaled = |divisor: u64, suffix: &str| {
        let tenths = count * 10 / divisor;
        if tenths.is_multiple_of(10) {
            format!("{} {suffix}", group_thousands(&(tenths / 10).to_string()))
        } else {
            format!("{}.{} {suffix}", tenths / 10, tenths % 10)
        }
    };
    match count {
        1_000_000_000.. => scaled(1_000_000_000, "B"),
        1_000_000.. => scaled(1_000_000, "M"),
        _ => group_thousands(&count.to_string()),
    }
}

impl PlanError {
    /// The error as a sentence about the field, for the planner form: a number field's rule
    /// when its value is of the wrong kind or out of range, else the field's label and the
    /// message.
    pub fn for_people(&self) -> String {
        if let Some(field) = number_field(&self.path)
            && matches!(self.code, "invalid_json" | "out_of_range")
            && !self.message.starts_with("unknown field")
        {
            return field.rule();
        }
        match label(&self.path) {
            Some(label) => format!("{label}: {}", self.message),
            None => self.message.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Plan;

    /// A plan that uses every number field.
    fn plan_with(path: &str, value: serde_json::Value) -> Result<Plan, PlanError> {
        let mut document = serde_json::json!({
            "pattern": "warm_standby",
            "primary_region": "us-east-1",
            "secondary_regions": ["us-west-2"],
            "database": {"instance_class": "db.r6g.large", "managed_rpo_seconds": 60},
            "targets": {"rto_seconds": 900, "rpo_seconds": 60, "availability_percent": 99.9,
                "monthly_budget_usd": "5000"},
        });
        let mut at = &mut document;
        let parts: Vec<&str> = path.split('.').collect();
        for part in &parts[..parts.len() - 1] {
            at = at
                .as_object_mut()
                .unwrap()
                .entry(*part)
                .or_insert(serde_json::json!({}));
        }
        at[parts[parts.len() - 1]] = value;
        Plan::from_json(&document.to_string())
    }

    /// A JSON number, or a string for the budget (a decimal travels as a string).
    fn value_for(path: &str, text: &str) -> serde_json::Value {
        if path == "targets.monthly_budget_usd" {
            serde_json::json!(text)
        } else {
            serde_json::from_str(text).unwrap()
        }
    }

    fn number(text: &str) -> serde_json::Value {
        value_for("", text)
    }

    /// Each range here is the one validation enforces: its bounds are accepted, a step beyond
    /// either is refused at the field's path.
    #[test]
    fn the_ranges_people_read_are_the_ranges_validation_enforces() {
        for field in NUMBER_FIELDS {
            if field.path == "health_check.interval_seconds" {
                continue; // 10 or 30, nothing between: checked below
            }
            let step = if field.whole { "1" } else { "0.00001" };
            let below: rust_decimal::Decimal = field.min.parse::<rust_decimal::Decimal>().unwrap()
                - step.parse::<rust_decimal::Decimal>().unwrap();
            let above: rust_decimal::Decimal = field.max.parse::<rust_decimal::Decimal>().unwrap()
                + step.parse::<rust_decimal::Decimal>().unwrap();
            for bound in [field.min, field.max] {
                let accepted = plan_with(field.path, value_for(field.path, bound));
                assert!(
                    accepted.is_ok(),
                    "{} = {bound}: {:?}",
                    field.path,
                    accepted.err()
                );
            }
            for beyond in [below, above] {
                let error = plan_with(
                    field.path,
                    value_for(field.path, &beyond.normalize().to_string()),
                )
                .expect_err(&format!("{} = {beyond} is refused", field.path));
                assert_eq!(error.path, field.path, "{error:?}");
                assert_eq!(error.for_people(), field.rule());
            }
        }
        let error = plan_with("health_check.interval_seconds", number("20")).unwrap_err();
        assert_eq!(error.path, "health_check.interval_seconds");
    }

    #[test]
    fn the_inputs_read_as_a_summary() {
        let plan = plan_with("traffic.requests_per_month", number("100000000")).unwrap();
        let rows = inputs(&plan);
        let find = |label: &str| {
            rows.iter()
                .find(|(known, _)| *known == label)
                .map(|(_, value)| value.clone())
                .unwrap_or_default()
        };
        assert_eq!(find("Deployment pattern"), "Active-passive, warm standby");
        assert!(find("Traffic").starts_with("100 M requests"), "{rows:?}");
        assert_eq!(
            find("Targets"),
            "RTO ≤ 15 min, RPO ≤ 1 min, availability ≥ 99.9 %, ≤ $5,000.00 a month"
        );
        assert_eq!(compact(2_500_000_000), "2.5 B");
        assert_eq!(compact(12_000), "12,000");
    }

    #[test]
    fn errors_read_as_sentences_about_the_field() {
        let negative = plan_with("database.storage_gb", number("-5")).unwrap_err();
        assert_eq!(negative.code, "invalid_json", "a parser found it");
        assert_eq!(
            negative.for_people(),
            "Storage must be a whole number of GB from 1 to 131,072"
        );
        let text = plan_with("database.reads_per_second", serde_json::json!("many")).unwrap_err();
        assert_eq!(
            text.for_people(),
            "Reads must be a whole number from 0 to 10,000,000 per second"
        );
        let region = plan_with("primary_region", serde_json::json!("mars-1")).unwrap_err();
        assert!(
            region.for_people().starts_with("Primary region: "),
            "{}",
            region.for_people()
        );
        assert_eq!(label("secondary_regions[1]"), Some("Secondary regions"));
    }
}
