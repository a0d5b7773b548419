//! The connection loop: how the server accepts TCP connections and how long it gives them.
//!
//! `axum::serve` installs no timer, so a client that never finishes its request headers, or
//! sends a body a few bytes a minute, holds a task and a file descriptor for ever; enough of
//! them exhaust the descriptors and the server stops answering. This loop serves HTTP/1 with
//! hyper directly and bounds every connection:
//! - **headers**: a request's headers must arrive within `header_timeout` of the server
//!   starting to read them, which on a kept-alive connection starts when the previous response
//!   is sent, so it is also the idle keep-alive timeout (hyper's `header_read_timeout`);
//! - **request**: handling a request, its body included, takes at most `request_timeout`
//!   (408 otherwise), and the body may pause at most that long between chunks;
//! - **connections**: at most `max_connections` at once; beyond that a new connection is
//!   closed at once, so the server keeps answering the ones it has. At start-up the open-file
//!   limit is raised as far as the OS allows, and the cap is kept below it.
//!
//! Accept errors (such as running out of descriptors anyway) are logged and retried after a
//! short pause instead of spinning. On shutdown the loop stops accepting and waits for
//! connections in flight to finish their current request.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use http::StatusCode;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};

/// How long the connection loop gives clients, and how many it serves at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub header_timeout: Duration,
    pub request_timeout: Duration,
    pub max_connections: usize,
}

/// Descriptors kept free for the database, log files and the price refresh.
const RESERVED_DESCRIPTORS: u64 = 64;
/// The pause after a failed accept, so a lack of descriptors does not spin a core.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);
/// How long shutdown waits for connections in flight.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// Raises the open-file limit as far as the OS allows and returns `limits` with the
/// connection cap kept below it.
pub fn fit_to_open_file_limit(limits: Limits) -> Limits {
    let descriptors = match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => limit,
        Err(err) => {
            tracing::warn!(%err, "cannot read or raise the open-file limit");
            return limits;
        }
    };
    let room =
        usize::try_from(descriptors.saturating_sub(RESERVED_DESCRIPTORS)).unwrap_or(usize::MAX);
    if room < limits.max_connections {
        // Expected with the default cap on most machines; worth a warning only when small.
        if room < 1_024 {
            tracing::warn!(
                open_files = descriptors,
                configured = limits.max_connections,
                using = room,
                "the open-file limit leaves room for few connections: raise it (ulimit -n)"
            );
        } else {
            tracing::info!(
                open_files = descriptors,
                using = room,
                "connection cap fitted to the open-file limit"
            );
        }
    }
    Limits {
        max_connections: limits.max_connections.min(room.max(1)),
        ..limits
    }
}

/// Serves `router` on `listener` within `limits` until `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let router = router
        .layer(RequestBodyTimeoutLayer::new(limits.request_timeout))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ));
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    tracing::warn!(%err, "accept failed; retrying");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
            tracing::warn!(
                max_connections = limits.max_connections,
                %peer,
                "connection cap reached: closing a new connection"
            );
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        // The peer address keys the write rate limit (`ConnectInfo`, as axum's serve sets it).
        let service =
            router
                .clone()
                .map_request(move |request: http::Request<hyper::body::Incoming>| {
                    let mut request = request.map(axum::body::Body::new);
                    request.extensions_mut().insert(ConnectInfo(peer));
                    request
                });
        let connection =
            builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                tracing::debug!(%err, %peer, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("connections still open after {SHUTDOWN_GRACE:?}: closing them");
    }
}
