//! Two plans side by side: `GET /api/v1/compare-plans` and the `/compare` page, on SQLite and
//! PostgreSQL — revisions of a saved plan, a saved plan against a planner address, the share
//! page's "compare with revision N" link, and every way a side can name nothing.

use http::StatusCode;
use regionwise_tests::{app_state, on_each_backend};
use serde_json::Value;

use crate::{body_json, body_text, get, post_json, send};

const PLAN: &str = r#"{"name":"Checkout","pattern":"warm_standby","primary_region":"us-east-1","secondary_regions":["us-west-2"],"database":{"instance_class":"db.r6g.large"},"targets":{"rto_seconds":900}}"#;
const EDITED: &str = r#"{"name":"Checkout","pattern":"pilot_light","primary_region":"us-east-1","secondary_regions":["us-west-2"],"database":{"instance_class":"db.r6g.large"},"targets":{"rto_seconds":900}}"#;

/// Saves `PLAN`, then `EDITED` as its revision 2; returns the id.
async fn saved_with_two_revisions(state: &server::AppState) -> String {
    let created = body_json(send(state.clone(), post_json("/api/v1/plans", PLAN)).await).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let token = created["edit_token"].as_str().unwrap();
    let request = http::Request::put(format!("/api/v1/plans/{id}"))
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {token}"))
        .header("if-match", "\"1\"")
        .body(axum::body::Body::from(EDITED))
        .unwrap();
    assert_eq!(send(state.clone(), request).await.status(), StatusCode::OK);
    id
}

#[tokio::test]
async fn two_revisions_of_a_saved_plan_compare_line_by_line() {
    on_each_backend(|_, database| async move {
        let state = app_state(database);
        let id = saved_with_two_revisions(&state).await;
        let response = send(
            state.clone(),
            get(&format!("/api/v1/compare-plans?a={id}@1&b={id}@2")),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        let body = body_json(response).await;
        assert_eq!(body["a"]["label"], format!("{id}@1"));
        assert_eq!(body["b"]["plan"]["pattern"], "pilot_light");
        // The totals and their difference are the engine's, and the lines add up to it.
        let prices = state.price_book.get();
        let total = |json: &str| {
            planner::estimate(&planner::Plan::from_json(json).unwrap(), &prices)
                .cost
                .total_monthly_usd
        };
        let difference = total(EDITED) - total(PLAN);
        assert_eq!(body["total_difference_usd"], difference.to_string());
        let lines: planner::Decimal = body["cost_lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|line| {
                line["difference_usd"]
                    .as_str()
                    .unwrap()
                    .parse::<planner::Decimal>()
                    .unwrap()
            })
            .sum();
        assert_eq!(lines, difference);
        assert_eq!(body["plan_changes"][0]["path"], "pattern");
        // Pilot light misses the 15-minute RTO the plan states: warm standby is chosen.
        assert_eq!(body["recommendation"]["pick"], "a");

        // The page says the same, and the share page links to it from the history.
        let page =
            body_text(send(state.clone(), get(&format!("/compare?a={id}@1&b={id}@2"))).await).await;
        assert!(page.contains("data-testid=\"compare-choice\""), "{page}");
        assert!(page.contains("Choose A"));
        assert_eq!(page.matches("data-testid=\"compare-diagram-").count(), 2);
        let share = body_text(send(state.clone(), get(&format!("/p/{id}"))).await).await;
        assert!(
            share.contains(&format!("href=\"/compare?a={id}@1&amp;b={id}@2\"")),
            "the history offers the comparison with revision 1"
        );
    })
    .await;
}

#[tokio::test]
async fn a_saved_plan_compares_with_a_planner_address() {
    on_each_backend(|_, database| async move {
        let state = app_state(database);
        let id = saved_with_two_revisions(&state).await;
        let plan = planner::Plan::from_json(PLAN).unwrap();
        let query = app::pages::planner_page::draft::query_for(&plan);
        let address = format!("http://127.0.0.1:3000/{query}");
        let encoded: String = url_encode(&address);
        let body = body_json(
            send(
                state.clone(),
                get(&format!("/api/v1/compare-plans?a={id}&b={encoded}")),
            )
            .await,
        )
        .await;
        assert_eq!(body["b"]["label"], "planner address");
        // The current revision (pilot light) against the first one's plan from an address.
        assert_eq!(body["a"]["plan"]["pattern"], "pilot_light");
        assert_eq!(body["b"]["plan"]["pattern"], "warm_standby");
    })
    .await;
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn a_side_that_names_nothing_is_refused_naming_the_side() {
    let (state, _database) = crate::stateless_app().await;
    let cases: [(&str, StatusCode, &str); 5] = [
        ("/api/v1/compare-plans?a=x", StatusCode::BAD_REQUEST, "b"),
        (
            "/api/v1/compare-plans?a=x@zero&b=y",
            StatusCode::BAD_REQUEST,
            "a",
        ),
        (
            "/api/v1/compare-plans?a=plan=%21%21&b=y",
            StatusCode::BAD_REQUEST,
            "a",
        ),
        (
            "/api/v1/compare-plans?a=plan=eyJwYXR0ZXJuIjoibm8ifQ&b=y",
            StatusCode::UNPROCESSABLE_ENTITY,
            "a.pattern",
        ),
        (
            "/api/v1/compare-plans?a=plan=&b=AAAAAAAAAAAAAAAAAAAAAA",
            StatusCode::NOT_FOUND,
            "b",
        ),
    ];
    for (path, status, side) in cases {
        let response = send(state.clone(), get(path)).await;
        assert_eq!(response.status(), status, "{path}");
        let body: Value = body_json(response).await;
        assert_eq!(body["error"]["path"], side, "{path}: {body}");
    }
    // The page keeps what was typed and says what is wrong.
    let response = send(state.clone(), get("/compare?a=x@zero&b=y")).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let page = body_text(response).await;
    assert!(page.contains("data-testid=\"compare-problem\""));
    assert!(page.contains("value=\"x@zero\""));
    // Without both sides: the form, no error.
    let response = send(state, get("/compare")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        body_text(response)
            .await
            .contains("data-testid=\"compare-form\"")
    );
}
