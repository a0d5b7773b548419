//! Plan validation: ranges, catalogue membership and cross-field rules.
//!
//! Every problem names the JSON path of the field (`secondary_regions[1]`,
//! `database.storage_gb`) and, for numbers, the allowed range, so the API, the CLI and the
//! form can point at the exact input.

use std::collections::BTreeSet;
use std::fmt::Display;

use rust_decimal::Decimal;

use super::{PLAN_VERSION, Plan};
use crate::DeploymentPattern;
use crate::catalog::{
    FARGATE_SIZES, Geography, MAX_READERS_PER_REGION, MAX_SECONDARY_REGIONS, MAX_STORAGE_GB,
    find_instance_class, find_region,
};

/// One problem with a plan.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", if path.is_empty() { String::new() } else { format!("{path}: ") })]
pub struct PlanError {
    /// JSON path of the offending field; empty for the document as a whole.
    pub path: String,
    /// Stable machine-readable kind: `malformed_json` (not JSON at all), `invalid_json` (JSON
    /// that is not a plan: unknown field, wrong type), `out_of_range`, `unknown_value`,
    /// `conflict`, `unsupported_version`.
    pub code: &'static str,
    pub message: String,
}

/// Every [`PlanError::code`]; the API maps each to its own error code.
pub const PLAN_ERROR_CODES: [&str; 6] = [
    "malformed_json",
    "invalid_json",
    "out_of_range",
    "unknown_value",
    "conflict",
    "unsupported_version",
];

impl PlanError {
    fn new(path: impl Into<String>, code: &'static str, message: impl Into<String>) -> PlanError {
        // Every test that meets a new code stops here until it is listed (and mapped by the API).
        debug_assert!(
            PLAN_ERROR_CODES.contains(&code),
            "PlanError code {code} is not in PLAN_ERROR_CODES"
        );
        PlanError {
            path: path.into(),
            code,
            message: message.into(),
        }
    }

    pub(super) fn decode(path: String, cause: &serde_json::Error) -> PlanError {
        // serde's message ends with " at line L column C": keep it, it locates the problem.
        // Broken JSON is `malformed_json`; well-formed JSON that is not a plan is `invalid_json`.
        let code = if cause.is_data() {
            "invalid_json"
        } else {
            "malformed_json"
        };
        PlanError::new(path, code, cause.to_string())
    }
}

/// Collects problems in field order.
#[derive(Default)]
struct Problems(Vec<PlanError>);

impl Problems {
    fn range<T: PartialOrd + Display>(&mut self, path: &str, value: T, min: T, max: T, unit: &str) {
        if value < min || value > max {
            let unit = if unit.is_empty() {
                String::new()
            } else {
                format!(" {unit}")
            };
            self.0.push(PlanError::new(
                path,
                "out_of_range",
                format!("{value} is out of range: allowed {min} to {max}{unit}"),
            ));
        }
    }

    fn push(&mut self, path: impl Into<String>, code: &'static str, message: impl Into<String>) {
        self.0.push(PlanError::new(path, code, message));
    }
}

impl Plan {
    /// Checks the plan; the error is the first problem in field order.
    pub fn validate(&self) -> Result<(), PlanError> {
        match self.problems().into_iter().next() {
            Some(problem) => Err(problem),
            None => Ok(()),
        }
    }

    /// Every problem with the plan, in field order (empty when the plan is valid).
    pub fn problems(&self) -> Vec<PlanError> {
        let mut problems = Problems::default();
        if self.version != PLAN_VERSION {
            problems.push(
                "version",
                "unsupported_version",
                format!(
                    "plan version {} is not supported: this build reads version {PLAN_VERSION}",
                    self.version
                ),
            );
        }
        let name_length = self.name.chars().count();
        if name_length == 0 || name_length > 120 {
            problems.push("name", "out_of_range", "must be 1 to 120 characters");
        } else if let Some(character) = super::text::first_forbidden(&self.name) {
            problems.push(
                "name",
                "out_of_range",
                format!(
                    "U+{:04X} is not allowed: a name holds no control, format (such as bidirectional) or line and paragraph separator characters",
                    u32::from(character)
                ),
            );
        }
        if let Some(description) = &self.description {
            if description.chars().count() > 2_000 {
                problems.push(
                    "description",
                    "out_of_range",
                    "must be at most 2,000 characters",
                );
            } else if let Some(character) = description
                .split('\n')
                .find_map(|line| super::text::first_forbidden(line.trim_end_matches('\r')))
            {
                problems.push(
                    "description",
                    "out_of_range",
                    format!(
                        "U+{:04X} is not allowed: a description holds line breaks but no other control, format or separator characters",
                        u32::from(character)
                    ),
                );
            }
        }
        self.check_regions(&mut problems);
        self.check_database(&mut problems);
        self.check_app(&mut problems);

        problems.range(
            "traffic.requests_per_month",
            self.traffic.requests_per_month,
            0,
            10_000_000_000_000,
            "requests",
        );
        problems.range(
            "traffic.egress_gb_per_month",
            self.traffic.egress_gb_per_month,
            0,
            100_000_000,
            "GB",
        );
        if ![10, 30].contains(&self.health_check.interval_seconds) {
            problems.push(
                "health_check.interval_seconds",
                "out_of_range",
                format!(
                    "{} is not allowed: health checks run every 10 or 30 seconds",
                    self.health_check.interval_seconds
                ),
            );
        }
        problems.range(
            "health_check.failure_threshold",
            self.health_check.failure_threshold,
            1,
            10,
            "",
        );
        problems.range("dns_ttl_seconds", self.dns_ttl_seconds, 0, 86_400, "s");
        problems.range(
            "purchasing.coverage_percent",
            self.purchasing.coverage_percent,
            0,
            100,
            "%",
        );
        self.check_targets(&mut problems);
        self.check_residency(&mut problems);
        self.check_managed_rpo(&mut problems);
        if problems.0.is_empty() {
            self.check_data_home(&mut problems);
        }
        problems.0
    }

    /// Aurora's managed RPO exists for Aurora PostgreSQL global databases only, from 20 s.
    fn check_managed_rpo(&self, problems: &mut Problems) {
        let Some(seconds) = self.database.managed_rpo_seconds else {
            return;
        };
        const FIELD: &str = "database.managed_rpo_seconds";
        if self.database.engine != super::DatabaseEngine::AuroraPostgresql {
            problems.push(
                FIELD,
                "conflict",
                "Aurora's managed RPO (rds.global_db_rpo) exists for Aurora PostgreSQL only",
            );
        } else if matches!(
            self.pattern,
            DeploymentPattern::SingleRegion | DeploymentPattern::BackupRestore
        ) {
            problems.push(
                FIELD,
                "conflict",
                format!(
                    "{} keeps no global database secondary for a managed RPO to bound",
                    self.pattern
                ),
            );
        }
        problems.range(FIELD, seconds, 20, 86_400, "s");
    }

    /// The data's home must be a region of the plan that keeps a live copy of the data (the
    /// topology is only asked once everything else holds).
    fn check_data_home(&self, problems: &mut Problems) {
        let Some(home) = &self.data_home_region else {
            return;
        };
        let deployment = crate::topology::deployment(self);
        match deployment.iter().find(|region| region.region == *home) {
            None => problems.push(
                "data_home_region",
                "conflict",
                format!("`{home}` is not one of the plan's regions"),
            ),
            Some(region) if !region.has_live_data() => problems.push(
                "data_home_region",
                "conflict",
                format!(
                    "`{home}` keeps only backup copies in {}: the data lives in the primary region",
                    self.pattern
                ),
            ),
            Some(_) => {}
        }
    }

    fn check_regions(&self, problems: &mut Problems) {
        if find_region(&self.primary_region).is_none() {
            problems.push(
                "primary_region",
                "unknown_value",
                format!("unknown region `{}`", self.primary_region),
            );
        }
        let count = self.secondary_regions.len();
        if self.pattern == DeploymentPattern::SingleRegion {
            if count > 0 {
                problems.push(
                    "secondary_regions",
                    "conflict",
                    "must be empty for the single_region pattern",
                );
            }
        } else if count == 0 {
            problems.push(
                "secondary_regions",
                "conflict",
                format!("{} needs at least one secondary region", self.pattern),
            );
        } else if count > MAX_SECONDARY_REGIONS {
            problems.push(
                "secondary_regions",
                "out_of_range",
                format!(
                    "{count} regions is out of range: allowed 1 to {MAX_SECONDARY_REGIONS} (Aurora global database limit)"
                ),
            );
        }
        let mut seen = BTreeSet::new();
        for (index, code) in self.secondary_regions.iter().enumerate() {
            let path = format!("secondary_regions[{index}]");
            if find_region(code).is_none() {
                problems.push(path, "unknown_value", format!("unknown region `{code}`"));
            } else if *code == self.primary_region {
                problems.push(
                    path,
                    "conflict",
                    format!("`{code}` is already the primary region"),
                );
            } else if !seen.insert(code.as_str()) {
                problems.push(path, "conflict", format!("`{code}` is listed twice"));
            }
        }
    }

    fn check_database(&self, problems: &mut Problems) {
        let database = &self.database;
        if find_instance_class(&database.instance_class).is_none() {
            problems.push(
                "database.instance_class",
                "unknown_value",
                format!("unknown instance class `{}`", database.instance_class),
            );
        }
        problems.range(
            "database.readers_per_region",
            database.readers_per_region,
            0,
            MAX_READERS_PER_REGION,
            "readers",
        );
        problems.range(
            "database.storage_gb",
            database.storage_gb,
            1,
            MAX_STORAGE_GB,
            "GB",
        );
        problems.range(
            "database.reads_per_second",
            database.reads_per_second,
            0,
            10_000_000,
            "per second",
        );
        problems.range(
            "database.writes_per_second",
            database.writes_per_second,
            0,
            1_000_000,
            "per second",
        );
        problems.range(
            "database.average_write_kb",
            database.average_write_kb,
            1,
            1_024,
            "KB",
        );
    }

    fn check_app(&self, problems: &mut Problems) {
        let app = &self.app;
        match FARGATE_SIZES.iter().find(|(vcpu, _, _)| *vcpu == app.vcpu) {
            None => problems.push(
                "app.vcpu",
                "out_of_range",
                format!(
                    "{} is not a Fargate size: allowed 0.25, 0.5, 1, 2, 4, 8 or 16",
                    app.vcpu
                ),
            ),
            Some(_) => {
                let options = crate::catalog::fargate_memory_options(app.vcpu);
                if !options.contains(&app.memory_gb) {
                    let listed: Vec<String> = options.iter().map(|gb| gb.to_string()).collect();
                    problems.push(
                        "app.memory_gb",
                        "out_of_range",
                        format!(
                            "{} GB does not fit a {} vCPU Fargate task: allowed {} GB",
                            app.memory_gb,
                            app.vcpu,
                            listed.join(", ")
                        ),
                    );
                }
            }
        }
        problems.range("app.tasks", app.tasks, 1, 1_000, "tasks");
        if let Some(percent) = app.standby_capacity_percent {
            problems.range("app.standby_capacity_percent", percent, 0, 100, "%");
        }
    }

    fn check_targets(&self, problems: &mut Problems) {
        let Some(targets) = &self.targets else {
            return;
        };
        const THIRTY_DAYS: u32 = 30 * 24 * 3600;
        if let Some(rto) = targets.rto_seconds {
            problems.range("targets.rto_seconds", rto, 1, THIRTY_DAYS, "s");
        }
        if let Some(rpo) = targets.rpo_seconds {
            problems.range("targets.rpo_seconds", rpo, 0, THIRTY_DAYS, "s");
        }
        if let Some(availability) = targets.availability_percent {
            problems.range(
                "targets.availability_percent",
                availability,
                50.0,
                99.99999,
                "%",
            );
        }
        if let Some(budget) = targets.monthly_budget_usd {
            problems.range(
                "targets.monthly_budget_usd",
                budget,
                Decimal::ONE,
                Decimal::from(1_000_000_000u32),
                "USD",
            );
        }
    }

    fn check_residency(&self, problems: &mut Problems) {
        let Some(groups) = &self.residency else {
            return;
        };
        if groups.is_empty() {
            problems.push(
                "residency",
                "out_of_range",
                "list at least one geography, or leave residency out",
            );
        }
        let mut seen = BTreeSet::new();
        for (index, group) in groups.iter().enumerate() {
            let path = format!("residency[{index}]");
            if Geography::from_slug(group).is_none() {
                let allowed: Vec<&str> = Geography::ALL.iter().map(|geo| geo.slug()).collect();
                problems.push(
                    path,
                    "unknown_value",
                    format!(
                        "unknown geography `{group}`: allowed {}",
                        allowed.join(", ")
                    ),
                );
            } else if !seen.insert(group.as_str()) {
                problems.push(path, "conflict", format!("`{group}` is listed twice"));
            }
        }
    }
}

#[cfg(test)]
mod description_tests {
    use crate::Plan;

    fn with_description(text: &str) -> Result<Plan, crate::PlanError> {
        Plan::from_json(
            &serde_json::json!({
                "pattern": "single_region", "primary_region": "us-east-1", "secondary_regions": [],
                "database": {"instance_class": "db.r6g.large"}, "description": text,
            })
            .to_string(),
        )
    }

    #[test]
    fn a_description_takes_line_breaks_but_no_other_controls_and_at_most_2000_characters() {
        let plan =
            with_description("Payments, EU customers.\nReviewed with the SRE team.").unwrap();
        assert_eq!(
            plan.description
                .as_deref()
                .map(str::lines)
                .map(Iterator::count),
            Some(2)
        );
        let error = with_description("bidi \u{202e} trick").unwrap_err();
        assert_eq!(error.path, "description");
        assert!(error.message.starts_with("U+202E"), "{}", error.message);
        assert_eq!(
            with_description(&"x".repeat(2_001)).unwrap_err().message,
            "must be at most 2,000 characters"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;

    const MINIMAL: &str = r#"{"pattern":"warm_standby","primary_region":"us-east-1",
        "secondary_regions":["eu-west-1"],"database":{"instance_class":"db.r6g.large"}}"#;

    /// Decodes MINIMAL with `edit` applied to its JSON value.
    fn plan_with(edit: impl FnOnce(&mut serde_json::Value)) -> Result<Plan, PlanError> {
        let mut value: serde_json::Value = serde_json::from_str(MINIMAL).unwrap();
        edit(&mut value);
        Plan::from_json(&value.to_string())
    }

    fn check_error(edit: impl FnOnce(&mut serde_json::Value), expected: &str) {
        let error = plan_with(edit).expect_err("plan should be rejected");
        assert_eq!(error.to_string(), expected);
    }

    #[test]
    fn a_managed_rpo_needs_aurora_postgresql_a_secondary_and_at_least_20_s() {
        let with = |engine: &str, pattern: &str, seconds: u32| {
            plan_with(|value| {
                value["database"]["engine"] = serde_json::json!(engine);
                value["database"]["managed_rpo_seconds"] = serde_json::json!(seconds);
                value["pattern"] = serde_json::json!(pattern);
            })
        };
        assert_eq!(
            with("aurora_postgresql", "warm_standby", 30)
                .unwrap()
                .database
                .managed_rpo_seconds,
            Some(30)
        );
        for (engine, pattern, seconds, message) in [
            (
                "aurora_postgresql",
                "warm_standby",
                10,
                "10 is out of range: allowed 20 to 86400 s",
            ),
            (
                "aurora_mysql",
                "warm_standby",
                30,
                "exists for Aurora PostgreSQL only",
            ),
            (
                "dynamodb",
                "warm_standby",
                30,
                "exists for Aurora PostgreSQL only",
            ),
            (
                "aurora_postgresql",
                "backup_restore",
                30,
                "keeps no global database secondary",
            ),
        ] {
            let error = with(engine, pattern, seconds).expect_err(message);
            assert_eq!(
                error.path, "database.managed_rpo_seconds",
                "{engine} {pattern}"
            );
            assert!(error.message.contains(message), "{}", error.message);
        }
    }

    #[test]
    fn a_minimal_plan_gets_the_documented_defaults() {
        let plan = Plan::from_json(MINIMAL).unwrap();
        assert_eq!(plan.version, 1);
        assert_eq!(plan.name, "Untitled plan");
        assert_eq!(plan.database.engine, DatabaseEngine::AuroraPostgresql);
        assert_eq!(plan.database.readers_per_region, 1);
        assert_eq!(plan.database.storage_gb, 500);
        assert_eq!(plan.app.tasks, 6);
        assert_eq!(plan.health_check.interval_seconds, 30);
        assert_eq!(plan.health_check.failure_threshold, 3);
        assert_eq!(plan.dns_ttl_seconds, 60);
        assert_eq!(plan.failover, FailoverMode::Automated);
        assert_eq!(plan.effective_routing(), Routing::Route53Failover);
        assert_eq!(plan.effective_standby_capacity_percent(), 25);
        assert_eq!(
            plan.regions().collect::<Vec<_>>(),
            vec!["us-east-1", "eu-west-1"]
        );
    }

    #[test]
    fn a_plan_round_trips_through_json() {
        let plan = plan_with(|value| {
            value["targets"] =
                serde_json::json!({"rto_seconds": 300, "monthly_budget_usd": "12500.50"});
            value["residency"] = serde_json::json!(["us", "eu"]);
        })
        .unwrap();
        let json = serde_json::to_string(&plan).unwrap();
        assert_eq!(Plan::from_json(&json).unwrap(), plan);
    }

    #[test]
    fn decoding_errors_name_the_json_path() {
        check_error(
            |value| value["database"]["colour"] = "blue".into(),
            "database.colour: unknown field `colour`, expected one of `engine`, `instance_class`, `readers_per_region`, `storage_gb`, `storage_mode`, `reads_per_second`, `writes_per_second`, `average_write_kb`, `read_consistency`, `capacity_mode`, `managed_rpo_seconds` at line 1 column 21",
        );
        let error = plan_with(|value| value["database"]["storage_gb"] = (-5).into()).unwrap_err();
        assert_eq!(error.path, "database.storage_gb");
        assert_eq!(error.code, "invalid_json");
        let error = plan_with(|value| value["pattern"] = "multi_site".into()).unwrap_err();
        assert_eq!(error.path, "pattern");
        let error = Plan::from_json("[]").unwrap_err();
        assert_eq!(error.path, "");
        assert_eq!(error.code, "invalid_json");
        let error = Plan::from_json("{\"pattern\": ").unwrap_err();
        assert_eq!(error.code, "malformed_json");
    }

    #[test]
    fn region_rules_name_the_offending_entry() {
        check_error(
            |value| value["primary_region"] = "mars-north-1".into(),
            "primary_region: unknown region `mars-north-1`",
        );
        check_error(
            |value| value["secondary_regions"] = serde_json::json!(["eu-west-1", "us-east-1"]),
            "secondary_regions[1]: `us-east-1` is already the primary region",
        );
        check_error(
            |value| value["secondary_regions"] = serde_json::json!(["eu-west-1", "eu-west-1"]),
            "secondary_regions[1]: `eu-west-1` is listed twice",
        );
        check_error(
            |value| value["secondary_regions"] = serde_json::json!([]),
            "secondary_regions: warm_standby needs at least one secondary region",
        );
        check_error(
            |value| value["pattern"] = "single_region".into(),
            "secondary_regions: must be empty for the single_region pattern",
        );
        let eleven: Vec<&str> = crate::catalog::REGIONS[1..12]
            .iter()
            .map(|r| r.code)
            .collect();
        check_error(
            |value| value["secondary_regions"] = serde_json::json!(eleven),
            "secondary_regions: 11 regions is out of range: allowed 1 to 10 (Aurora global database limit)",
        );
    }

    #[test]
    fn out_of_range_numbers_state_the_allowed_range() {
        check_error(
            |value| value["database"]["storage_gb"] = 0.into(),
            "database.storage_gb: 0 is out of range: allowed 1 to 131072 GB",
        );
        check_error(
            |value| value["database"]["readers_per_region"] = 16.into(),
            "database.readers_per_region: 16 is out of range: allowed 0 to 15 readers",
        );
        check_error(
            |value| value["app"] = serde_json::json!({"vcpu": 3}),
            "app.vcpu: 3 is not a Fargate size: allowed 0.25, 0.5, 1, 2, 4, 8 or 16",
        );
        check_error(
            |value| value["app"] = serde_json::json!({"vcpu": 0.25, "memory_gb": 4}),
            "app.memory_gb: 4 GB does not fit a 0.25 vCPU Fargate task: allowed 0.5, 1, 2 GB",
        );
        check_error(
            |value| value["health_check"] = serde_json::json!({"interval_seconds": 15}),
            "health_check.interval_seconds: 15 is not allowed: health checks run every 10 or 30 seconds",
        );
        check_error(
            |value| value["targets"] = serde_json::json!({"availability_percent": 100}),
            "targets.availability_percent: 100 is out of range: allowed 50 to 99.99999 %",
        );
        check_error(
            |value| value["residency"] = serde_json::json!(["eu", "mars"]),
            "residency[1]: unknown geography `mars`: allowed us, ca, eu, ap, sa",
        );
        check_error(
            |value| value["version"] = 2.into(),
            "version: plan version 2 is not supported: this build reads version 1",
        );
    }

    #[test]
    fn problems_lists_every_problem_in_field_order() {
        let mut plan = Plan::from_json(MINIMAL).unwrap();
        plan.database.instance_class = "db.x1.huge".into();
        plan.dns_ttl_seconds = 100_000;
        let paths: Vec<String> = plan.problems().into_iter().map(|p| p.path).collect();
        assert_eq!(paths, vec!["database.instance_class", "dns_ttl_seconds"]);
    }

    #[test]
    fn a_name_holds_no_control_format_or_separator_character() {
        for character in [
            '\n', '\u{85}', '\u{2028}', '\u{2029}', '\u{202e}', '\u{2066}', '\u{200b}', '\u{feff}',
        ] {
            let error =
                plan_with(|value| value["name"] = format!("x{character}y").into()).unwrap_err();
            assert_eq!(error.path, "name");
            assert!(
                error
                    .message
                    .starts_with(&format!("U+{:04X} is not allowed", u32::from(character))),
                "{}",
                error.message
            );
        }
        check_error(
            |value| value["name"] = "".into(),
            "name: must be 1 to 120 characters",
        );
        let plan =
            plan_with(|value| value["name"] = "Checkout — EU (ünïcode, 東京)".into()).unwrap();
        assert_eq!(plan.name, "Checkout — EU (ünïcode, 東京)");
    }

    #[test]
    fn the_data_home_is_a_region_that_keeps_live_data() {
        let plan = plan_with(|value| value["data_home_region"] = "eu-west-1".into()).unwrap();
        assert_eq!(plan.data_home(), "eu-west-1");
        assert_eq!(Plan::from_json(MINIMAL).unwrap().data_home(), "us-east-1");
        check_error(
            |value| value["data_home_region"] = "ap-south-1".into(),
            "data_home_region: `ap-south-1` is not one of the plan's regions",
        );
        check_error(
            |value| {
                value["pattern"] = "backup_restore".into();
                value["data_home_region"] = "eu-west-1".into();
            },
            "data_home_region: `eu-west-1` keeps only backup copies in backup_restore: the data lives in the primary region",
        );
    }

    #[test]
    fn a_moved_primary_keeps_the_data_home_where_it_was() {
        let before = Plan::from_json(MINIMAL).unwrap();
        let swapped = plan_with(|value| {
            value["primary_region"] = "eu-west-1".into();
            value["secondary_regions"] = serde_json::json!(["us-east-1"]);
        })
        .unwrap();
        let after = swapped.clone().keeping_data_home_of(&before);
        assert_eq!(after.data_home(), "us-east-1");
        assert_eq!(after.data_home_region.as_deref(), Some("us-east-1"));
        // Once recorded, it carries on through later revisions.
        assert_eq!(
            swapped.clone().keeping_data_home_of(&after).data_home(),
            "us-east-1"
        );
        // A plan that names its home is taken as it is.
        let named = plan_with(|value| {
            value["primary_region"] = "eu-west-1".into();
            value["secondary_regions"] = serde_json::json!(["us-east-1"]);
            value["data_home_region"] = "eu-west-1".into();
        })
        .unwrap();
        assert_eq!(named.keeping_data_home_of(&before).data_home(), "eu-west-1");
        // A home the new plan no longer has, or keeps only backups in, is not carried.
        let elsewhere = plan_with(|value| {
            value["primary_region"] = "eu-west-1".into();
            value["secondary_regions"] = serde_json::json!(["ap-south-1"]);
        })
        .unwrap();
        assert_eq!(
            elsewhere.keeping_data_home_of(&before).data_home(),
            "eu-west-1"
        );
        let backups_only = plan_with(|value| {
            value["pattern"] = "backup_restore".into();
            value["primary_region"] = "eu-west-1".into();
            value["secondary_regions"] = serde_json::json!(["us-east-1"]);
        })
        .unwrap();
        assert_eq!(
            backups_only.keeping_data_home_of(&before).data_home_region,
            None
        );
    }
}
