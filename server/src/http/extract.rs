//! What the API's handlers read from a request, in one place: a plan from a JSON body or from
//! the planner page's `?plan=` address parameter, the edit token (`Authorization: Bearer`), the
//! revision `If-Match` names (its tag, `etag`, is written by `error.rs`, which answers a stale
//! write with it), and the origin of the links we answer with. Each failure is an
//! [`ApiError`] with its code and, where it concerns one field or header, its path.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use http::header::{AUTHORIZATION, CONTENT_TYPE, IF_MATCH};
use http::{HeaderMap, StatusCode};
use planner::{Plan, PlanError};

use super::error::{ApiError, ErrorCode};
use crate::AppState;

/// The largest request body the API reads.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Decodes and validates a plan from a JSON request body.
pub fn plan_from_request(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Plan, ApiError> {
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case("application/json") {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            format!("send the plan as application/json (got `{content_type}`)"),
        ));
    }
    let body = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::BodyTooLarge,
                format!("the request body exceeds {MAX_BODY_BYTES} bytes"),
            )
        } else {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::UnreadableBody,
                rejection.body_text(),
            )
        }
    })?;
    let text = std::str::from_utf8(&body).map_err(|err| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::MalformedJson,
            format!("the body is not UTF-8: {err}"),
        )
    })?;
    Plan::from_json(text).map_err(plan_error)
}

fn plan_error(error: PlanError) -> ApiError {
    let code = ErrorCode::of_plan_error(error.code);
    let status = if code == ErrorCode::MalformedJson {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let api_error = ApiError::new(status, code, error.message);
    if error.path.is_empty() {
        api_error
    } else {
        api_error.at(error.path)
    }
}

/// Decodes and validates a plan carried as the planner page's `?plan=` parameter.
pub fn plan_from_address(parameter: Option<&str>) -> Result<Plan, ApiError> {
    use app::pages::planner_page::draft;
    let document = draft::from_parameter(parameter).map_err(|message| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::InvalidPlanParameter,
            message,
        )
        .at("plan")
    })?;
    draft::parse(&document).map_err(plan_error)
}

/// The query of the endpoints that take a plan in the address: `?plan=…`.
#[derive(serde::Deserialize)]
pub struct AddressQuery {
    pub plan: Option<String>,
}

/// The bearer token of `Authorization`, if any.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The revision `If-Match` names (the inverse of [`super::error::etag`]): `"3"` (or `W/"3"`,
/// or a bare `3`). Absent: `None`; present but not one revision: a 400 naming the header.
pub fn if_match_revision(headers: &HeaderMap) -> Result<Option<i64>, ApiError> {
    let Some(value) = headers.get(IF_MATCH) else {
        return Ok(None);
    };
    let text = value.to_str().unwrap_or("").trim();
    let tag = text.strip_prefix("W/").unwrap_or(text).trim_matches('"');
    tag.parse::<i64>()
        .ok()
        .filter(|revision| *revision >= 1)
        .map(Some)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidIfMatch,
                format!(
                    "If-Match must name one revision, like \"3\" (got `{text}`); a saved plan's ETag is its revision"
                ),
            )
            .at("If-Match")
        })
}

/// The origin of the links we return: `REGIONWISE_PUBLIC_URL`, else nothing, so links are
/// relative to wherever the client reached us. The request's `Host` is never used: a client
/// could put anything there (and behind TLS the scheme would be wrong anyway), and it would
/// split the render cache by a value the client chooses.
pub fn origin(state: &AppState) -> String {
    state.public_url.clone().unwrap_or_default()
}
