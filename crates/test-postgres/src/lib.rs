//! A PostgreSQL database of a test's own, for every test suite of the workspace.
//!
//! Tests that touch PostgreSQL create a database with a unique name on the server that
//! [`URL_VAR`] names (default [`DEFAULT_ADMIN_URL`]: the local server, trust auth), use it, and
//! drop it. PostgreSQL is required: when it is unreachable the test fails with a message that
//! says how to provide one — it never skips silently.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use sqlx::{Connection, PgConnection};

/// The environment variable naming the server (a URL whose user may create databases).
pub const URL_VAR: &str = "REGIONWISE_TEST_POSTGRES_URL";

/// The server used when [`URL_VAR`] is not set. `tests/lib/server.sh` and
/// `tests/lib/postgres.mjs` read this line from this file: keep its form.
pub const DEFAULT_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// The admin URL the tests create and drop their databases through.
pub fn admin_url() -> String {
    std::env::var(URL_VAR).unwrap_or_else(|_| DEFAULT_ADMIN_URL.to_owned())
}

/// A database created for one test; [`TestPostgres::drop_now`] removes it.
#[derive(Debug)]
pub struct TestPostgres {
    /// The database's name, e.g. `regionwise_restart_4242_0_918273645`.
    pub name: String,
    /// A URL connecting to it as the admin user.
    pub url: String,
    admin_url: String,
}

impl TestPostgres {
    /// Creates an empty database whose name starts `regionwise_{label}_` and is unique to this
    /// call (process id, a counter and the clock).
    pub async fn create(label: &str) -> TestPostgres {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.subsec_nanos())
            .unwrap_or(0);
        let name = format!(
            "regionwise_{label}_{}_{}_{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let admin_url = admin_url();
        let mut admin = admin_connection(&admin_url).await;
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .execute(&mut admin)
            .await
            .unwrap_or_else(|err| panic!("cannot create test database {name}: {err}"));
        let _ = admin.close().await;
        let mut url = url::Url::parse(&admin_url)
            .unwrap_or_else(|err| panic!("{URL_VAR} is not a URL ({err})"));
        url.set_path(&name);
        TestPostgres {
            name,
            url: url.to_string(),
            admin_url,
        }
    }

    /// Drops the database, closing any connection still open to it.
    pub async fn drop_now(self) {
        let mut admin = admin_connection(&self.admin_url).await;
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
            self.name
        )))
        .execute(&mut admin)
        .await
        .unwrap_or_else(|err| panic!("cannot drop test database {}: {err}", self.name));
        let _ = admin.close().await;
    }
}

async fn admin_connection(admin_url: &str) -> PgConnection {
    let attempt = tokio::time::timeout(Duration::from_secs(10), PgConnection::connect(admin_url));
    match attempt.await {
        Ok(Ok(connection)) => connection,
        Ok(Err(err)) => panic!("{}", unreachable_message(admin_url, &err.to_string())),
        Err(_) => panic!(
            "{}",
            unreachable_message(admin_url, "no answer within 10 s")
        ),
    }
}

/// Says why PostgreSQL is needed and how to provide it. It names the server by host and port
/// only, so a password in the URL never reaches test output (and no redaction is needed).
fn unreachable_message(admin_url: &str, cause: &str) -> String {
    let server = url::Url::parse(admin_url)
        .ok()
        .and_then(|url| {
            Some(format!(
                "{}:{}",
                url.host_str()?,
                url.port().unwrap_or(5432)
            ))
        })
        .unwrap_or_else(|| "(an unparsable URL)".to_owned());
    format!(
        "PostgreSQL is unreachable at {server}: {cause}. Tests on PostgreSQL never skip: start \
         PostgreSQL (for example `pg_ctlcluster --skip-systemctl-redirect 15 main start`) or set \
         {URL_VAR} to a server where the user may create databases."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_names_the_server_and_the_variable_but_not_the_password() {
        let message = unreachable_message("postgres://ci:s3cret@db:6543/postgres", "refused");
        assert!(!message.contains("s3cret"), "{message}");
        assert!(
            message.contains("unreachable at db:6543: refused"),
            "{message}"
        );
        assert!(message.contains(URL_VAR), "{message}");
    }
}
