//! Parts of the planner page that become interactive after the rest, from a second wasm file.
//!
//! The server renders every part of the page at once, so it reads the same without a script.
//! In the browser, what the first interaction needs — the form's common sections, the engine,
//! the headline figures, the warnings and the cost table — hydrates from the first wasm file.
//! The parts listed in [`Part`] are compiled into a lazily loaded one: `later_parts` is a
//! `wasm_split` split point (what Leptos's `#[lazy]` is built on), which `cargo leptos build
//! --split` writes to its own file, fetched once the page is hydrated. Until it arrives the
//! parts stay as the server drew them. Then each part hydrates the server's HTML in place when
//! the plan is still the one the server drew, and otherwise (or in a slot the browser drew
//! itself, not the server) is drawn afresh from the current plan and replaces it within one
//! task, so nothing flashes. A loaded part carries `data-ready` (`unavailable` when
//! the file could not be fetched); the end-to-end tests wait for it. A value typed into one of
//! the form's deferred fields before its code arrived is not applied until that field changes
//! again (or is replaced, when its part is drawn afresh): a window of a fraction of a second.

use leptos::prelude::*;

/// A part of the planner page whose code arrives after the first interaction's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Share,
    PrintedInputs,
    Warnings,
    CostCsv,
    TrafficInputs,
    PurchasingInputs,
    TargetInputs,
    Recommendation,
    Targets,
    Charts,
    RecoveryTimeline,
    TerraformDownload,
    AppConfig,
    Comparison,
    Architecture,
}

impl Part {
    /// The part's name in the page (`data-part`).
    pub fn name(self) -> &'static str {
        match self {
            Part::Share => "share",
            Part::PrintedInputs => "printed-inputs",
            Part::Warnings => "warnings",
            Part::CostCsv => "cost-csv",
            Part::TrafficInputs => "traffic-inputs",
            Part::PurchasingInputs => "purchasing-inputs",
            Part::TargetInputs => "target-inputs",
            Part::Recommendation => "recommendation",
            Part::Targets => "targets",
            Part::RecoveryTimeline => "recovery-timeline",
            Part::TerraformDownload => "terraform-download",
            Part::Charts => "charts",
            Part::AppConfig => "app-config",
            Part::Comparison => "comparison",
            Part::Architecture => "architecture",
        }
    }

    /// The part's view. Called by the server directly and, in the browser, only from the
    /// lazily loaded file: nothing else in the first file refers to these components.
    fn view(self) -> leptos::prelude::AnyView {
        use crate::erase::EraseView;
        use crate::pages::planner_page::{app_config, charts, diagram, inputs, results, share};
        match self {
            Part::Share => share::SharePanel().erase(),
            Part::PrintedInputs => results::PrintedInputs().erase(),
            Part::Warnings => results::Warnings().erase(),
            Part::CostCsv => results::CostCsvLink().erase(),
            Part::TrafficInputs => inputs::TrafficInputs().erase(),
            Part::PurchasingInputs => inputs::Purchasing().erase(),
            Part::TargetInputs => inputs::TargetInputs().erase(),
            Part::Recommendation => results::Recommendation().erase(),
            Part::Targets => results::Targets().erase(),
            Part::RecoveryTimeline => results::RecoveryTimeline().erase(),
            Part::TerraformDownload => results::TerraformDownload().erase(),
            Part::Charts => charts::Charts().erase(),
            Part::AppConfig => app_config::AppConfig().erase(),
            Part::Comparison => results::Comparison().erase(),
            Part::Architecture => diagram::Architecture().erase(),
        }
    }
}

/// A slot for `part`: on the server, the part itself; in the browser, the server's HTML until
/// the part's code has loaded.
#[component]
pub fn Deferred(part: Part) -> impl IntoView {
    #[cfg(not(feature = "hydrate"))]
    {
        view! { <div class="deferred" data-part=part.name()>{part.view()}</div> }
    }
    #[cfg(feature = "hydrate")]
    {
        let slot = NodeRef::<leptos::html::Div>::new();
        browser::take_over_when_loaded(part, slot);
        // No children: hydrating an element without children leaves the server's in place.
        view! { <div class="deferred" data-part=part.name() node_ref=slot></div> }
    }
}

/// A lazily loaded wasm file could not be fetched (say, the network dropped). The error of
/// every split point (`later_parts` here, the full price book's reader in `crate::prices`).
#[cfg(feature = "hydrate")]
pub(crate) struct NotLoaded;

#[cfg(feature = "hydrate")]
impl From<leptos::wasm_split::SplitLoaderError> for NotLoaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        NotLoaded
    }
}

/// The plan and estimate the server drew the page with, taken once as hydration starts: a part
/// hydrates the server's HTML only while they are unchanged.
#[cfg(feature = "hydrate")]
#[derive(Clone)]
struct Drawn(std::sync::Arc<(planner::Plan, planner::Estimate)>);

/// Records what the server drew (the planner page calls it right after creating its state).
#[cfg(feature = "hydrate")]
pub fn remember_what_the_server_drew(state: &crate::pages::planner_page::PlannerState) {
    provide_context(Drawn(std::sync::Arc::new((
        state.plan.get_untracked(),
        state.estimate.get_untracked(),
    ))));
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use leptos::tachys::{
        hydration::Cursor,
        view::{Mountable, Position, PositionState, Render, RenderHtml},
    };

    use super::{Drawn, NotLoaded, Part};
    use crate::pages::planner_page::PlannerState;

    /// The split point: everything only reachable from here — every deferred part's code — is
    /// written to `pkg/split_regionwise_later_parts.<hash>.wasm`, fetched on the first call.
    /// One file for all parts: they are all wanted as soon as the page is interactive.
    #[leptos::wasm_split::wasm_split(
        regionwise_later_parts,
        wasm_split_path = ::leptos::wasm_split,
        fallible
    )]
    fn later_parts() -> Result<fn(Part) -> AnyView, NotLoaded> {
        Ok(Part::view)
    }

    /// After hydration, loads the part's code and hydrates or redraws the slot with it.
    pub(super) fn take_over_when_loaded(part: Part, slot: NodeRef<leptos::html::Div>) {
        let state = expect_context::<PlannerState>();
        let drawn = use_context::<Drawn>();
        // Whether the slot holds the server's HTML: it does while the page hydrates, not in a
        // view the browser draws later (no part sits in one today; this keeps it safe if one
        // does).
        let from_server =
            Owner::current_shared_context().is_some_and(|context| context.during_hydration());
        let owner = Owner::new();
        let mounted: StoredValue<Option<<AnyView as Render>::State>, LocalStorage> =
            StoredValue::new_local(None);
        // Effects run once hydration is over, so the first interaction never waits for this.
        Effect::new(move |_| {
            let (owner, drawn) = (owner.clone(), drawn.clone());
            leptos::task::spawn_local(async move {
                let loaded = later_parts().await;
                let Some(element) = slot.get_untracked() else {
                    return;
                };
                // The parts then stay as the server drew them; the rest of the page works on.
                let Ok(view_of) = loaded else {
                    leptos::logging::warn!(
                        "Regionwise: the code of the page's {} part could not be loaded; it stays as the server drew it",
                        part.name()
                    );
                    let _ = element.set_attribute("data-ready", "unavailable");
                    return;
                };
                let unchanged = drawn.is_some_and(|Drawn(drawn)| {
                    state.plan.with_untracked(|plan| plan == &drawn.0)
                        && state
                            .estimate
                            .with_untracked(|estimate| estimate == &drawn.1)
                });
                // The part's components are created in the page's reactive scope, for its
                // context and cleanup.
                let view_state = owner.with(|| {
                    let view = view_of(part);
                    if unchanged && from_server {
                        view.hydrate::<true>(
                            &Cursor::new(element.clone().into()),
                            &PositionState::new(Position::FirstChild),
                        )
                    } else {
                        let mut fresh = view.build();
                        element.set_inner_html("");
                        fresh.mount(&element, None);
                        fresh
                    }
                });
                mounted.set_value(Some(view_state));
                let _ = element.set_attribute("data-ready", "");
            });
        });
    }
}
