//! Recovery from the loss of the primary region: RTO as a timeline of steps, typical and worst
//! case, and RPO, typical and bounded.
//!
//! Each step carries its typical and worst-case duration, the formula that produced them from
//! the plan, and the basis (a documented AWS figure or a stated assumption), so an architect can
//! defend or change every second. The steps overlap as they do in an outage:
//!
//! - **detect**: Route 53 (or Global Accelerator) marks the primary unhealthy after
//!   `interval × threshold`, plus up to one interval while its checkers agree;
//! - **decide**: automated failover decides when the bundle's alarm fires (its probe fails
//!   for several consecutive minutes, counted from the outage, not from detection) and the
//!   function starts; without automation a person decides after detection;
//! - **database**: after the decision, Aurora promotes the secondary (pilot light adds an
//!   instance first); DynamoDB's replicas already take writes;
//! - **traffic**: Route 53 flips the failover or latency records at detection; resolvers
//!   follow when the alias record's 60 s TTL (fixed by the load balancer) expires;
//! - **app**: the standby's tasks scale out as traffic arrives (from detection, while cached
//!   answers expire), as target tracking reacts
//!   (its alarm, then a scale-out cooldown before a second step); a standby with no tasks
//!   (pilot light) has no CPU to track, so a person raises its task count after the alert.
//!
//! Backup & restore rebuilds the region and restores the snapshot: hours, as the AWS DR
//! whitepaper says. The RTO is when the last step ends; the target checks and the
//! recommendation use the worst case.
//!
//! Single region has no recovery from a regional outage: its RTO and RPO are unbounded (the
//! workload waits for the region to come back, and its backups live in the same region).

use serde::Serialize;

use crate::DeploymentPattern;
use crate::plan::{DatabaseEngine, FailoverMode, Plan, Routing};

/// Time for a person to acknowledge the page and approve a regional failover, typical and
/// worst. Assumption (no AWS figure exists): a paged on-call engineer with a rehearsed runbook.
pub const MANUAL_DECISION_SECONDS: u32 = 15 * 60;
pub const MANUAL_DECISION_WORST_SECONDS: u32 = 30 * 60;

/// Aurora global database unplanned failover (`FailoverGlobalCluster --allow-data-loss`):
/// AWS Aurora User Guide, "in the order of minutes"; the Well-Architected DR lab and the seed
/// article see under a minute. We plan 60 s typical, 180 s worst.
pub const AURORA_GLOBAL_FAILOVER_SECONDS: u32 = 60;
pub const AURORA_GLOBAL_FAILOVER_WORST_SECONDS: u32 = 180;

/// Adding a DB instance to the headless secondary cluster of a pilot light before it can be
/// promoted. Assumption: creating an Aurora instance takes 5–15 minutes; 10 typical, 15 worst.
pub const AURORA_INSTANCE_CREATE_SECONDS: u32 = 10 * 60;
pub const AURORA_INSTANCE_CREATE_WORST_SECONDS: u32 = 15 * 60;

/// Consecutive failed one-minute probes before the bundle's failover alarm fires
/// (`modules/failover`'s `unreachable_minutes`).
pub const FAILOVER_PROBE_MINUTES: u32 = 3;
/// From the alarm to the failover function running: SNS delivery and a cold start typically;
/// worst, CloudWatch's evaluation delay for late datapoints as well. Assumption.
pub const AUTOMATION_START_SECONDS: u32 = 10;
pub const AUTOMATION_START_WORST_SECONDS: u32 = 90;

/// Typical Aurora global database replication lag. AWS Aurora User Guide: "typically less than
/// 1 second".
pub const AURORA_GLOBAL_LAG_SECONDS: u32 = 1;

/// Typical DynamoDB global table propagation. AWS Prescriptive Guidance, DynamoDB global
/// tables: items "typically propagate within one second" (no SLA).
pub const DYNAMODB_GLOBAL_LAG_SECONDS: u32 = 1;

/// Restoring a cluster from a snapshot in another region: provisioning the cluster and its
/// writer. Assumption: about 20 minutes typical, independent of size; twice that worst.
pub const RESTORE_BASE_SECONDS: u32 = 20 * 60;

/// Restore throughput beyond the base time. Assumption: 1 GB every 2 seconds typical, every 4
/// seconds worst.
pub const RESTORE_SECONDS_PER_GB: u32 = 2;

/// Creating the network, load balancer and service in the recovery region with Terraform.
/// Assumption: 30 minutes typical for `terraform apply` of the bundle's per-region modules
/// (a load balancer, NAT gateways, certificates, a cache), 60 worst.
pub const INFRASTRUCTURE_PROVISION_SECONDS: u32 = 30 * 60;
pub const INFRASTRUCTURE_PROVISION_WORST_SECONDS: u32 = 60 * 60;

/// Starting Fargate tasks and passing load-balancer health checks. Assumption: image pull and
/// start ≈ 1 minute, plus two 30-second target health checks.
pub const APP_SCALE_OUT_SECONDS: u32 = 120;

/// Target tracking on CPU (the bundle's policy) scales out after its alarm sees three
/// one-minute datapoints above target; a second step waits for the scale-out cooldown
/// (Application Auto Scaling's default for ECS, 300 s).
pub const TARGET_TRACKING_ALARM_SECONDS: u32 = 180;
pub const SCALE_OUT_COOLDOWN_SECONDS: u32 = 300;

/// Route 53 alias records to a load balancer carry its fixed 60 s TTL (the plan's TTL cannot
/// lower it); resolvers follow a changed record once their cached answer expires.
pub const ALIAS_TTL_SECONDS: u32 = 60;

/// Global Accelerator moves traffic without DNS caching; configuration "propagates in seconds"
/// (AWS Global Accelerator Developer Guide). 10 s typical, 30 s worst.
pub const GLOBAL_ACCELERATOR_SHIFT_SECONDS: u32 = 10;
pub const GLOBAL_ACCELERATOR_SHIFT_WORST_SECONDS: u32 = 30;

/// Snapshots copied to the recovery region once a day (AWS Backup copy rule).
pub const BACKUP_COPY_INTERVAL_SECONDS: u32 = 24 * 3600;

/// One step of the RTO timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RtoStep {
    pub step: &'static str,
    /// Seconds after the outage began when the step starts, typically.
    pub starts_at_seconds: u32,
    /// How long it takes, typically.
    pub seconds: u32,
    /// When it starts and how long it takes in the worst case.
    pub worst_starts_at_seconds: u32,
    pub worst_seconds: u32,
    /// How the durations follow from the plan, e.g. `30 s interval × 3 failed checks`.
    pub formula: String,
    /// The documented figure or assumption behind it.
    pub basis: &'static str,
}

/// Recovery objectives for the loss of the primary region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recovery {
    /// Typical RTO; `None` when the pattern cannot recover from a regional outage.
    pub rto_seconds: Option<u32>,
    /// Worst-case RTO: every step at its documented or assumed worst. Targets are checked
    /// against it.
    pub rto_worst_seconds: Option<u32>,
    pub rto_steps: Vec<RtoStep>,
    /// The typical data loss of an unplanned failover.
    pub rpo_seconds: Option<u32>,
    /// The most an unplanned failover can lose, when something bounds it (Aurora's managed
    /// RPO, the backup copy interval); `None`: no bound (replication lag has no SLA).
    pub rpo_bound_seconds: Option<u32>,
    pub rpo_basis: String,
}

impl Recovery {
    /// The RPO as people should read it: `typical 1 s, no bound` or `typical 1 s, at most
    /// 30 s`, with durations written by `duration`; `None` without a recovery region.
    pub fn rpo_label(&self, duration: impl Fn(u32) -> String) -> Option<String> {
        let typical = self.rpo_seconds?;
        Some(match self.rpo_bound_seconds {
            Some(bound) if bound == typical => format!("at most {}", duration(bound)),
            Some(bound) => format!("typical {}, at most {}", duration(typical), duration(bound)),
            None => format!("typical {}, no bound", duration(typical)),
        })
    }
}

const ROUTE53_BASIS: &str = "Route 53 health checks: an endpoint is unhealthy after `failure threshold` consecutive failed checks, one every `interval`; checkers in several locations must agree, which can take up to one more interval (Route 53 Developer Guide)";

/// Typical and worst-case value of one quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Range {
    typical: u32,
    worst: u32,
}

impl Range {
    const ZERO: Range = Range::new(0, 0);

    const fn new(typical: u32, worst: u32) -> Range {
        Range { typical, worst }
    }

    fn plus(self, other: Range) -> Range {
        Range::new(self.typical + other.typical, self.worst + other.worst)
    }

    fn max(self, other: Range) -> Range {
        Range::new(self.typical.max(other.typical), self.worst.max(other.worst))
    }
}

/// The steps as they are computed: a start, a duration, both as ranges.
struct Timeline(Vec<RtoStep>);

impl Timeline {
    /// Adds a step starting at `start` and lasting `duration`; returns when it ends.
    fn step(
        &mut self,
        step: &'static str,
        start: Range,
        duration: Range,
        formula: String,
        basis: &'static str,
    ) -> Range {
        self.0.push(RtoStep {
            step,
            starts_at_seconds: start.typical,
            seconds: duration.typical,
            worst_starts_at_seconds: start.worst,
            worst_seconds: duration.worst,
            formula,
            basis,
        });
        start.plus(duration)
    }
}

/// Computes the recovery objectives of `plan`.
pub fn recovery(plan: &Plan) -> Recovery {
    if plan.pattern == DeploymentPattern::SingleRegion {
        return Recovery {
            rto_seconds: None,
            rto_worst_seconds: None,
            rto_steps: Vec::new(),
            rpo_seconds: None,
            rpo_bound_seconds: None,
            rpo_basis: "single region: backups and data share the failed region's fate; recovery waits for the region".to_owned(),
        };
    }
    let mut timeline = Timeline(Vec::new());
    let end = if plan.pattern == DeploymentPattern::BackupRestore {
        backup_restore(plan, &mut timeline)
    } else {
        standby(plan, &mut timeline)
    };
    let (rpo_seconds, rpo_bound_seconds, rpo_basis) = rpo(plan);
    Recovery {
        rto_seconds: Some(end.typical),
        rto_worst_seconds: Some(end.worst),
        rto_steps: timeline.0,
        rpo_seconds: Some(rpo_seconds),
        rpo_bound_seconds,
        rpo_basis,
    }
}

/// Route 53's (or Global Accelerator's) detection of the primary's failure.
fn detection(plan: &Plan, timeline: &mut Timeline) -> Range {
    let interval = plan.health_check.interval_seconds;
    let threshold = plan.health_check.failure_threshold;
    timeline.step(
        "Detect the outage",
        Range::ZERO,
        Range::new(interval * threshold, interval * (threshold + 1)),
        format!(
            "{interval} s interval × {threshold} failed checks; worst + one interval while the checkers agree"
        ),
        ROUTE53_BASIS,
    )
}

/// A person's decision, after detection.
fn manual_decision(timeline: &mut Timeline, detected: Range, why: &str) -> Range {
    timeline.step(
        "Decide to fail over",
        detected,
        Range::new(MANUAL_DECISION_SECONDS, MANUAL_DECISION_WORST_SECONDS),
        format!(
            "{why}: a person acknowledges the page and approves ({}–{} min)",
            MANUAL_DECISION_SECONDS / 60,
            MANUAL_DECISION_WORST_SECONDS / 60
        ),
        "assumption: paged on-call engineer with a rehearsed runbook",
    )
}

/// Warm and hot standby, pilot light and active-active.
fn standby(plan: &Plan, timeline: &mut Timeline) -> Range {
    let detected = detection(plan, timeline);
    let is_dynamodb = plan.database.engine == DatabaseEngine::Dynamodb;
    let automated = plan.failover == FailoverMode::Automated;
    let decided = match (is_dynamodb, automated) {
        (true, _) => timeline.step(
            "Decide to fail over",
            detected,
            Range::ZERO,
            "none: every DynamoDB replica already takes writes, and Route 53 moves the traffic".to_owned(),
            "DynamoDB global tables are multi-active (AWS Prescriptive Guidance)",
        ),
        (false, true) => timeline.step(
            "Decide to fail over",
            Range::ZERO,
            Range::new(
                FAILOVER_PROBE_MINUTES * 60 + AUTOMATION_START_SECONDS,
                (FAILOVER_PROBE_MINUTES + 1) * 60 + AUTOMATION_START_WORST_SECONDS,
            ),
            format!(
                "automated: the alarm fires after {FAILOVER_PROBE_MINUTES} failed one-minute probes from the standby, then the function starts ({AUTOMATION_START_SECONDS} s); worst + one probe minute of offset and CloudWatch's evaluation delay ({AUTOMATION_START_WORST_SECONDS} s)"
            ),
            "failover automation in the Terraform bundle (modules/failover)",
        ),
        (false, false) => manual_decision(timeline, detected, "manual failover"),
    };

    let database_ready = if is_dynamodb {
        decided
    } else if plan.pattern == DeploymentPattern::PilotLight {
        timeline.step(
            "Recover the database",
            decided,
            Range::new(
                AURORA_INSTANCE_CREATE_SECONDS + AURORA_GLOBAL_FAILOVER_SECONDS,
                AURORA_INSTANCE_CREATE_WORST_SECONDS + AURORA_GLOBAL_FAILOVER_WORST_SECONDS,
            ),
            format!(
                "add an instance to the headless secondary cluster ({}–{} min), then promote it ({AURORA_GLOBAL_FAILOVER_SECONDS}–{AURORA_GLOBAL_FAILOVER_WORST_SECONDS} s)",
                AURORA_INSTANCE_CREATE_SECONDS / 60,
                AURORA_INSTANCE_CREATE_WORST_SECONDS / 60
            ),
            "assumption: Aurora instance creation 5–15 min; global database failover \"in the order of minutes\" (Aurora User Guide)",
        )
    } else {
        timeline.step(
            "Recover the database",
            decided,
            Range::new(AURORA_GLOBAL_FAILOVER_SECONDS, AURORA_GLOBAL_FAILOVER_WORST_SECONDS),
            format!(
                "promote the secondary Aurora cluster (unplanned global database failover), {AURORA_GLOBAL_FAILOVER_SECONDS}–{AURORA_GLOBAL_FAILOVER_WORST_SECONDS} s"
            ),
            "Aurora User Guide: \"in the order of minutes\"; Well-Architected DR lab: under a minute",
        )
    };

    let (shift, shift_formula, shift_basis) = traffic_shift(plan);
    let traffic_arrives =
        timeline.step("Shift traffic", detected, shift, shift_formula, shift_basis);

    let standby_percent = plan.effective_standby_capacity_percent();
    let app_ready = if standby_percent >= 100 {
        timeline.step(
            "Bring the application to full size",
            traffic_arrives,
            Range::ZERO,
            format!("none: the standby already runs {standby_percent} % of full size"),
            "capacity kept running by the pattern",
        )
    } else if standby_percent == 0 {
        timeline.step(
            "Bring the application to full size",
            detected,
            Range::new(
                MANUAL_DECISION_SECONDS + APP_SCALE_OUT_SECONDS,
                MANUAL_DECISION_WORST_SECONDS + 2 * APP_SCALE_OUT_SECONDS,
            ),
            format!(
                "nothing scales a service with no tasks (target tracking has no CPU to track): after the alert a person raises it to {} tasks ({}–{} min), then they start ({}–{} s)",
                plan.app.tasks,
                MANUAL_DECISION_SECONDS / 60,
                MANUAL_DECISION_WORST_SECONDS / 60,
                APP_SCALE_OUT_SECONDS,
                2 * APP_SCALE_OUT_SECONDS
            ),
            "assumption: paged on-call engineer following the runbook; Fargate image pull and start, plus two target health checks",
        )
    } else {
        // Traffic starts arriving at detection, as cached answers expire one by one.
        timeline.step(
            "Bring the application to full size",
            detected,
            Range::new(
                TARGET_TRACKING_ALARM_SECONDS + APP_SCALE_OUT_SECONDS,
                TARGET_TRACKING_ALARM_SECONDS + 2 * APP_SCALE_OUT_SECONDS + SCALE_OUT_COOLDOWN_SECONDS,
            ),
            format!(
                "scale from {standby_percent} % to {} tasks as traffic arrives (from detection, as cached answers expire): target tracking's alarm ({TARGET_TRACKING_ALARM_SECONDS} s), then tasks start ({APP_SCALE_OUT_SECONDS} s); worst, a second step after the {SCALE_OUT_COOLDOWN_SECONDS} s scale-out cooldown",
                plan.app.tasks
            ),
            "Application Auto Scaling target tracking (3 one-minute datapoints, ECS scale-out cooldown 300 s); assumption: Fargate start and two target health checks",
        )
    };
    database_ready.max(traffic_arrives).max(app_ready)
}

/// Backup & restore: rebuild the region, restore the copied snapshot, start the app, then
/// point the traffic at it.
fn backup_restore(plan: &Plan, timeline: &mut Timeline) -> Range {
    let detected = detection(plan, timeline);
    let decided = manual_decision(timeline, detected, "no automation restores a region");
    let built = timeline.step(
        "Recreate the region's infrastructure",
        decided,
        Range::new(
            INFRASTRUCTURE_PROVISION_SECONDS,
            INFRASTRUCTURE_PROVISION_WORST_SECONDS,
        ),
        format!(
            "terraform apply of the region's network, load balancer, cache and service ({}–{} min)",
            INFRASTRUCTURE_PROVISION_SECONDS / 60,
            INFRASTRUCTURE_PROVISION_WORST_SECONDS / 60
        ),
        "assumption; the AWS DR whitepaper puts backup & restore's RTO in hours",
    );
    let storage_gb = plan.database.storage_gb;
    let restored = timeline.step(
        "Recover the database",
        built,
        Range::new(
            RESTORE_BASE_SECONDS + storage_gb * RESTORE_SECONDS_PER_GB,
            2 * (RESTORE_BASE_SECONDS + storage_gb * RESTORE_SECONDS_PER_GB),
        ),
        format!(
            "restore the copied snapshot: {} min + {storage_gb} GB × {RESTORE_SECONDS_PER_GB} s/GB; worst twice that",
            RESTORE_BASE_SECONDS / 60
        ),
        "assumption: snapshot restore provisioning plus size-proportional restore",
    );
    let started = timeline.step(
        "Bring the application to full size",
        built,
        Range::new(APP_SCALE_OUT_SECONDS, 2 * APP_SCALE_OUT_SECONDS),
        format!(
            "start {} tasks ({}–{} s)",
            plan.app.tasks,
            APP_SCALE_OUT_SECONDS,
            2 * APP_SCALE_OUT_SECONDS
        ),
        "assumption: Fargate image pull and start, plus two target health checks",
    );
    let (shift, shift_formula, shift_basis) = traffic_shift(plan);
    timeline.step(
        "Shift traffic",
        restored.max(started),
        shift,
        shift_formula,
        shift_basis,
    )
}

fn traffic_shift(plan: &Plan) -> (Range, String, &'static str) {
    match plan.effective_routing() {
        Routing::GlobalAccelerator => (
            Range::new(
                GLOBAL_ACCELERATOR_SHIFT_SECONDS,
                GLOBAL_ACCELERATOR_SHIFT_WORST_SECONDS,
            ),
            format!(
                "Global Accelerator reroutes at the edge: no DNS caches ({GLOBAL_ACCELERATOR_SHIFT_SECONDS}–{GLOBAL_ACCELERATOR_SHIFT_WORST_SECONDS} s)"
            ),
            "AWS Global Accelerator Developer Guide: configuration propagates in seconds",
        ),
        Routing::Route53Latency | Routing::Route53Failover => {
            let worst = plan.dns_ttl_seconds.max(ALIAS_TTL_SECONDS);
            (
                Range::new(ALIAS_TTL_SECONDS, worst),
                if worst > ALIAS_TTL_SECONDS {
                    format!(
                        "the records change at detection; resolvers follow when the alias record's {ALIAS_TTL_SECONDS} s TTL expires; worst, clients that keep answers for the plan's {worst} s"
                    )
                } else {
                    format!(
                        "the records change at detection; resolvers follow when the alias record's {ALIAS_TTL_SECONDS} s TTL expires (a plan TTL below {ALIAS_TTL_SECONDS} s cannot apply to an alias record)"
                    )
                },
                "Route 53: an alias record to a load balancer answers with the load balancer's 60 s TTL (some resolvers keep answers longer: expect a tail)",
            )
        }
    }
}

/// `(typical, bound, basis)` of the data an unplanned failover loses.
fn rpo(plan: &Plan) -> (u32, Option<u32>, String) {
    match (plan.pattern, plan.database.engine) {
        (DeploymentPattern::BackupRestore, _) => (
            BACKUP_COPY_INTERVAL_SECONDS,
            Some(BACKUP_COPY_INTERVAL_SECONDS),
            "writes since the last snapshot copied to the recovery region (copied daily)".to_owned(),
        ),
        (_, DatabaseEngine::Dynamodb) => (
            DYNAMODB_GLOBAL_LAG_SECONDS,
            None,
            "DynamoDB global table propagation, typically within one second; no bound (no SLA on replication latency)".to_owned(),
        ),
        _ => match plan.database.managed_rpo_seconds {
            Some(bound) => (
                AURORA_GLOBAL_LAG_SECONDS,
                Some(bound),
                format!("Aurora global database replication lag, typically under one second; at most {bound} s: Aurora's managed RPO (rds.global_db_rpo = {bound}) holds back commits on the primary while every secondary lags further (a planned switchover loses none)"),
            ),
            None => (
                AURORA_GLOBAL_LAG_SECONDS,
                None,
                "Aurora global database replication lag, typically under one second; no bound: an unplanned failover loses whatever had not replicated (set a managed RPO, Aurora PostgreSQL, to cap it; a planned switchover loses none)".to_owned(),
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{MULTI_REGION_PATTERNS, plan};

    #[test]
    fn the_rpo_is_typical_with_no_bound_unless_aurora_manages_it() {
        let unbounded = recovery(&plan("warm_standby", |_| {}));
        assert_eq!(unbounded.rpo_seconds, Some(AURORA_GLOBAL_LAG_SECONDS));
        assert_eq!(unbounded.rpo_bound_seconds, None);
        assert!(unbounded.rpo_basis.contains("no bound"));
        let managed = recovery(&plan("warm_standby", |value| {
            value["database"]["managed_rpo_seconds"] = 30.into();
        }));
        assert_eq!(managed.rpo_seconds, Some(AURORA_GLOBAL_LAG_SECONDS));
        assert_eq!(managed.rpo_bound_seconds, Some(30));
        assert!(managed.rpo_basis.contains("rds.global_db_rpo = 30"));
        let dynamodb = recovery(&plan("active_active", |value| {
            value["database"]["engine"] = "dynamodb".into();
        }));
        assert_eq!(dynamodb.rpo_bound_seconds, None);
    }

    /// `(typical, worst)` RTO of `pattern` with the defaults and `edit`.
    fn rto_range(pattern: &str, edit: impl FnOnce(&mut serde_json::Value)) -> (u32, u32) {
        let recovery = recovery(&plan(pattern, edit));
        (
            recovery.rto_seconds.unwrap(),
            recovery.rto_worst_seconds.unwrap(),
        )
    }

    #[test]
    fn single_region_cannot_recover_from_a_regional_outage() {
        let recovery = recovery(&plan("single_region", |_| {}));
        assert_eq!(recovery.rto_seconds, None);
        assert_eq!(recovery.rto_worst_seconds, None);
        assert_eq!(recovery.rpo_seconds, None);
        assert!(recovery.rto_steps.is_empty());
    }

    #[test]
    fn warm_standby_waits_for_traffic_to_arrive_before_it_scales_out() {
        // Traffic starts arriving at detection (90 s; worst 120 s); target tracking then
        // alarms (180 s) and tasks start (120 s); worst, a second step after the cooldown
        // (300 s + 120 s). The promotion (alarm 190 s + 60 s; worst 330 s + 180 s) ends
        // earlier.
        assert_eq!(
            rto_range("warm_standby", |_| {}),
            (90 + 180 + 120, 120 + 180 + 240 + 300)
        );
    }

    #[test]
    fn hot_standby_waits_for_the_promotion_its_alarm_starts() {
        // The alarm: 3 failed one-minute probes + 10 s (worst 4 minutes + 90 s), then the
        // promotion: 60 s (worst 180 s).
        assert_eq!(rto_range("hot_standby", |_| {}), (190 + 60, 330 + 180));
        assert_eq!(
            rto_range("hot_standby", |_| {}),
            rto_range("active_active", |_| {})
        );
    }

    #[test]
    fn manual_failover_decides_after_detection() {
        assert_eq!(
            rto_range("hot_standby", |value| value["failover"] = "manual".into()),
            (
                90 + MANUAL_DECISION_SECONDS + 60,
                120 + MANUAL_DECISION_WORST_SECONDS + 180
            )
        );
    }

    #[test]
    fn faster_health_checks_and_global_accelerator_shorten_what_detection_decides() {
        let fast = |value: &mut serde_json::Value| {
            value["database"]["engine"] = "dynamodb".into();
            value["health_check"] =
                serde_json::json!({"interval_seconds": 10, "failure_threshold": 1});
            value["routing"] = "global_accelerator".into();
        };
        assert_eq!(
            rto_range("active_active", fast),
            (
                10 + GLOBAL_ACCELERATOR_SHIFT_SECONDS,
                20 + GLOBAL_ACCELERATOR_SHIFT_WORST_SECONDS
            )
        );
        // Aurora's promotion waits for the failover alarm, whatever the health checks.
        let aurora = |value: &mut serde_json::Value| {
            value["health_check"] =
                serde_json::json!({"interval_seconds": 10, "failure_threshold": 1});
        };
        assert_eq!(rto_range("hot_standby", aurora), (250, 510));
    }

    #[test]
    fn dynamodb_active_active_needs_no_promotion() {
        let dynamodb =
            |value: &mut serde_json::Value| value["database"]["engine"] = "dynamodb".into();
        // Detection + the alias TTL: nothing to promote, nothing to scale.
        assert_eq!(rto_range("active_active", dynamodb), (150, 180));
        let recovery = recovery(&plan("active_active", dynamodb));
        assert_eq!(recovery.rpo_seconds, Some(DYNAMODB_GLOBAL_LAG_SECONDS));
    }

    #[test]
    fn a_plan_ttl_below_the_alias_ttl_cannot_speed_up_the_shift() {
        let short = |value: &mut serde_json::Value| value["dns_ttl_seconds"] = 10.into();
        assert_eq!(
            rto_range("hot_standby", short),
            rto_range("hot_standby", |_| {})
        );
        let long = |value: &mut serde_json::Value| {
            value["database"]["engine"] = "dynamodb".into();
            value["dns_ttl_seconds"] = 300.into();
        };
        assert_eq!(rto_range("active_active", long), (150, 120 + 300));
    }

    #[test]
    fn backup_restore_takes_hours_and_grows_with_storage() {
        let (typical, worst) = rto_range("backup_restore", |_| {});
        // 90 s + 15 min decision + 30 min rebuild + (20 min + 500 GB × 2 s) restore + 60 s.
        assert_eq!(typical, 90 + 900 + 1800 + 2200 + 60);
        assert_eq!(worst, 120 + 1800 + 3600 + 4400 + 60);
        assert!(typical > 3600, "backup & restore is measured in hours");
        let small = rto_range("backup_restore", |value| {
            value["database"]["storage_gb"] = 100.into()
        });
        let large = rto_range("backup_restore", |value| {
            value["database"]["storage_gb"] = 2000.into()
        });
        assert_eq!(large.0 - small.0, 1900 * RESTORE_SECONDS_PER_GB);
        let recovery = recovery(&plan("backup_restore", |_| {}));
        assert_eq!(recovery.rpo_seconds, Some(BACKUP_COPY_INTERVAL_SECONDS));
    }

    #[test]
    fn pilot_light_waits_for_a_person_to_start_its_tasks() {
        let recovery = recovery(&plan("pilot_light", |_| {}));
        let database = &recovery.rto_steps[2];
        // The alarm, then 10 min instance + 60 s promotion (worst 15 min + 180 s)...
        assert_eq!(
            database.starts_at_seconds + database.seconds,
            190 + 600 + 60
        );
        assert_eq!(
            database.worst_starts_at_seconds + database.worst_seconds,
            330 + 900 + 180
        );
        // ...but the app, with no tasks to track, waits for a person after detection.
        assert_eq!(
            (recovery.rto_seconds, recovery.rto_worst_seconds),
            (Some(90 + 900 + 120), Some(120 + 1800 + 240))
        );
    }

    #[test]
    fn rto_falls_from_backup_restore_to_active_active_in_both_cases() {
        for worst in [false, true] {
            let ordered: Vec<u32> = MULTI_REGION_PATTERNS
                .into_iter()
                .map(|pattern| {
                    let (typical, worst_case) = rto_range(pattern, |_| {});
                    if worst { worst_case } else { typical }
                })
                .collect();
            assert!(
                ordered[..4].windows(2).all(|pair| pair[0] > pair[1]) && ordered[3] >= ordered[4],
                "RTO must fall with a more resilient pattern: {ordered:?}"
            );
        }
    }

    #[test]
    fn the_timeline_ends_at_the_rto_in_both_cases() {
        for pattern in MULTI_REGION_PATTERNS {
            let recovery = recovery(&plan(pattern, |_| {}));
            let typical_end = recovery
                .rto_steps
                .iter()
                .map(|step| step.starts_at_seconds + step.seconds)
                .max();
            let worst_end = recovery
                .rto_steps
                .iter()
                .map(|step| step.worst_starts_at_seconds + step.worst_seconds)
                .max();
            assert_eq!(typical_end, recovery.rto_seconds, "{pattern}");
            assert_eq!(worst_end, recovery.rto_worst_seconds, "{pattern}");
            assert!(
                recovery
                    .rto_steps
                    .iter()
                    .all(|step| { !step.formula.is_empty() && step.worst_seconds >= step.seconds })
            );
        }
    }

    #[test]
    fn the_standby_capacity_override_changes_the_app_step() {
        let full = rto_range("warm_standby", |value| {
            value["app"] = serde_json::json!({"standby_capacity_percent": 100});
        });
        assert_eq!(full, rto_range("hot_standby", |_| {}));
    }
}
