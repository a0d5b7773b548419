//! The per-client limit on writes: saving, editing, forking and deleting plans.
//!
//! A GCRA limiter (`governor`) keyed by the client's address allows a burst of the configured
//! number of writes, refilled evenly over a minute; a write over the limit is answered 429 with
//! `Retry-After` in whole seconds. Reads are never limited. The key is the TCP peer address,
//! IPv6 addresses by their /64 (one subscriber's prefix: a client picks any address in it);
//! behind a reverse proxy every client shares the proxy's, so limit there instead.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use http::{Method, StatusCode};

use super::error::ApiError;
use crate::AppState;

/// Clients remembered before idle ones are forgotten.
const MAX_TRACKED_CLIENTS: usize = 100_000;

/// Writes per client and minute; `None` turns the limit off.
#[derive(Debug)]
pub struct WriteLimiter {
    limiter: Option<DefaultKeyedRateLimiter<IpAddr>>,
    clock: DefaultClock,
}

impl WriteLimiter {
    /// A limiter allowing `per_minute` writes a minute to each client (0: no limit).
    pub fn per_minute(per_minute: u32) -> WriteLimiter {
        WriteLimiter {
            limiter: NonZeroU32::new(per_minute)
                .map(|quota| RateLimiter::keyed(Quota::per_minute(quota))),
            clock: DefaultClock::default(),
        }
    }

    /// `Ok` when `client` may write now, else how long until it may.
    pub fn check(&self, client: IpAddr) -> Result<(), Duration> {
        let Some(limiter) = &self.limiter else {
            return Ok(());
        };
        if limiter.len() > MAX_TRACKED_CLIENTS {
            limiter.retain_recent();
        }
        limiter
            .check_key(&client)
            .map_err(|not_until| not_until.wait_time_from(self.clock.now()))
    }
}

/// The limiter's key for a client address: IPv4 as it is (also when written as IPv4-mapped
/// IPv6), IPv6 by its /64 prefix.
pub fn client_key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(std::net::Ipv6Addr::from(
                u128::from(v6) & !((1u128 << 64) - 1),
            )),
        },
    }
}

/// Middleware: lets reads through, and writes while the client is within its limit.
pub async fn limit_writes(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let client = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    match state.write_limiter.check(client_key(client)) {
        Ok(()) => next.run(request).await,
        Err(wait) => {
            let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("too many changes from this address; try again in {seconds} s"),
            )
            .with_header(http::header::RETRY_AFTER, seconds.max(1).to_string())
            .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_clients_share_their_64_and_ipv4_stays_whole() {
        let one: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let same_prefix: IpAddr = "2001:db8:1:2:ffff:ffff:ffff:ffff".parse().unwrap();
        let other_prefix: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client_key(one), client_key(same_prefix));
        assert_ne!(client_key(one), client_key(other_prefix));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(client_key(mapped), "192.0.2.7".parse::<IpAddr>().unwrap());

        let limiter = WriteLimiter::per_minute(2);
        assert!(limiter.check(client_key(one)).is_ok());
        assert!(limiter.check(client_key(same_prefix)).is_ok());
        assert!(
            limiter
                .check(client_key("2001:db8:1:2::99".parse().unwrap()))
                .is_err(),
            "a third address in the same /64 is the same client"
        );
        assert!(limiter.check(client_key(other_prefix)).is_ok());
    }
}
