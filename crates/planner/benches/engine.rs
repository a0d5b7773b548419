//! Criterion benchmarks of the estimation engine with the bundled snapshot price book: one
//! estimate, and a compare of all six patterns, for plans with 1, 3 and 6 regions. The browser
//! recomputes a compare on every input change, so it has to stay well under a millisecond. The
//! same compare with a 3-year all-upfront commitment prices the committed lines apart.
//!
//! Run: `cargo bench -p planner --bench engine`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use planner::{Plan, PriceBook};

const SNAPSHOT: &str = include_str!("../../../server/pricing/snapshot.json");

fn plan(pattern: &str, secondaries: &[&str]) -> Plan {
    let json = serde_json::json!({
        "pattern": pattern,
        "primary_region": "us-east-1",
        "secondary_regions": secondaries,
        "database": {"instance_class": "db.r6g.large"},
    });
    Plan::from_json(&json.to_string()).expect("bench plan is valid")
}

fn engine(c: &mut Criterion) {
    let prices = PriceBook::from_json(SNAPSHOT).expect("snapshot is valid");
    let plans = [
        (1, plan("single_region", &[])),
        (3, plan("active_active", &["eu-west-1", "ap-southeast-1"])),
        (
            6,
            plan(
                "active_active",
                &[
                    "us-west-2",
                    "eu-west-1",
                    "eu-central-1",
                    "ap-southeast-1",
                    "ap-northeast-1",
                ],
            ),
        ),
    ];
    let mut group = c.benchmark_group("estimate");
    for (regions, plan) in &plans {
        group.bench_with_input(BenchmarkId::from_parameter(regions), plan, |b, plan| {
            b.iter(|| planner::estimate(black_box(plan), black_box(&prices)))
        });
    }
    group.finish();
    let mut group = c.benchmark_group("compare_six_patterns");
    for (regions, plan) in &plans {
        group.bench_with_input(BenchmarkId::from_parameter(regions), plan, |b, plan| {
            b.iter(|| planner::compare(black_box(plan), black_box(&prices)))
        });
    }
    group.finish();
    let mut group = c.benchmark_group("compare_six_patterns_committed");
    for (regions, plan) in &plans {
        let mut committed = plan.clone();
        committed.purchasing.term = planner::plan::PurchaseTerm::ThreeYear;
        committed.purchasing.payment = planner::plan::PaymentOption::AllUpfront;
        group.bench_with_input(
            BenchmarkId::from_parameter(regions),
            &committed,
            |b, plan| b.iter(|| planner::compare(black_box(plan), black_box(&prices))),
        );
    }
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
