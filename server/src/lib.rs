//! The Regionwise server as a library: configuration, storage, HTTP routing and the commands
//! of the `regionwise` binary.
//!
//! `main.rs` only parses arguments; tests build the same router with [`http::router`] and drive
//! it without a socket, or start the real binary when a port matters.

pub mod bundle_files;
pub mod catalog;
pub mod cli;
pub mod clock;
pub mod compute;
pub mod config;
pub mod db;
pub mod http;
pub mod listener;
pub mod prices;
pub mod report;
pub mod serve;
pub mod sharing;
pub mod site_files;
pub mod state;
pub mod telemetry;

pub use state::AppState;
