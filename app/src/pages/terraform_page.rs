//! The Terraform preview (route `/terraform?plan=…`): every file of the plan's bundle, the
//! SHA-256 of its zip and the download, rendered by the server.
//!
//! The plan travels as the planner carries it in its address. The page is static: the server
//! renders it whole (this module exists only with the `ssr` feature) and it loads no wasm, so
//! neither the generator nor this view weighs on the planner's bundle. Links to it are
//! `rel="external"` so the browser loads it from the server rather than routing to it.

use leptos::prelude::*;

use super::planner_page::draft;
use crate::erase::EraseView;

/// What the page shows: the bundle's files and the zip's digest and address.
#[derive(Debug, Clone, PartialEq)]
pub struct TerraformPreview {
    pub plan_name: String,
    pub pattern: String,
    pub sha256: String,
    pub zip_bytes: usize,
    pub download_href: String,
    pub planner_href: String,
    pub files: Vec<PreviewFile>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PreviewFile {
    pub path: String,
    pub text: String,
}

/// Builds the preview for a plan carried in an address.
pub fn preview(encoded: &str, book: &planner::PriceBook) -> Result<TerraformPreview, String> {
    let document = draft::from_parameter(Some(encoded))?;
    let plan = draft::parse(&document).map_err(|error| error.to_string())?;
    let bundle = terraform::generate(&plan, &planner::estimate(&plan, book));
    let zip = bundle.zip();
    let query = draft::query_string(encoded);
    Ok(TerraformPreview {
        plan_name: plan.name.clone(),
        pattern: plan.pattern.profile().title.to_owned(),
        sha256: terraform::sha256_hex(&zip),
        zip_bytes: zip.len(),
        download_href: format!("/api/v1/terraform.zip{query}"),
        planner_href: format!("/{query}"),
        files: bundle
            .files
            .into_iter()
            .map(|(path, text)| PreviewFile { path, text })
            .chain(bundle.binary_files.into_iter().map(|(path, bytes)| {
                let text = format!(
                    "A zip archive ({} bytes, SHA-256 {}) in the downloaded bundle: the file beside it packed for Lambda by Regionwise, the same bytes for the same source.",
                    bytes.len(),
                    terraform::sha256_hex(&bytes)
                );
                PreviewFile { path, text }
            }))
            .collect(),
    })
}

/// The whole page, `<!DOCTYPE html>` included, for the plan `encoded` in an address.
pub fn render_page(encoded: &str, book: &planner::PriceBook) -> String {
    let content = match preview(encoded, book) {
        Ok(preview) => view! { <Bundle preview /> }.erase(),
        Err(message) => view! {
            <p class="error-banner" role="alert" data-testid="terraform-error">
                {format!("This plan cannot be turned into Terraform: {message}.")}
            </p>
        }
        .erase(),
    };
    super::static_page::render("Terraform bundle", &[], content)
}

/// The Content-Security-Policy of the page: it runs no script at all.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

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
