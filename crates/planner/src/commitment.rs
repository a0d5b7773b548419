//! Commitment pricing: what a plan's steady capacity costs when it is bought as Aurora reserved
//! instances or a Compute Savings Plan (Fargate) instead of on-demand.
//!
//! A price-book entry priced per hour may carry [`CommitmentRate`]s: for one term and payment
//! option, the upfront fee and the hourly charge for *one unit used every hour of the term*
//! (one instance, one vCPU, one GB of task memory). The plan's [`Purchasing`] choice says which
//! rate to use and what share of the steady baseline to commit ([`Purchasing::coverage_percent`]).
//! [`priced`] splits a line's hours into a committed part, charged the rate's hourly price plus
//! its upfront fee amortised over the term, and the rest, charged on-demand. DynamoDB reserved
//! capacity is priced the same way per capacity unit, bought in blocks of 100 units
//! ([`crate::capacity::reserved_units`]).
//!
//! The arithmetic, per committed unit and month: `hourly × 730 + upfront ÷ (12 × years)`. AWS
//! counts a year as 8,760 hours (365 days), and 730 × 12 = 8,760, so a committed hour costs
//! `hourly + upfront ÷ term_hours` — the rate's [`effective_hourly`](CommitmentRate::effective_hourly).
//! A price book refuses a rate whose effective hourly exceeds the on-demand price, so a
//! commitment never raises a fully used baseline's monthly cost. Reserved instances are bought
//! whole: coverage rounds down to whole instances; a Savings Plan is a dollar commitment, so its
//! coverage is exact. The monthly bill holds the steady baseline only: capacity that appears
//! during a failover is not on it, so it is never discounted. A saved plan's history flags a
//! revision that stops running reserved instances in a region ([`stranded_reservations`]).

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::cost::HOURS_PER_MONTH;

/// How long a commitment lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentTerm {
    OneYear,
    ThreeYear,
}

impl CommitmentTerm {
    pub const ALL: [CommitmentTerm; 2] = [CommitmentTerm::OneYear, CommitmentTerm::ThreeYear];

    pub fn slug(self) -> &'static str {
        match self {
            CommitmentTerm::OneYear => "one_year",
            CommitmentTerm::ThreeYear => "three_year",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            CommitmentTerm::OneYear => "1 year",
            CommitmentTerm::ThreeYear => "3 years",
        }
    }

    pub fn years(self) -> u32 {
        match self {
            CommitmentTerm::OneYear => 1,
            CommitmentTerm::ThreeYear => 3,
        }
    }

    /// The term's months, over which an upfront fee is amortised.
    pub fn months(self) -> u32 {
        12 * self.years()
    }

    /// The term's hours as AWS counts them (8,760 a year).
    pub fn hours(self) -> Decimal {
        Decimal::from(self.months() * HOURS_PER_MONTH)
    }

    /// The term AWS's Price List writes as `LeaseContractLength` (`1yr`, `3yr`).
    pub fn from_lease_contract_length(text: &str) -> Option<CommitmentTerm> {
        match text.trim() {
            "1yr" | "1 yr" => Some(CommitmentTerm::OneYear),
            "3yr" | "3 yr" => Some(CommitmentTerm::ThreeYear),
            _ => None,
        }
    }
}

/// How much of a commitment is paid when it is bought.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentOption {
    NoUpfront,
    PartialUpfront,
    AllUpfront,
}

impl PaymentOption {
    pub const ALL: [PaymentOption; 3] = [
        PaymentOption::NoUpfront,
        PaymentOption::PartialUpfront,
        PaymentOption::AllUpfront,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            PaymentOption::NoUpfront => "no_upfront",
            PaymentOption::PartialUpfront => "partial_upfront",
            PaymentOption::AllUpfront => "all_upfront",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            PaymentOption::NoUpfront => "No upfront",
            PaymentOption::PartialUpfront => "Partial upfront",
            PaymentOption::AllUpfront => "All upfront",
        }
    }

    pub fn from_slug(slug: &str) -> Option<PaymentOption> {
        PaymentOption::ALL
            .into_iter()
            .find(|option| option.slug() == slug)
    }

    /// The option AWS's Price List writes as `PurchaseOption` (`All Upfront`).
    pub fn from_purchase_option(text: &str) -> Option<PaymentOption> {
        PaymentOption::ALL
            .into_iter()
            .find(|option| option.title().eq_ignore_ascii_case(text.trim()))
    }
}

/// What is bought: a reservation of whole instances, a dollar-per-hour Savings Plan, or
/// DynamoDB reserved capacity in blocks of units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentKind {
    ReservedInstance,
    SavingsPlan,
    ReservedCapacity,
}

impl CommitmentKind {
    pub fn title(self) -> &'static str {
        match self {
            CommitmentKind::ReservedInstance => "reserved instances",
            CommitmentKind::SavingsPlan => "Compute Savings Plan",
            CommitmentKind::ReservedCapacity => "DynamoDB reserved capacity",
        }
    }

    /// What a `Reserved` term of the Price List buys for the product priced at `price_key`:
    /// reserved capacity for DynamoDB's provisioned capacity, reserved instances otherwise.
    pub fn reservation_for(price_key: &str) -> CommitmentKind {
        if price_key.starts_with("dynamodb.") {
            CommitmentKind::ReservedCapacity
        } else {
            CommitmentKind::ReservedInstance
        }
    }
}

/// One commitment price of a price-book entry, with its own origin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitmentRate {
    pub kind: CommitmentKind,
    pub term: CommitmentTerm,
    pub payment: PaymentOption,
    /// Paid once, per unit used every hour of the term.
    pub upfront_usd: Decimal,
    /// Charged per hour used, on top of the upfront fee.
    pub usd_per_hour: Decimal,
    /// The date the rate took effect (or was observed), `YYYY-MM-DD`.
    pub effective_date: String,
    /// False when no real AWS record backs the rate (the bundled snapshot's estimates).
    pub verified: bool,
    /// The record or document the rate was taken from.
    pub provenance: String,
}

impl CommitmentRate {
    /// What one committed hour costs: the hourly charge plus the upfront fee spread over the
    /// term's hours.
    pub fn effective_hourly(&self) -> Decimal {
        self.usd_per_hour + self.upfront_usd / self.term.hours()
    }
}

/// A plan's purchasing choice. The default is on-demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Purchasing {
    /// `on_demand` (the default), `one_year` or `three_year`.
    #[serde(default)]
    pub term: PurchaseTerm,
    /// Ignored on demand. Default `no_upfront`.
    #[serde(default = "default_payment")]
    pub payment: PaymentOption,
    /// Share of the steady baseline (database instances, app tasks) committed, 0–100. Default 100.
    #[serde(default = "default_coverage")]
    pub coverage_percent: u32,
}

fn default_payment() -> PaymentOption {
    PaymentOption::NoUpfront
}

fn default_coverage() -> u32 {
    100
}

impl Default for Purchasing {
    fn default() -> Purchasing {
        Purchasing {
            term: PurchaseTerm::OnDemand,
            payment: default_payment(),
            coverage_percent: default_coverage(),
        }
    }
}

impl Purchasing {
    /// Whether nothing is committed (the plan JSON then leaves the field out).
    pub fn is_on_demand(&self) -> bool {
        *self == Purchasing::default()
    }

    /// The commitment bought, if any: its term, and the payment option.
    pub fn commitment(&self) -> Option<(CommitmentTerm, PaymentOption)> {
        let term = match self.term {
            PurchaseTerm::OnDemand => return None,
            PurchaseTerm::OneYear => CommitmentTerm::OneYear,
            PurchaseTerm::ThreeYear => CommitmentTerm::ThreeYear,
        };
        (self.coverage_percent > 0).then_some((term, self.payment))
    }
}

/// The plan's term: on-demand or a commitment's length.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PurchaseTerm {
    #[default]
    OnDemand,
    OneYear,
    ThreeYear,
}

impl PurchaseTerm {
    pub const ALL: [PurchaseTerm; 3] = [
        PurchaseTerm::OnDemand,
        PurchaseTerm::OneYear,
        PurchaseTerm::ThreeYear,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            PurchaseTerm::OnDemand => "on_demand",
            PurchaseTerm::OneYear => "one_year",
            PurchaseTerm::ThreeYear => "three_year",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            PurchaseTerm::OnDemand => "On-demand",
            PurchaseTerm::OneYear => "1-year commitment",
            PurchaseTerm::ThreeYear => "3-year commitment",
        }
    }

    pub fn from_slug(slug: &str) -> Option<PurchaseTerm> {
        PurchaseTerm::ALL
            .into_iter()
            .find(|term| term.slug() == slug)
    }
}

/// A line's hours split into their committed and on-demand parts, with what each costs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommittedLine {
    pub kind: CommitmentKind,
    pub term: CommitmentTerm,
    pub payment: PaymentOption,
    /// Hours a month bought as the commitment (whole instances for reserved instances).
    pub committed_hours: Decimal,
    /// The rate's hourly charge on the committed hours, a month.
    pub recurring_usd: Decimal,
    /// The upfront fee for the committed units, paid once at purchase.
    pub upfront_usd: Decimal,
    /// `upfront_usd` spread over the term's months.
    pub amortised_upfront_usd: Decimal,
    /// The hours left on-demand, at the on-demand price, a month.
    pub on_demand_remainder_usd: Decimal,
    /// What the whole line would cost on-demand, a month.
    pub on_demand_usd: Decimal,
    /// `recurring + amortised upfront + on-demand remainder`: the line's monthly cost.
    pub effective_usd: Decimal,
    pub rate_verified: bool,
    pub rate_effective_date: String,
    pub rate_provenance: String,
}

impl CommittedLine {
    /// What the commitment saves against on-demand, a month.
    pub fn saving_usd(&self) -> Decimal {
        self.on_demand_usd - self.effective_usd
    }
}

/// Prices `hours` of a line at `on_demand_hourly` with `coverage_percent` of them committed at
/// `rate`. Amounts are rounded to four decimal places, like every other line.
pub fn priced(
    hours: Decimal,
    on_demand_hourly: Decimal,
    rate: &CommitmentRate,
    coverage_percent: u32,
) -> CommittedLine {
    let hours_per_month = Decimal::from(HOURS_PER_MONTH);
    let committed_hours = match rate.kind {
        CommitmentKind::ReservedInstance => {
            reserved_instances(hours / hours_per_month, coverage_percent) * hours_per_month
        }
        CommitmentKind::SavingsPlan => {
            hours * Decimal::from(coverage_percent.min(100)) / Decimal::ONE_HUNDRED
        }
        CommitmentKind::ReservedCapacity => {
            let units = (hours / hours_per_month).floor();
            let units = u32::try_from(units).unwrap_or(u32::MAX);
            Decimal::from(crate::capacity::reserved_units(units, coverage_percent))
                * hours_per_month
        }
    };
    let committed_units = committed_hours / hours_per_month;
    let upfront_usd = (committed_units * rate.upfront_usd).round_dp(4);
    let amortised_upfront_usd =
        (committed_units * rate.upfront_usd / Decimal::from(rate.term.months())).round_dp(4);
    let recurring_usd = (committed_hours * rate.usd_per_hour).round_dp(4);
    let on_demand_remainder_usd = ((hours - committed_hours) * on_demand_hourly).round_dp(4);
    let on_demand_usd = (hours * on_demand_hourly).round_dp(4);
    CommittedLine {
        kind: rate.kind,
        term: rate.term,
        payment: rate.payment,
        committed_hours,
        recurring_usd,
        upfront_usd,
        amortised_upfront_usd,
        on_demand_remainder_usd,
        on_demand_usd,
        effective_usd: recurring_usd + amortised_upfront_usd + on_demand_remainder_usd,
        rate_verified: rate.verified,
        rate_effective_date: rate.effective_date.clone(),
        rate_provenance: rate.provenance.clone(),
    }
}

/// The whole instances reserved for `coverage_percent` of `instances` that run all month:
/// reservations are bought per instance, so a share is rounded down.
fn reserved_instances(instances: Decimal, coverage_percent: u32) -> Decimal {
    (instances * Decimal::from(coverage_percent.min(100)) / Decimal::ONE_HUNDRED).floor()
}

/// Regions whose Aurora reserved instances or DynamoDB reserved capacity `before` bought and
/// `after` no longer runs, each with a sentence for a saved plan's history: reservations are
/// regional and bill until their term ends, whatever the plan does (a Compute Savings Plan is
/// not regional: it follows the Fargate usage wherever it moves, so only reservations are
/// named).
pub fn stranded_reservations(before: &crate::Plan, after: &crate::Plan) -> Vec<String> {
    let Some((term, payment)) = before.purchasing.commitment() else {
        return Vec::new();
    };
    let still_running: Vec<(String, u32)> = crate::topology::deployment(after)
        .into_iter()
        .map(|region| (region.region, region.database_instances))
        .collect();
    crate::topology::deployment(before)
        .into_iter()
        .filter(|region| region.database_instances > 0)
        .filter_map(|region| {
            let running = Decimal::from(
                still_running
                    .iter()
                    .find(|(code, _)| *code == region.region)
                    .map_or(0, |(_, instances)| *instances),
            );
            let reserved = reserved_instances(
                Decimal::from(region.database_instances),
                before.purchasing.coverage_percent,
            );
            (running < reserved).then(|| {
                format!(
                    "{}: {} of {} reserved Aurora instances ({} {}) no longer run here; reservations are regional and bill until their term ends",
                    region.region,
                    reserved - running,
                    reserved,
                    term.title(),
                    payment.title().to_ascii_lowercase()
                )
            })
        })
        .chain(stranded_capacity(before, after, term, payment))
        .collect()
}

/// Regions where `before` reserved DynamoDB capacity (read units, and write units of a
/// one-region table) that `after` no longer provisions there.
fn stranded_capacity(
    before: &crate::Plan,
    after: &crate::Plan,
    term: CommitmentTerm,
    payment: PaymentOption,
) -> Vec<String> {
    let before_regions = crate::topology::deployment(before);
    let Some(reserved) = crate::capacity::provisioned(before, &before_regions) else {
        return Vec::new();
    };
    let after_regions = crate::topology::deployment(after);
    let provisioned_after = crate::capacity::provisioned(after, &after_regions);
    let coverage = before.purchasing.coverage_percent;
    let mut flagged = Vec::new();
    for region in before_regions
        .iter()
        .filter(|region| region.has_live_data())
    {
        let running = provisioned_after.filter(|_| {
            after_regions
                .iter()
                .any(|kept| kept.region == region.region && kept.has_live_data())
        });
        let mut units = vec![(
            "read",
            reserved.read_units,
            running.map_or(0, |capacity| capacity.read_units),
        )];
        if !reserved.replicated_writes {
            // Writes of a table that is still in one region stay plain units; once replicated
            // they bill as rWCU, which a reservation does not cover.
            let still_plain = running.filter(|capacity| !capacity.replicated_writes);
            units.push((
                "write",
                reserved.write_units,
                still_plain.map_or(0, |capacity| capacity.write_units),
            ));
        }
        for (what, provisioned, running) in units {
            let bought = crate::capacity::reserved_units(provisioned, coverage);
            if running < bought {
                flagged.push(format!(
                    "{}: {} of {} reserved DynamoDB {what} capacity units ({} {}) are no longer provisioned here; reservations are regional and bill until their term ends",
                    region.region,
                    bought - running,
                    bought,
                    term.title(),
                    payment.title().to_ascii_lowercase()
                ));
            }
        }
    }
    flagged
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rate(
        kind: CommitmentKind,
        term: CommitmentTerm,
        upfront: &str,
        hourly: &str,
    ) -> CommitmentRate {
        CommitmentRate {
            kind,
            term,
            payment: PaymentOption::PartialUpfront,
            upfront_usd: upfront.parse().unwrap(),
            usd_per_hour: hourly.parse().unwrap(),
            effective_date: "2026-11-01".into(),
            verified: false,
            provenance: "made here".into(),
        }
    }

    #[test]
    fn amortisation_by_hand() {
        // Two db.r6g.large instances a month (1,460 h) at $0.26 on-demand, 3-year partial
        // upfront at $1,000 upfront and $0.05 an hour per instance, 100 % covered:
        //   recurring  = 1,460 h × $0.05            = $73.00
        //   amortised  = 2 × $1,000 ÷ 36 months     = $55.5556 (55.5555… rounded)
        //   on-demand  = 1,460 h × $0.26            = $379.60
        //   effective  = 73.00 + 55.5556 + 0        = $128.5556; saving $251.0444
        let line = priced(
            Decimal::from(1460),
            "0.26".parse().unwrap(),
            &rate(
                CommitmentKind::ReservedInstance,
                CommitmentTerm::ThreeYear,
                "1000",
                "0.05",
            ),
            100,
        );
        assert_eq!(line.recurring_usd, "73.00".parse().unwrap());
        assert_eq!(line.upfront_usd, "2000".parse().unwrap());
        assert_eq!(line.amortised_upfront_usd, "55.5556".parse().unwrap());
        assert_eq!(line.on_demand_usd, "379.60".parse().unwrap());
        assert_eq!(line.effective_usd, "128.5556".parse().unwrap());
        assert_eq!(line.saving_usd(), "251.0444".parse().unwrap());
    }

    #[test]
    fn reservations_are_whole_instances_and_savings_plans_exact() {
        // Three instances (2,190 h) at 50 %: 1.5 instances wanted, one reserved (730 h); the
        // other 1,460 h at $0.26 = $379.60 stay on-demand.
        let reserved = priced(
            Decimal::from(2190),
            "0.26".parse().unwrap(),
            &rate(
                CommitmentKind::ReservedInstance,
                CommitmentTerm::OneYear,
                "0",
                "0.17",
            ),
            50,
        );
        assert_eq!(reserved.committed_hours, Decimal::from(730));
        assert_eq!(reserved.on_demand_remainder_usd, "379.60".parse().unwrap());
        let plan = priced(
            Decimal::from(2190),
            "0.04".parse().unwrap(),
            &rate(
                CommitmentKind::SavingsPlan,
                CommitmentTerm::OneYear,
                "0",
                "0.03",
            ),
            50,
        );
        assert_eq!(plan.committed_hours, Decimal::from(1095));
    }

    #[test]
    fn reserved_capacity_by_hand() {
        // A single-region table's 1,143 WCU all month (834,390 unit-hours) at $0.00065
        // on-demand; 1-year partial upfront at $1.50 upfront and $0.000128 an hour per unit,
        // 100 % covered: reserved in blocks of 100, so 1,100 units (803,000 unit-hours).
        //   recurring  = 803,000 × $0.000128      = $102.784
        //   amortised  = 1,100 × $1.50 ÷ 12 months = $137.50 (upfront $1,650)
        //   remainder  = 43 × 730 × $0.00065      = $20.4035
        //   on-demand  = 834,390 × $0.00065       = $542.3535
        //   effective  = 102.784 + 137.50 + 20.4035 = $260.6875; saving $281.666
        let mut rate = rate(
            CommitmentKind::ReservedCapacity,
            CommitmentTerm::OneYear,
            "1.5",
            "0.000128",
        );
        rate.payment = PaymentOption::PartialUpfront;
        let line = priced(
            Decimal::from(1_143 * 730),
            "0.00065".parse().unwrap(),
            &rate,
            100,
        );
        assert_eq!(line.committed_hours, Decimal::from(803_000));
        assert_eq!(line.recurring_usd, "102.784".parse().unwrap());
        assert_eq!(line.upfront_usd, "1650".parse().unwrap());
        assert_eq!(line.amortised_upfront_usd, "137.5".parse().unwrap());
        assert_eq!(line.on_demand_remainder_usd, "20.4035".parse().unwrap());
        assert_eq!(line.on_demand_usd, "542.3535".parse().unwrap());
        assert_eq!(line.effective_usd, "260.6875".parse().unwrap());
        assert_eq!(line.saving_usd(), "281.666".parse().unwrap());
    }

    #[test]
    fn aws_names_of_terms_and_options_read() {
        assert_eq!(
            CommitmentTerm::from_lease_contract_length("3yr"),
            Some(CommitmentTerm::ThreeYear)
        );
        assert_eq!(
            PaymentOption::from_purchase_option("Partial Upfront"),
            Some(PaymentOption::PartialUpfront)
        );
        assert_eq!(
            PaymentOption::from_purchase_option("Light Utilization"),
            None
        );
    }

    proptest! {
        /// Any rate a price book accepts (effective hourly ≤ on-demand) never makes a fully
        /// used baseline cost more a month than on-demand, whatever the coverage.
        #[test]
        fn a_commitment_never_costs_more_than_on_demand(
            instances in 0u32..40,
            on_demand_millis in 1u32..20_000,
            discount_percent in 0u32..=100,
            upfront_share_percent in 0u32..=100,
            coverage_percent in 0u32..=100,
            three_years in any::<bool>(),
            kind in 0usize..3,
        ) {
            let term = if three_years { CommitmentTerm::ThreeYear } else { CommitmentTerm::OneYear };
            let on_demand = Decimal::from(on_demand_millis) / Decimal::from(1000);
            // An effective hourly price at most on-demand, split into upfront and hourly parts.
            let effective = on_demand * Decimal::from(100 - discount_percent) / Decimal::ONE_HUNDRED;
            let upfront_per_hour = effective * Decimal::from(upfront_share_percent) / Decimal::ONE_HUNDRED;
            let rate = CommitmentRate {
                kind: [CommitmentKind::ReservedInstance, CommitmentKind::SavingsPlan, CommitmentKind::ReservedCapacity][kind],
                term,
                payment: PaymentOption::PartialUpfront,
                upfront_usd: (upfront_per_hour * term.hours()).floor(),
                usd_per_hour: (effective - upfront_per_hour).max(Decimal::ZERO).round_dp(4),
                effective_date: "2026-11-01".into(),
                verified: false,
                provenance: "generated".into(),
            };
            prop_assume!(rate.effective_hourly() <= on_demand);
            let hours = Decimal::from(instances * HOURS_PER_MONTH);
            let line = priced(hours, on_demand, &rate, coverage_percent);
            // Rounding each part to 4 places may add up to 1.5 hundredths of a cent.
            prop_assert!(
                line.effective_usd <= line.on_demand_usd + Decimal::new(15, 5),
                "{line:?}"
            );
            prop_assert!(line.committed_hours <= hours);
        }
    }
}
