//! Test support shared by the cross-crate tests: fresh databases on both backends, and the
//! application state and router built on them.
//!
//! Every storage test runs once on SQLite (a file in a temporary directory) and once on
//! PostgreSQL (a database created for the test and dropped after it, even when the test
//! panics). PostgreSQL is required: when it is unreachable the test fails with a message saying
//! how to provide one — it never skips silently.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use server::AppState;
use server::config::DatabaseConfig;
use server::db::Database;
use sqlx::{Connection, PgConnection};

/// Admin connection used to create and drop the per-test PostgreSQL databases.
pub const POSTGRES_URL_VAR: &str = "REGIONWISE_TEST_POSTGRES_URL";
const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub const BACKENDS: [Backend; 2] = [Backend::Sqlite, Backend::Postgres];

/// A freshly created, empty database (no migrations applied) that is removed on [`drop_now`].
///
/// [`drop_now`]: TestDatabase::drop_now
pub struct TestDatabase {
    pub backend: Backend,
    pub config: DatabaseConfig,
    cleanup: Cleanup,
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

fn admin_url() -> String {
    std::env::var(POSTGRES_URL_VAR).unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned())
}

async fn admin_connection(admin_url: &str) -> PgConnection {
    let attempt = tokio::time::timeout(Duration::from_secs(10), PgConnection::connect(admin_url));
    match attempt.await {
        Ok(Ok(connection)) => connection,
        Ok(Err(err)) => panic!("{}", postgres_unreachable(admin_url, &err.to_string())),
        Err(_) => panic!(
            "{}",
            postgres_unreachable(admin_url, "no answer within 10 s")
        ),
    }
}

fn postgres_unreachable(admin_url: &str, cause: &str) -> String {
    format!(
        "PostgreSQL is unreachable at {}: {cause}. Storage tests run on both SQLite and \
         PostgreSQL and never skip: start PostgreSQL (for example \
         `pg_ctlcluster --skip-systemctl-redirect 15 main start`) or set {POSTGRES_URL_VAR} \
         to a server where the user may create databases.",
        server::config::redact_password(admin_url)
    )
}

impl TestDatabase {
    pub async fn create(backend: Backend) -> TestDatabase {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let unique = format!(
            "{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|elapsed| elapsed.subsec_nanos())
                .unwrap_or(0)
        );
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("create a temporary directory");
                let config = DatabaseConfig::sqlite_file(dir.path().join("regionwise.db"));
                TestDatabase {
                    backend,
                    config,
                    cleanup: Cleanup::Sqlite(dir),
                }
            }
            Backend::Postgres => {
                let admin_url = admin_url();
                let name = format!("regionwise_test_{unique}");
                let mut admin = admin_connection(&admin_url).await;
                sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
                    .execute(&mut admin)
                    .await
                    .unwrap_or_else(|err| panic!("cannot create test database {name}: {err}"));
                let _ = admin.close().await;
                let mut url = url::Url::parse(&admin_url).expect("admin URL parses");
                url.set_path(&name);
                let config = DatabaseConfig::from_url(POSTGRES_URL_VAR, url.as_str())
                    .expect("test database URL is valid");
                TestDatabase {
                    backend,
                    config,
                    cleanup: Cleanup::Postgres { admin_url, name },
                }
            }
        }
    }

    pub async fn connect(&self) -> Database {
        Database::connect(&self.config)
            .await
            .unwrap_or_else(|err| panic!("connect to the {:?} test database: {err}", self.backend))
    }

    /// Removes the database (PostgreSQL) or its directory (SQLite).
    pub async fn drop_now(self) {
        match self.cleanup {
            Cleanup::Sqlite(dir) => drop(dir),
            Cleanup::Postgres { admin_url, name } => {
                let mut admin = admin_connection(&admin_url).await;
                sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                )))
                .execute(&mut admin)
                .await
                .unwrap_or_else(|err| panic!("cannot drop test database {name}: {err}"));
                let _ = admin.close().await;
            }
        }
    }
}

/// Runs `test` once per backend on a fresh, migrated database, and removes each database
/// afterwards — also when the test panics, whose panic is then passed on.
pub async fn on_each_backend<F, Fut>(test: F)
where
    F: Fn(Backend, Database) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    for backend in BACKENDS {
        let test_database = TestDatabase::create(backend).await;
        let database = test_database.connect().await;
        database.migrate().await.expect("migrations apply");
        let outcome = tokio::spawn(test(backend, database.clone())).await;
        database.close().await;
        test_database.drop_now().await;
        if let Err(join_error) = outcome {
            match join_error.try_into_panic() {
                Ok(panic) => {
                    eprintln!("the failing run was on {backend:?}");
                    std::panic::resume_unwind(panic);
                }
                Err(err) => panic!("test task on {backend:?} failed: {err}"),
            }
        }
    }
}

/// Leptos options as `cargo leptos` would set them for this workspace.
pub fn leptos_options() -> leptos::config::LeptosOptions {
    leptos::config::LeptosOptions::builder()
        .output_name(server::serve::SITE_NAME)
        .site_root("target/site")
        .build()
}

/// Application state over `database`, with the bundled price snapshot.
pub fn app_state(database: Database) -> AppState {
    AppState {
        leptos_options: leptos_options(),
        database,
        price_book: server::prices::CurrentPrices::new(
            server::prices::bundled_snapshot().expect("bundled snapshot is valid"),
        ),
        write_limiter: Arc::new(server::http::rate_limit::ClientLimiter::per_minute(0)),
        compute_limiter: Arc::new(server::http::rate_limit::ClientLimiter::per_minute(0)),
        client_addresses: Arc::default(),
        artifacts: Arc::default(),
        public_url: None,
        rendered: Arc::default(),
        compute: Arc::default(),
    }
}
