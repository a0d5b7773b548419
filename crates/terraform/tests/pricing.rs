//! Everything a bundle deploys is priced: for every pattern × engine × routing (with and
//! without automated failover), each resource type in the bundle has an entry in
//! `terraform::pricing`, and a priced type has a line in the plan's bill.

use std::collections::BTreeSet;

use planner::Plan;
use planner::cost::bill_of_quantities;
use terraform::pricing::{Billing, billing};

fn matrix() -> Vec<(String, Plan)> {
    let mut plans = Vec::new();
    for pattern in planner::DeploymentPattern::ALL {
        for engine in [
            "aurora_postgresql",
            "aurora_mysql",
            "dynamodb",
            "dynamodb provisioned",
        ] {
            let (engine_slug, capacity) = engine.split_once(' ').unwrap_or((engine, "on_demand"));
            for routing in ["route53_failover", "route53_latency", "global_accelerator"] {
                for failover in ["automated", "manual"] {
                    let secondaries: &[&str] =
                        if pattern == planner::DeploymentPattern::SingleRegion {
                            &[]
                        } else {
                            &["eu-west-1", "us-west-1"]
                        };
                    let json = serde_json::json!({
                        "pattern": pattern.slug(), "primary_region": "us-east-1",
                        "secondary_regions": secondaries, "routing": routing, "failover": failover,
                        "database": {"engine": engine_slug, "instance_class": "db.r6g.large", "capacity_mode": capacity},
                    });
                    if let Ok(plan) = Plan::from_json(&json.to_string()) {
                        plans.push((
                            format!("{} × {engine} × {routing} × {failover}", pattern.slug()),
                            plan,
                        ));
                    }
                }
            }
        }
    }
    plans
}

fn resource_types(bundle: &terraform::Bundle) -> BTreeSet<String> {
    bundle
        .files
        .iter()
        .filter(|(path, _)| path.ends_with(".tf"))
        .flat_map(|(_, text)| {
            let body: hcl::Body = hcl::parse(text).unwrap();
            body.into_blocks()
                .filter(|block| block.identifier() == "resource")
                .map(|block| block.labels()[0].as_str().to_owned())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The resource types of `types` that the table leaves out, or that it prices by keys the
/// plan's bill does not have.
fn unpriced(types: &BTreeSet<String>, plan: &Plan) -> Vec<String> {
    let keys: Vec<String> = bill_of_quantities(plan)
        .into_iter()
        .map(|line| line.price_key)
        .collect();
    types
        .iter()
        .filter_map(|resource_type| match billing(resource_type) {
            None => Some(format!("{resource_type}: not in terraform::pricing")),
            Some(Billing::Priced(prefixes)) => (!keys
                .iter()
                .any(|key| prefixes.iter().any(|prefix| key.starts_with(prefix))))
            .then(|| format!("{resource_type}: the bill has no line keyed {prefixes:?}")),
            Some(Billing::Free(_) | Billing::Negligible(_)) => None,
        })
        .collect()
}

#[test]
fn every_resource_a_bundle_deploys_has_a_cost_line_or_a_reason() {
    let plans = matrix();
    assert!(plans.len() >= 90, "the matrix holds {} plans", plans.len());
    let mut seen = BTreeSet::new();
    for (name, plan) in &plans {
        let book = planner::cost::synthetic_price_book(&[plan], |_| planner::Decimal::ONE);
        let bundle = terraform::generate(plan, &planner::estimate(plan, &book));
        let types = resource_types(&bundle);
        let problems = unpriced(&types, plan);
        assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
        seen.extend(types);
    }
    assert!(
        seen.contains("aws_elasticache_replication_group") && seen.contains("aws_lambda_function")
    );
}

#[test]
fn the_check_fails_on_a_new_resource_type_or_a_missing_line() {
    let (_, plan) = matrix().remove(0);
    let types: BTreeSet<String> = ["aws_lb".to_owned(), "aws_opensearch_domain".to_owned()].into();
    assert_eq!(
        unpriced(&types, &plan),
        vec!["aws_opensearch_domain: not in terraform::pricing".to_owned()]
    );
    // A DynamoDB plan has no Aurora lines: an Aurora cluster in its bundle would be unpriced.
    let dynamodb = Plan::from_json(
        r#"{"pattern":"warm_standby","primary_region":"us-east-1","secondary_regions":["eu-west-1"],"database":{"engine":"dynamodb","instance_class":"db.r6g.large"}}"#,
    )
    .unwrap();
    let types: BTreeSet<String> = ["aws_rds_cluster".to_owned()].into();
    assert_eq!(unpriced(&types, &dynamodb).len(), 1);
}

#[test]
fn the_counts_the_estimate_assumes_are_the_bundles() {
    let plan = Plan::from_json(
        r#"{"pattern":"hot_standby","primary_region":"us-east-1","secondary_regions":["us-west-1"],"database":{"instance_class":"db.r6g.large"},"app":{"tasks":4}}"#,
    )
    .unwrap();
    let book = planner::cost::synthetic_price_book(&[&plan], |_| planner::Decimal::ONE);
    let bundle = terraform::generate(&plan, &planner::estimate(&plan, &book));
    let app = &bundle.files["modules/app/main.tf"];
    let body: hcl::Body = hcl::parse(app).unwrap();
    let web_acl = body
        .into_blocks()
        .find(|block| {
            block.identifier() == "resource" && block.labels()[0].as_str() == "aws_wafv2_web_acl"
        })
        .unwrap();
    let rules = web_acl
        .body
        .blocks()
        .filter(|block| block.identifier() == "rule")
        .count();
    assert_eq!(rules as u32, planner::cost::WAF_RULES_PER_WEB_ACL);
    // Zones: the bundle's default zones per region are the estimate's.
    for region in planner::catalog::REGIONS {
        assert_eq!(
            terraform::zones::zone_ids(region.code).len() as u32,
            planner::catalog::availability_zones(region.code),
            "{}",
            region.code
        );
    }
}
