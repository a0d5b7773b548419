//! The six deployment patterns Regionwise plans for, and what each one promises.
//!
//! The profile of a pattern is the *published* expectation an architect starts from: the ranges
//! in the seed article's pattern table ("SaaS Multi-Region Deployment", pattern comparison) and
//! AWS's disaster-recovery whitepaper for backup & restore and pilot light. These ranges are
//! reference text shown next to the estimate; they are not the estimate, which the engine
//! computes from the plan's own inputs.

use serde::{Deserialize, Serialize};

/// How a workload is spread over AWS regions, from cheapest and slowest to recover to the
/// most expensive and fastest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeploymentPattern {
    SingleRegion,
    BackupRestore,
    PilotLight,
    WarmStandby,
    HotStandby,
    ActiveActive,
}

/// The published expectations of a pattern, as short human-readable ranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PatternProfile {
    pub title: &'static str,
    pub summary: &'static str,
    pub typical_rto: &'static str,
    pub typical_rpo: &'static str,
    pub complexity: &'static str,
    pub typical_cost_multiplier: &'static str,
    pub source: &'static str,
}

const SEED_TABLE: &str = "Seed article “SaaS Multi-Region Deployment”, pattern comparison table";
const AWS_DR_WHITEPAPER: &str =
    "AWS whitepaper “Disaster Recovery of Workloads on AWS”, DR strategies";

impl DeploymentPattern {
    /// Every pattern, in order of increasing resilience and cost.
    pub const ALL: [DeploymentPattern; 6] = [
        DeploymentPattern::SingleRegion,
        DeploymentPattern::BackupRestore,
        DeploymentPattern::PilotLight,
        DeploymentPattern::WarmStandby,
        DeploymentPattern::HotStandby,
        DeploymentPattern::ActiveActive,
    ];

    /// The stable identifier used in plans, URLs and the API (`warm_standby`).
    pub fn slug(self) -> &'static str {
        match self {
            DeploymentPattern::SingleRegion => "single_region",
            DeploymentPattern::BackupRestore => "backup_restore",
            DeploymentPattern::PilotLight => "pilot_light",
            DeploymentPattern::WarmStandby => "warm_standby",
            DeploymentPattern::HotStandby => "hot_standby",
            DeploymentPattern::ActiveActive => "active_active",
        }
    }

    /// Parses the identifier produced by [`DeploymentPattern::slug`].
    pub fn from_slug(slug: &str) -> Option<DeploymentPattern> {
        DeploymentPattern::ALL
            .into_iter()
            .find(|pattern| pattern.slug() == slug)
    }

    /// Whether the pattern keeps anything in a second region.
    pub fn is_multi_region(self) -> bool {
        self != DeploymentPattern::SingleRegion
    }

    pub fn profile(self) -> PatternProfile {
        match self {
            DeploymentPattern::SingleRegion => PatternProfile {
                title: "Single region",
                summary: "One region, Multi-AZ. No protection against a regional outage.",
                typical_rto: "n/a (region outage = outage)",
                typical_rpo: "n/a",
                complexity: "Low",
                typical_cost_multiplier: "1×",
                source: SEED_TABLE,
            },
            DeploymentPattern::BackupRestore => PatternProfile {
                title: "Backup & restore",
                summary: "Backups copied to a second region; infrastructure is created there only after a disaster.",
                typical_rto: "hours",
                typical_rpo: "hours (backup interval)",
                complexity: "Low",
                typical_cost_multiplier: "≈1.1×",
                source: AWS_DR_WHITEPAPER,
            },
            DeploymentPattern::PilotLight => PatternProfile {
                title: "Pilot light",
                summary: "Data replicated live to a second region; the application there is off until failover.",
                typical_rto: "tens of minutes",
                typical_rpo: "seconds to minutes",
                complexity: "Medium",
                typical_cost_multiplier: "≈1.2–1.4×",
                source: AWS_DR_WHITEPAPER,
            },
            DeploymentPattern::WarmStandby => PatternProfile {
                title: "Active-passive, warm standby",
                summary: "A scaled-down but running copy in the standby region, scaled out on failover.",
                typical_rto: "1–5 min",
                typical_rpo: "< 1 min",
                complexity: "Medium",
                typical_cost_multiplier: "1.5–2×",
                source: SEED_TABLE,
            },
            DeploymentPattern::HotStandby => PatternProfile {
                title: "Active-passive, hot standby",
                summary: "A full-size copy in the standby region, ready to take all traffic.",
                typical_rto: "< 1 min",
                typical_rpo: "seconds",
                complexity: "Medium-High",
                typical_cost_multiplier: "2×",
                source: SEED_TABLE,
            },
            DeploymentPattern::ActiveActive => PatternProfile {
                title: "Active-active",
                summary: "Every region serves users; writes need a global database strategy.",
                typical_rto: "near zero",
                typical_rpo: "near zero",
                complexity: "Very High",
                typical_cost_multiplier: "3–4×",
                source: SEED_TABLE,
            },
        }
    }
}

impl std::fmt::Display for DeploymentPattern {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.slug())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_round_trip_for_every_pattern() {
        for pattern in DeploymentPattern::ALL {
            assert_eq!(DeploymentPattern::from_slug(pattern.slug()), Some(pattern));
        }
    }

    #[test]
    fn unknown_slug_is_rejected() {
        assert_eq!(DeploymentPattern::from_slug("active-active"), None);
        assert_eq!(DeploymentPattern::from_slug(""), None);
    }

    #[test]
    fn serde_names_match_slugs() {
        for pattern in DeploymentPattern::ALL {
            let json = serde_json::to_string(&pattern).unwrap();
            assert_eq!(json, format!("\"{}\"", pattern.slug()));
        }
    }

    #[test]
    fn only_single_region_is_single_region() {
        let single: Vec<_> = DeploymentPattern::ALL
            .into_iter()
            .filter(|pattern| !pattern.is_multi_region())
            .collect();
        assert_eq!(single, vec![DeploymentPattern::SingleRegion]);
    }
}
