//! The page's address as the UI reads it: its path and its query's parameters.
//!
//! The server reads them from the request, through the router (`leptos_router`, which also
//! gives `leptos_axum` its route list). The browser reads `window.location` and has no router
//! at all: it hydrates one page, the planner, whose links all lead to pages the server renders,
//! and back/forward is the planner's own; leaving the router out keeps its code out of the first
//! wasm file (BENCHMARKS.md, Sizes).

/// The address's path, e.g. `/`.
pub fn path() -> String {
    #[cfg(not(feature = "hydrate"))]
    {
        use leptos::prelude::GetUntracked;
        leptos_router::hooks::use_location()
            .pathname
            .get_untracked()
    }
    #[cfg(feature = "hydrate")]
    {
        leptos::prelude::window()
            .location()
            .pathname()
            .unwrap_or_default()
    }
}

/// The value of the query parameter `name`, decoded, if the address has it.
pub fn query_parameter(name: &str) -> Option<String> {
    #[cfg(not(feature = "hydrate"))]
    {
        use leptos::prelude::WithUntracked;
        leptos_router::hooks::use_query_map().with_untracked(|query| query.get(name))
    }
    #[cfg(feature = "hydrate")]
    {
        let search = leptos::prelude::window().location().search().ok()?;
        leptos::web_sys::UrlSearchParams::new_with_str(&search)
            .ok()?
            .get(name)
    }
}
