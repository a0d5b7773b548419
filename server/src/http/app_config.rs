//! The read/write-splitting config API: `POST /api/v1/rwsplit?framework=…` (plan in the
//! body), `GET /api/v1/rwsplit?plan=…&framework=…` (the plan as the planner's address carries
//! it) — both answer the files as JSON with the window and pools they were derived from — and
//! `GET /api/v1/rwsplit.zip?plan=…&framework=…`, the same files as a zip — and the page
//! `GET /app-config?plan=…&framework=…` that shows them (`app::pages::app_config_page`).
//!
//! A missing or unknown framework is a 422 naming `framework` and listing the choices; a
//! framework that cannot express the plan's database (pgcat for MySQL, anything but `.env`
//! for DynamoDB) is a 422 that says why.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Query, State};
use axum::response::IntoResponse;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, StatusCode};
use planner::read_write_split::ConnectionPools;
use planner::{Plan, ReadAfterWrite};
use rwsplit::Framework;
use serde::{Deserialize, Serialize};

use super::artifacts::{Artifact, ArtifactKey};
use super::error::ApiQuery;
use super::error::{ApiError, ErrorCode};
use super::extract::{plan_from_address, plan_from_request};
use crate::AppState;

#[derive(Deserialize)]
pub struct FrameworkQuery {
    pub(super) framework: Option<String>,
}

#[derive(Deserialize)]
pub struct AddressFrameworkQuery {
    plan: Option<String>,
    framework: Option<String>,
}

/// One framework's config, as the API answers it.
#[derive(Serialize)]
pub struct AppConfigResponse {
    pub framework: Framework,
    pub title: &'static str,
    pub read_after_write: ReadAfterWrite,
    pub pools: Option<ConnectionPools>,
    pub files: Vec<ConfigFile>,
    /// The frameworks that apply to this plan.
    pub applicable: Vec<Framework>,
}

#[derive(Serialize)]
pub struct ConfigFile {
    pub path: String,
    pub content: String,
}

pub(super) fn framework(slug: Option<&str>) -> Result<Framework, ApiError> {
    let message = match slug {
        None | Some("") => format!("choose a framework: one of {}", Framework::slugs()),
        Some(slug) => match slug.parse() {
            Ok(framework) => return Ok(framework),
            Err(message) => message,
        },
    };
    Err(ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::InvalidFramework,
        message,
    )
    .at("framework"))
}

/// The plan's estimate and its config for `framework`, computed on the compute gate.
async fn config(
    state: &AppState,
    plan: &Plan,
    framework: Framework,
) -> Result<(rwsplit::AppConfig, planner::Estimate), ApiError> {
    let prices = state.price_book.get();
    let plan = plan.clone();
    state
        .compute
        .run(move || {
            let estimate = planner::estimate(&plan, &prices);
            let config = rwsplit::generate(&plan, &estimate, framework).map_err(|error| {
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ErrorCode::FrameworkNotApplicable,
                    error.to_string(),
                )
                .at("framework")
            })?;
            Ok((config, estimate))
        })
        .await
}

pub(super) async fn response(
    state: &AppState,
    plan: &Plan,
    framework: Framework,
) -> Result<Json<AppConfigResponse>, ApiError> {
    let (config, estimate) = config(state, plan, framework).await?;
    Ok(Json(AppConfigResponse {
        framework,
        title: framework.title(),
        read_after_write: estimate.read_write_split.read_after_write,
        pools: estimate.read_write_split.pools,
        files: config
            .files
            .into_iter()
            .map(|(path, content)| ConfigFile { path, content })
            .collect(),
        applicable: rwsplit::applicable(plan),
    }))
}

#[utoipa::path(
    post, path = "/api/v1/rwsplit", tag = "estimates", operation_id = "rwsplit_from_body",
    params(("framework" = String, Query, description = "One of env, prisma, pgcat, rails, django, java")),
    request_body(content = Object, content_type = "application/json", description = "A plan, as `GET /api/v1/catalog` describes (`example_plan`)"),
    responses(
        (status = 200, description = "The framework's files", body = Object),
        (status = 400, description = "Not JSON, or a query that does not decode", body = super::error::ErrorResponse),
        (status = 413, description = "Body over 64 KB", body = super::error::ErrorResponse),
        (status = 415, description = "Not application/json", body = super::error::ErrorResponse),
        (status = 422, description = "Not a valid plan, an unknown framework, or one that cannot express this plan", body = super::error::ErrorResponse),
        (status = 429, description = "Too many estimates and downloads from this address", body = super::error::ErrorResponse),
    )
)]
/// `POST /api/v1/rwsplit?framework=…`: plan → one framework's files.
pub async fn from_body(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<FrameworkQuery>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<AppConfigResponse>, ApiError> {
    let plan = plan_from_request(&headers, body)?;
    response(&state, &plan, framework(query.framework.as_deref())?).await
}

#[utoipa::path(
    get, path = "/api/v1/rwsplit", tag = "estimates", operation_id = "rwsplit_from_address",
    params(("plan" = Option<String>, Query, description = "The plan as the planner page carries it in its address: base64url of its difference from the default plan (absent: the default plan)"), ("framework" = String, Query, description = "One of env, prisma, pgcat, rails, django, java")),
    responses(
        (status = 200, description = "The framework's files", body = Object),
        (status = 400, description = "A parameter that does not decode", body = super::error::ErrorResponse),
        (status = 422, description = "Not a valid plan, an unknown framework, or one that cannot express this plan", body = super::error::ErrorResponse),
        (status = 429, description = "Too many estimates and downloads from this address", body = super::error::ErrorResponse),
    )
)]
/// `GET /api/v1/rwsplit?plan=…&framework=…`.
pub async fn from_address(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<AddressFrameworkQuery>,
) -> Result<Json<AppConfigResponse>, ApiError> {
    let plan = plan_from_address(query.plan.as_deref())?;
    response(&state, &plan, framework(query.framework.as_deref())?).await
}

#[utoipa::path(
    get, path = "/api/v1/rwsplit.zip", tag = "estimates", operation_id = "rwsplit_zip_from_address",
    params(("plan" = Option<String>, Query, description = "The plan as the planner page carries it in its address: base64url of its difference from the default plan (absent: the default plan)"), ("framework" = String, Query, description = "One of env, prisma, pgcat, rails, django, java")),
    responses(
        (status = 200, description = "The files as a zip under one folder", content_type = "application/zip", body = Vec<u8>),
        (status = 400, description = "A parameter that does not decode", body = super::error::ErrorResponse),
        (status = 422, description = "Not a valid plan, an unknown framework, or one that cannot express this plan", body = super::error::ErrorResponse),
        (status = 429, description = "Too many estimates and downloads from this address", body = super::error::ErrorResponse),
    )
)]
/// `GET /api/v1/rwsplit.zip?plan=…&framework=…`: the files as a zip under one folder.
pub async fn zip_from_address(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<AddressFrameworkQuery>,
) -> Result<axum::response::Response, ApiError> {
    let plan = plan_from_address(query.plan.as_deref())?;
    let framework = framework(query.framework.as_deref())?;
    let folder = format!(
        "{}-{}-config",
        terraform::naming::name_prefix(&plan.name),
        framework.slug()
    );
    let plan_json = serde_json::to_string(&plan).expect("a plan serialises");
    let key = ArtifactKey::new(
        Artifact::AppConfigZip,
        &[&plan_json, framework.slug()],
        &state.price_book.get().version,
    );
    let zip = state
        .artifacts
        .try_get_or_generate(key, async {
            let (config, _) = config(&state, &plan, framework).await?;
            Ok::<_, ApiError>(Bytes::from(terraform::zip_folder(&folder, &config.files)))
        })
        .await?;
    let etag = format!("\"{}\"", terraform::sha256_hex(&zip));
    Ok((
        [
            (CONTENT_TYPE, "application/zip".to_owned()),
            (
                http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{folder}.zip\""),
            ),
            (http::header::ETAG, etag),
        ],
        zip,
    )
        .into_response())
}

/// `GET /app-config?plan=…&framework=…`: the app config page, static and server-rendered; a
/// plan or framework the page cannot show is explained on it.
pub async fn page(
    State(state): State<AppState>,
    Query(query): Query<AddressFrameworkQuery>,
) -> axum::response::Response {
    use app::pages::app_config_page;
    let prices = state.price_book.get();
    let key = ArtifactKey::new(
        Artifact::AppConfigPage,
        &[
            query.plan.as_deref().unwrap_or_default(),
            query.framework.as_deref().unwrap_or("\u{0}none"),
        ],
        &prices.version,
    );
    let html = state
        .artifacts
        .get_or_compute(key, &state.compute, move || {
            app_config_page::render_page(
                query.plan.as_deref().unwrap_or_default(),
                query.framework.as_deref(),
                &prices,
            )
        })
        .await;
    (
        [(
            http::header::CONTENT_SECURITY_POLICY,
            app_config_page::CONTENT_SECURITY_POLICY,
        )],
        axum::response::Html(html),
    )
        .into_response()
}
