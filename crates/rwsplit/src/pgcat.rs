//! pgcat: `pgcat.<region>.toml`, a pooler beside each app task that sends writes to the global
//! writer endpoint and reads to the region's reader endpoint, choosing per statement with its
//! query parser.
//!
//! pgcat has no time-based window: reads that must follow a write belong in the write's
//! transaction, or after `SET SERVER ROLE TO 'primary'` (pgcat's own command) for the window.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::design::{DATABASE_NAME, DATABASE_USER, Design};
use crate::escape::string_literal;

/// Where the app connects: pgcat listens beside it.
pub const PGCAT_PORT: u16 = 6432;

pub fn files(design: &Design) -> BTreeMap<String, String> {
    design
        .regions
        .iter()
        .map(|region| {
            let mut text = design.header(
                "#",
                &format!("pgcat beside each app task in {}: the app connects to 127.0.0.1:{PGCAT_PORT}.", region.region),
                false,
            );
            text.push_str("# pgcat does not read environment variables: render ${...} with envsubst when the\n# container starts (DATABASE_PASSWORD from Secrets Manager, PGCAT_ADMIN_PASSWORD your own).\n");
            let _ = writeln!(
                text,
                "# Reads that must see a write: run them in the write's transaction, or send\n# SET SERVER ROLE TO 'primary' for {} ms after it, then SET SERVER ROLE TO 'auto'.",
                design.window.window_ms
            );
            let _ = write!(
                text,
                r#"
[general]
host = "127.0.0.1"
port = {PGCAT_PORT}
admin_username = "pgcat_admin"
admin_password = "${{PGCAT_ADMIN_PASSWORD}}"
connect_timeout = 5000
healthcheck_timeout = 1000
healthcheck_delay = 30000
ban_time = 60

[pools.{DATABASE_NAME}]
pool_mode = "transaction"
default_role = "any"
query_parser_enabled = true
query_parser_read_write_splitting = true
primary_reads_enabled = false

[pools.{DATABASE_NAME}.users.0]
username = {user}
password = "${{DATABASE_PASSWORD}}"
# {formula}
pool_size = {pool}

[pools.{DATABASE_NAME}.shards.0]
database = {database}
servers = [
  [{writer}, {port}, "primary"],
  [{reader}, {port}, "replica"],
]
"#,
                user = string_literal(DATABASE_USER),
                formula = design.pool_formula,
                pool = design.pool_per_task,
                database = string_literal(DATABASE_NAME),
                writer = string_literal(&design.writer_host(region)),
                reader = string_literal(&region.reader_host),
                port = design.engine.port(),
            );
            (format!("pgcat.{}.toml", region.region), text)
        })
        .collect()
}
