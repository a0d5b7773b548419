//! The Terraform preview (route `/terraform?plan=…`): every file of the plan's bundle, the
//! SHA-256 of its zip and the download, rendered by the server.
//!
//! The plan travels as the planner carries it in its address. The bundle is generated on the
//! server (the generator is not in the browser bundle); the page's data reaches the browser
//! inside the server-rendered page, so hydrating it asks nothing more. Links to it are
//! `rel="external"` so the browser loads it from the server rather than routing to it.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::planner_page::draft;

/// What the page shows: the bundle's files and the zip's digest and address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TerraformPreview {
    pub plan_name: String,
    pub pattern: String,
    pub sha256: String,
    pub zip_bytes: usize,
    pub download_href: String,
    pub planner_href: String,
    pub files: Vec<PreviewFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviewFile {
    pub path: String,
    pub text: String,
}

/// Builds the preview for a plan carried in an address (server only).
#[cfg(feature = "ssr")]
pub fn preview(encoded: &str, book: &planner::PriceBook) -> Result<TerraformPreview, String> {
    use sha2::Digest as _;
    let document = if encoded.is_empty() {
        draft::default_document()
    } else {
        draft::decode_from_url(encoded)?
    };
    let plan = draft::parse(&document).map_err(|error| error.to_string())?;
    let bundle = terraform::generate(&plan, &planner::estimate(&plan, book));
    let zip = bundle.zip();
    let query = if encoded.is_empty() {
        String::new()
    } else {
        format!("?{}={encoded}", draft::URL_PARAMETER)
    };
    Ok(TerraformPreview {
        plan_name: plan.name.clone(),
        pattern: plan.pattern.profile().title.to_owned(),
        sha256: format!("{:x}", sha2::Sha256::digest(&zip)),
        zip_bytes: zip.len(),
        download_href: format!("/api/v1/terraform.zip{query}"),
        planner_href: format!("/{query}"),
        files: bundle
            .files
            .into_iter()
            .map(|(path, text)| PreviewFile { path, text })
            .collect(),
    })
}

#[component]
pub fn TerraformPage() -> impl IntoView {
    let encoded = use_query_map()
        .with_untracked(|query| query.get(draft::URL_PARAMETER))
        .unwrap_or_default();
    #[cfg(feature = "ssr")]
    let book = use_context::<crate::prices::Prices>();
    let preview = Resource::new_blocking(
        || (),
        move |()| {
            #[cfg(feature = "ssr")]
            let result = match &book {
                Some(crate::prices::Prices(book)) => preview(&encoded, book),
                None => Err("no price book is loaded".to_owned()),
            };
            #[cfg(not(feature = "ssr"))]
            let result: Result<TerraformPreview, String> = Err(format!(
                "reload the page to see the bundle of plan `{encoded}`"
            ));
            async move { result }
        },
    );
    view! {
        <Title text="Terraform bundle — Regionwise" />
        <main class="page terraform-page">
            <Suspense fallback=|| view! { <p>"Generating the bundle…"</p> }>
                {move || {
                    preview
                        .get()
                        .map(|result| match result {
                            Ok(preview) => view! { <Bundle preview /> }.into_any(),
                            Err(message) => {
                                view! {
                                    <p class="error-banner" role="alert" data-testid="terraform-error">
                                        {format!("This plan cannot be turned into Terraform: {message}.")}
                                    </p>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Suspense>
        </main>
    }
}

#[component]
fn Bundle(preview: TerraformPreview) -> impl IntoView {
    let file_count = preview.files.len();
    let files = preview
        .files
        .into_iter()
        .enumerate()
        .map(|(index, file)| {
            let open = file.path == "README.md" || file.path == "main.tf";
            let id = format!("file-{index}");
            let lines = file.text.lines().count();
            view! {
                <details class="bundle-file" id=id open=open>
                    <summary>
                        <code>{file.path.clone()}</code>
                        <span class="hint">{format!(" {lines} lines")}</span>
                    </summary>
                    <pre class="code" tabindex="0"><code>{file.text}</code></pre>
                </details>
            }
        })
        .collect_view();
    view! {
        <section class="intro">
            <h1>{format!("Terraform for “{}”", preview.plan_name)}</h1>
            <p>
                {format!(
                    "{}: {file_count} files, every .tf in terraform fmt form and checked against the AWS provider schema and checkov. The README holds the failover runbook.",
                    preview.pattern,
                )}
            </p>
            <p class="actions">
                <a class="button" href=preview.download_href rel="external" data-testid="terraform-download">
                    {format!("Download .zip ({} KB)", preview.zip_bytes.div_ceil(1024))}
                </a>
                " "
                <a href=preview.planner_href rel="external">"Back to the plan"</a>
            </p>
            <p class="hint">
                "SHA-256 of the zip: " <code data-testid="terraform-sha256">{preview.sha256}</code>
                " — the same plan always gives the same bytes."
            </p>
        </section>
        <section class="panel" aria-label="Files of the bundle" data-testid="terraform-files">
            {files}
        </section>
    }
}
