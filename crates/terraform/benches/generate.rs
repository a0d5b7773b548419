//! Criterion benchmarks of bundle generation: the files of a 6-region active-active plan on
//! Aurora and on DynamoDB, and that bundle zipped (what `POST /api/v1/terraform` does per
//! request after the estimate).
//!
//! Run: `cargo bench -p terraform --bench generate`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use planner::{Decimal, Plan};

fn plan(engine: &str) -> Plan {
    let json = serde_json::json!({
        "pattern": "active_active",
        "primary_region": "us-east-1",
        "secondary_regions": ["us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1"],
        "database": {"engine": engine, "instance_class": "db.r6g.large"},
    });
    Plan::from_json(&json.to_string()).expect("bench plan is valid")
}

fn generate(c: &mut Criterion) {
    for engine in ["aurora_postgresql", "dynamodb"] {
        let plan = plan(engine);
        let book = planner::cost::synthetic_price_book(&[&plan], |_| Decimal::ONE);
        let estimate = planner::estimate(&plan, &book);
        c.bench_function(&format!("generate/6 regions/{engine}"), |b| {
            b.iter(|| terraform::generate(black_box(&plan), black_box(&estimate)))
        });
        let bundle = terraform::generate(&plan, &estimate);
        c.bench_function(&format!("zip/6 regions/{engine}"), |b| {
            b.iter(|| black_box(&bundle).zip())
        });
    }
}

criterion_group!(benches, generate);
criterion_main!(benches);
