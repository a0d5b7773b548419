//! The page of a saved plan (route `/p/{id}`): the plan read-only with its estimate, charts
//! and downloads, its revision history, and OpenGraph/Twitter tags so a pasted link previews
//! with the pattern, regions, monthly cost and RTO.
//!
//! Rendered whole by the server (this module exists only with `ssr`) from the same components
//! as the planner, over a [`PlannerState::fixed`] that never changes. Its one script,
//! `public/share.js`, keeps an edit token that arrives in the address's fragment
//! (`#edit=…`, never sent to the server) in local storage and, when this browser holds the
//! plan's token, shows "Edit", the edit link and "Delete"; otherwise "Fork" is the way to
//! change it.

use std::sync::Arc;

use leptos::prelude::*;
use planner::plan::diff::FieldChange;
use planner::{Plan, PriceBook};

use super::planner_page::{PlannerState, diagram, draft, results};
use crate::erase::EraseView;
use crate::format;

/// What the page shows of a saved plan at one revision.
#[derive(Debug, Clone)]
pub struct SharedPlan {
    pub id: String,
    pub revision: i64,
    pub current_revision: i64,
    /// `YYYY-MM-DD HH:MM UTC`.
    pub saved_at: String,
    pub created_at: String,
    pub forked_from: Option<(String, i64)>,
    pub plan: Plan,
    /// When prices changed since the revision was saved: its total then and the prices' date.
    pub as_saved: Option<AsSaved>,
    /// Oldest first.
    pub history: Vec<HistoryEntry>,
    /// The configured public address for absolute links in the preview tags
    /// (`https://host`), or empty when none is configured (the tag is then left out).
    pub origin: String,
}

#[derive(Debug, Clone)]
pub struct AsSaved {
    pub total_monthly_usd: String,
    pub price_book_version: String,
    pub price_book_as_of: String,
}

/// One revision in the history, with what changed from the one before.
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    pub revision: i64,
    pub saved_at: String,
    pub total_monthly_usd: planner::Decimal,
    pub rto_seconds: Option<u32>,
    pub changes: Vec<FieldChange>,
    /// Regions whose reserved instances this revision stopped running (shown as a warning).
    pub stranded_reservations: Vec<String>,
}

/// The Content-Security-Policy of the page: our own stylesheet and script, inline SVG charts.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// One line for link previews: pattern, regions, monthly cost, RTO.
pub fn preview_description(plan: &Plan, estimate: &planner::Estimate) -> String {
    let mut regions = vec![plan.primary_region.clone()];
    regions.extend(plan.secondary_regions.iter().cloned());
    format!(
        "{} · {} · {}/month · RTO {}",
        plan.pattern.profile().title,
        regions.join(", "),
        planner::display::usd(estimate.cost.total_monthly_usd),
        format::objective(estimate.recovery.rto_seconds),
    )
}

/// The whole page, `<!DOCTYPE html>` included.
pub fn render_page(shared: SharedPlan, book: Arc<PriceBook>) -> String {
    let estimate = planner::estimate(&shared.plan, &book);
    let description = preview_description(&shared.plan, &estimate);
    let mut meta = vec![
        ("property", "og:type", "website".to_owned()),
        ("property", "og:site_name", "Regionwise".to_owned()),
        ("property", "og:title", shared.plan.name.clone()),
        ("property", "og:description", description.clone()),
    ];
    // og:url must be absolute: only with a configured public address, never from `Host`.
    if !shared.origin.is_empty() {
        meta.push((
            "property",
            "og:url",
            format!("{}/p/{}", shared.origin, shared.id),
        ));
    }
    meta.extend([
        ("name", "twitter:card", "summary".to_owned()),
        ("name", "twitter:title", shared.plan.name.clone()),
        ("name", "twitter:description", description.clone()),
        ("name", "description", description),
    ]);
    let title = shared.plan.name.clone();
    // The planner's components read signals, which live in an owner's arena: render inside
    // one of our own, dropped with the page.
    Owner::new_root(None).with(|| {
        let content = view! { <SharedPlanView shared book /> }.erase();
        super::static_page::render_with_meta(&title, &["/share.js", "/diagram.js"], &meta, content)
    })
}

/// The page for an id no plan has (or a malformed one: the same words).
pub fn render_not_found() -> String {
    let content = view! {
        <section class="intro">
            <h1>"No plan here"</h1>
            <p data-testid="share-not-found">
                "No saved plan has this address. It may have been deleted, or the link was copied incompletely."
            </p>
            <p><a href="/" rel="external">"Plan a deployment"</a></p>
        </section>
    }
    .erase();
    super::static_page::render("Plan not found", &[], content)
}

/// A page that says what happened to a form's request and where to go next.
pub fn render_message(title: &str, message: &str, links: &[(String, String)]) -> String {
    let links = links
        .iter()
        .map(|(href, text)| {
            view! { <li><a href=href.clone() rel="external">{text.clone()}</a></li> }
        })
        .collect_view();
    let content = view! {
        <section class="intro">
            <h1>{title.to_owned()}</h1>
            <p role="alert" data-testid="share-message">{message.to_owned()}</p>
            <ul>{links}</ul>
        </section>
    }
    .erase();
    super::static_page::render(title, &[], content)
}

#[component]
fn SharedPlanView(shared: SharedPlan, book: Arc<PriceBook>) -> impl IntoView {
    let plan = shared.plan.clone();
    let encoded = draft::encode_for_url(&serde_json::to_value(&plan).unwrap_or_default());
    let query = draft::query_string(&encoded);
    let id = shared.id.clone();
    let is_current = shared.revision == shared.current_revision;
    let edit_href = format!(
        "/{}",
        draft::search_with_plan(
            &format!("?saved={id}&revision={}", shared.current_revision),
            &encoded
        )
    );
    provide_context(PlannerState::fixed(plan.clone(), book));
    let revision_line = if is_current {
        format!(
            "Revision {} (current), saved {}; created {}.",
            shared.revision, shared.saved_at, shared.created_at
        )
    } else {
        format!(
            "Revision {} of {}, saved {}: an earlier version of this plan.",
            shared.revision, shared.current_revision, shared.saved_at
        )
    };
    let forked = shared.forked_from.clone().map(|(from, revision)| {
        view! {
            <p class="hint" data-testid="share-forked-from">
                "Forked from "
                <a href=format!("/p/{from}?revision={revision}") rel="external">
                    {format!("plan {from}, revision {revision}")}
                </a>
                "."
            </p>
        }
    });
    let as_saved = shared.as_saved.clone().map(|saved| {
        view! {
            <p class="hint" data-testid="share-as-saved">
                {format!(
                    "Prices changed since this revision was saved: it was estimated at {} a month with the price book {} (prices as of {}). The figures below use today's prices.",
                    saved.total_monthly_usd, saved.price_book_version, saved.price_book_as_of
                )}
            </p>
        }
    });
    view! {
        <section class="intro" data-plan-id=id.clone() data-testid="shared-plan">
            <h1 data-testid="share-title">{plan.name.clone()}</h1>
            {plan.description.clone().map(|description| view! { <p class="description" data-testid="share-description">{description}</p> })}
            <p>{revision_line}</p>
            <p class="hint" role="alert" data-edit-refused hidden data-testid="share-edit-refused"></p>
            {forked}
            {as_saved}
            <div class="actions">
                <a class="button" href=edit_href data-editable hidden rel="external" data-testid="share-edit">
                    "Edit"
                </a>
                <form method="post" action=format!("/p/{id}/fork") class="inline-form">
                    <button type="submit" class="button" data-testid="share-fork">"Fork"</button>
                </form>
                <a href=format!("/{query}") rel="external" data-testid="share-open-planner">"Open a copy in the planner"</a>
                <a href=format!("/api/v1/plans/{id}/terraform.zip") rel="external" data-testid="share-terraform-zip">"Download Terraform (.zip)"</a>
                <a href=format!("/app-config{query}") rel="external">"App config"</a>
                <a href=format!("/api/v1/plans/{id}") rel="external">"JSON"</a>
            </div>
            <div class="panel" data-editable hidden data-testid="share-edit-link-panel">
                <p>
                    "You hold this plan's edit secret in this browser. Anyone with the edit link below can change or delete the plan; share the page's address for viewing only."
                </p>
                <label>
                    "Edit link "
                    <input type="text" readonly size="60" data-testid="share-edit-link" data-edit-link />
                </label>
                <form method="post" action=format!("/p/{id}/delete") class="inline-form" data-confirm="Delete this plan and its whole history?">
                    <input type="hidden" name="edit_token" data-edit-token />
                    <button type="submit" class="button button--danger" data-testid="share-delete">"Delete the plan"</button>
                </form>
            </div>
        </section>
        <results::PlanInputs />
        <div class="results">
            <results::Results />
        </div>
        <diagram::Architecture />
        <History id=id entries=shared.history shown=shared.revision />
    }
}

#[component]
fn History(id: String, entries: Vec<HistoryEntry>, shown: i64) -> impl IntoView {
    let mut rows = Vec::new();
    let mut previous: Option<&HistoryEntry> = None;
    for entry in &entries {
        let cost_move = previous.map(|before| {
            let delta = entry.total_monthly_usd - before.total_monthly_usd;
            if delta.is_zero() {
                "no change".to_owned()
            } else if delta.is_sign_negative() {
                format!("−{}", planner::display::usd(-delta))
            } else {
                format!("+{}", planner::display::usd(delta))
            }
        });
        let rto_move = previous.map(|before| match (before.rto_seconds, entry.rto_seconds) {
            (Some(a), Some(b)) if a == b => "no change".to_owned(),
            (a, b) => format!("{} → {}", format::objective(a), format::objective(b)),
        });
        let changes = if entry.changes.is_empty() {
            if previous.is_none() {
                "first version".to_owned()
            } else {
                "no field changed".to_owned()
            }
        } else {
            entry
                .changes
                .iter()
                .map(FieldChange::summary)
                .collect::<Vec<_>>()
                .join("; ")
        };
        let marker = if entry.revision == shown {
            " (shown)"
        } else {
            ""
        };
        rows.push(view! {
            <tr data-testid="history-row">
                <td data-label="Revision">
                    <a href=format!("/p/{id}?revision={}", entry.revision) rel="external">
                        {format!("{}{marker}", entry.revision)}
                    </a>
                    {(entry.revision != shown).then(|| view! {
                        <br />
                        <a
                            href=format!("/compare?a={id}@{}&b={id}@{shown}", entry.revision)
                            rel="external"
                            class="history-compare"
                            data-testid="history-compare"
                        >
                            {format!("compare with revision {}", entry.revision)}
                        </a>
                    })}
                </td>
                <td data-label="Saved">{entry.saved_at.clone()}</td>
                <td data-label="What changed">
                    {changes}
                    {entry
                        .stranded_reservations
                        .iter()
                        .map(|warning| {
                            view! { <strong class="history-warning" data-testid="stranded-reservation">{format!(" ⚠ {warning}.")}</strong> }
                        })
                        .collect_view()}
                </td>
                <td class="num" data-label="Monthly cost">{planner::display::usd(entry.total_monthly_usd)}</td>
                <td class="num" data-label="Cost move">{cost_move.unwrap_or_default()}</td>
                <td class="num" data-label="RTO">{format::objective(entry.rto_seconds)}</td>
                <td class="num" data-label="RTO move">{rto_move.unwrap_or_default()}</td>
            </tr>
        });
        previous = Some(entry);
    }
    rows.reverse();
    view! {
        <section class="panel" aria-labelledby="history-heading" data-testid="share-history">
            <h2 id="history-heading">"Revision history"</h2>
            <p class="hint">"Newest first. Cost and RTO of every revision use today's prices, so the moves come from the plan's changes alone."</p>
            <div class="table-scroll">
                <table class="data-table stackable" data-testid="history-table">
                    <thead>
                        <tr>
                            <th scope="col">"Revision"</th>
                            <th scope="col">"Saved"</th>
                            <th scope="col">"What changed"</th>
                            <th scope="col" class="num">"Monthly cost"</th>
                            <th scope="col" class="num">"Cost move"</th>
                            <th scope="col" class="num">"RTO"</th>
                            <th scope="col" class="num">"RTO move"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
