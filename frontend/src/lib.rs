//! The wasm entry point. It only hydrates: all UI lives in the `app` crate, all server code in
//! `server`, and neither tokio, axum nor sqlx may reach this bundle (see ARCHITECTURE.md).

use wasm_bindgen::prelude::wasm_bindgen;

/// Called by the script that `HydrationScripts` puts in the page once the wasm has loaded.
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // The price book the server rendered into the page: the same one the server estimated
    // with, so hydration computes identical numbers without a request.
    let prices = app::prices::read_from_page();
    leptos::mount::hydrate_body(move || {
        match prices {
            Ok(book) => {
                leptos::prelude::provide_context(app::prices::Prices(std::sync::Arc::new(book)))
            }
            Err(err) => leptos::logging::error!("Regionwise: cannot read the price book: {err}"),
        }
        app::App()
    });
}
