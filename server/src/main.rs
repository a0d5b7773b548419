//! The `regionwise` command: parses the command line and hands over to the library.
//! Kept thin on purpose; everything it calls is testable without a process.

use std::process::ExitCode;

use clap::Parser;
use server::cli::Cli;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match server::cli::run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // One line, naming what went wrong, for humans and for log scrapers.
            eprintln!("regionwise: error: {error}");
            ExitCode::FAILURE
        }
    }
}
