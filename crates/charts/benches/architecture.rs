//! Criterion benchmark of the architecture diagram: scene, layout and SVG of a 6-region
//! active-active plan with the bundled snapshot's estimate, as the browser redraws it on
//! every change (the issue's bar: under 1 ms native).
//!
//! Run: `cargo bench -p charts --bench architecture`.

use std::hint::black_box;

use charts::architecture::{View, Width, architecture};
use criterion::{Criterion, criterion_group, criterion_main};
use planner::{Plan, PriceBook};

const SNAPSHOT: &str = include_str!("../../../server/pricing/snapshot.json");

fn diagram(c: &mut Criterion) {
    let prices = PriceBook::from_json(SNAPSHOT).expect("snapshot is valid");
    let plan = Plan::from_json(
        r#"{"pattern":"active_active","primary_region":"us-east-1","secondary_regions":["us-west-2","eu-west-1","eu-central-1","ap-southeast-1","ap-northeast-1"],"database":{"instance_class":"db.r6g.large"}}"#,
    )
    .expect("bench plan is valid");
    let estimate = planner::estimate(&plan, &prices);
    let mut group = c.benchmark_group("architecture");
    for (name, view) in [
        ("planned_6", View::AsPlanned),
        ("failover_6", View::AfterPrimaryLoss),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                architecture(
                    black_box(&plan),
                    black_box(&estimate),
                    view,
                    Width::Wide,
                    "a",
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, diagram);
criterion_main!(benches);
