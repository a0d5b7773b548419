//! The RTO timeline: each recovery step as a bar from when it starts to when it ends.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use planner::Recovery;

use crate::cost::nice_ceiling;
use crate::{ChartError, FONT, HEIGHT, PALETTE, SMALL_FONT_SIZE, WIDTH, svg};

/// One bar per step over seconds since the outage, labelled with its duration; steps that run
/// in parallel (database recovery and app readiness) overlap. A plan that cannot recover (one
/// region) gets a chart that says so.
pub fn rto_timeline(recovery: &Recovery) -> Result<String, ChartError> {
    let steps = &recovery.rto_steps;
    let end = steps
        .iter()
        .map(|step| step.starts_at_seconds + step.seconds)
        .max()
        .unwrap_or(0);
    let x_top = nice_ceiling(f64::from(end.max(1)) * 1.08);

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
            chart
                .configure_mesh()
                .disable_y_mesh()
                .x_labels(6)
                .x_desc("Seconds after the primary region fails")
                .x_label_formatter(&|value| format!("{value:.0}"))
                .y_label_formatter(&|value| match value {
                    // Row 0 is at the bottom; list the steps top-down in time order.
                    SegmentValue::CenterOf(index) => names
                        .get(usize::try_from(count - 1 - index).unwrap_or(usize::MAX))
                        .map(|name| (*name).to_owned())
                        .unwrap_or_default(),
                    _ => String::new(),
                })
                .label_style((FONT, SMALL_FONT_SIZE))
                .axis_desc_style((FONT, SMALL_FONT_SIZE))
                .light_line_style(TRANSPARENT)
                .draw()?;
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
    let title = match recovery.rto_seconds {
        Some(seconds) => format!("Recovery timeline: {seconds} s in all"),
        None => "Recovery timeline: no recovery for a single region".to_owned(),
    };
    Ok(svg::finish(out, &title))
}
