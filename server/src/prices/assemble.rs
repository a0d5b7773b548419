//! Turning AWS records into a complete new price book, and saying what changed.
//!
//! A [`Collector`] is fed products as a refresh or import reads them; it keeps the price of
//! each one a [`Need`] asks for. [`Collector::finish`] then builds the new version from the
//! book in use: every need AWS priced gets the AWS figure (verified, with its SKU, effective
//! date and fetch time), every other entry is carried over unchanged, so the new version is as
//! complete as the old one. The [`Summary`] lists the changed prices (largest relative change
//! first) and the products AWS did not return.

use std::collections::HashMap;

use planner::{Decimal, PriceBook, PriceEntry, PriceSource};

use super::needs::Need;
use super::record::{OnDemandPrice, Product};

/// The AWS price found for one need.
#[derive(Debug, Clone)]
struct Found {
    sku: String,
    price: OnDemandPrice,
    /// Where it was read, for the entry's provenance.
    provenance: String,
}

/// Collects the prices of the needs from the records a source yields.
pub struct Collector {
    needs: Vec<Need>,
    /// Needs by usage type: most records match no need, and this makes saying so one lookup.
    by_usage_type: HashMap<String, Vec<usize>>,
    found: Vec<Option<Found>>,
    /// Records matched to a need that already had a price (a second SKU for one product).
    duplicates: Vec<String>,
    /// Needs whose record prices another unit than the engine bills.
    unit_mismatches: Vec<String>,
    /// Records read from the source, matched or not.
    pub records_read: u64,
}

impl Collector {
    pub fn new(needs: Vec<Need>) -> Collector {
        let mut by_usage_type: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, need) in needs.iter().enumerate() {
            by_usage_type
                .entry(need.usage_type.clone())
                .or_default()
                .push(index);
        }
        Collector {
            found: vec![None; needs.len()],
            needs,
            by_usage_type,
            duplicates: Vec::new(),
            unit_mismatches: Vec::new(),
            records_read: 0,
        }
    }

    /// Whether any need has this usage type (the cheap first test for a record).
    pub fn has_usage_type(&self, usage_type: &str) -> bool {
        self.by_usage_type.contains_key(usage_type)
    }

    /// The needs `product` prices (usually none, at most one per engine).
    pub fn wanted_by(&self, service_code: &str, product: &Product) -> Vec<usize> {
        let Some(candidates) = product
            .usage_type()
            .and_then(|usage_type| self.by_usage_type.get(usage_type))
        else {
            return Vec::new();
        };
        candidates
            .iter()
            .copied()
            .filter(|&index| self.needs[index].matches(service_code, product))
            .collect()
    }

    /// Records the price of need `index`. The first record for a need wins; a later one with
    /// another price is reported, not applied.
    pub fn offer(&mut self, index: usize, sku: &str, price: OnDemandPrice, provenance: String) {
        let need = &self.needs[index];
        if !price.unit.eq_ignore_ascii_case(&need.unit) {
            self.unit_mismatches.push(format!(
                "{} in {}: SKU {sku} is priced per `{}`, the estimate bills per `{}`",
                need.key, need.region, price.unit, need.unit
            ));
            return;
        }
        match &self.found[index] {
            Some(first) if first.price.usd_per_unit != price.usd_per_unit => {
                self.duplicates.push(format!(
                    "{} in {}: SKU {sku} (${}) ignored, SKU {} (${}) came first",
                    need.key, need.region, price.usd_per_unit, first.sku, first.price.usd_per_unit
                ));
            }
            Some(_) => {}
            None => {
                self.found[index] = Some(Found {
                    sku: sku.to_owned(),
                    price,
                    provenance,
                });
            }
        }
    }

    /// Builds the new version on top of `current` (and `snapshot`, for entries a newer binary
    /// added since `current` was made).
    pub fn finish(self, made: &Made, current: &PriceBook, snapshot: &PriceBook) -> Assembled {
        let mut entries: Vec<PriceEntry> = current.entries().to_vec();
        for entry in snapshot.entries() {
            if current.lookup(&entry.key, &entry.region).is_none() {
                entries.push(entry.clone());
            }
        }
        let position: HashMap<(String, String), usize> = entries
            .iter()
            .enumerate()
            .map(|(index, entry)| ((entry.key.clone(), entry.region.clone()), index))
            .collect();
        let mut changed = Vec::new();
        let mut missing = Vec::new();
        let mut priced = 0;
        for (need, found) in self.needs.iter().zip(self.found) {
            let slot = position[&(need.key.clone(), need.region.clone())];
            let Some(found) = found else {
                missing.push(Missing {
                    key: need.key.clone(),
                    region: need.region.clone(),
                    service_code: need.service_code.clone(),
                    usage_type: need.usage_type.clone(),
                });
                continue;
            };
            priced += 1;
            let previous = &entries[slot];
            if previous.usd_per_unit != found.price.usd_per_unit {
                changed.push(Change {
                    key: need.key.clone(),
                    region: need.region.clone(),
                    before: previous.usd_per_unit,
                    after: found.price.usd_per_unit,
                    before_source: previous.source,
                });
            }
            entries[slot] = PriceEntry {
                key: need.key.clone(),
                service_code: need.service_code.clone(),
                region: need.region.clone(),
                usage_type: need.usage_type.clone(),
                unit: need.unit.clone(),
                usd_per_unit: found.price.usd_per_unit,
                sku: Some(found.sku),
                effective_date: found.price.effective_date,
                source: made.source,
                verified: true,
                provenance: found.provenance,
                fetched_at: Some(made.fetched_at.clone()),
            };
        }
        changed.sort_by(|a, b| b.relative().cmp(&a.relative()).then(a.key.cmp(&b.key)));
        let book = PriceBook::new(made.version.clone(), made.as_of.clone(), entries);
        Assembled {
            summary: Summary {
                version: book.version.clone(),
                records_read: self.records_read,
                priced,
                changed,
                missing,
                problems: self
                    .unit_mismatches
                    .into_iter()
                    .chain(self.duplicates)
                    .collect(),
                saved: false,
            },
            book,
        }
    }
}

/// How and when a new version is being made.
#[derive(Debug, Clone)]
pub struct Made {
    pub source: PriceSource,
    pub version: String,
    pub as_of: String,
    /// Milliseconds since the Unix epoch (the stored version's `created_at_ms`).
    pub at_ms: i64,
    /// The same instant in RFC 3339, UTC (each entry's `fetched_at`).
    pub fetched_at: String,
}

impl Made {
    /// A version made now: `live-20261126T061502.123Z` or `offer-…`.
    pub fn now(source: PriceSource) -> Made {
        let at_ms = crate::sharing::now_ms();
        let fetched_at = crate::sharing::rfc3339(at_ms);
        let stamp: String = fetched_at
            .chars()
            .filter(|c| *c != '-' && *c != ':')
            .collect();
        let prefix = match source {
            PriceSource::OfferFile => "offer",
            PriceSource::Live | PriceSource::Snapshot => "live",
        };
        Made {
            source,
            version: format!("{prefix}-{stamp}"),
            as_of: fetched_at[..10].to_owned(),
            at_ms,
            fetched_at,
        }
    }
}

/// A new version and what it changed.
pub struct Assembled {
    pub book: PriceBook,
    pub summary: Summary,
}

/// One price that differs from the book in use.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Change {
    pub key: String,
    pub region: String,
    pub before: Decimal,
    pub after: Decimal,
    pub before_source: PriceSource,
}

impl Change {
    /// |after − before| / before; a price that was zero counts as the largest change.
    pub fn relative(&self) -> Decimal {
        if self.before.is_zero() {
            return Decimal::MAX;
        }
        ((self.after - self.before) / self.before).abs()
    }

    /// The change as a signed percentage, e.g. `+7.3%`.
    pub fn percent(&self) -> String {
        if self.before.is_zero() {
            return "new".to_owned();
        }
        let percent = ((self.after - self.before) / self.before * Decimal::ONE_HUNDRED).round_dp(1);
        if percent.is_sign_negative() {
            format!("{percent}%")
        } else {
            format!("+{percent}%")
        }
    }
}

/// A product AWS returned no usable record for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Missing {
    pub key: String,
    pub region: String,
    pub service_code: String,
    pub usage_type: String,
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} in {} ({} {})",
            self.key, self.region, self.service_code, self.usage_type
        )
    }
}

/// What a refresh or import did, printed by the CLI and logged by the server.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Summary {
    pub version: String,
    /// Records (products) read from AWS.
    pub records_read: u64,
    /// Needs priced from those records.
    pub priced: usize,
    /// Prices that differ from the book in use, largest relative change first.
    pub changed: Vec<Change>,
    /// Needs AWS returned no record for; they keep the price they had.
    pub missing: Vec<Missing>,
    /// Records that could not be applied (another unit, a second SKU for one product).
    pub problems: Vec<String>,
    /// Whether the version was saved (false for a dry run).
    pub saved: bool,
}

impl Summary {
    /// The report the CLI prints: counts, then the largest changes, then what is missing.
    pub fn render(&self, list_limit: usize) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "price book {}{}: {} records read, {} prices from AWS, {} changed, {} missing",
            self.version,
            if self.saved {
                ""
            } else {
                " (dry run: not saved)"
            },
            self.records_read,
            self.priced,
            self.changed.len(),
            self.missing.len()
        );
        if !self.changed.is_empty() {
            let _ = writeln!(out, "changed prices (largest change first):");
            for change in self.changed.iter().take(list_limit) {
                let _ = writeln!(
                    out,
                    "  {:<55} {:<15} {} -> {} ({}, was {})",
                    change.key,
                    change.region,
                    change.before.normalize(),
                    change.after.normalize(),
                    change.percent(),
                    change.before_source.slug()
                );
            }
            if self.changed.len() > list_limit {
                let _ = writeln!(out, "  … and {} more", self.changed.len() - list_limit);
            }
        }
        if !self.missing.is_empty() {
            let _ = writeln!(out, "missing products (previous price kept):");
            for missing in self.missing.iter().take(list_limit) {
                let _ = writeln!(out, "  {missing}");
            }
            if self.missing.len() > list_limit {
                let _ = writeln!(out, "  … and {} more", self.missing.len() - list_limit);
            }
        }
        for problem in self.problems.iter().take(list_limit) {
            let _ = writeln!(out, "not applied: {problem}");
        }
        out
    }
}
