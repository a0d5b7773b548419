//! The placed diagram as SVG text. Every style is a presentation attribute (no `<style>`, no
//! `style=`), so the SVG reads the same inline in a page under a strict Content-Security-Policy,
//! as a downloaded file and inside the Terraform bundle. Each frame and its text form one
//! `<g>`, which is what the browser test measures.

use std::fmt::Write;

use super::content::{CardState, LinkKind};
use super::layout::{FONT_SIZE, Layout, Stroke, Tone};
use crate::svg::escape;

const TRAFFIC_COLOUR: &str = "#1d4f91";
const DATA_COLOUR: &str = "#a04a00";
const TEXT_COLOUR: &str = "#1b1f24";
const MUTED_COLOUR: &str = "#545d68";

/// Writes `layout` as a standalone SVG document titled `title` and described by
/// `description`; `id` prefixes the ids it defines, so several diagrams can share a page.
pub fn svg(layout: &Layout, id: &str, title: &str, description: &str) -> String {
    let mut out = String::with_capacity(8_192 + 200 * layout.labels.len());
    let (width, height) = (layout.width.ceil(), layout.height.ceil());
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-labelledby="{id}-title {id}-desc" font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(title),
        escape(description)
    );
    for (name, colour) in [("t", TRAFFIC_COLOUR), ("d", DATA_COLOUR)] {
        let _ = write!(
            out,
            r#"<defs><marker id="{id}-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="{colour}"/></marker></defs>"#
        );
    }
    let _ = writeln!(
        out,
        "<rect width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>"
    );
    for link in &layout.links {
        let (colour, marker, dash, stroke_width) = match link.stroke {
            Stroke::Traffic => (TRAFFIC_COLOUR, "t", "", 1.6),
            Stroke::TrafficOnFailover => (TRAFFIC_COLOUR, "t", "7 4", 1.6),
            Stroke::Data(LinkKind::BackupCopy) => (DATA_COLOUR, "d", "2 3", 2.0),
            Stroke::Data(_) => (DATA_COLOUR, "d", "", 2.0),
        };
        let mut path = String::new();
        for (index, (x, y)) in link.points.iter().enumerate() {
            let _ = write!(path, "{}{x:.1} {y:.1}", if index == 0 { "M" } else { "L" });
        }
        let _ = write!(
            out,
            r#"<path d="{path}" fill="none" stroke="{colour}" stroke-width="{stroke_width}""#
        );
        if !dash.is_empty() {
            let _ = write!(out, r#" stroke-dasharray="{dash}""#);
        }
        // The legend's samples and the users' arrow carry no marker at their start.
        let _ = write!(out, r#" marker-end="url(#{id}-{marker})""#);
        if link.stroke == Stroke::Data(LinkKind::BothWays) {
            let _ = write!(out, r#" marker-start="url(#{id}-{marker})""#);
        }
        out.push_str("/>\n");
    }
    for (index, frame) in layout.frames.iter().enumerate() {
        let (fill, stroke, stroke_width, dash) = match frame.tone {
            Tone::Users => ("#ffffff", "#545d68", 1.0, ""),
            Tone::Entry => ("#eef3fa", TRAFFIC_COLOUR, 1.2, ""),
            Tone::Region(CardState::Primary) => ("#f3f7fd", TRAFFIC_COLOUR, 2.0, ""),
            Tone::Region(CardState::Normal) => ("#ffffff", "#545d68", 1.2, ""),
            Tone::Region(CardState::Lost) => ("#e6e6e6", "#6b6b6b", 1.5, "6 4"),
            Tone::Region(CardState::TakesOver) => ("#edf7ee", "#1e6b2a", 2.4, ""),
            Tone::Recovery => ("#fff8e6", "#8a6100", 1.2, ""),
            Tone::Legend => ("none", "#c3c9d0", 1.0, ""),
        };
        let rect = frame.rect;
        let _ = write!(
            out,
            r#"<g><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}""#,
            rect.x, rect.y, rect.width, rect.height
        );
        if !dash.is_empty() {
            let _ = write!(out, r#" stroke-dasharray="{dash}""#);
        }
        out.push_str("/>");
        let lost = frame.tone == Tone::Region(CardState::Lost);
        for label in layout.labels.iter().filter(|label| label.frame == index) {
            let _ = write!(out, r#"<text x="{:.1}" y="{:.1}""#, label.x, label.baseline);
            if label.size != FONT_SIZE {
                let _ = write!(out, r#" font-size="{}""#, label.size);
            }
            if label.bold {
                out.push_str(r#" font-weight="bold""#);
            }
            if label.muted || lost {
                let _ = write!(out, r#" fill="{MUTED_COLOUR}""#);
            }
            let _ = write!(out, ">{}</text>", escape(&label.text));
        }
        out.push_str("</g>\n");
    }
    out.push_str("</svg>");
    out
}
