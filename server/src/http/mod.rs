//! The HTTP surface: the router, its middleware and the non-Leptos endpoints.
//!
//! [`router`] builds the complete application — pages rendered by Leptos, server functions,
//! JSON endpoints, static files — so tests drive exactly what production serves.
//!
//! - [`api`]: the estimation API under `/api/v1/`.
//! - [`app_config`]: the read/write-splitting config under `/api/v1/rwsplit`.
//! - [`prices`]: the price book's entries with their source and date.
//! - [`plans`]: saved plans under `/api/v1/plans`, and [`share`]: their pages under `/p/`.
//! - [`openapi`]: the API's OpenAPI document.
//! - [`rate_limit`]: the per-client limits on plan writes and on computing requests, and who
//!   the client is behind trusted proxies; [`rendered`]: the cache of rendered share pages
//!   and plan documents; [`artifacts`]: the cache of generated zips and previews.
//! - [`health`]: `/healthz` and `/readyz`.
//! - [`error`]: the JSON error shape of every `/api/` endpoint.
//! - [`security`]: security headers on every response; [`caching`]: `Cache-Control` (a year
//!   for the hashed `/pkg` files, revalidation for pages).

pub mod api;
pub mod app_config;
pub mod artifacts;
pub mod caching;
pub mod compare;
pub mod error;
pub mod extract;
pub mod health;
pub mod openapi;
pub mod plans;
pub mod prices;
pub mod rate_limit;
pub mod rendered;
pub mod security;
pub mod share;

use axum::Router;
use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::routing::{any, get, post};
use http::Request;
use leptos::prelude::provide_context;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::AppState;

const REQUEST_ID_HEADER: &str = "x-request-id";

/// The whole application as one axum router.
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(app::App);
    let provide_state = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            provide_context(app::prices::Prices(state.price_book.get()));
            leptos::nonce::provide_nonce();
        }
    };
    let shell = {
        let options = state.leptos_options.clone();
        move || app::shell(options.clone())
    };

    // Saved plans and their pages: every write counts against the client's rate limit.
    let saved_plans = Router::new()
        .route("/api/v1/plans", post(plans::create))
        .route(
            "/api/v1/plans/{id}",
            get(plans::read).put(plans::update).delete(plans::delete),
        )
        .route("/api/v1/plans/{id}/fork", post(plans::fork))
        .route("/p", post(share::save_new))
        .route("/p/{id}", get(share::page).post(share::save_revision))
        .route("/p/{id}/fork", post(share::fork))
        .route("/p/{id}/delete", post(share::delete))
        .route_layer(from_fn_with_state(state.clone(), rate_limit::limit_writes));

    // Everything that estimates, generates or diffs: each request counts against the client's
    // compute limit (the work itself runs through `state.compute`).
    let computing = Router::new()
        .route("/api/v1/plans/{id}/revisions", get(plans::revisions))
        .route(
            "/api/v1/plans/{id}/revisions/{revision}",
            get(plans::revision),
        )
        .route("/api/v1/plans/{id}/terraform.zip", get(plans::terraform))
        .route("/api/v1/plans/{id}/rwsplit", get(plans::rwsplit))
        .route("/api/v1/plans/{id}/edit-access", get(plans::edit_access))
        .route("/api/v1/estimate", post(api::estimate))
        .route("/api/v1/compare", post(api::compare))
        .route("/api/v1/compare-plans", get(compare::compare_plans))
        .route("/compare", get(compare::page))
        .route("/api/v1/terraform", post(api::terraform))
        .route("/api/v1/terraform.zip", get(api::terraform_from_address))
        .route("/terraform", get(api::terraform_preview_page))
        .route(
            "/api/v1/rwsplit",
            post(app_config::from_body).get(app_config::from_address),
        )
        .route("/api/v1/rwsplit.zip", get(app_config::zip_from_address))
        .route("/app-config", get(app_config::page))
        .route_layer(from_fn_with_state(state.clone(), rate_limit::limit_compute));

    // The Leptos pages: each render takes a compute slot, off the async threads.
    let pages = Router::new()
        .leptos_routes_with_context(&state, routes, provide_state.clone(), shell)
        .route_layer(from_fn_with_state(state.clone(), render_on_compute_gate));

    let router = Router::new()
        .merge(saved_plans)
        .merge(computing)
        .merge(pages)
        .route("/api/v1/openapi.json", get(openapi::serve))
        .route("/healthz", get(health::liveness))
        .route("/readyz", get(health::readiness))
        .route("/api/v1/catalog", get(api::catalog))
        .route("/api/v1/prices", get(prices::list))
        .layer(DefaultBodyLimit::max(extract::MAX_BODY_BYTES))
        .route("/api", any(error::api_not_found))
        .route("/api/{*rest}", any(error::api_not_found))
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(provide_state, app::shell))
        .with_state(state)
        .layer(
            ServiceBuilder::new()
                .map_request(drop_foreign_request_id)
                .layer(SetRequestIdLayer::new(
                    http::HeaderName::from_static(REQUEST_ID_HEADER),
                    MakeRequestUuid,
                ))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(request_span)
                        .on_response(DefaultOnResponse::new().level(Level::INFO)),
                )
                .layer(PropagateRequestIdLayer::new(http::HeaderName::from_static(
                    REQUEST_ID_HEADER,
                )))
                .layer(axum::middleware::from_fn(caching::cache_control))
                .layer(CompressionLayer::new()),
        );
    security::with_security_headers(router)
}

/// Middleware: renders a page on the compute gate, its whole body included (a Leptos render
/// is CPU work spread over the body's stream).
async fn render_on_compute_gate(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let compute = state.compute.clone();
    compute
        .run_in_place(async move {
            let (parts, body) = next.run(request).await.into_parts();
            match axum::body::to_bytes(body, usize::MAX).await {
                Ok(bytes) => axum::response::Response::from_parts(parts, Body::from(bytes)),
                Err(err) => {
                    tracing::error!(%err, "a page render failed");
                    http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
                }
            }
        })
        .await
}

/// Removes a client's `X-Request-Id` unless it is UUID-shaped, so the next layer makes one:
/// the id goes verbatim into every log line of the request.
fn drop_foreign_request_id(mut request: Request<Body>) -> Request<Body> {
    let acceptable = request
        .headers()
        .get(REQUEST_ID_HEADER)
        .is_none_or(|value| is_uuid_shaped(value.as_bytes()));
    if !acceptable {
        request.headers_mut().remove(REQUEST_ID_HEADER);
    }
    request
}

/// `8-4-4-4-12` hexadecimal digits, as a UUID is written.
fn is_uuid_shaped(text: &[u8]) -> bool {
    text.len() == 36
        && text.iter().enumerate().all(|(index, byte)| match index {
            8 | 13 | 18 | 23 => *byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        })
}

/// One span per request, carrying its id. Only the path is logged: query strings and headers
/// may carry secrets.
fn request_span(request: &Request<Body>) -> tracing::Span {
    let request_id = request
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        request_id = %request_id,
    )
}
