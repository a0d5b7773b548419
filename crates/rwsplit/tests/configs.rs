//! Every example plan's config for every framework: golden files, which frameworks apply,
//! and the numbers agreeing with the estimate.

use std::path::PathBuf;

use planner::{Decimal, Estimate, Plan};
use rwsplit::{Framework, applicable, generate};

fn examples() -> Vec<(String, Plan)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut plans: Vec<(String, Plan)> = std::fs::read_dir(&dir)
        .expect("examples/ is readable")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .map(|path| {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            let json = std::fs::read_to_string(&path).unwrap();
            (name, Plan::from_json(&json).unwrap())
        })
        .collect();
    plans.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(plans.len(), 6, "one example per pattern");
    plans
}

fn estimate(plan: &Plan) -> Estimate {
    let book = planner::cost::synthetic_price_book(&[plan], |_| Decimal::new(1, 2));
    planner::estimate(plan, &book)
}

#[test]
fn golden_configs() {
    for (name, plan) in examples() {
        let estimate = estimate(&plan);
        for framework in applicable(&plan) {
            let config = generate(&plan, &estimate, framework).unwrap();
            let mut text = String::new();
            // The shared files (.env, README, fill script) are in the env snapshot only.
            for (path, content) in &config.files {
                let shared = path.starts_with(".env.") || path == "README.md";
                if path != rwsplit::FILL_SCRIPT_PATH && (framework == Framework::Env || !shared) {
                    text.push_str(&format!("==> {path}\n{content}\n"));
                }
            }
            insta::assert_snapshot!(format!("{name}-{}", framework.slug()), text);
        }
    }
}

#[test]
fn sql_frameworks_apply_to_aurora_and_only_env_to_dynamodb() {
    for (name, plan) in examples() {
        let frameworks = applicable(&plan);
        match plan.database.engine {
            planner::plan::DatabaseEngine::Dynamodb => {
                assert_eq!(frameworks, vec![Framework::Env], "{name}")
            }
            planner::plan::DatabaseEngine::AuroraMysql => {
                assert!(!frameworks.contains(&Framework::Pgcat), "{name}");
                let all_but_pgcat: Vec<Framework> = Framework::ALL
                    .into_iter()
                    .filter(|framework| *framework != Framework::Pgcat)
                    .collect();
                assert_eq!(frameworks, all_but_pgcat, "{name}");
            }
            planner::plan::DatabaseEngine::AuroraPostgresql => {
                assert_eq!(frameworks, Framework::ALL.to_vec(), "{name}")
            }
        }
        for framework in Framework::ALL {
            let result = generate(&plan, &estimate(&plan), framework);
            assert_eq!(
                result.is_ok(),
                frameworks.contains(&framework),
                "{name} {framework:?}"
            );
            if let Err(error) = result {
                assert!(error.to_string().contains("does not apply"), "{error}");
            }
        }
    }
}

#[test]
fn every_region_that_runs_the_app_gets_an_env_file_with_the_estimates_window() {
    for (name, plan) in examples() {
        let estimate = estimate(&plan);
        let window = estimate.read_write_split.read_after_write.window_ms;
        let config = generate(&plan, &estimate, Framework::Env).unwrap();
        let app_regions: Vec<String> = planner::deployment(&plan)
            .into_iter()
            .filter(|region| region.has_app_infrastructure)
            .map(|region| region.region)
            .collect();
        for region in &app_regions {
            let env = &config.files[&format!(".env.{region}")];
            assert!(env.contains(&format!("\nAWS_REGION={region}\n")), "{name}");
            assert!(
                env.contains(&format!("\nREAD_AFTER_WRITE_WINDOW_MS={window}\n")),
                "{name} {region}"
            );
            if plan.database.engine != planner::plan::DatabaseEngine::Dynamodb {
                assert!(env.contains(&format!(
                    "DATABASE_READER_HOST={{{{terraform:database_reader_endpoints[{region}]}}}}"
                )));
                assert!(env.contains(
                    "DATABASE_WRITER_HOST={{terraform:database_global_writer_endpoint}}"
                ));
                let pool = estimate.read_write_split.pools.as_ref().unwrap().per_task;
                assert!(env.contains(&format!("\nDATABASE_POOL_SIZE={pool}\n")));
            }
        }
        let env_files = config
            .files
            .keys()
            .filter(|path| path.starts_with(".env."))
            .count();
        assert_eq!(env_files, app_regions.len(), "{name}");
    }
}

#[test]
fn rails_waits_the_window_and_django_defaults_to_it() {
    let (_, plan) = examples()
        .into_iter()
        .find(|(name, _)| name == "warm-standby")
        .unwrap();
    let estimate = estimate(&plan);
    let rails = generate(&plan, &estimate, Framework::Rails).unwrap();
    assert!(rails.files["config/initializers/multi_db.rb"].contains("{ delay: 5.seconds }"));
    let django = generate(&plan, &estimate, Framework::Django).unwrap();
    assert!(
        django.files["read_write_split/settings.py"]
            .contains(r#"os.environ.get("READ_AFTER_WRITE_WINDOW_MS", "5000")"#)
    );
}

#[test]
fn no_write_and_no_health_check_crosses_regions() {
    for engine in ["aurora_postgresql", "aurora_mysql"] {
        for (pattern, secondary_role_writes) in [("hot_standby", false), ("active_active", true)] {
            let json = serde_json::json!({
                "pattern": pattern, "primary_region": "us-east-1", "secondary_regions": ["eu-west-1"],
                "database": {"engine": engine, "instance_class": "db.r6g.large"},
            });
            let plan = Plan::from_json(&json.to_string()).unwrap();
            let env = generate(&plan, &estimate(&plan), Framework::Env).unwrap();
            let file = |region: &str| env.files[&format!(".env.{region}")].clone();
            let primary = file("us-east-1");
            assert!(
                primary
                    .contains("DATABASE_WRITER_HOST={{terraform:database_global_writer_endpoint}}")
            );
            assert!(primary.contains("HEALTH_CHECKS_WRITER=true"));
            let secondary = file("eu-west-1");
            if secondary_role_writes {
                // Serving: writes go to its own cluster, which forwards them.
                assert!(
                    secondary.contains(
                        "DATABASE_WRITER_HOST={{terraform:database_reader_endpoints[eu-west-1]}}"
                    ),
                    "{engine}/{pattern}: {secondary}"
                );
                assert!(secondary.contains("HEALTH_CHECKS_WRITER=true"));
            } else {
                // Standby: writes only after promotion, through the then-local global endpoint;
                // its health must not depend on the other region's writer.
                assert!(secondary.contains(
                    "DATABASE_WRITER_HOST={{terraform:database_global_writer_endpoint}}"
                ));
                assert!(
                    secondary.contains("HEALTH_CHECKS_WRITER=false"),
                    "{engine}/{pattern}"
                );
            }
        }
    }
}
