//! How the application talks to the replicated database: the read-after-write window and the
//! connection pools.
//!
//! Reads go to the nearest replica, writes to the one writer; a replica lags the writer, so
//! after a write the same user's reads go to the writer for a *read-after-write window*. The
//! window is the design's replication lag at the 99th percentile plus a margin, each figure
//! with its basis, so the app config, the Terraform lag alarm and the estimate quote one
//! number. Pool sizes follow from the plan's task size and are checked against what the
//! database instances accept.

use serde::Serialize;

use crate::DeploymentPattern;
use crate::catalog::find_instance_class;
use crate::plan::{DatabaseEngine, Plan};
use crate::recovery::{AURORA_GLOBAL_LAG_SECONDS, DYNAMODB_GLOBAL_LAG_SECONDS};
use crate::topology::{RegionDeployment, deployment};

/// Aurora Replicas in the same cluster lag the writer "usually much less than 100
/// milliseconds" (Aurora User Guide, "Replication with Amazon Aurora").
pub const AURORA_IN_REGION_LAG_MS: u32 = 100;

/// The 99th percentile of lag as a multiple of the typical figure. Assumption: AWS publishes
/// typical lag only; bursts of writes and cross-region network variance make the tail a few
/// times longer. Watch `AuroraGlobalDBReplicationLag` / `ReplicationLatency`: the bundle
/// alarms when the lag passes the window.
pub const P99_OVER_TYPICAL: u32 = 3;

/// Added to the p99 lag: clock skew between app tasks and the time a request takes between
/// its write and the end of the response. Assumption.
pub const WINDOW_MARGIN_MS: u32 = 2000;

/// Prisma's default pool size is `2 × CPUs + 1` (Prisma docs, "Connection pool"); the same
/// rule of thumb as HikariCP's "cores × 2 + spindles".
const POOL_PER_VCPU: f64 = 2.0;

/// Aurora PostgreSQL's default `max_connections` is `LEAST(DBInstanceClassMemory/9531392,
/// 5000)`; Aurora MySQL's is `DBInstanceClassMemory/12582880` (Aurora User Guide, "Maximum
/// connections"). `DBInstanceClassMemory` is a little below the instance's memory, so the
/// figures here are upper bounds.
const POSTGRESQL_BYTES_PER_CONNECTION: u64 = 9_531_392;
const POSTGRESQL_MAX_CONNECTIONS_CAP: u64 = 5000;
const MYSQL_BYTES_PER_CONNECTION: u64 = 12_582_880;

/// The read-after-write window and how it was derived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadAfterWrite {
    /// What the replica that serves reads is: `aurora_global` (a secondary region),
    /// `aurora_in_region` (Aurora Replicas beside the writer) or `dynamodb_global`.
    pub replication: &'static str,
    pub typical_lag_ms: u32,
    pub p99_lag_ms: u32,
    pub margin_ms: u32,
    /// `p99_lag_ms + margin_ms`: reads go to the writer this long after a write.
    pub window_ms: u32,
    /// The arithmetic, e.g. `p99 3 × 1000 ms typical + 2000 ms margin = 5000 ms`.
    pub derivation: String,
    pub basis: &'static str,
}

/// Connection pools of one app task, and what they add up to at full size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConnectionPools {
    /// Connections each task keeps to the writer, and as many to its region's readers.
    pub per_task: u32,
    pub per_task_formula: String,
    /// Every region's tasks at full size, all writing to the one writer.
    pub writer_connections: u32,
    /// Per region: its tasks' reader connections spread over its reader instances.
    pub reader_connections_per_instance: Vec<RegionReaderLoad>,
    /// Each instance's default `max_connections` (an upper bound), writer and readers alike.
    pub max_connections_per_instance: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionReaderLoad {
    pub region: String,
    pub connections_per_instance: u32,
}

/// What the app's database configuration is derived from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadWriteSplit {
    pub read_after_write: ReadAfterWrite,
    /// `None` for DynamoDB (HTTP requests, no connection pools).
    pub pools: Option<ConnectionPools>,
}

/// The read-after-write window and the pools of `plan`.
/// Whether the app's tasks share the read-after-write window through Redis (Valkey in the
/// bundle): whenever more than one task may serve a client's next request.
pub fn shares_window_between_tasks(plan: &Plan) -> bool {
    plan.app.tasks > 1
}

pub fn read_write_split(plan: &Plan) -> ReadWriteSplit {
    let regions = deployment(plan);
    ReadWriteSplit {
        read_after_write: read_after_write(plan, &regions),
        pools: (plan.database.engine != DatabaseEngine::Dynamodb).then(|| pools(plan, &regions)),
    }
}

fn read_after_write(plan: &Plan, regions: &[RegionDeployment]) -> ReadAfterWrite {
    let cross_region = regions
        .iter()
        .any(|region| !region.is_primary() && region.has_live_data())
        && plan.pattern != DeploymentPattern::BackupRestore;
    let (replication, typical_lag_ms, basis) = match plan.database.engine {
        DatabaseEngine::Dynamodb => (
            "dynamodb_global",
            DYNAMODB_GLOBAL_LAG_SECONDS * 1000,
            "DynamoDB: replicas and eventually consistent reads typically catch up within one second (AWS Prescriptive Guidance, no SLA); p99 and margin are Regionwise assumptions",
        ),
        _ if cross_region => (
            "aurora_global",
            AURORA_GLOBAL_LAG_SECONDS * 1000,
            "Aurora global database lag is typically under one second (Aurora User Guide); p99 and margin are Regionwise assumptions",
        ),
        _ => (
            "aurora_in_region",
            AURORA_IN_REGION_LAG_MS,
            "Aurora Replicas lag the writer usually much less than 100 ms (Aurora User Guide); p99 and margin are Regionwise assumptions",
        ),
    };
    let p99_lag_ms = typical_lag_ms * P99_OVER_TYPICAL;
    let window_ms = p99_lag_ms + WINDOW_MARGIN_MS;
    ReadAfterWrite {
        replication,
        typical_lag_ms,
        p99_lag_ms,
        margin_ms: WINDOW_MARGIN_MS,
        window_ms,
        derivation: format!(
            "p99 lag {P99_OVER_TYPICAL} × {typical_lag_ms} ms typical = {p99_lag_ms} ms, + {WINDOW_MARGIN_MS} ms margin (clock skew, request time) = {window_ms} ms"
        ),
        basis,
    }
}

fn pools(plan: &Plan, regions: &[RegionDeployment]) -> ConnectionPools {
    let vcpu = plan.app.vcpu;
    let per_task = ((POOL_PER_VCPU * vcpu).ceil() as u32 + 1).max(2);
    let app_regions: Vec<&RegionDeployment> = regions
        .iter()
        .filter(|region| region.has_app_infrastructure)
        .collect();
    let writer_connections = app_regions
        .iter()
        .map(|region| region.app_max_tasks * per_task)
        .sum();
    let readers = plan.database.readers_per_region.max(1);
    let max_connections = max_connections(plan);
    ConnectionPools {
        per_task,
        per_task_formula: format!(
            "max(2, ⌈2 × {vcpu} vCPU⌉ + 1) = {per_task} (Prisma's default pool: 2 × CPUs + 1)"
        ),
        writer_connections,
        reader_connections_per_instance: app_regions
            .iter()
            .map(|region| RegionReaderLoad {
                region: region.region.clone(),
                connections_per_instance: (region.app_max_tasks * per_task).div_ceil(readers),
            })
            .collect(),
        max_connections_per_instance: max_connections,
    }
}

/// The default `max_connections` of one instance of the plan's class.
pub fn max_connections(plan: &Plan) -> Option<u32> {
    let class = find_instance_class(&plan.database.instance_class)?;
    let memory_bytes = u64::from(class.memory_gib) << 30;
    let connections = match plan.database.engine {
        DatabaseEngine::AuroraPostgresql => {
            (memory_bytes / POSTGRESQL_BYTES_PER_CONNECTION).min(POSTGRESQL_MAX_CONNECTIONS_CAP)
        }
        DatabaseEngine::AuroraMysql => memory_bytes / MYSQL_BYTES_PER_CONNECTION,
        DatabaseEngine::Dynamodb => return None,
    };
    u32::try_from(connections).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::plan;

    #[test]
    fn a_global_database_waits_the_seeds_five_seconds() {
        let split = read_write_split(&plan("warm_standby", |_| {}));
        assert_eq!(split.read_after_write.replication, "aurora_global");
        assert_eq!(split.read_after_write.window_ms, 5000);
        assert!(split.read_after_write.derivation.ends_with("= 5000 ms"));
    }

    #[test]
    fn replicas_in_one_region_need_a_shorter_window() {
        for pattern in ["single_region", "backup_restore"] {
            let split = read_write_split(&plan(pattern, |_| {}));
            assert_eq!(split.read_after_write.replication, "aurora_in_region");
            assert_eq!(split.read_after_write.window_ms, 300 + WINDOW_MARGIN_MS);
        }
    }

    #[test]
    fn dynamodb_has_a_window_and_no_pools() {
        let split = read_write_split(&plan("active_active", |value| {
            value["database"]["engine"] = "dynamodb".into()
        }));
        assert_eq!(split.read_after_write.replication, "dynamodb_global");
        assert_eq!(split.read_after_write.window_ms, 5000);
        assert!(split.pools.is_none());
    }

    #[test]
    fn pools_follow_the_task_size_and_add_up_over_every_region() {
        let split = read_write_split(&plan("hot_standby", |value| {
            value["app"] = serde_json::json!({"vcpu": 2, "memory_gb": 4, "tasks": 10});
        }));
        let pools = split.pools.unwrap();
        assert_eq!(pools.per_task, 5);
        // Two regions with app infrastructure, 10 tasks each at full size.
        assert_eq!(pools.writer_connections, 100);
        // db.r6g.large: 16 GiB / 9531392 B = 1802 (the figure AWS's table gives).
        assert_eq!(pools.max_connections_per_instance, Some(1802));
        assert_eq!(
            pools.reader_connections_per_instance[0].connections_per_instance,
            50
        );
    }

    #[test]
    fn a_quarter_vcpu_still_gets_two_connections() {
        let split = read_write_split(&plan("single_region", |value| {
            value["app"] = serde_json::json!({"vcpu": 0.25, "memory_gb": 0.5, "tasks": 2});
        }));
        assert_eq!(split.pools.unwrap().per_task, 2);
    }
}
