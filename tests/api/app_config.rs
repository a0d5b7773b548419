//! The read/write-splitting config API: `/api/v1/rwsplit` (POST with the plan, GET with the
//! planner's address encoding) and `/api/v1/rwsplit.zip`.

use http::StatusCode;

use crate::{body_json, get, post_json, send, stateless_app};

const PLAN: &str = r#"{"pattern":"warm_standby","primary_region":"us-east-1","secondary_regions":["eu-west-1"],"database":{"instance_class":"db.r6g.large"},"app":{"vcpu":2,"memory_gb":4,"tasks":4}}"#;
const DYNAMODB_PLAN: &str = r#"{"pattern":"active_active","primary_region":"us-east-1","secondary_regions":["eu-west-1"],"database":{"engine":"dynamodb","instance_class":"db.r6g.large"}}"#;

fn file<'a>(body: &'a serde_json::Value, path: &str) -> &'a str {
    body["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|file| file["path"] == path)
        .unwrap_or_else(|| panic!("no {path} in {body}"))["content"]
        .as_str()
        .unwrap()
}

#[tokio::test]
async fn a_plan_gets_its_frameworks_files_with_the_window_and_pools_they_come_from() {
    let (state, _database) = stateless_app().await;
    let response = send(state, post_json("/api/v1/rwsplit?framework=prisma", PLAN)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = body_json(response).await;
    assert_eq!(body["framework"], "prisma");
    assert_eq!(body["read_after_write"]["window_ms"], 5000);
    assert_eq!(body["read_after_write"]["replication"], "aurora_global");
    // 2 vCPU per task: 2 × 2 + 1.
    assert_eq!(body["pools"]["per_task"], 5);
    assert!(
        file(&body, "src/db.ts").contains("positiveInteger('READ_AFTER_WRITE_WINDOW_MS', 5000)")
    );
    assert!(file(&body, "src/health.ts").contains("503"));
    let env = file(&body, ".env.eu-west-1");
    assert!(
        env.contains("DATABASE_READER_HOST={{terraform:database_reader_endpoints[eu-west-1]}}")
    );
    assert!(env.contains("\nDATABASE_POOL_SIZE=5\n"));
    // Aurora PostgreSQL: every framework applies, in the order of `Framework::ALL`.
    let every_framework: Vec<&str> = rwsplit::Framework::ALL
        .iter()
        .map(|framework| framework.slug())
        .collect();
    assert_eq!(body["applicable"], serde_json::json!(every_framework));
}

#[tokio::test]
async fn the_framework_is_required_known_and_applicable() {
    let (state, _database) = stateless_app().await;
    for (path, plan, code) in [
        ("/api/v1/rwsplit", PLAN, "invalid_framework"),
        ("/api/v1/rwsplit?framework=cobol", PLAN, "invalid_framework"),
        (
            "/api/v1/rwsplit?framework=rails",
            DYNAMODB_PLAN,
            "framework_not_applicable",
        ),
    ] {
        let response = send(state.clone(), post_json(path, plan)).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}"
        );
        let body = body_json(response).await;
        assert_eq!(body["error"]["code"], code, "{body}");
        assert_eq!(body["error"]["path"], "framework", "{body}");
    }
    let unknown = send(
        state.clone(),
        post_json("/api/v1/rwsplit?framework=cobol", PLAN),
    )
    .await;
    let message = body_json(unknown).await["error"]["message"].to_string();
    assert!(
        message.contains("env, prisma, pgcat, rails, django, java"),
        "{message}"
    );

    let dynamodb = send(
        state,
        post_json("/api/v1/rwsplit?framework=env", DYNAMODB_PLAN),
    )
    .await;
    assert_eq!(dynamodb.status(), StatusCode::OK);
    let body = body_json(dynamodb).await;
    assert!(
        file(&body, ".env.eu-west-1").contains("DYNAMODB_REGION_PREFERENCE=eu-west-1,us-east-1")
    );
    assert_eq!(body["pools"], serde_json::Value::Null);
}

#[tokio::test]
async fn an_invalid_plan_is_named_by_its_field() {
    let (state, _database) = stateless_app().await;
    let plan = PLAN.replace("db.r6g.large", "db.x1.huge");
    let response = send(state, post_json("/api/v1/rwsplit?framework=env", plan)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body_json(response).await["error"]["path"],
        "database.instance_class"
    );
}

#[tokio::test]
async fn the_planner_address_gets_the_same_files_and_a_zip_of_them() {
    use app::pages::planner_page::draft;
    let (state, _database) = stateless_app().await;
    let plan = planner::Plan::from_json(PLAN).unwrap();
    let encoded = draft::encode_for_url(&serde_json::to_value(&plan).unwrap());
    let by_address = send(
        state.clone(),
        get(&format!("/api/v1/rwsplit?plan={encoded}&framework=django")),
    )
    .await;
    assert_eq!(by_address.status(), StatusCode::OK);
    let posted = send(
        state.clone(),
        post_json("/api/v1/rwsplit?framework=django", PLAN),
    )
    .await;
    assert_eq!(body_json(by_address).await, body_json(posted).await);

    let zip = send(
        state.clone(),
        get(&format!(
            "/api/v1/rwsplit.zip?plan={encoded}&framework=django"
        )),
    )
    .await;
    assert_eq!(zip.status(), StatusCode::OK);
    assert_eq!(zip.headers()["content-type"], "application/zip");
    assert_eq!(
        zip.headers()["content-disposition"],
        "attachment; filename=\"untitled-plan-django-config.zip\""
    );
    let bytes = axum::body::to_bytes(zip.into_body(), usize::MAX)
        .await
        .unwrap();
    let names = String::from_utf8_lossy(&bytes);
    assert!(names.contains("untitled-plan-django-config/read_write_split/router.py"));
    assert!(names.contains("untitled-plan-django-config/.env.us-east-1"));

    let broken = send(state, get("/api/v1/rwsplit.zip?plan=%%%&framework=env")).await;
    assert_eq!(broken.status(), StatusCode::BAD_REQUEST);
    assert_eq!(body_json(broken).await["error"]["path"], "plan");
}

#[tokio::test]
async fn the_app_config_page_shows_each_file_with_its_tabs_and_a_script_only_for_copy() {
    use app::pages::planner_page::draft;
    let (state, _database) = stateless_app().await;
    let plan = planner::Plan::from_json(PLAN).unwrap();
    let encoded = draft::encode_for_url(&serde_json::to_value(&plan).unwrap());
    let response = send(
        state.clone(),
        get(&format!("/app-config?plan={encoded}&framework=rails")),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.contains("script-src 'self'"), "{policy}");
    assert!(!policy.contains("unsafe"), "{policy}");
    let html = crate::body_text(response).await;
    assert!(html.contains(r#"<script src="/app-config.js" defer></script>"#));
    assert_eq!(
        html.matches("<script").count(),
        1,
        "no inline script, no wasm"
    );
    assert!(html.contains("config/initializers/multi_db.rb"));
    assert!(
        html.contains(r#"<code id="file-0-path">app/models/application_record.rb</code>"#),
        "the framework's own files come before the shared .env files"
    );
    assert!(
        html.contains("{ delay: 5.seconds }"),
        "the file's text, escaped as HTML text"
    );
    assert!(html.contains(r#"aria-current="page" data-framework="rails""#));
    assert!(html.contains(&format!(
        r#"href="/api/v1/rwsplit.zip?plan={encoded}&amp;framework=rails""#
    )));

    // DynamoDB: the SQL frameworks are shown as not applicable, with the reason.
    let dynamodb = planner::Plan::from_json(DYNAMODB_PLAN).unwrap();
    let encoded = draft::encode_for_url(&serde_json::to_value(&dynamodb).unwrap());
    let html =
        crate::body_text(send(state.clone(), get(&format!("/app-config?plan={encoded}"))).await)
            .await;
    assert!(html.contains("DYNAMODB_REGION_PREFERENCE"));
    assert!(html.contains(r#"<span title="DynamoDB is not SQL: there is no reader endpoint"#));
    assert_eq!(html.matches("tab--disabled").count(), 5, "all but .env");

    for address in [
        format!("/app-config?plan={encoded}&framework=django"),
        "/app-config?framework=cobol".to_owned(),
        "/app-config?plan=not-base64!".to_owned(),
    ] {
        let html = crate::body_text(send(state.clone(), get(&address)).await).await;
        assert!(
            html.contains(r#"data-testid="app-config-error""#),
            "{address} is explained on the page"
        );
    }
}
