//! The architecture diagram of a plan: users, the entry point (Route 53 records or Global
//! Accelerator), each region as a card with its role, network, load balancer, app tasks,
//! database, cache and monthly cost, and the replication between regions labelled with its
//! lag and monthly transfer cost — as planned, or after losing the primary.
//!
//! Three steps, each its own module: [`content`] says what the diagram shows (from the plan's
//! topology and estimate), [`layout`] places it (measuring and wrapping text itself, so the
//! layout can be checked for overlaps), `render` writes the SVG. Pure and wasm-ready like the
//! charts: the server draws the first paint, the share page and the Terraform bundle's
//! `docs/architecture.svg`; the browser redraws it on every change.

pub mod content;
pub mod layout;
mod render;

pub use content::{Scene, View, scene};
pub use layout::{Layout, Width, layout};

use planner::{Estimate, Plan};

/// The diagram of `plan` as an SVG document; `id` prefixes the ids it defines (unique per page).
pub fn architecture(
    plan: &Plan,
    estimate: &Estimate,
    view: View,
    width: Width,
    id: &str,
) -> String {
    let scene = scene(plan, estimate, view);
    render::svg(&layout(&scene, width), id, &scene.title, &scene.description)
}
