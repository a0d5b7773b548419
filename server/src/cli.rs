//! The command line of the `regionwise` binary: `serve` (the default), `migrate`, `prices`
//! (refresh from the AWS Price List API, import an offer file, list stored versions), and the
//! offline tools `estimate`, `compare`, `terraform` and `rwsplit`, which read a plan file and
//! estimate with the stored price book when there is one, else the bundled snapshot. `serve` and `migrate` read their configuration from the
//! environment (see [`crate::config`]).

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::config::{Config, ConfigError};
use crate::db::{Database, DatabaseError};
use crate::report::{self, Format, ReportError};
use crate::serve::ServeError;

#[derive(Debug, Parser)]
#[command(
    name = "regionwise",
    version,
    about = "Plan multi-region SaaS deployments on AWS: cost, RTO/RPO, availability, Terraform.",
    long_about = "Plan multi-region SaaS deployments on AWS.\n\nConfiguration comes from environment variables: REGIONWISE_ADDR (default 127.0.0.1:3000), DATABASE_URL (default: an SQLite file in REGIONWISE_DATA_DIR), REGIONWISE_DATA_DIR (default ./data) and RUST_LOG (default info)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app and API (the default when no command is given).
    Serve,
    /// Apply pending database migrations, then exit.
    Migrate,
    /// The price book: refresh it from AWS, import an offer file, list stored versions.
    Prices {
        #[command(subcommand)]
        command: PricesCommand,
    },
    /// Print what a plan may choose from (patterns, regions, engines, routings, frameworks,
    /// limits and an example plan) as JSON, the same document as GET /api/v1/catalog.
    Catalog,
    /// Estimate a plan file: cost lines, RTO timeline, RPO, availability, targets, warnings.
    Estimate {
        /// A plan in JSON (see examples/).
        plan: PathBuf,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Estimate a plan's workload under all six patterns and recommend one.
    Compare {
        /// A plan in JSON (see examples/).
        plan: PathBuf,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Put two plan files side by side: headline figures, checks against the first plan's
    /// targets (else the second's), what changed, the cost difference line by line, and
    /// which to choose.
    Diff {
        /// The first plan in JSON (A).
        a: PathBuf,
        /// The second plan in JSON (B).
        b: PathBuf,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Write the Terraform bundle for a plan file: a folder (--out) or a zip (--zip).
    #[command(group(clap::ArgGroup::new("destination").required(true).args(["out", "zip"])))]
    Terraform {
        /// A plan in JSON (see examples/).
        plan: PathBuf,
        /// A folder to create (it must not exist, or be empty).
        #[arg(long)]
        out: Option<PathBuf>,
        /// A zip file to write (replaced when it exists).
        #[arg(long)]
        zip: Option<PathBuf>,
    },
    /// Write the app's read/write-splitting config for a plan file into a new folder.
    Rwsplit {
        /// A plan in JSON (see examples/).
        plan: PathBuf,
        /// The framework to write the config for.
        #[arg(long, value_parser = framework_parser())]
        framework: rwsplit::Framework,
        /// A folder to create (it must not exist, or be empty).
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum PricesCommand {
    /// Fetch the catalog's prices from the AWS Price List API (GetProducts) and make them the
    /// price book in use. Credentials come from the standard AWS chain; running servers pick
    /// the new version up within REGIONWISE_PRICE_RELOAD.
    Refresh {
        /// Send requests here instead of AWS (also AWS_ENDPOINT_URL_PRICING).
        #[arg(long, value_name = "URL")]
        endpoint_url: Option<String>,
        /// Read the bulk price list files (the Savings Plans price list) from here instead of
        /// https://pricing.us-east-1.amazonaws.com (also REGIONWISE_PRICE_OFFERS_URL; by default
        /// the --endpoint-url when one is given).
        #[arg(long, value_name = "URL")]
        offers_url: Option<String>,
        /// Do not read the Savings Plans price list (one file of hundreds of MB per region):
        /// Fargate's commitment rates stay as they are.
        #[arg(long)]
        skip_savings_plans: bool,
        /// Refresh only this region (repeatable); other prices are kept.
        #[arg(long = "region", value_name = "REGION")]
        regions: Vec<String>,
        /// Fetch and print what would change, but save nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Stream an AWS bulk offer file (a path or an http(s) URL) and make the prices it holds
    /// for the catalog's products the price book in use. A Savings Plans file (AWS's Compute
    /// Savings Plans price list for a region) gives Fargate lines their Savings Plans rates.
    Import {
        /// e.g. AmazonRDS-us-east-1.json or https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonRDS/current/us-east-1/index.json
        #[arg(value_name = "FILE|URL")]
        location: String,
        /// Read and print what would change, but save nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// List the stored price book versions, newest first, and say which is in use.
    List,
}

/// Changed prices and missing products listed in a summary before "… and N more".
const SUMMARY_LIST_LIMIT: usize = 25;

/// Everything that can stop a command, each naming its cause in one line.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Database(#[from] DatabaseError),
    #[error(transparent)]
    Serve(#[from] ServeError),
    #[error("{path}: cannot read: {cause}")]
    ReadPlan { path: String, cause: String },
    #[error("{path}: {error}")]
    InvalidPlan {
        path: String,
        error: planner::PlanError,
    },
    #[error("bundled price snapshot is invalid: {0}")]
    PriceBook(#[from] planner::PriceBookError),
    #[error(transparent)]
    Prices(#[from] crate::prices::PricesError),
    #[error(transparent)]
    Report(#[from] ReportError),
    #[error(transparent)]
    WriteBundle(#[from] crate::bundle_files::WriteError),
    #[error("{path}: {error}")]
    NotApplicable {
        path: String,
        error: rwsplit::NotApplicable,
    },
}

pub async fn run(cli: Cli) -> Result<(), CliError> {
    crate::telemetry::init();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => crate::serve::serve(Config::from_env()?).await?,
        Command::Catalog => {
            let catalog = crate::catalog::catalog().map_err(|error| CliError::InvalidPlan {
                path: "the built-in example plan".to_owned(),
                error,
            })?;
            println!(
                "{}",
                serde_json::to_string_pretty(&catalog).expect("the catalog serialises")
            );
        }
        Command::Estimate { plan, format } => {
            let plan = read_plan(&plan)?;
            let prices = price_book_for_tools().await?;
            print!(
                "{}",
                report::estimate(&planner::estimate(&plan, &prices), format)?
            );
        }
        Command::Compare { plan, format } => {
            let plan = read_plan(&plan)?;
            let prices = price_book_for_tools().await?;
            print!(
                "{}",
                report::comparison(&planner::compare(&plan, &prices), format)?
            );
        }
        Command::Diff { a, b, format } => {
            let (plan_a, plan_b) = (read_plan(&a)?, read_plan(&b)?);
            let prices = price_book_for_tools().await?;
            let compared = planner::side_by_side(
                (&a.display().to_string(), &plan_a),
                (&b.display().to_string(), &plan_b),
                &prices,
            );
            print!("{}", report::side_by_side(&compared, format)?);
        }
        Command::Terraform { plan, out, zip } => {
            let plan = read_plan(&plan)?;
            let prices = price_book_for_tools().await?;
            let bundle = terraform::generate(&plan, &planner::estimate(&plan, &prices));
            if let Some(dir) = out {
                let binaries = bundle
                    .binary_files
                    .iter()
                    .map(|(path, bytes)| (path.as_str(), bytes.as_slice()));
                crate::bundle_files::write_folder(
                    &dir,
                    crate::bundle_files::text_files(&bundle.files).chain(binaries),
                )?;
                println!(
                    "wrote {} files to {}",
                    bundle.files.len() + bundle.binary_files.len(),
                    dir.display()
                );
            }
            if let Some(file) = zip {
                crate::bundle_files::write_file(&file, &bundle.zip())?;
                println!("wrote {}", file.display());
            }
        }
        Command::Rwsplit {
            plan: plan_path,
            framework,
            out,
        } => {
            let plan = read_plan(&plan_path)?;
            let prices = price_book_for_tools().await?;
            let config = rwsplit::generate(&plan, &planner::estimate(&plan, &prices), framework)
                .map_err(|error| CliError::NotApplicable {
                    path: plan_path.display().to_string(),
                    error,
                })?;
            crate::bundle_files::write_folder(
                &out,
                crate::bundle_files::text_files(&config.files),
            )?;
            println!(
                "wrote {} files ({}) to {}",
                config.files.len(),
                framework.title(),
                out.display()
            );
        }
        Command::Prices { command } => prices(command).await?,
        Command::Migrate => {
            let config = Config::from_env()?;
            let database = Database::connect(&config.database).await?;
            let applied = database.migrate().await?;
            tracing::info!(
                backend = database.backend_name(),
                applied,
                "migrations up to date"
            );
        }
    }
    Ok(())
}

async fn prices(command: PricesCommand) -> Result<(), CliError> {
    let config = Config::from_env()?;
    let database = Database::connect(&config.database).await?;
    database.migrate().await?;
    let summary = match command {
        PricesCommand::Refresh {
            endpoint_url,
            offers_url,
            skip_savings_plans,
            regions,
            dry_run,
        } => {
            let options = crate::prices::RefreshOptions {
                live: crate::prices::live::LiveOptions {
                    endpoint_url,
                    offers_url: offers_url.or_else(|| config.price_offers_url.clone()),
                },
                regions,
                dry_run,
                skip_savings_plans,
            };
            crate::prices::refresh(&database, &options).await?
        }
        PricesCommand::Import { location, dry_run } => {
            crate::prices::import(&database, &location, dry_run).await?
        }
        PricesCommand::List => {
            let books = database.price_books().await?;
            let current = database.current_price_book().await?;
            if books.is_empty() {
                let snapshot = crate::prices::bundled_snapshot()?;
                println!(
                    "no stored price book: the bundled snapshot {} (as of {}) is in use",
                    snapshot.version, snapshot.as_of
                );
            }
            for book in books {
                let in_use = current
                    .as_ref()
                    .is_some_and(|current| current.version == book.version);
                println!(
                    "{} {:<32} as of {}  {:>5} entries  {:<10} saved {}",
                    if in_use { "*" } else { " " },
                    book.version,
                    book.as_of,
                    book.entry_count,
                    book.origin,
                    crate::clock::rfc3339(book.created_at_ms)
                );
            }
            database.close().await;
            return Ok(());
        }
    };
    print!("{}", summary.render(SUMMARY_LIST_LIMIT));
    database.close().await;
    Ok(())
}

/// The price book the offline tools estimate with: the stored current version when the
/// configured database already holds one (after `prices refresh` or `prices import`), else the
/// bundled snapshot. The tools never create a database, and an unreachable one falls back to
/// the snapshot with a note on standard error (the report names the book it used).
async fn price_book_for_tools() -> Result<planner::PriceBook, CliError> {
    if let Some(database) = existing_database().await {
        let stored = match database.migration_status().await {
            Ok(status) if status.is_current() => crate::prices::load_current(&database)
                .await
                .ok()
                .map(|(book, _)| book),
            _ => None,
        };
        database.close().await;
        if let Some(book) = stored {
            return Ok(book);
        }
    }
    Ok(crate::prices::bundled_snapshot()?)
}

/// The configured database if it already exists and answers (an SQLite file is not created).
async fn existing_database() -> Option<Database> {
    let config = Config::from_env().ok()?;
    if let crate::config::DatabaseTarget::Sqlite(options) = &config.database.target
        && !options.get_filename().exists()
    {
        return None;
    }
    match Database::connect(&config.database).await {
        Ok(database) => Some(database),
        Err(err) => {
            eprintln!("regionwise: note: using the bundled price snapshot ({err})");
            None
        }
    }
}

/// Reads and validates a plan file, naming the file and the field in errors.
fn read_plan(path: &Path) -> Result<planner::Plan, CliError> {
    let shown = path.display().to_string();
    let json = std::fs::read_to_string(path).map_err(|err| CliError::ReadPlan {
        path: shown.clone(),
        cause: err.to_string(),
    })?;
    planner::Plan::from_json(&json).map_err(|error| CliError::InvalidPlan { path: shown, error })
}

/// `--framework`: one of [`rwsplit::Framework::ALL`], listed by `--help` and in the error.
fn framework_parser() -> impl clap::builder::TypedValueParser<Value = rwsplit::Framework> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(
        rwsplit::Framework::ALL.map(|framework| framework.slug()),
    )
    .map(|slug| rwsplit::Framework::from_slug(&slug).expect("a listed slug"))
}
