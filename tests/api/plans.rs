//! Saved plans through the API and the share page, on SQLite and PostgreSQL: saving, reading,
//! editing with the token and `If-Match`, every refusal, history, forks, deletion, limits and
//! the race of many writers from one revision.

use std::sync::Arc;

use axum::body::Body;
use http::header::{AUTHORIZATION, CONTENT_TYPE, ETAG, IF_MATCH, LOCATION, RETRY_AFTER};
use http::{Request, Response, StatusCode};
use regionwise_tests::{app_state, on_each_backend};
use serde_json::{Value, json};
use server::AppState;

use crate::{body_json, body_text, get, post_json, send};

const PLAN: &str = r#"{"name":"Checkout","pattern":"warm_standby","primary_region":"us-east-1","secondary_regions":["us-west-2"],"database":{"instance_class":"db.r6g.large"}}"#;
const EDITED: &str = r#"{"name":"Checkout","pattern":"hot_standby","primary_region":"us-east-1","secondary_regions":["us-west-2"],"database":{"instance_class":"db.r7g.xlarge"}}"#;

struct Saved {
    id: String,
    token: String,
}

async fn save(state: &AppState, plan: &str) -> Saved {
    let response = send(state.clone(), post_json("/api/v1/plans", plan.to_owned())).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let body = body_json(response).await;
    Saved {
        id: body["id"].as_str().unwrap().to_owned(),
        token: body["edit_token"].as_str().unwrap().to_owned(),
    }
}

fn put(id: &str, token: Option<&str>, if_match: Option<&str>, plan: &str) -> Request<Body> {
    let mut request =
        Request::put(format!("/api/v1/plans/{id}")).header(CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        request = request.header(AUTHORIZATION, format!("Bearer {token}"));
    }
    if let Some(if_match) = if_match {
        request = request.header(IF_MATCH, if_match);
    }
    request.body(Body::from(plan.to_owned())).unwrap()
}

fn delete(id: &str, token: Option<&str>) -> Request<Body> {
    let mut request = Request::delete(format!("/api/v1/plans/{id}"));
    if let Some(token) = token {
        request = request.header(AUTHORIZATION, format!("Bearer {token}"));
    }
    request.body(Body::empty()).unwrap()
}

fn form(path: &str, fields: &[(&str, &str)]) -> Request<Body> {
    let body = fields
        .iter()
        .map(|(key, value)| format!("{key}={value}"))
        .collect::<Vec<_>>()
        .join("&");
    Request::post(path)
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap()
}

async fn error_code(response: Response<Body>) -> String {
    body_json(response).await["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_saved_plan_reads_back_with_its_estimate_links_and_revision() {
    on_each_backend(|_, database| async move {
        let state = app_state(database);
        let response = send(state.clone(), post_json("/api/v1/plans", PLAN)).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        assert_eq!(response.headers()[ETAG], "\"1\"");
        let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
        let created = body_json(response).await;
        let id = created["id"].as_str().unwrap();
        let token = created["edit_token"].as_str().unwrap();
        assert_eq!(location, format!("/api/v1/plans/{id}"));
        assert_eq!(id.len(), 22, "128 bits in base64url");
        assert_eq!(token.len(), 43, "256 bits in base64url");
        assert_eq!(created["revision"], 1);
        assert_eq!(
            created["url"],
            format!("/p/{id}"),
            "relative without a public URL"
        );
        assert_eq!(created["edit_url"], format!("/p/{id}#edit={token}"));

        let response = send(state.clone(), get(&format!("/api/v1/plans/{id}"))).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[ETAG], "\"1\"");
        let document = body_json(response).await;
        assert_eq!(document["revision"], 1);
        assert_eq!(document["plan"]["name"], "Checkout");
        assert_eq!(
            document["plan"]["database"]["instance_class"],
            "db.r6g.large"
        );
        let plan = planner::Plan::from_json(PLAN).unwrap();
        let expected = planner::estimate(&plan, &state.price_book.get());
        assert_eq!(
            document["estimate"]["cost"]["total_monthly_usd"],
            expected.cost.total_monthly_usd.to_string()
        );
        assert_eq!(
            document["price_book"]["version"],
            state.price_book.get().version.as_str()
        );
        assert!(
            document.get("estimate_as_saved").is_none(),
            "prices did not change"
        );
        assert!(document.get("edit_token").is_none());
        assert!(
            !document.to_string().contains(token),
            "the token is never shown again"
        );
    })
    .await;
}

#[tokio::test]
async fn an_edit_that_moves_the_primary_keeps_the_data_home_where_it_was() {
    const FAILED_OVER: &str = r#"{"name":"Checkout","pattern":"warm_standby","primary_region":"us-west-2","secondary_regions":["us-east-1"],"database":{"instance_class":"db.r6g.large"}}"#;
    on_each_backend(|backend, database| async move {
        let state = app_state(database);
        let saved = save(&state, PLAN).await;
        let id = saved.id.as_str();
        let response = send(
            state.clone(),
            put(id, Some(&saved.token), Some("\"1\""), FAILED_OVER),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK, "{backend:?}");
        let document =
            body_json(send(state.clone(), get(&format!("/api/v1/plans/{id}"))).await).await;
        assert_eq!(document["plan"]["primary_region"], "us-west-2");
        assert_eq!(
            document["plan"]["data_home_region"], "us-east-1",
            "{backend:?}: the global cluster stays where revision 1 created it"
        );
    })
    .await;
}

#[tokio::test]
async fn links_never_echo_the_host_header_and_it_does_not_split_the_render_cache() {
    on_each_backend(|backend, database| async move {
        let state = app_state(database);
        let saved = save(&state, PLAN).await;
        let id = saved.id.as_str();
        let mut pages = Vec::new();
        for host in ["evil.example", "attacker.test:8443", "localhost"] {
            let request = Request::get(format!("/api/v1/plans/{id}"))
                .header(http::header::HOST, host)
                .body(Body::empty())
                .unwrap();
            let document = body_text(send(state.clone(), request).await).await;
            assert!(!document.contains("evil.example") && !document.contains("attacker.test"));
            let request = Request::get(format!("/p/{id}"))
                .header(http::header::HOST, host)
                .body(Body::empty())
                .unwrap();
            pages.push(body_text(send(state.clone(), request).await).await);
        }
        assert!(pages.iter().all(|page| page == &pages[0]), "{backend:?}");
        assert!(
            !pages[0].contains("og:url"),
            "no absolute link without a public URL"
        );
        assert_eq!(
            state.rendered.len(),
            2,
            "one share page and one document, whatever the Host"
        );

        // With a public URL, links are absolute on it.
        let mut configured = state.clone();
        configured.public_url = Some("https://plans.example.com".to_owned());
        let created = body_json(send(configured, post_json("/api/v1/plans", PLAN)).await).await;
        let new_id = created["id"].as_str().unwrap();
        assert_eq!(
            created["url"],
            format!("https://plans.example.com/p/{new_id}")
        );
    })
    .await;
}

#[tokio::test]
async fn a_plan_keeps_at_most_a_thousand_revisions_and_says_to_fork() {
    on_each_backend(|backend, database| async move {
        let state = app_state(database.clone());
        let saved = save(&state, PLAN).await;
        let id = saved.id.as_str();
        let stored = database.current_revision(id).await.unwrap().unwrap();
        let content = server::db::plans::RevisionContent {
            plan_json: stored.plan_json.clone(),
            price_book_version: stored.price_book_version.clone().unwrap_or_default(),
            price_book_as_of: stored.price_book_as_of.clone().unwrap_or_default(),
            estimate_json: stored.estimate_json.clone().unwrap_or_default(),
            total_monthly_usd: stored.total_monthly_usd.clone().unwrap_or_default(),
            rto_seconds: stored.rto_seconds,
            saved_at_ms: stored.created_at_ms,
        };
        let limit = server::sharing::MAX_REVISIONS_PER_PLAN;
        for revision in 1..limit - 1 {
            database.update_plan(id, revision, &content).await.unwrap();
        }
        let last = send(
            state.clone(),
            put(
                id,
                Some(&saved.token),
                Some(&format!("\"{}\"", limit - 1)),
                EDITED,
            ),
        )
        .await;
        assert_eq!(
            last.status(),
            StatusCode::OK,
            "{backend:?}: revision {limit} is allowed"
        );
        let over = send(
            state.clone(),
            put(id, Some(&saved.token), Some(&format!("\"{limit}\"")), PLAN),
        )
        .await;
        assert_eq!(over.status(), StatusCode::CONFLICT, "{backend:?}");
        let body = body_json(over).await;
        assert_eq!(body["error"]["code"], "revision_limit");
        assert!(body["error"]["message"].as_str().unwrap().contains("fork"));
        let record = database.plan_record(id).await.unwrap().unwrap();
        assert_eq!(
            record.current_revision, limit,
            "nothing written past the limit"
        );

        // The history comes a page at a time, newest first by page, oldest first within one.
        let page = |path: String| {
            let state = state.clone();
            async move { body_json(send(state, get(&path)).await).await }
        };
        let newest = page(format!("/api/v1/plans/{id}/revisions")).await;
        let numbers: Vec<i64> = newest["revisions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|revision| revision["revision"].as_i64().unwrap())
            .collect();
        assert_eq!(numbers, (951..=1000).collect::<Vec<_>>(), "{backend:?}");
        assert!(
            !newest["revisions"][49]["changes"]
                .as_array()
                .unwrap()
                .is_empty(),
            "the last revision's changes are diffed against the one before"
        );
        let older = newest["older"].as_str().unwrap().to_owned();
        assert_eq!(
            older,
            format!("/api/v1/plans/{id}/revisions?before=951&limit=50")
        );
        let previous = page(older).await;
        assert_eq!(previous["revisions"][0]["revision"], 901);
        assert_eq!(previous["revisions"][49]["revision"], 950);
        let first = page(format!("/api/v1/plans/{id}/revisions?before=3&limit=100")).await;
        assert_eq!(first["revisions"].as_array().unwrap().len(), 2);
        assert!(first.get("older").is_none(), "revision 1 is the oldest");
        let response = send(
            state.clone(),
            get(&format!("/api/v1/plans/{id}/revisions?limit=0")),
        )
        .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body_json(response).await["error"]["path"], "limit");
    })
    .await;
}

#[tokio::test]
async fn the_token_is_stored_only_as_its_hash() {
    on_each_backend(|_, database| async move {
        let state = app_state(database.clone());
        let saved = save(&state, PLAN).await;
        let record = database.plan_record(&saved.id).await.unwrap().unwrap();
        assert_eq!(record.edit_token_hash.len(), 32);
        assert_eq!(
            record.edit_token_hash,
            server::sharing::secrets::token_hash(&saved.token)
        );
        let revision = database.current_revision(&saved.id).await.unwrap().unwrap();
        for column in [
            &revision.plan_json,
            revision.estimate_json.as_ref().unwrap(),
        ] {
            assert!(!column.contains(&saved.token));
        }
    })
    .await;
}

#[tokio::test]
async fn an_edit_needs_the_token_and_the_current_revision() {
    on_each_backend(|backend, database| async move {
        let state = app_state(database);
        let saved = save(&state, PLAN).await;
        let other = save(&state, PLAN).await;
        let id = saved.id.as_str();
        // Read (and so render and cache) revision 1 before it is replaced.
        let first = body_json(send(state.clone(), get(&format!("/api/v1/plans/{id}"))).await).await;
        assert_eq!(first["revision"], 1);
        let page = send(state.clone(), get(&format!("/p/{id}"))).await;
        assert_eq!(page.status(), StatusCode::OK);

        let response = send(state.clone(), put(id, None, Some("\"1\""), EDITED)).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{backend:?}");
        assert!(
            response.headers()["www-authenticate"]
                .to_str()
                .unwrap()
                .starts_with("Bearer")
        );
        assert_eq!(error_code(response).await, "edit_token_missing");

        let response = send(
            state.clone(),
            put(id, Some(&other.token), Some("\"1\""), EDITED),
        )
        .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert_eq!(error_code(response).await, "edit_token_wrong");

        let response = send(state.clone(), put(id, Some(&saved.token), None, EDITED)).await;
        assert_eq!(response.status(), StatusCode::PRECONDITION_REQUIRED);
        assert_eq!(error_code(response).await, "if_match_missing");

        let response = send(
            state.clone(),
            put(id, Some(&saved.token), Some("soon"), EDITED),
        )
        .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let body = body_json(response).await;
        assert_eq!(body["error"]["path"], "If-Match");

        // A stranger learns nothing from validation: access is refused before the body is read.
        let response = send(state.clone(), put(id, None, Some("\"1\""), "{not json")).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);

        let response = send(
            state.clone(),
            put(
                id,
                Some(&saved.token),
                Some("\"1\""),
                r#"{"pattern":"sideways"}"#,
            ),
        )
        .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);

        let response = send(
            state.clone(),
            put(id, Some(&saved.token), Some("\"1\""), EDITED),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[ETAG], "\"2\"");
        assert_eq!(body_json(response).await["revision"], 2);

        let response = send(
            state.clone(),
            put(id, Some(&saved.token), Some("\"1\""), PLAN),
        )
        .await;
        assert_eq!(response.status(), StatusCode::PRECONDITION_FAILED);
        assert_eq!(response.headers()[ETAG], "\"2\"");
        let body = body_json(response).await;
        assert_eq!(body["error"]["code"], "revision_stale");
        assert_eq!(body["error"]["current_revision"], 2);

        // The page follows the edit at once (nothing rendered before it is reused).
        let html = body_text(send(state.clone(), get(&format!("/p/{id}"))).await).await;
        assert!(
            html.contains("Revision 2 (current)"),
            "the share page shows revision 2"
        );
        // Nothing refused was written: revision 2 is the edit, revision 1 the original.
        let document =
            body_json(send(state.clone(), get(&format!("/api/v1/plans/{id}"))).await).await;
        assert_eq!(document["revision"], 2);
        assert_eq!(document["plan"]["pattern"], "hot_standby");
        let first = body_json(
            send(
                state.clone(),
                get(&format!("/api/v1/plans/{id}/revisions/1")),
            )
            .await,
        )
        .await;
        assert_eq!(first["plan"]["pattern"], "warm_standby");
        assert_eq!(first["current_revision"], 2);
        let response = send(
            state.clone(),
            get(&format!("/api/v1/plans/{id}/revisions/3")),
        )
        .await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        // The other plan is untouched.
        let untouched =
            body_json(send(state, get(&format!("/api/v1/plans/{}", other.id))).await).await;
        assert_eq!(untouched["revision"], 1);
    })
    .await;
}

#[tokio::test]
async fn the_history_names_each_change_and_how_cost_and_rto_moved() {
    on_each_backend(|_, database| async move {
        let state = app_state(database);
        let saved = save(&state, PLAN).await;
        let response = send(
            state.clone(),
            put(&saved.id, Some(&saved.token), Some("\"1\""), EDITED),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        let list = body_json(
            send(
                state.clone(),
                get(&format!("/api/v1/plans/{}/revisions", saved.id)),
            )
            .await,
        )
        .await;
        assert_eq!(list["current_revision"], 2);
        let revisions = list["revisions"].as_array().unwrap();
        assert_eq!(revisions.len(), 2);
        assert_eq!(revisions[0]["changes"], json!([]));
        let paths: Vec<&str> = revisions[1]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|change| change["path"].as_str().unwrap())
            .collect();
        assert_eq!(paths, ["database.instance_class", "pattern"]);
        let before = planner::estimate(
            &planner::Plan::from_json(PLAN).unwrap(),
            &state.price_book.get(),
        );
        let after = planner::estimate(
            &planner::Plan::from_json(EDITED).unwrap(),
            &state.price_book.get(),
        );
        assert_eq!(
            revisions[0]["total_monthly_usd"],
            before.cost.total_monthly_usd.to_string()
        );
        assert_eq!(
            revisions[1]["total_monthly_usd"],
            after.cost.total_monthly_usd.to_string()
        );
        assert_eq!(
            revisions[1]["rto_seconds"],
            json!(after.recovery.rto_seconds)
        );
        assert_ne!(
            revisions[0]["total_monthly_usd"],
            revisions[1]["total_monthly_usd"]
        );

        // The share page shows both revisions, newest first, and the preview tags.
        let response = send(state.clone(), get(&format!("/p/{}", saved.id))).await;
        assert_eq!(response.status(), StatusCode::OK);
        let html = body_text(response).await;
        assert_eq!(html.matches(r#"data-testid="history-row""#).count(), 2);
        let newest = html.find(&format!("/p/{}?revision=2", saved.id)).unwrap();
        let oldest = html.find(&format!("/p/{}?revision=1", saved.id)).unwrap();
        assert!(newest < oldest, "newest first");
        assert!(html.contains(r#"<meta property="og:title" content="Checkout">"#));
        let total = planner::display::usd(after.cost.total_monthly_usd);
        assert!(
            html.contains(&format!(
                "Active-passive, hot standby · us-east-1, us-west-2 · {total}/month"
            )),
            "og:description"
        );
        assert!(html.contains("Instance class: db.r6g.large → db.r7g.xlarge"));
    })
    .await;
}

#[tokio::test]
async fn an_estimate_saved_with_other_prices_is_shown_beside_todays() {
    on_each_backend(|_, database| async move {
        let state = app_state(database.clone());
        let mut older = (*state.price_book.get()).clone();
        older.version = "snapshot-2025-01-01".to_owned();
        older.as_of = "2025-01-01".to_owned();
        let plan = planner::Plan::from_json(PLAN).unwrap();
        let created = server::sharing::create(&database, &older, &plan, None)
            .await
            .unwrap();
        let document =
            body_json(send(state.clone(), get(&format!("/api/v1/plans/{}", created.id))).await)
                .await;
        let saved = &document["estimate_as_saved"];
        assert_eq!(saved["price_book"]["version"], "snapshot-2025-01-01");
        assert_eq!(saved["price_book"]["as_of"], "2025-01-01");
        assert_eq!(
            saved["estimate"]["price_book_version"],
            "snapshot-2025-01-01"
        );
        assert_eq!(
            document["estimate"]["price_book_version"],
            state.price_book.get().version.as_str()
        );
        let html = body_text(send(state, get(&format!("/p/{}", created.id))).await).await;
        assert!(html.contains(r#"data-testid="share-as-saved""#));
        assert!(html.contains("snapshot-2025-01-01"));
    })
    .await;
}

#[tokio::test]
async fn absent_and_malformed_ids_get_the_same_404() {
    on_each_backend(|_, database| async move {
        let state = app_state(database);
        let mut answers = Vec::new();
        for id in [
            "AAAAAAAAAAAAAAAAAAAAAA",
            "nope",
            "%E2%9C%93",
            "a.b",
            &"x".repeat(300),
        ] {
            for path in [
                format!("/api/v1/plans/{id}"),
                format!("/api/v1/plans/{id}/revisions"),
            ] {
                let response = send(state.clone(), get(&path)).await;
                assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
                answers.push(body_text(response).await);
            }
            let response = send(state.clone(), put(id, Some("t"), Some("\"1\""), PLAN)).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "PUT {id}");
            answers.push(body_text(response).await);
            let response = send(state.clone(), delete(id, Some("t"))).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "DELETE {id}");
            answers.push(body_text(response).await);
            let response = send(state.clone(), get(&format!("/p/{id}"))).await;
            assert_eq!(response.status(), StatusCode::NOT_FOUND, "/p/{id}");
        }
        answers.dedup();
        assert_eq!(
            answers,
            [r#"{"error":{"code":"not_found","message":"no plan has this id"}}"#]
        );
    })
    .await;
}

#[tokio::test]
async fn a_fork_is_a_new_plan_with_its_own_token() {
    on_each_backend(|_, database| async move {
        let state = app_state(database);
        let source = save(&state, PLAN).await;
        let response = send(
            state.clone(),
            Request::post(format!("/api/v1/plans/{}/fork", source.id))
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let fork = body_json(response).await;
        let fork_id = fork["id"].as_str().unwrap();
        let fork_token = fork["edit_token"].as_str().unwrap();
        assert_ne!(fork_id, source.id);
        assert_eq!(fork["forked_from"], json!({"id": source.id, "revision": 1}));
        // The source's token does not open the fork, nor the fork's the source.
        let response = send(
            state.clone(),
            put(fork_id, Some(&source.token), Some("\"1\""), EDITED),
        )
        .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let response = send(
            state.clone(),
            put(&source.id, Some(fork_token), Some("\"1\""), EDITED),
        )
        .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let response = send(
            state.clone(),
            put(fork_id, Some(fork_token), Some("\"1\""), EDITED),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        let document =
            body_json(send(state.clone(), get(&format!("/api/v1/plans/{fork_id}"))).await).await;
        assert_eq!(document["forked_from"]["id"], source.id.as_str());
        let original =
            body_json(send(state, get(&format!("/api/v1/plans/{}", source.id))).await).await;
        assert_eq!(original["plan"]["pattern"], "warm_standby");
    })
    .await;
}

#[tokio::test]
async fn deleting_needs_the_token_and_removes_every_revision() {
    on_each_backend(|_, database| async move {
        let state = app_state(database.clone());
        let saved = save(&state, PLAN).await;
        send(
            state.clone(),
            put(&saved.id, Some(&saved.token), Some("\"1\""), EDITED),
        )
        .await;
        assert_eq!(
            send(state.clone(), delete(&saved.id, None)).await.status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            send(state.clone(), delete(&saved.id, Some("wrong")))
                .await
                .status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            send(state.clone(), delete(&saved.id, Some(&saved.token)))
                .await
                .status(),
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            send(state.clone(), get(&format!("/api/v1/plans/{}", saved.id)))
                .await
                .status(),
            StatusCode::NOT_FOUND
        );
        assert!(
            database
                .revisions_before(&saved.id, i64::MAX, 1_000)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            send(state, delete(&saved.id, Some(&saved.token)))
                .await
                .status(),
            StatusCode::NOT_FOUND
        );
    })
    .await;
}

#[tokio::test]
async fn oversized_and_invalid_plans_are_refused_naming_the_field() {
    on_each_backend(|_, database| async move {
        let state = app_state(database);
        let huge = format!(r#"{{"name":"{}"}}"#, "x".repeat(70 * 1024));
        let response = send(state.clone(), post_json("/api/v1/plans", huge)).await;
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let long_name = PLAN.replace("Checkout", &"n".repeat(121));
        let response = send(state.clone(), post_json("/api/v1/plans", long_name)).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body_json(response).await["error"]["path"], "name");
        let regions: Vec<String> = planner::catalog::REGIONS
            .iter()
            .map(|region| format!("\"{}\"", region.code))
            .filter(|code| code != "\"us-east-1\"")
            .take(planner::catalog::MAX_SECONDARY_REGIONS + 1)
            .collect();
        let many = PLAN.replace(r#"["us-west-2"]"#, &format!("[{}]", regions.join(",")));
        let response = send(state.clone(), post_json("/api/v1/plans", many)).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let response = send(
            state.clone(),
            Request::post("/api/v1/plans")
                .body(Body::from(PLAN))
                .unwrap(),
        )
        .await;
        assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let saved = save(&state, PLAN).await;
        let huge = format!(r#"{{"name":"{}"}}"#, "x".repeat(70 * 1024));
        let response = send(
            state.clone(),
            put(&saved.id, Some(&saved.token), Some("\"1\""), &huge),
        )
        .await;
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let document =
            body_json(send(state, get(&format!("/api/v1/plans/{}", saved.id))).await).await;
        assert_eq!(document["revision"], 1, "nothing half-written");
    })
    .await;
}

#[tokio::test]
async fn writes_over_the_limit_get_429_with_retry_after_and_reads_are_not_limited() {
    on_each_backend(|_, database| async move {
        let mut state = app_state(database);
        state.write_limiter = Arc::new(server::http::rate_limit::ClientLimiter::per_minute(3));
        let saved = save(&state, PLAN).await;
        save(&state, PLAN).await;
        save(&state, PLAN).await;
        let response = send(state.clone(), post_json("/api/v1/plans", PLAN)).await;
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        let retry_after: u64 = response.headers()[RETRY_AFTER]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&retry_after), "{retry_after}");
        assert_eq!(error_code(response).await, "rate_limited");
        let response = send(
            state.clone(),
            put(&saved.id, Some(&saved.token), Some("\"1\""), EDITED),
        )
        .await;
        assert_eq!(
            response.status(),
            StatusCode::TOO_MANY_REQUESTS,
            "edits count too"
        );
        let response = send(state.clone(), form("/p", &[("plan", "")])).await;
        assert_eq!(
            response.status(),
            StatusCode::TOO_MANY_REQUESTS,
            "so do the page's forms"
        );
        for _ in 0..10 {
            let response = send(state.clone(), get(&format!("/api/v1/plans/{}", saved.id))).await;
            assert_eq!(response.status(), StatusCode::OK);
        }
    })
    .await;
}

#[tokio::test]
async fn of_fifty_concurrent_edits_from_one_revision_exactly_one_wins() {
    on_each_backend(|backend, database| async move {
        let state = app_state(database.clone());
        let saved = save(&state, PLAN).await;
        let router = server::http::router(state.clone());
        let writers = (0..50).map(|writer| {
            let router = router.clone();
            let plan = PLAN.replace("Checkout", &format!("Writer {writer}"));
            let request = put(&saved.id, Some(&saved.token), Some("\"1\""), &plan);
            tokio::spawn(async move {
                use tower::ServiceExt;
                let response = router.oneshot(request).await.unwrap();
                (writer, response.status())
            })
        });
        let mut outcomes = Vec::new();
        for writer in writers.collect::<Vec<_>>() {
            outcomes.push(writer.await.unwrap());
        }
        let winners: Vec<usize> = outcomes
            .iter()
            .filter(|(_, status)| *status == StatusCode::OK)
            .map(|(writer, _)| *writer)
            .collect();
        let stale = outcomes
            .iter()
            .filter(|(_, status)| *status == StatusCode::PRECONDITION_FAILED)
            .count();
        assert_eq!(winners.len(), 1, "{backend:?}: {outcomes:?}");
        assert_eq!(stale, 49, "{backend:?}: {outcomes:?}");
        let revisions = database
            .revisions_before(&saved.id, i64::MAX, 1_000)
            .await
            .unwrap();
        assert_eq!(
            revisions.iter().map(|r| r.revision).collect::<Vec<_>>(),
            [1, 2]
        );
        let second: Value = serde_json::from_str(&revisions[1].plan_json).unwrap();
        assert_eq!(second["name"], format!("Writer {}", winners[0]));
        let first: Value = serde_json::from_str(&revisions[0].plan_json).unwrap();
        assert_eq!(first["name"], "Checkout");
        assert_eq!(
            database
                .plan_record(&saved.id)
                .await
                .unwrap()
                .unwrap()
                .current_revision,
            2
        );
    })
    .await;
}

#[tokio::test]
async fn the_share_page_forms_save_edit_and_fork_without_a_script() {
    on_each_backend(|_, database| async move {
        let state = app_state(database);
        let encoded =
            app::pages::planner_page::draft::encode_for_url(&serde_json::from_str(PLAN).unwrap());
        let response = send(state.clone(), form("/p", &[("plan", &encoded)])).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
        let (path, token) = location
            .split_once("#edit=")
            .expect("the token rides in the fragment");
        let id = path.strip_prefix("/p/").unwrap().to_owned();
        assert_eq!(token.len(), 43);

        let edited =
            app::pages::planner_page::draft::encode_for_url(&serde_json::from_str(EDITED).unwrap());
        let response = send(
            state.clone(),
            form(
                &format!("/p/{id}"),
                &[
                    ("plan", &edited),
                    ("revision", "1"),
                    ("edit_token", "wrong"),
                ],
            ),
        )
        .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let response = send(
            state.clone(),
            form(
                &format!("/p/{id}"),
                &[("plan", &edited), ("revision", "1"), ("edit_token", token)],
            ),
        )
        .await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(response.headers()[LOCATION], format!("/p/{id}").as_str());
        let response = send(
            state.clone(),
            form(
                &format!("/p/{id}"),
                &[("plan", &encoded), ("revision", "1"), ("edit_token", token)],
            ),
        )
        .await;
        assert_eq!(response.status(), StatusCode::PRECONDITION_FAILED);
        let html = body_text(response).await;
        assert!(
            html.contains("the plan is at revision 2, not at revision 1 where your change started")
        );
        assert!(
            html.contains(&format!("/?plan={encoded}")),
            "the refused version stays reachable"
        );

        let response = send(state.clone(), form(&format!("/p/{id}/fork"), &[])).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let fork_location = response.headers()[LOCATION].to_str().unwrap().to_owned();
        assert!(fork_location.contains("#edit="));
        assert!(!fork_location.starts_with(&format!("/p/{id}#")));

        let response = send(state.clone(), form("/p", &[("plan", "%%%")])).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);

        let response = send(
            state.clone(),
            form(&format!("/p/{id}/delete"), &[("edit_token", token)]),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            send(state, get(&format!("/p/{id}"))).await.status(),
            StatusCode::NOT_FOUND
        );
    })
    .await;
}

#[tokio::test]
async fn a_saved_plan_downloads_its_terraform_and_app_config() {
    on_each_backend(|_, database| async move {
        let state = app_state(database);
        let saved = save(&state, PLAN).await;
        let response = send(
            state.clone(),
            get(&format!("/api/v1/plans/{}/terraform.zip", saved.id)),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[CONTENT_TYPE], "application/zip");
        let plan = planner::Plan::from_json(PLAN).unwrap();
        let expected =
            terraform::generate(&plan, &planner::estimate(&plan, &state.price_book.get())).zip();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 24)
            .await
            .unwrap();
        assert_eq!(
            bytes.as_ref(),
            expected.as_slice(),
            "the same bundle as the plan's own"
        );
        let response = send(
            state.clone(),
            get(&format!("/api/v1/plans/{}/rwsplit?framework=env", saved.id)),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(body_json(response).await["framework"], "env");
        let response = send(
            state,
            get(&format!(
                "/api/v1/plans/{}/rwsplit?framework=cobol",
                saved.id
            )),
        )
        .await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    })
    .await;
}

/// Sets a stored revision's kept total, as if it had been saved with another figure.
async fn set_kept_total(database: &server::db::Database, id: &str, revision: i64, total: &str) {
    let sql = "UPDATE plan_revisions SET total_monthly_usd = $1, rto_seconds = 4321 WHERE plan_id = $2 AND revision = $3";
    match database {
        server::db::Database::Sqlite(pool) => sqlx::query(sql)
            .bind(total)
            .bind(id)
            .bind(revision)
            .execute(pool)
            .await
            .map(drop),
        server::db::Database::Postgres(pool) => sqlx::query(sql)
            .bind(total)
            .bind(id)
            .bind(revision)
            .execute(pool)
            .await
            .map(drop),
    }
    .unwrap();
}

#[tokio::test]
async fn the_history_lists_the_totals_kept_at_saving_and_estimates_only_revisions_of_other_prices()
{
    on_each_backend(|_, database| async move {
        let state = app_state(database.clone());
        let saved = save(&state, PLAN).await;
        let stored = database.current_revision(&saved.id).await.unwrap().unwrap();
        let estimate = planner::estimate(
            &planner::Plan::from_json(PLAN).unwrap(),
            &state.price_book.get(),
        );
        assert_eq!(
            stored.total_monthly_usd.as_deref(),
            Some(estimate.cost.total_monthly_usd.to_string().as_str()),
            "the total is kept with the revision"
        );
        assert_eq!(
            stored.rto_seconds,
            estimate.recovery.rto_seconds.map(i64::from)
        );
        // Read back as kept, not estimated again: a planted figure shows through.
        set_kept_total(&database, &saved.id, 1, "98765.43").await;
        let history = |state: AppState| {
            let id = saved.id.clone();
            async move {
                body_json(send(state, get(&format!("/api/v1/plans/{id}/revisions"))).await).await
            }
        };
        let listed = history(state.clone()).await;
        assert_eq!(listed["revisions"][0]["total_monthly_usd"], "98765.43");
        assert_eq!(listed["revisions"][0]["rto_seconds"], 4321);
        // With another price book the kept figure no longer applies: estimated at today's.
        let mut newer = (*state.price_book.get()).clone();
        newer.version = "snapshot-2099-01-01".to_owned();
        state.price_book.replace(newer);
        let listed = history(state.clone()).await;
        assert_eq!(
            listed["revisions"][0]["total_monthly_usd"],
            estimate.cost.total_monthly_usd.to_string()
        );
    })
    .await;
}

#[tokio::test]
async fn computing_requests_over_the_limit_get_429_per_client_behind_a_trusted_proxy() {
    on_each_backend(|_, database| async move {
        let mut state = app_state(database);
        let saved = save(&state, PLAN).await;
        state.compute_limiter = Arc::new(server::http::rate_limit::ClientLimiter::per_minute(2));
        // In-process requests have no peer address (0.0.0.0): trust it as the proxy.
        state.client_addresses =
            Arc::new(server::http::rate_limit::ClientAddresses::trusting(vec![
                "0.0.0.0/32".parse().unwrap(),
            ]));
        let from = |client: &str, mut request: Request<Body>| {
            request
                .headers_mut()
                .insert("x-forwarded-for", client.parse().unwrap());
            request
        };
        for _ in 0..2 {
            let response = send(
                state.clone(),
                from("203.0.113.1", post_json("/api/v1/estimate", PLAN)),
            )
            .await;
            assert_eq!(response.status(), StatusCode::OK);
        }
        let history = format!("/api/v1/plans/{}/revisions", saved.id);
        let zip = format!("/api/v1/plans/{}/terraform.zip", saved.id);
        for path in [history.as_str(), zip.as_str(), "/terraform"] {
            let response = send(state.clone(), from("203.0.113.1", get(path))).await;
            assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS, "{path}");
            assert!(response.headers().contains_key(RETRY_AFTER));
            assert_eq!(error_code(response).await, "rate_limited");
        }
        // Another client behind the same proxy has its own allowance; a client cannot pick
        // one by sending its own header in front of the proxy's entry.
        let response = send(state.clone(), from("203.0.113.2", get(&history))).await;
        assert_eq!(response.status(), StatusCode::OK);
        let response = send(
            state.clone(),
            from("203.0.113.2, 203.0.113.1", get(&history)),
        )
        .await;
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        // Reading a saved plan and liveness are not limited.
        for path in [format!("/api/v1/plans/{}", saved.id), "/healthz".to_owned()] {
            let response = send(state.clone(), from("203.0.113.1", get(&path))).await;
            assert_eq!(response.status(), StatusCode::OK, "{path}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_bundle_is_generated_once_per_plan_and_price_book() {
    on_each_backend(|_, database| async move {
        let state = app_state(database);
        let saved = save(&state, PLAN).await;
        let download = |state: AppState, request: Request<Body>| async move {
            let response = send(state, request).await;
            assert_eq!(response.status(), StatusCode::OK);
            axum::body::to_bytes(response.into_body(), 1 << 24)
                .await
                .unwrap()
        };
        let from_saved = download(
            state.clone(),
            get(&format!("/api/v1/plans/{}/terraform.zip", saved.id)),
        )
        .await;
        assert_eq!(state.artifacts.len(), 1);
        // The same plan sent in a body is the same bundle: found, not generated again.
        let from_body = download(state.clone(), post_json("/api/v1/terraform", PLAN)).await;
        assert_eq!(from_body, from_saved);
        assert_eq!(state.artifacts.len(), 1, "one bundle for one plan");
        // New prices make a new bundle.
        let mut newer = (*state.price_book.get()).clone();
        newer.version = "snapshot-2099-01-01".to_owned();
        state.price_book.replace(newer);
        download(state.clone(), post_json("/api/v1/terraform", PLAN)).await;
        assert_eq!(state.artifacts.len(), 2);
        // The previews are kept the same way.
        download(state.clone(), get("/terraform")).await;
        download(state.clone(), get("/terraform")).await;
        download(state.clone(), get("/app-config?framework=env")).await;
        assert_eq!(state.artifacts.len(), 4);
    })
    .await;
}

#[tokio::test]
async fn an_edit_token_can_be_checked_without_changing_anything() {
    on_each_backend(|_, database| async move {
        let state = app_state(database);
        let saved = save(&state, PLAN).await;
        let check = |token: Option<&str>, id: &str| {
            let mut request = Request::get(format!("/api/v1/plans/{id}/edit-access"));
            if let Some(token) = token {
                request = request.header(AUTHORIZATION, format!("Bearer {token}"));
            }
            send(state.clone(), request.body(Body::empty()).unwrap())
        };
        assert_eq!(
            check(Some(&saved.token), &saved.id).await.status(),
            StatusCode::NO_CONTENT
        );
        let other = save(&state, PLAN).await;
        assert_eq!(
            check(Some(&other.token), &saved.id).await.status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            check(None, &saved.id).await.status(),
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            check(Some(&saved.token), "nope").await.status(),
            StatusCode::NOT_FOUND
        );
    })
    .await;
}

#[tokio::test]
async fn a_revision_that_drops_a_region_with_reserved_instances_is_flagged_in_the_history() {
    on_each_backend(|_, database| async move {
        let state = app_state(database);
        let committed = r#"{"name":"Reserved","pattern":"hot_standby","primary_region":"us-east-1","secondary_regions":["us-west-2","eu-west-1"],"database":{"instance_class":"db.r6g.large"},"purchasing":{"term":"three_year","payment":"all_upfront"}}"#;
        let saved = save(&state, committed).await;
        let fewer = committed.replace(r#","eu-west-1""#, "");
        let response = send(
            state.clone(),
            put(&saved.id, Some(&saved.token), Some("\"1\""), &fewer),
        )
        .await;
        assert_eq!(response.status(), StatusCode::OK);
        let history = body_json(
            send(state.clone(), get(&format!("/api/v1/plans/{}/revisions", saved.id))).await,
        )
        .await;
        let revisions = history["revisions"].as_array().unwrap();
        assert!(revisions[0].get("stranded_reservations").is_none(), "{history}");
        let flagged = revisions[1]["stranded_reservations"].as_array().unwrap();
        assert_eq!(flagged.len(), 1, "{history}");
        assert!(
            flagged[0].as_str().unwrap().starts_with("eu-west-1: 2 of 2 reserved Aurora instances"),
            "{history}"
        );
        // The share page shows it beside the revision's changes.
        let page = body_text(send(state, get(&format!("/p/{}", saved.id))).await).await;
        assert!(page.contains("data-testid=\"stranded-reservation\""), "share page");
        assert!(page.contains("reservations are regional"), "share page");
    })
    .await;
}
