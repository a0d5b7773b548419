//! Plans for unit tests: a valid base plan with a JSON edit applied.

use crate::Plan;
use crate::price_book::{PriceBook, PriceEntry};

/// The patterns that keep something in a second region, from least to most resilient.
pub const MULTI_REGION_PATTERNS: [&str; 5] = [
    "backup_restore",
    "pilot_light",
    "warm_standby",
    "hot_standby",
    "active_active",
];

/// A plan with primary us-east-1, the given secondaries and a db.r6g.large, after `edit`.
pub fn plan_in(
    pattern: &str,
    secondary_regions: &[&str],
    edit: impl FnOnce(&mut serde_json::Value),
) -> Plan {
    let mut value = serde_json::json!({
        "pattern": pattern,
        "primary_region": "us-east-1",
        "secondary_regions": secondary_regions,
        "database": {"instance_class": "db.r6g.large"},
    });
    edit(&mut value);
    Plan::from_json(&value.to_string()).unwrap_or_else(|err| panic!("test plan: {err}"))
}

/// Like [`plan_in`], with eu-west-1 as the secondary unless the pattern is single region.
pub fn plan(pattern: &str, edit: impl FnOnce(&mut serde_json::Value)) -> Plan {
    let secondaries: &[&str] = if pattern == "single_region" {
        &[]
    } else {
        &["eu-west-1"]
    };
    plan_in(pattern, secondaries, edit)
}

/// A book pricing every key the plans' bills name at `price` in every region they name.
pub fn uniform_book(plans: &[&Plan], price: &str) -> PriceBook {
    let price: rust_decimal::Decimal = price.parse().unwrap();
    crate::cost::synthetic_price_book(plans, |_| price)
}

/// `book` without the entries `drop` selects.
pub fn without(book: PriceBook, drop: impl Fn(&PriceEntry) -> bool) -> PriceBook {
    let (version, as_of) = (book.version.clone(), book.as_of.clone());
    let entries = book
        .into_entries()
        .into_iter()
        .filter(|entry| !drop(entry))
        .collect();
    PriceBook::new(version, as_of, entries)
}
