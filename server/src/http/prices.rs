//! `GET /api/v1/prices?region=&service=`: the entries of the price book the server estimates
//! with — each with its AWS product (service code, usage type, unit, SKU), its USD price, its
//! source (`snapshot`, `live`, `offer_file`), the date it took effect, and whether a real AWS
//! record backs it (`verified: false` is an estimate) — with the share of the example plans'
//! dollars that AWS records back, and the report of the refresh that made the book (each line
//! refreshed with its SKU, or kept and why), filtered like the entries.
//!
//! A region that is neither a catalog region nor `global`, or a service code the book does
//! not price, is a 422 naming the parameter and listing what it may be.

use std::collections::BTreeSet;

use axum::Json;
use axum::extract::State;
use http::StatusCode;
use planner::PriceEntry;
use planner::catalog::REGIONS;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::ApiQuery;
use super::error::{ApiError, ErrorCode};
use super::plans::PriceBookRef;
use crate::AppState;

/// The region code of prices that apply everywhere (Route 53, Global Accelerator).
const GLOBAL: &str = "global";

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PriceFilter {
    /// A catalog region code (`eu-west-1`) or `global`.
    region: Option<String>,
    /// An AWS service code (`AmazonRDS`).
    service: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PriceList {
    /// The book the entries belong to.
    pub price_book: PriceBookRef,
    /// How many entries match.
    pub count: usize,
    /// Of those, how many no real AWS record backs.
    pub estimated: usize,
    #[schema(value_type = Vec<Object>)]
    pub entries: Vec<PriceEntry>,
    /// Share of the example plans' dollars (one per deployment pattern) that AWS records back.
    #[schema(value_type = String, example = "84.2")]
    pub examples_backed_by_aws_records_percent: planner::Decimal,
    /// The refresh or import that made this version (absent for the bundled snapshot).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh: Option<RefreshReport>,
}

/// A refresh's report, for the entries asked for.
#[derive(Debug, Serialize, ToSchema)]
pub struct RefreshReport {
    pub records_read: u64,
    /// Each line: `outcome` `refreshed` (with `sku`) or `kept` (with `reason`: `no_product`,
    /// `several_products`, `unit_mismatch` or `not_in_price_list`, and `detail`).
    #[schema(value_type = Vec<Object>)]
    pub lines: Vec<crate::prices::assemble::LineReport>,
    /// The example plans' backed share before and after the refresh.
    #[schema(value_type = Vec<Object>)]
    pub bill_backing: Vec<crate::prices::backing::PlanBacking>,
    /// Lines (of the whole book) given Compute Savings Plans rates from AWS's Savings Plans
    /// price list.
    pub savings_plan_lines: usize,
    /// Why the refresh could not read the Savings Plans price list (Fargate's commitment rates
    /// then stayed as they were).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub savings_plans_problem: Option<String>,
}

/// The price book's entries, optionally for one region and one service.
#[utoipa::path(
    get, path = "/api/v1/prices", tag = "estimates", operation_id = "list_prices",
    params(PriceFilter),
    responses(
        (status = 200, description = "The matching entries, each with its source and date", body = PriceList),
        (status = 422, description = "Unknown region or service: `path` names the parameter", body = super::error::ErrorResponse),
    )
)]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(filter): ApiQuery<PriceFilter>,
) -> Result<Json<PriceList>, ApiError> {
    let in_use = state.price_book.in_use();
    let book = &in_use.book;
    if let Some(region) = filter.region.as_deref()
        && region != GLOBAL
        && !REGIONS.iter().any(|known| known.code == region)
    {
        let codes: Vec<&str> = REGIONS.iter().map(|known| known.code).collect();
        return Err(unknown(
            "region",
            format!(
                "no region `{region}`: use `{GLOBAL}` or one of {}",
                codes.join(", ")
            ),
        ));
    }
    let services: BTreeSet<&str> = book
        .entries()
        .iter()
        .map(|entry| entry.service_code.as_str())
        .collect();
    if let Some(service) = filter.service.as_deref()
        && !services.contains(service)
    {
        let known: Vec<&str> = services.into_iter().collect();
        return Err(unknown(
            "service",
            format!(
                "the price book has no service `{service}`: one of {}",
                known.join(", ")
            ),
        ));
    }
    let wanted = |region: &str, service: &str| {
        filter.region.as_deref().is_none_or(|want| region == want)
            && filter.service.as_deref().is_none_or(|want| service == want)
    };
    let entries: Vec<PriceEntry> = book
        .entries()
        .iter()
        .filter(|entry| wanted(&entry.region, &entry.service_code))
        .cloned()
        .collect();
    let refresh = in_use.report.as_ref().map(|report| RefreshReport {
        records_read: report.records_read,
        lines: report
            .lines
            .iter()
            .filter(|line| wanted(&line.region, &line.service_code))
            .cloned()
            .collect(),
        bill_backing: report.bill_backing.clone(),
        savings_plan_lines: report.savings_plan_lines,
        savings_plans_problem: report.savings_plans_problem.clone(),
    });
    Ok(Json(PriceList {
        price_book: PriceBookRef {
            version: book.version.clone(),
            as_of: book.as_of.clone(),
        },
        count: entries.len(),
        estimated: entries.iter().filter(|entry| !entry.verified).count(),
        entries,
        examples_backed_by_aws_records_percent: in_use.examples_backed_percent,
        refresh,
    }))
}

fn unknown(parameter: &'static str, message: String) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::UnknownFilter,
        message,
    )
    .at(parameter)
}
