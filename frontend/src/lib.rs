//! The wasm entry point. It only hydrates: all UI lives in the `app` crate, all server code in
//! `server`, and neither tokio, axum nor sqlx may reach this bundle (see ARCHITECTURE.md).

use wasm_bindgen::prelude::wasm_bindgen;

/// Called by the script that `HydrationScripts` puts in the page once the wasm has loaded.
#[wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
