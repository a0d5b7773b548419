//! `.env.<region>`: one file per region that runs the app, the variables every other
//! framework's config reads.

use std::collections::BTreeMap;
use std::fmt::Write;

use planner::topology::RegionRole;

use crate::design::{DATABASE_NAME, DATABASE_USER, Design, Engine};
use crate::outputs::{APP_USER_SECRET_ARN, DYNAMODB_TABLE_NAME, placeholder};

pub fn files(design: &Design) -> BTreeMap<String, String> {
    design
        .regions
        .iter()
        .map(|region| {
            let mut text = design.header(
                "#",
                &format!("Environment of the app tasks in {}.", region.region),
                false,
            );
            let _ = writeln!(text, "# This region: {}.", role_text(region.role));
            let _ = writeln!(text, "AWS_REGION={}", region.region);
            if design.engine == Engine::Dynamodb {
                let _ = writeln!(
                    text,
                    "DYNAMODB_TABLE_NAME={}",
                    placeholder(DYNAMODB_TABLE_NAME)
                );
                text.push_str("# The SDK talks to this region's replica; the others, in order, if it is unreachable.\n");
                let _ = writeln!(
                    text,
                    "DYNAMODB_REGION_PREFERENCE={}",
                    region.region_preference.join(",")
                );
                text.push_str("# Within the window after a user's write, read with ConsistentRead from this region.\n");
            } else {
                let writer = design.writer_host(region);
                if region.forwards_writes() {
                    text.push_str("# Writes: this region's own cluster, which forwards them to the writer (Aurora write\n# forwarding, session consistency set in the cluster parameter group): no write leaves the\n# region's network.\n");
                } else {
                    text.push_str("# Writes: the global writer endpoint follows the writer through switchover and failover;\n# it resolves to this region's cluster whenever this region takes writes.\n");
                }
                let _ = writeln!(text, "DATABASE_WRITER_HOST={writer}");
                text.push_str("# Reads: this region's reader endpoint.\n");
                let _ = writeln!(text, "DATABASE_READER_HOST={}", region.reader_host);
                let _ = writeln!(text, "DATABASE_PORT={}", design.engine.port());
                let _ = writeln!(text, "DATABASE_NAME={DATABASE_NAME}");
                text.push_str("# The app's own user (the Terraform bundle README's first step creates it), never the master user.\n");
                let _ = writeln!(text, "DATABASE_USER={DATABASE_USER}");
                text.push_str("# DATABASE_PASSWORD is not written here: inject it at run time from this secret's\n# \"password\" key (ECS task definition `secrets`, valueFrom \"<arn>:password::\").\n");
                let _ = writeln!(
                    text,
                    "DATABASE_SECRET_ARN={}",
                    placeholder(APP_USER_SECRET_ARN)
                );
                text.push_str("# /health checks the writer only where writes happen while nothing has failed.\n");
                let _ = writeln!(
                    text,
                    "HEALTH_CHECKS_WRITER={}",
                    region.health_checks_writer()
                );
                let _ = writeln!(text, "DATABASE_URL_PRIMARY={}", design.url(&writer));
                let _ = writeln!(
                    text,
                    "DATABASE_URL_REPLICA={}",
                    design.url(&region.reader_host)
                );
                let _ = writeln!(
                    text,
                    "# Per task, to the writer and again to the reader: {}.",
                    design.pool_formula
                );
                let _ = writeln!(text, "DATABASE_POOL_SIZE={}", design.pool_per_task);
            }
            let _ = writeln!(
                text,
                "READ_AFTER_WRITE_WINDOW_MS={}",
                design.window.window_ms
            );
            if design.uses_redis {
                text.push_str("# Shares each user's read-after-write window between this region's tasks\n# (the bundle's Valkey replication group in this region, TLS).\n");
                let _ = writeln!(text, "REDIS_URL={}", design.redis_url(&region.region));
            }
            (format!(".env.{}", region.region), text)
        })
        .collect()
}

/// The variables a region's `.env` file sets, in file order: `(name, value)`, values still
/// holding their placeholders. The Terraform bundle sets exactly these on the app's container
/// (outputs for `{{terraform:…}}`, variables for `{{set:…}}`), so the file and the task
/// definition cannot disagree.
pub fn variables(design: &Design) -> BTreeMap<String, Vec<(String, String)>> {
    files(design)
        .into_iter()
        .map(|(file, text)| {
            let region = file.trim_start_matches(".env.").to_owned();
            let variables = text
                .lines()
                .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
                .filter_map(|line| line.split_once('='))
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
                .collect();
            (region, variables)
        })
        .collect()
}

fn role_text(role: RegionRole) -> &'static str {
    match role {
        RegionRole::Primary => "the primary (the writer is here while no failover has happened)",
        RegionRole::Serving => {
            "serves traffic beside the primary; writes cross to the writer's region"
        }
        RegionRole::Standby => "a standby; after a failover the global writer endpoint points here",
        RegionRole::BackupCopy => "holds backup copies only",
    }
}
