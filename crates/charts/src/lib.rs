//! Charts of an estimate, as SVG strings drawn with plotters.
//!
//! - [`cost_by_region`]: monthly cost per region, stacked by service;
//! - [`pareto`]: cost against RTO for the six patterns, with the plan's RTO target and budget
//!   as lines and the patterns no other beats on both axes marked;
//! - [`rto_timeline`]: the recovery steps as bars over time;
//! - [`architecture::architecture`]: the design itself, region by region (boxes and arrows
//!   written directly as SVG: plotters draws data, not diagrams).
//!
//! The functions are pure (no IO, no clock) and build for wasm, so the server draws the first
//! paint and the browser redraws on every change with the same code. Colours differ in
//! lightness as well as hue, and every series has a legend or a label, so the charts read in
//! greyscale. Each SVG scales to its container (`viewBox`, width 100 %) and carries a
//! `<title>` for screen readers.

pub mod architecture;
mod axes;
mod cost;
mod pareto;
mod svg;
mod timeline;

pub use cost::cost_by_region;
pub use pareto::pareto;
pub use timeline::rto_timeline;

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ChartError {
    #[error("cannot draw the chart: {0}")]
    Drawing(String),
}

impl<E: std::error::Error + Send + Sync> From<plotters::drawing::DrawingAreaErrorKind<E>>
    for ChartError
{
    fn from(err: plotters::drawing::DrawingAreaErrorKind<E>) -> ChartError {
        ChartError::Drawing(err.to_string())
    }
}

/// Re-exported so the charts' callers group digits as the axes do.
pub use planner::display::group_thousands;

/// Drawing size in SVG user units; the SVG scales to its container.
pub(crate) const WIDTH: u32 = 560;
pub(crate) const HEIGHT: u32 = 340;
pub(crate) const FONT: &str = "sans-serif";
/// Plotters draws text at 1/1.24 of the size asked for: these come out at about 14.5 and 13.
pub(crate) const FONT_SIZE: u32 = 18;
pub(crate) const SMALL_FONT_SIZE: u32 = 16;

/// Fills from dark to light, so neighbours differ in greyscale too.
pub(crate) const PALETTE: [(u8, u8, u8); 9] = [
    (0x12, 0x35, 0x5b),
    (0x4f, 0x8f, 0xc0),
    (0xe0, 0xb4, 0x4c),
    (0x1f, 0x6f, 0x50),
    (0xa8, 0xd5, 0xba),
    (0x7a, 0x3b, 0x69),
    (0xd9, 0x8c, 0x5f),
    (0x4a, 0x57, 0x68),
    (0xc8, 0xcf, 0xd8),
];

#[cfg(test)]
mod tests {
    use planner::compare::variant;
    use planner::cost::synthetic_price_book;
    use planner::{Decimal, DeploymentPattern, Plan, PriceBook};

    use super::*;

    /// The plan and a book pricing everything any of its pattern variants bills at $0.01.
    fn plan_and_book(json: &str) -> (Plan, PriceBook) {
        let plan = Plan::from_json(json).unwrap();
        let variants: Vec<Plan> = DeploymentPattern::ALL
            .iter()
            .map(|pattern| variant(&plan, *pattern))
            .collect();
        let refs: Vec<&Plan> = variants.iter().collect();
        let book = synthetic_price_book(&refs, |_| Decimal::new(1, 2));
        (plan, book)
    }

    const WARM: &str = r#"{"pattern":"warm_standby","primary_region":"us-east-1","secondary_regions":["eu-west-1"],"database":{"instance_class":"db.r6g.large"},"targets":{"rto_seconds":600,"monthly_budget_usd":"5000000"}}"#;

    #[test]
    fn the_cost_chart_has_a_bar_per_region_and_a_legend_per_service() {
        let (plan, book) = plan_and_book(WARM);
        let svg = cost_by_region(&planner::estimate(&plan, &book)).unwrap();
        assert!(svg.starts_with("<svg width=\"100%\""), "{}", &svg[..80]);
        assert!(svg.contains("<title>Monthly cost by region, stacked by service</title>"));
        for label in [
            "us-east-1",
            "eu-west-1",
            "global",
            "Amazon Aurora",
            "AWS Fargate",
        ] {
            assert!(svg.contains(&format!("\n{label}\n")), "{label} missing");
        }
    }

    #[test]
    fn each_service_in_the_legend_has_its_own_colour() {
        let (plan, book) = plan_and_book(WARM);
        let estimate = planner::estimate(&plan, &book);
        let services: std::collections::BTreeSet<&str> = estimate
            .cost
            .lines
            .iter()
            .map(|line| line.service)
            .collect();
        assert!(
            services.len() > PALETTE.len(),
            "the plan bills {services:?}"
        );
        let svg = cost_by_region(&estimate).unwrap();
        assert!(svg.contains("\nOther services\n"));
        let named = services
            .iter()
            .filter(|service| svg.contains(&format!("\n{service}\n")))
            .count();
        assert_eq!(
            named,
            PALETTE.len() - 1,
            "the costliest services keep their names"
        );
    }

    #[test]
    fn the_pareto_chart_plots_each_recovering_pattern_with_the_targets() {
        let (plan, book) = plan_and_book(WARM);
        let svg = pareto(&planner::compare(&plan, &book), &plan).unwrap();
        for label in [
            "backup &amp; restore",
            "pilot light",
            "warm standby",
            "hot standby",
            "active-active",
            "RTO target",
            "budget",
        ] {
            assert!(svg.contains(label), "{label} missing");
        }
        assert!(
            !svg.contains("single region"),
            "a pattern without recovery has no RTO to plot"
        );
        // Five patterns, plus the ring around the plan's own.
        assert_eq!(svg.matches("<circle").count(), 6);
        // A budget far beyond every pattern's cost is named at the edge, not drawn to scale.
        let far = WARM.replace("\"5000000\"", "\"900000000\"");
        let (plan, book) = plan_and_book(&far);
        let svg = pareto(&planner::compare(&plan, &book), &plan).unwrap();
        assert!(
            svg.contains("budget $900,000,000 →"),
            "a far budget is named"
        );
    }

    /// Over every pattern, from one to four regions, with and without targets near the data:
    /// no pattern label overlaps another label, a target's label, or a point other than its own.
    #[test]
    fn pareto_labels_never_overlap() {
        let secondaries = [
            vec![],
            vec!["eu-west-1"],
            vec!["eu-west-1", "ap-southeast-1"],
            vec!["eu-west-1", "ap-southeast-1", "us-west-2"],
        ];
        let mut checked = 0;
        for pattern in DeploymentPattern::ALL {
            for regions in &secondaries {
                if pattern.is_multi_region() == regions.is_empty() {
                    continue;
                }
                for targets in ["null", r#"{"rto_seconds":900,"monthly_budget_usd":"3000"}"#] {
                    let listed: Vec<String> = regions
                        .iter()
                        .map(|region| format!("\"{region}\""))
                        .collect();
                    let json = format!(
                        r#"{{"pattern":"{}","primary_region":"us-east-1","secondary_regions":[{}],"database":{{"instance_class":"db.r6g.large"}},"targets":{targets}}}"#,
                        pattern.slug(),
                        listed.join(",")
                    );
                    let (plan, book) = plan_and_book(&json);
                    let comparison = planner::compare(&plan, &book);
                    let (_, labels, fixed) = pareto::draw(&comparison, &plan).unwrap();
                    for (index, label) in labels.iter().enumerate() {
                        for other in labels.iter().skip(index + 1).chain(&fixed) {
                            assert!(
                                !label.overlaps(other),
                                "{json}: {label:?} overlaps {other:?}"
                            );
                        }
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked >= 30, "{checked} layouts");
    }

    #[test]
    fn the_timeline_lists_every_step_and_a_single_region_says_it_cannot_recover() {
        let (plan, _) = plan_and_book(WARM);
        let recovery = planner::recovery(&plan);
        let svg = rto_timeline(&recovery, Some(600)).unwrap();
        for step in &recovery.rto_steps {
            assert!(svg.contains(step.step), "{} missing", step.step);
        }
        assert!(svg.contains("RTO target"), "the target is drawn");
        let far = rto_timeline(&recovery, Some(86_400)).unwrap();
        assert!(
            far.contains("RTO target 1 d →"),
            "a far target is named at the edge"
        );
        let single = Plan::from_json(r#"{"pattern":"single_region","primary_region":"us-east-1","secondary_regions":[],"database":{"instance_class":"db.r6g.large"}}"#).unwrap();
        let svg = rto_timeline(&planner::recovery(&single), None).unwrap();
        assert!(svg.contains("No recovery"));
    }
}
