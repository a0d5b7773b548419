//! The price book the server starts with: the dated snapshot bundled in the binary.
//!
//! The snapshot (`server/pricing/snapshot.json`, see its README for provenance) is parsed and
//! validated by `planner` at start-up; a broken snapshot stops the server with the reason.

use planner::{PriceBook, PriceBookError};

const SNAPSHOT_JSON: &str = include_str!("../pricing/snapshot.json");

/// Parses the bundled snapshot.
pub fn bundled_snapshot() -> Result<PriceBook, PriceBookError> {
    PriceBook::from_json(SNAPSHOT_JSON)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_snapshot_is_valid_and_sourced() {
        let book = bundled_snapshot().expect("bundled snapshot must parse");
        assert!(!book.entries.is_empty());
        for entry in &book.entries {
            assert_eq!(
                entry.source,
                planner::PriceSource::Snapshot,
                "{}",
                entry.key
            );
            if entry.verified {
                assert!(
                    entry.sku.is_some(),
                    "verified entry {} needs its SKU",
                    entry.key
                );
            }
        }
    }
}
