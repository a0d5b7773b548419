//! Text from the plan cannot change what the generated config does: the plan's name (its only
//! free text) changes comment lines and the README only, never a line of code or settings.

use planner::{Decimal, Plan};
use proptest::prelude::*;
use rwsplit::{Framework, applicable, generate};

fn plan_named(name: &str, engine: &str) -> Plan {
    let value = serde_json::json!({
        "name": name,
        "pattern": "warm_standby",
        "primary_region": "us-east-1",
        "secondary_regions": ["eu-west-1"],
        "database": {"engine": engine, "instance_class": "db.r6g.large"},
    });
    Plan::from_json(&value.to_string()).unwrap()
}

fn is_comment(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.starts_with('#') || trimmed.starts_with("//")
}

/// The lines of every file except comments and the README.
fn code(plan: &Plan, framework: Framework) -> Vec<(String, String)> {
    let book = planner::cost::synthetic_price_book(&[plan], |_| Decimal::ONE);
    let config = generate(plan, &planner::estimate(plan, &book), framework).unwrap();
    let mut lines = Vec::new();
    for (path, text) in config.files {
        if path == "README.md" {
            continue;
        }
        for line in text.lines().filter(|line| !is_comment(line)) {
            lines.push((path.clone(), line.to_owned()));
        }
    }
    lines
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_plan_name_never_reaches_code(
        name in "[ -~]{1,40}|.*[\"'`$\\\\{}<%>*/#;]{1,3}.*",
        engine in prop::sample::select(vec!["aurora_postgresql", "aurora_mysql"]),
    ) {
        let name: String = name.chars().filter(|c| !c.is_control()).take(120).collect();
        prop_assume!(!name.is_empty());
        let hostile = plan_named(&name, engine);
        let plain = plan_named("plain", engine);
        for framework in applicable(&hostile) {
            prop_assert_eq!(code(&hostile, framework), code(&plain, framework));
            let book = planner::cost::synthetic_price_book(&[&hostile], |_| Decimal::ONE);
            let config = generate(&hostile, &planner::estimate(&hostile, &book), framework).unwrap();
            if let Some(yaml) = config.files.get("config/database.yml") {
                // ERB runs before YAML: no `<%` may come from the name.
                prop_assert_eq!(yaml.matches("<%=").count(), 4);
            }
        }
    }
}
