//! Regionwise's domain: the plan and the engine that estimates it, shared by the server and
//! the browser.
//!
//! A [`Plan`] (`plan`: its fields, defaults, validation with the failing field's path, and the
//! lists of choices) names a [`DeploymentPattern`] and regions from the `catalog`. `topology`
//! says what runs where; `cost` bills it line by line from a [`PriceBook`]; `recovery`,
//! `availability` and `read_write_split` derive RTO, RPO, availability and the read-after-write
//! window; `estimate` puts them together with the targets' checks, and `compare` estimates the
//! same workload under every pattern and recommends one; `side_by_side` puts two plans next to
//! each other, line by line. The Terraform and app-config crates
//! build on the estimate.
//!
//! The crate does no IO: no files, no network, no clock, no async runtime. Everything it needs
//! (prices, the current time) comes in as arguments, so the same code runs natively in the
//! server and as wasm in the browser, where it recomputes estimates without a round trip.

pub mod availability;
pub mod capacity;
pub mod catalog;
pub mod commitment;
pub mod compare;
pub mod cost;
pub mod display;
pub mod estimate;
pub mod pattern;
pub mod plan;
pub mod price_book;
pub mod read_write_split;
pub mod recovery;
pub mod side_by_side;
#[cfg(test)]
mod test_support;
pub mod topology;

pub use availability::{Availability, availability};
pub use compare::{Comparison, PatternOption, Recommendation, compare};
pub use cost::{CostEstimate, CostLine, RecordBacking, cost, record_backing};
pub use estimate::{Estimate, TargetCheck, Warning, estimate};
pub use pattern::{DeploymentPattern, PatternProfile};
pub use plan::{Plan, PlanError};
pub use price_book::{PriceBook, PriceBookError, PriceEntry, PriceSource, PriceTier};
pub use read_write_split::{ReadAfterWrite, ReadWriteSplit, read_write_split};
pub use recovery::{Recovery, RtoStep, recovery};
pub use rust_decimal::Decimal;
pub use side_by_side::{SideBySide, side_by_side};
pub use topology::{RegionDeployment, RegionRole, deployment};
