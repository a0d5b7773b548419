//! Turning AWS records into a complete new price book, and saying what changed and why.
//!
//! A [`Collector`] is fed products as a refresh or import reads them; for each [`Need`] it
//! keeps every product that matches it. [`Collector::finish`] then builds the new version from
//! the book in use: a need exactly one AWS price answers gets that figure (verified, with its
//! SKU, effective date and fetch time); a need with no product, several products at different
//! prices, or a product priced per another unit keeps the price it had, and the report says
//! which and why — a refresh never silently picks one of several candidates. Every other entry
//! is carried over unchanged, so the new version is as complete as the old one. The
//! [`Summary`] lists each line's outcome, the changed prices (largest relative change first)
//! and how much of the example plans' dollars AWS records back before and after.

use std::collections::HashMap;

use planner::commitment::{CommitmentKind, CommitmentRate};
use planner::{Decimal, PriceBook, PriceEntry, PriceSource};

use super::needs::{Need, Unlisted};
use super::record::{OnDemandPrice, Product};

/// One AWS product found for a need.
#[derive(Debug, Clone)]
struct Candidate {
    sku: String,
    price: OnDemandPrice,
    /// Where it was read, for the entry's provenance.
    provenance: String,
}

impl Candidate {
    /// What makes two candidates the same price: the figure, and the tiers when they count.
    fn same_price(&self, other: &Candidate, tiered: bool) -> bool {
        self.price.usd_per_unit == other.price.usd_per_unit
            && (!tiered || self.price.tiers == other.price.tiers)
    }
}

/// Collects the products that match each need from the records a source yields.
pub struct Collector {
    needs: Vec<Need>,
    unlisted: Vec<Unlisted>,
    /// Needs by usage type: most records match no need, and this makes saying so one lookup.
    by_usage_type: HashMap<String, Vec<usize>>,
    candidates: Vec<Vec<Candidate>>,
    /// Per need, the records that price another unit than the engine bills.
    unit_mismatches: Vec<Vec<String>>,
    /// Records read from the source, matched or not.
    pub records_read: u64,
    /// Reservations read before their SKU's price was offered (a file with `Reserved` ahead of
    /// `OnDemand`), by need and SKU.
    early_commitments: HashMap<(usize, String), Vec<CommitmentRate>>,
    /// Per need, the Savings Plans rates read from a Savings Plans file (one per term and
    /// payment option).
    savings_plan_rates: Vec<Vec<CommitmentRate>>,
}

impl Collector {
    pub fn new(needs: Vec<Need>, unlisted: Vec<Unlisted>) -> Collector {
        let mut by_usage_type: HashMap<String, Vec<usize>> = HashMap::new();
        for (index, need) in needs.iter().enumerate() {
            by_usage_type
                .entry(need.usage_type.clone())
                .or_default()
                .push(index);
        }
        let count = needs.len();
        Collector {
            candidates: vec![Vec::new(); count],
            unit_mismatches: vec![Vec::new(); count],
            needs,
            unlisted,
            by_usage_type,
            records_read: 0,
            early_commitments: HashMap::new(),
            savings_plan_rates: vec![Vec::new(); count],
        }
    }

    /// Whether any need has this usage type (the cheap first test for a record).
    pub fn has_usage_type(&self, usage_type: &str) -> bool {
        self.by_usage_type.contains_key(usage_type)
    }

    /// The needs `product` prices (usually none).
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

    /// Records a product found for need `index` (the same SKU twice counts once).
    pub fn offer(&mut self, index: usize, sku: &str, price: OnDemandPrice, provenance: String) {
        let need = &self.needs[index];
        if !price.unit.eq_ignore_ascii_case(&need.unit) {
            self.unit_mismatches[index].push(format!(
                "SKU {sku} is priced per `{}`, the estimate bills per `{}`",
                price.unit, need.unit
            ));
            return;
        }
        if self.candidates[index]
            .iter()
            .any(|candidate| candidate.sku == sku)
        {
            return;
        }
        let mut price = price;
        if price.commitments.is_empty()
            && let Some(rates) = self.early_commitments.remove(&(index, sku.to_owned()))
        {
            price.commitments = rates;
        }
        self.candidates[index].push(Candidate {
            sku: sku.to_owned(),
            price,
            provenance,
        });
    }

    /// The standard reservations of `sku`, for the price it offers (or will offer) `index`.
    pub fn add_commitments(&mut self, index: usize, sku: &str, rates: Vec<CommitmentRate>) {
        match self.candidates[index]
            .iter_mut()
            .find(|candidate| candidate.sku == sku)
        {
            Some(candidate) => candidate.price.commitments = rates,
            None => {
                self.early_commitments
                    .insert((index, sku.to_owned()), rates);
            }
        }
    }

    /// The regions of the needs of `service_code`, each once.
    pub fn regions_of(&self, service_code: &str) -> Vec<String> {
        let mut regions: Vec<String> = Vec::new();
        for need in self
            .needs
            .iter()
            .filter(|need| need.service_code == service_code)
        {
            if !regions.contains(&need.region) {
                regions.push(need.region.clone());
            }
        }
        regions
    }

    /// A Savings Plan's rate for `usage_type` of `service_code` in `region`, for every need
    /// that bills it (the first rate of each term and payment option counts).
    pub fn add_savings_plan_rate(
        &mut self,
        service_code: &str,
        usage_type: &str,
        region: &str,
        rate: CommitmentRate,
    ) {
        let Some(indices) = self.by_usage_type.get(usage_type) else {
            return;
        };
        for &index in indices {
            let need = &self.needs[index];
            if need.service_code != service_code || need.region != region {
                continue;
            }
            let rates = &mut self.savings_plan_rates[index];
            if !rates
                .iter()
                .any(|known| known.term == rate.term && known.payment == rate.payment)
            {
                rates.push(rate.clone());
            }
        }
    }

    /// Builds the new version on top of `current` (and `snapshot`, for entries a newer binary
    /// added since `current` was made).
    pub fn finish(mut self, made: &Made, current: &PriceBook, snapshot: &PriceBook) -> Assembled {
        let savings_plan_rates = std::mem::take(&mut self.savings_plan_rates);
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
        let mut lines = Vec::new();
        let mut priced = 0;
        let needs = self
            .needs
            .iter()
            .zip(self.candidates)
            .zip(self.unit_mismatches);
        for ((need, candidates), mismatches) in needs {
            let slot = position[&(need.key.clone(), need.region.clone())];
            let line = |outcome| LineReport {
                key: need.key.clone(),
                region: need.region.clone(),
                service_code: need.service_code.clone(),
                usage_type: need.usage_type.clone(),
                outcome,
            };
            let first = match candidates.as_slice() {
                [] if mismatches.is_empty() => {
                    lines.push(line(Outcome::Kept {
                        reason: KeptReason::NoProduct,
                        detail: "AWS returned no product with this service, usage type and                                  attributes"
                            .to_owned(),
                    }));
                    continue;
                }
                [] => {
                    lines.push(line(Outcome::Kept {
                        reason: KeptReason::UnitMismatch,
                        detail: mismatches.join("; "),
                    }));
                    continue;
                }
                [first, rest @ ..] => {
                    if rest
                        .iter()
                        .any(|other| !other.same_price(first, need.tiered))
                    {
                        let skus: Vec<String> = candidates
                            .iter()
                            .map(|candidate| {
                                format!("SKU {} ${}", candidate.sku, candidate.price.usd_per_unit)
                            })
                            .collect();
                        lines.push(line(Outcome::Kept {
                            reason: KeptReason::SeveralProducts,
                            detail: format!(
                                "{} products match at different prices: {}",
                                candidates.len(),
                                skus.join(", ")
                            ),
                        }));
                        continue;
                    }
                    first.clone()
                }
            };
            priced += 1;
            lines.push(line(Outcome::Refreshed {
                sku: first.sku.clone(),
                usd_per_unit: first.price.usd_per_unit,
            }));
            let previous = &entries[slot];
            if previous.usd_per_unit != first.price.usd_per_unit {
                changed.push(Change {
                    key: need.key.clone(),
                    region: need.region.clone(),
                    before: previous.usd_per_unit,
                    after: first.price.usd_per_unit,
                    before_source: previous.source,
                });
            }
            // A record's `Reserved` terms are reserved instances, or for DynamoDB's
            // provisioned capacity, reserved capacity.
            let reservations: Vec<CommitmentRate> = first
                .price
                .commitments
                .iter()
                .map(|rate| CommitmentRate {
                    kind: CommitmentKind::reservation_for(&need.key),
                    ..rate.clone()
                })
                .collect();
            let commitments = merge_commitments(
                &previous.commitments,
                &reservations,
                first.price.usd_per_unit,
            );
            let tiers = if need.tiered && first.price.tiers.len() > 1 {
                first.price.tiers
            } else {
                Vec::new()
            };
            entries[slot] = PriceEntry {
                key: need.key.clone(),
                service_code: need.service_code.clone(),
                region: need.region.clone(),
                usage_type: need.usage_type.clone(),
                unit: need.unit.clone(),
                usd_per_unit: first.price.usd_per_unit,
                sku: Some(first.sku),
                effective_date: first.price.effective_date,
                source: made.source,
                verified: true,
                provenance: first.provenance,
                fetched_at: Some(made.fetched_at.clone()),
                tiers,
                commitments,
            };
        }
        let mut savings_plan_lines = 0;
        for (need, rates) in self.needs.iter().zip(savings_plan_rates) {
            if rates.is_empty() {
                continue;
            }
            let entry = &mut entries[position[&(need.key.clone(), need.region.clone())]];
            entry.commitments = merge_commitments(&entry.commitments, &rates, entry.usd_per_unit);
            savings_plan_lines += 1;
        }
        for unlisted in &self.unlisted {
            let kept = entries
                .iter()
                .find(|entry| entry.key == unlisted.key && entry.region == unlisted.region);
            lines.push(LineReport {
                key: unlisted.key.clone(),
                region: unlisted.region.clone(),
                service_code: kept
                    .map(|entry| entry.service_code.clone())
                    .unwrap_or_default(),
                usage_type: kept
                    .map(|entry| entry.usage_type.clone())
                    .unwrap_or_default(),
                outcome: Outcome::Kept {
                    reason: KeptReason::NotInPriceList,
                    detail: match kept {
                        Some(entry) => format!(
                            "{}; kept at ${} ({}, {})",
                            unlisted.reason,
                            entry.usd_per_unit.normalize(),
                            entry.source.label(),
                            entry.effective_date
                        ),
                        None => unlisted.reason.to_owned(),
                    },
                },
            });
        }
        changed.sort_by(|a, b| b.relative().cmp(&a.relative()).then(a.key.cmp(&b.key)));
        let book = PriceBook::new(made.version.clone(), made.as_of.clone(), entries);
        Assembled {
            summary: Summary {
                version: book.version.clone(),
                records_read: self.records_read,
                priced,
                changed,
                lines,
                bill_backing: super::backing::examples(current, &book),
                savings_plan_lines,
                savings_plans_problem: None,
                saved: false,
            },
            book,
        }
    }
}

/// The commitment rates of an entry priced at `on_demand`: `fresh` replaces the `previous`
/// rates of each kind it has (a record's reservations, a Savings Plans file's rates), the
/// other kinds stay (the snapshot's estimates, say), and only rates cheaper than on-demand are
/// kept, as a price book requires.
fn merge_commitments(
    previous: &[CommitmentRate],
    fresh: &[CommitmentRate],
    on_demand: Decimal,
) -> Vec<CommitmentRate> {
    let mut rates: Vec<CommitmentRate> = previous
        .iter()
        .filter(|rate| !fresh.iter().any(|new| new.kind == rate.kind))
        .chain(fresh)
        .filter(|rate| rate.effective_hourly() <= on_demand)
        .cloned()
        .collect();
    rates.sort_by_key(|rate| {
        (
            rate.kind == CommitmentKind::SavingsPlan,
            rate.term,
            rate.payment,
        )
    });
    rates
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
        let at_ms = crate::clock::now_ms();
        let fetched_at = crate::clock::rfc3339(at_ms);
        let stamp: String = fetched_at
            .chars()
            .filter(|c| *c != '-' && *c != ':')
            .collect();
        let prefix = match source {
            PriceSource::OfferFile => "offer",
            PriceSource::Live | PriceSource::Snapshot | PriceSource::PricingPage => "live",
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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

/// What a refresh did with one line of the price book.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LineReport {
    pub key: String,
    pub region: String,
    pub service_code: String,
    pub usage_type: String,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// Refreshed from one AWS product, or kept at the price it had, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    Refreshed { sku: String, usd_per_unit: Decimal },
    Kept { reason: KeptReason, detail: String },
}

/// Why a line kept its previous price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeptReason {
    /// AWS returned no product for it.
    NoProduct,
    /// Several products matched at different prices: taking one would be a guess.
    SeveralProducts,
    /// The product is priced per another unit than the engine bills.
    UnitMismatch,
    /// The Price List does not carry this price.
    NotInPriceList,
}

impl KeptReason {
    pub fn label(self) -> &'static str {
        match self {
            KeptReason::NoProduct => "no product",
            KeptReason::SeveralProducts => "several products",
            KeptReason::UnitMismatch => "unit mismatch",
            KeptReason::NotInPriceList => "not in the Price List",
        }
    }
}

/// What a refresh or import did, printed by the CLI, logged by the server and stored with the
/// version it made.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    pub version: String,
    /// Records (products) read from AWS.
    pub records_read: u64,
    /// Lines priced from those records.
    pub priced: usize,
    /// Prices that differ from the book in use, largest relative change first.
    pub changed: Vec<Change>,
    /// Every line's outcome: refreshed (with its SKU) or kept (with why).
    pub lines: Vec<LineReport>,
    /// The example plans' dollars backed by AWS records, before and after.
    pub bill_backing: Vec<super::backing::PlanBacking>,
    /// Lines given Compute Savings Plans rates from AWS's Savings Plans price list.
    #[serde(default)]
    pub savings_plan_lines: usize,
    /// Why a refresh could not read the Savings Plans price list (the lines kept their rates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub savings_plans_problem: Option<String>,
    /// Whether the version was saved (false for a dry run).
    pub saved: bool,
}

impl Summary {
    /// The lines kept at their previous price.
    pub fn kept(&self) -> impl Iterator<Item = (&LineReport, KeptReason, &str)> {
        self.lines.iter().filter_map(|line| match &line.outcome {
            Outcome::Kept { reason, detail } => Some((line, *reason, detail.as_str())),
            Outcome::Refreshed { .. } => None,
        })
    }

    /// The report the CLI prints: counts, the share of the example bills AWS records back,
    /// the largest changes, then what was kept and why.
    pub fn render(&self, list_limit: usize) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let kept = self.kept().count();
        let _ = writeln!(
            out,
            "price book {}{}: {} records read, {} prices from AWS, {} changed, {} kept",
            self.version,
            if self.saved {
                ""
            } else {
                " (dry run: not saved)"
            },
            self.records_read,
            self.priced,
            self.changed.len(),
            kept
        );
        if self.savings_plan_lines > 0 {
            let _ = writeln!(
                out,
                "Compute Savings Plans rates from AWS for {} lines",
                self.savings_plan_lines
            );
        }
        if let Some(problem) = &self.savings_plans_problem {
            let _ = writeln!(
                out,
                "Savings Plans price list not read, Fargate's commitment rates are kept as they were: {problem}"
            );
        }
        if !self.bill_backing.is_empty() {
            let _ = writeln!(
                out,
                "dollars backed by AWS records in the example plans (before -> after):"
            );
            for plan in &self.bill_backing {
                let _ = writeln!(
                    out,
                    "  {:<22} {:>5} % -> {:>5} %",
                    plan.plan,
                    plan.before_percent.normalize(),
                    plan.after_percent.normalize()
                );
            }
        }
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
        if kept > 0 {
            let _ = writeln!(out, "kept at their previous price:");
            let mut counts: Vec<(KeptReason, usize)> = Vec::new();
            for (_, reason, _) in self.kept() {
                match counts.iter_mut().find(|(known, _)| *known == reason) {
                    Some((_, count)) => *count += 1,
                    None => counts.push((reason, 1)),
                }
            }
            for (reason, count) in counts {
                let _ = writeln!(out, "  {count} × {}", reason.label());
            }
            for (line, reason, detail) in self.kept().take(list_limit) {
                let _ = writeln!(
                    out,
                    "  {} in {} ({} {}): {}: {detail}",
                    line.key,
                    line.region,
                    line.service_code,
                    line.usage_type,
                    reason.label()
                );
            }
            if kept > list_limit {
                let _ = writeln!(out, "  … and {} more", kept - list_limit);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use planner::PriceTier;

    fn snapshot() -> PriceBook {
        super::super::bundled_snapshot().unwrap()
    }

    /// A collector for the snapshot's `key` lines in `region`, and the index of the first.
    fn collector_for(key: &str, region: &str) -> (Collector, usize) {
        let (needs, _) = super::super::needs::all(&snapshot());
        let index = needs
            .iter()
            .position(|need| need.key == key && need.region == region)
            .unwrap();
        (Collector::new(needs, Vec::new()), index)
    }

    fn price(unit: &str, usd: &str) -> OnDemandPrice {
        OnDemandPrice {
            unit: unit.to_owned(),
            usd_per_unit: usd.parse().unwrap(),
            effective_date: "2026-11-01".to_owned(),
            tiers: vec![PriceTier {
                from_units: Decimal::ZERO,
                usd_per_unit: usd.parse().unwrap(),
            }],
            commitments: Vec::new(),
        }
    }

    fn outcome(collector: Collector, key: &str, region: &str) -> (Outcome, PriceEntry) {
        let book = snapshot();
        let assembled = collector.finish(&Made::now(PriceSource::Live), &book, &book);
        let line = assembled
            .summary
            .lines
            .iter()
            .find(|line| line.key == key && line.region == region)
            .unwrap()
            .clone();
        let entry = assembled.book.lookup(key, region).unwrap().clone();
        (line.outcome, entry)
    }

    #[test]
    fn one_price_refreshes_even_from_two_skus_and_two_prices_keep_the_line() {
        let (key, region) = ("alb.hours", "us-east-1");
        let (mut same, index) = collector_for(key, region);
        same.offer(index, "SKU1", price("Hrs", "0.0226"), "a".into());
        same.offer(index, "SKU2", price("Hrs", "0.0226"), "b".into());
        let (refreshed, entry) = outcome(same, key, region);
        assert!(matches!(refreshed, Outcome::Refreshed { ref sku, .. } if sku == "SKU1"));
        assert_eq!(entry.usd_per_unit, "0.0226".parse().unwrap());
        assert_eq!(entry.source, PriceSource::Live);

        let (mut different, index) = collector_for(key, region);
        different.offer(index, "SKU1", price("Hrs", "0.025"), "a".into());
        different.offer(index, "SKU2", price("Hrs", "0.0225"), "b".into());
        let (kept, entry) = outcome(different, key, region);
        let Outcome::Kept { reason, detail } = kept else {
            panic!("refreshed from one of two prices");
        };
        assert_eq!(reason, KeptReason::SeveralProducts);
        assert!(
            detail.contains("SKU SKU1 $0.025, SKU SKU2 $0.0225"),
            "{detail}"
        );
        assert_eq!(entry.source, PriceSource::Snapshot, "the old price stays");
    }

    #[test]
    fn another_unit_or_no_product_keeps_the_line_and_says_why() {
        let (key, region) = ("route53.health_check_month", "global");
        let (mut collector, index) = collector_for(key, region);
        collector.offer(index, "SKU1", price("Count", "0.5"), "a".into());
        let (kept, _) = outcome(collector, key, region);
        assert!(
            matches!(kept, Outcome::Kept { reason: KeptReason::UnitMismatch, ref detail }
                if detail.contains("per `Count`")),
            "{kept:?}"
        );
        let (collector, _) = collector_for(key, region);
        let (kept, _) = outcome(collector, key, region);
        assert!(
            matches!(
                kept,
                Outcome::Kept {
                    reason: KeptReason::NoProduct,
                    ..
                }
            ),
            "{kept:?}"
        );
    }

    /// A tiered product keeps its tiers; a flat one stores none.
    #[test]
    fn tiers_are_kept_for_tiered_lines_only() {
        let (key, region) = ("data_transfer.internet_out_gb", "us-east-2");
        let (mut collector, index) = collector_for(key, region);
        let mut tiered = price("GB", "0.09");
        tiered.tiers.push(PriceTier {
            from_units: Decimal::from(10_240),
            usd_per_unit: "0.085".parse().unwrap(),
        });
        collector.offer(index, "SKU1", tiered.clone(), "a".into());
        let (_, entry) = outcome(collector, key, region);
        assert_eq!(entry.tiers, tiered.tiers);

        let (key, region) = ("alb.lcu_hours", "us-east-2");
        let (mut collector, index) = collector_for(key, region);
        let mut flat = price("LCU-Hrs", "0.008");
        flat.tiers.push(PriceTier {
            from_units: Decimal::from(1_000),
            usd_per_unit: "0.007".parse().unwrap(),
        });
        collector.offer(index, "SKU1", flat, "a".into());
        let (_, entry) = outcome(collector, key, region);
        assert!(entry.tiers.is_empty());
    }
}
