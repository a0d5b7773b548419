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
    /// For a write made from a stale revision (412): the revision that is current.
    pub current_revision: Option<i64>,
    /// Headers the answer carries besides the body (`Retry-After`, `ETag`, `WWW-Authenticate`).
    pub headers: Vec<(http::HeaderName, String)>,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    current_revision: Option<i64>,
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
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: &self.message,
                path: self.path.as_deref(),
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
