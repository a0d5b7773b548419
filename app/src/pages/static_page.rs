//! The shell of the pages the server renders whole, outside the Leptos router and without
//! wasm (the Terraform preview, the app config): document head, stylesheet, masthead.

use leptos::prelude::*;

use crate::erase::EraseView;

/// The whole document, `<!DOCTYPE html>` included, with `content` in its `<main>`; `scripts`
/// are the addresses of the page's script files.
pub fn render(title: &str, scripts: &[&'static str], content: AnyView) -> String {
    render_with_meta(title, scripts, &[], content)
}

/// [`render`] with `<meta>` tags in the head, each `(attribute, key, content)`: `("property",
/// "og:title", …)` or `("name", "twitter:card", …)`.
pub fn render_with_meta(
    title: &str,
    scripts: &[&'static str],
    meta: &[(&'static str, &'static str, String)],
    content: AnyView,
) -> String {
    let title = format!("{title} — Regionwise");
    let meta = meta
        .iter()
        .map(|(attribute, key, value)| match *attribute {
            "property" => leptos::html::meta()
                .attr("property", *key)
                .attr("content", value.clone())
                .erase(),
            _ => view! { <meta name=*key content=value.clone() /> }.erase(),
        })
        .collect_view();
    let script = scripts
        .iter()
        .map(|src| view! { <script src=*src defer></script> })
        .collect_view();
    let page = view! {
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <title>{title}</title>
                {meta}
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <link rel="stylesheet" href=crate::assets::stylesheet_href() />
                {script}
            </head>
            <body>
                <crate::Masthead />
                <main class="page terraform-page" id="main">{content}</main>
            </body>
        </html>
    };
    format!("<!DOCTYPE html>{}", page.to_html())
}
