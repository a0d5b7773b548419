//! Criterion benchmarks of the app config for a 6-region active-active Aurora plan: one
//! framework (what the planner's App config panel recomputes, in wasm, after each edit) and
//! every framework (the Terraform bundle's `app-config/`).
//!
//! Run: `cargo bench -p rwsplit --bench generate`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use planner::{Decimal, Plan};
use rwsplit::Framework;

fn generate(c: &mut Criterion) {
    let json = serde_json::json!({
        "pattern": "active_active",
        "primary_region": "us-east-1",
        "secondary_regions": ["us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-1", "ap-northeast-1"],
        "database": {"instance_class": "db.r6g.large"},
    });
    let plan = Plan::from_json(&json.to_string()).expect("bench plan is valid");
    let book = planner::cost::synthetic_price_book(&[&plan], |_| Decimal::ONE);
    let estimate = planner::estimate(&plan, &book);
    for framework in [Framework::Env, Framework::Prisma, Framework::Django] {
        c.bench_function(&format!("generate/6 regions/{}", framework.slug()), |b| {
            b.iter(|| rwsplit::generate(black_box(&plan), black_box(&estimate), framework))
        });
    }
    c.bench_function("bundle_files/6 regions/all frameworks", |b| {
        b.iter(|| rwsplit::bundle_files(black_box(&plan), black_box(&estimate)))
    });
}

criterion_group!(benches, generate);
criterion_main!(benches);
