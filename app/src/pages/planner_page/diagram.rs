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
///
/// The server draws all four drawings, so the page reads the same without a script. In the
/// browser the diagram is redrawn once typing pauses (`REDRAW_DELAY_MS`, 150 ms), not on every
/// keystroke: each redraw replaces a whole SVG, and with it every change missed the input
/// latency budget of one frame (BENCHMARKS.md). Only the drawings in view are redrawn — the
/// wide one always (it is the one downloaded), the narrow one on a narrow screen, the
/// failover view once it is switched on; one out of view is emptied and drawn again when it
/// comes into view.
#[component]
pub fn Architecture() -> impl IntoView {
    let state = expect_context::<PlannerState>();
    let name = move || state.plan.with(|plan| plan.name.clone());
    // On the server every drawing is in view; in the browser, what the screen shows (read
    // while hydrating, from the page the server sent, so nothing in view is ever emptied).
    #[cfg(not(feature = "hydrate"))]
    let (failover_shown, narrow_screen) = (RwSignal::new(true), RwSignal::new(true));
    #[cfg(feature = "hydrate")]
    let (failover_shown, narrow_screen) = (
        RwSignal::new(failover_ticked()),
        RwSignal::new(is_narrow_screen()),
    );
    #[cfg(feature = "hydrate")]
    follow_the_screen(narrow_screen);
    // Bumped when the plan has stopped changing for a moment: what the drawings follow.
    let settled = RwSignal::new(0_u32);
    #[cfg(feature = "hydrate")]
    redraw_when_typing_pauses(state, settled);
    let draw = move |view: View, width: Width, id: &'static str, shown: Signal<bool>| {
        Memo::new(move |_| {
            settled.track();
            if !shown.get() {
                return String::new();
            }
            state.plan.with_untracked(|plan| {
                state
                    .estimate
                    .with_untracked(|estimate| architecture(plan, estimate, view, width, id))
            })
        })
    };
    let always = Signal::derive(|| true);
    let narrow = Signal::derive(move || narrow_screen.get());
    let failover_wide_shown = Signal::derive(move || failover_shown.get());
    let failover_narrow_shown = Signal::derive(move || failover_shown.get() && narrow_screen.get());
    let planned_wide = draw(View::AsPlanned, Width::Wide, "arch-pw", always);
    let planned_narrow = draw(View::AsPlanned, Width::Narrow, "arch-pn", narrow);
    let failover_wide = draw(
        View::AfterPrimaryLoss,
        Width::Wide,
        "arch-fw",
        failover_wide_shown,
    );
    let failover_narrow = draw(
        View::AfterPrimaryLoss,
        Width::Narrow,
        "arch-fn",
        failover_narrow_shown,
    );
    // Both text versions are always written (a few sentences, redrawn only after a pause):
    // leaving one out in the browser would not match the page the server sent.
    let sentences = move |view: View| {
        move || {
            settled.track();
            state.plan.with_untracked(|plan| {
                state.estimate.with_untracked(|estimate| {
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
            <input
                type="checkbox"
                id="architecture-failover"
                class="architecture__toggle"
                data-testid="architecture-failover"
                on:change=move |event| failover_shown.set(event_target_checked(&event))
            />
            <label for="architecture-failover" class="architecture__toggle-label">"Show after losing the primary"</label>
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

/// Whether the stylesheet lays the page out for a narrow screen (`max-width: 50rem`).
#[cfg(feature = "hydrate")]
fn is_narrow_screen() -> bool {
    window()
        .match_media("(max-width: 50rem)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}

/// Whether the failover view's checkbox is ticked (it may be, before hydration).
#[cfg(feature = "hydrate")]
fn failover_ticked() -> bool {
    use leptos::wasm_bindgen::JsCast;
    document()
        .get_element_by_id("architecture-failover")
        .and_then(|element| element.dyn_into::<leptos::web_sys::HtmlInputElement>().ok())
        .is_some_and(|input| input.checked())
}

/// Keeps `narrow_screen` equal to the stylesheet's layout as the window is resized.
#[cfg(feature = "hydrate")]
fn follow_the_screen(narrow_screen: RwSignal<bool>) {
    let listener = window_event_listener(leptos::ev::resize, move |_| {
        let narrow = is_narrow_screen();
        if narrow != narrow_screen.get_untracked() {
            narrow_screen.set(narrow);
        }
    });
    on_cleanup(move || listener.remove());
}

/// How long the plan must stay unchanged before the diagram is redrawn.
#[cfg(feature = "hydrate")]
const REDRAW_DELAY_MS: u64 = 150;

/// Bumps `settled` once the estimate has not changed for `REDRAW_DELAY_MS`.
#[cfg(feature = "hydrate")]
fn redraw_when_typing_pauses(state: PlannerState, settled: RwSignal<u32>) {
    let pending: StoredValue<Option<TimeoutHandle>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move |first_run: Option<()>| {
        state.estimate.track();
        // The first run is hydration: the server's drawings are already this estimate's.
        if first_run.is_none() {
            return;
        }
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || settled.update(|count| *count = count.wrapping_add(1)),
            std::time::Duration::from_millis(REDRAW_DELAY_MS),
        )
        .ok();
        pending.set_value(handle);
    });
}
