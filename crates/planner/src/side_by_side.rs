//! Two plans side by side: their headline figures, their checks against one set of targets,
//! what differs between the plans field by field, the monthly cost difference line by line
//! (region × service × item: added, removed or changed) and which of the two to choose for
//! the targets. The `/compare` page, `GET /api/v1/compare-plans` and `regionwise diff` all
//! show this one computation.
//!
//! The stated targets are the first plan's, or the second's when the first states none: both
//! plans are judged against the same targets, or the recommendation would compare apples
//! with pears.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::plan::diff::{FieldChange, diff};
use crate::{Estimate, Plan, PriceBook, TargetCheck, estimate};

/// One plan's side: the plan, its estimate against the stated targets, and the figures the
/// comparison reads.
#[derive(Debug, Clone, Serialize)]
pub struct Side {
    /// How the side was named (`a7K2…@3`, `warm-standby.json`, a planner address).
    pub label: String,
    pub plan: Plan,
    pub total_monthly_usd: Decimal,
    pub rto_seconds: Option<u32>,
    pub rto_worst_seconds: Option<u32>,
    pub rpo_seconds: Option<u32>,
    pub availability_percent: f64,
    /// The checks against the stated targets.
    pub targets: Vec<TargetCheck>,
    #[serde(skip)]
    pub estimate: Estimate,
}

/// How a cost line moved from A to B.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineChange {
    Added,
    Removed,
    Changed,
}

/// One cost line that differs between the two plans. An unpriced line counts as zero in the
/// difference and says so (`a_priced`/`b_priced`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineDifference {
    pub region: String,
    pub service: &'static str,
    pub item: String,
    pub change: LineChange,
    pub a_monthly_usd: Option<Decimal>,
    pub b_monthly_usd: Option<Decimal>,
    /// B minus A.
    pub difference_usd: Decimal,
}

/// Which plan to choose, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    /// `"a"` or `"b"`; `None` when the two are equal on every count.
    pub pick: Option<&'static str>,
    pub reason: String,
}

/// The whole comparison.
#[derive(Debug, Clone, Serialize)]
pub struct SideBySide {
    pub a: Side,
    pub b: Side,
    /// Whose targets both were judged against: `"a"`, `"b"` or `"none"`.
    pub targets_from: &'static str,
    /// What changes from A's plan to B's, field by field.
    pub plan_changes: Vec<FieldChange>,
    /// Every cost line that differs, largest difference first.
    pub cost_lines: Vec<LineDifference>,
    /// B's monthly total minus A's.
    pub total_difference_usd: Decimal,
    pub recommendation: Choice,
}

/// Compares plan `a` with plan `b` at `prices`. Both plans must be valid.
pub fn side_by_side(
    (a_label, a): (&str, &Plan),
    (b_label, b): (&str, &Plan),
    prices: &PriceBook,
) -> SideBySide {
    let (targets, targets_from) = match (&a.targets, &b.targets) {
        (Some(targets), _) => (Some(targets.clone()), "a"),
        (None, Some(targets)) => (Some(targets.clone()), "b"),
        (None, None) => (None, "none"),
    };
    let side = |label: &str, plan: &Plan| {
        let mut judged = plan.clone();
        judged.targets = targets.clone();
        let estimate = estimate(&judged, prices);
        Side {
            label: label.to_owned(),
            plan: plan.clone(),
            total_monthly_usd: estimate.cost.total_monthly_usd,
            rto_seconds: estimate.recovery.rto_seconds,
            rto_worst_seconds: estimate.recovery.rto_worst_seconds,
            rpo_seconds: estimate.recovery.rpo_seconds,
            availability_percent: estimate.availability.percent,
            targets: estimate.targets.clone(),
            estimate,
        }
    };
    let a_side = side(a_label, a);
    let b_side = side(b_label, b);
    let cost_lines = cost_differences(&a_side.estimate, &b_side.estimate);
    let recommendation = choose(&a_side, &b_side, targets_from != "none");
    SideBySide {
        total_difference_usd: b_side.total_monthly_usd - a_side.total_monthly_usd,
        plan_changes: diff(a, b),
        a: a_side,
        b: b_side,
        targets_from,
        cost_lines,
        recommendation,
    }
}

/// The lines of the two bills that differ, matched by region, service and item.
fn cost_differences(a: &Estimate, b: &Estimate) -> Vec<LineDifference> {
    use std::collections::BTreeMap;
    type Key<'a> = (&'a str, &'static str, &'a str);
    /// A line in one bill: absent (`None`), unpriced (`Some(None)`) or priced.
    type InBill = Option<Option<Decimal>>;
    let mut lines: BTreeMap<Key, (InBill, InBill)> = BTreeMap::new();
    // Two lines of one bill with the same key (none today) add up.
    let add = |slot: &mut InBill, value: Option<Decimal>| {
        *slot = Some(match (slot.take().flatten(), value) {
            (Some(before), Some(value)) => Some(before + value),
            (before, value) => before.or(value),
        });
    };
    for line in &a.cost.lines {
        let entry = lines
            .entry((&line.region, line.service, &line.item))
            .or_default();
        add(&mut entry.0, line.monthly_usd);
    }
    for line in &b.cost.lines {
        let entry = lines
            .entry((&line.region, line.service, &line.item))
            .or_default();
        add(&mut entry.1, line.monthly_usd);
    }
    let mut differences: Vec<LineDifference> = lines
        .into_iter()
        .filter_map(|((region, service, item), (in_a, in_b))| {
            let change = match (&in_a, &in_b) {
                (None, Some(_)) => LineChange::Added,
                (Some(_), None) => LineChange::Removed,
                (Some(before), Some(after)) if before != after => LineChange::Changed,
                _ => return None,
            };
            let a_monthly_usd = in_a.flatten();
            let b_monthly_usd = in_b.flatten();
            Some(LineDifference {
                region: region.to_owned(),
                service,
                item: item.to_owned(),
                change,
                difference_usd: b_monthly_usd.unwrap_or_default()
                    - a_monthly_usd.unwrap_or_default(),
                a_monthly_usd,
                b_monthly_usd,
            })
        })
        .collect();
    differences.sort_by(|x, y| {
        y.difference_usd
            .abs()
            .cmp(&x.difference_usd.abs())
            .then_with(|| x.region.cmp(&y.region))
            .then_with(|| x.service.cmp(y.service))
            .then_with(|| x.item.cmp(&y.item))
    });
    differences
}

/// Targets first (a plan that meets every stated target beats one that misses any; between
/// two that miss, fewer misses win), then the monthly total.
fn choose(a: &Side, b: &Side, has_targets: bool) -> Choice {
    let misses = |side: &Side| {
        side.targets
            .iter()
            .filter(|check| check.met != Some(true))
            .map(|check| check.target)
            .collect::<Vec<_>>()
    };
    let (a_misses, b_misses) = (misses(a), misses(b));
    let cheaper = match a.total_monthly_usd.cmp(&b.total_monthly_usd) {
        std::cmp::Ordering::Less => Some("a"),
        std::cmp::Ordering::Greater => Some("b"),
        std::cmp::Ordering::Equal => None,
    };
    let saving = crate::display::usd((a.total_monthly_usd - b.total_monthly_usd).abs());
    let named = |pick: &str| if pick == "a" { "A" } else { "B" };
    if has_targets && a_misses.len() != b_misses.len() {
        let (pick, winner, loser) = if a_misses.len() < b_misses.len() {
            ("a", &a_misses, &b_misses)
        } else {
            ("b", &b_misses, &a_misses)
        };
        let other = if pick == "a" { "B" } else { "A" };
        let reason = if winner.is_empty() {
            format!(
                "{} meets every stated target; {other} misses {}",
                named(pick),
                loser.join(", ")
            )
        } else {
            format!(
                "{} misses fewer stated targets ({}) than {other} ({})",
                named(pick),
                winner.join(", "),
                loser.join(", ")
            )
        };
        return Choice {
            pick: Some(pick),
            reason,
        };
    }
    let standing = match (has_targets, a_misses.is_empty()) {
        (false, _) => "No targets are stated",
        (true, true) => "Both meet every stated target",
        (true, false) => "Both miss as many stated targets",
    };
    match cheaper {
        Some(pick) => Choice {
            pick: Some(pick),
            reason: format!("{standing}: {} costs {saving} a month less", named(pick)),
        },
        None => Choice {
            pick: None,
            reason: format!("{standing}, and both cost the same"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::synthetic_price_book;

    fn plan(json: &str) -> Plan {
        Plan::from_json(json).unwrap()
    }

    const WARM: &str = r#"{"pattern":"warm_standby","primary_region":"us-east-1","secondary_regions":["eu-west-1"],"database":{"instance_class":"db.r6g.large"},"targets":{"rto_seconds":900}}"#;
    const PILOT: &str = r#"{"pattern":"pilot_light","primary_region":"us-east-1","secondary_regions":["eu-west-1"],"database":{"instance_class":"db.r6g.large"}}"#;
    const HOT3: &str = r#"{"pattern":"hot_standby","primary_region":"us-east-1","secondary_regions":["eu-west-1","us-west-2"],"database":{"instance_class":"db.r6g.large"}}"#;

    fn book(plans: &[&Plan]) -> PriceBook {
        synthetic_price_book(plans, |_| Decimal::new(1, 2))
    }

    #[test]
    fn the_line_differences_add_up_to_the_total_difference() {
        let (a, b) = (plan(WARM), plan(HOT3));
        let prices = book(&[&a, &b]);
        let compared = side_by_side(("a", &a), ("b", &b), &prices);
        let sum: Decimal = compared
            .cost_lines
            .iter()
            .map(|line| line.difference_usd)
            .sum();
        assert_eq!(sum, compared.total_difference_usd);
        assert!(compared.total_difference_usd > Decimal::ZERO);
        assert!(
            compared
                .cost_lines
                .iter()
                .any(|line| line.region == "us-west-2" && line.change == LineChange::Added)
        );
        assert!(
            compared
                .cost_lines
                .iter()
                .all(|line| line.difference_usd.abs()
                    >= compared.cost_lines.last().unwrap().difference_usd.abs())
        );
        assert!(
            compared
                .plan_changes
                .iter()
                .any(|change| change.path == "pattern")
        );
    }

    #[test]
    fn both_plans_are_judged_against_the_first_plans_targets() {
        let (a, b) = (plan(WARM), plan(PILOT));
        let prices = book(&[&a, &b]);
        let compared = side_by_side(("warm", &a), ("pilot", &b), &prices);
        assert_eq!(compared.targets_from, "a");
        assert_eq!(
            compared.b.targets.len(),
            1,
            "B states no target but is judged by A's"
        );
        // Pilot light's worst-case RTO passes 15 minutes; warm standby's does not.
        assert_eq!(compared.b.targets[0].met, Some(false));
        assert_eq!(compared.a.targets[0].met, Some(true));
        assert_eq!(compared.recommendation.pick, Some("a"));
        assert!(
            compared
                .recommendation
                .reason
                .starts_with("A meets every stated target; B misses rto_seconds"),
            "{}",
            compared.recommendation.reason
        );
    }

    #[test]
    fn without_targets_the_cheaper_plan_is_chosen_and_a_plan_equals_itself() {
        let (a, b) = (plan(PILOT), plan(HOT3));
        let prices = book(&[&a, &b]);
        let compared = side_by_side(("a", &a), ("b", &b), &prices);
        assert_eq!(compared.targets_from, "none");
        assert_eq!(compared.recommendation.pick, Some("a"));
        assert!(
            compared
                .recommendation
                .reason
                .starts_with("No targets are stated: A costs $")
        );
        let same = side_by_side(("a", &a), ("a again", &a), &prices);
        assert!(same.cost_lines.is_empty() && same.plan_changes.is_empty());
        assert_eq!(same.recommendation.pick, None);
    }
}
