//! Cost against recovery time for the six patterns: the trade-off an architect chooses on.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use planner::{Comparison, DeploymentPattern, Plan};

use crate::cost::{nice_ceiling, thousands, to_f64};
use crate::{ChartError, FONT, HEIGHT, SMALL_FONT_SIZE, WIDTH, axes, svg};

/// Each pattern that can recover as a point (monthly cost, RTO in minutes), labelled; the plan's
/// own pattern ringed; patterns no other beats on both cost and RTO filled, the rest hollow;
/// the plan's RTO target and budget as lines.
pub fn pareto(comparison: &Comparison, plan: &Plan) -> Result<String, ChartError> {
    let points: Vec<(DeploymentPattern, f64, f64)> = comparison
        .options
        .iter()
        .filter_map(|option| {
            let rto = option.estimate.recovery.rto_seconds?;
            Some((
                option.pattern,
                to_f64(option.estimate.cost.total_monthly_usd),
                f64::from(rto) / 60.0,
            ))
        })
        .collect();
    let rto_target = plan
        .targets
        .as_ref()
        .and_then(|targets| targets.rto_seconds)
        .map(|seconds| f64::from(seconds) / 60.0);
    let budget = plan
        .targets
        .as_ref()
        .and_then(|targets| targets.monthly_budget_usd)
        .map(to_f64);
    let max_cost = points
        .iter()
        .map(|(_, cost, _)| *cost)
        .chain(budget)
        .fold(0.0, f64::max);
    let max_rto = points
        .iter()
        .map(|(_, _, rto)| *rto)
        .chain(rto_target)
        .fold(0.0, f64::max);
    let x_top = nice_ceiling(max_cost * 1.1);
    let y_top = nice_ceiling(max_rto * 1.15);

    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .margin_right(32)
            .x_label_area_size(44)
            .y_label_area_size(52)
            .build_cartesian_2d(0f64..x_top, 0f64..y_top)?;
        let (x_pixels, y_pixels) = chart.plotting_area().get_pixel_range();
        let (left, right) = (x_pixels.start, x_pixels.end);
        let (top, bottom) = (y_pixels.start, y_pixels.end);
        for tick in axes::ticks(x_top) {
            let x = chart.backend_coord(&(tick, 0.0)).0;
            axes::vertical_tick(&root, x, (top, bottom), format!("${}", thousands(tick)))?;
        }
        for tick in axes::ticks(y_top) {
            let y = chart.backend_coord(&(0.0, tick)).1;
            axes::horizontal_tick(&root, y, (left, right), format!("{tick:.0}"))?;
        }
        axes::frame(&root, (left, right), (top, bottom))?;
        axes::label(
            &root,
            "Monthly cost (USD)".to_owned(),
            ((left + right) / 2, bottom + 26),
            HPos::Center,
            VPos::Top,
        )?;
        axes::label(
            &root,
            "RTO (minutes)".to_owned(),
            (left + 6, top),
            HPos::Left,
            VPos::Top,
        )?;

        let target_style = RGBColor(0x9b, 0x1c, 0x1c).stroke_width(2);
        if let Some(target) = rto_target {
            chart.draw_series(LineSeries::new(
                [(0.0, target), (x_top, target)],
                target_style,
            ))?;
            chart.draw_series(std::iter::once(Text::new(
                "RTO target".to_owned(),
                (x_top * 0.99, target),
                (FONT, SMALL_FONT_SIZE)
                    .into_font()
                    .color(&RGBColor(0x9b, 0x1c, 0x1c))
                    .pos(Pos::new(HPos::Right, VPos::Bottom)),
            )))?;
        }
        if let Some(budget) = budget {
            chart.draw_series(LineSeries::new(
                [(budget, 0.0), (budget, y_top)],
                target_style,
            ))?;
            chart.draw_series(std::iter::once(Text::new(
                "budget".to_owned(),
                (budget, y_top * 0.98),
                (FONT, SMALL_FONT_SIZE)
                    .into_font()
                    .color(&RGBColor(0x9b, 0x1c, 0x1c))
                    .pos(Pos::new(HPos::Right, VPos::Top)),
            )))?;
        }

        let ink = RGBColor(0x12, 0x35, 0x5b);
        let mut labelled: Vec<(f64, f64)> = Vec::new();
        for (pattern, cost, rto) in &points {
            let dominated = points.iter().any(|(other, other_cost, other_rto)| {
                other != pattern
                    && other_cost <= cost
                    && other_rto <= rto
                    && (other_cost < cost || other_rto < rto)
            });
            let style = if dominated {
                ink.stroke_width(2)
            } else {
                ink.filled()
            };
            chart.draw_series(std::iter::once(Circle::new((*cost, *rto), 6, style)))?;
            if *pattern == plan.pattern {
                chart.draw_series(std::iter::once(Circle::new(
                    (*cost, *rto),
                    11,
                    RGBColor(0xf2, 0xa9, 0x00).stroke_width(3),
                )))?;
            }
            // A point on top of one already labelled (hot standby and active-active often
            // coincide) puts its label below instead of over the other's.
            let crowded = labelled
                .iter()
                .any(|(x, y)| (x - cost).abs() < x_top * 0.03 && (y - rto).abs() < y_top * 0.05);
            labelled.push((*cost, *rto));
            chart.draw_series(std::iter::once(Text::new(
                short_name(*pattern).to_owned(),
                (*cost, *rto),
                (FONT, SMALL_FONT_SIZE)
                    .into_font()
                    .color(&BLACK)
                    .pos(Pos::new(
                        HPos::Left,
                        if crowded { VPos::Top } else { VPos::Bottom },
                    )),
            )))?;
        }
        root.present()?;
    }
    Ok(svg::finish(
        out,
        "Monthly cost against recovery time for each pattern",
    ))
}

fn short_name(pattern: DeploymentPattern) -> &'static str {
    match pattern {
        DeploymentPattern::SingleRegion => "  single region",
        DeploymentPattern::BackupRestore => "  backup & restore",
        DeploymentPattern::PilotLight => "  pilot light",
        DeploymentPattern::WarmStandby => "  warm standby",
        DeploymentPattern::HotStandby => "  hot standby",
        DeploymentPattern::ActiveActive => "  active-active",
    }
}
