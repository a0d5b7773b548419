//! The price list endpoint: every entry of the server's book with its source and date,
//! filtered by region and service, and a clear 422 for a filter that names nothing.

use http::StatusCode;

use crate::{body_json, get, send, stateless_app};

#[tokio::test]
async fn the_price_list_is_the_books_entries_with_source_and_date() {
    let (state, test_database) = stateless_app().await;
    let book = state.price_book.get();
    let all = body_json(send(state.clone(), get("/api/v1/prices")).await).await;
    assert_eq!(all["count"], book.entries().len());
    assert_eq!(all["price_book"]["version"], book.version.as_str());
    assert_eq!(all["estimated"], book.estimated_entry_count());
    let first = &all["entries"][0];
    for field in [
        "source",
        "effective_date",
        "verified",
        "provenance",
        "usd_per_unit",
        "unit",
    ] {
        assert!(first.get(field).is_some(), "{field} missing: {first}");
    }

    let response = send(
        state.clone(),
        get("/api/v1/prices?region=eu-west-1&service=AmazonRDS"),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let filtered = body_json(response).await;
    let expected = book
        .entries()
        .iter()
        .filter(|entry| entry.region == "eu-west-1" && entry.service_code == "AmazonRDS")
        .count();
    assert!(expected > 0);
    assert_eq!(filtered["count"], expected);
    for entry in filtered["entries"].as_array().unwrap() {
        assert_eq!(entry["region"], "eu-west-1");
        assert_eq!(entry["service_code"], "AmazonRDS");
    }
    let global = body_json(send(state.clone(), get("/api/v1/prices?region=global")).await).await;
    assert!(global["count"].as_u64().unwrap() > 0);
    test_database.drop_now().await;
}

#[tokio::test]
async fn an_unknown_region_or_service_is_named() {
    let (state, test_database) = stateless_app().await;
    for (query, path, mentions) in [
        ("region=mars-north-1", "region", "mars-north-1"),
        ("service=AmazonLasers", "service", "AmazonRDS"),
    ] {
        let response = send(state.clone(), get(&format!("/api/v1/prices?{query}"))).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}"
        );
        let body = body_json(response).await;
        assert_eq!(body["error"]["path"], path);
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains(mentions),
            "{body}"
        );
    }
    test_database.drop_now().await;
}

#[tokio::test]
async fn a_query_string_that_does_not_decode_gets_the_json_error_shape() {
    let (state, test_database) = stateless_app().await;
    for path in [
        "/api/v1/prices?region=eu-west-1&region=us-east-1",
        "/api/v1/terraform.zip?plan=a&plan=b",
        "/api/v1/rwsplit?framework=env&framework=rails",
    ] {
        let response = send(state.clone(), get(path)).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path}");
        let body = body_json(response).await;
        assert_eq!(body["error"]["code"], "invalid_query", "{path}: {body}");
        assert_eq!(body["error"]["path"], "query");
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("duplicate field"),
            "{body}"
        );
    }
    test_database.drop_now().await;
}
