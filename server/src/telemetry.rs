//! Logging: `tracing` to standard error, filtered by `RUST_LOG` (default `info`).
//! Request logs carry the request id set by the HTTP layer (see [`crate::http`]).

use tracing_subscriber::EnvFilter;

/// Installs the global subscriber once; later calls (as in tests) are no-ops.
pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}
