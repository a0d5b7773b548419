//! Axes, grid lines and tick labels, drawn as plain lines and text.
//!
//! Plotters' own mesh measures every tick label to place it, and in the browser each
//! measurement creates a canvas (`OffscreenCanvas` + `measureText`): dozens per redraw, which
//! dominated the time to redraw the charts on an input change. SVG aligns text itself
//! (`text-anchor`), so nothing here measures: labels are anchored at their tick.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::{ChartError, FONT, SMALL_FONT_SIZE};

const GRID: RGBColor = RGBColor(0xdd, 0xe1, 0xe7);
const AXIS: RGBColor = RGBColor(0x4a, 0x57, 0x68);

/// A label at a pixel position, anchored as `h`/`v` say.
pub(crate) fn label<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: String,
    at: (i32, i32),
    h: HPos,
    v: VPos,
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    root.draw(&Text::new(
        text,
        at,
        (FONT, SMALL_FONT_SIZE)
            .into_font()
            .color(&BLACK)
            .pos(Pos::new(h, v)),
    ))?;
    Ok(())
}

/// A vertical grid line with its label under the plot, at pixel column `x`.
pub(crate) fn vertical_tick<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    x: i32,
    (top, bottom): (i32, i32),
    text: String,
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    root.draw(&PathElement::new(
        [(x, top), (x, bottom)],
        GRID.stroke_width(1),
    ))?;
    root.draw(&PathElement::new(
        [(x, bottom), (x, bottom + 5)],
        AXIS.stroke_width(1),
    ))?;
    label(root, text, (x, bottom + 8), HPos::Center, VPos::Top)
}

/// A horizontal grid line with its label left of the plot, at pixel row `y`.
pub(crate) fn horizontal_tick<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    y: i32,
    (left, right): (i32, i32),
    text: String,
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    root.draw(&PathElement::new(
        [(left, y), (right, y)],
        GRID.stroke_width(1),
    ))?;
    root.draw(&PathElement::new(
        [(left - 5, y), (left, y)],
        AXIS.stroke_width(1),
    ))?;
    label(root, text, (left - 8, y), HPos::Right, VPos::Center)
}

/// The left and bottom axis lines of a plot spanning the given pixel ranges.
pub(crate) fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    (left, right): (i32, i32),
    (top, bottom): (i32, i32),
) -> Result<(), ChartError>
where
    DB::ErrorType: 'static,
{
    root.draw(&PathElement::new(
        [(left, top), (left, bottom), (right, bottom)],
        AXIS.stroke_width(1),
    ))?;
    Ok(())
}

/// Evenly spaced round ticks from 0 to `top` (which [`crate::cost::nice_ceiling`] made round).
pub(crate) fn ticks(top: f64) -> Vec<f64> {
    if !top.is_finite() || top <= 0.0 {
        return vec![0.0];
    }
    let magnitude = 10f64.powf(top.log10().floor());
    let mantissa = top / magnitude;
    let parts = if (mantissa - 2.0).abs() < 1e-9 { 4 } else { 5 };
    (0..=parts)
        .map(|index| top * f64::from(index) / f64::from(parts))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round() {
        assert_eq!(ticks(2000.0), vec![0.0, 500.0, 1000.0, 1500.0, 2000.0]);
        assert_eq!(
            ticks(2500.0),
            vec![0.0, 500.0, 1000.0, 1500.0, 2000.0, 2500.0]
        );
        assert_eq!(ticks(50.0), vec![0.0, 10.0, 20.0, 30.0, 40.0, 50.0]);
        assert_eq!(ticks(0.0), vec![0.0]);
    }
}
