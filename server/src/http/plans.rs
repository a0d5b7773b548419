//! The saved-plans API under `/api/v1/plans`: save, read, edit, list and read revisions, fork,
//! delete, and a saved plan's Terraform bundle and app config.
//!
//! Handlers translate HTTP to [`crate::sharing`] and back: the edit token comes as
//! `Authorization: Bearer …`, the revision being replaced as `If-Match: "<revision>"`, and
//! every response about a revision carries it as its `ETag`. Statuses: 401 without a token,
//! 403 with another plan's, 428 without `If-Match`, 412 with a stale one (the body and `ETag`
//! name the current revision), 404 for an id that is absent or malformed alike.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use http::header::{CONTENT_TYPE, ETAG, LOCATION};
use http::{HeaderMap, StatusCode};
use planner::{Estimate, Plan};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::api::terraform_zip;
use super::app_config::{AppConfigResponse, FrameworkQuery, framework, response as app_config};
use super::error::ApiQuery;
use super::error::etag;
use super::error::{ApiError, ErrorCode};
use super::extract::{bearer_token, if_match_revision, origin, plan_from_request};
use super::rendered::{RenderKey, Rendering};
use crate::AppState;
use crate::sharing::{self, SavedPlan, SharingError};

/// The id from the path; a path that does not decode is treated as an absent plan.
fn plan_id(path: Result<Path<String>, PathRejection>) -> Result<String, ApiError> {
    path.map(|Path(id)| id)
        .map_err(|_| ApiError::from(SharingError::NotFound))
}

/// Where a saved plan and its parts can be fetched.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanLinks {
    /// The share page, for people.
    pub page: String,
    /// This API resource.
    pub api: String,
    pub revisions: String,
    /// The Terraform bundle of the current revision.
    pub terraform_zip: String,
    /// The read/write-splitting config (`?framework=`).
    pub rwsplit: String,
}

impl PlanLinks {
    fn new(origin: &str, id: &str) -> PlanLinks {
        PlanLinks {
            page: format!("{origin}/p/{id}"),
            api: format!("{origin}/api/v1/plans/{id}"),
            revisions: format!("{origin}/api/v1/plans/{id}/revisions"),
            terraform_zip: format!("{origin}/api/v1/plans/{id}/terraform.zip"),
            rwsplit: format!("{origin}/api/v1/plans/{id}/rwsplit"),
        }
    }
}

/// A plan just saved. `edit_token` is shown this once: keep it to edit or delete the plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedPlan {
    pub id: String,
    /// The share link: anyone with it can view and download. Absolute on
    /// `REGIONWISE_PUBLIC_URL` when the server has one, else relative (`/p/{id}`).
    pub url: String,
    /// The share link with the edit token in its fragment (never sent to a server by a browser).
    pub edit_url: String,
    pub edit_token: String,
    pub revision: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forked_from: Option<ForkSource>,
    pub links: PlanLinks,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ForkSource {
    pub id: String,
    pub revision: i64,
}

/// Which prices an estimate was computed with.
#[derive(Debug, Serialize, ToSchema)]
pub struct PriceBookRef {
    pub version: String,
    /// `YYYY-MM-DD`.
    pub as_of: String,
}

/// The estimate a revision had when it was saved, with its prices' date.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavedEstimate {
    pub price_book: PriceBookRef,
    #[schema(value_type = Object)]
    pub estimate: serde_json::Value,
}

/// A saved plan at one revision with its estimate now.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanDocument {
    pub id: String,
    pub revision: i64,
    /// The revision that is current (equal to `revision` unless an older one was asked for).
    pub current_revision: i64,
    pub created_at: String,
    /// When this revision was saved.
    pub saved_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forked_from: Option<ForkSource>,
    /// The plan in its complete form (every default filled in).
    #[schema(value_type = Object)]
    pub plan: Plan,
    /// The estimate with the server's current prices.
    #[schema(value_type = Object)]
    pub estimate: Estimate,
    pub price_book: PriceBookRef,
    /// Present when the prices changed since this revision was saved: its estimate then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimate_as_saved: Option<SavedEstimate>,
    pub links: PlanLinks,
}

/// [`document_with`] on the compute gate, with the prices in use now.
async fn document(state: &AppState, origin: &str, saved: SavedPlan) -> PlanDocument {
    // One book for the whole document, even if a refresh lands meanwhile.
    let prices = state.price_book.get();
    let origin = origin.to_owned();
    state
        .compute
        .run(move || document_with(&prices, &origin, saved))
        .await
}

fn document_with(prices: &planner::PriceBook, origin: &str, saved: SavedPlan) -> PlanDocument {
    let estimate = planner::estimate(&saved.plan, prices);
    let revision = &saved.revision;
    let estimate_as_saved = sharing::estimate_then(revision, prices).map(|then| SavedEstimate {
        price_book: PriceBookRef {
            version: then.price_book_version,
            as_of: then.price_book_as_of,
        },
        estimate: then.estimate,
    });
    PlanDocument {
        links: PlanLinks::new(origin, &saved.record.id),
        id: saved.record.id.clone(),
        revision: revision.revision,
        current_revision: saved.record.current_revision,
        created_at: crate::clock::rfc3339(saved.record.created_at_ms),
        saved_at: crate::clock::rfc3339(revision.created_at_ms),
        forked_from: fork_source(&saved.record),
        plan: saved.plan,
        estimate,
        price_book: PriceBookRef {
            version: prices.version.clone(),
            as_of: prices.as_of.clone(),
        },
        estimate_as_saved,
    }
}

fn fork_source(record: &crate::db::plans::PlanRecord) -> Option<ForkSource> {
    Some(ForkSource {
        id: record.forked_from_id.clone()?,
        revision: record.forked_from_revision?,
    })
}

fn created_response(
    origin: &str,
    created: sharing::Created,
    forked_from: Option<ForkSource>,
) -> Response {
    let url = format!("{origin}/p/{}", created.id);
    let body = CreatedPlan {
        edit_url: format!("{url}#edit={}", created.edit_token),
        links: PlanLinks::new(origin, &created.id),
        url,
        id: created.id.clone(),
        edit_token: created.edit_token,
        revision: 1,
        forked_from,
    };
    (
        StatusCode::CREATED,
        [
            (LOCATION, format!("/api/v1/plans/{}", created.id)),
            (ETAG, etag(1)),
        ],
        Json(body),
    )
        .into_response()
}

/// Save a plan: the answer holds its share link and its edit token.
#[utoipa::path(
    post, path = "/api/v1/plans", tag = "plans", operation_id = "create_plan",
    request_body(content = Object, content_type = "application/json", description = "A plan, as `GET /api/v1/catalog` describes (`example_plan`)"),
    responses(
        (status = 201, description = "Saved as revision 1", body = CreatedPlan),
        (status = 400, description = "Not JSON", body = super::error::ErrorResponse),
        (status = 413, description = "Body over 64 KB", body = super::error::ErrorResponse),
        (status = 415, description = "Not application/json", body = super::error::ErrorResponse),
        (status = 422, description = "Not a valid plan: `path` names the field", body = super::error::ErrorResponse),
        (status = 429, description = "Too many writes from this address", body = super::error::ErrorResponse),
    )
)]
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let plan = plan_from_request(&headers, body)?;
    let created = sharing::create(&state.database, &state.price_book.get(), &plan, None).await?;
    tracing::info!(plan_id = %created.id, "plan saved");
    Ok(created_response(&origin(&state), created, None))
}

/// A saved plan at its current revision, with its estimate now (and as saved, when prices
/// changed since).
#[utoipa::path(
    get, path = "/api/v1/plans/{id}", tag = "plans", operation_id = "read_plan",
    params(("id" = String, Path, description = "The plan's id")),
    responses(
        (status = 200, description = "The plan; `ETag` is its revision", body = PlanDocument),
        (status = 404, description = "No plan has this id", body = super::error::ErrorResponse),
    )
)]
pub async fn read(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let record = sharing::record(&state.database, &plan_id(path)?).await?;
    let origin = origin(&state);
    let revision = record.current_revision;
    let key = RenderKey {
        rendering: Rendering::ApiDocument,
        plan_id: record.id.clone(),
        revision,
        current_revision: revision,
        price_book_version: state.price_book.get().version.clone(),
        origin: origin.clone(),
    };
    let body = match state.rendered.get(&key) {
        Some(body) => body,
        None => {
            let saved = sharing::revision_of(&state.database, record, revision).await?;
            let document = document(&state, &origin, saved).await;
            let body = Bytes::from(serde_json::to_vec(&document).map_err(ApiError::internal)?);
            state.rendered.insert(key, body.clone());
            body
        }
    };
    Ok((
        [
            (CONTENT_TYPE, "application/json".to_owned()),
            (ETAG, etag(revision)),
        ],
        body,
    )
        .into_response())
}

/// The new revision saved by an edit.
#[derive(Debug, Serialize, ToSchema)]
pub struct UpdatedPlan {
    pub id: String,
    pub revision: i64,
    pub saved_at: String,
    pub url: String,
}

/// Save a new revision. Needs the edit token and the revision it replaces.
#[utoipa::path(
    put, path = "/api/v1/plans/{id}", tag = "plans", operation_id = "update_plan",
    params(
        ("id" = String, Path, description = "The plan's id"),
        ("If-Match" = String, Header, description = "The revision being replaced, as its ETag: `\"3\"`"),
    ),
    request_body(content = Object, content_type = "application/json", description = "The plan's new content"),
    responses(
        (status = 200, description = "Saved; `ETag` is the new revision", body = UpdatedPlan),
        (status = 400, description = "Not JSON, or If-Match not one revision", body = super::error::ErrorResponse),
        (status = 401, description = "No edit token", body = super::error::ErrorResponse),
        (status = 403, description = "Not this plan's edit token", body = super::error::ErrorResponse),
        (status = 404, description = "No plan has this id", body = super::error::ErrorResponse),
        (status = 412, description = "Another revision was saved since: `current_revision` names it", body = super::error::ErrorResponse),
        (status = 413, description = "Body over 64 KB", body = super::error::ErrorResponse),
        (status = 415, description = "Not application/json", body = super::error::ErrorResponse),
        (status = 422, description = "Not a valid plan", body = super::error::ErrorResponse),
        (status = 428, description = "No If-Match", body = super::error::ErrorResponse),
        (status = 429, description = "Too many writes from this address", body = super::error::ErrorResponse),
    ),
    security(("edit_token" = []))
)]
pub async fn update(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let id = plan_id(path)?;
    // Access and the revision come before the body: a stranger learns nothing from validation.
    let record = sharing::authorized(&state.database, &id, bearer_token(&headers)).await?;
    let if_match = if_match_revision(&headers)?.ok_or(SharingError::RevisionMissing)?;
    let plan = plan_from_request(&headers, body)?;
    let revision = sharing::update(
        &state.database,
        &state.price_book.get(),
        &record,
        Some(if_match),
        &plan,
    )
    .await?;
    tracing::info!(plan_id = %id, revision, "plan revised");
    let body = UpdatedPlan {
        url: format!("{}/p/{id}", origin(&state)),
        id,
        revision,
        saved_at: crate::clock::rfc3339(crate::clock::now_ms()),
    };
    Ok(([(ETAG, etag(revision))], Json(body)).into_response())
}

/// Delete a plan and its history. Needs the edit token.
#[utoipa::path(
    delete, path = "/api/v1/plans/{id}", tag = "plans", operation_id = "delete_plan",
    params(("id" = String, Path, description = "The plan's id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "No edit token", body = super::error::ErrorResponse),
        (status = 403, description = "Not this plan's edit token", body = super::error::ErrorResponse),
        (status = 404, description = "No plan has this id", body = super::error::ErrorResponse),
        (status = 429, description = "Too many writes from this address", body = super::error::ErrorResponse),
    ),
    security(("edit_token" = []))
)]
pub async fn delete(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    let id = plan_id(path)?;
    let record = sharing::authorized(&state.database, &id, bearer_token(&headers)).await?;
    sharing::delete(&state.database, &record).await?;
    tracing::info!(plan_id = %id, "plan deleted");
    Ok(StatusCode::NO_CONTENT)
}

/// Check an edit token without changing anything: the share page asks before it keeps a
/// token that arrived in a link, so a wrong one never replaces one that works.
#[utoipa::path(
    get, path = "/api/v1/plans/{id}/edit-access", tag = "plans", operation_id = "check_edit_token",
    params(("id" = String, Path, description = "The plan's id")),
    responses(
        (status = 204, description = "The token may edit this plan"),
        (status = 401, description = "No edit token", body = super::error::ErrorResponse),
        (status = 403, description = "Not this plan's edit token", body = super::error::ErrorResponse),
        (status = 404, description = "No plan has this id", body = super::error::ErrorResponse),
        (status = 429, description = "Too many requests from this address", body = super::error::ErrorResponse),
    ),
    security(("edit_token" = []))
)]
pub async fn edit_access(
    State(state): State<AppState>,
    headers: HeaderMap,
    path: Result<Path<String>, PathRejection>,
) -> Result<StatusCode, ApiError> {
    sharing::authorized(&state.database, &plan_id(path)?, bearer_token(&headers)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Save a copy of a plan's current revision as a new plan with its own edit token.
#[utoipa::path(
    post, path = "/api/v1/plans/{id}/fork", tag = "plans", operation_id = "fork_plan",
    params(("id" = String, Path, description = "The plan to copy")),
    responses(
        (status = 201, description = "The copy, as revision 1 of a new plan", body = CreatedPlan),
        (status = 404, description = "No plan has this id", body = super::error::ErrorResponse),
        (status = 429, description = "Too many writes from this address", body = super::error::ErrorResponse),
    )
)]
pub async fn fork(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let id = plan_id(path)?;
    let (created, revision) = sharing::fork(&state.database, &state.price_book.get(), &id).await?;
    tracing::info!(plan_id = %created.id, from = %id, revision, "plan forked");
    let source = ForkSource { id, revision };
    Ok(created_response(&origin(&state), created, Some(source)))
}

/// One revision in a plan's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionSummary {
    pub revision: i64,
    pub saved_at: String,
    /// The prices it was estimated with when saved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_book: Option<PriceBookRef>,
    /// Monthly cost and RTO with the current prices, so revisions compare on plan changes alone.
    pub total_monthly_usd: String,
    pub rto_seconds: Option<u32>,
    /// What changed from the revision before (empty for the first).
    #[schema(value_type = Vec<Object>)]
    pub changes: Vec<planner::plan::diff::FieldChange>,
    /// Regions where the revision before had reserved Aurora instances that this one no
    /// longer runs: reservations are regional and bill until their term ends.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stranded_reservations: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionList {
    pub id: String,
    pub current_revision: i64,
    /// This page of the history, oldest first.
    pub revisions: Vec<RevisionSummary>,
    /// The next older page, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub older: Option<String>,
}

/// `?before=N&limit=K` of the history: the `K` (1–100, default 50) newest revisions below `N`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    /// List revisions numbered below this one (default: from the newest).
    before: Option<i64>,
    /// Revisions per page, 1–100 (default 50).
    limit: Option<i64>,
}

/// Revisions a history page lists unless the request says otherwise.
const DEFAULT_HISTORY_PAGE: i64 = 50;

fn revision_summaries(
    page: &sharing::HistoryPage,
    prices: &planner::PriceBook,
) -> Vec<RevisionSummary> {
    sharing::history_steps(page, prices)
        .into_iter()
        .map(|step| {
            let revision = &step.saved.revision;
            RevisionSummary {
                revision: revision.revision,
                saved_at: crate::clock::rfc3339(revision.created_at_ms),
                price_book: revision
                    .price_book_version
                    .clone()
                    .map(|version| PriceBookRef {
                        version,
                        as_of: revision.price_book_as_of.clone().unwrap_or_default(),
                    }),
                total_monthly_usd: step.total_monthly_usd.to_string(),
                rto_seconds: step.rto_seconds,
                changes: step.changes,
                stranded_reservations: step.stranded_reservations,
            }
        })
        .collect()
}

/// A plan's history, a page at a time: each revision with what changed.
#[utoipa::path(
    get, path = "/api/v1/plans/{id}/revisions", tag = "plans", operation_id = "list_revisions",
    params(("id" = String, Path, description = "The plan's id"), HistoryQuery),
    responses(
        (status = 200, description = "The newest revisions (or those below `before`), oldest first; `older` links the page before", body = RevisionList),
        (status = 400, description = "A query parameter that does not decode", body = super::error::ErrorResponse),
        (status = 404, description = "No plan has this id", body = super::error::ErrorResponse),
        (status = 422, description = "`limit` outside 1–100", body = super::error::ErrorResponse),
        (status = 429, description = "Too many estimates and downloads from this address", body = super::error::ErrorResponse),
    )
)]
pub async fn revisions(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    ApiQuery(query): ApiQuery<HistoryQuery>,
) -> Result<Json<RevisionList>, ApiError> {
    let id = plan_id(path)?;
    let limit = query.limit.unwrap_or(DEFAULT_HISTORY_PAGE);
    if !(1..=sharing::MAX_HISTORY_PAGE).contains(&limit) {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::OutOfRange,
            format!(
                "{limit} is out of range: allowed 1 to {} revisions a page",
                sharing::MAX_HISTORY_PAGE
            ),
        )
        .at("limit"));
    }
    let page = sharing::history_page(&state.database, &id, query.before, limit).await?;
    let prices = state.price_book.get();
    let (page, revisions) = state
        .compute
        .run(move || {
            let summaries = revision_summaries(&page, &prices);
            (page, summaries)
        })
        .await;
    let older = match (page.has_older(), page.revisions.first()) {
        (true, Some(oldest)) => Some(format!(
            "{}/api/v1/plans/{}/revisions?before={}&limit={limit}",
            origin(&state),
            page.record.id,
            oldest.revision.revision
        )),
        _ => None,
    };
    Ok(Json(RevisionList {
        revisions,
        id: page.record.id,
        current_revision: page.record.current_revision,
        older,
    }))
}

/// One revision of a plan, with its estimate now and as saved.
#[utoipa::path(
    get, path = "/api/v1/plans/{id}/revisions/{revision}", tag = "plans", operation_id = "read_revision",
    params(
        ("id" = String, Path, description = "The plan's id"),
        ("revision" = i64, Path, description = "The revision, from 1"),
    ),
    responses(
        (status = 200, description = "The revision; `ETag` is its number", body = PlanDocument),
        (status = 404, description = "No such plan or revision", body = super::error::ErrorResponse),
        (status = 429, description = "Too many estimates and downloads from this address", body = super::error::ErrorResponse),
    )
)]
pub async fn revision(
    State(state): State<AppState>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Response, ApiError> {
    let Ok(Path((id, number))) = path else {
        return Err(SharingError::NotFound.into());
    };
    let number: i64 = number
        .parse()
        .map_err(|_| ApiError::not_found(format!("no revision `{number}` of this plan")))?;
    let saved = sharing::load_revision(&state.database, &id, number).await?;
    let body = document(&state, &origin(&state), saved).await;
    Ok(([(ETAG, etag(number))], Json(body)).into_response())
}

/// The Terraform bundle of a saved plan's current revision.
#[utoipa::path(
    get, path = "/api/v1/plans/{id}/terraform.zip", tag = "plans", operation_id = "plan_terraform_zip",
    params(("id" = String, Path, description = "The plan's id")),
    responses(
        (status = 200, description = "The bundle", content_type = "application/zip", body = Vec<u8>),
        (status = 404, description = "No plan has this id", body = super::error::ErrorResponse),
        (status = 429, description = "Too many estimates and downloads from this address", body = super::error::ErrorResponse),
    )
)]
pub async fn terraform(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let saved = sharing::load(&state.database, &plan_id(path)?).await?;
    Ok(terraform_zip(&state, saved.plan).await)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FrameworkParameter {
    /// One of env, prisma, pgcat, rails, django, java.
    #[allow(dead_code)]
    framework: String,
}

/// The read/write-splitting config of a saved plan's current revision for one framework.
#[utoipa::path(
    get, path = "/api/v1/plans/{id}/rwsplit", tag = "plans", operation_id = "plan_rwsplit",
    params(("id" = String, Path, description = "The plan's id"), FrameworkParameter),
    responses(
        (status = 200, description = "The framework's files", body = Object),
        (status = 404, description = "No plan has this id", body = super::error::ErrorResponse),
        (status = 422, description = "Unknown framework, or one that cannot express this plan", body = super::error::ErrorResponse),
        (status = 429, description = "Too many estimates and downloads from this address", body = super::error::ErrorResponse),
    )
)]
pub async fn rwsplit(
    State(state): State<AppState>,
    path: Result<Path<String>, PathRejection>,
    ApiQuery(query): ApiQuery<FrameworkQuery>,
) -> Result<Json<AppConfigResponse>, ApiError> {
    let saved = sharing::load(&state.database, &plan_id(path)?).await?;
    app_config(&state, &saved.plan, framework(query.framework.as_deref())?).await
}
