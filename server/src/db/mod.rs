//! Storage: one [`Database`] handle over either SQLite (the embedded default) or PostgreSQL.
//!
//! Both backends run the same queries (`$1` placeholders work in both); where the dialects
//! differ, the SQL lives in the per-dialect migration folders, not in Rust. Every query is
//! exercised against both backends by the test suite (`tests/api/storage.rs`).
//! We avoid `sqlx::Any`: it decodes only a common subset of types and needs global driver setup.

mod migrations;
pub mod plans;
pub mod price_books;

use std::time::{Duration, Instant};

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};

use crate::config::{DatabaseConfig, DatabaseTarget};

/// How long start-up waits for a database before giving up with a clear error.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long an SQLite writer waits for a lock held by another connection.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A connection pool to the configured backend.
#[derive(Debug, Clone)]
pub enum Database {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to whichever concrete pool `$database` holds. The body is
/// type-checked once per backend, so the same query text serves both.
macro_rules! with_pool {
    ($database:expr, $pool:ident => $body:expr) => {
        match $database {
            $crate::db::Database::Sqlite($pool) => $body,
            $crate::db::Database::Postgres($pool) => $body,
        }
    };
}
pub(crate) use with_pool;

#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    #[error("{var}: cannot open {url}: {cause}")]
    Connect {
        var: &'static str,
        url: String,
        cause: String,
    },
    #[error("{var}: cannot create the directory {path}: {cause}")]
    CreateDir {
        var: &'static str,
        path: String,
        cause: String,
    },
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database query failed: {0}")]
    Query(#[from] sqlx::Error),
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
}

/// Whether the schema matches what this binary expects.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MigrationStatus {
    /// Migrations this binary ships.
    pub expected: usize,
    /// Of those, how many the database has applied successfully.
    pub applied: usize,
    /// Migrations the database has that this binary does not know (a newer binary ran).
    pub unknown: usize,
}

impl MigrationStatus {
    pub fn is_current(&self) -> bool {
        self.applied == self.expected && self.unknown == 0
    }
}

impl Database {
    /// Opens a pool and checks the database answers. SQLite files (and their directory) are
    /// created when missing; SQLite runs in WAL mode with a busy timeout so readers never block
    /// the writer.
    pub async fn connect(config: &DatabaseConfig) -> Result<Database, DatabaseError> {
        let connect_error = |cause: String| DatabaseError::Connect {
            var: config.source_var,
            url: config.redacted_url.clone(),
            cause,
        };
        let database = match &config.target {
            DatabaseTarget::Sqlite(options) => {
                let path = options.get_filename();
                if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|err| DatabaseError::CreateDir {
                        var: config.source_var,
                        path: dir.display().to_string(),
                        cause: err.to_string(),
                    })?;
                }
                let options = options
                    .clone()
                    .journal_mode(SqliteJournalMode::Wal)
                    // FULL: a write the API acknowledged survives a power loss too (NORMAL
                    // in WAL mode may lose the last commits); see BENCHMARKS.md for its cost.
                    .synchronous(SqliteSynchronous::Full)
                    .busy_timeout(SQLITE_BUSY_TIMEOUT)
                    .foreign_keys(true);
                let pool = SqlitePoolOptions::new()
                    .acquire_timeout(CONNECT_TIMEOUT)
                    .connect_with(options)
                    .await
                    .map_err(|err| connect_error(describe(&err)))?;
                Database::Sqlite(pool)
            }
            DatabaseTarget::Postgres(options) => {
                let pool = PgPoolOptions::new()
                    .acquire_timeout(CONNECT_TIMEOUT)
                    .max_connections(16)
                    .connect_with(options.clone())
                    .await
                    .map_err(|err| connect_error(describe(&err)))?;
                Database::Postgres(pool)
            }
        };
        Ok(database)
    }

    /// `sqlite` or `postgres`, for logs and health reports.
    pub fn backend_name(&self) -> &'static str {
        match self {
            Database::Sqlite(_) => "sqlite",
            Database::Postgres(_) => "postgres",
        }
    }

    /// Applies pending migrations and returns how many ran now. Safe to call on every start and
    /// from several processes at once (sqlx takes a lock on PostgreSQL).
    pub async fn migrate(&self) -> Result<usize, DatabaseError> {
        let before = self.migration_status().await?.applied;
        match self {
            Database::Sqlite(pool) => migrations::sqlite().run(pool).await?,
            Database::Postgres(pool) => migrations::postgres().run(pool).await?,
        }
        let after = self.migration_status().await?.applied;
        Ok(after.saturating_sub(before))
    }

    /// Compares the applied migrations with those this binary ships.
    pub async fn migration_status(&self) -> Result<MigrationStatus, sqlx::Error> {
        let expected = match self {
            Database::Sqlite(_) => migrations::sqlite(),
            Database::Postgres(_) => migrations::postgres(),
        };
        let expected_versions: Vec<i64> = expected.iter().map(|m| m.version).collect();
        let applied_versions: Vec<i64> = if self.has_migrations_table().await? {
            with_pool!(self, pool => {
                sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = TRUE")
                    .fetch_all(pool)
                    .await?
            })
        } else {
            Vec::new()
        };
        Ok(MigrationStatus {
            expected: expected_versions.len(),
            applied: applied_versions
                .iter()
                .filter(|version| expected_versions.contains(version))
                .count(),
            unknown: applied_versions
                .iter()
                .filter(|version| !expected_versions.contains(version))
                .count(),
        })
    }

    async fn has_migrations_table(&self) -> Result<bool, sqlx::Error> {
        let count: i64 = match self {
            Database::Sqlite(pool) => {
                sqlx::query_scalar(
                    "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
                )
                .fetch_one(pool)
                .await?
            }
            Database::Postgres(pool) => {
                sqlx::query_scalar(
                    "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '_sqlx_migrations'",
                )
                .fetch_one(pool)
                .await?
            }
        };
        Ok(count > 0)
    }

    /// A round trip to the database; returns how long it took.
    pub async fn ping(&self) -> Result<Duration, sqlx::Error> {
        let started = Instant::now();
        let one: i32 = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT 1").fetch_one(pool).await?
        });
        debug_assert_eq!(one, 1);
        Ok(started.elapsed())
    }

    /// Closes every connection, waiting for checked-out ones to come back.
    pub async fn close(&self) {
        with_pool!(self, pool => pool.close().await)
    }
}

/// A one-line description of a connection error, without the driver's nested debug output.
fn describe(error: &sqlx::Error) -> String {
    match error {
        sqlx::Error::Io(io) => io.to_string(),
        sqlx::Error::PoolTimedOut => format!(
            "no connection within {} s (is the server running and reachable?)",
            CONNECT_TIMEOUT.as_secs()
        ),
        other => other.to_string(),
    }
}
