//! The estimate of the current plan: headline figures, targets, the RTO timeline, the cost
//! table per region and line item with each price's source, the comparison of all patterns
//! with the recommendation, warnings and the charts. Everything here reads the memos in
//! [`PlannerState`]; nothing computes on its own.

use leptos::prelude::*;
use planner::{CostLine, Decimal};

use super::PlannerState;
use crate::deferred::{Deferred, Part};
use crate::erase::EraseView;
use crate::format;

#[component]
pub fn Results() -> impl IntoView {
    view! {
        <div class="results" id="results" aria-live="polite" tabindex="-1">
            <StaleNotice />
            <Deferred part=Part::PrintedInputs />
            <Headline />
            <Deferred part=Part::Recommendation />
            <Deferred part=Part::Targets />
            <Deferred part=Part::Warnings />
            <Deferred part=Part::Charts />
            <Deferred part=Part::RecoveryTimeline />
            <CostTable />
            <Deferred part=Part::TerraformDownload />
            <Deferred part=Part::AppConfig />
            <Deferred part=Part::Comparison />
        </div>
    }
    .erase()
}

fn state() -> PlannerState {
    expect_context::<PlannerState>()
}

/// The headline figures in one line that stays at the top of the screen on narrow screens,
/// where the results come after the form.
#[component]
pub fn SummaryBar() -> impl IntoView {
    let state = state();
    let estimate = state.estimate;
    view! {
        <p class="summary-bar" data-testid="summary-bar" aria-label="Summary of the plan on screen">
            <strong>{move || estimate.with(|estimate| format!("{} a month", format::usd(estimate.cost.total_monthly_usd)))}</strong>
            <span>{move || estimate.with(|estimate| format!("RTO {}", format::objective(estimate.recovery.rto_seconds)))}</span>
            <span>{move || estimate.with(|estimate| format!("RPO {}", format::objective(estimate.recovery.rpo_seconds)))}</span>
            <span>{move || state.problem.with(|problem| if problem.is_some() { "last valid plan" } else { "" })}</span>
            <a href="#results">"Results"</a>
        </p>
    }
}

/// The plan's inputs as a definition list: on a shared plan's page, and in the printed report
/// (where the form itself is not printed). Built as escaped HTML text rather than a view tree:
/// the list is only read, and a string costs the browser bundle far less than a view.
#[component]
pub fn PlanInputs(#[prop(optional)] print_only: bool) -> impl IntoView {
    let plan = state().plan;
    let heading = move || plan.with(|plan| format!("{}: the plan's inputs", plan.name));
    let rows = move || {
        plan.with(|plan| {
            planner::plan::fields::inputs(plan)
                .into_iter()
                .map(|(label, value)| {
                    format!(
                        "<dt>{}</dt><dd>{}</dd>",
                        escape_html(label),
                        escape_html(&value)
                    )
                })
                .collect::<String>()
        })
    };
    view! {
        <section class="panel plan-inputs" class:print-only=print_only aria-labelledby="inputs-heading" data-testid="plan-inputs">
            <h2 id="inputs-heading">{heading}</h2>
            <dl inner_html=rows></dl>
        </section>
    }
}

/// The plan's inputs for the printed report only (the screen shows the form instead).
#[component]
pub(crate) fn PrintedInputs() -> impl IntoView {
    view! { <PlanInputs print_only=true /> }
}

/// Text made safe to place in HTML.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// While the form holds an invalid value, the results say they are the last valid plan's.
#[component]
fn StaleNotice() -> impl IntoView {
    let problem = state().problem;
    move || {
        problem.get().map(|problem| {
            view! {
                <p class="stale-notice" data-testid="stale-notice">
                    {format!("Showing the last valid plan: {}.", problem.for_people())}
                </p>
            }
        })
    }
}

/// The recommended pattern beside the headline figures: why it wins, by how much it meets each
/// target, and what the cheaper patterns miss.
#[component]
pub(crate) fn Recommendation() -> impl IntoView {
    let comparison = state().comparison;
    view! {
        <section class="recommendation panel" aria-labelledby="recommendation-heading" data-testid="recommendation">
            <h2 id="recommendation-heading">"Recommendation"</h2>
            {move || {
                comparison.with(|comparison| match (&comparison.recommendation, &comparison.note) {
                    (Some(recommendation), _) => {
                        view! {
                            <p>
                                <strong>{format!("{}. ", recommendation.pattern.profile().title)}</strong>
                                {recommendation.reason.clone()}
                            </p>
                            <ul class="margins" data-testid="recommendation-margins">
                                {recommendation.margins.iter().map(|margin| view! { <li>{margin.clone()}</li> }).collect_view()}
                            </ul>
                            {(!recommendation.cheaper_alternatives.is_empty()).then(|| {
                                view! {
                                    <p class="hint">
                                        {format!("Cheaper, but not enough: {}.", recommendation.cheaper_alternatives.join("; "))}
                                    </p>
                                }
                            })}
                        }
                            .erase()
                    }
                    (None, Some(note)) => view! { <p>{note.clone()}</p> }.erase(),
                    (None, None) => view! { <p>"Set targets to get a recommendation."</p> }.erase(),
                })
            }}
        </section>
    }
}

#[component]
fn Headline() -> impl IntoView {
    let estimate = state().estimate;
    let total = move || {
        estimate.with(|estimate| {
            let unpriced = estimate.cost.missing_prices.len();
            let total = format::usd(estimate.cost.total_monthly_usd);
            if unpriced == 0 {
                total
            } else {
                format!("≥ {total}")
            }
        })
    };
    let multiplier = move || {
        estimate.with(|estimate| match estimate.cost_multiplier {
            Some(multiplier) => format!(
                "{}× one region ({})",
                multiplier.normalize(),
                format::usd(estimate.single_region_baseline_usd)
            ),
            None => "no single-region baseline".to_owned(),
        })
    };
    view! {
        <section class="headline" aria-label="Summary">
            <div class="metric metric--primary">
                <span class="metric__label">"Monthly cost"</span>
                <span class="metric__value" data-testid="total-monthly-cost">{total}</span>
                <span class="metric__note">{multiplier}</span>
                {move || {
                    estimate
                        .with(|estimate| {
                            estimate
                                .cost
                                .commitments
                                .as_ref()
                                .map(|commitments| {
                                    let unsold = match commitments.not_offered.len() {
                                        0 => String::new(),
                                        lines => format!("; {lines} lines stay on-demand, as AWS sells no such commitment for them"),
                                    };
                                    format!(
                                        "{} {}: {} upfront; saves {} a month against {} on-demand{unsold}",
                                        commitments.term.title(),
                                        commitments.payment.title().to_ascii_lowercase(),
                                        format::usd(commitments.upfront_usd),
                                        format::usd(commitments.saving_monthly_usd),
                                        format::usd(commitments.on_demand_monthly_usd),
                                    )
                                })
                        })
                        .map(|note| view! { <span class="metric__note" data-testid="commitment-note">{note}</span> })
                }}
            </div>
            <div class="metric">
                <span class="metric__label">"RTO"</span>
                <span class="metric__value" data-testid="rto">
                    {move || estimate.with(|estimate| format::objective(estimate.recovery.rto_seconds))}
                </span>
                <span class="metric__note" data-testid="rto-worst">
                    {move || {
                        estimate.with(|estimate| match estimate.recovery.rto_worst_seconds {
                            Some(worst) => format!("typical; worst case {} (targets are checked against it)", format::duration(worst)),
                            None => "time to recover from losing the primary region".to_owned(),
                        })
                    }}
                </span>
            </div>
            <div class="metric">
                <span class="metric__label">"RPO"</span>
                <span class="metric__value" data-testid="rpo">
                    {move || estimate.with(|estimate| format::objective(estimate.recovery.rpo_seconds))}
                </span>
                <span class="metric__note" data-testid="rpo-bound">
                    {move || {
                        estimate.with(|estimate| {
                            match estimate.recovery.rpo_label(format::duration) {
                                Some(label) => format!("data an unplanned failover loses: {label}"),
                                None => "data that can be lost".to_owned(),
                            }
                        })
                    }}
                </span>
            </div>
            <div class="metric">
                <span class="metric__label">"Availability, upper bound"</span>
                <span class="metric__value" data-testid="availability">
                    {move || estimate.with(|estimate| format!("{:.4} %", estimate.availability.percent))}
                </span>
                <span class="metric__note">
                    {move || {
                        estimate.with(|estimate| {
                            format!(
                                "from AWS SLAs: ≈ {:.1} min of downtime a month at best; {:.4} % with worst-case failovers",
                                estimate.availability.downtime_minutes_per_month,
                                estimate.availability.worst_case_percent
                            )
                        })
                    }}
                </span>
            </div>
            <p class="price-note" data-testid="price-note">
                {move || {
                    estimate.with(|estimate| {
                        let backing = &estimate.record_backing;
                        let records = match &backing.records_of {
                            Some(date) => format!(
                                "{} % of this estimate’s dollars from AWS records of {date}",
                                backing.percent.normalize()
                            ),
                            None => "none of this estimate’s dollars from AWS records yet".to_owned(),
                        };
                        format!(
                            "Prices: {} (as of {}); {records}. Lines marked “estimated” have no AWS record behind them.",
                            estimate.price_book_version, estimate.price_book_as_of
                        )
                    })
                }}
            </p>
        </section>
    }
}

#[component]
pub(crate) fn Targets() -> impl IntoView {
    let estimate = state().estimate;
    move || {
        estimate.with(|estimate| {
            (!estimate.targets.is_empty()).then(|| {
                view! {
                    <section class="panel" aria-labelledby="targets-heading">
                        <h2 id="targets-heading">"Targets"</h2>
                        <ul class="targets">
                            {estimate
                                .targets
                                .iter()
                                .map(|check| {
                                    let (class, verdict) = match check.met {
                                        Some(true) => ("met", "met"),
                                        Some(false) => ("missed", "missed"),
                                        None => ("undecided", "cannot tell"),
                                    };
                                    view! {
                                        <li class=format!("target target--{class}")>
                                            <strong>{verdict}</strong>
                                            {format!(" {}: wanted {}, estimated {}", target_name(check.target), check.wanted, check.estimated)}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                }
            })
        })
    }
}

fn target_name(target: &str) -> &str {
    match target {
        "rto_seconds" => "RTO",
        "rpo_seconds" => "RPO",
        "availability_percent" => "availability",
        "monthly_budget_usd" => "monthly budget",
        other => other,
    }
}

#[component]
pub(crate) fn Warnings() -> impl IntoView {
    let estimate = state().estimate;
    move || {
        estimate.with(|estimate| {
            (!estimate.warnings.is_empty()).then(|| {
                view! {
                    <section class="panel panel--warn" aria-labelledby="warnings-heading">
                        <h2 id="warnings-heading">"Warnings"</h2>
                        <ul class="warnings" data-testid="warnings">
                            {estimate
                                .warnings
                                .iter()
                                .map(|warning| view! { <li data-code=warning.code>{warning.message.clone()}</li> })
                                .collect_view()}
                        </ul>
                    </section>
                }
            })
        })
    }
}

#[component]
pub(crate) fn RecoveryTimeline() -> impl IntoView {
    let estimate = state().estimate;
    view! {
        <section class="panel" aria-labelledby="recovery-heading">
            <h2 id="recovery-heading">"Recovery"</h2>
            {move || {
                estimate.with(|estimate| {
                    let recovery = &estimate.recovery;
                    if recovery.rto_steps.is_empty() {
                        return view! {
                            <p>"A single region has nowhere to fail over to: losing the region means an outage until AWS restores it."</p>
                        }
                        .erase();
                    }
                    view! {
                        <div class="table-scroll" tabindex="0" role="region" aria-label="RTO timeline table">
                            <table class="data-table stackable" data-testid="rto-table">
                                <caption>"RTO timeline after losing the primary region"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Step"</th>
                                        <th scope="col" class="num">"Starts"</th>
                                        <th scope="col" class="num">"Takes"</th>
                                        <th scope="col" class="num">"Worst case"</th>
                                        <th scope="col">"Because"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {recovery
                                        .rto_steps
                                        .iter()
                                        .map(|step| {
                                            view! {
                                                <tr>
                                                    <th scope="row">{step.step}</th>
                                                    <td class="num" data-label="Starts">{format!("+{}", format::duration(step.starts_at_seconds))}</td>
                                                    <td class="num" data-label="Takes">{format::duration(step.seconds)}</td>
                                                    <td class="num" data-label="Worst case">{format!("+{} for {}", format::duration(step.worst_starts_at_seconds), format::duration(step.worst_seconds))}</td>
                                                    <td class="wrap">
                                                        {step.formula.clone()}
                                                        <span class="basis">{step.basis}</span>
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <p class="basis-line">
                            <strong>"RPO: "</strong>
                            {recovery.rpo_basis.clone()}
                        </p>
                        <p class="basis-line">
                            <strong>"Availability: "</strong>
                            {estimate.availability.formula.clone()}
                        </p>
                    }
                    .erase()
                })
            }}
        </section>
    }
}

/// The Terraform bundle of the plan on screen: a download the server answers with a zip, and
/// a preview page of its files. Like the CSV, the addresses are written when a link is used,
/// not on every change.
#[component]
pub(crate) fn TerraformDownload() -> impl IntoView {
    let plan = state().plan;
    let query = move || plan.with(super::draft::query_for);
    let first_query = untrack(query);
    let refresh = move |base: &'static str| {
        move |event: leptos::ev::MouseEvent| {
            let link = event_target::<leptos::web_sys::Element>(&event);
            let _ = link.set_attribute("href", &format!("{base}{}", query()));
        }
    };
    view! {
        <section class="panel terraform-panel" aria-labelledby="terraform-heading">
            <div class="panel__header">
                <h2 id="terraform-heading">"Terraform for this design"</h2>
                <div class="actions">
                    <a
                        href=format!("/terraform{first_query}")
                        rel="external"
                        data-testid="terraform-preview"
                        on:click=refresh("/terraform")
                    >
                        "Preview the files"
                    </a>
                    <a
                        class="button"
                        href=format!("/api/v1/terraform.zip{first_query}")
                        rel="external"
                        data-testid="terraform-zip"
                        on:click=refresh("/api/v1/terraform.zip")
                    >
                        "Download Terraform (.zip)"
                    </a>
                </div>
            </div>
            <p class="hint">
                "Modules per region for keys, network, database, app, routing and monitoring, in terraform fmt form and checked against the AWS provider schema and checkov; its README holds the failover runbook with this design's commands."
            </p>
        </section>
    }
}

#[component]
fn CostTable() -> impl IntoView {
    let estimate = state().estimate;
    view! {
        <section class="panel" aria-labelledby="cost-heading">
            <div class="panel__header">
                <h2 id="cost-heading">"Monthly cost by region and line item"</h2>
                <Deferred part=Part::CostCsv />
            </div>
            // Not announced as it changes: the headline above says what changed, and a table
            // read out on every keystroke helps no one.
            <div class="table-scroll" tabindex="0" role="region" aria-label="Cost table" aria-live="off">
                // Written as escaped HTML text rather than a view tree, as the plan's inputs are:
                // the table is only read, and a string costs the browser bundle far less.
                <table
                    class="data-table cost-table stackable"
                    data-testid="cost-table"
                    inner_html=move || estimate.with(cost_table_html)
                ></table>
            </div>
        </section>
    }
}

/// The cost table as a CSV file.
#[component]
pub(crate) fn CostCsvLink() -> impl IntoView {
    let estimate = state().estimate;
    // The CSV is built when the link is used, not on every change: the server renders the first
    // estimate's CSV (so the link works without scripts) and a click replaces it with the
    // current one just before the browser follows it.
    let csv_href = move || {
        estimate.with(|estimate| {
            let csv = planner::cost::cost_csv(&estimate.cost);
            format!(
                "data:text/csv;charset=utf-8,{}",
                percent_encoding::utf8_percent_encode(&csv, percent_encoding::NON_ALPHANUMERIC)
            )
        })
    };
    let first_href = untrack(csv_href);
    let refresh_href = move |event: leptos::ev::MouseEvent| {
        let link = event_target::<leptos::web_sys::Element>(&event);
        let _ = link.set_attribute("href", &csv_href());
    };
    view! {
        <a
            class="button"
            href=first_href
            download=move || state().plan.with(|plan| format!("{}-cost.csv", planner::plan::text::name_prefix(&plan.name)))
            data-testid="cost-csv"
            on:click=refresh_href
        >
            "Download CSV"
        </a>
    }
}

fn region_title(code: &str) -> String {
    match planner::catalog::find_region(code) {
        Some(region) => format!("{} — {}", region.name, region.code),
        None if code == "global" => "Global services".to_owned(),
        None => code.to_owned(),
    }
}

/// One line item as a table row.
fn cost_row_html(line: &CostLine) -> String {
    let source = match &line.price_source {
        Some(source) => format!(
            "{}, {}{}{}",
            source.source.label(),
            source.effective_date,
            source
                .fetched_at
                .as_deref()
                .and_then(|fetched| fetched.get(..10))
                .map(|day| format!(" · fetched {day}"))
                .unwrap_or_default(),
            if source.verified { "" } else { " · estimated" }
        ),
        None => "no price in the book".to_owned(),
    };
    let source = match &line.commitment {
        Some(committed) => format!(
            "{source}; {} {} {}: {} of {} h committed, {} on-demand, {} upfront{}",
            committed.term.title(),
            committed.payment.title().to_ascii_lowercase(),
            committed.kind.title(),
            format::quantity(committed.committed_hours),
            format::quantity(line.quantity),
            format::usd(committed.on_demand_usd),
            format::usd(committed.upfront_usd),
            if committed.rate_verified {
                ""
            } else {
                " · rate estimated"
            }
        ),
        None => source,
    };
    let estimated = line
        .price_source
        .as_ref()
        .is_some_and(|source| !source.verified);
    let title = line
        .price_source
        .as_ref()
        .map(|source| source.key.clone())
        .unwrap_or_default();
    format!(
        concat!(
            "<tr><td data-label=\"Service\">{}</td><td data-label=\"Item\">{}</td>",
            "<td class=\"num\" data-label=\"Quantity\">{}</td>",
            "<td class=\"num\" data-label=\"Unit price\">{}</td>",
            "<td class=\"num\" data-label=\"Monthly\">{}</td>",
            "<td class=\"source{}\" title=\"{}\" data-label=\"Source\">{}</td></tr>",
        ),
        escape_html(line.service),
        escape_html(&line.item),
        escape_html(&format!(
            "{} {}",
            format::quantity(line.quantity),
            line.unit
        )),
        escape_html(
            &line
                .unit_price_usd
                .map(format::unit_price)
                .unwrap_or_else(|| "—".to_owned())
        ),
        escape_html(
            &line
                .monthly_usd
                .map(format::usd)
                .unwrap_or_else(|| "unpriced".to_owned())
        ),
        if estimated { " estimated" } else { "" },
        escape_html(&title),
        escape_html(&source),
    )
}

/// The cost table's head, a body per region (its lines and subtotal) and the total.
fn cost_table_html(estimate: &planner::Estimate) -> String {
    let mut html = String::from(concat!(
        "<thead><tr><th scope=\"col\">Service</th><th scope=\"col\">Item</th>",
        "<th scope=\"col\" class=\"num\">Quantity</th><th scope=\"col\" class=\"num\">Unit price</th>",
        "<th scope=\"col\" class=\"num\">Monthly</th><th scope=\"col\">Price source</th></tr></thead>",
    ));
    for (region, subtotal) in &estimate.cost.region_totals {
        html.push_str(&format!(
            "<tbody><tr class=\"region-row\"><th scope=\"rowgroup\" colspan=\"6\">{}</th></tr>",
            escape_html(&region_title(region))
        ));
        for line in estimate
            .cost
            .lines
            .iter()
            .filter(|line| &line.region == region)
        {
            html.push_str(&cost_row_html(line));
        }
        html.push_str(&format!(
            concat!(
                "<tr class=\"subtotal-row\"><th scope=\"row\" colspan=\"4\">{}</th>",
                "<td class=\"num\" data-label=\"Subtotal\">{}</td><td></td></tr></tbody>",
            ),
            escape_html(&format!("Subtotal {region}")),
            escape_html(&format::usd(*subtotal))
        ));
    }
    html.push_str(&format!(
        concat!(
            "<tfoot><tr class=\"total-row\"><th scope=\"row\" colspan=\"4\">Total</th>",
            "<td class=\"num\" data-label=\"Total\">{}</td><td>{}</td></tr></tfoot>",
        ),
        escape_html(&format::usd(estimate.cost.total_monthly_usd)),
        escape_html(&format!(
            "730 h a month; as of {}",
            estimate.price_book_as_of
        ))
    ));
    html
}

#[component]
pub(crate) fn Comparison() -> impl IntoView {
    let state = state();
    let comparison = state.comparison;
    let current = move || state.plan.with(|plan| plan.pattern);
    view! {
        <section class="panel" aria-labelledby="compare-heading">
            <h2 id="compare-heading">"Every pattern for this workload"</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-label="Pattern comparison table">
                <table class="data-table stackable" data-testid="compare-table">
                    <thead>
                        <tr>
                            <th scope="col">"Pattern"</th>
                            <th scope="col" class="num">"Monthly"</th>
                            <th scope="col" class="num">"× one region"</th>
                            <th scope="col" class="num">"RTO"</th>
                            <th scope="col" class="num">"RPO"</th>
                            <th scope="col" class="num">"Availability"</th>
                            <th scope="col">"Against the targets"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let chosen = current();
                            comparison.with(|comparison| {
                                comparison
                                    .options
                                    .iter()
                                    .map(|option| {
                                        let estimate = &option.estimate;
                                        let verdict = verdict(option);
                                        let is_current = option.pattern == chosen;
                                        view! {
                                            <tr class:selected=is_current aria-current=is_current.then_some("true")>
                                                <th scope="row">{option.pattern.profile().title}</th>
                                                <td class="num" data-label="Monthly">{format::usd(estimate.cost.total_monthly_usd)}</td>
                                                <td class="num" data-label="× one region">{estimate.cost_multiplier.map(|m| format!("{}×", m.normalize())).unwrap_or_default()}</td>
                                                <td class="num" data-label="RTO">
                                                    {format::objective(estimate.recovery.rto_seconds)}
                                                    {estimate.recovery.rto_worst_seconds.map(|worst| view! { <br /><small>{format!("worst {}", format::duration(worst))}</small> })}
                                                </td>
                                                <td class="num" data-label="RPO">{format::objective(estimate.recovery.rpo_seconds)}</td>
                                                <td class="num" data-label="Availability">{format!("{:.4} %", estimate.availability.percent)}</td>
                                                <td data-label="Against the targets">{verdict}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()
                            })
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

fn verdict(option: &planner::PatternOption) -> String {
    if !option.missed_targets.is_empty() {
        let names: Vec<&str> = option
            .missed_targets
            .iter()
            .map(|target| target_name(target))
            .collect();
        return format!("misses {}", names.join(", "));
    }
    if !option.undecided_targets.is_empty() {
        return "cannot tell (unpriced lines)".to_owned();
    }
    match option.extra_cost_usd {
        Some(extra) if extra > Decimal::ZERO => format!("meets all; {} more", format::usd(extra)),
        Some(_) => "meets all; cheapest".to_owned(),
        None => "—".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn text_placed_as_html_cannot_open_a_tag() {
        assert_eq!(
            escape_html(r#"<img src=x onerror="a('b')"> & co"#),
            "&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt; &amp; co"
        );
    }
}
