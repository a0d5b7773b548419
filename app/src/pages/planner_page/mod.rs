//! The planner page: the inputs of a plan on one side, its estimate on the other, recomputed
//! in the browser on every change.
//!
//! State flows one way: the form writes into a JSON draft ([`draft`]); the draft parses into a
//! plan or an error naming the field; the last valid plan is estimated and compared with the
//! price book the page carries ([`crate::prices`]); the results render from that. The server
//! renders the same components with the same book and draft, so the first paint already shows
//! the full estimate, and the browser takes over without a request.

pub(crate) mod app_config;
pub(crate) mod charts;
pub(crate) mod diagram;
pub mod draft;
pub(crate) mod inputs;
pub(crate) mod results;
pub(crate) mod share;

use leptos::prelude::*;
use planner::{Comparison, Estimate, Plan, PlanError};
use serde_json::Value;

use crate::deferred::{Deferred, Part};
use crate::erase::EraseView;
use crate::prices::Prices;

/// The state every part of the page reads.
#[derive(Clone, Copy)]
pub struct PlannerState {
    pub draft: RwSignal<Value>,
    /// The first problem with the draft, if any.
    pub problem: Memo<Option<PlanError>>,
    /// The last plan that parsed: the results keep showing it while the draft is invalid.
    pub plan: Memo<Plan>,
    pub estimate: Memo<Estimate>,
    pub comparison: Memo<Comparison>,
    /// Why the address's plan was ignored, when it was.
    pub address_problem: RwSignal<Option<String>>,
    /// Bumped when back/forward restores another plan: the form's text fields, which read the
    /// draft only when drawn, then show the restored plan's text (the selects, radios and
    /// checkboxes follow the draft all along).
    pub restores: RwSignal<u32>,
    /// Whether commitment prices are loading, or why they could not be.
    pub prices_note: RwSignal<Option<String>>,
}

impl PlannerState {
    /// The state of a page that shows one plan and never changes it (a shared plan's page).
    pub fn fixed(plan: Plan, book: std::sync::Arc<planner::PriceBook>) -> PlannerState {
        let draft = RwSignal::new(serde_json::to_value(&plan).unwrap_or(Value::Null));
        let estimate = planner::estimate(&plan, &book);
        let comparison = planner::compare(&plan, &book);
        PlannerState {
            draft,
            problem: Memo::new(|_| None),
            plan: Memo::new(move |_| plan.clone()),
            estimate: Memo::new(move |_| estimate.clone()),
            comparison: Memo::new(move |_| comparison.clone()),
            address_problem: RwSignal::new(None),
            restores: RwSignal::new(0),
            prices_note: RwSignal::new(None),
        }
    }
}

#[component]
pub fn PlannerPage() -> impl IntoView {
    let Some(Prices(book)) = use_context::<Prices>() else {
        return view! {
            <main class="page">
                <p class="error-banner" role="alert">
                    "No price book is loaded, so no estimate can be computed. Reload the page; if it persists, the server's /readyz says why."
                </p>
            </main>
        }
        .erase();
    };

    let (initial, address_problem) = initial_draft();
    let draft = RwSignal::new(initial);
    let parsed = Memo::new(move |_| draft.with(draft::parse));
    let problem = Memo::new(move |_| parsed.with(|result| result.as_ref().err().cloned()));
    let plan = Memo::new(move |previous: Option<&Plan>| match parsed.get() {
        Ok(plan) => plan,
        Err(_) => previous.cloned().unwrap_or_else(|| {
            Plan::from_json(draft::DEFAULT_PLAN).expect("the default plan is valid")
        }),
    });
    // A signal: the page's book lacks commitment prices until a plan buys a commitment.
    let book = RwSignal::new(book);
    let estimate =
        Memo::new(move |_| plan.with(|plan| book.with(|book| planner::estimate(plan, book))));
    let comparison =
        Memo::new(move |_| plan.with(|plan| book.with(|book| planner::compare(plan, book))));
    let prices_note = RwSignal::new(None);
    #[cfg(feature = "hydrate")]
    crate::prices::load_commitments_when_needed(
        Memo::new(move |_| plan.with(|plan| plan.purchasing.commitment().is_some())),
        book,
        prices_note,
    );
    let state = PlannerState {
        draft,
        problem,
        plan,
        estimate,
        comparison,
        address_problem: RwSignal::new(address_problem),
        restores: RwSignal::new(0),
        prices_note,
    };
    provide_context(state);
    #[cfg(feature = "hydrate")]
    crate::deferred::remember_what_the_server_drew(&state);
    keep_address_in_step(state);
    #[cfg(feature = "hydrate")]
    restore_on_back_and_forward(state);

    let (hydrated, set_hydrated) = signal(false);
    // Effects run only in the browser, after hydration: this marks the page as interactive.
    Effect::new(move |_| set_hydrated.set(true));

    let title = move || {
        state
            .plan
            .with(|plan| format!("{} — Regionwise", plan.name))
    };
    view! {
        <leptos_meta::Title text=title />
        <main class="page planner" id="main" data-hydrated=move || hydrated.get().to_string()>
            <section class="intro">
                <h1>"Plan a multi-region deployment you can defend"</h1>
                <p>
                    "Choose a pattern, regions, database and app size. Recovery time, data loss, availability and the monthly bill per region and line item follow every change, each price with its source and date."
                </p>
                <button
                    type="button"
                    class="button"
                    data-testid="print-report"
                    hidden=move || !hydrated.get()
                    on:click=move |_| {
                        #[cfg(feature = "hydrate")]
                        let _ = window().print();
                    }
                >
                    "Print or save as PDF"
                </button>
            </section>
            {move || {
                state
                    .address_problem
                    .get()
                    .map(|message| {
                        view! {
                            <p class="error-banner" role="alert">
                                {format!("{message}; showing the default plan instead.")}
                            </p>
                        }
                    })
            }}
            <noscript>
                <p class="notice">
                    "JavaScript is off: the figures below are this plan's, but changing an input needs JavaScript (or the API and CLI)."
                </p>
            </noscript>
            <Deferred part=Part::Share />
            <results::SummaryBar />
            <div class="planner__layout">
                <inputs::PlanForm />
                <results::Results />
            </div>
            <Deferred part=Part::Architecture />
            <p class="status" data-testid="interactive-status" aria-live="polite">
                {move || {
                    if hydrated.get() {
                        "Interactive: every change recomputes in your browser."
                    } else {
                        "Loading interactive controls…"
                    }
                }}
            </p>
        </main>
    }
    .erase()
}

/// The draft the address carries, or the default plan (with the reason when the address's
/// plan could not be read).
fn initial_draft() -> (Value, Option<String>) {
    let encoded = crate::address::query_parameter(draft::URL_PARAMETER);
    document_or_default(encoded.as_deref())
}

/// The address's draft, or the default plan with the reason the address's could not be read.
fn document_or_default(encoded: Option<&str>) -> (Value, Option<String>) {
    match draft::from_parameter(encoded) {
        Ok(document) => (document, None),
        Err(message) => (draft::default_document(), Some(message)),
    }
}

/// Keeps the address bar equal to the current valid plan (browser only), once typing pauses.
///
/// Each pause that changes the plan adds a history entry, so back and forward step through
/// the edits ([`restore_on_back_and_forward`]); an entry per keystroke would make back
/// useless, and `history.pushState` is slow in Chromium (about 16 ms a call, measured with
/// the input latency benchmark), so doing it on every keystroke made each change miss a frame.
fn keep_address_in_step(state: PlannerState) {
    #[cfg(feature = "hydrate")]
    let pending: StoredValue<Option<TimeoutHandle>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move |_| {
        let document = state.draft.get();
        if state.problem.with(Option::is_some) {
            return;
        }
        #[cfg(feature = "hydrate")]
        {
            if let Some(handle) = pending.get_value() {
                handle.clear();
            }
            let handle = set_timeout_with_handle(
                move || record_in_address(&draft::encode_for_url(&document)),
                std::time::Duration::from_millis(ADDRESS_DELAY_MS),
            )
            .ok();
            pending.set_value(handle);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = document;
    });
}

/// How long typing must pause before the address follows.
#[cfg(feature = "hydrate")]
const ADDRESS_DELAY_MS: u64 = 300;

/// Adds a history entry for the plan `encoded`, unless the address already shows it (as it
/// does right after loading, or after back/forward restored it).
#[cfg(feature = "hydrate")]
fn record_in_address(encoded: &str) {
    let window = window();
    let location = window.location();
    let (Ok(path), Ok(search)) = (location.pathname(), location.search()) else {
        return;
    };
    let query = draft::search_with_plan(&search, encoded);
    if query == search {
        return;
    }
    if let Ok(history) = window.history() {
        let _ = history.push_state_with_url(
            &leptos::wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{query}")),
        );
    }
}

/// Back and forward: the plan in the address becomes the draft again, and the form shows it.
#[cfg(feature = "hydrate")]
fn restore_on_back_and_forward(state: PlannerState) {
    let listener = window_event_listener(leptos::ev::popstate, move |_| {
        let search = window().location().search().unwrap_or_default();
        let encoded = draft::parameter_from_search(&search, draft::URL_PARAMETER);
        let (document, problem) = document_or_default(encoded);
        state.address_problem.set(problem);
        state.draft.set(document);
        state.restores.update(|count| *count += 1);
    });
    on_cleanup(move || listener.remove());
}
