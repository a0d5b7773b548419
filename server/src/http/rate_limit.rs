//! Per-client limits: on writes (saving, editing, forking and deleting plans) and on compute
//! (estimates, comparisons, Terraform bundles, app configs, history pages).
//!
//! A GCRA limiter (`governor`) keyed by the client allows a burst of the configured number of
//! requests, refilled evenly over a minute; a request over the limit is answered 429 with
//! `Retry-After` in whole seconds. Plain reads of a saved plan are never limited.
//!
//! The client is the TCP peer address, IPv6 addresses by their /64 (one subscriber's prefix: a
//! client picks any address in it). Behind a reverse proxy every client would share the
//! proxy's address, so peers listed in `REGIONWISE_TRUSTED_PROXIES` are looked through:
//! [`ClientAddresses`] takes the client from their `X-Forwarded-For`, right to left, skipping
//! trusted hops. The header of an untrusted peer is ignored, since anyone can send it.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::num::NonZeroU32;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use http::{HeaderMap, Method, StatusCode};
use ipnet::IpNet;

use super::error::{ApiError, ErrorCode};
use crate::AppState;

/// Clients remembered before idle ones are forgotten.
const MAX_TRACKED_CLIENTS: usize = 100_000;

/// Requests per client and minute; `None` turns the limit off.
#[derive(Debug)]
pub struct ClientLimiter {
    limiter: Option<DefaultKeyedRateLimiter<IpAddr>>,
    clock: DefaultClock,
}

impl ClientLimiter {
    /// A limiter allowing `per_minute` requests a minute to each client (0: no limit).
    pub fn per_minute(per_minute: u32) -> ClientLimiter {
        ClientLimiter {
            limiter: NonZeroU32::new(per_minute)
                .map(|quota| RateLimiter::keyed(Quota::per_minute(quota))),
            clock: DefaultClock::default(),
        }
    }

    /// `Ok` when `client` may go ahead now, else how long until it may.
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

/// Who a request comes from: the peer, or — when the peer is a trusted proxy — the address
/// its `X-Forwarded-For` names.
#[derive(Debug, Clone, Default)]
pub struct ClientAddresses {
    trusted_proxies: Vec<IpNet>,
}

impl ClientAddresses {
    /// Looks through the proxies in `trusted_proxies` (none: every peer is the client).
    pub fn trusting(trusted_proxies: Vec<IpNet>) -> ClientAddresses {
        ClientAddresses { trusted_proxies }
    }

    fn is_trusted(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.trusted_proxies
            .iter()
            .any(|network| network.contains(&address))
    }

    /// The client of a request from `peer` with `headers`: the right-most `X-Forwarded-For`
    /// address that is not a trusted proxy, read only while every hop so far is trusted. A
    /// malformed entry stops the walk at the hop that added it.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let mut client = canonical(peer);
        if !self.is_trusted(client) {
            return client;
        }
        let forwarded: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .collect();
        for hop in forwarded.into_iter().rev() {
            let Ok(address) = hop.trim().parse::<IpAddr>() else {
                break;
            };
            client = canonical(address);
            if !self.is_trusted(client) {
                break;
            }
        }
        client
    }
}

/// IPv4 written as IPv4-mapped IPv6 is IPv4.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

/// The limiters' key for a client address: IPv4 as it is (also when written as IPv4-mapped
/// IPv6), IPv6 by its /64 prefix.
pub fn client_key(address: IpAddr) -> IpAddr {
    match canonical(address) {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => IpAddr::V6(std::net::Ipv6Addr::from(
            u128::from(v6) & !((1u128 << 64) - 1),
        )),
    }
}

/// The limiters' key for `request`'s client.
fn request_client(state: &AppState, request: &Request) -> IpAddr {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(address)| address.ip())
        .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
    client_key(state.client_addresses.client(peer, request.headers()))
}

/// A 429 answer saying what was limited and when to retry.
fn too_many(wait: Duration, what: &str) -> Response {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::RateLimited,
        format!("too many {what} from this address; try again in {seconds} s"),
    )
    .with_header(http::header::RETRY_AFTER, seconds.max(1).to_string())
    .into_response()
}

/// Middleware: lets reads through, and writes while the client is within its limit.
pub async fn limit_writes(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    match state.write_limiter.check(request_client(&state, &request)) {
        Ok(()) => next.run(request).await,
        Err(wait) => too_many(wait, "changes"),
    }
}

/// Middleware: lets a request that computes (an estimate, a bundle, a history page) through
/// while the client is within its compute limit.
pub async fn limit_compute(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    match state
        .compute_limiter
        .check(request_client(&state, &request))
    {
        Ok(()) => next.run(request).await,
        Err(wait) => too_many(wait, "estimates and downloads"),
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

        let limiter = ClientLimiter::per_minute(2);
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

    fn forwarded(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", value.parse().unwrap());
        headers
    }

    #[test]
    fn forwarded_for_is_read_only_from_trusted_proxies_and_right_to_left() {
        let proxy: IpAddr = "10.0.0.5".parse().unwrap();
        let addresses = ClientAddresses::trusting(vec![
            "10.0.0.0/8".parse().unwrap(),
            "2001:db8::/32".parse().unwrap(),
        ]);
        // A trusted proxy: the address it forwards for is the client; a spoofed left-most
        // entry sent by the client itself is not believed.
        let headers = forwarded("6.6.6.6, 203.0.113.9");
        assert_eq!(
            addresses.client(proxy, &headers),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
        // Chains of trusted proxies are walked through.
        let headers = forwarded("203.0.113.9, 10.1.1.1");
        assert_eq!(
            addresses.client(proxy, &headers),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
        // An untrusted peer's header is ignored.
        let peer: IpAddr = "198.51.100.1".parse().unwrap();
        assert_eq!(addresses.client(peer, &headers), peer);
        // Without trusted proxies, nobody's header counts.
        assert_eq!(ClientAddresses::default().client(proxy, &headers), proxy);
        // A malformed entry stops at the hop that added it.
        let headers = forwarded("203.0.113.9, nonsense");
        assert_eq!(addresses.client(proxy, &headers), proxy);
        // An IPv4-mapped peer is matched as IPv4.
        let mapped: IpAddr = "::ffff:10.0.0.5".parse().unwrap();
        let headers = forwarded("203.0.113.9");
        assert_eq!(
            addresses.client(mapped, &headers),
            "203.0.113.9".parse::<IpAddr>().unwrap()
        );
    }
}
