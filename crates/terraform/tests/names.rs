//! Every name the bundle derives from the plan's name or the `name_prefix` variable meets
//! AWS's rule for its resource type. The names are not read from a list of expectations: each
//! module call of `main.tf` is evaluated (hcl-rs's evaluator) with the prefix, and each
//! resource's name attributes in the called module are evaluated with the call's values, so a
//! new resource or a new suffix is checked as soon as the generator emits it. A resource type
//! with a name attribute and no rule here fails the test.
//!
//! The property: for hostile plan names (the default prefix) and for any prefix the bundle's
//! own `name_prefix` validation accepts, every derived name is valid — so what the validation
//! lets through, `terraform plan`/`apply` will not reject for its name.

use std::collections::BTreeMap;

use hcl::eval::{Context, Evaluate};
use hcl::{Body, Value};
use planner::{Decimal, Plan};
use proptest::prelude::*;
use terraform::Bundle;

/// A naming rule: `Err` says what the name breaks.
type Rule = fn(&str) -> Result<(), String>;

/// (resource type, attribute) → the rule its value must meet.
fn rule(kind: &str, attribute: &str) -> Option<Rule> {
    Some(match (kind, attribute) {
        ("aws_rds_global_cluster", "global_cluster_identifier")
        | ("aws_rds_cluster", "cluster_identifier")
        | ("aws_rds_cluster_instance", "identifier") => |name| rds_identifier(name, 63),
        ("aws_rds_cluster", "final_snapshot_identifier") => |name| rds_identifier(name, 255),
        ("aws_rds_cluster_parameter_group", "name") => |name| rds_identifier(name, 255),
        ("aws_db_subnet_group", "name") => |name| {
            charset(name, 255, |c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || "._ -".contains(c)
            })
        },
        ("aws_lb", "name") | ("aws_lb_target_group", "name") => |name| {
            charset(name, 32, |c| c.is_ascii_alphanumeric() || c == '-')?;
            no_edge_dash(name)?;
            (!name.starts_with("internal-"))
                .then_some(())
                .ok_or("starts with internal-".into())
        },
        ("aws_globalaccelerator_accelerator", "name") => |name| {
            charset(name, 64, |c| {
                c.is_ascii_alphanumeric() || c == '-' || c == '.'
            })?;
            no_edge_dash(name)
        },
        ("aws_iam_role", "name") => |name| {
            charset(name, 64, |c| {
                c.is_ascii_alphanumeric() || "+=,.@_-".contains(c)
            })
        },
        ("aws_iam_role_policy", "name") => |name| {
            charset(name, 128, |c| {
                c.is_ascii_alphanumeric() || "+=,.@_-".contains(c)
            })
        },
        ("aws_lambda_function", "function_name") => |name| charset(name, 64, word_or_dash),
        ("aws_sqs_queue", "name") => |name| charset(name, 80, word_or_dash),
        ("aws_cloudwatch_event_rule", "name") => {
            |name| charset(name, 64, |c| c.is_ascii_alphanumeric() || "._-".contains(c))
        }
        ("aws_sns_topic", "name") => |name| charset(name, 256, word_or_dash),
        ("aws_wafv2_web_acl", "name") => |name| charset(name, 128, word_or_dash),
        ("aws_ecs_cluster", "name")
        | ("aws_ecs_task_definition", "family")
        | ("aws_ecs_service", "name") => |name| charset(name, 255, word_or_dash),
        ("aws_appautoscaling_policy", "name") => {
            |name| charset(name, 255, |c| c.is_ascii_graphic())
        }
        ("aws_cloudwatch_log_group", "name") => |name| {
            charset(name, 512, |c| {
                c.is_ascii_alphanumeric() || "._-/#".contains(c)
            })
        },
        ("aws_cloudwatch_metric_alarm", "alarm_name") => {
            |name| charset(name, 255, |c| c.is_ascii_graphic() || c == ' ')
        }
        ("aws_security_group", "name") => |name| {
            charset(name, 255, |c| c.is_ascii_graphic() || c == ' ')?;
            (!name.starts_with("sg-"))
                .then_some(())
                .ok_or("starts with sg-".into())
        },
        ("aws_dynamodb_table", "name") => |name| {
            charset(name, 255, |c| {
                c.is_ascii_alphanumeric() || "_.-".contains(c)
            })?;
            (name.len() >= 3)
                .then_some(())
                .ok_or("shorter than 3".into())
        },
        ("aws_kms_alias", "name") => |name| {
            let rest = name
                .strip_prefix("alias/")
                .ok_or("does not start with alias/")?;
            (!rest.starts_with("aws/"))
                .then_some(())
                .ok_or("alias/aws/ is reserved")?;
            charset(rest, 250, |c| {
                c.is_ascii_alphanumeric() || "/_-".contains(c)
            })
        },
        ("aws_secretsmanager_secret", "name") => |name| {
            charset(name, 512, |c| {
                c.is_ascii_alphanumeric() || "/_+=.@-".contains(c)
            })
        },
        ("aws_backup_vault", "name") => |name| {
            charset(name, 50, word_or_dash)?;
            (name.len() >= 2)
                .then_some(())
                .ok_or("shorter than 2".into())
        },
        ("aws_backup_plan", "name") | ("aws_backup_selection", "name") => {
            |name| charset(name, 50, |c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        }
        ("aws_elasticache_replication_group", "replication_group_id") => {
            |name| rds_identifier(name, 40)
        }
        ("aws_elasticache_subnet_group", "name") => |name| rds_identifier(name, 255),
        ("aws_ecr_repository", "name") => |name| {
            charset(name, 256, |c| {
                c.is_ascii_lowercase() || c.is_ascii_digit() || "._/-".contains(c)
            })
        },
        _ => return None,
    })
}

/// Attributes that name a resource; a resource of a type without a rule above fails the test.
const NAME_ATTRIBUTES: &[&str] = &[
    "name",
    "function_name",
    "alarm_name",
    "family",
    "identifier",
    "cluster_identifier",
    "global_cluster_identifier",
    "final_snapshot_identifier",
    "replication_group_id",
];

fn word_or_dash(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

fn charset(name: &str, max: usize, allowed: impl Fn(char) -> bool) -> Result<(), String> {
    if name.is_empty() || name.len() > max {
        return Err(format!("length {} not in 1..={max}", name.len()));
    }
    match name.chars().find(|c| !allowed(*c)) {
        Some(c) => Err(format!("character {c:?} not allowed")),
        None => Ok(()),
    }
}

fn no_edge_dash(name: &str) -> Result<(), String> {
    if name.starts_with('-') || name.ends_with('-') {
        return Err("begins or ends with a dash".into());
    }
    Ok(())
}

/// RDS (and ElastiCache) identifiers: a letter first, letters, digits and single dashes, no
/// dash at the end.
fn rds_identifier(name: &str, max: usize) -> Result<(), String> {
    charset(name, max, |c| {
        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
    })?;
    if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        return Err("does not start with a letter".into());
    }
    if name.contains("--") {
        return Err("has two consecutive dashes".into());
    }
    no_edge_dash(name)
}

fn object(entries: impl IntoIterator<Item = (String, Value)>) -> Value {
    Value::Object(entries.into_iter().collect())
}

/// `(type.name.attribute, value)` of every name the bundle derives, with `name_prefix = prefix`.
fn derived_names(bundle: &Bundle, prefix: &str) -> Vec<(String, String, String)> {
    let root: Body = hcl::parse(&bundle.files["main.tf"]).unwrap();
    let mut root_context = Context::new();
    root_context.declare_var(
        "var",
        object([("name_prefix".to_owned(), Value::from(prefix))]),
    );
    let mut names = Vec::new();
    for call in root.blocks().filter(|block| block.identifier() == "module") {
        let source = call
            .body()
            .attributes()
            .find(|attribute| attribute.key() == "source")
            .and_then(|attribute| attribute.expr().evaluate(&root_context).ok())
            .and_then(|value| {
                value
                    .as_str()
                    .map(|s| s.trim_start_matches("./").to_owned())
            })
            .expect("a module source");
        let mut variables: BTreeMap<String, Value> = BTreeMap::new();
        let declared: Body = hcl::parse(&bundle.files[&format!("{source}/variables.tf")]).unwrap();
        for variable in declared.blocks() {
            if let Some(default) = variable
                .body()
                .attributes()
                .find(|attribute| attribute.key() == "default")
                .and_then(|attribute| attribute.expr().evaluate(&Context::new()).ok())
            {
                variables.insert(variable.labels()[0].as_str().to_owned(), default);
            }
        }
        for attribute in call.body().attributes() {
            if let Ok(value) = attribute.expr().evaluate(&root_context) {
                variables.insert(attribute.key().to_owned(), value);
            }
        }
        let mut context = Context::new();
        context.declare_var("var", object(variables));
        context.declare_var("count", object([("index".to_owned(), Value::from(0))]));
        context.declare_var(
            "each",
            object([
                ("key".to_owned(), Value::from("ap-southeast-2")),
                ("value".to_owned(), Value::from("ap-southeast-2")),
            ]),
        );
        let main: Body = hcl::parse(&bundle.files[&format!("{source}/main.tf")]).unwrap();
        for resource in main
            .blocks()
            .filter(|block| block.identifier() == "resource")
        {
            let kind = resource.labels()[0].as_str();
            for attribute in resource.body().attributes() {
                if !NAME_ATTRIBUTES.contains(&attribute.key()) {
                    continue;
                }
                if let Ok(Value::String(value)) = attribute.expr().evaluate(&context) {
                    names.push((
                        format!("{source}: {kind}.{}", attribute.key()),
                        kind.to_owned(),
                        value,
                    ));
                }
            }
        }
    }
    names
}

/// Problems of the names that change with the prefix (literal names such as a parameter
/// group's `family` are not derived).
fn problems(bundle: &Bundle, prefix: &str) -> Vec<String> {
    let other = derived_names(bundle, "prefix-that-differs");
    derived_names(bundle, prefix)
        .into_iter()
        .zip(other)
        .filter(|((_, _, value), (_, _, other_value))| value != other_value)
        .map(|(name, _)| name)
        .filter_map(|(place, kind, value)| {
            let attribute = place.rsplit('.').next().unwrap();
            match rule(&kind, attribute) {
                None => Some(format!(
                    "{place} = {value:?}: no naming rule for this resource type"
                )),
                Some(check) => check(&value)
                    .err()
                    .map(|why| format!("{place} = {value:?}: {why}")),
            }
        })
        .collect()
}

fn plan_json(name: &str, pattern: &str, engine: &str, routing: &str) -> Plan {
    let secondaries: &[&str] = if pattern == "single_region" {
        &[]
    } else {
        &["ap-southeast-2", "eu-central-1"]
    };
    let json = serde_json::json!({
        "name": name,
        "pattern": pattern,
        "primary_region": "ap-northeast-1",
        "secondary_regions": secondaries,
        "database": {"engine": engine, "instance_class": "db.r6g.large"},
        "routing": routing,
        "failover": "automated",
    });
    Plan::from_json(&json.to_string()).unwrap()
}

fn bundle(plan: &Plan) -> Bundle {
    let book = planner::cost::synthetic_price_book(&[plan], |_| Decimal::new(1, 2));
    terraform::generate(plan, &planner::estimate(plan, &book))
}

/// The bundle's own validation of `name_prefix`, as `variables.tf` states it.
fn prefix_is_accepted(prefix: &str) -> bool {
    let pattern = regex::Regex::new(terraform::naming::NAME_PREFIX_PATTERN).unwrap();
    pattern.is_match(prefix) && prefix.len() <= terraform::naming::MAX_PREFIX_LENGTH
}

fn matrix() -> Vec<Plan> {
    let mut plans = Vec::new();
    for pattern in [
        "single_region",
        "backup_restore",
        "pilot_light",
        "active_active",
    ] {
        for engine in ["aurora_postgresql", "dynamodb"] {
            plans.push(plan_json("Names", pattern, engine, "global_accelerator"));
        }
    }
    plans.push(plan_json(
        "Names",
        "warm_standby",
        "aurora_mysql",
        "route53_failover",
    ));
    plans
}

#[test]
fn the_longest_accepted_prefix_gives_valid_names_in_every_module() {
    for plan in matrix() {
        let bundle = bundle(&plan);
        assert!(
            derived_names(&bundle, "a").len() > 20,
            "the names are found"
        );
        for prefix in ["a1", "a-very-long-prefix-1", "z9-9-9-9-9-9-9-9-9-9"] {
            assert!(prefix_is_accepted(prefix), "{prefix}");
            assert_eq!(problems(&bundle, prefix), Vec::<String>::new(), "{prefix}");
        }
    }
}

#[test]
fn prefixes_aws_would_reject_are_rejected_by_the_variable_validation() {
    for prefix in [
        "shop-",
        "shop--eu",
        "Shop",
        "1shop",
        "s",
        "a-very-long-prefix-12",
        "sh_op",
        "",
    ] {
        assert!(
            !prefix_is_accepted(prefix),
            "{prefix:?} must fail validation"
        );
    }
    // And the first two are exactly what AWS rejected once they passed.
    let bundle = bundle(&plan_json(
        "Names",
        "warm_standby",
        "aurora_postgresql",
        "route53_latency",
    ));
    for prefix in ["shop-", "shop--eu"] {
        assert!(
            !problems(&bundle, prefix).is_empty(),
            "{prefix} breaks a derived name"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn hostile_plan_names_give_a_default_prefix_that_validates_and_valid_names(
        name in prop::collection::vec(prop_oneof![
            Just('-'), Just(' '), Just('\u{2028}'), Just('$'), Just('{'), Just('"'), Just('日'),
            Just('É'), Just('_'), Just('.'), prop::char::range('a', 'z'), prop::char::range('0', '9'),
            prop::char::range('A', 'Z'),
        ], 0..40).prop_map(|chars| chars.into_iter().collect::<String>()),
    ) {
        let prefix = terraform::naming::name_prefix(&name);
        prop_assert!(prefix_is_accepted(&prefix), "default prefix {:?} of {:?}", prefix, name);
        let bundle = bundle(&plan_json("Names", "active_active", "aurora_postgresql", "route53_latency"));
        prop_assert_eq!(problems(&bundle, &prefix), Vec::<String>::new());
    }

    #[test]
    fn any_prefix_the_validation_accepts_gives_valid_names(
        prefix in "[a-z][a-z0-9-]{1,20}",
    ) {
        prop_assume!(prefix_is_accepted(&prefix));
        for plan in [
            plan_json("Names", "pilot_light", "aurora_mysql", "global_accelerator"),
            plan_json("Names", "active_active", "dynamodb", "route53_failover"),
        ] {
            prop_assert_eq!(problems(&bundle(&plan), &prefix), Vec::<String>::new());
        }
    }
}
