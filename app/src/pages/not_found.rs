//! The page for any path no route matches, answered with HTTP 404 on the server.

use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(http::StatusCode::NOT_FOUND);
        }
    }

    view! {
        <main class="page page--narrow" id="main">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address. It may have been mistyped, or the plan it pointed to no longer exists."</p>
            <p>
                <a href="/">"Back to the planner"</a>
            </p>
        </main>
    }
}
