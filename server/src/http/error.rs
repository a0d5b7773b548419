//! The JSON error every `/api/` endpoint answers with:
//! `{"error": {"code": "...", "message": "...", "path": "..."}}`.
//!
//! `code` is a stable machine-readable word, `message` a sentence for people and `path` (when
//! the error concerns one field of the request body) the JSON path of that field. Server-side
//! failures are logged with their detail and answered with a generic message.

use axum::Json;
use axum::response::{IntoResponse, Response};
use http::{Method, StatusCode, Uri};
use serde::Serialize;

use crate::sharing::SharingError;
use http::header::{ETAG, WWW_AUTHENTICATE};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
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
    pub code: &'static str,
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
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
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
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// A failure on our side: the detail goes to the log, the client gets a generic message.
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        tracing::error!(%detail, "internal error");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
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
                    "invalid_query",
                    rejection.body_text(),
                )
                .at("query")
            })
    }
}

/// How the saved-plans API answers each sharing failure.
impl From<SharingError> for ApiError {
    fn from(error: SharingError) -> ApiError {
        let message = error.to_string();
        match error {
            SharingError::NotFound => ApiError::not_found(message),
            SharingError::RevisionNotFound { .. } => ApiError::not_found(message),
            SharingError::TokenMissing => {
                ApiError::new(StatusCode::UNAUTHORIZED, "edit_token_missing", message)
                    .with_header(WWW_AUTHENTICATE, "Bearer realm=\"regionwise\"")
            }
            SharingError::TokenWrong => {
                ApiError::new(StatusCode::FORBIDDEN, "edit_token_wrong", message)
            }
            SharingError::RevisionMissing => ApiError::new(
                StatusCode::PRECONDITION_REQUIRED,
                "if_match_missing",
                message,
            ),
            SharingError::Stale {
                current_revision, ..
            } => {
                let mut error =
                    ApiError::new(StatusCode::PRECONDITION_FAILED, "revision_stale", message)
                        .with_header(ETAG, super::extract::etag(current_revision));
                error.current_revision = Some(current_revision);
                error
            }
            SharingError::RevisionLimit { .. } => {
                ApiError::new(StatusCode::CONFLICT, "revision_limit", message)
            }
            SharingError::Unreadable { .. }
            | SharingError::Random(_)
            | SharingError::Storage(_) => ApiError::internal(message),
        }
    }
}
