//! The JSON error every `/api/` endpoint answers with:
//! `{"error": {"code": "...", "message": "...", "path": "..."}}`.
//!
//! `code` is a stable machine-readable word, `message` a sentence for people and `path` (when
//! the error concerns one field of the request body) the JSON path of that field. Server-side
//! failures are logged with their detail and answered with a generic message.

use axum::Json;
use axum::response::{IntoResponse, Response};
use http::header::{ETAG, WWW_AUTHENTICATE};
use http::{Method, StatusCode, Uri};
use serde::Serialize;

use crate::sharing::SharingError;

/// Every `code` the API answers with: one stable word per kind of failure, in the OpenAPI
/// document as an enumeration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    // The request itself.
    UnsupportedMediaType,
    BodyTooLarge,
    UnreadableBody,
    MalformedJson,
    InvalidQuery,
    InvalidPlanParameter,
    InvalidIfMatch,
    UnknownFilter,
    // The plan (`planner::PlanError::code`).
    InvalidJson,
    OutOfRange,
    UnknownValue,
    Conflict,
    UnsupportedVersion,
    // The app config.
    InvalidFramework,
    FrameworkNotApplicable,
    // Saved plans.
    NotFound,
    EditTokenMissing,
    EditTokenWrong,
    IfMatchMissing,
    RevisionStale,
    RevisionLimit,
    // Limits and our own failures.
    RateLimited,
    Internal,
}

impl ErrorCode {
    /// The code of a plan error: `planner::PlanError::code` names one of
    /// `planner::plan::PLAN_ERROR_CODES`, each of which has its variant here.
    pub fn of_plan_error(code: &str) -> ErrorCode {
        match code {
            "malformed_json" => ErrorCode::MalformedJson,
            "out_of_range" => ErrorCode::OutOfRange,
            "unknown_value" => ErrorCode::UnknownValue,
            "conflict" => ErrorCode::Conflict,
            "unsupported_version" => ErrorCode::UnsupportedVersion,
            _ => ErrorCode::InvalidJson,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub message: String,
    pub path: Option<String>,
    /// For a write made from a stale revision (412): the revision that is current.
    pub current_revision: Option<i64>,
    /// Headers the answer carries besides the body (`Retry-After`, `ETag`, `WWW-Authenticate`).
    pub headers: Vec<(http::HeaderName, String)>,
}

/// The error body every endpoint answers with (also its OpenAPI schema).
#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorResponse {
    pub error: ErrorDetail,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// A stable machine-readable word, e.g. `revision_stale`.
    pub code: ErrorCode,
    /// A sentence for people.
    pub message: String,
    /// The JSON path (or header) the error is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// With 412: the revision that is current.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_revision: Option<i64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            path: None,
            current_revision: None,
            headers: Vec::new(),
        }
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, message)
    }

    /// A failure on our side: the detail goes to the log, the client gets a generic message.
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        tracing::error!(%detail, "internal error");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "internal server error",
        )
    }

    /// Names the JSON path of the field the error is about.
    pub fn at(mut self, path: impl Into<String>) -> ApiError {
        self.path = Some(path.into());
        self
    }

    /// Adds a header to the answer.
    pub fn with_header(mut self, name: http::HeaderName, value: impl Into<String>) -> ApiError {
        self.headers.push((name, value.into()));
        self
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorResponse {
            error: ErrorDetail {
                code: self.code,
                message: self.message,
                path: self.path,
                current_revision: self.current_revision,
            },
        };
        let mut response = (self.status, Json(body)).into_response();
        for (name, value) in self.headers {
            if let Ok(value) = http::HeaderValue::from_str(&value) {
                response.headers_mut().insert(name, value);
            }
        }
        response
    }
}

/// Any `/api/` path no endpoint serves.
pub async fn api_not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::not_found(format!("no API endpoint for {method} {}", uri.path()))
}

/// `Query<T>` for `/api/` handlers: a query string that does not decode is answered with the
/// JSON error shape (400 `invalid_query`, naming the parameter as axum's message does), not
/// axum's plain-text rejection.
pub struct ApiQuery<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| ApiQuery(value))
            .map_err(|rejection| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    ErrorCode::InvalidQuery,
                    rejection.body_text(),
                )
                .at("query")
            })
    }
}

/// An entity tag naming a revision: `"3"`.
pub fn etag(revision: i64) -> String {
    format!("\"{revision}\"")
}

/// How the saved-plans API answers each sharing failure.
impl From<SharingError> for ApiError {
    fn from(error: SharingError) -> ApiError {
        let message = error.to_string();
        match error {
            SharingError::NotFound => ApiError::not_found(message),
            SharingError::RevisionNotFound { .. } => ApiError::not_found(message),
            SharingError::TokenMissing => ApiError::new(
                StatusCode::UNAUTHORIZED,
                ErrorCode::EditTokenMissing,
                message,
            )
            .with_header(WWW_AUTHENTICATE, "Bearer realm=\"regionwise\""),
            SharingError::TokenWrong => {
                ApiError::new(StatusCode::FORBIDDEN, ErrorCode::EditTokenWrong, message)
            }
            SharingError::RevisionMissing => ApiError::new(
                StatusCode::PRECONDITION_REQUIRED,
                ErrorCode::IfMatchMissing,
                message,
            ),
            SharingError::Stale {
                current_revision, ..
            } => {
                let mut error = ApiError::new(
                    StatusCode::PRECONDITION_FAILED,
                    ErrorCode::RevisionStale,
                    message,
                )
                .with_header(ETAG, etag(current_revision));
                error.current_revision = Some(current_revision);
                error
            }
            SharingError::RevisionLimit { .. } => {
                ApiError::new(StatusCode::CONFLICT, ErrorCode::RevisionLimit, message)
            }
            SharingError::Unreadable { .. }
            | SharingError::Random(_)
            | SharingError::Storage(_) => ApiError::internal(message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn every_plan_error_code_has_its_own_api_code() {
        for code in planner::plan::PLAN_ERROR_CODES {
            let api = serde_json::to_value(ErrorCode::of_plan_error(code)).unwrap();
            assert_eq!(api, code, "PlanError code {code}");
        }
    }
}
