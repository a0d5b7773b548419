//! The OpenAPI document against the router: every `/api/v1` route the router serves is
//! documented with its methods, and nothing is documented that is not routed, so Schemathesis
//! (which fuzzes what the document lists) reaches every endpoint.

use std::collections::BTreeSet;

use http::StatusCode;

use crate::{body_json, get, send};

#[tokio::test]
async fn the_openapi_document_describes_every_api_route_of_the_router() {
    let (state, test_database) = crate::stateless_app().await;
    let response = send(state, get("/api/v1/openapi.json")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let document = body_json(response).await;
    assert_eq!(document["openapi"], "3.1.0");
    let documented: BTreeSet<(String, String)> = document["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, operations)| {
            operations
                .as_object()
                .unwrap()
                .keys()
                .map(move |method| (method.clone(), path.clone()))
        })
        .collect();
    // The document describes the API, not itself.
    let routed: BTreeSet<(String, String)> =
        api_routes(include_str!("../../server/src/http/mod.rs"))
            .into_iter()
            .filter(|(_, path)| path != "/api/v1/openapi.json")
            .collect();
    assert!(
        routed.len() >= 18,
        "too few routes read from the router: {routed:?}"
    );
    let undocumented: Vec<_> = routed.difference(&documented).collect();
    let not_routed: Vec<_> = documented.difference(&routed).collect();
    assert!(
        undocumented.is_empty(),
        "routed but not in the OpenAPI document: {undocumented:?}"
    );
    assert!(
        not_routed.is_empty(),
        "in the OpenAPI document but not routed: {not_routed:?}"
    );
    assert!(
        document["paths"]["/api/v1/plans/{id}"]["put"]["responses"]
            .get("412")
            .is_some()
    );
    assert_eq!(
        document["components"]["securitySchemes"]["edit_token"]["scheme"],
        "bearer"
    );
    test_database.drop_now().await;
}

/// The `(method, path)` pairs of every `/api/v1` route in the router's source: each
/// `.route("/api/v1/…", get(…).post(…))` call with the methods of its method router.
fn api_routes(router_source: &str) -> Vec<(String, String)> {
    let mut routes = Vec::new();
    for (at, _) in router_source.match_indices(".route(") {
        let call = &router_source[at + ".route(".len()..];
        // The call's arguments end at the parenthesis that closes `.route(`.
        let mut depth = 1;
        let end = call
            .char_indices()
            .find_map(|(index, character)| {
                match character {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    _ => {}
                }
                (depth == 0).then_some(index)
            })
            .expect("a .route( call closes");
        let arguments = &call[..end];
        let Some(path) = arguments.split('"').nth(1) else {
            continue;
        };
        if !path.starts_with("/api/v1/") {
            continue;
        }
        for method in ["get", "post", "put", "delete", "patch"] {
            let called = arguments
                .match_indices(&format!("{method}("))
                .any(|(index, _)| {
                    index == 0
                        || !arguments[..index]
                            .chars()
                            .next_back()
                            .is_some_and(|before| before.is_alphanumeric() || before == '_')
                });
            if called {
                routes.push((method.to_owned(), path.to_owned()));
            }
        }
    }
    routes
}

#[test]
fn the_route_reader_reads_methods_and_paths() {
    let source = r#"Router::new()
        .route("/api/v1/plans", post(plans::create))
        .route(
            "/api/v1/plans/{id}",
            get(plans::read).put(plans::update).delete(plans::delete),
        )
        .route("/p/{id}", get(share::page))
        .route("/api/v1/estimate", post(api::estimate).layer(from_fn(budget_get(x))))"#;
    assert_eq!(
        api_routes(source),
        [
            ("post", "/api/v1/plans"),
            ("get", "/api/v1/plans/{id}"),
            ("put", "/api/v1/plans/{id}"),
            ("delete", "/api/v1/plans/{id}"),
            ("post", "/api/v1/estimate"),
        ]
        .map(|(method, path)| (method.to_owned(), path.to_owned()))
    );
}
