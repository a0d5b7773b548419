//! The architecture diagram of the plan on screen (`charts::architecture`), as planned and
//! after losing the primary, each at two widths: the stylesheet shows the wide one on a wide
//! screen and the narrow one on a phone, and a checkbox switches to the failover view with
//! no script at all. The browser redraws them from the same estimate on every change, with
//! no request. Beside them: the diagram as a list of sentences, and SVG and PNG downloads
//! (`public/diagram.js`, which saves the wide drawing of the view on screen).

use charts::architecture::{View, Width, architecture, scene};
use leptos::prelude::*;

use super::PlannerState;

/// The diagram section; the plan's name names the downloaded files.
#[component]
pub fn Architecture() -> impl IntoView {
    let state = expect_context::<PlannerState>();
    let name = move || state.plan.with(|plan| plan.name.clone());
    let draw = move |view: View, width: Width, id: &'static str| {
        Memo::new(move |_| {
            state.plan.with(|plan| {
                state
                    .estimate
                    .with(|estimate| architecture(plan, estimate, view, width, id))
            })
        })
    };
    let planned_wide = draw(View::AsPlanned, Width::Wide, "arch-pw");
    let planned_narrow = draw(View::AsPlanned, Width::Narrow, "arch-pn");
    let failover_wide = draw(View::AfterPrimaryLoss, Width::Wide, "arch-fw");
    let failover_narrow = draw(View::AfterPrimaryLoss, Width::Narrow, "arch-fn");
    let sentences = move |view: View| {
        move || {
            state.plan.with(|plan| {
                state.estimate.with(|estimate| {
                    scene(plan, estimate, view)
                        .as_text()
                        .into_iter()
                        .map(|sentence| view! { <li>{sentence}</li> })
                        .collect_view()
                })
            })
        }
    };
    view! {
        <section class="panel architecture" aria-labelledby="architecture-heading" data-testid="architecture" data-diagram=name>
            <h2 id="architecture-heading">"Architecture"</h2>
            <input type="checkbox" id="architecture-failover" class="architecture__toggle" data-testid="architecture-failover" />
            <label for="architecture-failover" class="architecture__toggle-label">"Show after losing the primary region"</label>
            <div class="architecture__view architecture__view--planned" data-testid="architecture-planned">
                <div class="architecture__svg architecture__svg--wide" inner_html=planned_wide></div>
                <div class="architecture__svg architecture__svg--narrow" inner_html=planned_narrow></div>
                <details class="architecture__text">
                    <summary>"The diagram as text"</summary>
                    <ul>{sentences(View::AsPlanned)}</ul>
                </details>
            </div>
            <div class="architecture__view architecture__view--failover" data-testid="architecture-after-failover">
                <div class="architecture__svg architecture__svg--wide" inner_html=failover_wide></div>
                <div class="architecture__svg architecture__svg--narrow" inner_html=failover_narrow></div>
                <details class="architecture__text">
                    <summary>"The diagram as text"</summary>
                    <ul>{sentences(View::AfterPrimaryLoss)}</ul>
                </details>
            </div>
            <p class="architecture__downloads">
                <button type="button" class="button" data-diagram-download="svg" data-testid="architecture-svg">"Download SVG"</button>
                <button type="button" class="button" data-diagram-download="png" data-testid="architecture-png">"Download PNG"</button>
            </p>
        </section>
    }
}
