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
//! - **connections**: at most `max_connections` at once. At the cap a new connection makes
//!   room by closing the oldest *idle* one — a connection with no request in progress: one
//!   still waiting for its first headers or between requests on keep-alive — so a flood of
//!   stalled connections cannot lock out real clients; when every connection is busy serving
//!   a request, the new one is closed at once instead. At start-up the open-file limit is
//!   raised as far as the OS allows, and the cap is kept below it.
//!
//! Accept errors (such as running out of descriptors anyway) are logged and retried after a
//! short pause instead of spinning. On shutdown the loop stops accepting and waits for
//! connections in flight to finish their current request.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use http::StatusCode;
use http_body_util::BodyExt;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Notify;
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

/// One open connection as the loop tracks it.
#[derive(Debug, Clone)]
struct ConnectionEntry {
    id: u64,
    /// Requests being served on it (0 or 1: HTTP/1 without pipelining).
    requests_in_progress: Arc<AtomicUsize>,
    /// Told when the connection is closed to make room for a new one.
    evicted: Arc<Notify>,
}

/// The open connections, oldest first.
#[derive(Debug, Default)]
struct OpenConnections {
    entries: Mutex<(u64, BTreeMap<u64, ConnectionEntry>)>,
}

impl OpenConnections {
    /// Registers a new connection, closing the oldest idle one first when `cap` are open;
    /// `None` when all of them are busy.
    fn admit(&self, cap: usize) -> Option<ConnectionEntry> {
        let mut guard = self
            .entries
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        let (next_id, entries) = &mut *guard;
        if entries.len() >= cap {
            let idle = entries
                .iter()
                .find(|(_, entry)| entry.requests_in_progress.load(Ordering::SeqCst) == 0)
                .map(|(id, _)| *id)?;
            if let Some(oldest_idle) = entries.remove(&idle) {
                oldest_idle.evicted.notify_one();
            }
        }
        *next_id += 1;
        let entry = ConnectionEntry {
            id: *next_id,
            requests_in_progress: Arc::default(),
            evicted: Arc::default(),
        };
        entries.insert(entry.id, entry.clone());
        Some(entry)
    }

    fn remove(&self, id: u64) {
        let mut guard = self
            .entries
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        guard.1.remove(&id);
    }
}

/// Marks a connection busy from a request's headers until its response body is dropped.
struct InProgress(Arc<AtomicUsize>);

impl InProgress {
    fn start(counter: Arc<AtomicUsize>) -> InProgress {
        counter.fetch_add(1, Ordering::SeqCst);
        InProgress(counter)
    }
}

impl Drop for InProgress {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
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
    let open = Arc::new(OpenConnections::default());
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
        let Some(entry) = open.admit(limits.max_connections) else {
            tracing::warn!(
                max_connections = limits.max_connections,
                %peer,
                "connection cap reached and every connection busy: closing a new connection"
            );
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        // The peer address keys the rate limits (`ConnectInfo`, as axum's serve sets it).
        let router = router.clone();
        let requests = Arc::clone(&entry.requests_in_progress);
        let service = tower::service_fn(move |request: http::Request<hyper::body::Incoming>| {
            let mut request = request.map(axum::body::Body::new);
            request.extensions_mut().insert(ConnectInfo(peer));
            let busy = InProgress::start(Arc::clone(&requests));
            let router = router.clone();
            async move {
                let response = router.oneshot(request).await?;
                // Busy until hyper has sent the whole body and drops it.
                Ok::<_, std::convert::Infallible>(response.map(move |body| {
                    axum::body::Body::new(body.map_frame(move |frame| {
                        let _ = &busy;
                        frame
                    }))
                }))
            }
        });
        let connection =
            builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        let open = Arc::clone(&open);
        tokio::spawn(async move {
            tokio::select! {
                ended = connection => if let Err(err) = ended {
                    tracing::debug!(%err, %peer, "connection ended with an error");
                },
                () = entry.evicted.notified() => {
                    tracing::debug!(%peer, "idle connection closed to make room");
                }
            }
            open.remove(entry.id);
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
