//! Numbers as people read them, shared by every place that shows them — the page, the
//! charts, the CLI and the Terraform bundle's README — so a figure reads the same everywhere.

use rust_decimal::Decimal;

/// Digits with a comma every three from the right (`1234567` → `1,234,567`); a leading `-`
/// is kept.
pub fn group_thousands(digits: &str) -> String {
    let (sign, digits) = match digits.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", digits),
    };
    let mut out = String::from(sign);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `$1,234.56`; a negative amount starts with a minus sign (`−$5.00`).
pub fn usd(value: Decimal) -> String {
    let rounded = value.round_dp(2);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let text = format!("{:.2}", rounded.abs());
    let (whole, cents) = text.split_once('.').unwrap_or((&text, "00"));
    let grouped = group_thousands(whole);
    format!("{}${grouped}.{cents}", if negative { "−" } else { "" })
}

/// A difference in dollars with its sign: `+$12.34`, `−$5.00`, and `$0.00` when it rounds to
/// nothing.
pub fn usd_difference(value: Decimal) -> String {
    if value.round_dp(2).is_zero() {
        usd(Decimal::ZERO)
    } else if value.is_sign_negative() {
        usd(value)
    } else {
        format!("+{}", usd(value))
    }
}

/// `45 s`, `4 min 30 s`, `2 h 10 min`, `1 d 2 h`: a duration in the units a person would say.
pub fn duration(seconds: u32) -> String {
    match seconds {
        0..60 => format!("{seconds} s"),
        60..3_600 => match seconds % 60 {
            0 => format!("{} min", seconds / 60),
            rest => format!("{} min {rest} s", seconds / 60),
        },
        3_600..86_400 => match (seconds % 3_600) / 60 {
            0 => format!("{} h", seconds / 3_600),
            minutes => format!("{} h {minutes} min", seconds / 3_600),
        },
        _ => match (seconds % 86_400) / 3_600 {
            0 => format!("{} d", seconds / 86_400),
            hours => format!("{} d {hours} h", seconds / 86_400),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped_and_cents_kept() {
        assert_eq!(group_thousands("1234567"), "1,234,567");
        assert_eq!(group_thousands("-1234"), "-1,234");
        assert_eq!(group_thousands("999"), "999");
        assert_eq!(usd("2677.534".parse().unwrap()), "$2,677.53");
        assert_eq!(usd("-5".parse().unwrap()), "−$5.00");
        assert_eq!(usd("12.5".parse().unwrap()), "$12.50");
    }

    #[test]
    fn a_difference_carries_its_sign_and_zero_none() {
        assert_eq!(usd_difference("1234.56".parse().unwrap()), "+$1,234.56");
        assert_eq!(usd_difference("-5".parse().unwrap()), "−$5.00");
        assert_eq!(usd_difference("-0.001".parse().unwrap()), "$0.00");
    }
}
