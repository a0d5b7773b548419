//! How much of a bill real AWS records back: the example plans' dollars priced by verified
//! entries, for a refresh's report (before and after) and for `/readyz` and
//! `GET /api/v1/prices` (the book in use).
//!
//! The examples are the plans of `examples/` (one per deployment pattern), embedded in the
//! binary; their estimates weigh each price by what it contributes to a realistic bill, so a
//! refresh that backs Aurora instance hours moves the share far more than one that backs a
//! KMS key.

use planner::{Decimal, Plan, PriceBook};
use serde::{Deserialize, Serialize};

/// The example plans, by file name.
const EXAMPLES: [(&str, &str); 6] = [
    (
        "single-region",
        include_str!("../../../examples/single-region.json"),
    ),
    (
        "backup-restore",
        include_str!("../../../examples/backup-restore.json"),
    ),
    (
        "pilot-light",
        include_str!("../../../examples/pilot-light.json"),
    ),
    (
        "warm-standby",
        include_str!("../../../examples/warm-standby.json"),
    ),
    (
        "hot-standby",
        include_str!("../../../examples/hot-standby.json"),
    ),
    (
        "active-active",
        include_str!("../../../examples/active-active.json"),
    ),
];

/// One example plan's share of dollars backed by AWS records, before and after a refresh.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanBacking {
    pub plan: String,
    pub before_percent: Decimal,
    pub after_percent: Decimal,
}

/// The share of each example plan's dollars that `book` prices from AWS records.
pub fn shares(book: &PriceBook) -> Vec<(String, Decimal)> {
    EXAMPLES
        .iter()
        .filter_map(|(name, json)| {
            let plan = Plan::from_json(json).ok()?;
            let cost = planner::cost(&plan, book);
            Some(((*name).to_owned(), planner::record_backing(&cost).percent))
        })
        .collect()
}

/// The example plans' shares under `before` and `after`.
pub fn examples(before: &PriceBook, after: &PriceBook) -> Vec<PlanBacking> {
    shares(before)
        .into_iter()
        .zip(shares(after))
        .map(|((plan, before_percent), (_, after_percent))| PlanBacking {
            plan,
            before_percent,
            after_percent,
        })
        .collect()
}

/// The share over all the example plans together: their backed dollars over their total.
pub fn overall_percent(book: &PriceBook) -> Decimal {
    let (mut backed, mut total) = (Decimal::ZERO, Decimal::ZERO);
    for (_, json) in EXAMPLES {
        let Ok(plan) = Plan::from_json(json) else {
            continue;
        };
        let backing = planner::record_backing(&planner::cost(&plan, book));
        backed += backing.backed_usd;
        total += backing.total_usd;
    }
    if total.is_zero() {
        Decimal::ZERO
    } else {
        (backed / total * Decimal::ONE_HUNDRED).round_dp(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_plan_is_read_and_the_snapshot_backs_part_of_each() {
        let book = super::super::bundled_snapshot().unwrap();
        let shares = shares(&book);
        assert_eq!(shares.len(), EXAMPLES.len());
        // Fargate's us-east-1 records are bundled: the plans in us-east-1 have some backing
        // (the EU-only warm standby none), and no plan is all backed.
        for (plan, percent) in &shares {
            assert!(*percent < Decimal::ONE_HUNDRED, "{plan}: {percent}");
            let in_us_east_1 = plan != "warm-standby";
            assert_eq!(*percent > Decimal::ZERO, in_us_east_1, "{plan}: {percent}");
        }
        let overall = overall_percent(&book);
        assert!(overall > Decimal::ZERO && overall < Decimal::ONE_HUNDRED);
    }
}
