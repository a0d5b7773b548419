//! The estimation API (version 1): `POST /api/v1/estimate`, `POST /api/v1/compare`,
//! `POST /api/v1/terraform` (the Terraform bundle as a zip) and `GET /api/v1/catalog`.
//!
//! Handlers are thin: they decode the plan with `planner` (which names the JSON path of any
//! problem), run the engine on the server's price book and serialise the result. Errors use
//! the shape of [`super::error::ApiError`]: 400 for malformed JSON, 413 for bodies over
//! [`MAX_BODY_BYTES`], 415 for a content type other than JSON, 422 for a plan that is not valid.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Query, State};
use axum::response::IntoResponse;
use http::HeaderMap;
use http::header::CONTENT_TYPE;
use planner::{Comparison, Estimate, Plan};

use super::artifacts::{Artifact, ArtifactKey};
use super::error::ApiError;
use super::error::ApiQuery;
use crate::AppState;

pub use super::extract::MAX_BODY_BYTES;
use super::extract::{AddressQuery, plan_from_address, plan_from_request};

/// `POST /api/v1/estimate`: plan → estimate.
#[utoipa::path(
    post, path = "/api/v1/estimate", tag = "estimates",
    request_body(content = Object, content_type = "application/json", description = "A plan, as `GET /api/v1/catalog` describes (`example_plan`)"),
    responses(
        (status = 200, description = "The estimate", body = Object),
        (status = 400, description = "Not JSON", body = super::error::ErrorResponse),
        (status = 413, description = "Body over 64 KB", body = super::error::ErrorResponse),
        (status = 415, description = "Not application/json", body = super::error::ErrorResponse),
        (status = 422, description = "Not a valid plan: `path` names the field", body = super::error::ErrorResponse),
        (status = 429, description = "Too many estimates and downloads from this address", body = super::error::ErrorResponse),
    )
)]
pub async fn estimate(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Estimate>, ApiError> {
    let plan = plan_from_request(&headers, body)?;
    let prices = state.price_book.get();
    Ok(Json(
        state
            .compute
            .run(move || planner::estimate(&plan, &prices))
            .await,
    ))
}

/// `POST /api/v1/compare`: plan → one estimate per pattern and the recommendation.
#[utoipa::path(
    post, path = "/api/v1/compare", tag = "estimates",
    request_body(content = Object, content_type = "application/json", description = "A plan, as `GET /api/v1/catalog` describes (`example_plan`)"),
    responses(
        (status = 200, description = "One estimate per pattern and the recommendation", body = Object),
        (status = 400, description = "Not JSON", body = super::error::ErrorResponse),
        (status = 413, description = "Body over 64 KB", body = super::error::ErrorResponse),
        (status = 415, description = "Not application/json", body = super::error::ErrorResponse),
        (status = 422, description = "Not a valid plan: `path` names the field", body = super::error::ErrorResponse),
        (status = 429, description = "Too many estimates and downloads from this address", body = super::error::ErrorResponse),
    )
)]
pub async fn compare(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Comparison>, ApiError> {
    let plan = plan_from_request(&headers, body)?;
    let prices = state.price_book.get();
    Ok(Json(
        state
            .compute
            .run(move || planner::compare(&plan, &prices))
            .await,
    ))
}

/// `POST /api/v1/terraform`: plan → the Terraform bundle as a zip (deterministic: the same
/// plan and price book give the same bytes, so the ETag is the content's SHA-256).
#[utoipa::path(
    post, path = "/api/v1/terraform", tag = "estimates",
    request_body(content = Object, content_type = "application/json", description = "A plan, as `GET /api/v1/catalog` describes (`example_plan`)"),
    responses(
        (status = 200, description = "The Terraform bundle", content_type = "application/zip", body = Vec<u8>),
        (status = 400, description = "Not JSON", body = super::error::ErrorResponse),
        (status = 413, description = "Body over 64 KB", body = super::error::ErrorResponse),
        (status = 415, description = "Not application/json", body = super::error::ErrorResponse),
        (status = 422, description = "Not a valid plan: `path` names the field", body = super::error::ErrorResponse),
        (status = 429, description = "Too many estimates and downloads from this address", body = super::error::ErrorResponse),
    )
)]
pub async fn terraform(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<axum::response::Response, ApiError> {
    let plan = plan_from_request(&headers, body)?;
    Ok(terraform_zip(&state, plan).await)
}

#[utoipa::path(
    get, path = "/api/v1/terraform.zip", tag = "estimates", operation_id = "terraform_zip_from_address",
    params(("plan" = Option<String>, Query, description = "The plan as the planner page carries it in its address: base64url of its difference from the default plan (absent: the default plan)")),
    responses(
        (status = 200, description = "The bundle", content_type = "application/zip", body = Vec<u8>),
        (status = 400, description = "A `plan` parameter that does not decode", body = super::error::ErrorResponse),
        (status = 422, description = "Not a valid plan: `path` names the field", body = super::error::ErrorResponse),
        (status = 429, description = "Too many estimates and downloads from this address", body = super::error::ErrorResponse),
    )
)]
/// `GET /api/v1/terraform.zip?plan=…`: the same zip for a plan carried as the planner page
/// carries it in its address (base64url of its difference from the default plan; absent:
/// the default plan), so the page can offer the download as a plain link.
pub async fn terraform_from_address(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<AddressQuery>,
) -> Result<axum::response::Response, ApiError> {
    let plan = plan_from_address(query.plan.as_deref())?;
    Ok(terraform_zip(&state, plan).await)
}

/// `GET /terraform?plan=…`: the bundle's preview page, static and server-rendered (see
/// `app::pages::terraform_page`); a plan the address cannot carry is explained on the page.
pub async fn terraform_preview_page(
    State(state): State<AppState>,
    Query(query): Query<AddressQuery>,
) -> axum::response::Response {
    let encoded = query.plan.unwrap_or_default();
    let prices = state.price_book.get();
    let key = ArtifactKey::new(Artifact::TerraformPreview, &[&encoded], &prices.version);
    let html = state
        .artifacts
        .get_or_compute(key, &state.compute, move || {
            app::pages::terraform_page::render_page(&encoded, &prices)
        })
        .await;
    (
        [(
            http::header::CONTENT_SECURITY_POLICY,
            app::pages::terraform_page::CONTENT_SECURITY_POLICY,
        )],
        axum::response::Html(html),
    )
        .into_response()
}

pub(super) async fn terraform_zip(state: &AppState, plan: Plan) -> axum::response::Response {
    let prices = state.price_book.get();
    let plan_json = serde_json::to_string(&plan).expect("a plan serialises");
    let key = ArtifactKey::new(Artifact::TerraformZip, &[&plan_json], &prices.version);
    let file_name = format!(
        "{}-terraform.zip",
        terraform::naming::name_prefix(&plan.name)
    );
    let zip = state
        .artifacts
        .get_or_compute(key, &state.compute, move || {
            let estimate = planner::estimate(&plan, &prices);
            terraform::generate(&plan, &estimate).zip()
        })
        .await;
    let etag = format!("\"{}\"", terraform::sha256_hex(&zip));
    (
        [
            (CONTENT_TYPE, "application/zip".to_owned()),
            (
                http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
            (http::header::ETAG, etag),
        ],
        zip,
    )
        .into_response()
}

/// `GET /api/v1/catalog`: what a plan may choose from, the limits and the defaults.
#[utoipa::path(
    get, path = "/api/v1/catalog", tag = "estimates",
    responses((status = 200, description = "Patterns, regions, instance classes, limits and a complete example plan", body = Object))
)]
pub async fn catalog() -> Result<Json<crate::catalog::Catalog>, ApiError> {
    crate::catalog::catalog()
        .map(Json)
        .map_err(ApiError::internal)
}
