//! Pages, static-file fallbacks, API 404s and the headers every response carries.

use axum::body::Body;
use http::header::{CONTENT_ENCODING, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use http::{Request, StatusCode};
use regionwise_tests::{app_state, on_each_backend};

use crate::{body_json, body_text, get, send};

#[tokio::test]
async fn the_planner_is_server_rendered_with_a_complete_estimate_and_its_price_book() {
    on_each_backend(|_, database| async move {
        let state = app_state(database);
        let prices = state.price_book.get();
        let response = send(state, get("/")).await;
        assert_eq!(response.status(), StatusCode::OK);
        let content_type = response.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(content_type.starts_with("text/html"), "{content_type}");
        // Revalidated on every visit: a new release's page (and its new file names) shows at once.
        assert_eq!(response.headers()[http::header::CACHE_CONTROL], "no-cache");
        let html = body_text(response).await;
        assert!(
            html.contains("<title>Medium SaaS — Regionwise</title>"),
            "the plan's name in the title"
        );
        assert!(html.contains(r#"<label for="primary-region">Primary region</label>"#));
        assert!(html.contains(r#"<option value="us-east-1" selected"#));
        // The default plan's estimate, computed by the engine with the same book, is in the
        // HTML before any wasm runs.
        let plan = planner::Plan::from_json(app::pages::planner_page::draft::DEFAULT_PLAN).unwrap();
        let estimate = planner::estimate(&plan, &prices);
        let total = app::format::usd(estimate.cost.total_monthly_usd);
        assert_eq!(
            text_of_test_id(&html, "total-monthly-cost"),
            Some(total.as_str())
        );
        assert_eq!(text_of_test_id(&html, "rto"), Some("6 min 30 s"));
        // The App config panel quotes the plan's read-after-write window.
        assert!(
            text_of_test_id(&html, "app-config-window")
                .is_some_and(|text| text.contains("5000 ms")),
            "the window is on the page"
        );
        // The price book the browser will compute with rides along as a JSON data block, in
        // its compact form and without the commitment rates an on-demand plan does not use.
        // The browser's numbers are the server's: every example plan estimates the same.
        let embedded = embedded_book(&html);
        assert!(
            embedded
                .entries()
                .iter()
                .all(|entry| entry.commitments.is_empty())
        );
        let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
        let mut plans = Vec::new();
        for entry in std::fs::read_dir(examples).unwrap() {
            let path = entry.unwrap().path();
            if path
                .extension()
                .is_some_and(|extension| extension == "json")
            {
                let json = std::fs::read_to_string(&path).unwrap();
                plans.push((
                    path.display().to_string(),
                    planner::Plan::from_json(&json).unwrap(),
                ));
            }
        }
        // And a plan whose internet egress reaches every volume tier.
        let mut heavy =
            planner::Plan::from_json(app::pages::planner_page::draft::DEFAULT_PLAN).unwrap();
        heavy.traffic.egress_gb_per_month = 400_000;
        plans.push(("400 TB of egress".to_owned(), heavy));
        for (name, plan) in plans {
            assert_eq!(
                serde_json::to_value(planner::estimate(&plan, &embedded)).unwrap(),
                serde_json::to_value(planner::estimate(&plan, &prices)).unwrap(),
                "{name}"
            );
        }
        // Only what the engine and the page use: the block is under a third of the full book's
        // JSON (without commitments), most of which is each entry's provenance.
        let block = embedded_block(&html).len();
        let full = serde_json::to_string(&embedded_with_everything(&prices))
            .unwrap()
            .len();
        assert!(block * 3 < full, "{block} B embedded, {full} B in full");
        assert!(
            html.contains("/pkg/regionwise.js"),
            "hydration script missing"
        );
        // This binary was built by plain cargo: no hash.txt, so the plain names.
        assert!(html.contains(r#"<link rel="stylesheet" id="leptos" href="/pkg/regionwise.css""#));
    })
    .await;
}

/// The JSON in a page's price-book data block.
fn embedded_block(html: &str) -> &str {
    let start = html
        .find(r#"<script type="application/json" id="price-book">"#)
        .expect("price-book data block");
    let block = &html[start..];
    &block[block.find('>').unwrap() + 1..block.find("</script>").unwrap()]
}

/// The price book in a page's JSON data block, as the browser reads it.
fn embedded_book(html: &str) -> planner::PriceBook {
    serde_json::from_str::<app::prices::PageBook>(embedded_block(html))
        .expect("the embedded book parses")
        .into_book()
}

/// `book`'s entries with every field but the commitment rates.
fn embedded_with_everything(book: &planner::PriceBook) -> planner::PriceBook {
    let entries = book
        .entries()
        .iter()
        .map(|entry| planner::PriceEntry {
            commitments: Vec::new(),
            ..entry.clone()
        })
        .collect();
    planner::PriceBook::new(book.version.clone(), book.as_of.clone(), entries)
}

#[tokio::test]
async fn a_plan_that_buys_a_commitment_gets_the_commitment_rates_and_its_estimate() {
    on_each_backend(|_, database| async move {
        let state = app_state(database);
        let prices = state.price_book.get();
        let draft =
            serde_json::json!({"purchasing": {"term": "three_year", "payment": "all_upfront"}});
        let mut document = app::pages::planner_page::draft::default_document();
        app::pages::planner_page::draft::set(
            &mut document,
            "purchasing",
            Some(draft["purchasing"].clone()),
        );
        let address = format!(
            "/{}",
            app::pages::planner_page::draft::query_string(
                &app::pages::planner_page::draft::encode_for_url(&document)
            )
        );
        let html = body_text(send(state, get(&address)).await).await;
        let embedded = embedded_book(&html);
        for (carried, entry) in embedded.entries().iter().zip(prices.entries()) {
            assert_eq!(carried.commitments, entry.commitments, "{}", entry.key);
        }
        let plan = app::pages::planner_page::draft::parse(&document).unwrap();
        assert!(plan.purchasing.commitment().is_some());
        let estimate = planner::estimate(&plan, &prices);
        let on_demand = estimate
            .cost
            .commitments
            .as_ref()
            .unwrap()
            .on_demand_monthly_usd;
        assert!(estimate.cost.total_monthly_usd < on_demand);
        assert_eq!(
            text_of_test_id(&html, "total-monthly-cost"),
            Some(app::format::usd(estimate.cost.total_monthly_usd).as_str())
        );
    })
    .await;
}

#[tokio::test]
async fn pages_carry_a_nonce_csp_matching_their_inline_scripts() {
    on_each_backend(|_, database| async move {
        let response = send(app_state(database), get("/")).await;
        let policy = response.headers()[CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned();
        let nonce = policy
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap_or_else(|| panic!("no nonce in {policy}"))
            .to_owned();
        assert!(nonce.len() >= 16, "nonce too short: {nonce}");
        assert!(
            !policy.contains("unsafe-inline'; script")
                && !policy.contains("script-src 'self' 'unsafe-inline'")
        );
        let html = body_text(response).await;
        assert!(
            html.contains(&format!("nonce=\"{nonce}\"")),
            "scripts lack the nonce"
        );
    })
    .await;
}

#[tokio::test]
async fn unknown_pages_get_an_html_404() {
    on_each_backend(|_, database| async move {
        let response = send(app_state(database), get("/no/such/page")).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let html = body_text(response).await;
        assert!(html.contains("Page not found"), "{html}");
    })
    .await;
}

#[tokio::test]
async fn unknown_api_paths_get_a_json_404() {
    on_each_backend(|_, database| async move {
        let request = Request::post("/api/v1/nothing-here")
            .body(Body::empty())
            .unwrap();
        let response = send(app_state(database), request).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let content_type = response.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(content_type, "application/json");
        let body = body_json(response).await;
        assert_eq!(body["error"]["code"], "not_found");
        assert_eq!(
            body["error"]["message"],
            "no API endpoint for POST /api/v1/nothing-here"
        );
    })
    .await;
}

#[tokio::test]
async fn responses_carry_security_headers_and_a_request_id() {
    on_each_backend(|_, database| async move {
        let response = send(app_state(database), get("/healthz")).await;
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["x-frame-options"], "DENY");
        assert_eq!(
            headers["referrer-policy"],
            "strict-origin-when-cross-origin"
        );
        assert_eq!(
            headers[CONTENT_SECURITY_POLICY],
            server::http::security::DEFAULT_POLICY
        );
        let request_id = headers["x-request-id"].to_str().unwrap();
        assert_eq!(request_id.len(), 36, "a UUID: {request_id}");
    })
    .await;
}

#[tokio::test]
async fn a_client_request_id_is_kept_only_when_it_is_uuid_shaped() {
    on_each_backend(|_, database| async move {
        let state = app_state(database);
        let with_id = |id: &str| {
            Request::get("/healthz")
                .header("x-request-id", id)
                .body(Body::empty())
                .unwrap()
        };
        let own = "0f0e0d0c-0b0a-4908-8706-050403020100";
        let response = send(state.clone(), with_id(own)).await;
        assert_eq!(response.headers()["x-request-id"], own);
        for foreign in [
            "<script>alert(1)</script>",
            "x\" level=error forged=\"1",
            "1234",
        ] {
            let response = send(state.clone(), with_id(foreign)).await;
            let id = response.headers()["x-request-id"].to_str().unwrap();
            assert_ne!(id, foreign);
            assert_eq!(id.len(), 36, "replaced by a UUID: {id}");
        }
    })
    .await;
}

#[tokio::test]
async fn pages_are_compressed_when_the_client_accepts_it() {
    on_each_backend(|_, database| async move {
        let request = Request::get("/")
            .header("accept-encoding", "gzip")
            .body(Body::empty())
            .unwrap();
        let response = send(app_state(database), request).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[CONTENT_ENCODING], "gzip");
    })
    .await;
}

/// The text inside the element carrying `data-testid="{id}"` (up to its first child tag).
fn text_of_test_id<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let at = html.find(&format!(r#"data-testid="{id}""#))?;
    let rest = &html[at..];
    let start = rest.find('>')? + 1;
    let end = rest[start..].find('<')? + start;
    Some(&rest[start..end])
}

#[tokio::test]
async fn the_terraform_preview_is_server_rendered_with_every_file_and_the_zips_digest() {
    on_each_backend(|_, database| async move {
        use app::pages::planner_page::draft;
        let state = app_state(database);
        let plan = planner::Plan::from_json(draft::DEFAULT_PLAN).unwrap();
        let mut document = serde_json::to_value(&plan).unwrap();
        document["pattern"] = "pilot_light".into();
        let encoded = draft::encode_for_url(&document);
        let response = send(state.clone(), get(&format!("/terraform?plan={encoded}"))).await;
        assert_eq!(response.status(), StatusCode::OK);
        let policy = response.headers()[CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            policy.starts_with("default-src 'none'; style-src 'self'"),
            "{policy}"
        );
        let html = body_text(response).await;
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(
            !html.contains("<script"),
            "a static page: no script, no wasm"
        );
        assert!(
            html.contains("<code>modules/database/main.tf</code>"),
            "file list"
        );
        assert!(html.contains("Pilot light"));
        let digest = text_of_test_id(&html, "terraform-sha256")
            .expect("digest")
            .to_owned();
        let zip = send(
            state.clone(),
            get(&format!("/api/v1/terraform.zip?plan={encoded}")),
        )
        .await;
        let zip = axum::body::to_bytes(zip.into_body(), usize::MAX)
            .await
            .unwrap();
        use sha2::Digest as _;
        assert_eq!(digest, format!("{:x}", sha2::Sha256::digest(&zip)));

        let broken = body_text(send(state, get("/terraform?plan=not-base64!")).await).await;
        assert!(
            text_of_test_id(&broken, "terraform-error")
                .is_some_and(|message| message.contains("cannot be turned into Terraform")),
            "a bad plan in the address is explained"
        );
    })
    .await;
}

/// A page render takes a compute slot: with every slot held by other work, the planner waits
/// while `/healthz` answers, and renders once a slot frees.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_renders_wait_for_a_compute_slot_and_leave_liveness_answering() {
    use std::sync::Arc;
    use std::sync::mpsc;
    use std::time::Duration;
    let (mut state, test_database) = crate::stateless_app().await;
    state.compute = Arc::new(server::compute::Compute::with_jobs(1));
    let (release, released) = mpsc::channel::<()>();
    let (started, has_started) = tokio::sync::oneshot::channel::<()>();
    let holder = {
        let compute = state.compute.clone();
        tokio::spawn(async move {
            compute
                .run(move || {
                    let _ = started.send(());
                    released.recv_timeout(Duration::from_secs(60))
                })
                .await
        })
    };
    has_started.await.unwrap();
    let page = tokio::spawn(send(state.clone(), get("/")));
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(
        !page.is_finished(),
        "the page rendered while every compute slot was taken"
    );
    let health = tokio::time::timeout(Duration::from_secs(5), send(state.clone(), get("/healthz")))
        .await
        .expect("liveness answers while the slot is held");
    assert_eq!(health.status(), StatusCode::OK);
    release.send(()).unwrap();
    holder.await.unwrap().unwrap();
    let response = tokio::time::timeout(Duration::from_secs(60), page)
        .await
        .expect("the page renders once the slot is free")
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(body_text(response).await.contains("— Regionwise</title>"));
    drop(test_database);
}
