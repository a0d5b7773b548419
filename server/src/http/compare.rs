//! Two plans side by side over HTTP (`planner::side_by_side`):
//!
//! - `GET /compare?a=…&b=…`: the page, both diagrams, the figures and the cost difference
//!   (`app::pages::compare_page`); without both sides, a form asking for them.
//! - `GET /api/v1/compare-plans?a=…&b=…`: the same comparison as JSON.
//!
//! Each side names a saved plan — `ID`, `ID@N` for its revision N, or its share page's
//! address (`/p/ID?revision=N`) — or a plan as the planner carries it in its address (the
//! planner's whole address, or the bare value of its `plan` parameter after `plan=`). An error
//! names the side (`a` or `b`, then the plan's field when the plan itself is invalid).

use axum::Json;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use http::StatusCode;
use planner::{Plan, SideBySide};
use serde::Deserialize;

use super::error::{ApiError, ErrorCode};
use super::extract::plan_from_address;
use crate::AppState;
use crate::sharing;

/// What one side of a comparison names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reference {
    /// A saved plan, at its current revision or at `revision`.
    Saved { id: String, revision: Option<i64> },
    /// A plan as the planner's address carries it (`None`: the default plan).
    Address(Option<String>),
}

/// The longest reference accepted (a planner address of the largest plan fits).
const MAX_REFERENCE_LENGTH: usize = 16_384;

/// Reads what a side names, or says why it names nothing.
pub fn parse_reference(text: &str) -> Result<Reference, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("is empty: name a saved plan (ID, or ID@N for revision N), its share page's address, or a planner address".to_owned());
    }
    if text.len() > MAX_REFERENCE_LENGTH {
        return Err(format!("is longer than {MAX_REFERENCE_LENGTH} characters"));
    }
    let without_fragment = text.split('#').next().unwrap_or(text);
    let (path, query) = without_fragment
        .split_once('?')
        .unwrap_or((without_fragment, ""));
    let parameter = |name: &str| {
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))
    };
    if let Some(encoded) = path.strip_prefix("plan=") {
        return Ok(Reference::Address(Some(encoded.to_owned())));
    }
    if let Some((_, rest)) = path.split_once("/p/") {
        let id = rest.split('/').next().unwrap_or_default().to_owned();
        let revision = parameter("revision").map(parse_revision).transpose()?;
        return Ok(Reference::Saved { id, revision });
    }
    if path.contains("://") || path.starts_with('/') {
        return Ok(Reference::Address(
            parameter("plan")
                .map(str::to_owned)
                .filter(|value| !value.is_empty()),
        ));
    }
    match path.split_once('@') {
        Some((id, number)) => Ok(Reference::Saved {
            id: id.to_owned(),
            revision: Some(parse_revision(number)?),
        }),
        None => Ok(Reference::Saved {
            id: path.to_owned(),
            revision: None,
        }),
    }
}

fn parse_revision(number: &str) -> Result<i64, String> {
    number
        .parse::<i64>()
        .ok()
        .filter(|number| *number >= 1)
        .ok_or_else(|| format!("names revision `{number}`: a revision is a whole number from 1"))
}

/// The plan side `name` (`a` or `b`) refers to, with the label the comparison shows.
async fn resolve(state: &AppState, name: &str, text: &str) -> Result<(String, Plan), ApiError> {
    let reference = parse_reference(text).map_err(|message| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidQuery,
            format!("{name} {message}"),
        )
        .at(name)
    })?;
    match reference {
        Reference::Saved { id, revision } => {
            let saved = match revision {
                Some(number) => sharing::load_revision(&state.database, &id, number).await,
                None => sharing::load(&state.database, &id).await,
            }
            .map_err(|error| {
                let error = ApiError::from(error);
                let message = format!("{name}: {}", error.message);
                ApiError { message, ..error }.at(name)
            })?;
            let label = format!("{}@{}", saved.record.id, saved.revision.revision);
            Ok((label, saved.plan))
        }
        Reference::Address(encoded) => {
            let plan = plan_from_address(encoded.as_deref()).map_err(|error| {
                let path = match error.path.as_deref() {
                    Some("plan") | None => name.to_owned(),
                    Some(field) => format!("{name}.{field}"),
                };
                let message = format!("{name}: {}", error.message);
                ApiError { message, ..error }.at(path)
            })?;
            Ok(("planner address".to_owned(), plan))
        }
    }
}

#[derive(Deserialize)]
pub struct CompareQuery {
    a: Option<String>,
    b: Option<String>,
}

/// Both sides resolved and compared (off the async threads).
async fn compared(state: &AppState, a: &str, b: &str) -> Result<SideBySide, ApiError> {
    let (a_label, a_plan) = resolve(state, "a", a).await?;
    let (b_label, b_plan) = resolve(state, "b", b).await?;
    let prices = state.price_book.get();
    Ok(state
        .compute
        .run(move || planner::side_by_side((&a_label, &a_plan), (&b_label, &b_plan), &prices))
        .await)
}

fn required<'a>(value: &'a Option<String>, name: &str) -> Result<&'a str, ApiError> {
    value.as_deref().ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidQuery,
            format!("{name} is missing: name a saved plan (ID, or ID@N for revision N), its share page's address, or a planner address"),
        )
        .at(name)
    })
}

/// `GET /api/v1/compare-plans?a=…&b=…`.
#[utoipa::path(
    get, path = "/api/v1/compare-plans", tag = "plans", operation_id = "compare_plans",
    params(
        ("a" = String, Query, description = "The first plan: a saved plan's id, `ID@N` for its revision N, its share page's address, or a planner address (or the value of its `plan` parameter after `plan=`)"),
        ("b" = String, Query, description = "The second plan, named the same ways"),
    ),
    responses(
        (status = 200, description = "Both plans' figures against one set of targets (the first plan's, else the second's), what changed, the cost lines that differ (largest first) and the choice", body = Object),
        (status = 400, description = "A side missing or naming nothing: `path` is `a` or `b`", body = super::error::ErrorResponse),
        (status = 404, description = "A saved plan or revision that does not exist: `path` names the side", body = super::error::ErrorResponse),
        (status = 422, description = "A planner address whose plan is invalid: `path` is the side, then the field", body = super::error::ErrorResponse),
        (status = 429, description = "Too many estimates and downloads from this address", body = super::error::ErrorResponse),
    )
)]
pub async fn compare_plans(
    State(state): State<AppState>,
    Query(query): Query<CompareQuery>,
) -> Result<Json<SideBySide>, ApiError> {
    let a = required(&query.a, "a")?;
    let b = required(&query.b, "b")?;
    Ok(Json(compared(&state, a, b).await?))
}

/// `GET /compare?a=…&b=…`: the page; a form when a side is missing or names nothing.
pub async fn page(State(state): State<AppState>, Query(query): Query<CompareQuery>) -> Response {
    use app::pages::compare_page;
    let html = |status: StatusCode, body: String| {
        (
            status,
            [(
                http::header::CONTENT_SECURITY_POLICY,
                compare_page::CONTENT_SECURITY_POLICY,
            )],
            Html(body),
        )
            .into_response()
    };
    let (a, b) = (
        query.a.clone().unwrap_or_default(),
        query.b.clone().unwrap_or_default(),
    );
    if a.trim().is_empty() || b.trim().is_empty() {
        return html(StatusCode::OK, compare_page::render_form(&a, &b, None));
    }
    match compared(&state, &a, &b).await {
        Ok(compared) => {
            let body = state
                .compute
                .run(move || compare_page::render(&compared))
                .await;
            html(StatusCode::OK, body)
        }
        Err(error) => html(
            error.status,
            compare_page::render_form(&a, &b, Some(&error.message)),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved(id: &str, revision: Option<i64>) -> Reference {
        Reference::Saved {
            id: id.to_owned(),
            revision,
        }
    }

    #[test]
    fn every_way_of_naming_a_plan_is_read() {
        assert_eq!(parse_reference("abc").unwrap(), saved("abc", None));
        assert_eq!(parse_reference(" abc@3 ").unwrap(), saved("abc", Some(3)));
        assert_eq!(
            parse_reference("https://regionwise.example/p/abc?revision=2#edit=x").unwrap(),
            saved("abc", Some(2))
        );
        assert_eq!(parse_reference("/p/abc").unwrap(), saved("abc", None));
        assert_eq!(
            parse_reference("http://127.0.0.1:3000/?plan=eyJh&saved=x").unwrap(),
            Reference::Address(Some("eyJh".to_owned()))
        );
        assert_eq!(
            parse_reference("plan=eyJh").unwrap(),
            Reference::Address(Some("eyJh".to_owned()))
        );
        assert_eq!(parse_reference("/").unwrap(), Reference::Address(None));
    }

    #[test]
    fn a_reference_naming_nothing_says_why() {
        assert!(parse_reference("  ").unwrap_err().starts_with("is empty"));
        assert!(
            parse_reference("abc@x")
                .unwrap_err()
                .contains("revision `x`")
        );
        assert!(
            parse_reference("abc@0")
                .unwrap_err()
                .contains("revision `0`")
        );
        assert!(
            parse_reference("/p/abc?revision=-1")
                .unwrap_err()
                .contains("revision `-1`")
        );
    }
}
