//! The offline commands `regionwise estimate`, `regionwise compare` and `regionwise terraform`,
//! run as processes on every example plan and on bad input.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the binary with no stored price book in reach, so it estimates with the snapshot
/// (`live_prices.rs` checks the tools with a stored one).
fn regionwise(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_regionwise"))
        .args(args)
        .env("RUST_LOG", "warn")
        .env_remove("DATABASE_URL")
        .env("REGIONWISE_DATA_DIR", "/nonexistent/regionwise-cli-test")
        .output()
        .expect("the binary runs")
}

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut plans: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .collect();
    plans.sort();
    plans
}

#[test]
fn every_example_estimates_and_compares_in_every_format() {
    let plans = examples();
    assert_eq!(plans.len(), 6);
    for plan in &plans {
        let plan = plan.to_str().unwrap();
        let output = regionwise(&["estimate", plan, "--format", "json"]);
        assert!(
            output.status.success(),
            "{plan}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let estimate: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert!(
            estimate["cost"]["lines"]
                .as_array()
                .is_some_and(|lines| !lines.is_empty())
        );

        let output = regionwise(&["estimate", plan, "--format", "csv"]);
        assert!(output.status.success());
        let csv = String::from_utf8(output.stdout).unwrap();
        assert!(csv.starts_with("region,service,item,quantity,unit,unit_price_usd,monthly_usd,"));
        let rows = csv.lines().count() - 1;
        assert_eq!(
            rows,
            estimate["cost"]["lines"].as_array().unwrap().len(),
            "{plan}"
        );

        let output = regionwise(&["estimate", plan]);
        assert!(output.status.success());
        assert!(String::from_utf8_lossy(&output.stdout).starts_with("Monthly cost"));

        let output = regionwise(&["compare", plan, "--format", "json"]);
        assert!(output.status.success(), "{plan}");
        let comparison: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(comparison["options"].as_array().unwrap().len(), 6);
    }
}

#[test]
fn a_bad_plan_fails_naming_the_file_and_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.json");
    std::fs::write(
        &path,
        r#"{"pattern":"warm_standby","primary_region":"us-east-1","secondary_regions":["us-east-1"],"database":{"instance_class":"db.r6g.large"}}"#,
    )
    .unwrap();
    let output = regionwise(&["estimate", path.to_str().unwrap()]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.trim(),
        format!(
            "regionwise: error: {}: secondary_regions[0]: `us-east-1` is already the primary region",
            path.display()
        )
    );
    assert!(output.stdout.is_empty(), "nothing half-written to stdout");
}

#[test]
fn a_missing_file_and_csv_for_a_comparison_are_clear_errors() {
    let output = regionwise(&["estimate", "/no/such/plan.json"]);
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .starts_with("regionwise: error: /no/such/plan.json: cannot read:")
    );

    let plan = examples()[0].to_str().unwrap().to_owned();
    let output = regionwise(&["compare", &plan, "--format", "csv"]);
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("CSV is available for estimates only")
    );
}

#[test]
fn every_example_writes_its_terraform_bundle_as_a_folder_and_as_the_same_zip() {
    let dir = tempfile::tempdir().unwrap();
    for plan in examples() {
        let name = plan.file_stem().unwrap().to_str().unwrap().to_owned();
        let out = dir.path().join(&name);
        let output = regionwise(&[
            "terraform",
            plan.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert!(
            output.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        for file in [
            "README.md",
            "main.tf",
            "versions.tf",
            "providers.tf",
            "variables.tf",
            "outputs.tf",
            "terraform.tfvars.example",
        ] {
            assert!(out.join(file).is_file(), "{name}: {file}");
        }
        assert!(out.join("modules/database/main.tf").is_file());
        let zip = dir.path().join(format!("{name}.zip"));
        let output = regionwise(&[
            "terraform",
            plan.to_str().unwrap(),
            "--zip",
            zip.to_str().unwrap(),
        ]);
        assert!(output.status.success());
        let first = std::fs::read(&zip).unwrap();
        regionwise(&[
            "terraform",
            plan.to_str().unwrap(),
            "--zip",
            zip.to_str().unwrap(),
        ]);
        assert_eq!(
            first,
            std::fs::read(&zip).unwrap(),
            "{name}: the same plan, the same zip"
        );
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().contains(".partial-"))
        .collect();
    assert!(leftovers.is_empty(), "no staging files left behind");
}

#[test]
fn the_terraform_command_refuses_a_folder_that_has_files_and_needs_a_destination() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.txt"), "mine").unwrap();
    let plan = examples()[0].to_str().unwrap().to_owned();
    let output = regionwise(&["terraform", &plan, "--out", dir.path().to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("the folder exists and is not empty"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("keep.txt")).unwrap(),
        "mine",
        "nothing overwritten"
    );

    let output = regionwise(&["terraform", &plan]);
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("--out"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
