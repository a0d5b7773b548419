//! The same workload under every pattern, side by side, and the recommendation: with targets
//! given, the cheapest pattern that meets all of them; every other pattern says which target
//! it misses or what it costs beyond the recommendation.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::DeploymentPattern;
use crate::catalog::{REGIONS, find_region};
use crate::estimate::{Estimate, estimate};
use crate::plan::Plan;
use crate::price_book::PriceBook;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PatternOption {
    pub pattern: DeploymentPattern,
    /// The plan as it was estimated for this pattern.
    pub plan: Plan,
    pub estimate: Estimate,
    /// Targets this pattern misses, by name.
    pub missed_targets: Vec<&'static str>,
    /// Targets the estimate cannot judge (a budget with unpriced lines), by name.
    pub undecided_targets: Vec<&'static str>,
    /// Monthly cost beyond the recommended pattern, when there is a recommendation.
    pub extra_cost_usd: Option<Decimal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recommendation {
    pub pattern: DeploymentPattern,
    pub reason: String,
    /// By how much the recommended pattern meets each target, one sentence each ("RTO:
    /// worst case 13 min 30 s, 1 min 30 s inside the 15 min target").
    pub margins: Vec<String>,
    /// What the cheaper patterns miss, one sentence each ("Backup & restore ($1,700.12)
    /// misses RTO").
    pub cheaper_alternatives: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub options: Vec<PatternOption>,
    /// `None` when the plan sets no targets, or no pattern meets them all.
    pub recommendation: Option<Recommendation>,
    /// Why there is no recommendation, when there is none.
    pub note: Option<String>,
}

/// The plan as it would be under `pattern`: a single-region plan borrows a partner region in
/// the primary's geography, a standby-capacity override applies only to the plan's own
/// pattern, and everything else (workload, routing choice, targets) is kept.
pub fn variant(plan: &Plan, pattern: DeploymentPattern) -> Plan {
    let mut variant = plan.clone();
    variant.pattern = pattern;
    if pattern == DeploymentPattern::SingleRegion {
        variant.secondary_regions.clear();
    } else if variant.secondary_regions.is_empty() {
        variant
            .secondary_regions
            .push(partner_region(&plan.primary_region).to_owned());
    }
    if pattern != plan.pattern {
        variant.app.standby_capacity_percent = None;
    }
    variant
}

/// The first catalogue region in the same geography as `primary`, else the first other region.
fn partner_region(primary: &str) -> &'static str {
    let geography = find_region(primary).map(|region| region.geography);
    REGIONS
        .iter()
        .filter(|region| region.code != primary)
        .find(|region| Some(region.geography) == geography)
        .or_else(|| REGIONS.iter().find(|region| region.code != primary))
        .map_or("us-west-2", |region| region.code)
}

/// Estimates every pattern for the plan's workload and recommends one.
pub fn compare(plan: &Plan, prices: &PriceBook) -> Comparison {
    let mut options: Vec<PatternOption> = DeploymentPattern::ALL
        .into_iter()
        .map(|pattern| {
            let plan = variant(plan, pattern);
            let estimate = estimate(&plan, prices);
            let targets_where = |met: Option<bool>| {
                estimate
                    .targets
                    .iter()
                    .filter(|check| check.met == met)
                    .map(|check| check.target)
                    .collect()
            };
            let missed_targets = targets_where(Some(false));
            let undecided_targets = targets_where(None);
            PatternOption {
                pattern,
                plan,
                estimate,
                missed_targets,
                undecided_targets,
                extra_cost_usd: None,
            }
        })
        .collect();

    let has_targets = plan.targets.as_ref().is_some_and(|targets| {
        targets.rto_seconds.is_some()
            || targets.rpo_seconds.is_some()
            || targets.availability_percent.is_some()
            || targets.monthly_budget_usd.is_some()
    });
    if !has_targets {
        return Comparison {
            options,
            recommendation: None,
            note: Some(
                "Set targets (RTO, RPO, availability, budget) to get a recommendation.".to_owned(),
            ),
        };
    }
    let cheapest = options
        .iter()
        .filter(|option| option.missed_targets.is_empty() && option.undecided_targets.is_empty())
        .min_by_key(|option| option.estimate.cost.total_monthly_usd)
        .map(|option| (option.pattern, option.estimate.cost.total_monthly_usd));
    let Some((pattern, total)) = cheapest else {
        let undecided = options
            .iter()
            .any(|option| option.missed_targets.is_empty() && !option.undecided_targets.is_empty());
        let note = if undecided {
            "No pattern can be recommended yet: the budget cannot be judged while some lines are unpriced."
        } else {
            "No pattern meets every target: relax a target or change the workload."
        };
        return Comparison {
            options,
            recommendation: None,
            note: Some(note.to_owned()),
        };
    };
    for option in &mut options {
        option.extra_cost_usd = Some(option.estimate.cost.total_monthly_usd - total);
    }
    let incomplete = options
        .iter()
        .any(|option| !option.estimate.cost.missing_prices.is_empty());
    // (A budget target makes any unpriced candidate undecided, so `incomplete` only matters
    // when no budget is set.)
    let mut reason = format!(
        "{} is the cheapest pattern that meets every target, at {} a month.",
        pattern.profile().title,
        crate::display::usd(total)
    );
    if plan
        .targets
        .as_ref()
        .is_some_and(|targets| targets.rto_seconds.is_some())
    {
        reason.push_str(" RTO targets are checked against the worst case.");
    }
    if incomplete {
        reason.push_str(" Some lines are unpriced, so costs may be understated.");
    }
    let chosen = options
        .iter()
        .find(|option| option.pattern == pattern)
        .map(|option| margins(plan, &option.estimate))
        .unwrap_or_default();
    let cheaper_alternatives = options
        .iter()
        .filter(|option| option.estimate.cost.total_monthly_usd < total)
        .map(|option| {
            let missed: Vec<&str> = option
                .missed_targets
                .iter()
                .chain(&option.undecided_targets)
                .map(|target| target_title(target))
                .collect();
            format!(
                "{} ({}) misses {}",
                option.pattern.profile().title,
                crate::display::usd(option.estimate.cost.total_monthly_usd),
                missed.join(" and ")
            )
        })
        .collect();
    Comparison {
        options,
        recommendation: Some(Recommendation {
            pattern,
            reason,
            margins: chosen,
            cheaper_alternatives,
        }),
        note: None,
    }
}

/// How people name a target.
pub fn target_title(target: &str) -> &str {
    match target {
        "rto_seconds" => "RTO",
        "rpo_seconds" => "RPO",
        "availability_percent" => "availability",
        "monthly_budget_usd" => "the budget",
        other => other,
    }
}

/// One sentence per target of `plan`: what `estimate` gives and how far inside the target.
fn margins(plan: &Plan, estimate: &crate::Estimate) -> Vec<String> {
    use crate::display::{duration, usd};
    let Some(targets) = &plan.targets else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let (Some(wanted), Some(worst)) = (targets.rto_seconds, estimate.recovery.rto_worst_seconds)
    {
        let margin = wanted.saturating_sub(worst);
        out.push(if margin == 0 {
            format!(
                "RTO: worst case {}, exactly the {} target",
                duration(worst),
                duration(wanted)
            )
        } else {
            format!(
                "RTO: worst case {}, {} inside the {} target",
                duration(worst),
                duration(margin),
                duration(wanted)
            )
        });
    }
    if let (Some(wanted), Some(rpo)) = (targets.rpo_seconds, estimate.recovery.rpo_seconds) {
        out.push(format!(
            "RPO: {}, {} inside the {} target",
            duration(rpo),
            duration(wanted.saturating_sub(rpo)),
            duration(wanted)
        ));
    }
    if let Some(wanted) = targets.availability_percent {
        out.push(format!(
            "Availability: {:.4} %, {:.4} points above the {wanted} % target",
            estimate.availability.percent,
            estimate.availability.percent - wanted
        ));
    }
    if let Some(budget) = targets.monthly_budget_usd {
        let total = estimate.cost.total_monthly_usd;
        out.push(format!(
            "Budget: {} a month, {} under the {} budget",
            usd(total),
            usd(budget - total),
            usd(budget)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{plan, uniform_book};

    fn compare_with_uniform_prices(plan: &Plan) -> Comparison {
        let variants: Vec<Plan> = DeploymentPattern::ALL
            .into_iter()
            .flat_map(|pattern| {
                let variant = variant(plan, pattern);
                [crate::estimate::single_region_variant(&variant), variant]
            })
            .collect();
        let references: Vec<&Plan> = variants.iter().collect();
        compare(plan, &uniform_book(&references, "0.01"))
    }

    #[test]
    fn the_cheapest_pattern_meeting_every_target_is_recommended() {
        let comparison = compare_with_uniform_prices(&plan("hot_standby", |value| {
            value["targets"] = serde_json::json!({"rto_seconds": 960, "rpo_seconds": 60});
        }));
        let recommendation = comparison.recommendation.unwrap();
        assert_eq!(recommendation.pattern, DeploymentPattern::WarmStandby);
        assert!(recommendation.reason.contains("worst case"));
        // Why it wins: its margins, and what the cheaper patterns miss.
        assert!(
            recommendation.margins[0].starts_with("RTO: worst case ")
                && recommendation.margins[0].ends_with("inside the 16 min target"),
            "{:?}",
            recommendation.margins
        );
        assert_eq!(recommendation.margins.len(), 2);
        assert_eq!(recommendation.cheaper_alternatives.len(), 3);
        assert!(
            recommendation.cheaper_alternatives[2].starts_with("Pilot light ($")
                && recommendation.cheaper_alternatives[2].ends_with(") misses RTO"),
            "{:?}",
            recommendation.cheaper_alternatives
        );
        let pilot = &comparison.options[2];
        assert_eq!(pilot.pattern, DeploymentPattern::PilotLight);
        assert_eq!(pilot.missed_targets, vec!["rto_seconds"]);
        let hot = &comparison.options[4];
        assert!(hot.extra_cost_usd.unwrap() > Decimal::ZERO);
        let warm = &comparison.options[3];
        assert_eq!(warm.extra_cost_usd, Some(Decimal::ZERO));
    }

    #[test]
    fn without_targets_there_is_no_recommendation_but_every_pattern_is_estimated() {
        let comparison = compare_with_uniform_prices(&plan("warm_standby", |_| {}));
        assert_eq!(comparison.options.len(), 6);
        assert_eq!(comparison.recommendation, None);
        assert!(comparison.note.unwrap().starts_with("Set targets"));
    }

    #[test]
    fn an_unpriced_budget_blocks_the_recommendation_and_says_why() {
        let plan = plan("warm_standby", |value| {
            value["targets"] =
                serde_json::json!({"rto_seconds": 960, "monthly_budget_usd": "1000000000"});
        });
        let comparison = compare(&plan, &crate::test_support::uniform_book(&[], "1"));
        assert_eq!(comparison.recommendation, None);
        let warm = &comparison.options[3];
        assert_eq!(warm.missed_targets, Vec::<&str>::new());
        assert_eq!(warm.undecided_targets, vec!["monthly_budget_usd"]);
        assert!(comparison.note.unwrap().contains("cannot be judged"));
    }

    #[test]
    fn a_target_met_only_in_the_typical_case_is_missed() {
        // Warm standby: typically 390 s, 840 s at worst; hot standby 250 s, 510 s at worst.
        let comparison = compare_with_uniform_prices(&plan("warm_standby", |value| {
            value["targets"] = serde_json::json!({"rto_seconds": 600});
        }));
        assert_eq!(comparison.options[3].missed_targets, vec!["rto_seconds"]);
        assert_eq!(
            comparison.recommendation.unwrap().pattern,
            DeploymentPattern::HotStandby
        );
    }

    #[test]
    fn impossible_targets_say_so() {
        let comparison = compare_with_uniform_prices(&plan("warm_standby", |value| {
            value["targets"] = serde_json::json!({"rto_seconds": 1});
        }));
        assert_eq!(comparison.recommendation, None);
        assert!(comparison.note.unwrap().starts_with("No pattern meets"));
    }

    #[test]
    fn a_single_region_plan_compares_against_a_partner_in_its_geography() {
        let single = plan("single_region", |value| {
            value["primary_region"] = "eu-west-1".into()
        });
        let warm = variant(&single, DeploymentPattern::WarmStandby);
        assert_eq!(warm.secondary_regions, vec!["eu-west-2"]);
        assert_eq!(
            variant(&warm, DeploymentPattern::SingleRegion).secondary_regions,
            Vec::<String>::new()
        );
        assert!(warm.validate().is_ok());
    }
}
