//! The plan form. Every control has a visible label, works from the keyboard, writes one field
//! of the draft, and shows the draft's problem next to the field it names.

use leptos::prelude::*;
use planner::DeploymentPattern;
use planner::catalog::{FARGATE_SIZES, Geography, INSTANCE_CLASSES, REGIONS};
use planner::plan::{
    CapacityMode, DatabaseEngine, PaymentOption, PurchaseTerm, Routing, StorageMode,
};
use serde_json::{Value, json};

use super::PlannerState;
use super::draft;
use super::results::escape_html;
use crate::deferred::{Deferred, Part};
use crate::prices::Prices;

fn state() -> PlannerState {
    expect_context::<PlannerState>()
}

/// The text of the draft's value at `path`, as a form control shows it.
fn text_at(path: &str) -> String {
    state().draft.with_untracked(|document| {
        draft::get(document, path)
            .map(value_text)
            .unwrap_or_default()
    })
}

/// The text of the draft's value at `path`, read again whenever back/forward restores another
/// plan: a text control's `prop:value`. Typing never re-reads it (the control already shows
/// what was typed); the server renders the same text as the control's `value` attribute.
fn restored_text_at(path: &'static str) -> impl Fn() -> String + Send + Sync + 'static {
    let restores = state().restores;
    move || {
        restores.track();
        text_at(path)
    }
}

/// Writes a control's text into the draft: a number when it reads as one, otherwise the text
/// itself (so the plan's own validation names the field); empty removes an optional field.
fn write_number(path: &str, text: &str, optional: bool) {
    let trimmed = text.trim();
    let value = if trimmed.is_empty() && optional {
        None
    } else if let Ok(whole) = trimmed.parse::<i64>() {
        Some(json!(whole))
    } else if let Ok(fraction) = trimmed
        .parse::<f64>()
        .map_err(|_| ())
        .and_then(|number| serde_json::Number::from_f64(number).ok_or(()))
    {
        Some(Value::Number(fraction))
    } else {
        Some(json!(trimmed))
    };
    state()
        .draft
        .update(|document| draft::set(document, path, value));
}

/// The routing select: the pattern's default (no `routing` in the plan), then every routing.
fn routing_options() -> Vec<(String, String)> {
    let mut options = owned(&[("", "Pattern default")]);
    options.extend(owned(
        &Routing::ALL.map(|routing| (routing.slug(), routing.title())),
    ));
    options
}

/// `(value, text)` option pairs as the select takes them.
fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(value, text)| ((*value).to_owned(), (*text).to_owned()))
        .collect()
}

fn write(path: &str, value: Option<Value>) {
    state()
        .draft
        .update(|document| draft::set(document, path, value));
}

/// The draft's problem, when it concerns `path` (or a field under it).
fn problem_at(path: &'static str) -> Signal<Option<String>> {
    let problem = state().problem;
    Signal::derive(move || {
        problem.with(|problem| {
            problem
                .as_ref()
                .filter(|problem| {
                    problem.path == path
                        || problem.path.starts_with(&format!("{path}."))
                        || problem.path.starts_with(&format!("{path}["))
                })
                .map(planner::PlanError::for_people)
        })
    })
}

#[component]
pub fn PlanForm() -> impl IntoView {
    let state = state();
    view! {
        <form class="plan-form" aria-label="Plan inputs" on:submit=|event| event.prevent_default()>
            {move || {
                state
                    .problem
                    .get()
                    .map(|problem| {
                        view! {
                            <p class="error-banner error-banner--sticky" role="alert" data-testid="plan-error" data-path=problem.path.clone()>
                                <strong>{problem.for_people()}</strong>
                                " — the results show the last valid plan until this is fixed."
                            </p>
                        }
                    })
            }}
            <PlanName />
            <PatternCards />
            <fieldset class="group">
                <legend>"Regions"</legend>
                <PrimaryRegion />
                <SecondaryRegions />
                <Residency />
            </fieldset>
            <fieldset class="group">
                <legend>"Database"</legend>
                // One control per row: an engine or instance class name needs the full width.
                <div class="field-row field-row--single">
                    <SelectField
                        id="engine"
                        label="Database engine"
                        path="database.engine"
                        options=owned(&DatabaseEngine::ALL.map(|engine| (engine.slug(), engine.title())))
                    />
                    <InstanceClass />
                </div>
                <div class="field-row">
                    <NumberField id="readers" label="Readers per region" path="database.readers_per_region" unit="" />
                    <NumberField id="storage" label="Storage" path="database.storage_gb" unit="GB" />
                </div>
                <div class="field-row field-row--single">
                    <SelectField
                        id="storage-mode"
                        label="Storage mode"
                        path="database.storage_mode"
                        options=owned(&StorageMode::ALL.map(|mode| (mode.slug(), mode.title())))
                    />
                </div>
                <div class="field-row">
                    <NumberField id="reads" label="Reads" path="database.reads_per_second" unit="/s" />
                    <NumberField id="writes" label="Writes" path="database.writes_per_second" unit="/s" />
                    <NumberField id="write-size" label="Average write" path="database.average_write_kb" unit="KB" />
                </div>
                <DynamodbReads />
                <ManagedRpo />
            </fieldset>
            <fieldset class="group">
                <legend>"Application (ECS Fargate)"</legend>
                <div class="field-row">
                    <FargateSize />
                    <NumberField id="tasks" label="Tasks at full scale" path="app.tasks" unit="" />
                    <StandbyCapacity />
                </div>
            </fieldset>
            // Rarely changed sections: their code arrives after the first interaction's.
            <Deferred part=Part::TrafficInputs />
            <Deferred part=Part::PurchasingInputs />
            <Deferred part=Part::TargetInputs />
        </form>
    }
}

/// Traffic, routing, failover and health checks.
#[component]
pub(crate) fn TrafficInputs() -> impl IntoView {
    let state = state();
    view! {
        <fieldset class="group">
            <legend>"Traffic and failover"</legend>
            <div class="field-row field-row--single">
                <NumberField id="requests" label="Requests" path="traffic.requests_per_month" unit="per month" />
                <p class="hint" data-testid="requests-in-words">
                    {move || {
                        state
                            .plan
                            .with(|plan| format!("{} requests a month", planner::plan::fields::compact(plan.traffic.requests_per_month)))
                    }}
                </p>
                <NumberField id="egress" label="Internet egress" path="traffic.egress_gb_per_month" unit="GB per month" />
            </div>
            <div class="field-row field-row--single">
                <SelectField
                    id="routing"
                    label="Routing"
                    path="routing"
                    optional=true
                    options=routing_options()
                />
                <SelectField
                    id="failover"
                    label="Failover"
                    path="failover"
                    options=owned(&[("automated", "Automated"), ("manual", "Manual (an operator decides)")])
                />
            </div>
            <div class="field-row">
                <SelectField
                    id="interval"
                    label="Health-check interval"
                    path="health_check.interval_seconds"
                    numeric=true
                    options=owned(&[("30", "30 s (standard)"), ("10", "10 s (fast)")])
                />
                <NumberField id="threshold" label="Failure threshold" path="health_check.failure_threshold" unit="checks" />
                <NumberField id="ttl" label="DNS TTL" path="dns_ttl_seconds" unit="s" />
            </div>
            <p class="hint" data-testid="ttl-hint">
                "The bundle's Route 53 records are aliases to each load balancer, which always answer with its 60 s TTL: a TTL below 60 s cannot be delivered (the RTO counts 60 s); a longer one is taken as how long your clients keep answers, in the worst case."
            </p>
        </fieldset>
    }
}

/// The optional targets the plan is judged against.
#[component]
pub(crate) fn TargetInputs() -> impl IntoView {
    view! {
        <fieldset class="group">
            <legend>"Targets (optional)"</legend>
            <div class="field-row">
                <DurationField id="target-rto" label="RTO target" path="targets.rto_seconds" />
                <DurationField id="target-rpo" label="RPO target" path="targets.rpo_seconds" />
                <NumberField id="target-availability" label="Availability target" path="targets.availability_percent" unit="%" optional=true />
                <BudgetField />
            </div>
        </fieldset>
    }
}

/// The plan's name: the page title, shared links' previews, download file names and forks.
#[component]
fn PlanName() -> impl IntoView {
    let state = state();
    let initial = text_at("name");
    let invalid = problem_at("name");
    view! {
        <div class="field field--wide" class:invalid=move || invalid.with(Option::is_some)>
            <label for="plan-name">"Plan name"</label>
            <input
                id="plan-name"
                type="text"
                maxlength="120"
                value=initial
                prop:value=restored_text_at("name")
                aria-invalid=move || invalid.with(Option::is_some).to_string()
                on:input=move |event| {
                    let name = event_target_value(&event);
                    state.draft.update(|document| draft::set(document, "name", Some(json!(name))));
                }
            />
            <FieldProblem path="name" />
        </div>
        <div class="field field--wide">
            <label for="plan-description">"Description (optional)"</label>
            <textarea
                id="plan-description"
                rows="2"
                maxlength="2000"
                prop:value=restored_text_at("description")
                on:input=move |event| {
                    let text = event_target_value(&event);
                    let value = (!text.trim().is_empty()).then(|| json!(text));
                    state.draft.update(|document| draft::set(document, "description", value));
                }
            >
                {text_at("description")}
            </textarea>
            <FieldProblem path="description" />
        </div>
    }
}

/// The six patterns as radio cards with their published expectations.
#[component]
fn PatternCards() -> impl IntoView {
    let state = state();
    let current = move || {
        state.draft.with(|document| {
            draft::get(document, "pattern")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
    };
    view! {
        <fieldset class="group">
            <legend id="pattern-label">"Pattern"</legend>
            <div class="pattern-cards" role="radiogroup" aria-labelledby="pattern-label">
                {DeploymentPattern::ALL
                    .into_iter()
                    .map(|pattern| {
                        let profile = pattern.profile();
                        view! {
                            <label class="pattern-card" class:selected=move || current().as_deref() == Some(pattern.slug())>
                                <input
                                    type="radio"
                                    name="pattern"
                                    value=pattern.slug()
                                    checked=current().as_deref() == Some(pattern.slug())
                                    prop:checked=move || current().as_deref() == Some(pattern.slug())
                                    on:change=move |_| write("pattern", Some(json!(pattern.slug())))
                                />
                                <span class="pattern-card__title">{profile.title}</span>
                                <span class="pattern-card__facts">
                                    {format!(
                                        "Published: RTO {} · RPO {} · {} · {}",
                                        profile.typical_rto,
                                        profile.typical_rpo,
                                        profile.complexity,
                                        profile.typical_cost_multiplier,
                                    )}
                                </span>
                                <span class="pattern-card__facts" data-testid="pattern-card-computed">
                                    {move || {
                                        state.comparison.with(|comparison| {
                                            comparison
                                                .options
                                                .iter()
                                                .find(|option| option.pattern == pattern)
                                                .map(|option| {
                                                    let recovery = &option.estimate.recovery;
                                                    match (recovery.rto_seconds, recovery.rto_worst_seconds) {
                                                        (Some(typical), Some(worst)) => format!(
                                                            "This plan: RTO {} typical, {} worst",
                                                            crate::format::duration(typical),
                                                            crate::format::duration(worst)
                                                        ),
                                                        _ => "This plan: no recovery from a regional outage".to_owned(),
                                                    }
                                                })
                                                .unwrap_or_default()
                                        })
                                    }}
                                </span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <p class="hint">"Published figures come from the seeds' table and the AWS DR whitepaper and describe the pattern in general; this plan's own are computed step by step from its health checks, failover mode, database and task counts (see the RTO timeline), so they can differ: published warm standby \"1–5 min\" counts the promotion, this plan also counts detection, the failover alarm and scaling out."</p>
        </fieldset>
    }
}

/// A select's `<option>` elements as HTML text, `selected` marked (what the server's page shows;
/// in the browser the select's `prop:value` follows the draft). Options are only read, so text
/// costs the browser bundle far less than a view per option. Each option is `(value, label,
/// disabled)`.
fn options_html<'a>(
    options: impl IntoIterator<Item = (&'a str, &'a str, bool)>,
    selected: &str,
) -> String {
    options
        .into_iter()
        .map(|(value, label, disabled)| {
            format!(
                "<option value=\"{}\"{}{}>{}</option>",
                escape_html(value),
                if value == selected { " selected" } else { "" },
                if disabled { " disabled" } else { "" },
                escape_html(label)
            )
        })
        .collect()
}

/// Numbers as options labelled with themselves, as the draft writes them (Fargate's vCPU and
/// memory sizes).
fn number_options_html(numbers: impl IntoIterator<Item = f64>, selected: &str) -> String {
    let texts: Vec<String> = numbers
        .into_iter()
        .map(|number| value_text(&json!(number)))
        .collect();
    options_html(
        texts
            .iter()
            .map(|text| (text.as_str(), text.as_str(), false)),
        selected,
    )
}

/// The catalog's regions grouped by geography, as [`options_html`].
fn region_options_html(selected: &str) -> String {
    Geography::ALL
        .into_iter()
        .map(|geography| {
            let labels: Vec<(&str, String)> = REGIONS
                .iter()
                .filter(|region| region.geography == geography)
                .map(|region| (region.code, format!("{} — {}", region.name, region.code)))
                .collect();
            format!(
                "<optgroup label=\"{}\">{}</optgroup>",
                escape_html(geography.title()),
                options_html(
                    labels
                        .iter()
                        .map(|(code, label)| (*code, label.as_str(), false)),
                    selected
                )
            )
        })
        .collect()
}

#[component]
fn PrimaryRegion() -> impl IntoView {
    let state = state();
    let selected = move || {
        state
            .draft
            .with(|document| text_of(document, "primary_region"))
    };
    view! {
        <div class="field">
            <label for="primary-region">"Primary region"</label>
            <select
                id="primary-region"
                prop:value=selected
                inner_html=region_options_html(&untrack(selected))
                on:change=move |event| {
                    let region = event_target_value(&event);
                    state.draft.update(|document| draft::choose_primary(document, &region));
                }
            ></select>
            <FieldProblem path="primary_region" />
        </div>
    }
}

fn text_of(document: &Value, path: &str) -> String {
    draft::get(document, path)
        .map(value_text)
        .unwrap_or_default()
}

/// A value as a control shows it: whole floats without `.0` (`1`, not `1.0`).
fn value_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        Value::Number(number) => match number.as_f64() {
            Some(float) if number.is_f64() && float.fract() == 0.0 && float.abs() < 1e15 => {
                format!("{}", float as i64)
            }
            _ => number.to_string(),
        },
        other => other.to_string(),
    }
}

fn list_of(document: &Value, path: &str) -> Vec<String> {
    draft::get(document, path)
        .and_then(Value::as_array)
        .map(|values| {
            values
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// Toggles `item` in the string list at `path`; an emptied list is removed when `optional`.
fn toggle(path: &str, item: &str, on: bool, optional: bool) {
    state().draft.update(|document| {
        let mut items = list_of(document, path);
        items.retain(|existing| existing != item);
        if on {
            items.push(item.to_owned());
        }
        let value = (!items.is_empty() || !optional).then(|| json!(items));
        draft::set(document, path, value);
    });
}

#[component]
fn SecondaryRegions() -> impl IntoView {
    let state = state();
    let single = move || {
        state.draft.with(|document| text_of(document, "pattern"))
            == DeploymentPattern::SingleRegion.slug()
    };
    view! {
        <div class="field">
            <span class="label" id="secondary-label">"Secondary regions"</span>
            <div class="checkbox-groups" role="group" aria-labelledby="secondary-label" aria-describedby="secondary-hint">
                {Geography::ALL
                    .into_iter()
                    .map(|geography| {
                        view! {
                            <div class="checkbox-group">
                                <span class="checkbox-group__title">{geography.title()}</span>
                                {REGIONS
                                    .iter()
                                    .filter(|region| region.geography == geography)
                                    .map(|region| {
                                        let code = region.code;
                                        let is_primary = move || state.draft.with(|document| text_of(document, "primary_region")) == code;
                                        let checked = move || state.draft.with(|document| list_of(document, "secondary_regions").iter().any(|chosen| chosen == code));
                                        view! {
                                            <label class="checkbox">
                                                <input
                                                    type="checkbox"
                                                    value=code
                                                    checked=checked()
                                                    prop:checked=checked
                                                    disabled=move || single() || (is_primary() && !checked())
                                                    on:change=move |event| toggle("secondary_regions", code, event_target_checked(&event), false)
                                                />
                                                {region.name}
                                            </label>
                                        }
                                    })
                                    .collect_view()}
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
            <p class="hint" id="secondary-hint">
                {move || if single() { "A single-region plan has no secondary regions." } else { "Standby or serving regions. Choosing one of them as the primary swaps the two." }}
            </p>
            <FieldProblem path="secondary_regions" />
        </div>
    }
}

#[component]
fn Residency() -> impl IntoView {
    let state = state();
    view! {
        <div class="field">
            <span class="label" id="residency-label">"Data residency (optional)"</span>
            <div class="inline-checkboxes" role="group" aria-labelledby="residency-label">
                {Geography::ALL
                    .into_iter()
                    .map(|geography| {
                        let slug = geography.slug();
                        let checked = move || state.draft.with(|document| list_of(document, "residency").iter().any(|chosen| chosen == slug));
                        view! {
                            <label class="checkbox">
                                <input
                                    type="checkbox"
                                    checked=checked()
                                    prop:checked=checked
                                    on:change=move |event| toggle("residency", slug, event_target_checked(&event), true)
                                />
                                {geography.title()}
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
            <p class="hint">"Data may stay only in the ticked geographies; none ticked means no rule."</p>
            <FieldProblem path="residency" />
        </div>
    }
}

/// Aurora PostgreSQL's managed RPO, shown for that engine only.
#[component]
fn ManagedRpo() -> impl IntoView {
    let state = state();
    let is_aurora_postgresql = move || {
        state
            .draft
            .with(|document| text_of(document, "database.engine"))
            == "aurora_postgresql"
    };
    move || {
        is_aurora_postgresql().then(|| {
            view! {
                <div class="field-row">
                    <NumberField id="managed-rpo" label="Managed RPO (optional)" path="database.managed_rpo_seconds" unit="s" optional=true />
                    <p class="hint">
                        "Without it, replication lag is typically under a second but has no bound. From 20 s, Aurora holds back commits on the primary while every secondary lags further, so an unplanned failover loses at most this much; the bundle sets it (rds.global_db_rpo)."
                    </p>
                </div>
            }
        })
    }
}

/// DynamoDB's read consistency, what a write's size costs there and the capacity mode, shown
/// for DynamoDB only.
#[component]
fn DynamodbReads() -> impl IntoView {
    let state = state();
    let is_dynamodb = move || {
        state
            .draft
            .with(|document| text_of(document, "database.engine"))
            == "dynamodb"
    };
    let write_kb = move || {
        state
            .draft
            .with(|document| text_of(document, "database.average_write_kb"))
    };
    move || {
        is_dynamodb().then(|| {
            view! {
                <div class="field-row">
                    <SelectField
                        id="read-consistency"
                        label="DynamoDB reads"
                        path="database.read_consistency"
                        options=owned(&[
                            ("strong", "Strongly consistent (1 read unit each)"),
                            ("eventual", "Eventually consistent (½ unit each)"),
                        ])
                    />
                    <p class="hint" data-testid="dynamodb-write-units">
                        {move || {
                            let kb = write_kb();
                            format!(
                                "DynamoDB bills a write unit per started KB: each {kb} KB write costs {kb} units, and in a global table {kb} replicated units in every replica, its own region's included."
                            )
                        }}
                    </p>
                </div>
                <div class="field-row">
                    <SelectField
                        id="capacity-mode"
                        label="DynamoDB capacity"
                        path="database.capacity_mode"
                        options=owned(&CapacityMode::ALL.map(|mode| (mode.slug(), mode.title())))
                    />
                    <p class="hint">
                        "Provisioned keeps the workload's capacity units at 70 % utilisation in every replica, auto scaled up to 4×, and bills them every hour; reserved capacity can then cover the read units, and the write units of a one-region table (a global table's replicated writes cannot be reserved)."
                    </p>
                </div>
            }
        })
    }
}

/// Instance classes; a class the price book does not price in every chosen region is disabled
/// and says where it is missing.
#[component]
fn InstanceClass() -> impl IntoView {
    let state = state();
    let prices = expect_context::<Prices>().0;
    let engine = move || {
        state
            .draft
            .with(|document| text_of(document, "database.engine"))
    };
    let regions = move || {
        state
            .plan
            .with(|plan| plan.regions().map(str::to_owned).collect::<Vec<_>>())
    };
    view! {
        <div class="field">
            <label for="instance-class">"Instance class"</label>
            <select
                id="instance-class"
                prop:value=move || state.draft.with(|document| text_of(document, "database.instance_class"))
                inner_html=move || {
                    let engine_key = if engine() == "aurora_mysql" { "aurora_mysql" } else { "aurora_postgresql" };
                    let regions = regions();
                    let current_class = state.draft.with(|document| text_of(document, "database.instance_class"));
                    let options: Vec<(&str, String, bool)> = INSTANCE_CLASSES
                        .iter()
                        .map(|class| {
                            let key = format!("{engine_key}.instance:{}", class.name);
                            let missing: Vec<&str> = regions
                                .iter()
                                .filter(|region| prices.lookup(&key, region).is_none())
                                .map(String::as_str)
                                .collect();
                            let label = if missing.is_empty() {
                                format!("{} — {} vCPU, {} GiB", class.name, class.vcpu, class.memory_gib)
                            } else {
                                format!("{} — not priced in {}", class.name, missing.join(", "))
                            };
                            (class.name, label, !missing.is_empty())
                        })
                        .collect();
                    options_html(
                        options.iter().map(|(name, label, disabled)| (*name, label.as_str(), *disabled)),
                        &current_class,
                    )
                }
                disabled=move || engine() == "dynamodb"
                on:change=move |event| write("database.instance_class", Some(json!(event_target_value(&event))))
            ></select>
            <p class="hint">{move || if engine() == "dynamodb" { "DynamoDB is serverless: no instance class." } else { "Only classes priced in every chosen region can be picked." }}</p>
            <FieldProblem path="database.instance_class" />
        </div>
    }
}

#[component]
fn StandbyCapacity() -> impl IntoView {
    let state = state();
    let default_percent = move || {
        state
            .plan
            .with(|plan| plan.pattern.default_standby_capacity_percent())
    };
    view! {
        <PercentField
            id="standby"
            label="Standby capacity"
            path="app.standby_capacity_percent"
            placeholder=Signal::derive(move || default_percent().to_string())
            hint=Signal::derive(move || format!("Empty: the pattern's {} %.", default_percent()))
        />
    }
}

/// A whole-number percentage, 0 to 100, that may be left empty for its default (the placeholder).
#[component]
fn PercentField(
    id: &'static str,
    label: &'static str,
    path: &'static str,
    placeholder: Signal<String>,
    #[prop(optional)] hint: Option<Signal<String>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <div class="input-unit">
                <input
                    id=id
                    type="number"
                    inputmode="numeric"
                    min="0"
                    max="100"
                    placeholder=placeholder
                    value=text_at(path)
                    prop:value=restored_text_at(path)
                    on:input=move |event| write_number(path, &event_target_value(&event), true)
                />
                <span class="unit">"%"</span>
            </div>
            {hint.map(|hint| view! { <p class="hint">{hint}</p> })}
            <FieldProblem path=path />
        </div>
    }
}

/// How the steady capacity is bought: on-demand, or 1- or 3-year commitments.
#[component]
pub(crate) fn Purchasing() -> impl IntoView {
    let state = state();
    // From the draft, not the plan: the row stays while its own field holds a value the plan
    // refuses, and 0 % (which commits nothing) must not hide the field being typed in.
    let on_demand = move || {
        state.draft.with(|document| {
            let term = text_of(document, "purchasing.term");
            term.is_empty() || term == PurchaseTerm::OnDemand.slug()
        })
    };
    view! {
        <fieldset class="group">
            <legend>"Purchasing"</legend>
            <div class="field-row field-row--single">
                <SelectField
                    id="purchase-term"
                    label="Term"
                    path="purchasing.term"
                    options=owned(&PurchaseTerm::ALL.map(|term| (term.slug(), term.title())))
                />
            </div>
            <div class="field-row" hidden=on_demand>
                <SelectField
                    id="payment"
                    label="Payment"
                    path="purchasing.payment"
                    options=owned(&PaymentOption::ALL.map(|option| (option.slug(), option.title())))
                />
                <PercentField
                    id="coverage"
                    label="Committed share"
                    path="purchasing.coverage_percent"
                    placeholder=Signal::derive(|| "100".to_owned())
                />
            </div>
            <p class="hint" data-testid="purchasing-hint">
                "Aurora reserved instances, a Compute Savings Plan for Fargate and DynamoDB reserved capacity (provisioned tables, partial upfront) cover that share of the capacity that runs all the time (reservations in whole instances and blocks of 100 units); upfront fees are spread over the term in the monthly cost and shown apart. Capacity added during a failover stays on-demand."
            </p>
            {move || {
                state
                    .prices_note
                    .get()
                    .map(|note| view! { <p class="notice" role="status" data-testid="prices-note">{note}</p> })
            }}
        </fieldset>
    }
}

#[component]
fn BudgetField() -> impl IntoView {
    view! {
        <div class="field">
            <label for="target-budget">"Monthly budget"</label>
            <div class="input-unit">
                <span class="unit">"$"</span>
                <input
                    id="target-budget"
                    type="text"
                    inputmode="decimal"
                    value=text_at("targets.monthly_budget_usd")
                    prop:value=restored_text_at("targets.monthly_budget_usd")
                    on:input=move |event| {
                        let text = event_target_value(&event).trim().replace(',', "");
                        write("targets.monthly_budget_usd", (!text.is_empty()).then(|| json!(text)));
                    }
                />
            </div>
            <FieldProblem path="targets.monthly_budget_usd" />
        </div>
    }
}

/// vCPU and memory per task, offering only the sizes Fargate runs: changing the vCPU moves the
/// memory to the nearest size the new vCPU allows.
#[component]
fn FargateSize() -> impl IntoView {
    let state = state();
    let vcpu = move || {
        state.draft.with(|document| {
            draft::get(document, "app.vcpu")
                .and_then(Value::as_f64)
                .unwrap_or(1.0)
        })
    };
    let memory = move || {
        state
            .draft
            .with(|document| text_of(document, "app.memory_gb"))
    };
    view! {
        <div class="field">
            <label for="vcpu">"vCPU per task"</label>
            <select
                id="vcpu"
                inner_html=number_options_html(
                    FARGATE_SIZES.iter().map(|(vcpu, _, _)| *vcpu),
                    &state.draft.with_untracked(|document| text_of(document, "app.vcpu")),
                )
                prop:value=move || state.draft.with(|document| text_of(document, "app.vcpu"))
                on:change=move |event| {
                    let Ok(chosen) = event_target_value(&event).parse::<f64>() else {
                        return;
                    };
                    state.draft.update(|document| draft::choose_vcpu(document, chosen));
                }
            ></select>
            <FieldProblem path="app.vcpu" />
        </div>
        <div class="field">
            <label for="memory">"Memory per task"</label>
            <div class="input-unit">
                <select
                    id="memory"
                    inner_html=move || {
                        number_options_html(planner::catalog::fargate_memory_options(vcpu()), &memory())
                    }
                    prop:value=memory
                    on:change=move |event| write_number("app.memory_gb", &event_target_value(&event), false)
                ></select>
                <span class="unit">"GB"</span>
            </div>
            <FieldProblem path="app.memory_gb" />
        </div>
    }
}

/// A duration in seconds, entered in seconds, minutes or hours.
#[component]
fn DurationField(id: &'static str, label: &'static str, path: &'static str) -> impl IntoView {
    let problem = problem_at(path);
    let state = state();
    // Shown in the largest unit that divides the value evenly.
    let shown = move || {
        let seconds = state
            .draft
            .with_untracked(|document| draft::get(document, path).and_then(Value::as_u64));
        match seconds {
            Some(value) if value > 0 && value % 3_600 == 0 => {
                (3_600u64, (value / 3_600).to_string())
            }
            Some(value) if value > 0 && value % 60 == 0 => (60, (value / 60).to_string()),
            Some(value) => (1, value.to_string()),
            None => (60, String::new()),
        }
    };
    let (initial_unit, initial_text) = shown();
    let unit = RwSignal::new(initial_unit);
    let typed = RwSignal::new(initial_text);
    // Back/forward restored another plan: show its duration.
    Effect::watch(
        move || state.restores.get(),
        move |_, _, _| {
            let (restored_unit, restored_text) = shown();
            unit.set(restored_unit);
            typed.set(restored_text);
        },
        false,
    );
    let store = move || {
        let text = typed.get_untracked();
        let trimmed = text.trim();
        if trimmed.is_empty() {
            write_number(path, "", true);
            return;
        }
        match trimmed.parse::<f64>() {
            Ok(amount) if amount.is_finite() => {
                let total = (amount * unit.get_untracked() as f64).round();
                write_number(path, &format!("{total}"), true);
            }
            _ => write_number(path, trimmed, true),
        }
    };
    let error_id = format!("{id}-error");
    let unit_id = format!("{id}-unit");
    view! {
        <div class="field" class:invalid=move || problem.with(Option::is_some)>
            <label for=id>{label}</label>
            <div class="input-unit">
                <input
                    id=id
                    type="number"
                    inputmode="decimal"
                    step="any"
                    min="0"
                    value=typed.get_untracked()
                    prop:value=move || typed.get()
                    aria-invalid=move || problem.with(Option::is_some).to_string()
                    aria-describedby=error_id.clone()
                    on:input=move |event| {
                        typed.set(event_target_value(&event));
                        store();
                    }
                />
                <select
                    id=unit_id.clone()
                    aria-label=format!("{label} unit")
                    class="unit-select"
                    prop:value=move || unit.get().to_string()
                    on:change=move |event| {
                        if let Ok(chosen) = event_target_value(&event).parse::<u64>() {
                            unit.set(chosen);
                            store();
                        }
                    }
                >
                    {[(1u64, "s"), (60, "min"), (3_600, "h")]
                        .into_iter()
                        .map(|(factor, name)| {
                            view! {
                                <option value=factor.to_string() selected=factor == initial_unit>
                                    {name}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <p class="field-error" id=error_id>{move || problem.get()}</p>
        </div>
    }
}

#[component]
fn NumberField(
    id: &'static str,
    label: &'static str,
    path: &'static str,
    unit: &'static str,
    #[prop(optional)] optional: bool,
) -> impl IntoView {
    let problem = problem_at(path);
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:invalid=move || problem.with(Option::is_some)>
            <label for=id>{label}</label>
            <div class="input-unit">
                <input
                    id=id
                    type="number"
                    inputmode="decimal"
                    step="any"
                    value=text_at(path)
                    prop:value=restored_text_at(path)
                    aria-invalid=move || problem.with(Option::is_some).to_string()
                    aria-describedby=error_id.clone()
                    on:input=move |event| write_number(path, &event_target_value(&event), optional)
                />
                {(!unit.is_empty()).then(|| view! { <span class="unit">{unit}</span> })}
            </div>
            <p class="field-error" id=error_id>{move || problem.get()}</p>
        </div>
    }
}

/// A select bound to the draft at `path`. A required one whose value the draft leaves out (the
/// plan JSON omits a default such as on-demand purchasing) shows its first option: every list
/// of choices starts with its default.
#[component]
fn SelectField(
    id: &'static str,
    label: &'static str,
    path: &'static str,
    options: Vec<(String, String)>,
    #[prop(optional)] numeric: bool,
    #[prop(optional)] optional: bool,
) -> impl IntoView {
    let state = state();
    let default = if optional {
        String::new()
    } else {
        options
            .first()
            .map(|(value, _)| value.clone())
            .unwrap_or_default()
    };
    // The option the server marks selected (a page without scripts shows it); in the browser
    // the select's `prop:value` follows the draft.
    let initial = state
        .draft
        .with_untracked(|document| text_of(document, path));
    let initial = if initial.is_empty() {
        default.clone()
    } else {
        initial
    };
    let options = options_html(
        options
            .iter()
            .map(|(value, text)| (value.as_str(), text.as_str(), false)),
        &initial,
    );
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select
                id=id
                inner_html=options
                prop:value=move || {
                    let value = state.draft.with(|document| text_of(document, path));
                    if value.is_empty() { default.clone() } else { value }
                }
                on:change=move |event| {
                    let chosen = event_target_value(&event);
                    if chosen.is_empty() && optional {
                        write(path, None);
                    } else if numeric {
                        write_number(path, &chosen, optional);
                    } else {
                        write(path, Some(json!(chosen)));
                    }
                }
            ></select>
            <FieldProblem path=path />
        </div>
    }
}

#[component]
fn FieldProblem(path: &'static str) -> impl IntoView {
    let problem = problem_at(path);
    view! { <p class="field-error">{move || problem.get()}</p> }
}
