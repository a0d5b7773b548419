//! Command-line reports of estimates and comparisons: `table` for people, `json` for tools,
//! `csv` for spreadsheets (the cost lines). The numbers come from `planner`; this module
//! only formats them.

use std::fmt::Write as _;

use planner::{Comparison, Estimate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("CSV is available for estimates only (the cost lines); use table or json")]
    CsvComparison,
}

fn money(value: Option<planner::Decimal>) -> String {
    value.map_or_else(
        || "unpriced".to_owned(),
        |usd| format!("${}", usd.round_dp(2)),
    )
}

fn seconds(value: Option<u32>) -> String {
    value.map_or_else(|| "unbounded".to_owned(), |seconds| format!("{seconds} s"))
}

/// Renders one estimate.
pub fn estimate(estimate: &Estimate, format: Format) -> Result<String, ReportError> {
    match format {
        Format::Json => Ok(serde_json::to_string_pretty(estimate)? + "\n"),
        Format::Csv => Ok(planner::cost::cost_csv(&estimate.cost)),
        Format::Table => Ok(estimate_table(estimate)),
    }
}

fn estimate_table(estimate: &Estimate) -> String {
    let mut out = String::new();
    let cost = &estimate.cost;
    let unpriced = cost
        .lines
        .iter()
        .filter(|line| line.monthly_usd.is_none())
        .count();
    let total = if unpriced == 0 {
        money(Some(cost.total_monthly_usd))
    } else {
        format!(
            "at least {} ({unpriced} of {} lines unpriced)",
            money(Some(cost.total_monthly_usd)),
            cost.lines.len()
        )
    };
    let _ = writeln!(
        out,
        "Monthly cost   {total} (price book {}, as of {})",
        estimate.price_book_version, estimate.price_book_as_of
    );
    if let Some(commitments) = &cost.commitments {
        let _ = writeln!(
            out,
            "Commitment     {} {} on {} % of the steady capacity: {} upfront (amortised in the monthly cost), saves {} a month against {} on-demand",
            commitments.term.title(),
            commitments.payment.title().to_lowercase(),
            commitments.coverage_percent,
            money(Some(commitments.upfront_usd)),
            money(Some(commitments.saving_monthly_usd)),
            money(Some(commitments.on_demand_monthly_usd)),
        );
        if !commitments.not_offered.is_empty() {
            let _ = writeln!(
                out,
                "               on-demand, as no such commitment is offered: {}",
                commitments
                    .not_offered
                    .iter()
                    .map(|(key, region)| format!("{key} in {region}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    let _ = writeln!(
        out,
        "vs one region  {} (baseline {})",
        estimate
            .cost_multiplier
            .map_or("n/a".to_owned(), |multiplier| format!("{multiplier}×")),
        money(Some(estimate.single_region_baseline_usd))
    );
    let _ = writeln!(
        out,
        "RTO            {} typical, {} worst case (targets are checked against the worst case)",
        seconds(estimate.recovery.rto_seconds),
        seconds(estimate.recovery.rto_worst_seconds)
    );
    for step in &estimate.recovery.rto_steps {
        let _ = writeln!(
            out,
            "  +{:>5} s  {:<36} {:>5} s  (worst +{} s for {} s)  {}",
            step.starts_at_seconds,
            step.step,
            step.seconds,
            step.worst_starts_at_seconds,
            step.worst_seconds,
            step.formula
        );
    }
    let _ = writeln!(
        out,
        "RPO            {} — {}",
        estimate
            .recovery
            .rpo_label(|value| format!("{value} s"))
            .unwrap_or_else(|| seconds(None)),
        estimate.recovery.rpo_basis
    );
    let _ = writeln!(
        out,
        "Availability   at most {:.4} % ({:.1} min of downtime a month; an upper bound from AWS SLAs)",
        estimate.availability.percent, estimate.availability.downtime_minutes_per_month
    );
    let _ = writeln!(out, "\nCost by region");
    for (region, total) in &cost.region_totals {
        let _ = writeln!(out, "  {region:<16} {}", money(Some(*total)));
    }
    let _ = writeln!(out, "\nLines");
    for line in &cost.lines {
        let committed = line.commitment.as_ref().map_or(String::new(), |committed| {
            format!(
                "  (committed: {} on-demand, {} upfront)",
                money(Some(committed.on_demand_usd)),
                money(Some(committed.upfront_usd))
            )
        });
        let _ = writeln!(
            out,
            "  {:<15} {:<24} {:<52} {:>14} {:<9} {:>12}{committed}",
            line.region,
            line.service,
            line.item,
            line.quantity.to_string(),
            line.unit,
            money(line.monthly_usd)
        );
    }
    if !estimate.targets.is_empty() {
        let _ = writeln!(out, "\nTargets");
        for check in &estimate.targets {
            let verdict = match check.met {
                Some(true) => "met",
                Some(false) => "MISSED",
                None => "undecided",
            };
            let _ = writeln!(
                out,
                "  {:<22} wanted {:<14} estimated {:<28} {verdict}",
                check.target, check.wanted, check.estimated
            );
        }
    }
    if !estimate.warnings.is_empty() {
        let _ = writeln!(out, "\nWarnings");
        for warning in &estimate.warnings {
            let _ = writeln!(out, "  [{}] {}", warning.code, warning.message);
        }
    }
    out
}

/// Renders a comparison of all patterns.
pub fn comparison(comparison: &Comparison, format: Format) -> Result<String, ReportError> {
    match format {
        Format::Json => Ok(serde_json::to_string_pretty(comparison)? + "\n"),
        Format::Csv => Err(ReportError::CsvComparison),
        Format::Table => {
            let mut out = String::new();
            let _ = writeln!(
                out,
                "{:<30} {:>14} {:>18} {:>10} {:>12}  missed (undecided) targets",
                "pattern", "monthly", "RTO typ / worst", "RPO", "availability"
            );
            for option in &comparison.options {
                let estimate = &option.estimate;
                let _ = writeln!(
                    out,
                    "{:<30} {:>14} {:>18} {:>10} {:>11.4}%  {}{}",
                    option.pattern.profile().title,
                    money(Some(estimate.cost.total_monthly_usd)),
                    match (
                        estimate.recovery.rto_seconds,
                        estimate.recovery.rto_worst_seconds
                    ) {
                        (Some(typical), Some(worst)) => format!("{typical} / {worst} s"),
                        (typical, _) => seconds(typical),
                    },
                    seconds(estimate.recovery.rpo_seconds),
                    estimate.availability.percent,
                    option.missed_targets.join(", "),
                    if option.undecided_targets.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", option.undecided_targets.join(", "))
                    }
                );
            }
            match (&comparison.recommendation, &comparison.note) {
                (Some(recommendation), _) => {
                    let _ = writeln!(out, "\nRecommended: {}", recommendation.reason);
                    for margin in &recommendation.margins {
                        let _ = writeln!(out, "  {margin}");
                    }
                    for cheaper in &recommendation.cheaper_alternatives {
                        let _ = writeln!(out, "  cheaper, but not enough: {cheaper}");
                    }
                }
                (None, Some(note)) => {
                    let _ = writeln!(out, "\n{note}");
                }
                (None, None) => {}
            }
            Ok(out)
        }
    }
}
