//! A price book: the set of AWS unit prices an estimate is computed from, each with its origin.
//!
//! Every dollar Regionwise shows traces back to one [`PriceEntry`]: which AWS product it prices,
//! in which region, per which unit, where the figure came from (the bundled snapshot, the live
//! Price List API or a bulk offer file), as of which date, and whether the team verified it from
//! a real AWS record. A price AWS tiers by monthly volume (internet egress: first 10 TB, next
//! 40 TB, …) carries its [`PriceTier`]s. This module parses and validates price books; it never
//! fetches them — loading from disk, the database or AWS is the server's job.

use std::collections::{BTreeSet, HashMap};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::commitment::{CommitmentRate, CommitmentTerm, PaymentOption};

/// Where a price came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceSource {
    /// The dated snapshot shipped inside the binary (the offline default).
    Snapshot,
    /// The AWS Price List Query API (`GetProducts`).
    Live,
    /// An AWS bulk offer file.
    OfferFile,
    /// An AWS pricing page, for the few prices the Price List does not carry (Global
    /// Accelerator's fixed fee). A refresh keeps these as they are.
    PricingPage,
}

impl PriceSource {
    /// The name used in JSON and CSV: `snapshot`, `live`, `offer_file`.
    pub fn slug(self) -> &'static str {
        match self {
            PriceSource::Snapshot => "snapshot",
            PriceSource::Live => "live",
            PriceSource::OfferFile => "offer_file",
            PriceSource::PricingPage => "pricing_page",
        }
    }

    /// Every source, in the order above.
    pub const ALL: [PriceSource; 4] = [
        PriceSource::Snapshot,
        PriceSource::Live,
        PriceSource::OfferFile,
        PriceSource::PricingPage,
    ];

    /// The source a [`slug`](PriceSource::slug) names.
    pub fn from_slug(slug: &str) -> Option<PriceSource> {
        PriceSource::ALL
            .into_iter()
            .find(|source| source.slug() == slug)
    }

    /// How the UI names it.
    pub fn label(self) -> &'static str {
        match self {
            PriceSource::Snapshot => "bundled snapshot",
            PriceSource::Live => "AWS Price List API",
            PriceSource::OfferFile => "AWS offer file",
            PriceSource::PricingPage => "AWS pricing page",
        }
    }
}

/// One unit price of one AWS product in one region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceEntry {
    /// Stable key the engine looks prices up by, e.g. `fargate.vcpu_hours`.
    pub key: String,
    /// AWS service code, e.g. `AmazonECS`.
    pub service_code: String,
    /// AWS region code, e.g. `us-east-1`, or `global` for global services.
    pub region: String,
    /// AWS usage type, e.g. `USE1-Fargate-vCPU-Hours:perCPU`.
    pub usage_type: String,
    /// Unit the price is per, as AWS writes it (`hours`, `GB-Mo`, `IOs`).
    pub unit: String,
    /// Price in US dollars per unit, exact (AWS publishes 10-decimal strings).
    pub usd_per_unit: Decimal,
    /// AWS SKU when the figure was read from a real Price List record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sku: Option<String>,
    /// The date the price took effect (or was observed), `YYYY-MM-DD`.
    pub effective_date: String,
    pub source: PriceSource,
    /// False when no real AWS record backs the figure: the UI and API label it "estimated".
    pub verified: bool,
    /// Human-readable provenance: the record or document the figure was taken from.
    pub provenance: String,
    /// When Regionwise read the figure from AWS (RFC 3339, UTC); absent for the snapshot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched_at: Option<String>,
    /// Volume tiers, when AWS prices the product by monthly volume: the first starts at 0 at
    /// `usd_per_unit`, each later one at a higher volume. Empty for a flat price.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tiers: Vec<PriceTier>,
    /// Reserved-instance or Savings Plans prices of an hourly entry, one per term and payment
    /// option (see [`crate::commitment`]). Empty when the product has none or none is known.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub commitments: Vec<CommitmentRate>,
}

/// One volume tier of a price: units from `from_units` (up to the next tier's start) cost
/// `usd_per_unit` each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriceTier {
    pub from_units: Decimal,
    pub usd_per_unit: Decimal,
}

impl PriceEntry {
    /// The entry's commitment price for `term` and `payment`, if it has one.
    pub fn commitment(
        &self,
        term: CommitmentTerm,
        payment: PaymentOption,
    ) -> Option<&CommitmentRate> {
        self.commitments
            .iter()
            .find(|rate| rate.term == term && rate.payment == payment)
    }

    /// What `quantity` units cost, split over the entry's tiers: `(first unit, units, price)`
    /// for each tier the quantity reaches, in order. A flat price is one tier from 0.
    pub fn tiered(&self, quantity: Decimal) -> Vec<(Decimal, Decimal, Decimal)> {
        if self.tiers.is_empty() {
            return vec![(Decimal::ZERO, quantity, self.usd_per_unit)];
        }
        let mut parts = Vec::new();
        for (index, tier) in self.tiers.iter().enumerate() {
            if quantity <= tier.from_units && index > 0 {
                break;
            }
            let end = self
                .tiers
                .get(index + 1)
                .map_or(quantity, |next| next.from_units.min(quantity));
            parts.push((tier.from_units, end - tier.from_units, tier.usd_per_unit));
        }
        parts
    }
}

/// A complete set of prices with a version label, indexed by `(key, region)`.
///
/// The engine looks up every line's price, and the browser recomputes all six patterns on each
/// input change, so lookups go through a hash index built once when the book is made; the
/// entries themselves are read-only (make a new book to change them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "PriceBookDocument", into = "PriceBookDocument")]
pub struct PriceBook {
    /// Version label, e.g. `snapshot-2026-11-25`.
    pub version: String,
    /// The date the book as a whole describes, `YYYY-MM-DD`.
    pub as_of: String,
    entries: Vec<PriceEntry>,
    /// Position in `entries` of the first entry for each key, then region.
    index: HashMap<String, HashMap<String, usize>>,
}

/// A price book's JSON form.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PriceBookDocument {
    version: String,
    as_of: String,
    entries: Vec<PriceEntry>,
}

impl From<PriceBookDocument> for PriceBook {
    fn from(document: PriceBookDocument) -> PriceBook {
        PriceBook::new(document.version, document.as_of, document.entries)
    }
}

impl From<PriceBook> for PriceBookDocument {
    fn from(book: PriceBook) -> PriceBookDocument {
        PriceBookDocument {
            version: book.version,
            as_of: book.as_of,
            entries: book.entries,
        }
    }
}

/// Why a price book was rejected. Each variant names the offending field.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PriceBookError {
    #[error("price book is not valid JSON: {0}")]
    Syntax(String),
    #[error("price book has no entries")]
    Empty,
    #[error("{field}: must not be empty")]
    MissingText { field: String },
    #[error("{field}: `{value}` is not a date of the form YYYY-MM-DD")]
    BadDate { field: String, value: String },
    #[error("{field}: price {value} is negative")]
    NegativePrice { field: String, value: Decimal },
    #[error("{field}: {reason}")]
    BadTiers { field: String, reason: &'static str },
    #[error("{field}: {reason}")]
    BadCommitment { field: String, reason: String },
    #[error("{field}: duplicate price for key `{key}` in region `{region}`")]
    Duplicate {
        field: String,
        key: String,
        region: String,
    },
}

impl PriceBook {
    /// A book of `entries`, not yet validated (see [`PriceBook::validate`]).
    pub fn new(version: String, as_of: String, entries: Vec<PriceEntry>) -> PriceBook {
        let mut index: HashMap<String, HashMap<String, usize>> = HashMap::new();
        for (position, entry) in entries.iter().enumerate() {
            index
                .entry(entry.key.clone())
                .or_default()
                .entry(entry.region.clone())
                .or_insert(position);
        }
        PriceBook {
            version,
            as_of,
            entries,
            index,
        }
    }

    /// The book's entries, in the order they were given.
    pub fn entries(&self) -> &[PriceEntry] {
        &self.entries
    }

    /// The entries, to build a changed book from.
    pub fn into_entries(self) -> Vec<PriceEntry> {
        self.entries
    }

    /// Parses and validates a price book from its JSON form.
    pub fn from_json(json: &str) -> Result<PriceBook, PriceBookError> {
        let book: PriceBook =
            serde_json::from_str(json).map_err(|err| PriceBookError::Syntax(err.to_string()))?;
        book.validate()?;
        Ok(book)
    }

    /// Checks the invariants every price book must hold before an estimate may use it.
    pub fn validate(&self) -> Result<(), PriceBookError> {
        require_text("version", &self.version)?;
        require_date("as_of", &self.as_of)?;
        if self.entries.is_empty() {
            return Err(PriceBookError::Empty);
        }
        let mut seen = BTreeSet::new();
        for (index, entry) in self.entries.iter().enumerate() {
            let field = |name: &str| format!("entries[{index}].{name}");
            require_text(&field("key"), &entry.key)?;
            require_text(&field("service_code"), &entry.service_code)?;
            require_text(&field("region"), &entry.region)?;
            require_text(&field("usage_type"), &entry.usage_type)?;
            require_text(&field("unit"), &entry.unit)?;
            require_text(&field("provenance"), &entry.provenance)?;
            require_date(&field("effective_date"), &entry.effective_date)?;
            if entry.usd_per_unit.is_sign_negative() && !entry.usd_per_unit.is_zero() {
                return Err(PriceBookError::NegativePrice {
                    field: field("usd_per_unit"),
                    value: entry.usd_per_unit,
                });
            }
            validate_tiers(&field("tiers"), entry)?;
            validate_commitments(&field("commitments"), entry)?;
            if !seen.insert((entry.key.as_str(), entry.region.as_str())) {
                return Err(PriceBookError::Duplicate {
                    field: field("key"),
                    key: entry.key.clone(),
                    region: entry.region.clone(),
                });
            }
        }
        Ok(())
    }

    /// The price for `key` in `region`, if the book has one.
    pub fn lookup(&self, key: &str, region: &str) -> Option<&PriceEntry> {
        let position = self.index.get(key)?.get(region)?;
        Some(&self.entries[*position])
    }

    /// Number of entries not backed by a real AWS record.
    pub fn estimated_entry_count(&self) -> usize {
        self.entries.iter().filter(|entry| !entry.verified).count()
    }
}

/// Tiers start at 0 with the entry's own price, rise strictly and are never negative.
fn validate_tiers(field: &str, entry: &PriceEntry) -> Result<(), PriceBookError> {
    let bad = |reason| {
        Err(PriceBookError::BadTiers {
            field: field.to_owned(),
            reason,
        })
    };
    let Some(first) = entry.tiers.first() else {
        return Ok(());
    };
    if !first.from_units.is_zero() || first.usd_per_unit != entry.usd_per_unit {
        return bad("the first tier must start at 0 with the entry's usd_per_unit");
    }
    for pair in entry.tiers.windows(2) {
        if pair[1].from_units <= pair[0].from_units {
            return bad("each tier must start above the one before");
        }
    }
    if entry
        .tiers
        .iter()
        .any(|tier| tier.usd_per_unit.is_sign_negative() && !tier.usd_per_unit.is_zero())
    {
        return bad("a tier price is negative");
    }
    Ok(())
}

/// Commitments price hourly entries, one per term and payment option, never below zero and
/// never above on-demand: a committed hour (hourly charge plus the upfront fee spread over the
/// term) costs at most the entry's own price.
fn validate_commitments(field: &str, entry: &PriceEntry) -> Result<(), PriceBookError> {
    let bad = |index: usize, reason: String| {
        Err(PriceBookError::BadCommitment {
            field: format!("{field}[{index}]"),
            reason,
        })
    };
    if !entry.commitments.is_empty() && !entry.tiers.is_empty() {
        return bad(0, "a tiered price has no commitment prices".into());
    }
    let mut seen = BTreeSet::new();
    for (index, rate) in entry.commitments.iter().enumerate() {
        require_text(&format!("{field}[{index}].provenance"), &rate.provenance)?;
        require_date(
            &format!("{field}[{index}].effective_date"),
            &rate.effective_date,
        )?;
        if rate.upfront_usd < Decimal::ZERO || rate.usd_per_hour < Decimal::ZERO {
            return bad(
                index,
                "upfront_usd and usd_per_hour must not be negative".into(),
            );
        }
        if !seen.insert((rate.term, rate.payment)) {
            return bad(
                index,
                format!(
                    "a second {} {} price",
                    rate.term.title(),
                    rate.payment.title()
                ),
            );
        }
        if rate.effective_hourly() > entry.usd_per_unit {
            return bad(
                index,
                format!(
                    "a committed hour costs {} (usd_per_hour + upfront_usd / {} h), more than the on-demand {}",
                    rate.effective_hourly().round_dp(6),
                    rate.term.hours(),
                    entry.usd_per_unit
                ),
            );
        }
    }
    Ok(())
}

fn require_text(field: &str, value: &str) -> Result<(), PriceBookError> {
    if value.trim().is_empty() {
        return Err(PriceBookError::MissingText {
            field: field.to_owned(),
        });
    }
    Ok(())
}

/// Accepts `YYYY-MM-DD` with a plausible month and day; calendar-exact checks are not needed
/// for a provenance label.
fn require_date(field: &str, value: &str) -> Result<(), PriceBookError> {
    let bad = || PriceBookError::BadDate {
        field: field.to_owned(),
        value: value.to_owned(),
    };
    let parts: Vec<&str> = value.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return Err(bad());
    };
    let all_digits = |text: &str, len: usize| {
        text.len() == len && text.bytes().all(|byte| byte.is_ascii_digit())
    };
    if !all_digits(year, 4) || !all_digits(month, 2) || !all_digits(day, 2) {
        return Err(bad());
    }
    let month: u32 = month.parse().map_err(|_| bad())?;
    let day: u32 = day.parse().map_err(|_| bad())?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(bad());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry_json(key: &str, price: &str, date: &str) -> String {
        format!(
            r#"{{"key":"{key}","service_code":"AmazonECS","region":"us-east-1",
                "usage_type":"USE1-Fargate-GB-Hours","unit":"hours","usd_per_unit":"{price}",
                "effective_date":"{date}","source":"snapshot","verified":true,
                "provenance":"test fixture"}}"#
        )
    }

    fn book_json(entries: &[String]) -> String {
        format!(
            r#"{{"version":"test-1","as_of":"2025-08-01","entries":[{}]}}"#,
            entries.join(",")
        )
    }

    fn check_error(json: &str, expected: &str) {
        let error = PriceBook::from_json(json).unwrap_err();
        assert_eq!(error.to_string(), expected);
    }

    #[test]
    fn a_source_is_found_by_its_slug() {
        for source in PriceSource::ALL {
            assert_eq!(PriceSource::from_slug(source.slug()), Some(source));
        }
        assert_eq!(PriceSource::from_slug("guess"), None);
    }

    #[test]
    fn valid_book_parses_with_exact_prices() {
        let json = book_json(&[entry_json("fargate.gb_hours", "0.0044450000", "2025-08-01")]);
        let book = PriceBook::from_json(&json).unwrap();
        let entry = book.lookup("fargate.gb_hours", "us-east-1").unwrap();
        assert_eq!(entry.usd_per_unit.to_string(), "0.0044450000");
        assert!(book.lookup("fargate.gb_hours", "eu-west-1").is_none());
        assert_eq!(book.estimated_entry_count(), 0);
        assert!(book.lookup("fargate.vcpu_hours", "us-east-1").is_none());
    }

    #[test]
    fn a_book_round_trips_through_json_with_its_index() {
        let json = book_json(&[
            entry_json("fargate.gb_hours", "0.0044450000", "2025-08-01"),
            entry_json("fargate.vcpu_hours", "0.0404800000", "2025-08-01"),
        ]);
        let book = PriceBook::from_json(&json).unwrap();
        let again = PriceBook::from_json(&serde_json::to_string(&book).unwrap()).unwrap();
        assert_eq!(again, book);
        assert_eq!(
            again
                .lookup("fargate.vcpu_hours", "us-east-1")
                .unwrap()
                .usd_per_unit
                .to_string(),
            "0.0404800000"
        );
    }

    #[test]
    fn errors_name_the_offending_field() {
        check_error(&book_json(&[]), "price book has no entries");
        check_error(
            &book_json(&[entry_json("fargate.gb_hours", "-1", "2025-08-01")]),
            "entries[0].usd_per_unit: price -1 is negative",
        );
        check_error(
            &book_json(&[entry_json("fargate.gb_hours", "1", "2025-13-01")]),
            "entries[0].effective_date: `2025-13-01` is not a date of the form YYYY-MM-DD",
        );
        check_error(
            &book_json(&[entry_json(" ", "1", "2025-08-01")]),
            "entries[0].key: must not be empty",
        );
        let twice = entry_json("fargate.gb_hours", "1", "2025-08-01");
        check_error(
            &book_json(&[twice.clone(), twice]),
            "entries[1].key: duplicate price for key `fargate.gb_hours` in region `us-east-1`",
        );
    }

    fn tiered_entry(tiers: &[(&str, &str)]) -> PriceEntry {
        let mut entry: PriceEntry = serde_json::from_str(&entry_json(
            "data_transfer.internet_out_gb",
            tiers[0].1,
            "2025-08-01",
        ))
        .unwrap();
        entry.tiers = tiers
            .iter()
            .map(|(from, usd)| PriceTier {
                from_units: from.parse().unwrap(),
                usd_per_unit: usd.parse().unwrap(),
            })
            .collect();
        entry
    }

    /// 60,000 GB of internet egress: 10,240 GB at $0.09 ($921.60), 40,960 GB at $0.085
    /// ($3,481.60) and the last 8,800 GB at $0.07 ($616.00), $5,019.20 in all.
    #[test]
    fn a_tiered_price_splits_the_quantity_over_its_tiers() {
        let entry = tiered_entry(&[
            ("0", "0.09"),
            ("10240", "0.085"),
            ("51200", "0.07"),
            ("153600", "0.05"),
        ]);
        let parts = entry.tiered(Decimal::from(60_000));
        let units: Vec<Decimal> = parts.iter().map(|part| part.1).collect();
        assert_eq!(units, [10_240, 40_960, 8_800].map(Decimal::from).to_vec());
        let total: Decimal = parts.iter().map(|part| part.1 * part.2).sum();
        assert_eq!(total, "5019.20".parse().unwrap());
        // Inside the first tier, and a flat price, are one part.
        assert_eq!(entry.tiered(Decimal::from(500)).len(), 1);
        let mut flat = entry.clone();
        flat.tiers.clear();
        assert_eq!(
            flat.tiered(Decimal::from(60_000)),
            vec![(Decimal::ZERO, Decimal::from(60_000), flat.usd_per_unit)]
        );
    }

    #[test]
    fn tiers_must_start_at_the_entry_price_and_rise() {
        let book = |entry: PriceEntry| {
            PriceBook::new("t".into(), "2025-08-01".into(), vec![entry])
                .validate()
                .map_err(|err| err.to_string())
        };
        assert!(book(tiered_entry(&[("0", "0.09"), ("10240", "0.085")])).is_ok());
        assert_eq!(
            book(tiered_entry(&[("0", "0.09"), ("0", "0.085")])).unwrap_err(),
            "entries[0].tiers: each tier must start above the one before"
        );
        let mut wrong_start = tiered_entry(&[("0", "0.09")]);
        wrong_start.usd_per_unit = "0.1".parse().unwrap();
        assert!(book(wrong_start).unwrap_err().contains("first tier"));
    }

    #[test]
    fn unknown_fields_and_bad_json_are_rejected() {
        let error =
            PriceBook::from_json(r#"{"version":"x","as_of":"2025-08-01","entries":[],"extra":1}"#)
                .unwrap_err();
        assert!(
            error.to_string().contains("unknown field `extra`"),
            "{error}"
        );
        let error = PriceBook::from_json("{").unwrap_err();
        assert!(matches!(error, PriceBookError::Syntax(_)));
    }
}
