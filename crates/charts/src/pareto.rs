//! Cost against recovery time for the six patterns: the trade-off an architect chooses on.
//!
//! The axes span the data (a budget or RTO target far beyond it is named at the edge rather
//! than stretching the chart), and the pattern labels are placed so that none overlaps another
//! label, a point or a target's label ([`place_labels`]); patterns that land on the same spot
//! share one label.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use planner::{Comparison, DeploymentPattern, Plan};

use crate::cost::{nice_ceiling, thousands, to_f64};
use crate::{ChartError, FONT, HEIGHT, SMALL_FONT_SIZE, WIDTH, axes, svg};

/// A label's box in SVG units: left, top, width, height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct LabelBox {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl LabelBox {
    pub(crate) fn overlaps(&self, other: &LabelBox) -> bool {
        self.x < other.x + other.width
            && other.x < self.x + self.width
            && self.y < other.y + other.height
            && other.y < self.y + self.height
    }

    fn inside(&self, (left, right, top, bottom): (f64, f64, f64, f64)) -> bool {
        self.x >= left
            && self.x + self.width <= right
            && self.y >= top
            && self.y + self.height <= bottom
    }
}

/// The drawn height of a small label, and the width of one of its characters on average
/// (plotters draws text at 1/1.24 of the size asked for; sans-serif averages about 0.56 em).
const TEXT_HEIGHT: f64 = SMALL_FONT_SIZE as f64 / 1.24;
const CHAR_WIDTH: f64 = TEXT_HEIGHT * 0.56;
/// A point's radius, and the ring around the plan's own pattern.
const POINT_RADIUS: f64 = 6.0;
const RING_RADIUS: f64 = 11.0;

/// The box `text` takes with its top-left corner at `(x, y)`.
pub(crate) fn text_box(text: &str, x: f64, y: f64) -> LabelBox {
    LabelBox {
        x,
        y,
        width: text.chars().count() as f64 * CHAR_WIDTH,
        height: TEXT_HEIGHT,
    }
}

/// Places one label per point (`text`, pixel centre): beside the point, in the first of eight
/// positions (then the same farther out) that stays inside `area` and overlaps neither a label
/// already placed, nor any point, nor the `fixed` boxes (target labels). A label that finds no
/// free place takes its first position.
pub(crate) fn place_labels(
    points: &[(String, (f64, f64))],
    fixed: &[LabelBox],
    area: (f64, f64, f64, f64),
) -> Vec<LabelBox> {
    let point_boxes: Vec<LabelBox> = points
        .iter()
        .map(|(_, (x, y))| LabelBox {
            x: x - RING_RADIUS,
            y: y - RING_RADIUS,
            width: 2.0 * RING_RADIUS,
            height: 2.0 * RING_RADIUS,
        })
        .collect();
    let mut placed: Vec<LabelBox> = Vec::new();
    for (text, (x, y)) in points {
        let width = text.chars().count() as f64 * CHAR_WIDTH;
        let mut candidates = Vec::new();
        for distance in [1.0, 2.0, 3.5] {
            let gap = (RING_RADIUS + 2.0) * distance;
            candidates.extend([
                (x + gap, y - gap - TEXT_HEIGHT / 2.0),
                (x + gap, y + gap - TEXT_HEIGHT / 2.0),
                (x + gap, y - TEXT_HEIGHT / 2.0),
                (x - gap - width, y - TEXT_HEIGHT / 2.0),
                (x - gap - width, y - gap - TEXT_HEIGHT / 2.0),
                (x - gap - width, y + gap - TEXT_HEIGHT / 2.0),
                (x - width / 2.0, y - gap - TEXT_HEIGHT),
                (x - width / 2.0, y + gap),
            ]);
        }
        let free = candidates
            .iter()
            .map(|(left, top)| text_box(text, *left, *top))
            .find(|candidate| {
                candidate.inside(area)
                    && !placed
                        .iter()
                        .chain(fixed)
                        .chain(&point_boxes)
                        .any(|other| candidate.overlaps(other))
            });
        let (left, top) = candidates[0];
        placed.push(free.unwrap_or_else(|| text_box(text, left, top)));
    }
    placed
}

/// Each pattern that can recover as a point (monthly cost, RTO in minutes), labelled; the plan's
/// own pattern ringed; patterns no other beats on both cost and RTO filled, the rest hollow;
/// the plan's RTO target and budget as lines.
pub fn pareto(comparison: &Comparison, plan: &Plan) -> Result<String, ChartError> {
    Ok(draw(comparison, plan)?.0)
}

/// The chart and where its pattern labels went (for the tests).
pub(crate) fn draw(
    comparison: &Comparison,
    plan: &Plan,
) -> Result<(String, Vec<LabelBox>, Vec<LabelBox>), ChartError> {
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
    let max_cost = points.iter().map(|(_, cost, _)| *cost).fold(0.0, f64::max);
    let max_rto = points.iter().map(|(_, _, rto)| *rto).fold(0.0, f64::max);
    // A target within half again of the data widens the axis to show it; one beyond that is
    // named at the chart's edge instead, so the points keep the room.
    let shown = |target: Option<f64>, data: f64| target.filter(|value| *value <= data * 1.5);
    let x_top = nice_ceiling(max_cost.max(shown(budget, max_cost).unwrap_or(0.0)) * 1.1);
    let y_top = nice_ceiling(max_rto.max(shown(rto_target, max_rto).unwrap_or(0.0)) * 1.15);

    let mut out = String::new();
    let mut fixed = Vec::new();
    let labels;
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
        let axis_title = "RTO (minutes)";
        axes::label(
            &root,
            axis_title.to_owned(),
            (left + 6, top),
            HPos::Left,
            VPos::Top,
        )?;
        fixed.push(text_box(axis_title, f64::from(left + 6), f64::from(top)));

        let red = RGBColor(0x9b, 0x1c, 0x1c);
        let target_font = (FONT, SMALL_FONT_SIZE).into_font().color(&red);
        let target_style = red.stroke_width(2);
        if let Some(target) = rto_target {
            if target <= y_top {
                chart.draw_series(LineSeries::new(
                    [(0.0, target), (x_top, target)],
                    target_style,
                ))?;
                let (x, y) = chart.backend_coord(&(x_top, target));
                let text = "RTO target";
                root.draw(&Text::new(
                    text,
                    (x - 4, y - 2),
                    target_font.pos(Pos::new(HPos::Right, VPos::Bottom)),
                ))?;
                let width = text.chars().count() as f64 * CHAR_WIDTH;
                fixed.push(text_box(
                    text,
                    f64::from(x - 4) - width,
                    f64::from(y - 2) - TEXT_HEIGHT,
                ));
            } else {
                let text = format!("RTO target {} min ↑", target.round());
                root.draw(&Text::new(
                    text.clone(),
                    (right - 4, top + 2),
                    target_font.pos(Pos::new(HPos::Right, VPos::Top)),
                ))?;
                let width = text.chars().count() as f64 * CHAR_WIDTH;
                fixed.push(text_box(
                    &text,
                    f64::from(right - 4) - width,
                    f64::from(top + 2),
                ));
            }
        }
        if let Some(budget) = budget {
            if budget <= x_top {
                chart.draw_series(LineSeries::new(
                    [(budget, 0.0), (budget, y_top)],
                    target_style,
                ))?;
                let (x, y) = chart.backend_coord(&(budget, y_top));
                let text = "budget";
                root.draw(&Text::new(
                    text,
                    (x - 4, y + 2),
                    target_font.pos(Pos::new(HPos::Right, VPos::Top)),
                ))?;
                let width = text.chars().count() as f64 * CHAR_WIDTH;
                fixed.push(text_box(text, f64::from(x - 4) - width, f64::from(y + 2)));
            } else {
                let text = format!("budget ${} →", thousands(budget));
                let y = top
                    + 2
                    + if rto_target.is_some_and(|target| target > y_top) {
                        18
                    } else {
                        0
                    };
                root.draw(&Text::new(
                    text.clone(),
                    (right - 4, y),
                    target_font.pos(Pos::new(HPos::Right, VPos::Top)),
                ))?;
                let width = text.chars().count() as f64 * CHAR_WIDTH;
                fixed.push(text_box(&text, f64::from(right - 4) - width, f64::from(y)));
            }
        }

        let ink = RGBColor(0x12, 0x35, 0x5b);
        // Patterns on the same spot (hot standby and active-active often are) share a label.
        let mut groups: Vec<(Vec<DeploymentPattern>, (i32, i32))> = Vec::new();
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
            chart.draw_series(std::iter::once(Circle::new(
                (*cost, *rto),
                POINT_RADIUS as i32,
                style,
            )))?;
            if *pattern == plan.pattern {
                chart.draw_series(std::iter::once(Circle::new(
                    (*cost, *rto),
                    RING_RADIUS as i32,
                    RGBColor(0xb3, 0x5c, 0x00).stroke_width(3),
                )))?;
            }
            let at = chart.backend_coord(&(*cost, *rto));
            match groups
                .iter_mut()
                .find(|(_, other)| (other.0 - at.0).abs() <= 4 && (other.1 - at.1).abs() <= 4)
            {
                Some((patterns, _)) => patterns.push(*pattern),
                None => groups.push((vec![*pattern], at)),
            }
        }
        let texts: Vec<(String, (f64, f64))> = groups
            .iter()
            .map(|(patterns, (x, y))| {
                let names: Vec<&str> = patterns
                    .iter()
                    .map(|pattern| short_name(*pattern))
                    .collect();
                (names.join(" = "), (f64::from(*x), f64::from(*y)))
            })
            .collect();
        // Inside the plot (not over the axes' tick labels).
        labels = place_labels(
            &texts,
            &fixed,
            (
                f64::from(left),
                f64::from(right) + 28.0,
                f64::from(top),
                f64::from(bottom),
            ),
        );
        for ((text, _), placed) in texts.iter().zip(&labels) {
            root.draw(&Text::new(
                text.clone(),
                (placed.x.round() as i32, placed.y.round() as i32),
                (FONT, SMALL_FONT_SIZE)
                    .into_font()
                    .color(&BLACK)
                    .pos(Pos::new(HPos::Left, VPos::Top)),
            ))?;
        }
        root.present()?;
    }
    Ok((
        svg::finish(out, "Monthly cost against recovery time for each pattern"),
        labels,
        fixed,
    ))
}

fn short_name(pattern: DeploymentPattern) -> &'static str {
    match pattern {
        DeploymentPattern::SingleRegion => "single region",
        DeploymentPattern::BackupRestore => "backup & restore",
        DeploymentPattern::PilotLight => "pilot light",
        DeploymentPattern::WarmStandby => "warm standby",
        DeploymentPattern::HotStandby => "hot standby",
        DeploymentPattern::ActiveActive => "active-active",
    }
}
