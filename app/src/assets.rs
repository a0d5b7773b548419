//! The stylesheet's address. A release build names it by its content hash
//! (`/pkg/regionwise.<hash>.css`), which only the server knows, from cargo-leptos's
//! `hash.txt`: it sets the address once at start-up, and every page's head links it.

use std::sync::OnceLock;

static STYLESHEET_HREF: OnceLock<String> = OnceLock::new();

/// Sets the stylesheet's address; the first call wins (one server per process).
pub fn set_stylesheet_href(href: String) {
    let _ = STYLESHEET_HREF.set(href);
}

/// The stylesheet's address: the one set at start-up, else cargo-leptos's plain name.
pub fn stylesheet_href() -> &'static str {
    STYLESHEET_HREF
        .get()
        .map_or("/pkg/regionwise.css", String::as_str)
}
