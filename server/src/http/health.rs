//! Health endpoints for load balancers and orchestrators.
//!
//! - `GET /healthz` — liveness: the process answers. Never touches the database.
//! - `GET /readyz` — readiness: the database answers, its schema is current and a price book is
//!   loaded. 200 when all hold, 503 otherwise; the body says which check failed.

use axum::Json;
use axum::extract::State;
use http::StatusCode;
use serde::Serialize;

use crate::AppState;
use crate::db::MigrationStatus;

#[derive(Debug, Serialize)]
pub struct Liveness {
    pub status: &'static str,
    pub service: &'static str,
    pub version: &'static str,
}

pub async fn liveness() -> Json<Liveness> {
    Json(Liveness {
        status: "ok",
        service: "regionwise",
        version: env!("CARGO_PKG_VERSION"),
    })
}

#[derive(Debug, Serialize)]
pub struct Readiness {
    /// `ready` or `not_ready`.
    pub status: &'static str,
    pub checks: ReadinessChecks,
}

#[derive(Debug, Serialize)]
pub struct ReadinessChecks {
    pub database: DatabaseCheck,
    pub migrations: MigrationsCheck,
    pub price_book: PriceBookCheck,
}

#[derive(Debug, Serialize)]
pub struct DatabaseCheck {
    pub ok: bool,
    pub backend: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct MigrationsCheck {
    pub ok: bool,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub status: Option<MigrationStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PriceBookCheck {
    pub ok: bool,
    pub version: String,
    pub as_of: String,
    /// Whole days since `as_of`, by this server's clock.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age_days: Option<u64>,
    pub entries: usize,
    pub estimated_entries: usize,
    /// Entries read from AWS (the Price List API or an offer file) rather than the snapshot.
    pub aws_entries: usize,
    /// Share of the example plans' dollars that real AWS records price.
    pub examples_backed_by_aws_records_percent: planner::Decimal,
    /// What the refresh that made this version did (absent for the bundled snapshot).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh: Option<RefreshCheck>,
}

/// The stored refresh report, counted.
#[derive(Debug, Serialize)]
pub struct RefreshCheck {
    pub refreshed: usize,
    pub kept: usize,
    /// Kept lines by reason (`no_product`, `several_products`, `unit_mismatch`,
    /// `not_in_price_list`).
    pub kept_by_reason: std::collections::BTreeMap<String, usize>,
}

impl RefreshCheck {
    pub fn of(report: &crate::prices::assemble::Summary) -> RefreshCheck {
        let mut kept_by_reason = std::collections::BTreeMap::new();
        for (_, reason, _) in report.kept() {
            let slug = serde_json::to_value(reason)
                .ok()
                .and_then(|value| value.as_str().map(str::to_owned))
                .unwrap_or_default();
            *kept_by_reason.entry(slug).or_insert(0) += 1;
        }
        let kept = kept_by_reason.values().sum();
        RefreshCheck {
            refreshed: report.lines.len() - kept,
            kept,
            kept_by_reason,
        }
    }
}

pub async fn readiness(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    let database = match state.database.ping().await {
        Ok(latency) => DatabaseCheck {
            ok: true,
            backend: state.database.backend_name(),
            latency_ms: Some(latency.as_secs_f64() * 1000.0),
            error: None,
        },
        Err(err) => {
            // The cause (host names, user names, file paths) goes to the log, not to callers.
            tracing::warn!(%err, "readiness: the database does not answer");
            DatabaseCheck {
                ok: false,
                backend: state.database.backend_name(),
                latency_ms: None,
                error: Some(
                    "the database does not answer (the server log has the cause)".to_owned(),
                ),
            }
        }
    };
    let migrations = match state.database.migration_status().await {
        Ok(status) => MigrationsCheck {
            ok: status.is_current(),
            status: Some(status),
            error: None,
        },
        Err(err) => {
            tracing::warn!(%err, "readiness: cannot read the schema version");
            MigrationsCheck {
                ok: false,
                status: None,
                error: Some(
                    "cannot read the schema version (the server log has the cause)".to_owned(),
                ),
            }
        }
    };
    let in_use = state.price_book.in_use();
    let book = &in_use.book;
    let price_book = PriceBookCheck {
        ok: !book.entries().is_empty(),
        version: book.version.clone(),
        as_of: book.as_of.clone(),
        age_days: age_days(&book.as_of),
        entries: book.entries().len(),
        estimated_entries: book.estimated_entry_count(),
        aws_entries: book
            .entries()
            .iter()
            .filter(|entry| {
                matches!(
                    entry.source,
                    planner::PriceSource::Live | planner::PriceSource::OfferFile
                )
            })
            .count(),
        examples_backed_by_aws_records_percent: in_use.examples_backed_percent,
        refresh: in_use.report.as_ref().map(RefreshCheck::of),
    };

    let ready = database.ok && migrations.ok && price_book.ok;
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = Readiness {
        status: if ready { "ready" } else { "not_ready" },
        checks: ReadinessChecks {
            database,
            migrations,
            price_book,
        },
    };
    (status, Json(body))
}

/// Whole days from the date `as_of` (`YYYY-MM-DD`) to now; `None` if it does not parse or lies
/// ahead.
fn age_days(as_of: &str) -> Option<u64> {
    let since = humantime::parse_rfc3339(&format!("{as_of}T00:00:00Z")).ok()?;
    let age = std::time::SystemTime::now().duration_since(since).ok()?;
    Some(age.as_secs() / 86_400)
}
