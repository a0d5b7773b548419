//! Fuzz target: any bytes as a plan. Decoding must either fail with an error naming a field or
//! yield a plan that the engine estimates and compares without panicking, over a price book that
//! prices every quantity the plan (and each of its pattern variants) bills.

#![no_main]

use libfuzzer_sys::fuzz_target;
use planner::compare::variant;
use planner::cost::bill_of_quantities;
use planner::{Decimal, DeploymentPattern, Plan, PriceBook, PriceEntry, PriceSource};

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
    let mut entries: Vec<PriceEntry> = Vec::new();
    for pattern in DeploymentPattern::ALL {
        for quantity in bill_of_quantities(&variant(plan, pattern)) {
            let known = entries
                .iter()
                .any(|entry| entry.key == quantity.price_key && entry.region == quantity.region);
            if !known {
                entries.push(PriceEntry {
                    key: quantity.price_key,
                    service_code: "Fuzz".into(),
                    region: quantity.region,
                    usage_type: "fuzz".into(),
                    unit: quantity.unit.into(),
                    usd_per_unit: Decimal::new(1, 2),
                    sku: None,
                    effective_date: "2025-08-01".into(),
                    source: PriceSource::Snapshot,
                    verified: false,
                    provenance: "fuzz".into(),
                });
            }
        }
    }
    PriceBook::new("fuzz".into(), "2025-08-01".into(), entries)
}
