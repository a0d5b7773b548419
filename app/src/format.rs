//! How numbers read on screen: dollars with thousands separators, durations in the unit a
//! person would say, percentages with the precision availability needs.

use planner::Decimal;

/// `$1,234.56`.
pub use planner::display::usd;

/// A unit price, with as many decimals as it needs (`$0.0000002`).
pub fn unit_price(value: Decimal) -> String {
    format!("${}", value.normalize())
}

/// A quantity with thousands separators and its decimals (`1,051,200,000`, `2,102.4`).
pub fn quantity(value: Decimal) -> String {
    let text = value.normalize().to_string();
    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole.to_owned(), Some(fraction.to_owned())),
        None => (text.clone(), None),
    };
    let grouped = charts::group_thousands(&whole);
    match fraction {
        Some(fraction) => format!("{grouped}.{fraction}"),
        None => grouped,
    }
}

/// `45 s`, `4 min 30 s`, `2 h 10 min`, `1 d 2 h`.
pub use planner::display::duration;

/// A recovery objective, or what it means when there is none.
pub fn objective(seconds: Option<u32>) -> String {
    seconds.map_or_else(|| "No recovery (one region)".to_owned(), duration)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_group_thousands_and_keep_cents() {
        assert_eq!(usd("1741.456".parse().unwrap()), "$1,741.46");
        assert_eq!(usd("0".parse().unwrap()), "$0.00");
        assert_eq!(usd("1234567.8".parse().unwrap()), "$1,234,567.80");
        assert_eq!(usd("-12.5".parse().unwrap()), "−$12.50");
    }

    #[test]
    fn quantities_and_durations_read_naturally() {
        assert_eq!(quantity("1051200000".parse().unwrap()), "1,051,200,000");
        assert_eq!(quantity("2102.40".parse().unwrap()), "2,102.4");
        assert_eq!(duration(45), "45 s");
        assert_eq!(duration(270), "4 min 30 s");
        assert_eq!(duration(7_800), "2 h 10 min");
        assert_eq!(duration(86_400), "1 d");
        assert_eq!(objective(None), "No recovery (one region)");
    }
}
