//! Regionwise's Terraform bundle: the chosen design as a ready-to-apply Terraform
//! configuration — root module, one module per concern, README with the failover runbook —
//! generated from the plan and its estimate.
//!
//! Every `.tf` file is built as HCL through hcl-rs (never from string templates) and written
//! in `terraform fmt`'s canonical form ([`format`]). What each region runs comes from
//! [`planner::deployment`], the same description the cost estimate prices, so the bundle
//! deploys exactly what Regionwise priced. Pure: no IO; [`Bundle::zip`] builds the archive in
//! memory, byte-identical for the same plan (sorted entries, fixed timestamps). The
//! application's read/write-splitting config ([`rwsplit`]) ships beside it in `app-config/`,
//! its placeholders named after this bundle's outputs, and `docs/` holds the architecture
//! diagram (`charts::architecture`) the README shows.

mod archive;
pub mod format;
pub mod hcl_build;
mod module;
pub mod modules;
pub mod naming;
pub mod pricing;
mod readme;
mod root;
pub mod zones;

use std::collections::BTreeMap;

pub use archive::{sha256_hex, zip_entries, zip_folder};
use charts::architecture::{View, Width, architecture};
use planner::{Estimate, Plan};

/// The bundle's files, by path inside the bundle, in path order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    /// Text files: Terraform, README, app config.
    pub files: BTreeMap<String, String>,
    /// Files that are not text: the failover function's deterministic zip, which Lambda
    /// takes as it is (no second provider needed to pack it).
    pub binary_files: BTreeMap<String, Vec<u8>>,
}

impl Bundle {
    /// The bundle as a zip archive: entries sorted by path, every timestamp 1980-01-01, so the
    /// same plan always gives the same bytes.
    pub fn zip(&self) -> Vec<u8> {
        archive::zip(&self.files, &self.binary_files)
    }

    /// The `.tf` files only.
    pub fn terraform_files(&self) -> impl Iterator<Item = (&String, &String)> {
        self.files.iter().filter(|(path, _)| path.ends_with(".tf"))
    }
}

/// The Terraform bundle for `plan`; `estimate` is the plan's estimate, quoted in the README.
/// The bundle's architecture diagram, as planned and after losing the primary region.
pub const ARCHITECTURE_SVG: &str = "docs/architecture.svg";
pub const ARCHITECTURE_AFTER_FAILOVER_SVG: &str = "docs/architecture-after-failover.svg";

pub fn generate(plan: &Plan, estimate: &Estimate) -> Bundle {
    let design = root::Design::new(plan, estimate);
    let mut files = BTreeMap::new();
    for (path, text) in root::files(&design) {
        files.insert(path, text);
    }
    files.insert("README.md".to_owned(), readme::readme(&design, estimate));
    for (path, view) in [
        (ARCHITECTURE_SVG, View::AsPlanned),
        (ARCHITECTURE_AFTER_FAILOVER_SVG, View::AfterPrimaryLoss),
    ] {
        let svg = architecture(plan, estimate, view, Width::Wide, "architecture");
        files.insert(path.to_owned(), format!("{svg}\n"));
    }
    files.extend(rwsplit::bundle_files(plan, estimate));
    Bundle {
        files,
        binary_files: root::binary_files(&design),
    }
}
