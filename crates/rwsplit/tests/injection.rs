//! Text from the plan cannot change what the generated config does: the plan's name (its only
//! free text) changes comment lines and the README only, never a line of code or settings.
//! Names here bypass validation (which rejects control, format and separator characters), so
//! the generators' own escaping is what is tested, and lines are split wherever any of the
//! config's languages ends one.

use planner::{Decimal, Plan};
use proptest::prelude::*;
use rwsplit::{Framework, applicable, generate};

/// A valid plan given `name` as it is, without the name's validation.
fn plan_named(name: &str, engine: &str) -> Plan {
    let value = serde_json::json!({
        "pattern": "warm_standby",
        "primary_region": "us-east-1",
        "secondary_regions": ["eu-west-1"],
        "database": {"engine": engine, "instance_class": "db.r6g.large"},
    });
    let mut plan = Plan::from_json(&value.to_string()).unwrap();
    plan.name = name.to_owned();
    plan
}

/// Every character that ends a line in one of the languages the config is written in:
/// `\n` and `\r` everywhere; U+2028 and U+2029 in JavaScript/TypeScript and YAML 1.1; U+0085
/// in YAML 1.1; vertical tab, form feed and U+001C–U+001E in Python's `splitlines`.
const LINE_BREAKS: [char; 10] = [
    '\n', '\r', '\u{2028}', '\u{2029}', '\u{85}', '\u{b}', '\u{c}', '\u{1c}', '\u{1d}', '\u{1e}',
];

fn lines_of(text: &str) -> impl Iterator<Item = &str> {
    text.split(|character| LINE_BREAKS.contains(&character))
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
        for line in lines_of(&text).filter(|line| !is_comment(line)) {
            lines.push((path.clone(), line.to_owned()));
        }
    }
    lines
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_plan_name_never_reaches_code(
        name in "[ -~]{1,40}|.*[\"'`$\\\\{}<%>*/#;]{1,3}.*|x[\n\r\u{85}\u{2028}\u{2029}\u{202a}-\u{202e}\u{2066}-\u{2069}\u{b}\u{c}]+(import\\(\"node:child_process\"\\)//|production: \\{host: attacker\\}|NODE_OPTIONS=--require=/tmp/x)",
        engine in prop::sample::select(vec!["aurora_postgresql", "aurora_mysql"]),
    ) {
        let name: String = name.chars().take(120).collect();
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
