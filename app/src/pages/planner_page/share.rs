//! The planner's "Save and share" panel: save the plan on screen as a new shared plan, or —
//! when the planner was opened from a saved plan's "Edit" (`?saved=ID&revision=N`) — as its
//! next revision.
//!
//! Both are plain HTML forms posting to the share page's routes (`/p`, `/p/{id}`), so they
//! work before the wasm loads. The edit token never appears in an address: the share page
//! keeps it in this browser's local storage ([`EDIT_TOKEN_KEY_PREFIX`]), and this panel reads
//! it from there into the form once the page is interactive.

use leptos::prelude::*;

use super::{PlannerState, draft};

/// Local-storage key of a plan's edit token is this prefix and the plan's id (written by
/// `public/share.js` on the share page).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub const EDIT_TOKEN_KEY_PREFIX: &str = "regionwise:edit:";

/// The saved plan and revision the planner was opened to edit, from the address.
fn editing() -> Option<(String, i64)> {
    let id = crate::address::query_parameter("saved")?;
    let revision = crate::address::query_parameter("revision")?.parse().ok()?;
    let plausible = !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    plausible.then_some((id, revision))
}

#[component]
pub fn SharePanel() -> impl IntoView {
    let state = expect_context::<PlannerState>();
    let encoded = Memo::new(move |_| {
        state
            .plan
            .with(|plan| draft::encode_for_url(&serde_json::to_value(plan).unwrap_or_default()))
    });
    let edit_form = editing().map(|(id, revision)| {
        let token = RwSignal::new(String::new());
        #[cfg(feature = "hydrate")]
        {
            let key = format!("{EDIT_TOKEN_KEY_PREFIX}{id}");
            Effect::new(move |_| {
                let stored = window()
                    .local_storage()
                    .ok()
                    .flatten()
                    .and_then(|storage| storage.get_item(&key).ok().flatten());
                token.set(stored.unwrap_or_default());
            });
        }
        let held = move || !token.get().is_empty();
        let action = format!("/p/{id}");
        view! {
            <form method="post" action=action data-testid="share-save-revision">
                <input type="hidden" name="plan" value=move || encoded.get() />
                <input type="hidden" name="revision" value=revision.to_string() />
                <input type="hidden" name="edit_token" value=move || token.get() />
                <button type="submit" class="button" disabled=move || !held()>
                    {format!("Save as revision {}", revision + 1)}
                </button>
                <span class="hint">
                    {move || {
                        if held() {
                            format!(" Editing saved plan {id}, revision {revision}.")
                        } else {
                            " This browser does not hold the edit link's secret for this plan: save it as a new plan instead, or open its edit link first.".to_owned()
                        }
                    }}
                </span>
            </form>
        }
    });
    view! {
        <section class="panel share-panel" aria-labelledby="share-heading" data-testid="share">
            <h2 id="share-heading">"Save and share"</h2>
            {edit_form}
            <form method="post" action="/p" data-testid="share-save-new">
                <input type="hidden" name="plan" value=move || encoded.get() />
                <button type="submit" class="button">"Save as a new plan"</button>
                <span class="hint">
                    " Gives a link anyone can open to view and download the plan, and an edit link only you hold."
                </span>
            </form>
            <form method="get" action="/compare" class="compare-with-saved" data-testid="compare-with-saved">
                <input type="hidden" name="b" value=move || format!("plan={}", encoded.get()) />
                <label>
                    "Compare with a saved plan "
                    <input type="text" name="a" placeholder="ID, or ID@3 for revision 3" required size="24" />
                </label>
                " "
                <button type="submit" class="button">"Compare"</button>
            </form>
        </section>
    }
}
