//! The OpenAPI 3.1 document of the JSON API, served at `GET /api/v1/openapi.json`.
//!
//! It is generated from the handlers' `#[utoipa::path]` attributes and the response types'
//! `ToSchema` derives, so it cannot drift from the code. Plans and estimates are described as
//! objects here: their fields are documented by `GET /api/v1/catalog` (whose `example_plan` is
//! a complete plan) and validated by the server, which names the offending field.

use std::sync::LazyLock;

use axum::response::IntoResponse;
use http::header::CONTENT_TYPE;
use planner::DeploymentPattern;
use planner::catalog::{
    INSTANCE_CLASSES, MAX_READERS_PER_REGION, MAX_SECONDARY_REGIONS, MAX_STORAGE_GB, REGIONS,
};
use planner::plan::{
    CapacityMode, DatabaseEngine, PaymentOption, PurchaseTerm, Routing, StorageMode,
};
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Ref, RefOr};
use utoipa::{Modify, OpenApi};

use super::{api, app_config, compare, plans, prices};

use super::error::{ErrorCode, ErrorDetail, ErrorResponse};

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
        api::terraform_from_address,
        app_config::from_body,
        app_config::from_address,
        app_config::zip_from_address,
        api::catalog,
        prices::list,
        plans::create,
        plans::read,
        plans::update,
        plans::delete,
        plans::fork,
        plans::edit_access,
        plans::revisions,
        plans::revision,
        plans::terraform,
        plans::rwsplit,
        compare::compare_plans,
    ),
    components(schemas(ErrorResponse, ErrorDetail, ErrorCode)),
    modifiers(&EditToken, &PlanSchema),
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

/// Describes a plan's main fields from the catalog (patterns, regions, instance classes and
/// limits) as the `Plan` schema, and makes it the body of every endpoint that takes a plan.
/// Rules across fields (a single-region plan has no secondary regions, a region is not both
/// primary and secondary) are the server's to check; it names the field it rejects.
struct PlanSchema;

fn enumeration(values: impl IntoIterator<Item = String>) -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values))
        .into()
}

fn integer(minimum: u32, maximum: u32) -> Schema {
    ObjectBuilder::new()
        .schema_type(Type::Integer)
        .minimum(Some(minimum))
        .maximum(Some(maximum))
        .into()
}

fn plan_schema() -> Schema {
    let region_codes = || REGIONS.iter().map(|region| region.code.to_owned());
    let patterns = DeploymentPattern::ALL.map(|pattern| pattern.slug().to_owned());
    let database = ObjectBuilder::new()
        .property(
            "engine",
            enumeration(DatabaseEngine::ALL.map(|engine| engine.slug().to_owned())),
        )
        .property(
            "storage_mode",
            enumeration(StorageMode::ALL.map(|mode| mode.slug().to_owned())),
        )
        .property(
            "instance_class",
            enumeration(INSTANCE_CLASSES.iter().map(|class| class.name.to_owned())),
        )
        .property("readers_per_region", integer(0, MAX_READERS_PER_REGION))
        .property("storage_gb", integer(1, MAX_STORAGE_GB))
        .property(
            "read_consistency",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(["strong", "eventual"]))
                .description(Some(
                    "DynamoDB only: strongly consistent reads take a read unit each (default), eventually consistent ones half a unit.",
                )),
        )
        .property(
            "capacity_mode",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(CapacityMode::ALL.map(|mode| mode.slug())))
                .description(Some(
                    "DynamoDB only: on_demand (default) bills each request; provisioned keeps capacity units sized for the workload at 70 % utilisation under auto scaling, which reserved capacity can discount.",
                )),
        )
        .property(
            "managed_rpo_seconds",
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(20))
                .maximum(Some(86_400))
                .description(Some(
                    "Aurora PostgreSQL only: Aurora's managed RPO (rds.global_db_rpo) in seconds; unset, replication lag has no bound.",
                )),
        )
        .required("instance_class");
    ObjectBuilder::new()
        .description(Some(
            "A deployment plan. Its main fields are listed here; GET /api/v1/catalog describes every field and gives a complete example_plan.",
        ))
        .property(
            "name",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(120)),
        )
        .property(
            "description",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(2_000))
                .description(Some("Optional notes; line breaks allowed.")),
        )
        .property("pattern", enumeration(patterns))
        .property("primary_region", enumeration(region_codes()))
        .property(
            "secondary_regions",
            ArrayBuilder::new()
                .items(RefOr::T(enumeration(region_codes())))
                .max_items(Some(MAX_SECONDARY_REGIONS))
                .unique_items(true),
        )
        .property("database", database)
        .property(
            "routing",
            enumeration(Routing::ALL.map(|routing| routing.slug().to_owned())),
        )
        .property(
            "data_home_region",
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(region_codes()))
                .description(Some(
                    "Where the Terraform bundle keeps the data's global pieces (default: the primary region). Saving a plan whose primary moved keeps the previous home here.",
                )),
        )
        .property(
            "purchasing",
            ObjectBuilder::new()
                .description(Some(
                    "How the steady capacity is bought: on-demand (default), or Aurora reserved instances and a Compute Savings Plan for Fargate. The estimate amortises upfront fees over the term.",
                ))
                .property(
                    "term",
                    enumeration(PurchaseTerm::ALL.map(|term| term.slug().to_owned())),
                )
                .property(
                    "payment",
                    enumeration(PaymentOption::ALL.map(|option| option.slug().to_owned())),
                )
                .property("coverage_percent", integer(0, 100)),
        )
        .required("pattern")
        .required("primary_region")
        .required("secondary_regions")
        .required("database")
        .into()
}

impl Modify for PlanSchema {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        openapi
            .components
            .get_or_insert_with(Default::default)
            .schemas
            .insert("Plan".to_owned(), RefOr::T(plan_schema()));
        for item in openapi.paths.paths.values_mut() {
            for operation in [&mut item.post, &mut item.put].into_iter().flatten() {
                let Some(body) = operation.request_body.as_mut() else {
                    continue;
                };
                if let Some(content) = body.content.get_mut("application/json") {
                    content.schema = Some(RefOr::Ref(Ref::from_schema_name("Plan")));
                }
            }
        }
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
