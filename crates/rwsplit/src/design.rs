//! What every framework's config is written from: the engine, the regions that run the app
//! with their endpoints (as Terraform-output placeholders), the read-after-write window and
//! the pool per task.

use planner::plan::DatabaseEngine;
use planner::topology::RegionRole;
use planner::{Estimate, Plan, ReadAfterWrite};

use crate::escape;
use crate::outputs::{
    GLOBAL_WRITER_ENDPOINT, READER_ENDPOINTS, REDIS_ENDPOINTS, keyed_placeholder, placeholder,
};

/// The database the Terraform bundle creates.
pub const DATABASE_NAME: &str = "app";
/// The master user the bundle creates the cluster with: administration only.
pub const MASTER_USER: &str = "app_admin";
/// The app's own user, which the bundle README's first step creates (password in its own
/// secret): the app never connects as the master user.
pub const APP_USER: &str = "app";
pub const DATABASE_USER: &str = APP_USER;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Postgresql,
    Mysql,
    Dynamodb,
}

impl Engine {
    pub fn of(plan: &Plan) -> Engine {
        match plan.database.engine {
            DatabaseEngine::AuroraPostgresql => Engine::Postgresql,
            DatabaseEngine::AuroraMysql => Engine::Mysql,
            DatabaseEngine::Dynamodb => Engine::Dynamodb,
        }
    }

    pub fn port(self) -> u16 {
        match self {
            Engine::Mysql => 3306,
            _ => 5432,
        }
    }

    /// The URL scheme of connection strings.
    pub fn scheme(self) -> &'static str {
        match self {
            Engine::Mysql => "mysql",
            _ => "postgresql",
        }
    }
}

/// Whether the app shares the read-after-write window between tasks through Redis: with more
/// than one task a user's next request may land on another task.
pub fn uses_redis(plan: &Plan) -> bool {
    planner::read_write_split::shares_window_between_tasks(plan)
}

impl AppRegion {
    /// Whether the region writes through Aurora write forwarding (a serving secondary).
    pub fn forwards_writes(&self) -> bool {
        self.role == RegionRole::Serving
    }

    /// Whether the region's `/health` checks the writer: only where writes happen while
    /// nothing has failed (primary, serving). A standby's writer is the primary's, in another
    /// region with no network path to it; the standby is ready when its own reader answers.
    pub fn health_checks_writer(&self) -> bool {
        matches!(self.role, RegionRole::Primary | RegionRole::Serving)
    }
}

/// A region whose app tasks get a config.
#[derive(Debug, Clone)]
pub struct AppRegion {
    pub region: String,
    pub role: RegionRole,
    /// Where the region's reads go: its own reader endpoint.
    pub reader_host: String,
    /// DynamoDB: this region first, then the others in the plan's order.
    pub region_preference: Vec<String>,
}

pub struct Design<'a> {
    pub plan: &'a Plan,
    pub engine: Engine,
    pub regions: Vec<AppRegion>,
    pub window: &'a ReadAfterWrite,
    /// Connections per task to the writer, and as many to the reader (0 for DynamoDB).
    pub pool_per_task: u32,
    pub pool_formula: String,
    /// Whether the window is shared between tasks through Redis: with more than one task a
    /// user's next request may land on another task.
    pub uses_redis: bool,
}

impl<'a> Design<'a> {
    pub fn new(plan: &'a Plan, estimate: &'a Estimate) -> Design<'a> {
        let deployment = planner::deployment(plan);
        let live: Vec<String> = deployment
            .iter()
            .filter(|region| region.has_live_data())
            .map(|region| region.region.clone())
            .collect();
        let regions = deployment
            .into_iter()
            .filter(|region| region.has_app_infrastructure)
            .map(|region| {
                let mut region_preference = vec![region.region.clone()];
                region_preference.extend(live.iter().filter(|r| **r != region.region).cloned());
                AppRegion {
                    reader_host: keyed_placeholder(READER_ENDPOINTS, &region.region),
                    region: region.region,
                    role: region.role,
                    region_preference,
                }
            })
            .collect();
        let split = &estimate.read_write_split;
        let (pool_per_task, pool_formula) = split
            .pools
            .as_ref()
            .map(|pools| (pools.per_task, pools.per_task_formula.clone()))
            .unwrap_or((0, String::new()));
        Design {
            plan,
            engine: Engine::of(plan),
            regions,
            window: &split.read_after_write,
            pool_per_task,
            pool_formula,
            uses_redis: uses_redis(plan),
        }
    }

    /// Where `region` sends its writes. The primary and the standbys use the global writer
    /// endpoint: it resolves to the cluster that writes, which is in the region itself whenever
    /// that region takes writes (a standby takes none until it is promoted), so no write crosses
    /// regions. A serving region of an active-active Aurora design writes through its own
    /// cluster's reader endpoint, which forwards writes to the writer (Aurora write forwarding).
    pub fn writer_host(&self, region: &AppRegion) -> String {
        if region.forwards_writes() {
            region.reader_host.clone()
        } else {
            placeholder(GLOBAL_WRITER_ENDPOINT)
        }
    }

    /// The region's Valkey endpoint over TLS (the bundle's replication group there).
    pub fn redis_url(&self, region: &str) -> String {
        format!(
            "rediss://{}:6379",
            keyed_placeholder(REDIS_ENDPOINTS, region)
        )
    }

    /// A connection string without the password (it comes from Secrets Manager at run time).
    pub fn url(&self, host: &str) -> String {
        let engine = self.engine;
        let tls = match engine {
            Engine::Mysql => "sslaccept=strict",
            _ => "sslmode=require",
        };
        format!(
            "{}://{DATABASE_USER}@{host}:{}/{DATABASE_NAME}?{tls}",
            engine.scheme(),
            engine.port()
        )
    }

    /// The window in whole seconds or with one decimal, for configs that take seconds.
    pub fn window_seconds(&self) -> String {
        let ms = self.window.window_ms;
        if ms.is_multiple_of(1000) {
            format!("{}", ms / 1000)
        } else {
            format!("{:.1}", f64::from(ms) / 1000.0)
        }
    }

    /// The lines every file starts with, behind `prefix` (`#`, `//`).
    pub fn header(&self, prefix: &str, what: &str, erb: bool) -> String {
        let name = if erb {
            escape::erb_comment(&self.plan.name)
        } else {
            escape::comment(&self.plan.name)
        };
        let regions: Vec<&str> = self.plan.regions().collect();
        format!(
            "{prefix} {what}\n{prefix} Generated by Regionwise for \"{name}\" ({}; {}).\n{prefix} Read-after-write window: {}.\n{prefix} Placeholders {{{{terraform:OUTPUT}}}} are filled from `terraform output -json` by fill_from_terraform.py.\n",
            self.plan.pattern.profile().title,
            regions.join(", "),
            self.window.derivation
        )
    }
}
