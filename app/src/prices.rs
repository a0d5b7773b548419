//! How the page gets its price book: the server renders the book it estimates with into the
//! page as a JSON data block, and the browser reads that block before hydrating, so both sides
//! compute with the same prices and the browser never asks the server for them again.

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
        .and_then(|Prices(book)| serde_json::to_string(book.as_ref()).ok())
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    view! { <script type="application/json" id=ELEMENT_ID inner_html=json></script> }
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
