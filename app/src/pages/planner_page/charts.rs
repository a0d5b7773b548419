//! The three charts, drawn by the `charts` crate from the current estimate and comparison and
//! inserted as inline SVG. The server draws them for the first paint; the browser redraws
//! them on every change with the same code.

use leptos::prelude::*;

use super::PlannerState;

#[component]
pub fn Charts() -> impl IntoView {
    let state = expect_context::<PlannerState>();
    let cost = Memo::new(move |_| {
        state
            .estimate
            .with(charts::cost_by_region)
            .map_err(|err| err.to_string())
    });
    let pareto = Memo::new(move |_| {
        state
            .plan
            .with(|plan| {
                state
                    .comparison
                    .with(|comparison| charts::pareto(comparison, plan))
            })
            .map_err(|err| err.to_string())
    });
    // The timeline depends on the recovery steps and the RTO target only, which most inputs
    // leave alone: redraw it only when they change.
    let recovery = Memo::new(move |_| state.estimate.with(|estimate| estimate.recovery.clone()));
    let target = Memo::new(move |_| {
        state.plan.with(|plan| {
            plan.targets
                .as_ref()
                .and_then(|targets| targets.rto_seconds)
        })
    });
    let timeline = Memo::new(move |_| {
        let target = target.get();
        recovery
            .with(|recovery| charts::rto_timeline(recovery, target))
            .map_err(|err| err.to_string())
    });
    view! {
        <section class="panel" aria-labelledby="charts-heading">
            <h2 id="charts-heading">"Charts"</h2>
            <div class="charts">
                <Chart test_id="chart-cost" caption="Monthly cost by region, stacked by service" svg=cost />
                <Chart test_id="chart-pareto" caption="Cost against RTO for every pattern (filled: no other pattern is both cheaper and faster; ringed: this plan)" svg=pareto />
                <Chart test_id="chart-rto" caption="RTO timeline, with the RTO target" svg=timeline />
            </div>
        </section>
    }
}

#[component]
fn Chart(
    test_id: &'static str,
    caption: &'static str,
    svg: Memo<Result<String, String>>,
) -> impl IntoView {
    view! {
        <figure class="chart" data-testid=test_id>
            <div class="chart__svg" inner_html=move || svg.get().unwrap_or_default()></div>
            <figcaption>
                {caption}
                {move || svg.get().err().map(|err| view! { <span class="field-error">{format!(" ({err})")}</span> })}
            </figcaption>
        </figure>
    }
}
