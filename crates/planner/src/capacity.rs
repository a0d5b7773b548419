//! DynamoDB provisioned capacity: the read and write capacity units a plan's workload needs
//! when its table is in provisioned mode.
//!
//! Capacity is sized so that Application Auto Scaling's target tracking holds utilisation at
//! [`TARGET_UTILIZATION_PERCENT`]: the workload's units divided by 0.7, rounded up, at least
//! one. The bill of quantities prices these units in every region that holds a replica, and
//! the Terraform bundle sets them as the table's capacity and as each scaling target's floor,
//! so the estimate is what the bundle keeps provisioned while traffic is steady. Each replica
//! keeps the full read capacity, standby replicas included: a standby that has to scale up
//! after a failover throttles its first minutes of traffic.
//!
//! A write capacity unit is one write a second of up to 1 KB; a read capacity unit one
//! strongly consistent read (or two eventually consistent ones) a second of up to 4 KB. Writes
//! to a global table (more than one replica) are replicated write capacity units (rWCU) in
//! every replica, the source's included (DynamoDB developer guide, "Understanding DynamoDB
//! billing"). DynamoDB reserved capacity, bought per region in blocks of
//! [`RESERVED_CAPACITY_BLOCK`] units, covers read and write capacity units but never rWCU.

use serde::Serialize;

use crate::plan::{CapacityMode, DatabaseEngine, Plan, ReadConsistency};
use crate::topology::RegionDeployment;

/// The utilisation target tracking keeps the table at, in per cent.
pub const TARGET_UTILIZATION_PERCENT: u32 = 70;
/// The scaling ceiling as a multiple of the baseline: room for a surge or a failover's traffic.
pub const MAX_CAPACITY_FACTOR: u32 = 4;
/// Capacity units a DynamoDB reservation is bought in.
pub const RESERVED_CAPACITY_BLOCK: u32 = 100;

/// What a provisioned table keeps in each replica.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ProvisionedCapacity {
    /// Read capacity units in each replica.
    pub read_units: u32,
    /// Write capacity units in each replica.
    pub write_units: u32,
    /// Whether the table is a global table, so its writes bill as replicated units (rWCU).
    pub replicated_writes: bool,
}

impl ProvisionedCapacity {
    /// The ceiling of read capacity auto scaling may reach.
    pub fn max_read_units(&self) -> u32 {
        self.read_units.saturating_mul(MAX_CAPACITY_FACTOR)
    }

    /// The ceiling of write capacity auto scaling may reach.
    pub fn max_write_units(&self) -> u32 {
        self.write_units.saturating_mul(MAX_CAPACITY_FACTOR)
    }
}

/// The capacity of the plan's table in each region of `deployment`, or `None` when the plan
/// does not use a provisioned DynamoDB table.
pub fn provisioned(plan: &Plan, deployment: &[RegionDeployment]) -> Option<ProvisionedCapacity> {
    let database = &plan.database;
    if database.engine != DatabaseEngine::Dynamodb
        || database.capacity_mode != CapacityMode::Provisioned
    {
        return None;
    }
    // Half units for eventually consistent reads: counted in halves to stay whole.
    let read_halves = u64::from(database.reads_per_second)
        * match database.read_consistency {
            ReadConsistency::Strong => 2,
            ReadConsistency::Eventual => 1,
        };
    let write_units =
        u64::from(database.writes_per_second) * u64::from(database.average_write_kb.max(1));
    let replicas = deployment
        .iter()
        .filter(|region| region.has_live_data())
        .count();
    Some(ProvisionedCapacity {
        read_units: at_target(read_halves, 2),
        write_units: at_target(write_units, 1),
        replicated_writes: replicas > 1,
    })
}

/// `numerator ÷ denominator` units at the target utilisation: divided by 0.7, rounded up, at
/// least one, at most `u32::MAX`.
fn at_target(numerator: u64, denominator: u64) -> u32 {
    let scaled = numerator * 100;
    let divisor = denominator * u64::from(TARGET_UTILIZATION_PERCENT);
    u32::try_from(scaled.div_ceil(divisor).max(1)).unwrap_or(u32::MAX)
}

/// The whole blocks of reserved capacity bought for `coverage_percent` of `units`: units are
/// reserved in blocks of [`RESERVED_CAPACITY_BLOCK`], so a share is rounded down to a block.
pub fn reserved_units(units: u32, coverage_percent: u32) -> u32 {
    let wanted = u64::from(units) * u64::from(coverage_percent.min(100)) / 100;
    let block = u64::from(RESERVED_CAPACITY_BLOCK);
    u32::try_from(wanted / block * block).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(edit: impl FnOnce(&mut serde_json::Value)) -> Plan {
        let mut value = serde_json::json!({
            "version": 1,
            "pattern": "warm_standby",
            "primary_region": "us-east-1",
            "secondary_regions": ["us-west-2"],
            "database": {
                "engine": "dynamodb",
                "instance_class": "db.r6g.large",
                "capacity_mode": "provisioned"
            },
            "app": {}
        });
        edit(&mut value);
        Plan::from_json(&value.to_string()).unwrap()
    }

    #[test]
    fn the_default_workload_sized_by_hand() {
        // 200 writes/s × 4 KB = 800 WCU of work; ÷ 0.7 = 1,142.86 → 1,143 WCU.
        // 2,000 strongly consistent reads/s = 2,000 RCU; ÷ 0.7 = 2,857.14 → 2,858 RCU.
        let plan = plan(|_| {});
        let capacity = provisioned(&plan, &crate::topology::deployment(&plan)).unwrap();
        assert_eq!(capacity.write_units, 1_143);
        assert_eq!(capacity.read_units, 2_858);
        assert!(capacity.replicated_writes);
        assert_eq!(capacity.max_write_units(), 4_572);
    }

    #[test]
    fn eventual_reads_take_half_and_one_replica_writes_plain_units() {
        // 2,000 eventually consistent reads/s = 1,000 RCU; ÷ 0.7 = 1,428.57 → 1,429 RCU.
        let plan = plan(|value| {
            value["database"]["read_consistency"] = "eventual".into();
            value["pattern"] = "single_region".into();
            value["secondary_regions"] = serde_json::json!([]);
        });
        let capacity = provisioned(&plan, &crate::topology::deployment(&plan)).unwrap();
        assert_eq!(capacity.read_units, 1_429);
        assert!(!capacity.replicated_writes);
    }

    #[test]
    fn an_idle_table_keeps_one_unit_and_on_demand_keeps_none() {
        let idle = plan(|value| {
            value["database"]["reads_per_second"] = 0.into();
            value["database"]["writes_per_second"] = 0.into();
        });
        let capacity = provisioned(&idle, &crate::topology::deployment(&idle)).unwrap();
        assert_eq!((capacity.read_units, capacity.write_units), (1, 1));
        let on_demand = plan(|value| value["database"]["capacity_mode"] = "on_demand".into());
        assert_eq!(
            provisioned(&on_demand, &crate::topology::deployment(&on_demand)),
            None
        );
    }

    #[test]
    fn reservations_are_whole_blocks_of_a_hundred() {
        assert_eq!(reserved_units(1_143, 100), 1_100);
        assert_eq!(reserved_units(1_143, 50), 500);
        assert_eq!(reserved_units(199, 100), 100);
        assert_eq!(reserved_units(99, 100), 0);
    }
}
