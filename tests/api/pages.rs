//! Pages, static-file fallbacks, API 404s and the headers every response carries.

use axum::body::Body;
use http::header::{CONTENT_ENCODING, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use http::{Request, StatusCode};
use regionwise_tests::{app_state, on_each_backend};

use crate::{body_json, body_text, get, send};

#[tokio::test]
async fn home_page_is_server_rendered_with_the_pattern_picker() {
    on_each_backend(|_, database| async move {
        let response = send(app_state(database), get("/")).await;
        assert_eq!(response.status(), StatusCode::OK);
        let content_type = response.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(content_type.starts_with("text/html"), "{content_type}");
        let html = body_text(response).await;
        assert!(html.contains("<title>Regionwise"), "title missing");
        assert!(html.contains(r#"<label for="pattern">Pattern</label>"#));
        assert!(html.contains(r#"<option value="warm_standby" selected"#));
        // The summary of the default pattern is rendered on the server, before any wasm.
        assert!(html.contains("1–5 min"), "default pattern summary missing");
        assert!(
            html.contains("/pkg/regionwise.js"),
            "hydration script missing"
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
