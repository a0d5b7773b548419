//! Expected availability from the published service SLAs and the plan's recovery time.
//!
//! Within a region the services a request needs are in series (load balancer, Fargate, the
//! database), so the region's availability is the product of their SLAs. Across regions:
//!
//! - the workload is down whenever **every** region is down at once: `U_region ^ regions`;
//! - and each incident in the primary region costs `min(RTO, incident length)` while traffic
//!   moves to a healthy region. The incident rate follows from the SLA: a region is
//!   unavailable `U_region × month` minutes a month, in incidents assumed to last
//!   [`INCIDENT_MINUTES`] each.
//!
//! Single region has no second region: the region's downtime is the workload's. The entry
//! service (Route 53, 100 %, or Global Accelerator, 99.99 %) is in series with everything.
//! SLAs are commitments, not measurements: the figures are what AWS promises to credit, and
//! the result is an **upper bound**: the availability the design supports if every service
//! just meets its SLA and the application, deployments and operators never fail. An Aurora
//! cluster without readers keeps its writer in one zone and gets the Single-AZ figure.

use serde::Serialize;

use crate::DeploymentPattern;
use crate::plan::{DatabaseEngine, Plan, Routing};
use crate::recovery::Recovery;

/// Minutes in the 730-hour month every estimate uses.
pub const MINUTES_PER_MONTH: f64 = 730.0 * 60.0;

/// Assumed length of one regional incident, used to turn SLA downtime into an incident rate.
pub const INCIDENT_MINUTES: f64 = 60.0;

/// A published service-level agreement.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Sla {
    pub service: &'static str,
    pub percent: f64,
    pub source: &'static str,
}

pub const ELB_SLA: Sla = Sla {
    service: "Elastic Load Balancing",
    percent: 99.99,
    source: "Elastic Load Balancing SLA",
};
pub const FARGATE_SLA: Sla = Sla {
    service: "Amazon ECS on Fargate",
    percent: 99.99,
    source: "Amazon Compute SLA (region-level)",
};
pub const AURORA_SLA: Sla = Sla {
    service: "Amazon Aurora (Multi-AZ cluster)",
    percent: 99.99,
    source: "Amazon RDS SLA (Multi-AZ)",
};
/// A cluster without readers has its writer in one zone: no Multi-AZ commitment.
pub const AURORA_SINGLE_AZ_SLA: Sla = Sla {
    service: "Amazon Aurora (writer only, one zone)",
    percent: 99.9,
    source: "Amazon RDS SLA (Single-AZ)",
};
pub const DYNAMODB_SLA: Sla = Sla {
    service: "Amazon DynamoDB (single region)",
    percent: 99.99,
    source: "Amazon DynamoDB SLA",
};
pub const DYNAMODB_GLOBAL_SLA: Sla = Sla {
    service: "Amazon DynamoDB (global tables)",
    percent: 99.999,
    source: "Amazon DynamoDB SLA (global tables)",
};
pub const ROUTE53_SLA: Sla = Sla {
    service: "Amazon Route 53",
    percent: 100.0,
    source: "Amazon Route 53 SLA",
};
pub const GLOBAL_ACCELERATOR_SLA: Sla = Sla {
    service: "AWS Global Accelerator",
    percent: 99.99,
    source: "AWS Global Accelerator SLA",
};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Availability {
    /// The upper bound: every service at its SLA, each failover taking the typical RTO.
    pub percent: f64,
    /// The same with each failover taking the worst-case RTO.
    pub worst_case_percent: f64,
    pub downtime_minutes_per_month: f64,
    /// The serial composition of one region's services, in percent.
    pub region_percent: f64,
    pub region_services: Vec<Sla>,
    pub entry_service: Sla,
    /// The computation with the plan's numbers filled in.
    pub formula: String,
}

/// Computes availability for `plan`, whose recovery is `recovery`.
pub fn availability(plan: &Plan, recovery: &Recovery) -> Availability {
    let typical = availability_with_rto(plan, recovery.rto_seconds);
    let worst = availability_with_rto(plan, recovery.rto_worst_seconds);
    Availability {
        worst_case_percent: worst.percent,
        ..typical
    }
}

/// The availability when each failover takes `rto_seconds`.
fn availability_with_rto(plan: &Plan, rto_seconds: Option<u32>) -> Availability {
    let database_sla = match plan.database.engine {
        DatabaseEngine::Dynamodb if plan.pattern.is_multi_region() => DYNAMODB_GLOBAL_SLA,
        DatabaseEngine::Dynamodb => DYNAMODB_SLA,
        DatabaseEngine::AuroraPostgresql | DatabaseEngine::AuroraMysql
            if plan.database.readers_per_region == 0 =>
        {
            AURORA_SINGLE_AZ_SLA
        }
        DatabaseEngine::AuroraPostgresql | DatabaseEngine::AuroraMysql => AURORA_SLA,
    };
    let region_services = vec![ELB_SLA, FARGATE_SLA, database_sla];
    let entry_service = match plan.effective_routing() {
        Routing::GlobalAccelerator => GLOBAL_ACCELERATOR_SLA,
        Routing::Route53Latency | Routing::Route53Failover => ROUTE53_SLA,
    };
    let region_fraction: f64 = region_services
        .iter()
        .map(|sla| sla.percent / 100.0)
        .product();
    let region_down = 1.0 - region_fraction;
    let region_down_minutes = region_down * MINUTES_PER_MONTH;
    let entry_down_minutes = (1.0 - entry_service.percent / 100.0) * MINUTES_PER_MONTH;

    let (workload_down_minutes, formula) = match (plan.pattern, rto_seconds) {
        (DeploymentPattern::SingleRegion, _) | (_, None) => (
            region_down_minutes,
            format!(
                "region downtime = (1 − {:.5}) × {MINUTES_PER_MONTH:.0} min = {region_down_minutes:.2} min",
                region_fraction
            ),
        ),
        (_, Some(rto_seconds)) => {
            let regions = plan.regions().count() as i32;
            let all_down_minutes = region_down.powi(regions) * MINUTES_PER_MONTH;
            let incidents = region_down_minutes / INCIDENT_MINUTES;
            let per_incident = (f64::from(rto_seconds) / 60.0).min(INCIDENT_MINUTES);
            // A recovery slower than the incident never helps: the region is back first.
            (
                (all_down_minutes + incidents * per_incident).min(region_down_minutes),
                format!(
                    "all {regions} regions down: (1 − {region_fraction:.5})^{regions} × {MINUTES_PER_MONTH:.0} min = {all_down_minutes:.4} min; \
                     failovers: {region_down_minutes:.2} min ÷ {INCIDENT_MINUTES:.0} min per incident = {incidents:.3} incidents × {per_incident:.2} min (RTO) = {:.2} min",
                    incidents * per_incident
                ),
            )
        }
    };
    let downtime = workload_down_minutes + entry_down_minutes;
    let slas = region_services
        .iter()
        .map(|sla| format!("{} {} %", sla.service, sla.percent))
        .collect::<Vec<_>>()
        .join(", ");
    let percent = 100.0 * (1.0 - downtime / MINUTES_PER_MONTH);
    Availability {
        percent,
        worst_case_percent: percent,
        downtime_minutes_per_month: downtime,
        region_percent: 100.0 * region_fraction,
        region_services,
        entry_service,
        formula: format!(
            "upper bound from the services' SLAs ({slas}): {formula}; entry ({}): {entry_down_minutes:.2} min; total {downtime:.2} min of {MINUTES_PER_MONTH:.0}",
            entry_service.service
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recovery::recovery;
    use crate::test_support::plan;

    fn availability_of(plan: &Plan) -> Availability {
        availability(plan, &recovery(plan))
    }

    #[test]
    fn single_region_is_the_serial_composition_of_its_services() {
        let result = availability_of(&plan("single_region", |_| {}));
        // 99.99 % × 99.99 % × 99.99 % = 99.970003 %.
        assert!(
            (result.percent - 99.970003).abs() < 1e-6,
            "{}",
            result.percent
        );
        assert!((result.downtime_minutes_per_month - 13.1387).abs() < 1e-3);
    }

    /// Backup & restore takes hours: longer than the incident the rate assumes, so it buys no
    /// availability; from pilot light on, every pattern recovers within the incident.
    #[test]
    fn availability_rises_from_single_region_to_hot_standby() {
        let ordered: Vec<f64> = [
            "single_region",
            "backup_restore",
            "pilot_light",
            "warm_standby",
            "hot_standby",
        ]
        .into_iter()
        .map(|pattern| availability_of(&plan(pattern, |_| {})).percent)
        .collect();
        assert!((ordered[1] - ordered[0]).abs() < 1e-9, "{ordered:?}");
        assert!(
            ordered[1..].windows(2).all(|pair| pair[0] < pair[1]),
            "{ordered:?}"
        );
    }

    #[test]
    fn downtime_follows_the_rto_of_each_failover() {
        let hot = plan("hot_standby", |_| {});
        let result = availability_of(&hot);
        let rto_minutes = f64::from(recovery(&hot).rto_seconds.unwrap()) / 60.0;
        let region_down_minutes = (1.0 - 0.9999f64.powi(3)) * MINUTES_PER_MONTH;
        let expected = (1.0 - 0.9999f64.powi(3)).powi(2) * MINUTES_PER_MONTH
            + region_down_minutes / INCIDENT_MINUTES * rto_minutes;
        assert!((result.downtime_minutes_per_month - expected).abs() < 1e-9);
    }

    #[test]
    fn global_accelerator_adds_its_own_sla_in_series() {
        let route53 = availability_of(&plan("hot_standby", |_| {}));
        let accelerator = availability_of(&plan("hot_standby", |value| {
            value["routing"] = "global_accelerator".into();
        }));
        assert_eq!(accelerator.entry_service, GLOBAL_ACCELERATOR_SLA);
        // Its own SLA (0.01 % of the month) in series; each failover shifts traffic in 10 s
        // instead of the 60 s alias TTL, which only shortens the RTO when the traffic, not
        // the promotion, is the last step.
        let accelerator_sla_minutes = 0.0001 * MINUTES_PER_MONTH;
        let incidents = (1.0 - 0.9999f64.powi(3)) * MINUTES_PER_MONTH / INCIDENT_MINUTES;
        let rto = |plan: &Plan| f64::from(recovery(plan).rto_seconds.unwrap()) / 60.0;
        let saved_per_incident = rto(&plan("hot_standby", |_| {}))
            - rto(&plan("hot_standby", |value| {
                value["routing"] = "global_accelerator".into();
            }));
        let expected_difference = accelerator_sla_minutes - incidents * saved_per_incident;
        let difference =
            accelerator.downtime_minutes_per_month - route53.downtime_minutes_per_month;
        assert!(
            (difference - expected_difference).abs() < 1e-9,
            "{difference} vs {expected_difference}"
        );
    }

    #[test]
    fn worst_case_failovers_lower_the_availability() {
        let warm = availability_of(&plan("warm_standby", |_| {}));
        assert!(warm.worst_case_percent < warm.percent, "{warm:?}");
        let single = availability_of(&plan("single_region", |_| {}));
        assert_eq!(single.worst_case_percent, single.percent);
    }

    #[test]
    fn aurora_without_readers_is_a_single_zone_writer() {
        let with_reader = availability_of(&plan("single_region", |_| {}));
        let writer_only = availability_of(&plan("single_region", |value| {
            value["database"]["readers_per_region"] = 0.into();
        }));
        assert!(with_reader.region_services.contains(&AURORA_SLA));
        assert!(writer_only.region_services.contains(&AURORA_SINGLE_AZ_SLA));
        // 99.99 % × 99.99 % × 99.9 %.
        assert!(
            (writer_only.percent - 99.880020).abs() < 1e-5,
            "{}",
            writer_only.percent
        );
        assert!(
            writer_only
                .formula
                .starts_with("upper bound from the services' SLAs")
        );
    }

    #[test]
    fn dynamodb_global_tables_use_their_own_sla() {
        let result = availability_of(&plan("active_active", |value| {
            value["database"]["engine"] = "dynamodb".into();
        }));
        assert!(result.region_services.contains(&DYNAMODB_GLOBAL_SLA));
        assert!(result.formula.contains("failovers"));
    }
}
