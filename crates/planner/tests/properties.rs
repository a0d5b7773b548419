//! Property tests of the estimation engine's invariants over generated plans and price books:
//! totals add up, more regions never cost less, the patterns order by recovery time and cost,
//! and no decodable plan makes the engine panic.

use planner::catalog::{FARGATE_SIZES, INSTANCE_CLASSES, REGIONS};
use planner::compare::variant;
use planner::cost::synthetic_price_book;
use planner::{Decimal, DeploymentPattern, Plan, PriceBook, compare};
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use serde_json::{Value, json};

/// A valid plan as JSON: any pattern, regions, engine, class and workload within the ranges.
fn plan_json() -> impl Strategy<Value = Value> {
    let region_codes: Vec<&'static str> = REGIONS.iter().map(|region| region.code).collect();
    let classes: Vec<&'static str> = INSTANCE_CLASSES.iter().map(|class| class.name).collect();
    let regions = subsequence(region_codes.clone(), 2..=7).prop_shuffle();
    let database = (
        select(vec!["aurora_postgresql", "aurora_mysql", "dynamodb"]),
        select(classes),
        0u32..=15,
        1u32..=131_072,
        select(vec!["standard", "io_optimized"]),
        0u32..=10_000_000,
        0u32..=1_000_000,
        1u32..=1_024,
        select(vec!["on_demand", "provisioned"]),
    );
    let app = (0..FARGATE_SIZES.len(), 0.0f64..=1.0, 1u32..=1_000);
    let rest = (
        0u64..=10_000_000_000_000,
        0u64..=100_000_000,
        select(vec![
            "route53_latency",
            "route53_failover",
            "global_accelerator",
        ]),
        select(vec![10u32, 30]),
        1u32..=10,
        0u32..=86_400,
        select(vec!["automated", "manual"]),
    );
    (
        select(DeploymentPattern::ALL.to_vec()),
        regions,
        database,
        app,
        rest,
    )
        .prop_map(|(pattern, regions, database, app, rest)| {
            let (engine, class, readers, storage, mode, reads, writes, write_kb, capacity) =
                database;
            let (size, memory_fraction, tasks) = app;
            let (vcpu, _, _) = FARGATE_SIZES[size];
            // One of the memory sizes Fargate offers for this vCPU.
            let options = planner::catalog::fargate_memory_options(vcpu);
            let pick =
                ((options.len() as f64 * memory_fraction).floor() as usize).min(options.len() - 1);
            let memory = options[pick];
            let (requests, egress, routing, interval, threshold, ttl, failover) = rest;
            let secondaries: Vec<&str> = if pattern.is_multi_region() {
                regions[1..].to_vec()
            } else {
                Vec::new()
            };
            json!({
                "pattern": pattern.slug(),
                "primary_region": regions[0],
                "secondary_regions": secondaries,
                "database": {
                    "engine": engine, "instance_class": class, "readers_per_region": readers,
                    "storage_gb": storage, "storage_mode": mode, "reads_per_second": reads,
                    "writes_per_second": writes, "average_write_kb": write_kb,
                    "capacity_mode": capacity,
                },
                "app": {"vcpu": vcpu, "memory_gb": memory, "tasks": tasks},
                "traffic": {"requests_per_month": requests, "egress_gb_per_month": egress},
                "routing": routing,
                "health_check": {"interval_seconds": interval, "failure_threshold": threshold},
                "dns_ttl_seconds": ttl,
                "failover": failover,
            })
        })
}

fn decode(json: &Value) -> Plan {
    Plan::from_json(&json.to_string()).unwrap_or_else(|err| panic!("{err}: {json}"))
}

/// A book pricing every key any plan of `plans` bills, with the price chosen per key by
/// `price_of` (so a key costs the same in every region).
fn book_for(plans: &[&Plan], price_of: impl Fn(&str) -> Decimal) -> PriceBook {
    synthetic_price_book(plans, price_of)
}

/// A price per key between $0.000001 and $1, the same for every key with the same seed.
fn seeded_price(seed: u64) -> impl Fn(&str) -> Decimal {
    move |key: &str| {
        let hash = key.bytes().fold(seed, |hash, byte| {
            hash.wrapping_mul(31).wrapping_add(u64::from(byte))
        });
        Decimal::new(i64::try_from(hash % 1_000_000).unwrap() + 1, 6)
    }
}

fn all_patterns(plan: &Plan) -> Vec<Plan> {
    DeploymentPattern::ALL
        .iter()
        .map(|pattern| variant(plan, *pattern))
        .collect()
}

proptest! {
    // Failures print the plan; they are not persisted (this is an integration test, which
    // proptest's source-relative persistence cannot place).
    // 256 cases by default; PROPTEST_CASES=N for a longer run.
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn totals_equal_the_sum_of_lines(json in plan_json(), seed in any::<u64>()) {
        let plan = decode(&json);
        let prices = book_for(&[&plan], seeded_price(seed));
        let cost = planner::cost(&plan, &prices);
        prop_assert!(cost.missing_prices.is_empty());
        let line_sum: Decimal = cost.lines.iter().filter_map(|line| line.monthly_usd).sum();
        let region_sum: Decimal = cost.region_totals.iter().map(|(_, total)| *total).sum();
        prop_assert_eq!(cost.total_monthly_usd, line_sum);
        prop_assert_eq!(cost.total_monthly_usd, region_sum);
        for (region, total) in &cost.region_totals {
            let lines: Decimal = cost
                .lines
                .iter()
                .filter(|line| &line.region == region)
                .filter_map(|line| line.monthly_usd)
                .sum();
            prop_assert_eq!(*total, lines, "region {}", region);
        }
    }

    #[test]
    fn adding_a_region_never_lowers_cost(json in plan_json(), seed in any::<u64>()) {
        let mut plan = decode(&json);
        if !plan.pattern.is_multi_region() {
            plan = variant(&plan, DeploymentPattern::WarmStandby);
        }
        while plan.secondary_regions.len() < 2 {
            let unused = REGIONS
                .iter()
                .map(|region| region.code)
                .find(|code| *code != plan.primary_region && !plan.secondary_regions.iter().any(|r| r == code))
                .unwrap();
            plan.secondary_regions.push(unused.to_owned());
        }
        let mut fewer = plan.clone();
        fewer.secondary_regions.pop();
        let prices = book_for(&[&plan, &fewer], seeded_price(seed));
        let more_cost = planner::cost(&plan, &prices).total_monthly_usd;
        let fewer_cost = planner::cost(&fewer, &prices).total_monthly_usd;
        prop_assert!(
            more_cost >= fewer_cost,
            "{} regions cost {} < {} regions cost {}",
            plan.secondary_regions.len() + 1, more_cost, fewer.secondary_regions.len() + 1, fewer_cost
        );
    }

    /// From backup & restore to active-active (the published order of the patterns), recovery
    /// time (typical and worst case) never rises and cost never falls (beyond line rounding), for the same workload and
    /// prices.
    #[test]
    fn recovery_time_falls_and_cost_rises_along_the_patterns(json in plan_json(), seed in any::<u64>()) {
        let plan = decode(&json);
        let variants = all_patterns(&plan);
        let multi_region: Vec<&Plan> = variants
            .iter()
            .filter(|variant| variant.pattern.is_multi_region())
            .collect();
        // Prices that vary by pattern, not by place: a key's variants for a destination region
        // or a continent (`…:eu-west-1`, `…:EU`) cost the same, so serving some users from a
        // cheaper continent cannot make active-active look cheaper than hot standby.
        let price = seeded_price(seed);
        // A global table's writes (rWCU, rWRU) cost what a one-region table's (WCU, WRU) do,
        // as AWS has priced them since November 2024: backup & restore's one-region table
        // becomes a global table at pilot light.
        let prices = book_for(&multi_region, |key| {
            let key = key.split(':').next().unwrap_or(key);
            price(match key {
                "dynamodb.replicated_write_capacity_unit_hours" => "dynamodb.write_capacity_unit_hours",
                "dynamodb.replicated_write_request_units" => "dynamodb.write_request_units",
                other => other,
            })
        });
        let mut previous: Option<(DeploymentPattern, u32, Decimal)> = None;
        let mut previous_worst: Option<u32> = None;
        for variant in multi_region {
            let estimate = planner::estimate(variant, &prices);
            let rto = estimate.recovery.rto_seconds.expect("a multi-region pattern recovers");
            let worst = estimate.recovery.rto_worst_seconds.expect("and has a worst case");
            prop_assert!(worst >= rto);
            if let Some(previous_worst) = previous_worst {
                prop_assert!(
                    worst <= previous_worst,
                    "worst-case RTO rises to {:?} ({} > {})", variant.pattern, worst, previous_worst
                );
            }
            previous_worst = Some(worst);
            let cost = estimate.cost.total_monthly_usd;
            // Each line is rounded to 1/100 of a cent, so a pattern that splits a quantity over
            // more regions (active-active's egress) may differ by that much per line.
            let rounding = Decimal::new(1, 4) * Decimal::from(estimate.cost.lines.len());
            if let Some((pattern, previous_rto, previous_cost)) = previous {
                prop_assert!(
                    rto <= previous_rto,
                    "RTO rises from {:?} ({}) to {:?} ({})", pattern, previous_rto, variant.pattern, rto
                );
                prop_assert!(
                    cost + rounding >= previous_cost,
                    "cost falls from {:?} ({}) to {:?} ({})", pattern, previous_cost, variant.pattern, cost
                );
            }
            previous = Some((variant.pattern, rto, cost));
        }
    }

    /// Any JSON the decoder accepts can be estimated and compared without a panic, whatever the
    /// price book holds; the values here stray far outside sensible workloads.
    #[test]
    fn no_panic_on_any_decodable_plan(
        json in plan_json(),
        numbers in proptest::collection::vec(any::<u64>(), 12),
        floats in proptest::collection::vec(any::<f64>(), 2),
        seed in any::<u64>(),
    ) {
        let mut json = json;
        let numeric_paths = [
            "/database/readers_per_region", "/database/storage_gb", "/database/reads_per_second",
            "/database/writes_per_second", "/database/average_write_kb", "/app/tasks",
            "/traffic/requests_per_month", "/traffic/egress_gb_per_month",
            "/health_check/interval_seconds", "/health_check/failure_threshold",
            "/dns_ttl_seconds", "/app/standby_capacity_percent",
        ];
        for (path, number) in numeric_paths.iter().zip(&numbers) {
            // Mostly keep the valid value; sometimes replace it with an arbitrary one.
            if number % 3 == 0 {
                set(&mut json, path, json!(number >> (number % 64)));
            }
        }
        for (path, float) in ["/app/vcpu", "/app/memory_gb"].iter().zip(&floats) {
            if float.is_finite() && (float.to_bits() % 3 == 0) {
                set(&mut json, path, json!(float));
            }
        }
        if let Ok(plan) = Plan::from_json(&json.to_string()) {
            let variants = all_patterns(&plan);
            let refs: Vec<&Plan> = variants.iter().collect();
            let prices = book_for(&refs, seeded_price(seed));
            let _ = planner::estimate(&plan, &prices);
            let _ = compare(&plan, &prices);
        }
    }
}

fn set(json: &mut Value, pointer: &str, value: Value) {
    let (parent, field) = pointer.rsplit_once('/').unwrap();
    let target = if parent.is_empty() {
        Some(json)
    } else {
        json.pointer_mut(parent)
    };
    if let Some(Value::Object(object)) = target {
        object.insert(field.to_owned(), value);
    }
}
