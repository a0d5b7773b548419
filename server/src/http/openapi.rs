//! The OpenAPI 3.1 document of the JSON API, served at `GET /api/v1/openapi.json`.
//!
//! It is generated from the handlers' `#[utoipa::path]` attributes and the response types'
//! `ToSchema` derives, so it cannot drift from the code. Plans and estimates are described as
//! objects here: their fields are documented by `GET /api/v1/catalog` (whose `example_plan` is
//! a complete plan) and validated by the server, which names the offending field.

use std::sync::LazyLock;

use axum::response::IntoResponse;
use http::header::CONTENT_TYPE;
use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

use super::{api, plans};

/// The error body every endpoint answers with.
#[derive(Serialize, ToSchema)]
pub struct ErrorResponse {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// A stable machine-readable word, e.g. `revision_stale`.
    pub code: String,
    pub message: String,
    /// The JSON path (or header) the error is about.
    pub path: Option<String>,
    /// With 412: the revision that is current.
    pub current_revision: Option<i64>,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Regionwise API",
        description = "Estimate multi-region AWS deployments, export their Terraform and app config, and save and share plans.",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    paths(
        api::estimate,
        api::compare,
        api::terraform,
        api::catalog,
        plans::create,
        plans::read,
        plans::update,
        plans::delete,
        plans::fork,
        plans::revisions,
        plans::revision,
        plans::terraform,
        plans::rwsplit,
    ),
    components(schemas(ErrorResponse, ErrorDetail)),
    modifiers(&EditToken),
    tags(
        (name = "estimates", description = "Plans in, estimates and artefacts out; nothing is stored"),
        (name = "plans", description = "Saved plans: anyone with the id reads, the edit token writes"),
    )
)]
struct ApiDoc;

/// Declares the edit token as a bearer scheme.
struct EditToken;

impl Modify for EditToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "edit_token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "The plan's edit token, returned once when the plan is saved or forked",
                    ))
                    .build(),
            ),
        );
    }
}

static DOCUMENT: LazyLock<String> = LazyLock::new(|| {
    let mut document = ApiDoc::openapi();
    document.info.version = env!("CARGO_PKG_VERSION").to_owned();
    document.to_json().expect("the OpenAPI document serialises")
});

/// The document, for tests and tools.
pub fn document() -> &'static str {
    &DOCUMENT
}

/// `GET /api/v1/openapi.json`.
pub async fn serve() -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json")], document())
}
