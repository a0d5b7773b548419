//! Monthly cost per region, stacked by service.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use planner::{Decimal, Estimate};

use crate::{ChartError, FONT, FONT_SIZE, HEIGHT, PALETTE, SMALL_FONT_SIZE, WIDTH, axes, svg};

/// The legend entry that gathers the services beyond the palette.
const OTHER_SERVICES: &str = "Other services";

/// The services the chart names, in the bill's order: all of them when each can have its own
/// colour, else the costliest that fit and then [`OTHER_SERVICES`] for the rest.
fn legend_services(estimate: &Estimate) -> Vec<&'static str> {
    let mut services: Vec<(&'static str, Decimal)> = Vec::new();
    for line in &estimate.cost.lines {
        let cost = line.monthly_usd.unwrap_or_default();
        match services.iter_mut().find(|(name, _)| *name == line.service) {
            Some((_, total)) => *total += cost,
            None => services.push((line.service, cost)),
        }
    }
    if services.len() <= PALETTE.len() {
        return services.into_iter().map(|(name, _)| name).collect();
    }
    let mut by_cost = services.clone();
    by_cost.sort_by_key(|(_, total)| std::cmp::Reverse(*total));
    let kept: Vec<&str> = by_cost
        .iter()
        .take(PALETTE.len() - 1)
        .map(|(name, _)| *name)
        .collect();
    let mut legend: Vec<&'static str> = services
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| kept.contains(name))
        .collect();
    legend.push(OTHER_SERVICES);
    legend
}

/// The cost of each region (and the global services) as a horizontal bar, stacked by service
/// from left to right in the legend's order.
pub fn cost_by_region(estimate: &Estimate) -> Result<String, ChartError> {
    let regions: Vec<&str> = estimate
        .cost
        .region_totals
        .iter()
        .map(|(region, _)| region.as_str())
        .collect();
    let services = legend_services(estimate);
    // stacks[region][service] = monthly USD; "Other services" takes what the legend leaves out.
    let stacks: Vec<Vec<f64>> = regions
        .iter()
        .map(|region| {
            services
                .iter()
                .map(|service| {
                    let sum: Decimal = estimate
                        .cost
                        .lines
                        .iter()
                        .filter(|line| {
                            line.region == *region
                                && (line.service == *service
                                    || (*service == OTHER_SERVICES
                                        && !services.contains(&line.service)))
                        })
                        .filter_map(|line| line.monthly_usd)
                        .sum();
                    to_f64(sum)
                })
                .collect()
        })
        .collect();
    let tallest = stacks
        .iter()
        .map(|stack| stack.iter().sum::<f64>())
        .fold(0.0, f64::max);
    let right = nice_ceiling(tallest);

    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE)?;
        let (plot_area, legend_area) = root.split_horizontally(WIDTH * 64 / 100);
        let count = i32::try_from(regions.len().max(1)).unwrap_or(1);
        let mut chart = ChartBuilder::on(&plot_area)
            .margin(8)
            .x_label_area_size(30)
            .y_label_area_size(112)
            // An integer range includes its end: 0..count - 1 gives `count` segments.
            .build_cartesian_2d(0f64..right, (0..count - 1).into_segmented())?;
        let (x_pixels, y_pixels) = chart.plotting_area().get_pixel_range();
        let (left, right_edge) = (x_pixels.start, x_pixels.end);
        let (top_edge, bottom) = (y_pixels.start, y_pixels.end);
        for tick in axes::ticks(right) {
            let x = chart.backend_coord(&(tick, SegmentValue::Exact(0))).0;
            axes::vertical_tick(
                &root,
                x,
                (top_edge, bottom),
                format!("${}", thousands(tick)),
            )?;
        }
        for (index, region) in regions.iter().enumerate() {
            let row = count - 1 - i32::try_from(index).unwrap_or(0);
            let y = chart.backend_coord(&(0.0, SegmentValue::CenterOf(row))).1;
            axes::label(
                &root,
                (*region).to_owned(),
                (left - 8, y),
                HPos::Right,
                VPos::Center,
            )?;
        }
        axes::frame(&root, (left, right_edge), (top_edge, bottom))?;
        for (index, stack) in stacks.iter().enumerate() {
            let row = count - 1 - i32::try_from(index).unwrap_or(0);
            let mut left = 0.0;
            for (service, value) in stack.iter().enumerate() {
                if *value <= 0.0 {
                    continue;
                }
                let (r, g, b) = PALETTE[service % PALETTE.len()];
                let mut bar = Rectangle::new(
                    [
                        (left, SegmentValue::Exact(row)),
                        (left + value, SegmentValue::Exact(row + 1)),
                    ],
                    RGBColor(r, g, b).filled(),
                );
                bar.set_margin(5, 5, 0, 0);
                chart.draw_series(std::iter::once(bar))?;
                left += value;
            }
            chart.draw_series(std::iter::once(Text::new(
                format!(" ${}", thousands(left)),
                (left, SegmentValue::CenterOf(row)),
                (FONT, SMALL_FONT_SIZE)
                    .into_font()
                    .color(&BLACK)
                    .pos(Pos::new(HPos::Left, VPos::Center)),
            )))?;
        }
        // Legend: services in stacking order, left to right.
        let row = 22;
        for (index, service) in services.iter().enumerate() {
            let (r, g, b) = PALETTE[index % PALETTE.len()];
            let y = 24 + row * i32::try_from(index).unwrap_or(0);
            legend_area.draw(&Rectangle::new(
                [(8, y - 7), (22, y + 7)],
                RGBColor(r, g, b).filled(),
            ))?;
            legend_area.draw(&Rectangle::new(
                [(8, y - 7), (22, y + 7)],
                BLACK.stroke_width(1),
            ))?;
            legend_area.draw(&Text::new(
                service.to_string(),
                (30, y),
                (FONT, FONT_SIZE)
                    .into_font()
                    .color(&BLACK)
                    .pos(Pos::new(HPos::Left, VPos::Center)),
            ))?;
        }
        root.present()?;
    }
    Ok(svg::finish(
        out,
        "Monthly cost by region, stacked by service",
    ))
}

pub(crate) fn to_f64(value: Decimal) -> f64 {
    f64::try_from(value).unwrap_or(0.0)
}

/// The smallest of 1, 2, 2.5, 5 × 10^n at or above `value` (at least 1).
pub(crate) fn nice_ceiling(value: f64) -> f64 {
    if !value.is_finite() || value <= 1.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|step| step * magnitude)
        .find(|candidate| *candidate >= value)
        .unwrap_or(10.0 * magnitude)
}

/// `12,500` for axis labels.
pub(crate) fn thousands(value: f64) -> String {
    let whole = value.round().max(0.0) as u64;
    crate::group_thousands(&whole.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_helpers_round_to_readable_values() {
        assert_eq!(nice_ceiling(1741.0), 2000.0);
        assert_eq!(nice_ceiling(2100.0), 2500.0);
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(f64::NAN), 1.0);
        assert_eq!(thousands(12_500.4), "12,500");
    }
}
