//! What a plan deploys in each region: the one description the bill of quantities and the
//! Terraform bundle both read, so what Regionwise prices is exactly what it generates.
//!
//! Per region it says the role the region plays, how many Aurora instances run there (zero
//! for a headless secondary cluster), how many app tasks run in steady state and at most,
//! whether the region holds the app's infrastructure at all (backup & restore keeps only
//! backup copies in its secondary regions) and how many NAT gateways it keeps.

use serde::Serialize;

use crate::DeploymentPattern;
use crate::plan::{DatabaseEngine, Plan};

/// NAT gateways in a region that runs the app: one per availability zone.
pub const NAT_GATEWAYS_PER_REGION: u32 = 3;
/// Availability zones each region's network spans.
pub const AVAILABILITY_ZONES_PER_REGION: u32 = 3;

/// The part a region plays in the design.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionRole {
    /// Takes the writes (and, in active-passive patterns, all traffic).
    Primary,
    /// Serves traffic beside the primary (active-active).
    Serving,
    /// Waits to take over: pilot light, warm or hot standby.
    Standby,
    /// Holds only copies of the primary's backups (backup & restore).
    BackupCopy,
}

/// What one region runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegionDeployment {
    pub region: String,
    pub role: RegionRole,
    /// Aurora instances in the region's cluster: the writer and readers in the primary, the
    /// readers of a secondary cluster, zero for a headless one. Zero for DynamoDB.
    pub database_instances: u32,
    /// App tasks running in steady state.
    pub app_tasks: u32,
    /// App tasks the region scales to when it serves all traffic.
    pub app_max_tasks: u32,
    /// Whether the region holds the app's cluster, load balancer and network.
    pub has_app_infrastructure: bool,
    pub nat_gateways: u32,
}

impl RegionDeployment {
    pub fn is_primary(&self) -> bool {
        self.role == RegionRole::Primary
    }

    /// Whether the region keeps a live copy of the data (a global database secondary or a
    /// global table replica), as opposed to backup copies only.
    pub fn has_live_data(&self) -> bool {
        self.role != RegionRole::BackupCopy
    }
}

/// The standby region whose cluster the bundle's automated failover promotes: the first
/// secondary with live data, when the plan asks for automated failover of an Aurora global
/// database. The Terraform bundle deploys its failover module there, and the estimate bills
/// that module's alarm there.
pub fn failover_target<'a>(
    plan: &Plan,
    deployment: &'a [RegionDeployment],
) -> Option<&'a RegionDeployment> {
    if plan.failover != crate::plan::FailoverMode::Automated
        || plan.database.engine == crate::plan::DatabaseEngine::Dynamodb
    {
        return None;
    }
    deployment
        .iter()
        .find(|region| !region.is_primary() && region.has_live_data())
}

/// What the plan deploys in each of its regions, primary first.
pub fn deployment(plan: &Plan) -> Vec<RegionDeployment> {
    plan.regions()
        .map(|region| region_deployment(plan, region))
        .collect()
}

fn region_deployment(plan: &Plan, region: &str) -> RegionDeployment {
    let pattern = plan.pattern;
    let role = if region == plan.primary_region {
        RegionRole::Primary
    } else {
        match pattern {
            DeploymentPattern::ActiveActive => RegionRole::Serving,
            DeploymentPattern::BackupRestore => RegionRole::BackupCopy,
            _ => RegionRole::Standby,
        }
    };
    let readers = plan.database.readers_per_region;
    let database_instances = match (plan.database.engine, role) {
        (DatabaseEngine::Dynamodb, _) => 0,
        (_, RegionRole::Primary | RegionRole::Serving) => 1 + readers,
        (_, RegionRole::BackupCopy) => 0,
        (_, RegionRole::Standby) => match pattern {
            DeploymentPattern::PilotLight => 0,
            DeploymentPattern::WarmStandby => readers.max(1),
            _ => 1 + readers,
        },
    };
    let app_tasks = match role {
        RegionRole::Primary | RegionRole::Serving => plan.app.tasks,
        RegionRole::BackupCopy => 0,
        RegionRole::Standby => {
            (plan.app.tasks * plan.effective_standby_capacity_percent()).div_ceil(100)
        }
    };
    RegionDeployment {
        region: region.to_owned(),
        role,
        database_instances,
        app_tasks,
        app_max_tasks: plan.app.tasks,
        has_app_infrastructure: role != RegionRole::BackupCopy,
        nat_gateways: if app_tasks > 0 {
            NAT_GATEWAYS_PER_REGION.min(crate::catalog::availability_zones(region))
        } else {
            0
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(pattern: &str) -> Plan {
        Plan::from_json(&format!(
            r#"{{"pattern":"{pattern}","primary_region":"us-east-1","secondary_regions":["eu-west-1"],"database":{{"instance_class":"db.r6g.large","readers_per_region":2}},"app":{{"tasks":8}}}}"#
        ))
        .unwrap()
    }

    fn secondary(pattern: &str) -> RegionDeployment {
        deployment(&plan(pattern)).remove(1)
    }

    #[test]
    fn the_primary_runs_the_writer_its_readers_and_every_task() {
        let primary = deployment(&plan("pilot_light")).remove(0);
        assert_eq!(primary.role, RegionRole::Primary);
        assert_eq!((primary.database_instances, primary.app_tasks), (3, 8));
        assert_eq!(primary.nat_gateways, NAT_GATEWAYS_PER_REGION);
    }

    #[test]
    fn each_pattern_keeps_its_own_secondary() {
        let backup = secondary("backup_restore");
        assert_eq!(backup.role, RegionRole::BackupCopy);
        assert!(!backup.has_app_infrastructure && !backup.has_live_data());
        let pilot = secondary("pilot_light");
        assert_eq!(
            (
                pilot.database_instances,
                pilot.app_tasks,
                pilot.nat_gateways
            ),
            (0, 0, 0)
        );
        assert!(
            pilot.has_app_infrastructure,
            "pilot light keeps the app's infrastructure at zero tasks"
        );
        let warm = secondary("warm_standby");
        assert_eq!((warm.database_instances, warm.app_tasks), (2, 2));
        let hot = secondary("hot_standby");
        assert_eq!((hot.database_instances, hot.app_tasks), (3, 8));
        let active = secondary("active_active");
        assert_eq!(active.role, RegionRole::Serving);
        assert_eq!(active.app_max_tasks, 8);
    }
}
