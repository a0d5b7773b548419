//! The home page: the entry to the planner.
//!
//! It introduces the deployment patterns Regionwise plans for and lets the visitor pick one to
//! read its published expectations. The picker is the first interactive control: it is rendered
//! on the server (readable without scripts) and becomes live once the wasm bundle hydrates.

use leptos::prelude::*;
use planner::DeploymentPattern;

#[component]
pub fn HomePage() -> impl IntoView {
    let (pattern, set_pattern) = signal(DeploymentPattern::WarmStandby);
    let (hydrated, set_hydrated) = signal(false);
    // Effects run only in the browser, after hydration: this marks the page as interactive.
    Effect::new(move |_| set_hydrated.set(true));

    let on_pattern_change = move |event| {
        if let Some(chosen) = DeploymentPattern::from_slug(&event_target_value(&event)) {
            set_pattern.set(chosen);
        }
    };

    view! {
        <header class="masthead">
            <div class="masthead__inner">
                <a class="brand" href="/">
                    "Regionwise"
                </a>
                <p class="masthead__tagline">"Multi-region SaaS on AWS, costed and recoverable"</p>
            </div>
        </header>
        <main class="page" data-hydrated=move || hydrated.get().to_string()>
            <section class="intro">
                <h1>"Plan a multi-region deployment you can defend"</h1>
                <p>
                    "Pick a deployment pattern, regions and instance classes; Regionwise computes recovery time, data loss, availability and monthly cost per region and line item from AWS prices, and exports the design as Terraform."
                </p>
            </section>

            <section class="panel" aria-labelledby="pattern-heading">
                <h2 id="pattern-heading">"Deployment pattern"</h2>
                <div class="field">
                    <label for="pattern">"Pattern"</label>
                    <select id="pattern" name="pattern" on:change=on_pattern_change>
                        {DeploymentPattern::ALL
                            .into_iter()
                            .map(|option| {
                                view! {
                                    <option
                                        value=option.slug()
                                        selected=move || pattern.get() == option
                                    >
                                        {option.profile().title}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <PatternSummary pattern=pattern />
            </section>

            <section class="panel" aria-labelledby="compare-heading">
                <h2 id="compare-heading">"What each pattern promises"</h2>
                <PatternTable selected=pattern />
            </section>

            <p class="status" data-testid="interactive-status" aria-live="polite">
                {move || {
                    if hydrated.get() {
                        "Interactive: changes apply instantly in your browser."
                    } else {
                        "Loading interactive controls…"
                    }
                }}
            </p>
        </main>
    }
}

/// The selected pattern's published expectations.
#[component]
fn PatternSummary(pattern: ReadSignal<DeploymentPattern>) -> impl IntoView {
    let profile = move || pattern.get().profile();
    view! {
        <article class="pattern-summary" data-testid="pattern-summary">
            <h3>{move || profile().title}</h3>
            <p>{move || profile().summary}</p>
            <dl class="facts">
                <div>
                    <dt>"Typical RTO"</dt>
                    <dd data-testid="pattern-rto">{move || profile().typical_rto}</dd>
                </div>
                <div>
                    <dt>"Typical RPO"</dt>
                    <dd data-testid="pattern-rpo">{move || profile().typical_rpo}</dd>
                </div>
                <div>
                    <dt>"Complexity"</dt>
                    <dd>{move || profile().complexity}</dd>
                </div>
                <div>
                    <dt>"Cost vs single region"</dt>
                    <dd>{move || profile().typical_cost_multiplier}</dd>
                </div>
            </dl>
            <p class="source">"Source: " {move || profile().source}</p>
        </article>
    }
}

/// All patterns side by side, the selected one highlighted.
#[component]
fn PatternTable(selected: ReadSignal<DeploymentPattern>) -> impl IntoView {
    view! {
        <div class="table-scroll">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">"Pattern"</th>
                        <th scope="col">"RTO"</th>
                        <th scope="col">"RPO"</th>
                        <th scope="col">"Complexity"</th>
                        <th scope="col">"Cost"</th>
                    </tr>
                </thead>
                <tbody>
                    {DeploymentPattern::ALL
                        .into_iter()
                        .map(|row| {
                            let profile = row.profile();
                            view! {
                                <tr
                                    class:selected=move || selected.get() == row
                                    aria-current=move || (selected.get() == row).then_some("true")
                                >
                                    <th scope="row">{profile.title}</th>
                                    <td>{profile.typical_rto}</td>
                                    <td>{profile.typical_rpo}</td>
                                    <td>{profile.complexity}</td>
                                    <td>{profile.typical_cost_multiplier}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
