//! The state every request handler and server function can reach.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use planner::PriceBook;

use crate::db::Database;

/// Shared, cheaply cloneable application state.
#[derive(Debug, Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub database: Database,
    pub price_book: Arc<PriceBook>,
}
