//! The schema migrations, embedded in the binary at compile time.
//!
//! The SQL lives in `migrations/{sqlite,postgres}/` at the workspace root (see its README);
//! this module lists each file once so the binary needs no files at run time. A test checks
//! that the list and the folders agree.

use std::sync::LazyLock;

use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};

/// `(version, description, sqlite SQL, postgres SQL)` for every migration, in order.
const MIGRATIONS: &[(i64, &str, &str, &str)] = &[
    (
        1,
        "plans",
        include_str!("../../../migrations/sqlite/0001_plans.sql"),
        include_str!("../../../migrations/postgres/0001_plans.sql"),
    ),
    (
        2,
        "plan_history",
        include_str!("../../../migrations/sqlite/0002_plan_history.sql"),
        include_str!("../../../migrations/postgres/0002_plan_history.sql"),
    ),
    (
        3,
        "price_books",
        include_str!("../../../migrations/sqlite/0003_price_books.sql"),
        include_str!("../../../migrations/postgres/0003_price_books.sql"),
    ),
    (
        4,
        "revision_totals",
        include_str!("../../../migrations/sqlite/0004_revision_totals.sql"),
        include_str!("../../../migrations/postgres/0004_revision_totals.sql"),
    ),
    (
        5,
        "price_tiers_and_reports",
        include_str!("../../../migrations/sqlite/0005_price_tiers_and_reports.sql"),
        include_str!("../../../migrations/postgres/0005_price_tiers_and_reports.sql"),
    ),
    (
        6,
        "price_commitments",
        include_str!("../../../migrations/sqlite/0006_price_commitments.sql"),
        include_str!("../../../migrations/postgres/0006_price_commitments.sql"),
    ),
];

static SQLITE: LazyLock<Migrator> = LazyLock::new(|| build(|(_, _, sqlite, _)| sqlite));
static POSTGRES: LazyLock<Migrator> = LazyLock::new(|| build(|(_, _, _, postgres)| postgres));

pub fn sqlite() -> &'static Migrator {
    &SQLITE
}

pub fn postgres() -> &'static Migrator {
    &POSTGRES
}

fn build(pick_sql: fn(&(i64, &str, &'static str, &'static str)) -> &'static str) -> Migrator {
    Migrator::with_migrations(
        MIGRATIONS
            .iter()
            .map(|migration| {
                Migration::new(
                    migration.0,
                    migration.1.into(),
                    MigrationType::Simple,
                    pick_sql(migration).into_sql_str(),
                    false,
                )
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// `NNNN_name.sql` file names in one dialect folder, sorted.
    fn files_in(dialect: &str) -> Vec<String> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../migrations")
            .join(dialect);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()))
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".sql"))
            .collect();
        names.sort();
        names
    }

    #[test]
    fn embedded_list_matches_both_migration_folders() {
        let listed: Vec<String> = MIGRATIONS
            .iter()
            .map(|(version, name, _, _)| format!("{version:04}_{name}.sql"))
            .collect();
        assert_eq!(files_in("sqlite"), listed, "migrations/sqlite");
        assert_eq!(files_in("postgres"), listed, "migrations/postgres");
    }

    #[test]
    fn versions_increase_strictly() {
        for pair in MIGRATIONS.windows(2) {
            assert!(pair[0].0 < pair[1].0, "{} then {}", pair[0].0, pair[1].0);
        }
    }
}
