//! The estimation API: `/api/v1/estimate`, `/api/v1/compare`, `/api/v1/catalog`.

use axum::body::Body;
use http::{Request, StatusCode};
use serde_json::Value;

use crate::{body_json, get, post_json, send, stateless_app};

const PLAN: &str = r#"{"pattern":"warm_standby","primary_region":"us-east-1","secondary_regions":["eu-west-1"],"database":{"instance_class":"db.r6g.large"}}"#;

#[tokio::test]
async fn an_estimate_prices_lines_from_the_bundled_snapshot_with_their_source() {
    let (state, _database) = stateless_app().await;
    let response = send(state, post_json("/api/v1/estimate", PLAN)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let estimate = body_json(response).await;
    assert_eq!(estimate["recovery"]["rto_seconds"], 390);
    assert_eq!(estimate["recovery"]["rto_worst_seconds"], 840);
    assert!(estimate["availability"]["percent"].as_f64().unwrap() > 99.97);
    let lines = estimate["cost"]["lines"].as_array().unwrap();
    let fargate = lines
        .iter()
        .find(|line| line["region"] == "us-east-1" && line["item"] == "6 tasks × 1 vCPU")
        .expect("the primary's Fargate vCPU line");
    // 6 tasks × 1 vCPU × 730 h × $0.04048 (snapshot, verified record).
    assert_eq!(fargate["monthly_usd"], "177.3024");
    assert_eq!(fargate["price_source"]["source"], "snapshot");
    assert_eq!(fargate["price_source"]["verified"], true);
    assert_eq!(estimate["price_book_as_of"], "2026-12-06");
    // Aurora has no verified record yet: its lines are priced from the snapshot's estimate
    // and say so.
    let aurora = lines
        .iter()
        .find(|line| line["region"] == "eu-west-1" && line["service"] == "Amazon Aurora")
        .expect("a standby Aurora line");
    assert_eq!(aurora["price_source"]["verified"], false);
    assert!(aurora["monthly_usd"].is_string(), "{aurora}");
    // The snapshot prices every line of the plan.
    assert_eq!(estimate["cost"]["missing_prices"], serde_json::json!([]));
    let codes: Vec<&str> = estimate["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|warning| warning["code"].as_str().unwrap())
        .collect();
    assert!(!codes.contains(&"price_missing"), "{codes:?}");
    assert!(codes.contains(&"estimated_prices"), "{codes:?}");
}

#[tokio::test]
async fn every_example_plan_estimates_and_compares() {
    let (state, _database) = stateless_app().await;
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut count = 0;
    for entry in std::fs::read_dir(examples).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|extension| extension != "json") {
            continue;
        }
        let plan = std::fs::read_to_string(&path).unwrap();
        for endpoint in ["/api/v1/estimate", "/api/v1/compare"] {
            let response = send(state.clone(), post_json(endpoint, plan.clone())).await;
            assert_eq!(
                response.status(),
                StatusCode::OK,
                "{} via {endpoint}",
                path.display()
            );
        }
        count += 1;
    }
    assert_eq!(count, 6);
}

#[tokio::test]
async fn compare_estimates_all_six_patterns() {
    let (state, _database) = stateless_app().await;
    let plan = PLAN.replace(
        r#""database""#,
        r#""targets":{"rto_seconds":900},"database""#,
    );
    let response = send(state, post_json("/api/v1/compare", plan)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let comparison = body_json(response).await;
    let patterns: Vec<&str> = comparison["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|option| option["pattern"].as_str().unwrap())
        .collect();
    assert_eq!(
        patterns,
        [
            "single_region",
            "backup_restore",
            "pilot_light",
            "warm_standby",
            "hot_standby",
            "active_active"
        ]
    );
    assert!(comparison["recommendation"]["pattern"].is_string());
}

async fn error_for(request: Request<Body>) -> (StatusCode, Value) {
    let (state, _database) = stateless_app().await;
    let response = send(state, request).await;
    let status = response.status();
    (status, body_json(response).await)
}

#[tokio::test]
async fn bad_plans_get_errors_naming_the_field() {
    let (status, body) = error_for(post_json(
        "/api/v1/estimate",
        PLAN.replace("db.r6g.large", "db.x9.huge"),
    ))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "unknown_value");
    assert_eq!(body["error"]["path"], "database.instance_class");

    let (status, body) = error_for(post_json(
        "/api/v1/estimate",
        PLAN.replace(r#""instance_class""#, r#""storage_gb":-5,"instance_class""#),
    ))
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["path"], "database.storage_gb");

    let (status, body) = error_for(post_json("/api/v1/estimate", r#"{"pattern":"#)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["code"], "malformed_json");
}

#[tokio::test]
async fn the_wrong_content_type_is_415_and_a_huge_body_is_413() {
    let request = Request::post("/api/v1/estimate")
        .header("content-type", "text/plain")
        .body(Body::from(PLAN))
        .unwrap();
    let (status, body) = error_for(request).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(body["error"]["code"], "unsupported_media_type");

    let huge = format!(r#"{{"name":"{}"}}"#, "x".repeat(70 * 1024));
    let (status, body) = error_for(post_json("/api/v1/estimate", huge)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body["error"]["code"], "body_too_large");
}

#[tokio::test]
async fn the_catalog_lists_regions_classes_patterns_and_defaults() {
    let (state, _database) = stateless_app().await;
    let response = send(state, get("/api/v1/catalog")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let catalog = body_json(response).await;
    assert!(
        catalog["regions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|region| region["code"] == "eu-west-1")
    );
    assert!(
        catalog["instance_classes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|class| class["name"] == "db.r8g.xlarge")
    );
    assert_eq!(catalog["patterns"].as_array().unwrap().len(), 6);
    assert_eq!(catalog["example_plan"]["database"]["storage_gb"], 500);
}

#[tokio::test]
async fn the_terraform_endpoint_answers_the_bundle_as_a_deterministic_zip() {
    let (state, _database) = stateless_app().await;
    let first = send(state.clone(), post_json("/api/v1/terraform", PLAN)).await;
    assert_eq!(first.status(), StatusCode::OK);
    assert_eq!(first.headers()["content-type"], "application/zip");
    assert_eq!(
        first.headers()["content-disposition"],
        "attachment; filename=\"untitled-plan-terraform.zip\""
    );
    let etag = first.headers()["etag"].clone();
    let bytes = axum::body::to_bytes(first.into_body(), usize::MAX)
        .await
        .unwrap();
    assert_eq!(&bytes[..4], b"PK\x03\x04", "a zip archive");
    let again = send(state.clone(), post_json("/api/v1/terraform", PLAN)).await;
    assert_eq!(again.headers()["etag"], etag);
    let same = axum::body::to_bytes(again.into_body(), usize::MAX)
        .await
        .unwrap();
    assert_eq!(bytes, same, "the same plan gives the same bytes");
    // The bundle is the plan's: its main.tf wires both regions' modules.
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("regionwise-terraform/main.tf"));
    assert!(text.contains("regionwise-terraform/modules/database/main.tf"));
}

#[tokio::test]
async fn the_terraform_endpoint_names_the_field_of_an_invalid_plan() {
    let (state, _database) = stateless_app().await;
    let plan = PLAN.replace("db.r6g.large", "db.x1.huge");
    let response = send(state, post_json("/api/v1/terraform", plan)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = body_json(response).await;
    assert_eq!(body["error"]["path"], "database.instance_class", "{body}");
}

#[tokio::test]
async fn the_planner_address_downloads_the_same_bundle_as_the_json_plan() {
    use app::pages::planner_page::draft;
    let (state, _database) = stateless_app().await;
    let plan = planner::Plan::from_json(PLAN).unwrap();
    let encoded = draft::encode_for_url(&serde_json::to_value(&plan).unwrap());
    let by_address = send(
        state.clone(),
        get(&format!("/api/v1/terraform.zip?plan={encoded}")),
    )
    .await;
    assert_eq!(by_address.status(), StatusCode::OK);
    assert_eq!(by_address.headers()["content-type"], "application/zip");
    let by_address = axum::body::to_bytes(by_address.into_body(), usize::MAX)
        .await
        .unwrap();
    let posted = send(state.clone(), post_json("/api/v1/terraform", PLAN)).await;
    let posted = axum::body::to_bytes(posted.into_body(), usize::MAX)
        .await
        .unwrap();
    assert_eq!(by_address, posted);

    let default = send(state.clone(), get("/api/v1/terraform.zip")).await;
    assert_eq!(
        default.status(),
        StatusCode::OK,
        "no parameter: the default plan"
    );

    let broken = send(state, get("/api/v1/terraform.zip?plan=not-base64!")).await;
    assert_eq!(broken.status(), StatusCode::BAD_REQUEST);
    let body = body_json(broken).await;
    assert_eq!(body["error"]["path"], "plan");
    assert_eq!(body["error"]["code"], "invalid_plan_parameter");
}
