//! In-process tests of the server: the router is driven with `tower::ServiceExt::oneshot`
//! (no socket), on real databases — every storage-touching test runs on SQLite and PostgreSQL.

mod app_config;
mod compare;
mod estimate;
mod health;
mod openapi;
mod pages;
mod plans;
mod prices;
mod storage;

use axum::body::Body;
use http::{Request, Response};
use tower::ServiceExt;

/// Sends one request through a fresh router over `state`.
pub async fn send(state: server::AppState, request: Request<Body>) -> Response<Body> {
    server::http::router(state)
        .oneshot(request)
        .await
        .expect("the router is infallible")
}

/// Application state on a fresh SQLite database, for endpoints that do not touch storage.
pub async fn stateless_app() -> (server::AppState, regionwise_tests::TestDatabase) {
    use regionwise_tests::{Backend, TestDatabase, app_state};
    let test_database = TestDatabase::create(Backend::Sqlite).await;
    let database = test_database.connect().await;
    database.migrate().await.unwrap();
    (app_state(database), test_database)
}

pub fn post_json(path: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(path)
        .header("content-type", "application/json")
        .body(body.into())
        .unwrap()
}

pub fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).unwrap()
}

pub async fn body_text(response: Response<Body>) -> String {
    let bytes = axum::body::to_bytes(response.into_body(), 16 * 1024 * 1024)
        .await
        .expect("body reads");
    String::from_utf8(bytes.to_vec()).expect("body is UTF-8")
}

pub async fn body_json(response: Response<Body>) -> serde_json::Value {
    let text = body_text(response).await;
    serde_json::from_str(&text).unwrap_or_else(|err| panic!("not JSON ({err}): {text}"))
}
