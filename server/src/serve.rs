//! `regionwise serve`: start-up, listening and graceful shutdown.
//!
//! Start-up order: connect to the database, apply migrations, load the price book, bind the
//! address, then serve until SIGTERM or Ctrl-C, letting in-flight requests finish.

use std::net::SocketAddr;
use std::sync::Arc;

use leptos::config::{LeptosOptions, get_configuration};
use tokio::net::TcpListener;

use crate::AppState;
use crate::config::{ADDR_VAR, Config, PUBLIC_URL_VAR};
use crate::db::{Database, DatabaseError};

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Database(#[from] DatabaseError),
    #[error(transparent)]
    Prices(#[from] crate::prices::PricesError),
    #[error("Leptos configuration: {0}")]
    Leptos(String),
    #[error("{var}: cannot listen on {addr}: {source}")]
    Bind {
        var: &'static str,
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("server stopped with an error: {0}")]
    Io(#[from] std::io::Error),
}

/// Everything the server needs, ready to serve.
pub async fn build_state(config: &Config) -> Result<AppState, ServeError> {
    let database = Database::connect(&config.database).await?;
    let applied = database.migrate().await?;
    tracing::info!(
        backend = database.backend_name(),
        url = %config.database.redacted_url,
        applied,
        "database ready"
    );
    let (price_book, report) = crate::prices::load_current(&database).await?;
    tracing::info!(
        version = %price_book.version,
        as_of = %price_book.as_of,
        entries = price_book.entries().len(),
        "price book loaded"
    );
    let price_book = crate::prices::CurrentPrices::with_report(price_book, report);
    let leptos_options = leptos_options(config)?;
    Ok(AppState {
        leptos_options,
        database,
        price_book,
        write_limiter: Arc::new(crate::http::rate_limit::ClientLimiter::per_minute(
            config.write_limit_per_minute,
        )),
        compute_limiter: Arc::new(crate::http::rate_limit::ClientLimiter::per_minute(
            config.compute_limit_per_minute,
        )),
        client_addresses: Arc::new(crate::http::rate_limit::ClientAddresses::trusting(
            config.trusted_proxies.clone(),
        )),
        artifacts: Arc::default(),
        public_url: config.public_url.clone(),
        rendered: Arc::default(),
        compute: Arc::default(),
    })
}

/// The name cargo-leptos gives the site's files (`/pkg/regionwise.js`, `.wasm`, `.css`): the
/// `name` of the workspace's `[[workspace.metadata.leptos]]`.
pub const SITE_NAME: &str = "regionwise";

/// Leptos's own settings (`LEPTOS_SITE_ROOT`, `LEPTOS_ENV`, …) as cargo-leptos sets them, with
/// this workspace's defaults when the binary was built by plain `cargo` (as tests do).
fn leptos_options(config: &Config) -> Result<LeptosOptions, ServeError> {
    let name_known = std::env::var_os("LEPTOS_OUTPUT_NAME").is_some()
        || option_env!("LEPTOS_OUTPUT_NAME").is_some();
    let mut options = if name_known {
        get_configuration(None)
            .map_err(|err| ServeError::Leptos(err.to_string()))?
            .leptos_options
    } else {
        LeptosOptions::builder().output_name(SITE_NAME).build()
    };
    options.site_addr = config.addr;
    let site = crate::site_files::detect(
        &options,
        &crate::site_files::hash_file_beside_binary(&options),
    );
    options.hash_files = site.hashed;
    tracing::info!(hashed = site.hashed, stylesheet = %site.stylesheet_href, "site files");
    app::assets::set_stylesheet_href(site.stylesheet_href);
    Ok(options)
}

pub async fn serve(config: Config) -> Result<(), ServeError> {
    let state = build_state(&config).await?;
    let database = state.database.clone();
    crate::prices::schedule::spawn(
        state.price_book.clone(),
        database.clone(),
        config.price_reload,
        config.price_refresh,
        crate::prices::RefreshOptions {
            live: crate::prices::live::LiveOptions {
                offers_url: config.price_offers_url.clone(),
                ..Default::default()
            },
            ..Default::default()
        },
    );
    let listener = TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServeError::Bind {
            var: ADDR_VAR,
            addr: config.addr,
            source,
        })?;
    let local_addr = listener.local_addr()?;
    tracing::info!("Regionwise listening on http://{local_addr}");
    if config.public_url.is_none() && !local_addr.ip().is_loopback() {
        tracing::warn!(
            "serving on {local_addr} without {PUBLIC_URL_VAR}: links in API answers are relative and share pages carry no og:url; set it to the address users reach (https://…)"
        );
    }
    // Printed for scripts and tests that start the server on port 0.
    println!("listening on http://{local_addr}");

    let limits = crate::listener::fit_to_open_file_limit(config.limits);
    tracing::info!(
        header_timeout = ?limits.header_timeout,
        request_timeout = ?limits.request_timeout,
        max_connections = limits.max_connections,
        "connection limits"
    );
    crate::listener::serve(
        listener,
        crate::http::router(state),
        limits,
        shutdown_signal(),
    )
    .await;
    database.close().await;
    tracing::info!("shut down cleanly");
    Ok(())
}

/// Resolves on SIGTERM (how orchestrators stop us) or Ctrl-C.
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::warn!(%err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::warn!(%err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("Ctrl-C received, shutting down"),
        () = terminate => tracing::info!("SIGTERM received, shutting down"),
    }
}
