//! The command line of the `regionwise` binary: `serve` (the default) and `migrate`.
//! Each subcommand reads its configuration from the environment (see [`crate::config`]).

use clap::{Parser, Subcommand};

use crate::config::{Config, ConfigError};
use crate::db::{Database, DatabaseError};
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
}

/// Everything that can stop a command, each naming its cause in one line.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Database(#[from] DatabaseError),
    #[error(transparent)]
    Serve(#[from] ServeError),
}

pub async fn run(cli: Cli) -> Result<(), CliError> {
    crate::telemetry::init();
    let config = Config::from_env()?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => crate::serve::serve(config).await?,
        Command::Migrate => {
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
