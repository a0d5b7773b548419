//! How the page gets its price book: the server renders the book it estimates with into the
//! page as a JSON data block, and the browser reads that block before hydrating, so both sides
//! compute with the same prices and the browser never asks the server for them again.
//!
//! The block is a compact form of the book ([`PageBook`]): what the engine computes with and
//! the page shows of each entry (key, region, unit, price, tiers, source, date, verified,
//! fetch time), without the AWS service code, usage type, SKU and provenance that only the
//! API and the refresh report use — they were two thirds of its bytes. Commitment prices
//! (reserved instances, Savings Plans) matter only to a plan that buys one, so the block
//! carries them only when the page's plan (its `plan` address parameter, the only way a page
//! receives one) buys a commitment.

use std::sync::Arc;

use leptos::prelude::*;
use planner::commitment::CommitmentRate;
use planner::{Decimal, PriceBook, PriceEntry, PriceSource, PriceTier};
use serde::{Deserialize, Serialize};

/// The price book the page estimates with, provided as context on both sides.
#[derive(Clone)]
pub struct Prices(pub Arc<PriceBook>);

/// The id of the `<script type="application/json">` element carrying the book.
pub const ELEMENT_ID: &str = "price-book";

/// The price book as the page carries it: each entry with what the engine and the page use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageBook {
    pub version: String,
    pub as_of: String,
    pub entries: Vec<PageEntry>,
}

/// One entry of a [`PageBook`]; the short field names are the block's bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageEntry {
    /// The engine's key.
    #[serde(rename = "k")]
    pub key: String,
    #[serde(rename = "r")]
    pub region: String,
    #[serde(rename = "u")]
    pub unit: String,
    #[serde(rename = "p")]
    pub usd_per_unit: Decimal,
    #[serde(rename = "s")]
    pub source: PriceSource,
    /// The effective date.
    #[serde(rename = "d")]
    pub effective_date: String,
    #[serde(rename = "v")]
    pub verified: bool,
    #[serde(rename = "f", default, skip_serializing_if = "Option::is_none")]
    pub fetched_at: Option<String>,
    #[serde(rename = "t", default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<PriceTier>,
    #[serde(rename = "c", default, skip_serializing_if = "Vec::is_empty")]
    pub commitments: Vec<CommitmentRate>,
}

impl PageBook {
    /// `book` as a page carries it, with its commitment prices or without.
    pub fn of(book: &PriceBook, with_commitments: bool) -> PageBook {
        PageBook {
            version: book.version.clone(),
            as_of: book.as_of.clone(),
            entries: book
                .entries()
                .iter()
                .map(|entry| PageEntry {
                    key: entry.key.clone(),
                    region: entry.region.clone(),
                    unit: entry.unit.clone(),
                    usd_per_unit: entry.usd_per_unit,
                    source: entry.source,
                    effective_date: entry.effective_date.clone(),
                    verified: entry.verified,
                    fetched_at: entry.fetched_at.clone(),
                    tiers: entry.tiers.clone(),
                    commitments: if with_commitments {
                        entry.commitments.clone()
                    } else {
                        Vec::new()
                    },
                })
                .collect(),
        }
    }

    /// The book the browser computes with: what the page carried, the rest left empty (no
    /// computation reads it; the server's book has it).
    pub fn into_book(self) -> PriceBook {
        let entries = self
            .entries
            .into_iter()
            .map(|entry| PriceEntry {
                key: entry.key,
                service_code: String::new(),
                region: entry.region,
                usage_type: String::new(),
                unit: entry.unit,
                usd_per_unit: entry.usd_per_unit,
                sku: None,
                effective_date: entry.effective_date,
                source: entry.source,
                verified: entry.verified,
                provenance: String::new(),
                fetched_at: entry.fetched_at,
                tiers: entry.tiers,
                commitments: entry.commitments,
            })
            .collect();
        PriceBook::new(self.version, self.as_of, entries)
    }
}

/// The data block for the page head: the context's price book as a [`PageBook`] in JSON, with
/// `<`, `>` and `&` escaped so no value can end the script element.
#[component]
pub fn PriceBookData() -> impl IntoView {
    let json = use_context::<Prices>()
        .and_then(|Prices(book)| {
            serde_json::to_string(&PageBook::of(&book, page_plan_buys_commitment())).ok()
        })
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    view! { <script type="application/json" id=ELEMENT_ID inner_html=json></script> }
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
            let fetched = match full_book_fetcher().await {
                Ok(fetch) => fetch().await,
                Err(crate::deferred::NotLoaded) => Err("its code could not be loaded".to_owned()),
            };
            match fetched {
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
type BookFetch = std::pin::Pin<Box<dyn std::future::Future<Output = Result<PriceBook, String>>>>;

/// A split point (see `crate::deferred`): the full book's reader — its entries' whole serde
/// code and validation — is in its own wasm file, fetched only when a plan first buys a
/// commitment.
#[cfg(feature = "hydrate")]
#[leptos::wasm_split::wasm_split(
    regionwise_commitment_prices,
    wasm_split_path = ::leptos::wasm_split,
    fallible
)]
fn full_book_fetcher() -> Result<fn() -> BookFetch, crate::deferred::NotLoaded> {
    fn boxed() -> BookFetch {
        Box::pin(fetch_full_book())
    }
    Ok(boxed)
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
    serde_json::from_str::<PageBook>(&text)
        .map(PageBook::into_book)
        .map_err(|err| err.to_string())
}
