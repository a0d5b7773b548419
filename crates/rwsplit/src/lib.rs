//! Regionwise's read/write-splitting app config: for the chosen design, the files an
//! application team drops in so that writes go to the one writer, reads to the region's own
//! replica, and a user's reads follow their writes to the writer for the read-after-write
//! window — as `.env` files, Prisma/TypeScript, pgcat, Rails, Django and Java (AWS Advanced
//! JDBC Wrapper).
//!
//! Every number comes from the plan's estimate ([`planner::ReadWriteSplit`]: the window and its
//! derivation, the pool per task); every endpoint is a placeholder named after the Terraform
//! output that fills it ([`outputs`]), so the config and the Terraform bundle agree. Pure: no
//! IO. The Terraform bundle ships all applicable frameworks under `app-config/`
//! ([`bundle_files`]); the API and CLI serve one framework at a time ([`generate`]).

mod design;
mod django;
mod env;
pub mod escape;
mod java;
pub mod outputs;
mod pgcat;
mod prisma;
mod rails;
mod readme;

use std::collections::BTreeMap;

use planner::{Estimate, Plan};
use serde::{Deserialize, Serialize};

pub use design::{APP_USER, MASTER_USER, uses_redis};
use design::{Design, Engine};

/// The fill script shipped with every config: replaces the placeholders with `terraform
/// output -json`.
pub const FILL_SCRIPT: &str = include_str!("fill_from_terraform.py");
pub const FILL_SCRIPT_PATH: &str = "fill_from_terraform.py";
const README_PATH: &str = "README.md";

/// The kinds of configuration Regionwise writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Framework {
    Env,
    Prisma,
    Pgcat,
    Rails,
    Django,
    Java,
}

impl Framework {
    pub const ALL: [Framework; 6] = [
        Framework::Env,
        Framework::Prisma,
        Framework::Pgcat,
        Framework::Rails,
        Framework::Django,
        Framework::Java,
    ];

    /// The name used in URLs, the CLI and the bundle's folders.
    pub fn slug(self) -> &'static str {
        match self {
            Framework::Env => "env",
            Framework::Prisma => "prisma",
            Framework::Pgcat => "pgcat",
            Framework::Rails => "rails",
            Framework::Django => "django",
            Framework::Java => "java",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Framework::Env => ".env files",
            Framework::Prisma => "Prisma / TypeScript",
            Framework::Pgcat => "pgcat",
            Framework::Rails => "Rails",
            Framework::Django => "Django",
            Framework::Java => "Java (JDBC wrapper)",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Framework> {
        Framework::ALL
            .into_iter()
            .find(|framework| framework.slug() == slug)
    }

    /// The slugs, for error messages: `env, prisma, …`.
    pub fn slugs() -> String {
        Framework::ALL
            .iter()
            .map(|framework| framework.slug())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl std::str::FromStr for Framework {
    type Err = String;

    /// A slug, or an error naming it and listing the choices.
    fn from_str(slug: &str) -> Result<Framework, String> {
        Framework::from_slug(slug).ok_or_else(|| {
            format!(
                "unknown framework `{slug}`: choose one of {}",
                Framework::slugs()
            )
        })
    }
}

/// A framework that cannot express the plan's database, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} does not apply to this plan: {reason}", framework.title())]
pub struct NotApplicable {
    pub framework: Framework,
    pub reason: &'static str,
}

/// One framework's files, by path, in path order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppConfig {
    pub framework: Framework,
    pub files: BTreeMap<String, String>,
}

/// The frameworks that can express `plan`'s database.
pub fn applicable(plan: &Plan) -> Vec<Framework> {
    Framework::ALL
        .into_iter()
        .filter(|framework| check(plan, *framework).is_ok())
        .collect()
}

/// Whether `framework` can express `plan`'s database, and why not when it cannot.
pub fn check(plan: &Plan, framework: Framework) -> Result<(), NotApplicable> {
    let reason = match (Engine::of(plan), framework) {
        (_, Framework::Env) => return Ok(()),
        (Engine::Dynamodb, _) => {
            "DynamoDB is not SQL: there is no reader endpoint or connection pool to configure; use the .env files (table name, region preference, read-after-write window)"
        }
        (Engine::Mysql, Framework::Pgcat) => {
            "pgcat speaks the PostgreSQL protocol only; for Aurora MySQL use the Prisma, Rails, Django or Java config, or a MySQL proxy such as ProxySQL"
        }
        _ => return Ok(()),
    };
    Err(NotApplicable { framework, reason })
}

/// Whether `path` is one of the files every framework's config carries (the `.env.<region>`
/// files, the README, the fill script) rather than the framework's own.
pub fn is_shared_file(path: &str) -> bool {
    path.starts_with(".env.") || path == README_PATH || path == FILL_SCRIPT_PATH
}

/// `framework`'s config for `plan`: its own files plus the per-region `.env` files, the
/// README and the fill script, so it is complete on its own.
pub fn generate(
    plan: &Plan,
    estimate: &Estimate,
    framework: Framework,
) -> Result<AppConfig, NotApplicable> {
    check(plan, framework)?;
    let design = Design::new(plan, estimate);
    let mut files = shared_files(&design, &[framework]);
    files.extend(framework_files(&design, framework));
    Ok(AppConfig { framework, files })
}

/// Every applicable framework, as the Terraform bundle's `app-config/` folder: shared files
/// at the top, each framework in its own folder.
/// Each app region's environment as its `.env` file sets it (`region → [(name, value)]`),
/// values with their `{{terraform:…}}` and `{{set:…}}` placeholders.
pub fn container_environment(
    plan: &Plan,
    estimate: &Estimate,
) -> BTreeMap<String, Vec<(String, String)>> {
    env::variables(&Design::new(plan, estimate))
}

pub fn bundle_files(plan: &Plan, estimate: &Estimate) -> BTreeMap<String, String> {
    let design = Design::new(plan, estimate);
    let frameworks = applicable(plan);
    let mut files = shared_files(&design, &frameworks);
    for framework in frameworks
        .into_iter()
        .filter(|framework| *framework != Framework::Env)
    {
        for (path, text) in framework_files(&design, framework) {
            files.insert(format!("{}/{path}", framework.slug()), text);
        }
    }
    files
        .into_iter()
        .map(|(path, text)| (format!("app-config/{path}"), text))
        .collect()
}

fn shared_files(design: &Design, frameworks: &[Framework]) -> BTreeMap<String, String> {
    let mut files = env::files(design);
    files.insert(README_PATH.to_owned(), readme::readme(design, frameworks));
    files.insert(FILL_SCRIPT_PATH.to_owned(), FILL_SCRIPT.to_owned());
    files
}

fn framework_files(design: &Design, framework: Framework) -> BTreeMap<String, String> {
    match framework {
        Framework::Env => BTreeMap::new(),
        Framework::Prisma => prisma::files(design),
        Framework::Pgcat => pgcat::files(design),
        Framework::Rails => rails::files(design),
        Framework::Django => django::files(design),
        Framework::Java => java::files(design),
    }
}

#[cfg(test)]
mod framework_list_tests {
    use super::Framework;

    #[test]
    fn all_lists_every_framework_under_its_serde_name() {
        let mut listed: Vec<String> = Framework::ALL
            .iter()
            .map(|framework| framework.slug().to_owned())
            .collect();
        listed.sort();
        assert_eq!(
            listed,
            planner::plan::serde_variant_names::<Framework>(),
            "Framework::ALL against the enum's variants"
        );
        for framework in Framework::ALL {
            assert_eq!(serde_json::to_value(framework).unwrap(), framework.slug());
            assert_eq!(Framework::from_slug(framework.slug()), Some(framework));
        }
    }
}
