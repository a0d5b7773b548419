//! The share page `/p/{id}` and the forms that save from the browser without a script.
//!
//! - `GET /p/{id}[?revision=N]`: the saved plan, read-only (`app::pages::shared_plan_page`).
//! - `POST /p` (`plan` = the planner's address form of a plan): save as a new plan, then
//!   redirect to its page with the edit token in the fragment (`/p/{id}#edit=…`), which the
//!   page's script moves into local storage.
//! - `POST /p/{id}` (`plan`, `revision`, `edit_token`): save the next revision.
//! - `POST /p/{id}/fork`, `POST /p/{id}/delete` (`edit_token`).
//!
//! The rules are [`crate::sharing`]'s, as for the JSON API; failures answer a page that says
//! what happened and keeps the user's work reachable (a stale save links both versions).

use axum::Form;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use http::StatusCode;
use serde::Deserialize;

use app::pages::shared_plan_page::{self as page, AsSaved, HistoryEntry, SharedPlan};

use super::error::etag;
use super::extract::{origin, plan_from_address};
use super::rendered::{RenderKey, Rendering};
use crate::AppState;
use crate::db::plans::PlanRecord;
use crate::sharing::{self, SharingError};

fn html(status: StatusCode, body: impl Into<axum::body::Body>) -> Response {
    (
        status,
        [(
            http::header::CONTENT_SECURITY_POLICY,
            page::CONTENT_SECURITY_POLICY,
        )],
        Html(body.into()),
    )
        .into_response()
}

/// A page for a failed request, with the status the API would give.
fn failure(error: SharingError, links: &[(String, String)]) -> Response {
    match error {
        SharingError::NotFound | SharingError::RevisionNotFound { .. } => {
            html(StatusCode::NOT_FOUND, page::render_not_found())
        }
        SharingError::Unreadable { .. } | SharingError::Random(_) | SharingError::Storage(_) => {
            tracing::error!(%error, "share page failed");
            html(
                StatusCode::INTERNAL_SERVER_ERROR,
                page::render_message(
                    "Something went wrong",
                    "The plan could not be loaded or saved because of a problem on our side. Nothing was changed; try again in a moment.",
                    links,
                ),
            )
        }
        SharingError::TokenMissing | SharingError::TokenWrong => html(
            StatusCode::FORBIDDEN,
            page::render_message(
                "Not saved",
                "This browser does not hold the edit secret for this plan, so it cannot change it. Open the plan's edit link, or fork the plan to get your own copy.",
                links,
            ),
        ),
        SharingError::RevisionLimit { .. } => html(
            StatusCode::CONFLICT,
            page::render_message("Not saved: this plan is full", &error.to_string(), links),
        ),
        SharingError::RevisionMissing | SharingError::Stale { .. } => html(
            StatusCode::PRECONDITION_FAILED,
            page::render_message(
                "Not saved: the plan changed meanwhile",
                &error.to_string(),
                links,
            ),
        ),
    }
}

#[derive(Deserialize)]
pub struct RevisionQuery {
    revision: Option<String>,
}

/// `GET /p/{id}`: the share page of a plan's current revision, or of `?revision=N`.
pub async fn page(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<RevisionQuery>,
) -> Response {
    let record = match sharing::record(&state.database, &id).await {
        Ok(record) => record,
        Err(error) => return failure(error, &[]),
    };
    let number = match query.revision.as_deref().map(str::parse::<i64>) {
        None => record.current_revision,
        Some(Ok(number)) => number,
        Some(Err(_)) => return failure(SharingError::RevisionNotFound { revision: 0 }, &[]),
    };
    let key = RenderKey {
        rendering: Rendering::SharePage,
        plan_id: record.id.clone(),
        revision: number,
        current_revision: record.current_revision,
        price_book_version: state.price_book.get().version.clone(),
        origin: origin(&state),
    };
    let body = match state.rendered.get(&key) {
        Some(body) => body,
        None => match render(&state, record, number, &key.origin).await {
            Ok(html) => {
                let body = Bytes::from(html);
                state.rendered.insert(key, body.clone());
                body
            }
            Err(error) => return failure(error, &[]),
        },
    };
    let mut response = html(StatusCode::OK, body);
    if let Ok(value) = http::HeaderValue::from_str(&etag(number)) {
        response.headers_mut().insert(http::header::ETAG, value);
    }
    response
}

/// The share page of revision `number` of the plan whose row is `record`.
async fn render(
    state: &AppState,
    record: PlanRecord,
    number: i64,
    origin: &str,
) -> Result<String, SharingError> {
    let saved = sharing::revision_of(&state.database, record, number).await?;
    // The newest revisions only: the page's work stays bounded however long the history.
    let history =
        sharing::history_page(&state.database, &saved.record.id, None, SHARE_PAGE_HISTORY).await?;
    // Estimating every revision and rendering the page is CPU work: off the async threads.
    let prices = state.price_book.get();
    let origin = origin.to_owned();
    Ok(state
        .compute
        .run(move || render_page(saved, &history, prices, origin))
        .await)
}

/// Revisions the share page lists (the API pages through the rest).
const SHARE_PAGE_HISTORY: i64 = 20;

/// The share page of `saved`, with a page of its history.
fn render_page(
    saved: sharing::SavedPlan,
    revisions: &sharing::HistoryPage,
    prices: std::sync::Arc<planner::PriceBook>,
    origin: String,
) -> String {
    let history = sharing::history_steps(revisions, &prices)
        .into_iter()
        .map(|step| HistoryEntry {
            revision: step.saved.revision.revision,
            saved_at: sharing::human_time(step.saved.revision.created_at_ms),
            total_monthly_usd: step.total_monthly_usd,
            rto_seconds: step.rto_seconds,
            changes: step.changes,
            stranded_reservations: step.stranded_reservations,
        })
        .collect();
    let revision = &saved.revision;
    let as_saved = sharing::estimate_then(revision, &prices).and_then(|then| {
        let total = then
            .estimate
            .pointer("/cost/total_monthly_usd")?
            .as_str()?
            .parse()
            .ok()?;
        Some(AsSaved {
            total_monthly_usd: planner::display::usd(total),
            price_book_version: then.price_book_version,
            price_book_as_of: then.price_book_as_of,
        })
    });
    let shared = SharedPlan {
        id: saved.record.id.clone(),
        revision: revision.revision,
        current_revision: saved.record.current_revision,
        saved_at: sharing::human_time(revision.created_at_ms),
        created_at: sharing::human_time(saved.record.created_at_ms),
        forked_from: saved
            .record
            .forked_from_id
            .clone()
            .zip(saved.record.forked_from_revision),
        plan: saved.plan,
        as_saved,
        history,
        origin,
    };
    page::render_page(shared, prices)
}

#[derive(Deserialize)]
pub struct NewPlanForm {
    #[serde(default)]
    plan: String,
}

/// Where a new plan's creator lands: its page, with the edit token in the fragment.
fn to_new_plan(created: &sharing::Created) -> Response {
    Redirect::to(&format!("/p/{}#edit={}", created.id, created.edit_token)).into_response()
}

/// `POST /p`: save the planner's plan as a new plan.
pub async fn save_new(State(state): State<AppState>, Form(form): Form<NewPlanForm>) -> Response {
    let back = vec![(
        format!("/{}", planner_query(&form.plan)),
        "Back to the plan".to_owned(),
    )];
    let plan = match plan_from_form(&form.plan, &back) {
        Ok(plan) => plan,
        Err(refusal) => return *refusal,
    };
    match sharing::create(&state.database, &state.price_book.get(), &plan, None).await {
        Ok(created) => {
            tracing::info!(plan_id = %created.id, "plan saved from the planner");
            to_new_plan(&created)
        }
        Err(error) => failure(error, &back),
    }
}

/// The plan a form carries in the planner's address form, or the page saying why it cannot be
/// saved (422), with `links` back to the user's work.
fn plan_from_form(
    encoded: &str,
    links: &[(String, String)],
) -> Result<planner::Plan, Box<Response>> {
    plan_from_address(Some(encoded)).map_err(|error| {
        Box::new(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            page::render_message(
                "Not saved",
                &format!("This plan cannot be saved: {}.", error.message),
                links,
            ),
        ))
    })
}

fn planner_query(encoded: &str) -> String {
    let safe = encoded
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if safe {
        app::pages::planner_page::draft::query_string(encoded)
    } else {
        String::new()
    }
}

#[derive(Deserialize)]
pub struct RevisionForm {
    #[serde(default)]
    plan: String,
    #[serde(default)]
    revision: String,
    #[serde(default)]
    edit_token: String,
}

/// `POST /p/{id}`: save the planner's plan as the next revision of plan `id`.
pub async fn save_revision(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(form): Form<RevisionForm>,
) -> Response {
    let links = vec![
        (
            format!("/{}", planner_query(&form.plan)),
            "Your version, in the planner (save it as a new plan if you like)".to_owned(),
        ),
        (format!("/p/{id}"), "The plan as saved now".to_owned()),
    ];
    let plan = match plan_from_form(&form.plan, &links) {
        Ok(plan) => plan,
        Err(refusal) => return *refusal,
    };
    let revision = form.revision.trim().parse::<i64>().ok();
    let saved = match sharing::authorized(&state.database, &id, Some(form.edit_token.trim())).await
    {
        Ok(record) => {
            sharing::update(
                &state.database,
                &state.price_book.get(),
                &record,
                revision,
                &plan,
            )
            .await
        }
        Err(error) => Err(error),
    };
    match saved {
        Ok(revision) => {
            tracing::info!(plan_id = %id, revision, "plan revised from the planner");
            Redirect::to(&format!("/p/{id}")).into_response()
        }
        Err(error) => failure(error, &links),
    }
}

/// `POST /p/{id}/fork`: copy the plan into a new one owned by whoever forks it.
pub async fn fork(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match sharing::fork(&state.database, &state.price_book.get(), &id).await {
        Ok((created, revision)) => {
            tracing::info!(plan_id = %created.id, from = %id, revision, "plan forked from its page");
            to_new_plan(&created)
        }
        Err(error) => failure(
            error,
            &[(format!("/p/{id}"), "Back to the plan".to_owned())],
        ),
    }
}

#[derive(Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    edit_token: String,
}

/// `POST /p/{id}/delete`: delete the plan, with its edit token.
pub async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(form): Form<DeleteForm>,
) -> Response {
    let deleted =
        match sharing::authorized(&state.database, &id, Some(form.edit_token.trim())).await {
            Ok(record) => sharing::delete(&state.database, &record).await,
            Err(error) => Err(error),
        };
    match deleted {
        Ok(()) => {
            tracing::info!(plan_id = %id, "plan deleted from its page");
            html(
                StatusCode::OK,
                page::render_message(
                    "Plan deleted",
                    "The plan and its whole history are deleted; its links now lead nowhere.",
                    &[("/".to_owned(), "Plan a deployment".to_owned())],
                ),
            )
        }
        Err(error) => failure(
            error,
            &[(format!("/p/{id}"), "Back to the plan".to_owned())],
        ),
    }
}
