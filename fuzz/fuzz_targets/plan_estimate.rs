//! Fuzz target: any bytes as a plan. Decoding must either fail with an error naming a field or
//! yield a plan that the engine estimates and compares without panicking, over a price book that
//! prices every quantity the plan (and each of its pattern variants) bills.

#![no_main]

use libfuzzer_sys::fuzz_target;
use planner::compare::variant;
use planner::cost::synthetic_price_book;
use planner::{Decimal, DeploymentPattern, Plan, PriceBook};

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    let plan = match Plan::from_json(json) {
        Ok(plan) => plan,
        Err(err) => {
            // Every rejection says what is wrong.
            assert!(!err.to_string().is_empty());
            return;
        }
    };
    let prices = book_for(&plan);
    let estimate = planner::estimate(&plan, &prices);
    let line_sum: Decimal = estimate
        .cost
        .lines
        .iter()
        .filter_map(|line| line.monthly_usd)
        .sum();
    assert_eq!(estimate.cost.total_monthly_usd, line_sum);
    let _ = planner::compare(&plan, &prices);
});

/// One cent per unit for every key any pattern variant of `plan` bills, in every region.
fn book_for(plan: &Plan) -> PriceBook {
    let variants: Vec<Plan> = DeploymentPattern::ALL
        .iter()
        .map(|pattern| variant(plan, *pattern))
        .collect();
    let refs: Vec<&Plan> = variants.iter().collect();
    synthetic_price_book(&refs, |_| Decimal::new(1, 2))
}
