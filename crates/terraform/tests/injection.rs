//! Strings from the plan cannot break out of the HCL they land in: whatever the plan's name,
//! every generated `.tf` file still parses, and the name's tag value comes back unchanged
//! from the parsed `locals` block (property test).

use planner::{Decimal, Plan};
use proptest::prelude::*;

fn plan_named(name: &str) -> Option<Plan> {
    let json = serde_json::json!({
        "name": name,
        "pattern": "hot_standby",
        "primary_region": "us-east-1",
        "secondary_regions": ["eu-west-1"],
        "database": {"instance_class": "db.r6g.large"}
    });
    Plan::from_json(&json.to_string()).ok()
}

/// A valid plan carrying `name` as it is, past validation: the generators' own escaping.
fn plan_named_unchecked(name: &str) -> Plan {
    let mut plan = plan_named("plain").unwrap();
    plan.name = name.to_owned();
    plan
}

/// Names made of the characters that could end a string or start an interpolation.
fn hostile_name() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "\"", "\\", "${", "%{", "}", "~}", "\n", "\r", "\t", "$${", "#", "//", "/*", "*/", "<<EOT",
        "a", "Z", "é", "日本", " ", "=", ",", "'", "\u{2028}", "\u{2029}", "\u{85}", "\u{202e}",
        "\u{2066}", "\u{200b}", "\u{b}", "\u{c}",
    ]);
    prop::collection::vec(pieces, 1..30).prop_map(|pieces| pieces.concat())
}

fn tag_in_parsed_locals(main: &str) -> Option<String> {
    let body: hcl::Body = hcl::parse(main).ok()?;
    let locals = body.blocks().find(|block| block.identifier() == "locals")?;
    let tags = locals
        .body()
        .attributes()
        .find(|attribute| attribute.key() == "tags")?;
    let hcl::Expression::FuncCall(call) = tags.expr() else {
        return None;
    };
    let hcl::Expression::Object(object) = call.args.get(1)? else {
        return None;
    };
    object.iter().find_map(|(key, value)| match (key, value) {
        (hcl::ObjectKey::Identifier(identifier), hcl::Expression::String(text))
            if identifier.as_str() == "Plan" =>
        {
            Some(text.clone())
        }
        _ => None,
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn plan_names_cannot_break_out_of_hcl(name in hostile_name()) {
        let Some(plan) = plan_named(&name) else {
            // The plan's own validation refused the name (empty after trimming, too long).
            return Ok(());
        };
        let book = planner::cost::synthetic_price_book(&[&plan], |_| Decimal::ONE);
        let bundle = terraform::generate(&plan, &planner::estimate(&plan, &book));
        for (path, text) in bundle.terraform_files() {
            prop_assert!(hcl::parse(text).is_ok(), "{path} does not parse for name {name:?}");
        }
        let expected = terraform::naming::tag_value(&plan.name);
        prop_assert_eq!(tag_in_parsed_locals(&bundle.files["main.tf"]), Some(expected));
        let prefix = terraform::naming::name_prefix(&plan.name);
        prop_assert!(prefix.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// Whatever the name, no file of the bundle (Terraform, README, app config, diagram) holds a
    /// character any of its languages could read as a line break or a bidirectional control,
    /// and the diagrams stay well-formed XML that names the plan.
    #[test]
    fn no_generated_file_carries_a_line_break_or_bidi_control_from_the_name(name in hostile_name()) {
        let plan = plan_named_unchecked(&name);
        let book = planner::cost::synthetic_price_book(&[&plan], |_| Decimal::ONE);
        let bundle = terraform::generate(&plan, &planner::estimate(&plan, &book));
        for path in [terraform::ARCHITECTURE_SVG, terraform::ARCHITECTURE_AFTER_FAILOVER_SVG] {
            let document = roxmltree::Document::parse(&bundle.files[path]);
            prop_assert!(document.is_ok(), "{path} is not XML for name {name:?}: {document:?}");
            let document = document.unwrap();
            let description = document
                .descendants()
                .find(|node| node.has_tag_name("desc"))
                .and_then(|node| node.text())
                .unwrap_or_default();
            let shown = planner::plan::text::inert(&name);
            prop_assert!(description.contains(&shown), "{path}'s description lacks the name: {description:?}");
        }
        for (path, text) in &bundle.files {
            let stray = text
                .chars()
                .find(|&c| planner::plan::text::is_forbidden(c) && c != '\n');
            prop_assert!(stray.is_none(), "{path} holds {stray:?} for name {name:?}");
        }
    }
}

#[test]
fn the_tag_value_of_a_hostile_name_is_found_where_expected() {
    let plan = plan_named("a \"quoted\" ${var.secret} name").unwrap();
    let book = planner::cost::synthetic_price_book(&[&plan], |_| Decimal::ONE);
    let bundle = terraform::generate(&plan, &planner::estimate(&plan, &book));
    assert_eq!(
        tag_in_parsed_locals(&bundle.files["main.tf"]).as_deref(),
        Some("a quoted var.secret name")
    );
    assert!(!bundle.files["main.tf"].contains("${var.secret}"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any string written as a value survives the formatting passes and parses back unchanged.
    #[test]
    fn any_string_round_trips_through_the_formatter(value in any::<String>(), key_value in "[ -~]{0,40}") {
        let body = hcl::Body::builder()
            .add_block(
                hcl::Block::builder("resource")
                    .add_label("aws_x")
                    .add_label("y")
                    .add_attribute(("a", value.clone()))
                    .add_attribute(("longer_name", terraform::hcl_build::string_keyed_object([(key_value.clone(), terraform::hcl_build::string(value.clone()))])))
                    .build(),
            )
            .build();
        let text = terraform::format::terraform_fmt(&body);
        let parsed: hcl::Body = hcl::parse(&text).map_err(|error| TestCaseError::fail(format!("{error}\n{text}")))?;
        prop_assert_eq!(parsed, body);
    }
}
