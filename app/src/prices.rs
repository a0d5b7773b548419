//! How the page gets its price book: the server renders the book it estimates with into the
//! page as a JSON data block, and the browser reads that block before hydrating, so both sides
//! compute with the same prices and the browser never asks the server for them again.
//!
//! Commitment prices (reserved instances, Savings Plans) are most of the book's bytes and
//! matter only to a plan that buys one, so the block carries them only when the page's plan
//! (its `plan` address parameter, the only way a page receives one) buys a commitment.

use std::sync::Arc;

use leptos::prelude::*;
use planner::PriceBook;

/// The price book the page estimates with, provided as context on both sides.
#[derive(Clone)]
pub struct Prices(pub Arc<PriceBook>);

/// The id of the `<script type="application/json">` element carrying the book.
pub const ELEMENT_ID: &str = "price-book";

/// The data block for the page head: the context's price book as JSON, with `<`, `>` and `&`
/// escaped so no value can end the script element.
#[component]
pub fn PriceBookData() -> impl IntoView {
    let json = use_context::<Prices>()
        .and_then(|Prices(book)| {
            if page_plan_buys_commitment() {
                serde_json::to_string(book.as_ref()).ok()
            } else {
                serde_json::to_string(&without_commitments(&book)).ok()
            }
        })
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    view! { <script type="application/json" id=ELEMENT_ID inner_html=json></script> }
}

/// `book` without its commitment prices.
pub fn without_commitments(book: &PriceBook) -> PriceBook {
    let entries = book
        .entries()
        .iter()
        .map(|entry| planner::PriceEntry {
            commitments: Vec::new(),
            ..entry.clone()
        })
        .collect();
    PriceBook::new(book.version.clone(), book.as_of.clone(), entries)
}

/// Whether the request's `plan` parameter asks for a commitment (server only; the browser
/// never renders the data block).
fn page_plan_buys_commitment() -> bool {
    #[cfg(feature = "ssr")]
    {
        use crate::pages::planner_page::draft;
        let Some(parts) = use_context::<http::request::Parts>() else {
            return false;
        };
        let search = parts.uri.query().unwrap_or_default();
        draft::parameter_from_search(search, draft::URL_PARAMETER)
            .and_then(|encoded| draft::from_parameter(Some(encoded)).ok())
            .and_then(|document| draft::parse(&document).ok())
            .is_some_and(|plan| plan.purchasing.commitment().is_some())
    }
    #[cfg(not(feature = "ssr"))]
    false
}

/// Whether any entry of `book` carries commitment prices.
pub fn has_commitments(book: &PriceBook) -> bool {
    book.entries()
        .iter()
        .any(|entry| !entry.commitments.is_empty())
}

/// Fetches the full price book (`GET /api/v1/prices`, with commitment prices) the first time
/// the plan buys a commitment and the page's book has none, and swaps it in; `note` says that
/// it is loading, or why it failed (the lines then stay on-demand, and say so).
#[cfg(feature = "hydrate")]
pub fn load_commitments_when_needed(
    buys_commitment: Memo<bool>,
    book: RwSignal<Arc<PriceBook>>,
    note: RwSignal<Option<String>>,
) {
    let requested = StoredValue::new(false);
    Effect::new(move |_| {
        if !buys_commitment.get()
            || requested.get_value()
            || book.with_untracked(|book| has_commitments(book))
        {
            return;
        }
        requested.set_value(true);
        note.set(Some("Loading commitment prices…".to_owned()));
        leptos::task::spawn_local(async move {
            match fetch_full_book().await {
                Ok(full) => {
                    book.set(Arc::new(full));
                    note.set(None);
                }
                Err(err) => note.set(Some(format!(
                    "Commitment prices could not be loaded ({err}); committed lines show on-demand prices. Reload to try again."
                ))),
            }
        });
    });
}

#[cfg(feature = "hydrate")]
async fn fetch_full_book() -> Result<PriceBook, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    #[derive(serde::Deserialize)]
    struct Listing {
        price_book: Version,
        entries: Vec<planner::PriceEntry>,
    }
    #[derive(serde::Deserialize)]
    struct Version {
        version: String,
        as_of: String,
    }
    let failed = |err: wasm_bindgen::JsValue| format!("{err:?}");
    let response = JsFuture::from(window().fetch_with_str("/api/v1/prices"))
        .await
        .map_err(failed)?;
    let response: web_sys::Response = response.dyn_into().map_err(failed)?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(failed)?)
        .await
        .map_err(failed)?
        .as_string()
        .unwrap_or_default();
    let listing: Listing = serde_json::from_str(&text).map_err(|err| err.to_string())?;
    let book = PriceBook::new(
        listing.price_book.version,
        listing.price_book.as_of,
        listing.entries,
    );
    book.validate().map_err(|err| err.to_string())?;
    Ok(book)
}

/// Reads the book the server put in the page (browser only).
#[cfg(feature = "hydrate")]
pub fn read_from_page() -> Result<PriceBook, String> {
    let text = document()
        .get_element_by_id(ELEMENT_ID)
        .and_then(|element| element.text_content())
        .ok_or_else(|| format!("the page has no #{ELEMENT_ID} element"))?;
    PriceBook::from_json(&text).map_err(|err| err.to_string())
}
