//! `/healthz` and `/readyz` on both backends.

use http::StatusCode;
use regionwise_tests::{BACKENDS, TestDatabase, app_state, on_each_backend};

use crate::{body_json, get, send};

#[tokio::test]
async fn healthz_answers_without_touching_the_database() {
    on_each_backend(|_, database| async move {
        database.close().await;
        let response = send(app_state(database), get("/healthz")).await;
        assert_eq!(response.status(), StatusCode::OK);
        let body = body_json(response).await;
        assert_eq!(body["status"], "ok");
        assert_eq!(body["service"], "regionwise");
    })
    .await;
}

#[tokio::test]
async fn readyz_is_ready_on_a_migrated_database() {
    on_each_backend(|backend, database| async move {
        let response = send(app_state(database), get("/readyz")).await;
        assert_eq!(response.status(), StatusCode::OK, "{backend:?}");
        let body = body_json(response).await;
        assert_eq!(body["status"], "ready");
        let checks = &body["checks"];
        let expected_backend = match backend {
            regionwise_tests::Backend::Sqlite => "sqlite",
            regionwise_tests::Backend::Postgres => "postgres",
        };
        assert_eq!(checks["database"]["backend"], expected_backend);
        assert_eq!(checks["database"]["ok"], true);
        assert_eq!(checks["migrations"]["ok"], true);
        assert_eq!(
            checks["migrations"]["applied"],
            checks["migrations"]["expected"]
        );
        assert_eq!(checks["price_book"]["ok"], true);
        assert!(checks["price_book"]["entries"].as_u64().unwrap() > 0);
        assert!(checks["price_book"]["as_of"].is_string());
        // The age is counted from the book's date to today by the server's clock.
        let as_of = checks["price_book"]["as_of"].as_str().unwrap();
        let since = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
            / 86_400;
        let (year, month, day) = (&as_of[..4], &as_of[5..7], &as_of[8..10]);
        let as_of_days = days_from_civil(
            year.parse().unwrap(),
            month.parse().unwrap(),
            day.parse().unwrap(),
        );
        assert_eq!(checks["price_book"]["age_days"], since - as_of_days);
    })
    .await;
}

#[tokio::test]
async fn readyz_is_not_ready_before_migrations() {
    for backend in BACKENDS {
        let test_database = TestDatabase::create(backend).await;
        let database = test_database.connect().await;
        let response = send(app_state(database.clone()), get("/readyz")).await;
        assert_eq!(
            response.status(),
            StatusCode::SERVICE_UNAVAILABLE,
            "{backend:?}"
        );
        let body = body_json(response).await;
        assert_eq!(body["status"], "not_ready");
        assert_eq!(body["checks"]["database"]["ok"], true);
        assert_eq!(body["checks"]["migrations"]["ok"], false);
        assert_eq!(body["checks"]["migrations"]["applied"], 0);
        database.close().await;
        test_database.drop_now().await;
    }
}

#[tokio::test]
async fn readyz_is_not_ready_when_the_database_is_gone() {
    on_each_backend(|_, database| async move {
        database.close().await;
        let response = send(app_state(database), get("/readyz")).await;
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        let body = body_json(response).await;
        assert_eq!(body["checks"]["database"]["ok"], false);
        // The cause stays in the log: a raw driver error can name hosts, users and paths.
        assert_eq!(
            body["checks"]["database"]["error"],
            "the database does not answer (the server log has the cause)"
        );
        assert!(!body.to_string().contains("pool"), "{body}");
    })
    .await;
}

#[tokio::test]
async fn readyz_is_not_ready_when_a_newer_binary_migrated_the_database() {
    on_each_backend(|backend, database| async move {
        // A migration this binary does not ship, as a newer release would leave behind.
        let insert = "INSERT INTO _sqlx_migrations \
             (version, description, installed_on, success, checksum, execution_time) \
             VALUES (9999, 'from the future', CURRENT_TIMESTAMP, TRUE, $1, 0)";
        match &database {
            server::db::Database::Sqlite(pool) => sqlx::query(insert)
                .bind(vec![0u8; 48])
                .execute(pool)
                .await
                .map(drop),
            server::db::Database::Postgres(pool) => sqlx::query(insert)
                .bind(vec![0u8; 48])
                .execute(pool)
                .await
                .map(drop),
        }
        .unwrap_or_else(|err| panic!("{backend:?}: {err}"));
        let response = send(app_state(database), get("/readyz")).await;
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        let body = body_json(response).await;
        assert_eq!(body["checks"]["migrations"]["ok"], false);
        assert_eq!(body["checks"]["migrations"]["unknown"], 1);
    })
    .await;
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm), to check
/// the server's arithmetic independently.
fn days_from_civil(year: i64, month: i64, day: i64) -> u64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    (era * 146_097 + day_of_era - 719_468) as u64
}
