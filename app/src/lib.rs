//! Regionwise's user interface, written once for both sides of the wire.
//!
//! Compiled with `ssr`, the server renders every page to HTML so it is readable before any
//! script runs; compiled with `hydrate` (through the `frontend` crate), the same components take
//! over the page in the browser and make it interactive. Domain logic lives in `planner`; this
//! crate only presents it. Server-only code sits behind `#[cfg(feature = "ssr")]`.

// Leptos views are deeply nested types; the planner page needs more than the default 128.
#![recursion_limit = "256"]

pub mod address;
pub mod assets;
#[cfg(feature = "ssr")]
pub mod csp;
pub mod deferred;
pub mod erase;
pub mod format;
pub mod pages;
pub mod prices;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
#[cfg(not(feature = "hydrate"))]
use leptos_router::{
    StaticSegment,
    components::{Route, Router, Routes},
};

use crate::erase::EraseView;
use crate::pages::{NotFoundPage, PlannerPage};
use crate::prices::PriceBookData;

/// The HTML document around [`App`]: head, hydration scripts and meta tags.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    csp::apply_page_policy();
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="description" content="Plan multi-region SaaS deployments on AWS: recovery time, data loss, availability and monthly cost per pattern, region and line item." />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <link rel="stylesheet" id="leptos" href=assets::stylesheet_href() />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <script src="/diagram.js" defer></script>
                <MetaTags />
                <PriceBookData />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The site's header, on every page, after a skip link to the page's content (on the
/// planner: its results).
#[component]
pub fn Masthead(
    #[prop(default = "#main")] skip_to: &'static str,
    #[prop(default = "Skip to the content")] skip_label: &'static str,
) -> impl IntoView {
    view! {
        <a class="skip-link" href=skip_to>{skip_label}</a>
        <header class="masthead">
            <div class="masthead__inner">
                <a class="brand" href="/">
                    "Regionwise"
                </a>
                <p class="masthead__tagline">"Multi-region SaaS on AWS, costed and recoverable"</p>
            </div>
        </header>
    }
}

/// The masthead of a routed page: the planner's skip link goes to its results.
#[component]
fn RoutedMasthead() -> impl IntoView {
    let on_planner = address::path() == "/";
    if on_planner {
        view! { <Masthead skip_to="#results" skip_label="Skip to the results" /> }.erase()
    } else {
        view! { <Masthead /> }.erase()
    }
}

/// The application: global styles, title and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    // The server routes; the browser hydrates what the server rendered for this path without a
    // router (the router renders nothing of its own into the page: see `address`).
    #[cfg(not(feature = "hydrate"))]
    let page = view! {
        <Router>
            <RoutedMasthead />
            <Routes fallback=NotFoundPage>
                <Route path=StaticSegment("") view=PlannerPage />
            </Routes>
        </Router>
    };
    #[cfg(feature = "hydrate")]
    let page = view! {
        <RoutedMasthead />
        {if address::path() == "/" { PlannerPage().erase() } else { NotFoundPage().erase() }}
    };
    view! {
        <Title text="Regionwise — multi-region AWS planner" />
        {page}
    }
}
