//! Command-line reports of estimates and comparisons: `table` for people, `json` for tools,
//! `csv` for spreadsheets (the cost lines). The numbers come from `planner`; this module
//! only formats them.

use std::fmt::Write as _;

use planner::side_by_side::LineChange;
use planner::{Comparison, Estimate, SideBySide};

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
    #[error("CSV is available for estimates only; for two plans use table or json")]
    CsvDiff,
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

/// Renders two plans side by side (`regionwise diff`).
pub fn side_by_side(compared: &SideBySide, format: Format) -> Result<String, ReportError> {
    match format {
        Format::Json => Ok(serde_json::to_string_pretty(compared)? + "\n"),
        Format::Csv => Err(ReportError::CsvDiff),
        Format::Table => {
            let mut out = String::new();
            let (a, b) = (&compared.a, &compared.b);
            let _ = writeln!(out, "A: {}  ({})", a.label, a.plan.name);
            let _ = writeln!(out, "B: {}  ({})\n", b.label, b.plan.name);
            let _ = writeln!(out, "{:<24} {:>30} {:>30}", "", "A", "B");
            let rows = [
                (
                    "pattern",
                    a.plan.pattern.profile().title.to_owned(),
                    b.plan.pattern.profile().title.to_owned(),
                ),
                (
                    "regions",
                    a.plan.regions().count().to_string(),
                    b.plan.regions().count().to_string(),
                ),
                (
                    "monthly",
                    planner::display::usd(a.total_monthly_usd),
                    planner::display::usd(b.total_monthly_usd),
                ),
                (
                    "RTO typical",
                    seconds(a.rto_seconds),
                    seconds(b.rto_seconds),
                ),
                (
                    "RTO worst",
                    seconds(a.rto_worst_seconds),
                    seconds(b.rto_worst_seconds),
                ),
                ("RPO", seconds(a.rpo_seconds), seconds(b.rpo_seconds)),
                (
                    "availability",
                    format!("{:.4}%", a.availability_percent),
                    format!("{:.4}%", b.availability_percent),
                ),
            ];
            for (label, left, right) in rows {
                let _ = writeln!(out, "{label:<24} {left:>30} {right:>30}");
            }
            for (check_a, check_b) in a.targets.iter().zip(&b.targets) {
                let verdict = |met: Option<bool>| match met {
                    Some(true) => "met",
                    Some(false) => "missed",
                    None => "undecided",
                };
                let _ = writeln!(
                    out,
                    "{:<24} {:>30} {:>30}",
                    format!(
                        "{} {}",
                        planner::plan::fields::label(&format!("targets.{}", check_a.target))
                            .unwrap_or(check_a.target),
                        check_a.wanted
                    ),
                    verdict(check_a.met),
                    verdict(check_b.met)
                );
            }
            if !compared.plan_changes.is_empty() {
                let _ = writeln!(out, "\nWhat changes from A to B:");
                for change in &compared.plan_changes {
                    let _ = writeln!(out, "  {}", change.summary());
                }
            }
            let _ = writeln!(
                out,
                "\nCost lines that differ (B − A, total {}):",
                planner::display::usd_difference(compared.total_difference_usd)
            );
            let _ = writeln!(
                out,
                "{:<8} {:<16} {:<26} {:>14} {:>14} {:>14}  item",
                "change", "region", "service", "A", "B", "B − A"
            );
            for line in &compared.cost_lines {
                let change = match line.change {
                    LineChange::Added => "added",
                    LineChange::Removed => "removed",
                    LineChange::Changed => "changed",
                };
                let _ = writeln!(
                    out,
                    "{change:<8} {:<16} {:<26} {:>14} {:>14} {:>14}  {}",
                    line.region,
                    line.service,
                    if line.change == LineChange::Added {
                        "—".to_owned()
                    } else {
                        line.a_monthly_usd
                            .map_or_else(|| "unpriced".to_owned(), planner::display::usd)
                    },
                    if line.change == LineChange::Removed {
                        "—".to_owned()
                    } else {
                        line.b_monthly_usd
                            .map_or_else(|| "unpriced".to_owned(), planner::display::usd)
                    },
                    planner::display::usd_difference(line.difference_usd),
                    line.item
                );
            }
            let pick = match compared.recommendation.pick {
                Some("a") => "Choose A",
                Some(_) => "Choose B",
                None => "Either",
            };
            let targets = match compared.targets_from {
                "a" => " (targets: A's)",
                "b" => " (targets: B's)",
                _ => "",
            };
            let _ = writeln!(out, "\n{pick}{targets}: {}", compared.recommendation.reason);
            Ok(out)
        }
    }
}
