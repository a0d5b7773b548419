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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub path: Option<String>,
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            path: None,
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
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: &self.message,
                path: self.path.as_deref(),
            },
        };
        (self.status, Json(body)).into_response()
    }
}

/// Any `/api/` path no endpoint serves.
pub async fn api_not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::not_found(format!("no API endpoint for {method} {}", uri.path()))
}
