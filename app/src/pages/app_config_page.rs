//! The app config page (route `/app-config?plan=…&framework=…`): the plan's read/write-splitting
//! configuration for one framework — a tab per framework that applies, the read-after-write
//! window and pools with their derivation, every file with Copy and Download, and the zip.
//!
//! Like the Terraform preview, the server renders it whole (this module exists only with the
//! `ssr` feature) and it loads no wasm, so the generator stays out of the planner's bundle. Its
//! one script, `/app-config.js`, only wires the Copy buttons to the Clipboard API; without it
//! the page is complete and the buttons stay hidden.

use leptos::prelude::*;
use rwsplit::Framework;

use super::planner_page::draft;
use crate::erase::EraseView;

/// The Content-Security-Policy of the page: its own script file and styles, nothing else.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// What the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AppConfigView {
    pub plan_name: String,
    pub framework: Framework,
    /// Every framework with its page address, whether it is this one, and why not when it
    /// does not apply.
    pub tabs: Vec<Tab>,
    pub window: String,
    pub pools: Option<String>,
    pub zip_href: String,
    pub planner_href: String,
    pub files: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tab {
    pub framework: Framework,
    pub href: String,
    pub not_applicable: Option<&'static str>,
}

/// Builds the page's content for a plan carried in an address and a framework slug (absent:
/// `.env`).
pub fn app_config(
    encoded: &str,
    framework: Option<&str>,
    book: &planner::PriceBook,
) -> Result<AppConfigView, String> {
    let framework = match framework {
        None | Some("") => Framework::Env,
        Some(slug) => slug.parse()?,
    };
    let document = draft::from_parameter(Some(encoded))?;
    let plan = draft::parse(&document).map_err(|error| error.to_string())?;
    let estimate = planner::estimate(&plan, book);
    let config =
        rwsplit::generate(&plan, &estimate, framework).map_err(|error| error.to_string())?;
    let query = draft::query_string(encoded);
    let with_framework = |base: &str, framework: Framework| {
        let separator = if query.is_empty() { '?' } else { '&' };
        format!("{base}{query}{separator}framework={}", framework.slug())
    };
    let tabs = Framework::ALL
        .into_iter()
        .map(|option| Tab {
            framework: option,
            href: with_framework("/app-config", option),
            not_applicable: rwsplit::check(&plan, option)
                .err()
                .map(|error| error.reason),
        })
        .collect();
    let split = &estimate.read_write_split;
    Ok(AppConfigView {
        plan_name: plan.name.clone(),
        framework,
        tabs,
        window: format!(
            "Reads follow a user's writes to the writer for {} ms: {}. {}.",
            split.read_after_write.window_ms,
            split.read_after_write.derivation,
            split.read_after_write.basis
        ),
        pools: split.pools.as_ref().map(|pools| {
            format!(
                "Pool per task: {}, to the writer and again to the reader; at full size the writer holds {} connections{}.",
                pools.per_task_formula,
                pools.writer_connections,
                pools
                    .max_connections_per_instance
                    .map(|limit| format!(" of the {limit} its class accepts by default"))
                    .unwrap_or_default()
            )
        }),
        zip_href: with_framework("/api/v1/rwsplit.zip", framework),
        planner_href: format!("/{query}"),
        files: own_files_first(config.files),
    })
}

/// The framework's own files, then the ones every framework carries, each group in path order.
fn own_files_first(files: std::collections::BTreeMap<String, String>) -> Vec<(String, String)> {
    let (shared, own): (Vec<_>, Vec<_>) = files
        .into_iter()
        .partition(|(path, _)| rwsplit::is_shared_file(path));
    own.into_iter().chain(shared).collect()
}

/// The whole page, `<!DOCTYPE html>` included.
pub fn render_page(encoded: &str, framework: Option<&str>, book: &planner::PriceBook) -> String {
    let content = match app_config(encoded, framework, book) {
        Ok(config) => view! { <Config config /> }.erase(),
        Err(message) => view! {
            <p class="error-banner" role="alert" data-testid="app-config-error">
                {format!("No app config for this address: {message}.")}
            </p>
        }
        .erase(),
    };
    super::static_page::render("App config", &["/app-config.js"], content)
}

#[component]
fn Config(config: AppConfigView) -> impl IntoView {
    let current = config.framework;
    let tabs = config
        .tabs
        .into_iter()
        .map(|tab| match tab.not_applicable {
            None => {
                let here = (tab.framework == current).then_some("page");
                view! {
                    <a class="tab" href=tab.href aria-current=here data-framework=tab.framework.slug()>
                        {tab.framework.title()}
                    </a>
                }
                .erase()
            }
            Some(reason) => view! {
                <span class="tab tab--disabled" title=reason aria-disabled="true">
                    {tab.framework.title()}
                </span>
            }
            .erase(),
        })
        .collect_view();
    let files = config
        .files
        .into_iter()
        .enumerate()
        .map(|(index, (path, text))| {
            let id = format!("file-{index}");
            let path_id = format!("file-{index}-path");
            let labelled_by = path_id.clone();
            let copy_target = id.clone();
            let name = path.rsplit('/').next().unwrap_or_default().to_owned();
            let href = format!(
                "data:text/plain;charset=utf-8,{}",
                percent_encoding::utf8_percent_encode(&text, percent_encoding::NON_ALPHANUMERIC)
            );
            view! {
                <section class="bundle-file" aria-labelledby=labelled_by>
                    <div class="app-config__file-header">
                        <h2 class="file-path"><code id=path_id>{path}</code></h2>
                        <div class="actions">
                            <button type="button" class="button" data-copy=copy_target hidden>
                                "Copy"
                            </button>
                            <a class="button" href=href download=name>"Download"</a>
                        </div>
                        <span class="copy-status" role="status"></span>
                    </div>
                    <pre class="code" tabindex="0" id=id><code>{text}</code></pre>
                </section>
            }
        })
        .collect_view();
    view! {
        <section class="intro">
            <h1>{format!("App config for “{}”", config.plan_name)}</h1>
            <p data-testid="app-config-window">{config.window}</p>
            {config.pools.map(|pools| view! { <p class="hint">{pools}</p> })}
            <nav class="tabs" aria-label="Framework">{tabs}</nav>
            <p class="actions">
                <a class="button" href=config.zip_href rel="external" data-testid="app-config-zip">
                    {format!("Download {} (.zip)", current.title())}
                </a>
                <a href=config.planner_href rel="external">"Back to the plan"</a>
            </p>
            <p class="hint">
                "Endpoints are placeholders named after the Terraform bundle's outputs; after terraform apply, fill_from_terraform.py fills them (see README.md)."
            </p>
        </section>
        <section class="panel" aria-label="Files" data-testid="app-config-files">
            {files}
        </section>
    }
}
