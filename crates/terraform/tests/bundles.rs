//! The bundle for every example plan: each `.tf` file parses, is already in canonical form,
//! the same plan gives the same bytes, and a golden snapshot per pattern shows any change.

use std::path::PathBuf;

use planner::plan::{DatabaseEngine, Routing};
use planner::{Decimal, DeploymentPattern, Plan};
use terraform::{Bundle, generate};

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

fn bundle(plan: &Plan) -> Bundle {
    let book = planner::cost::synthetic_price_book(&[plan], |_| Decimal::new(1, 2));
    generate(plan, &planner::estimate(plan, &book))
}

#[test]
fn every_terraform_file_parses_and_is_already_canonical() {
    for (name, plan) in examples() {
        let bundle = bundle(&plan);
        assert!(bundle.terraform_files().count() >= 20, "{name}");
        for (path, text) in bundle.terraform_files() {
            let body: hcl::Body =
                hcl::parse(text).unwrap_or_else(|error| panic!("{name}/{path}: {error}"));
            if path.ends_with(".tf") && !text.contains("#checkov:skip") {
                assert_eq!(
                    &terraform::format::terraform_fmt(&body),
                    text,
                    "{name}/{path}: formatting what it parses to gives the same text"
                );
            }
            assert!(
                text.ends_with("}\n"),
                "{name}/{path} ends with a newline after its last block"
            );
            assert!(
                !text.contains("\n\n\n"),
                "{name}/{path} has no double blank lines"
            );
        }
    }
}

#[test]
fn the_same_plan_gives_the_same_zip_and_a_changed_plan_another() {
    let (_, plan) = examples().remove(5);
    let first = bundle(&plan).zip();
    assert_eq!(
        first,
        bundle(&plan).zip(),
        "byte-identical zip for the same plan"
    );
    let mut changed = plan.clone();
    changed.app.tasks += 1;
    assert_ne!(first, bundle(&changed).zip());
}

#[test]
fn the_zip_holds_every_file_in_path_order_under_one_folder_with_fixed_timestamps() {
    let (_, plan) = examples().remove(0);
    let bundle = bundle(&plan);
    let bytes = bundle.zip();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let names: Vec<String> = (0..archive.len())
        .map(|index| archive.by_index(index).unwrap().name().to_owned())
        .collect();
    let mut expected: Vec<String> = bundle
        .files
        .keys()
        .chain(bundle.binary_files.keys())
        .map(|path| format!("regionwise-terraform/{path}"))
        .collect();
    expected.sort();
    assert_eq!(names, expected);
    for index in 0..archive.len() {
        let entry = archive.by_index(index).unwrap();
        assert_eq!(
            entry.last_modified(),
            Some(zip::DateTime::default()),
            "{}",
            entry.name()
        );
    }
    let mut readme = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("regionwise-terraform/README.md").unwrap(),
        &mut readme,
    )
    .unwrap();
    assert_eq!(&readme, &bundle.files["README.md"]);
}

#[test]
fn automated_failover_ships_its_function_as_a_deterministic_zip_and_needs_only_the_aws_provider() {
    for (name, plan) in examples() {
        let bundle = bundle(&plan);
        for (path, text) in bundle.terraform_files() {
            let body: hcl::Body = hcl::parse(text).unwrap();
            for terraform in body
                .blocks()
                .filter(|block| block.identifier() == "terraform")
            {
                for providers in terraform
                    .body()
                    .blocks()
                    .filter(|block| block.identifier() == "required_providers")
                {
                    let names: Vec<&str> = providers.body().attributes().map(|a| a.key()).collect();
                    assert_eq!(names, ["aws"], "{name}/{path}: only the AWS provider");
                }
            }
            assert!(!text.contains("archive_file"), "{name}/{path}");
        }
        let automated = plan.failover == planner::plan::FailoverMode::Automated
            && plan.database.engine != planner::plan::DatabaseEngine::Dynamodb
            && plan.pattern != planner::DeploymentPattern::SingleRegion;
        match bundle.binary_files.get("modules/failover/failover.zip") {
            Some(zip) => {
                assert!(
                    automated,
                    "{name}: a function zip without automated failover"
                );
                let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
                assert_eq!(archive.len(), 1, "{name}: the zip holds failover.py alone");
                let mut source = String::new();
                std::io::Read::read_to_string(
                    &mut archive.by_name("failover.py").unwrap(),
                    &mut source,
                )
                .unwrap();
                assert_eq!(source, bundle.files["modules/failover/failover.py"]);
                assert_eq!(zip, &terraform::modules::failover::source_zip());
                let main = &bundle.files["modules/failover/main.tf"];
                assert!(main.contains("= \"${path.module}/failover.zip\"\n"));
                assert!(main.contains("filebase64sha256(\"${path.module}/failover.zip\")"));
            }
            None => assert!(
                !automated,
                "{name}: automated failover without its function"
            ),
        }
    }
}

#[test]
fn each_pattern_deploys_what_the_estimate_prices() {
    for (name, plan) in examples() {
        let bundle = bundle(&plan);
        let main = &bundle.files["main.tf"];
        for region in planner::deployment(&plan) {
            let id = region.region.replace('-', "_");
            assert!(
                main.contains(&format!("module \"encryption_{id}\"")),
                "{name}: key in {}",
                region.region
            );
            assert_eq!(
                main.contains(&format!("module \"app_{id}\"")),
                region.has_app_infrastructure,
                "{name}: app in {}",
                region.region
            );
            if region.has_app_infrastructure {
                let block = module_block(main, &format!("app_{id}"));
                assert!(
                    block.contains(&format!("min_tasks = {}", region.app_tasks)),
                    "{name}: {block}"
                );
            }
            if plan.database.engine != planner::plan::DatabaseEngine::Dynamodb
                && region.has_live_data()
            {
                let block = module_block(main, &format!("database_{id}"));
                assert!(
                    block.contains(&format!("instance_count = {}", region.database_instances)),
                    "{name}: {block}"
                );
            }
        }
    }
}

/// The module block's text with runs of spaces collapsed (alignment aside).
fn module_block(main: &str, name: &str) -> String {
    let start = main
        .find(&format!("module \"{name}\" {{"))
        .unwrap_or_else(|| panic!("module {name}"));
    let end = main[start..]
        .find("\n}\n")
        .map(|end| start + end)
        .unwrap_or(main.len());
    main[start..end]
        .split(' ')
        .filter(|piece| !piece.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn golden_bundles() {
    for (name, plan) in examples() {
        let bundle = bundle(&plan);
        let mut text = String::new();
        // app-config/ has its own golden files in the rwsplit crate.
        for (path, content) in bundle
            .files
            .iter()
            .filter(|(path, _)| !path.starts_with("app-config/"))
        {
            text.push_str(&format!("==> {path}\n{content}\n"));
        }
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn every_pattern_engine_and_routing_gives_canonical_hcl_and_a_module_for_each_call() {
    let patterns = DeploymentPattern::ALL.map(|p| p.slug());
    let engines = DatabaseEngine::ALL.map(|e| e.slug());
    let routings = Routing::ALL.map(|r| r.slug());
    for pattern in patterns {
        for engine in engines {
            for routing in routings {
                let secondaries: &[&str] = if pattern == "single_region" {
                    &[]
                } else {
                    &["eu-west-1", "ap-southeast-1"]
                };
                let json = serde_json::json!({
                    "pattern": pattern,
                    "primary_region": "us-east-1",
                    "secondary_regions": secondaries,
                    "database": {"engine": engine, "instance_class": "db.r6g.large"},
                    "routing": routing,
                });
                let plan = Plan::from_json(&json.to_string()).unwrap();
                let bundle = bundle(&plan);
                let label = format!("{pattern}/{engine}/{routing}");
                for (path, text) in bundle.terraform_files() {
                    let body: hcl::Body =
                        hcl::parse(text).unwrap_or_else(|error| panic!("{label} {path}: {error}"));
                    if !text.contains("#checkov:skip") {
                        assert_eq!(
                            &terraform::format::terraform_fmt(&body),
                            text,
                            "{label} {path}"
                        );
                    }
                }
                for source in bundle.files["main.tf"]
                    .lines()
                    .filter_map(|line| line.trim().strip_prefix("source = \"./"))
                {
                    let dir = source.trim_end_matches('"');
                    assert!(
                        bundle.files.contains_key(&format!("{dir}/main.tf")),
                        "{label}: {dir} is called but not shipped"
                    );
                }
            }
        }
    }
}

/// Every placeholder in `app-config/` names an output of this bundle (and, for a map, one of
/// its keys), and the lag alarms fire at the app's read-after-write window.
#[test]
fn the_app_config_names_only_outputs_the_bundle_has() {
    for (name, plan) in examples() {
        let bundle = bundle(&plan);
        let outputs: hcl::Body = hcl::parse(&bundle.files["outputs.tf"]).unwrap();
        let output_value = |output: &str| -> Option<String> {
            outputs
                .blocks()
                .find(|block| {
                    block.identifier() == "output"
                        && block.labels().first().map(|label| label.as_str()) == Some(output)
                })
                .map(|block| {
                    let value = block
                        .body()
                        .attributes()
                        .find(|a| a.key() == "value")
                        .unwrap();
                    hcl::format::to_string(&value.expr).unwrap()
                })
        };
        let app_config: Vec<(&String, &String)> = bundle
            .files
            .iter()
            .filter(|(path, _)| path.starts_with("app-config/"))
            .collect();
        assert!(app_config.len() >= 3, "{name}: app-config/ is shipped");
        let mut placeholders = 0;
        for (path, text) in &app_config {
            for piece in text.split("{{terraform:").skip(1) {
                let reference = &piece[..piece.find("}}").unwrap()];
                if reference.starts_with(|c: char| c.is_ascii_uppercase()) {
                    continue; // an explanation (`{{terraform:OUTPUT}}`), not a placeholder
                }
                placeholders += 1;
                let (output, key) = match reference.split_once('[') {
                    Some((output, key)) => (output, Some(key.trim_end_matches(']'))),
                    None => (reference, None),
                };
                let value = output_value(output)
                    .unwrap_or_else(|| panic!("{name}/{path}: no output {output}"));
                if let Some(key) = key {
                    assert!(
                        value.contains(&format!("\"{key}\"")),
                        "{name}/{path}: output {output} has no key {key}: {value}"
                    );
                }
            }
        }
        assert!(
            placeholders > 0,
            "{name}: the config names Terraform outputs"
        );
        let window = planner::read_write_split(&plan).read_after_write.window_ms;
        let main = &bundle.files["main.tf"];
        assert!(
            main.contains(&format!("replication_lag_threshold_ms = {window}")),
            "{name}: monitoring alarms at the {window} ms window"
        );
    }
}

/// `module "NAME" { … }`'s attributes in `main.tf`, parsed.
fn module_attributes(main: &str, name: &str) -> Option<hcl::Body> {
    let body: hcl::Body = hcl::parse(main).unwrap();
    body.into_blocks()
        .find(|block| block.identifier() == "module" && block.labels()[0].as_str() == name)
        .map(|block| block.body)
}

#[test]
fn every_variable_the_app_config_reads_is_set_on_the_container() {
    let mut plans: Vec<(String, Plan)> = examples();
    for engine in DatabaseEngine::ALL.map(|e| e.slug()) {
        for pattern in ["single_region", "pilot_light", "active_active"] {
            let secondaries: &[&str] = if pattern == "single_region" {
                &[]
            } else {
                &["eu-west-1", "ap-southeast-1"]
            };
            let json = serde_json::json!({
                "pattern": pattern, "primary_region": "us-east-1", "secondary_regions": secondaries,
                "database": {"engine": engine, "instance_class": "db.r6g.large"},
            });
            plans.push((
                format!("{pattern}/{engine}"),
                Plan::from_json(&json.to_string()).unwrap(),
            ));
        }
    }
    for (name, plan) in plans {
        let bundle = bundle(&plan);
        let main = &bundle.files["main.tf"];
        let aurora = plan.database.engine != planner::plan::DatabaseEngine::Dynamodb;
        let env_files: Vec<(&String, &String)> = bundle
            .files
            .iter()
            .filter(|(path, _)| path.starts_with("app-config/.env."))
            .collect();
        assert!(!env_files.is_empty(), "{name}: an .env per app region");
        for (path, text) in env_files {
            let region = path.trim_start_matches("app-config/.env.");
            let module = format!("app_{}", region.replace('-', "_"));
            let call = module_attributes(main, &module)
                .unwrap_or_else(|| panic!("{name}: {module} runs the app in {region}"));
            let attribute = |key: &str| {
                call.attributes()
                    .find(|attribute| attribute.key() == key)
                    .map(|attribute| attribute.expr().to_string())
            };
            let environment = attribute("environment").unwrap_or_default();
            for line in text.lines().filter(|line| !line.starts_with('#')) {
                let Some((variable, _)) = line.split_once('=') else {
                    continue;
                };
                assert!(
                    environment.contains(&format!("\"{variable}\" = ")),
                    "{name}: {variable} of {path} is not set on the container in {region}"
                );
            }
            assert!(
                !environment.contains("{{"),
                "{name}: a placeholder left in {module}"
            );
            if aurora {
                assert!(
                    text.contains("DATABASE_PASSWORD"),
                    "{name}: the .env names the secret's key"
                );
                assert_eq!(
                    attribute("reads_database_secret").as_deref(),
                    Some("true"),
                    "{name}"
                );
                let secret = attribute("database_secret_arn").unwrap();
                assert!(
                    secret.contains("app_user_secret_arn") && !secret.contains("master"),
                    "{name}: {secret}"
                );
                if region != plan.primary_region {
                    assert!(
                        secret.contains(&format!(":{region}:")),
                        "{name}: {region} reads its own replica of the secret: {secret}"
                    );
                }
            } else {
                assert_eq!(
                    attribute("uses_dynamodb_table").as_deref(),
                    Some("true"),
                    "{name}"
                );
            }
        }
        let app = &bundle.files["modules/app/main.tf"];
        for needed in [
            "environment = [",
            "secrets = var.reads_database_secret ?",
            "valueFrom = \"${var.database_secret_arn}:password::\"",
        ] {
            assert!(
                app.replace(char::is_whitespace, " ")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .contains(needed),
                "{name}: the container definition has {needed}"
            );
        }
    }
}

#[test]
fn a_dynamodb_bundle_readme_speaks_of_tables_not_clusters() {
    for pattern in ["single_region", "warm_standby", "active_active"] {
        let secondaries: &[&str] = if pattern == "single_region" {
            &[]
        } else {
            &["eu-west-1"]
        };
        let json = serde_json::json!({
            "pattern": pattern, "primary_region": "us-east-1", "secondary_regions": secondaries,
            "database": {"engine": "dynamodb", "instance_class": "db.r6g.large"},
            "failover": "automated",
        });
        let readme =
            bundle(&Plan::from_json(&json.to_string()).unwrap()).files["README.md"].clone();
        for aurora_word in [
            "Aurora",
            "switchover",
            "is_primary",
            "master",
            "global cluster",
            "secondary cluster",
            "global database",
        ] {
            assert!(
                !readme.contains(aurora_word),
                "{pattern}: the DynamoDB README mentions {aurora_word:?}"
            );
        }
        assert!(readme.contains("replica"), "{pattern}");
    }
}

#[test]
fn every_snake_case_name_the_readme_quotes_exists_in_the_bundle() {
    for (name, plan) in examples() {
        let bundle = bundle(&plan);
        let terraform: String = bundle
            .files
            .iter()
            .filter(|(path, _)| path.ends_with(".tf") || path.ends_with(".example"))
            .map(|(_, text)| text.as_str())
            .collect();
        let readme = &bundle.files["README.md"];
        for quoted in readme.split('`').skip(1).step_by(2) {
            let word = quoted.trim_end_matches("_*");
            let identifier = word.contains('_')
                && word
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
            // The plan's own fields the README refers to are not Terraform names.
            let plan_field = ["data_home_region"].contains(&word);
            if identifier
                && !plan_field
                && !word.starts_with("module.")
                && !word.starts_with("aws_")
            {
                assert!(
                    word.split('.').all(|part| terraform.contains(part)),
                    "{name}: the README names `{word}`, which no .tf file declares"
                );
            }
        }
    }
}

#[test]
fn the_runbook_fails_back_without_editing_what_created_the_global_pieces() {
    for (name, plan) in examples() {
        let readme = bundle(&plan).files["README.md"].clone();
        assert!(
            !readme.contains("swap `is_primary`"),
            "{name}: flipping is_primary would destroy the global cluster"
        );
        if plan.pattern != planner::DeploymentPattern::SingleRegion
            && plan.pattern != planner::DeploymentPattern::BackupRestore
        {
            let fail_back = readme.split("### Fail back").nth(1).unwrap_or_default();
            assert!(
                fail_back.contains("switchover-global-cluster") || !readme.contains("Aurora"),
                "{name}: the fail-back switches the writer back"
            );
            assert!(
                fail_back.contains("terraform plan"),
                "{name}: ends with a no-change plan"
            );
        }
    }
}

#[test]
fn a_serving_aurora_region_forwards_writes_with_session_consistency() {
    for (engine, parameter) in [
        ("aurora_postgresql", "apg_write_forward.consistency_mode"),
        ("aurora_mysql", "aurora_replica_read_consistency"),
    ] {
        let json = serde_json::json!({
            "pattern": "active_active", "primary_region": "us-east-1", "secondary_regions": ["eu-west-1"],
            "database": {"engine": engine, "instance_class": "db.r6g.large"},
        });
        let bundle = bundle(&Plan::from_json(&json.to_string()).unwrap());
        let database = module_attributes(&bundle.files["main.tf"], "database_eu_west_1").unwrap();
        let forwarding = database
            .attributes()
            .find(|attribute| attribute.key() == "enable_write_forwarding")
            .map(|attribute| attribute.expr().to_string());
        assert_eq!(forwarding.as_deref(), Some("true"), "{engine}");
        let module = &bundle.files["modules/database/main.tf"];
        assert!(
            module.contains(&format!("{{ \"{parameter}\" = \"SESSION\" }}")),
            "{engine}: Aurora MySQL forwards no write until {parameter} is set"
        );
    }
}

/// The module calls of `main.tf` that hold data or its keys, by label: every attribute but
/// the ones a role change may alter without touching data (instance and writer counts).
fn data_module_calls(main: &str) -> std::collections::BTreeMap<String, Vec<String>> {
    const DATA_MODULES: [&str; 4] = [
        "./modules/database",
        "./modules/replica",
        "./modules/encryption",
        "./modules/backup-vault",
    ];
    const ROLE_INPUTS: [&str; 2] = ["instance_count", "enable_write_forwarding"];
    let body: hcl::Body = hcl::parse(main).unwrap();
    body.into_blocks()
        .filter(|block| block.identifier() == "module")
        .filter(|block| {
            block.body.attributes().any(|attribute| {
                attribute.key() == "source"
                    && DATA_MODULES
                        .iter()
                        .any(|source| attribute.expr == hcl::Expression::from(*source))
            })
        })
        .map(|block| {
            let attributes = block
                .body
                .attributes()
                .filter(|attribute| !ROLE_INPUTS.contains(&attribute.key()))
                .map(|attribute| format!("{} = {}", attribute.key(), attribute.expr))
                .collect();
            (block.labels()[0].as_str().to_owned(), attributes)
        })
        .collect()
}

/// What in bundle `after` would plan a change to data that bundle `before` deployed: a data
/// module call added, removed or changed, or a data module's own files changed.
fn data_changes(before: &Bundle, after: &Bundle) -> Vec<String> {
    let mut changes = Vec::new();
    let (old, new) = (
        data_module_calls(&before.files["main.tf"]),
        data_module_calls(&after.files["main.tf"]),
    );
    for label in old
        .keys()
        .chain(new.keys())
        .collect::<std::collections::BTreeSet<_>>()
    {
        if old.get(label) != new.get(label) {
            changes.push(format!(
                "module {label}: {:?} → {:?}",
                old.get(label),
                new.get(label)
            ));
        }
    }
    for (path, text) in &before.files {
        let data_file = [
            "modules/database/",
            "modules/replica/",
            "modules/encryption/",
            "modules/backup-vault/",
        ]
        .iter()
        .any(|dir| path.starts_with(dir));
        if data_file && after.files.get(path) != Some(text) {
            changes.push(format!("{path} changed"));
        }
    }
    changes
}

#[test]
fn moving_the_primary_of_a_saved_plan_changes_no_data_in_the_regenerated_bundle() {
    for pattern in [
        "pilot_light",
        "warm_standby",
        "hot_standby",
        "active_active",
    ] {
        for engine in ["aurora_postgresql", "aurora_mysql", "dynamodb"] {
            let plan = |primary: &str, secondaries: [&str; 2]| {
                let json = serde_json::json!({
                    "pattern": pattern, "primary_region": primary,
                    "secondary_regions": secondaries,
                    "database": {"engine": engine, "instance_class": "db.r6g.large"},
                    "failover": "automated",
                });
                Plan::from_json(&json.to_string()).unwrap()
            };
            let first = plan("us-east-1", ["eu-west-1", "ap-southeast-1"]);
            let failed_over = plan("eu-west-1", ["us-east-1", "ap-southeast-1"]);
            let saved = failed_over.clone().keeping_data_home_of(&first);
            let before = bundle(&first);
            let changes = data_changes(&before, &bundle(&saved));
            assert!(
                changes.is_empty(),
                "{pattern} × {engine}: the regenerated bundle changes data:\n{}",
                changes.join("\n")
            );
            // The check sees the damage when the home is not kept (the bundle as it was).
            assert!(
                !data_changes(&before, &bundle(&failed_over)).is_empty(),
                "{pattern} × {engine}: moving the home must show as a change"
            );
        }
    }
}

#[test]
fn a_managed_rpo_is_set_in_every_clusters_parameter_group() {
    let json = serde_json::json!({
        "pattern": "warm_standby", "primary_region": "us-east-1", "secondary_regions": ["eu-west-1"],
        "database": {"engine": "aurora_postgresql", "instance_class": "db.r6g.large", "managed_rpo_seconds": 30},
    });
    let bundle = bundle(&Plan::from_json(&json.to_string()).unwrap());
    for module in ["database_us_east_1", "database_eu_west_1"] {
        let database = module_attributes(&bundle.files["main.tf"], module).unwrap();
        let rpo = database
            .attributes()
            .find(|attribute| attribute.key() == "managed_rpo_seconds")
            .map(|attribute| attribute.expr().to_string());
        assert_eq!(rpo.as_deref(), Some("30"), "{module}");
    }
    assert!(
        bundle.files["modules/database/main.tf"]
            .contains(r#"{ "rds.global_db_rpo" = tostring(var.managed_rpo_seconds) }"#)
    );
    assert!(bundle.files["README.md"].contains("RPO: **typical 1 s, at most 30 s**"));
}

#[test]
fn a_provisioned_table_is_given_the_capacity_the_estimate_bills_and_replicas_wait_for_its_scaling()
{
    let plan = Plan::from_json(
        r#"{"pattern":"warm_standby","primary_region":"us-east-1","secondary_regions":["eu-west-1","ap-southeast-1"],
            "database":{"engine":"dynamodb","instance_class":"db.r6g.large","capacity_mode":"provisioned"}}"#,
    )
    .unwrap();
    let bundle = bundle(&plan);
    let main = &bundle.files["main.tf"];
    // The units each region's estimate bills, read back from its lines (unit-hours ÷ 730).
    let billed = |region: &str, key: &str| -> u64 {
        let line = planner::cost::bill_of_quantities(&plan)
            .into_iter()
            .find(|line| line.region == region && line.price_key == key)
            .unwrap_or_else(|| panic!("{key} in {region}"));
        u64::try_from(line.quantity / Decimal::from(730)).unwrap()
    };
    for (region, module) in [
        ("us-east-1", "database_us_east_1"),
        ("eu-west-1", "replica_eu_west_1"),
        ("ap-southeast-1", "replica_ap_southeast_1"),
    ] {
        let read = billed(region, "dynamodb.read_capacity_unit_hours");
        let write = billed(region, "dynamodb.replicated_write_capacity_unit_hours");
        let block = module_block(main, module);
        for expected in [
            format!("read_units = {read}"),
            format!("write_units = {write}"),
            format!("max_read_units = {}", read * 4),
        ] {
            assert!(block.contains(&expected), "{module}: {expected} in {block}");
        }
        if module.starts_with("replica") {
            let depends_on = module_attributes(main, module)
                .unwrap()
                .attributes()
                .find(|attribute| attribute.key() == "depends_on")
                .map(|attribute| {
                    attribute
                        .expr
                        .to_string()
                        .split_whitespace()
                        .collect::<String>()
                });
            assert_eq!(
                depends_on.as_deref(),
                Some("[module.database_us_east_1]"),
                "{block}"
            );
            assert!(
                block.contains("global_table_arn = module.database_us_east_1.table_arn"),
                "{block}"
            );
        }
    }
    let table = &bundle.files["modules/database/main.tf"];
    let flat: String = table.split_whitespace().collect();
    assert!(
        flat.contains("ignore_changes=[replica,read_capacity,write_capacity]"),
        "{table}"
    );
    assert!(
        table.contains("\"DynamoDBWriteCapacityUtilization\""),
        "{table}"
    );
    assert!(
        !table.contains("dynamic \"replica\""),
        "replicas are resources of their own"
    );
    let replica = &bundle.files["modules/replica/main.tf"];
    assert!(
        replica.contains("resource \"aws_dynamodb_table_replica\" \"this\""),
        "{replica}"
    );
    assert!(
        replica.contains("\"DynamoDBReadCapacityUtilization\""),
        "{replica}"
    );
    // Each app reaches its own region's copy of the table.
    assert!(
        module_block(main, "app_eu_west_1")
            .contains("dynamodb_table_arn = module.replica_eu_west_1.table_arn")
    );
}
