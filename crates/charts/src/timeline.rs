//! The RTO timeline: each recovery step as a bar from when it starts to when it ends, with the
//! plan's RTO target as a line (or named at the edge when it lies far beyond the steps).

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use planner::Recovery;

use crate::cost::nice_ceiling;
use crate::{ChartError, FONT, HEIGHT, PALETTE, SMALL_FONT_SIZE, WIDTH, axes, svg};

/// One bar per step over seconds since the outage, labelled with its duration; steps that run
/// in parallel (database recovery and app readiness) overlap; `target` (the plan's RTO target,
/// seconds) as a line. A plan that cannot recover (one region) gets a chart that says so.
pub fn rto_timeline(recovery: &Recovery, target: Option<u32>) -> Result<String, ChartError> {
    let steps = &recovery.rto_steps;
    let end = steps
        .iter()
        .map(|step| step.starts_at_seconds + step.seconds)
        .max()
        .unwrap_or(0);
    let shown_target = target.filter(|target| f64::from(*target) <= f64::from(end.max(1)) * 1.5);
    let x_top = nice_ceiling(f64::from(end.max(shown_target.unwrap_or(0)).max(1)) * 1.08);

    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE)?;
        if steps.is_empty() {
            root.draw(&Text::new(
                "No recovery: a single region has nowhere to fail over to.".to_owned(),
                (
                    i32::try_from(WIDTH / 2).unwrap_or(0),
                    i32::try_from(HEIGHT / 2).unwrap_or(0),
                ),
                (FONT, 16)
                    .into_font()
                    .color(&BLACK)
                    .pos(Pos::new(HPos::Center, VPos::Center)),
            ))?;
        } else {
            let count = i32::try_from(steps.len()).unwrap_or(1);
            let names: Vec<&str> = steps.iter().map(|step| step.step).collect();
            let mut chart = ChartBuilder::on(&root)
                .margin(12)
                .x_label_area_size(44)
                .y_label_area_size(215)
                // An integer range includes its end: 0..count - 1 gives `count` segments.
                .build_cartesian_2d(0f64..x_top, (0..count - 1).into_segmented())?;
            let (x_pixels, y_pixels) = chart.plotting_area().get_pixel_range();
            let (left, right) = (x_pixels.start, x_pixels.end);
            let (top, bottom) = (y_pixels.start, y_pixels.end);
            for tick in axes::ticks(x_top) {
                let x = chart.backend_coord(&(tick, SegmentValue::Exact(0))).0;
                axes::vertical_tick(&root, x, (top, bottom), format!("{tick:.0}"))?;
            }
            for (index, name) in names.iter().enumerate() {
                let row = count - 1 - i32::try_from(index).unwrap_or(0);
                let y = chart.backend_coord(&(0.0, SegmentValue::CenterOf(row))).1;
                axes::label(
                    &root,
                    (*name).to_owned(),
                    (left - 8, y),
                    HPos::Right,
                    VPos::Center,
                )?;
            }
            axes::frame(&root, (left, right), (top, bottom))?;
            axes::label(
                &root,
                "Seconds after the primary region fails".to_owned(),
                ((left + right) / 2, bottom + 28),
                HPos::Center,
                VPos::Top,
            )?;
            let red = RGBColor(0x9b, 0x1c, 0x1c);
            let target_font = (FONT, SMALL_FONT_SIZE).into_font().color(&red);
            match (target, shown_target) {
                (_, Some(shown)) => {
                    let x = chart
                        .backend_coord(&(f64::from(shown), SegmentValue::Exact(0)))
                        .0;
                    root.draw(&PathElement::new(
                        [(x, top), (x, bottom)],
                        red.stroke_width(2),
                    ))?;
                    root.draw(&Text::new(
                        "RTO target".to_owned(),
                        (x - 4, top + 2),
                        target_font.pos(Pos::new(HPos::Right, VPos::Top)),
                    ))?;
                }
                (Some(far), None) => {
                    root.draw(&Text::new(
                        format!("RTO target {} →", planner::display::duration(far)),
                        (right - 4, top + 2),
                        target_font.pos(Pos::new(HPos::Right, VPos::Top)),
                    ))?;
                }
                (None, None) => {}
            }
            for (index, step) in steps.iter().enumerate() {
                let row = count - 1 - i32::try_from(index).unwrap_or(0);
                let start = f64::from(step.starts_at_seconds);
                let finish = start + f64::from(step.seconds);
                let (r, g, b) = PALETTE[index % PALETTE.len()];
                let mut bar = Rectangle::new(
                    [
                        (start, SegmentValue::Exact(row)),
                        (
                            finish.max(start + x_top * 0.004),
                            SegmentValue::Exact(row + 1),
                        ),
                    ],
                    RGBColor(r, g, b).filled(),
                );
                bar.set_margin(7, 7, 0, 0);
                chart.draw_series(std::iter::once(bar))?;
                chart.draw_series(std::iter::once(Text::new(
                    format!(" {} s", step.seconds),
                    (finish, SegmentValue::CenterOf(row)),
                    (FONT, SMALL_FONT_SIZE)
                        .into_font()
                        .color(&BLACK)
                        .pos(Pos::new(HPos::Left, VPos::Center)),
                )))?;
            }
        }
        root.present()?;
    }
    let title = match (recovery.rto_seconds, recovery.rto_worst_seconds) {
        (Some(seconds), Some(worst)) => {
            format!("Recovery timeline: {seconds} s typical, {worst} s worst case")
        }
        (Some(seconds), None) => format!("Recovery timeline: {seconds} s in all"),
        (None, _) => "Recovery timeline: no recovery for a single region".to_owned(),
    };
    Ok(svg::finish(out, &title))
}
