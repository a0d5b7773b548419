//! The wall clock, in the one form the server stores and shows it: milliseconds since the
//! Unix epoch (what the database keeps), and RFC 3339 in UTC to the millisecond (what the API
//! and the pages show). Saved plans, the price book's refresh and its schedule all read it here.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// `ms` (since the Unix epoch) as RFC 3339 in UTC, to the millisecond.
pub fn rfc3339(ms: i64) -> String {
    let time = UNIX_EPOCH + std::time::Duration::from_millis(u64::try_from(ms).unwrap_or(0));
    humantime::format_rfc3339_millis(time).to_string()
}
