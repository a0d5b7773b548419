//! Test support shared by the cross-crate tests: fresh databases on both backends, and the
//! application state and router built on them.
//!
//! Every storage test runs once on SQLite (a file in a temporary directory) and once on
//! PostgreSQL (a database created for the test and dropped after it, even when the test
//! panics). PostgreSQL is required: when it is unreachable the test fails with a message saying
//! how to provide one — it never skips silently.

use std::future::Future;
use std::sync::Arc;

use server::AppState;
use server::config::DatabaseConfig;
use server::db::Database;
use test_postgres::TestPostgres;

/// The variable naming the PostgreSQL server the tests create their databases on.
pub use test_postgres::URL_VAR as POSTGRES_URL_VAR;

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
    Postgres(TestPostgres),
}

impl TestDatabase {
    pub async fn create(backend: Backend) -> TestDatabase {
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
                let database = TestPostgres::create("test").await;
                let config = DatabaseConfig::from_url(POSTGRES_URL_VAR, &database.url)
                    .expect("test database URL is valid");
                TestDatabase {
                    backend,
                    config,
                    cleanup: Cleanup::Postgres(database),
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
            Cleanup::Postgres(database) => database.drop_now().await,
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
