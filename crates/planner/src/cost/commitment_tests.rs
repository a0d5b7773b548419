//! The estimate of a plan that buys a commitment: which lines it covers, the totals it reports
//! and what stays on-demand.

use rust_decimal::Decimal;

use super::cost;
use crate::commitment::{CommitmentKind, CommitmentRate, CommitmentTerm, PaymentOption};
use crate::price_book::{PriceBook, PriceBookError};
use crate::test_support::{plan, uniform_book};

/// DynamoDB's capacity that reserved capacity covers (never replicated write units).
const RESERVABLE_CAPACITY: [&str; 2] = [
    "dynamodb.read_capacity_unit_hours",
    "dynamodb.write_capacity_unit_hours",
];

/// Every hourly Aurora-instance, Fargate and reservable DynamoDB capacity entry of `book` gets a 3-year all-upfront rate of
/// `upfront` dollars and a 1-year no-upfront rate of `hourly` an hour.
fn with_rates(book: PriceBook, upfront: &str, hourly: &str) -> PriceBook {
    let (version, as_of) = (book.version.clone(), book.as_of.clone());
    let entries = book
        .into_entries()
        .into_iter()
        .map(|mut entry| {
            let kind = if entry.key.contains(".instance") {
                CommitmentKind::ReservedInstance
            } else if entry.key.starts_with("fargate.") {
                CommitmentKind::SavingsPlan
            } else if RESERVABLE_CAPACITY.contains(&entry.key.as_str()) {
                CommitmentKind::ReservedCapacity
            } else {
                return entry;
            };
            let rate = |term, payment, upfront: &str, hourly: &str| CommitmentRate {
                kind,
                term,
                payment,
                upfront_usd: upfront.parse().unwrap(),
                usd_per_hour: hourly.parse().unwrap(),
                effective_date: "2026-11-01".into(),
                verified: false,
                provenance: "made here".into(),
            };
            entry.commitments = vec![
                rate(
                    CommitmentTerm::ThreeYear,
                    PaymentOption::AllUpfront,
                    upfront,
                    "0",
                ),
                rate(
                    CommitmentTerm::OneYear,
                    PaymentOption::NoUpfront,
                    "0",
                    hourly,
                ),
            ];
            entry
        })
        .collect();
    PriceBook::new(version, as_of, entries)
}

fn buying(term: &str, payment: &str, coverage: u32) -> impl FnOnce(&mut serde_json::Value) {
    let (term, payment) = (term.to_owned(), payment.to_owned());
    move |plan| {
        plan["purchasing"] = serde_json::json!({
            "term": term, "payment": payment, "coverage_percent": coverage
        })
    }
}

#[test]
fn three_years_all_upfront_amortises_the_fee_over_36_months() {
    // Every price $1 an hour; 3-year all upfront $13,140 per unit = $0.50 a committed hour
    // (13,140 ÷ 26,280 h). A committed line of H hours costs H ÷ 730 units × 13,140 ÷ 36
    // = H × 0.5 a month: half its on-demand cost.
    let on_demand_plan = plan("warm_standby", |_| {});
    let book = with_rates(uniform_book(&[&on_demand_plan], "1"), "13140", "0.7");
    book.validate().unwrap();
    let committed_plan = plan("warm_standby", buying("three_year", "all_upfront", 100));
    let on_demand = cost(&on_demand_plan, &book);
    let committed = cost(&committed_plan, &book);
    assert!(on_demand.commitments.is_none());
    let summary = committed.commitments.as_ref().unwrap();
    assert_eq!(summary.on_demand_monthly_usd, on_demand.total_monthly_usd);
    let mut committed_hours = Decimal::ZERO;
    for line in &committed.lines {
        let Some(commitment) = &line.commitment else {
            continue;
        };
        assert_eq!(commitment.recurring_usd, Decimal::ZERO, "{line:?}");
        assert_eq!(
            line.monthly_usd.unwrap(),
            commitment.on_demand_usd / Decimal::from(2),
            "{line:?}"
        );
        committed_hours += line.quantity;
    }
    assert!(committed_hours > Decimal::ZERO);
    assert_eq!(
        summary.saving_monthly_usd,
        committed_hours / Decimal::from(2)
    );
    assert_eq!(
        summary.upfront_usd,
        committed_hours / Decimal::from(730) * Decimal::from(13_140)
    );
    assert_eq!(
        committed.total_monthly_usd,
        on_demand.total_monthly_usd - summary.saving_monthly_usd
    );
    assert!(summary.not_offered.is_empty());
}

#[test]
fn a_term_the_book_does_not_sell_stays_on_demand_and_is_named() {
    let on_demand_plan = plan("warm_standby", |_| {});
    let book = with_rates(uniform_book(&[&on_demand_plan], "1"), "13140", "0.7");
    let committed = cost(
        &plan("warm_standby", buying("three_year", "no_upfront", 100)),
        &book,
    );
    let summary = committed.commitments.unwrap();
    assert_eq!(summary.saving_monthly_usd, Decimal::ZERO);
    assert!(
        summary
            .not_offered
            .iter()
            .any(|(key, region)| key.contains(".instance") && region == "eu-west-1"),
        "{:?}",
        summary.not_offered
    );
    assert!(committed.lines.iter().all(|line| line.commitment.is_none()));
}

#[test]
fn zero_coverage_and_on_demand_buy_nothing() {
    let on_demand_plan = plan("active_active", |_| {});
    let book = with_rates(uniform_book(&[&on_demand_plan], "1"), "13140", "0.7");
    let none = cost(
        &plan("active_active", buying("one_year", "no_upfront", 0)),
        &book,
    );
    assert!(none.commitments.is_none());
    assert_eq!(none, cost(&on_demand_plan, &book));
}

#[test]
fn a_book_refuses_a_commitment_dearer_than_on_demand() {
    let on_demand_plan = plan("single_region", |_| {});
    // $1 an hour on-demand, a 1-year no-upfront rate of $1.01.
    let book = with_rates(uniform_book(&[&on_demand_plan], "1"), "13140", "1.01");
    let Err(PriceBookError::BadCommitment { field, reason }) = book.validate() else {
        panic!("accepted a commitment above on-demand");
    };
    assert!(field.ends_with(".commitments[1]"), "{field}");
    assert!(reason.contains("more than the on-demand 1"), "{reason}");
}

#[test]
fn coverage_is_validated_with_its_path() {
    let json = serde_json::json!({
        "pattern": "single_region", "primary_region": "us-east-1", "secondary_regions": [],
        "database": {"instance_class": "db.r6g.large"},
        "purchasing": {"term": "one_year", "coverage_percent": 101}
    });
    let error = crate::Plan::from_json(&json.to_string()).unwrap_err();
    assert_eq!(error.path, "purchasing.coverage_percent");
    let json = serde_json::json!({
        "pattern": "single_region", "primary_region": "us-east-1", "secondary_regions": [],
        "database": {"instance_class": "db.r6g.large"},
        "purchasing": {"term": "five_year"}
    });
    let error = crate::Plan::from_json(&json.to_string()).unwrap_err();
    assert_eq!(error.path, "purchasing.term");
}

#[test]
fn dropping_a_region_with_reserved_instances_is_flagged() {
    let committed = |secondaries: &[&str]| {
        crate::test_support::plan_in(
            "hot_standby",
            secondaries,
            buying("three_year", "all_upfront", 100),
        )
    };
    let before = committed(&["eu-west-1", "ap-northeast-1"]);
    let after = committed(&["eu-west-1"]);
    let flagged = crate::commitment::stranded_reservations(&before, &after);
    assert_eq!(flagged.len(), 1, "{flagged:?}");
    assert!(
        flagged[0]
            .starts_with("ap-northeast-1: 2 of 2 reserved Aurora instances (3 years all upfront)"),
        "{flagged:?}"
    );
    // Nothing to flag without a commitment, or when every region stays.
    let on_demand =
        crate::test_support::plan_in("hot_standby", &["eu-west-1", "ap-northeast-1"], |_| {});
    assert!(crate::commitment::stranded_reservations(&on_demand, &after).is_empty());
    assert!(crate::commitment::stranded_reservations(&before, &before).is_empty());
}

#[test]
fn the_comparison_prices_every_pattern_with_the_plans_commitment() {
    let on_demand_plan = plan("warm_standby", |_| {});
    let book = with_rates(uniform_book(&[&on_demand_plan], "1"), "13140", "0.7");
    let committed = plan("warm_standby", buying("three_year", "all_upfront", 100));
    let comparison = crate::compare(&committed, &book);
    for option in &comparison.options {
        let summary = option.estimate.cost.commitments.as_ref().unwrap();
        assert!(
            summary.saving_monthly_usd > Decimal::ZERO,
            "{:?}",
            option.pattern
        );
    }
}

/// A provisioned DynamoDB plan of `pattern` buying `purchase`.
fn provisioned_dynamodb(
    pattern: &str,
    secondaries: &[&str],
    purchase: impl FnOnce(&mut serde_json::Value),
) -> crate::Plan {
    crate::test_support::plan_in(pattern, secondaries, |value| {
        value["database"]["engine"] = "dynamodb".into();
        value["database"]["capacity_mode"] = "provisioned".into();
        purchase(value);
    })
}

#[test]
fn dynamodb_reserved_capacity_covers_reads_and_a_one_region_tables_writes() {
    let global = provisioned_dynamodb(
        "warm_standby",
        &["eu-west-1"],
        buying("three_year", "all_upfront", 100),
    );
    let single = provisioned_dynamodb(
        "single_region",
        &[],
        buying("three_year", "all_upfront", 100),
    );
    let book = with_rates(uniform_book(&[&global, &single], "1"), "13140", "0.7");
    book.validate().unwrap();
    // The default workload: 2,858 RCU and 1,143 WCU, reserved in blocks of 100.
    let committed_units = |estimate: &super::CostEstimate, key: &str| -> Vec<Option<Decimal>> {
        estimate
            .lines
            .iter()
            .filter(|line| {
                line.price_source
                    .as_ref()
                    .is_some_and(|source| source.key == key)
            })
            .map(|line| {
                line.commitment
                    .as_ref()
                    .map(|committed| committed.committed_hours / Decimal::from(730))
            })
            .collect()
    };
    let global_estimate = cost(&global, &book);
    assert_eq!(
        committed_units(&global_estimate, "dynamodb.read_capacity_unit_hours"),
        vec![Some(Decimal::from(2_800)); 2],
        "every replica's reads are reserved"
    );
    assert_eq!(
        committed_units(
            &global_estimate,
            "dynamodb.replicated_write_capacity_unit_hours"
        ),
        vec![None; 2],
        "replicated writes cannot be reserved"
    );
    let single_estimate = cost(&single, &book);
    assert_eq!(
        committed_units(&single_estimate, "dynamodb.write_capacity_unit_hours"),
        vec![Some(Decimal::from(1_100))]
    );
    // On-demand tables have nothing to reserve.
    let on_demand_table = crate::test_support::plan_in("single_region", &[], |value| {
        value["database"]["engine"] = "dynamodb".into();
        buying("three_year", "all_upfront", 100)(value);
    });
    let book = with_rates(uniform_book(&[&on_demand_table], "1"), "13140", "0.7");
    assert!(
        cost(&on_demand_table, &book)
            .lines
            .iter()
            .filter(|line| line.service == "Amazon DynamoDB")
            .all(|line| line.commitment.is_none())
    );
}

#[test]
fn dropping_a_replica_with_reserved_capacity_is_flagged() {
    let before = provisioned_dynamodb(
        "warm_standby",
        &["eu-west-1"],
        buying("one_year", "partial_upfront", 100),
    );
    let after = provisioned_dynamodb(
        "single_region",
        &[],
        buying("one_year", "partial_upfront", 100),
    );
    let flagged = crate::commitment::stranded_reservations(&before, &after);
    assert_eq!(
        flagged,
        vec!["eu-west-1: 2800 of 2800 reserved DynamoDB read capacity units (1 year partial upfront) are no longer provisioned here; reservations are regional and bill until their term ends".to_owned()]
    );
    // A one-region table's reserved writes are stranded when it becomes a global table: its
    // writes turn into replicated units.
    let flagged = crate::commitment::stranded_reservations(&after, &before);
    assert_eq!(flagged.len(), 1, "{flagged:?}");
    assert!(
        flagged[0].starts_with("us-east-1: 1100 of 1100 reserved DynamoDB write capacity units")
    );
    // Going back to on-demand strands every reservation.
    let on_demand = crate::test_support::plan_in("warm_standby", &["eu-west-1"], |value| {
        value["database"]["engine"] = "dynamodb".into();
    });
    assert_eq!(
        crate::commitment::stranded_reservations(&before, &on_demand).len(),
        2
    );
    assert!(crate::commitment::stranded_reservations(&before, &before).is_empty());
}
