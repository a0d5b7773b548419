//! Recovery from the loss of the primary region: RTO as a timeline of steps, and RPO.
//!
//! Each step carries its duration, the formula that produced it from the plan, and the basis
//! (a documented AWS figure or a stated assumption), so an architect can defend or change
//! every second. The timeline is: detection → decision → (database promotion ‖ app readiness)
//! → traffic shift; promotion and app readiness run in parallel, so the RTO counts the longer.
//!
//! Single region has no recovery from a regional outage: its RTO and RPO are unbounded (the
//! workload waits for the region to come back, and its backups live in the same region).

use serde::Serialize;

use crate::DeploymentPattern;
use crate::plan::{DatabaseEngine, FailoverMode, Plan, Routing};

/// Time for a person to acknowledge the page and approve a regional failover.
/// Assumption (no AWS figure exists): a paged on-call engineer with a rehearsed runbook.
pub const MANUAL_DECISION_SECONDS: u32 = 15 * 60;

/// Aurora global database unplanned failover (`FailoverGlobalCluster --allow-data-loss`).
/// AWS Aurora User Guide: RTO "in the order of minutes"; AWS Well-Architected DR lab and the
/// seed article: a secondary is promoted "in under a minute". We plan with one minute.
pub const AURORA_GLOBAL_FAILOVER_SECONDS: u32 = 60;

/// Adding a DB instance to the headless secondary cluster of a pilot light before it can be
/// promoted. Assumption: creating an Aurora instance typically takes 5–15 minutes; we plan 10.
pub const AURORA_INSTANCE_CREATE_SECONDS: u32 = 10 * 60;

/// Typical Aurora global database replication lag. AWS Aurora User Guide: "typically less than
/// 1 second".
pub const AURORA_GLOBAL_LAG_SECONDS: u32 = 1;

/// Typical DynamoDB global table propagation. AWS Prescriptive Guidance, DynamoDB global
/// tables: items "typically propagate within one second" (no SLA).
pub const DYNAMODB_GLOBAL_LAG_SECONDS: u32 = 1;

/// Restoring a cluster from a snapshot in another region: provisioning the cluster and its
/// writer. Assumption: about 20 minutes, independent of size.
pub const RESTORE_BASE_SECONDS: u32 = 20 * 60;

/// Restore throughput beyond the base time. Assumption: 1 GB every 2 seconds.
pub const RESTORE_SECONDS_PER_GB: u32 = 2;

/// Creating the network, load balancer and service in the recovery region with Terraform.
/// Assumption: about 15 minutes for `terraform apply` of the bundle's per-region modules.
pub const INFRASTRUCTURE_PROVISION_SECONDS: u32 = 15 * 60;

/// Starting Fargate tasks and passing load-balancer health checks. Assumption: image pull and
/// start ≈ 1 minute, plus two 30-second target health checks.
pub const APP_SCALE_OUT_SECONDS: u32 = 120;

/// Global Accelerator moves traffic without DNS caching; configuration "propagates in seconds"
/// (AWS Global Accelerator Developer Guide). We plan with 10 seconds.
pub const GLOBAL_ACCELERATOR_SHIFT_SECONDS: u32 = 10;

/// Snapshots copied to the recovery region once a day (AWS Backup copy rule).
pub const BACKUP_COPY_INTERVAL_SECONDS: u32 = 24 * 3600;

/// One step of the RTO timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RtoStep {
    pub step: &'static str,
    /// Seconds after the outage began when the step starts.
    pub starts_at_seconds: u32,
    pub seconds: u32,
    /// How `seconds` follows from the plan, e.g. `30 s interval × 3 failures`.
    pub formula: String,
    /// The documented figure or assumption behind it.
    pub basis: &'static str,
}

/// Recovery objectives for the loss of the primary region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recovery {
    /// `None` when the pattern cannot recover from a regional outage.
    pub rto_seconds: Option<u32>,
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

const ROUTE53_BASIS: &str = "Route 53 / Global Accelerator health checks: an endpoint is unhealthy after `failure threshold` consecutive failed checks, one every `interval` (Route 53 Developer Guide)";

/// Computes the recovery objectives of `plan`.
pub fn recovery(plan: &Plan) -> Recovery {
    if plan.pattern == DeploymentPattern::SingleRegion {
        return Recovery {
            rto_seconds: None,
            rto_steps: Vec::new(),
            rpo_seconds: None,
            rpo_bound_seconds: None,
            rpo_basis: "single region: backups and data share the failed region's fate; recovery waits for the region".to_owned(),
        };
    }

    let mut timeline = Timeline::default();
    let interval = plan.health_check.interval_seconds;
    let threshold = plan.health_check.failure_threshold;
    timeline.then(
        "Detect the outage",
        interval * threshold,
        format!("{interval} s interval × {threshold} failed checks"),
        ROUTE53_BASIS,
    );
    match plan.failover {
        FailoverMode::Automated => timeline.then(
            "Decide to fail over",
            0,
            "automated: the health-check alarm triggers the failover runbook".to_owned(),
            "failover automation in the Terraform bundle",
        ),
        FailoverMode::Manual => timeline.then(
            "Decide to fail over",
            MANUAL_DECISION_SECONDS,
            format!(
                "manual: {} min to acknowledge and approve",
                MANUAL_DECISION_SECONDS / 60
            ),
            "assumption: paged on-call engineer with a rehearsed runbook",
        ),
    }

    let (database_seconds, database_formula, database_basis) = database_step(plan);
    let (app_seconds, app_formula, app_basis) = app_step(plan);
    timeline.in_parallel(
        (
            "Recover the database",
            database_seconds,
            database_formula,
            database_basis,
        ),
        (
            "Bring the application to full size",
            app_seconds,
            app_formula,
            app_basis,
        ),
    );

    let (shift_seconds, shift_formula, shift_basis) = traffic_shift_step(plan);
    timeline.then("Shift traffic", shift_seconds, shift_formula, shift_basis);

    let (rpo_seconds, rpo_bound_seconds, rpo_basis) = rpo(plan);
    Recovery {
        rto_seconds: Some(timeline.elapsed),
        rto_steps: timeline.steps,
        rpo_seconds: Some(rpo_seconds),
        rpo_bound_seconds,
        rpo_basis,
    }
}

fn database_step(plan: &Plan) -> (u32, String, &'static str) {
    let storage_gb = plan.database.storage_gb;
    match (plan.pattern, plan.database.engine) {
        (DeploymentPattern::BackupRestore, _) => (
            RESTORE_BASE_SECONDS + storage_gb * RESTORE_SECONDS_PER_GB,
            format!(
                "restore from the copied snapshot: {} min + {storage_gb} GB × {RESTORE_SECONDS_PER_GB} s/GB",
                RESTORE_BASE_SECONDS / 60
            ),
            "assumption: snapshot restore provisioning plus size-proportional restore",
        ),
        (_, DatabaseEngine::Dynamodb) => (
            0,
            "none: every DynamoDB global table replica already accepts writes".to_owned(),
            "DynamoDB global tables are multi-active (AWS Prescriptive Guidance)",
        ),
        (DeploymentPattern::PilotLight, _) => (
            AURORA_INSTANCE_CREATE_SECONDS + AURORA_GLOBAL_FAILOVER_SECONDS,
            format!(
                "add an instance to the headless secondary cluster ({} min), then promote it ({AURORA_GLOBAL_FAILOVER_SECONDS} s)",
                AURORA_INSTANCE_CREATE_SECONDS / 60
            ),
            "assumption: Aurora instance creation 5–15 min; failover per the Aurora User Guide",
        ),
        _ => (
            AURORA_GLOBAL_FAILOVER_SECONDS,
            "promote the secondary Aurora cluster (unplanned global database failover)".to_owned(),
            "AWS Aurora User Guide (minutes) and Well-Architected DR lab (under a minute)",
        ),
    }
}

fn app_step(plan: &Plan) -> (u32, String, &'static str) {
    let standby_percent = plan.effective_standby_capacity_percent();
    match plan.pattern {
        DeploymentPattern::BackupRestore => (
            INFRASTRUCTURE_PROVISION_SECONDS + APP_SCALE_OUT_SECONDS,
            format!(
                "create the region's infrastructure ({} min) then start {} tasks ({} s)",
                INFRASTRUCTURE_PROVISION_SECONDS / 60,
                plan.app.tasks,
                APP_SCALE_OUT_SECONDS
            ),
            "assumption: terraform apply of the per-region modules, then Fargate start",
        ),
        _ if standby_percent >= 100 => (
            0,
            format!("none: the standby already runs {standby_percent} % of full size"),
            "capacity kept running by the pattern",
        ),
        _ => (
            APP_SCALE_OUT_SECONDS,
            format!(
                "scale from {standby_percent} % to {} tasks ({APP_SCALE_OUT_SECONDS} s)",
                plan.app.tasks
            ),
            "assumption: Fargate image pull and start, plus two target health checks",
        ),
    }
}

fn traffic_shift_step(plan: &Plan) -> (u32, String, &'static str) {
    match plan.effective_routing() {
        Routing::GlobalAccelerator => (
            GLOBAL_ACCELERATOR_SHIFT_SECONDS,
            "Global Accelerator reroutes at the edge; no DNS caches involved".to_owned(),
            "AWS Global Accelerator Developer Guide: configuration propagates in seconds",
        ),
        Routing::Route53Latency | Routing::Route53Failover => (
            plan.dns_ttl_seconds,
            format!(
                "DNS TTL {} s for resolvers to expire the old answer",
                plan.dns_ttl_seconds
            ),
            "Route 53: clients follow the change once cached answers expire (some resolvers ignore TTLs: expect a tail)",
        ),
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

/// Builds the RTO timeline step by step.
#[derive(Default)]
struct Timeline {
    elapsed: u32,
    steps: Vec<RtoStep>,
}

type StepSpec = (&'static str, u32, String, &'static str);

impl Timeline {
    fn then(&mut self, step: &'static str, seconds: u32, formula: String, basis: &'static str) {
        self.steps.push(RtoStep {
            step,
            starts_at_seconds: self.elapsed,
            seconds,
            formula,
            basis,
        });
        self.elapsed += seconds;
    }

    /// Two steps that start together; the timeline continues when the longer one ends.
    fn in_parallel(&mut self, first: StepSpec, second: StepSpec) {
        let start = self.elapsed;
        let longest = first.1.max(second.1);
        for (step, seconds, formula, basis) in [first, second] {
            self.steps.push(RtoStep {
                step,
                starts_at_seconds: start,
                seconds,
                formula,
                basis,
            });
        }
        self.elapsed = start + longest;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{MULTI_REGION_PATTERNS, plan};

    fn rto(pattern: &str) -> u32 {
        recovery(&plan(pattern, |_| {})).rto_seconds.unwrap()
    }

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

    #[test]
    fn single_region_cannot_recover_from_a_regional_outage() {
        let recovery = recovery(&plan("single_region", |_| {}));
        assert_eq!(recovery.rto_seconds, None);
        assert_eq!(recovery.rpo_seconds, None);
        assert!(recovery.rto_steps.is_empty());
    }

    #[test]
    fn warm_standby_rto_is_detection_plus_promotion_or_scale_out_plus_dns_ttl() {
        // 30 s × 3 detection + 0 decision + max(60 s promotion, 120 s scale-out) + 60 s TTL.
        assert_eq!(rto("warm_standby"), 90 + 120 + 60);
    }

    #[test]
    fn hot_standby_needs_no_scale_out() {
        // 90 s detection + 60 s promotion + 60 s TTL.
        assert_eq!(rto("hot_standby"), 90 + 60 + 60);
    }

    #[test]
    fn manual_failover_adds_the_decision_time() {
        let automated = rto("hot_standby");
        let manual = recovery(&plan("hot_standby", |value| {
            value["failover"] = "manual".into()
        }))
        .rto_seconds
        .unwrap();
        assert_eq!(manual, automated + MANUAL_DECISION_SECONDS);
    }

    #[test]
    fn faster_health_checks_and_global_accelerator_shorten_the_rto() {
        let fast = recovery(&plan("hot_standby", |value| {
            value["health_check"] =
                serde_json::json!({"interval_seconds": 10, "failure_threshold": 1});
            value["routing"] = "global_accelerator".into();
        }));
        assert_eq!(
            fast.rto_seconds,
            Some(10 + 60 + GLOBAL_ACCELERATOR_SHIFT_SECONDS)
        );
    }

    #[test]
    fn dynamodb_active_active_needs_no_promotion() {
        let recovery = recovery(&plan("active_active", |value| {
            value["database"]["engine"] = "dynamodb".into();
        }));
        // 90 s detection + 60 s TTL: nothing to promote, nothing to scale.
        assert_eq!(recovery.rto_seconds, Some(150));
        assert_eq!(recovery.rpo_seconds, Some(DYNAMODB_GLOBAL_LAG_SECONDS));
    }

    #[test]
    fn backup_restore_rto_grows_with_storage_and_rpo_is_the_copy_interval() {
        let small = recovery(&plan("backup_restore", |value| {
            value["database"]["storage_gb"] = 100.into()
        }));
        let large = recovery(&plan("backup_restore", |value| {
            value["database"]["storage_gb"] = 2000.into()
        }));
        let difference = large.rto_seconds.unwrap() - small.rto_seconds.unwrap();
        assert_eq!(difference, 1900 * RESTORE_SECONDS_PER_GB);
        assert_eq!(small.rpo_seconds, Some(BACKUP_COPY_INTERVAL_SECONDS));
    }

    #[test]
    fn pilot_light_waits_for_an_instance_in_its_headless_cluster() {
        // 90 s detection + (10 min instance + 60 s promotion) + 60 s TTL.
        assert_eq!(rto("pilot_light"), 90 + 600 + 60 + 60);
    }

    #[test]
    fn rto_falls_from_backup_restore_to_active_active() {
        let ordered: Vec<u32> = MULTI_REGION_PATTERNS.into_iter().map(rto).collect();
        assert!(
            ordered[..4].windows(2).all(|pair| pair[0] > pair[1]) && ordered[3] >= ordered[4],
            "RTO must fall with a more resilient pattern: {ordered:?}"
        );
    }

    #[test]
    fn the_timeline_is_consistent_with_the_total() {
        for pattern in MULTI_REGION_PATTERNS {
            let recovery = recovery(&plan(pattern, |_| {}));
            let end = recovery
                .rto_steps
                .iter()
                .map(|step| step.starts_at_seconds + step.seconds)
                .max()
                .unwrap();
            assert_eq!(Some(end), recovery.rto_seconds, "{pattern}");
            assert!(
                recovery
                    .rto_steps
                    .iter()
                    .all(|step| !step.formula.is_empty())
            );
        }
    }

    #[test]
    fn the_standby_capacity_override_changes_the_app_step() {
        let full = recovery(&plan("warm_standby", |value| {
            value["app"] = serde_json::json!({"standby_capacity_percent": 100});
        }));
        assert_eq!(full.rto_seconds, Some(90 + 60 + 60));
    }
}
