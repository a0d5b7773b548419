//! The state every request handler and server function can reach.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::db::Database;
use crate::http::rate_limit::{ClientAddresses, ClientLimiter};
use crate::http::rendered::RenderedCache;
use crate::prices::CurrentPrices;

/// Shared, cheaply cloneable application state.
#[derive(Debug, Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub database: Database,
    /// The price book in use; a refresh swaps it (see [`crate::prices`]).
    pub price_book: CurrentPrices,
    /// The per-client limit on plan writes.
    #[from_ref(skip)]
    pub write_limiter: Arc<ClientLimiter>,
    /// The per-client limit on requests that compute (estimates, bundles, history pages).
    #[from_ref(skip)]
    pub compute_limiter: Arc<ClientLimiter>,
    /// Who a request comes from, looking through `REGIONWISE_TRUSTED_PROXIES`.
    pub client_addresses: Arc<ClientAddresses>,
    /// Generated zips and previews, by their input and the price book.
    pub artifacts: Arc<crate::http::artifacts::ArtifactCache>,
    /// `REGIONWISE_PUBLIC_URL`, when set: the origin of the links the API returns.
    pub public_url: Option<String>,
    /// Share pages and plan documents already rendered.
    pub rendered: Arc<RenderedCache>,
    /// The gate CPU-heavy work (estimates, bundles, page renders) goes through.
    pub compute: Arc<crate::compute::Compute>,
}
