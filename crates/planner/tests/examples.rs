//! Every plan in `examples/` decodes and validates, and together they cover every pattern.

use std::collections::BTreeSet;
use std::path::Path;

use planner::{DeploymentPattern, Plan};

#[test]
fn every_example_plan_is_valid_and_every_pattern_has_one() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut patterns = BTreeSet::new();
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("examples/ exists") {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|extension| extension != "json") {
            continue;
        }
        let json = std::fs::read_to_string(&path).unwrap();
        let plan = Plan::from_json(&json).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        patterns.insert(plan.pattern);
        count += 1;
    }
    assert_eq!(count, 6, "one example per pattern");
    assert_eq!(patterns, DeploymentPattern::ALL.into_iter().collect());
}
