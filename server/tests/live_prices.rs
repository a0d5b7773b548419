//! Live prices end to end: the real `regionwise prices refresh` (the real `aws-sdk-pricing`
//! client, signing with credentials from the environment) against a local server speaking the
//! Price List wire format, then the real server estimating with what it saved; offer-file
//! imports from a file and a URL; and every fault (throttling, endpoint down, a malformed
//! record, a missing product, missing credentials, an unknown region, a truncated or non-JSON
//! offer file) leaving the price book in use as it was.

mod support;

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use serde_json::{Value, json};
use support::price_list::{self, PriceList, PriceListState};
use support::{Server, TestPostgres, request};

/// The price the fake API gives Aurora PostgreSQL db.r6g.large in us-east-1: not a figure the
/// bundled snapshot has anywhere (it has 0.26).
const LIVE_R6G_LARGE: &str = "0.2790000000";

const PLAN: &str = r#"{"name":"Live","pattern":"single_region","primary_region":"us-east-1","secondary_regions":[],"database":{"engine":"aurora_postgresql","instance_class":"db.r6g.large"}}"#;

fn records() -> Vec<Value> {
    let mut records = price_list::fargate_records();
    // db.r6g.large carries reserved terms: 1 year no upfront, and 3 years all upfront.
    records.push(price_list::with_reserved(
        price_list::aurora_instance(
            "Aurora PostgreSQL",
            "us-east-1",
            "db.r6g.large",
            LIVE_R6G_LARGE,
            "TESTPGR6GLARGE01",
        ),
        &[
            ("1yr", "No Upfront", "0", "0.1900000000", "TESTNOUPF1"),
            ("3yr", "All Upfront", "3285", "0.0000000000", "TESTALLUP3"),
        ],
    ));
    for (class, usd, sku) in [
        ("db.r6g.xlarge", "0.5580000000", "TESTPGR6GXLARGE1"),
        ("db.r7g.large", "0.2960000000", "TESTPGR7GLARGE01"),
        ("db.t4g.medium", "0.0780000000", "TESTPGT4GMEDIUM1"),
        ("db.r5.large", "0.2900000000", "TESTPGR5LARGE001"), // a class Regionwise does not offer
    ] {
        records.push(price_list::aurora_instance(
            "Aurora PostgreSQL",
            "us-east-1",
            class,
            usd,
            sku,
        ));
    }
    // Same usage type, other engine: must not price the PostgreSQL line.
    records.push(price_list::aurora_instance(
        "Aurora MySQL",
        "us-east-1",
        "db.r6g.large",
        "0.2710000000",
        "TESTMYR6GLARGE01",
    ));
    records
}

/// Fargate's usage types in us-east-1, as AWS's records and Savings Plans files name them.
const FARGATE_VCPU: &str = "USE1-Fargate-vCPU-Hours:perCPU";
const FARGATE_GB: &str = "USE1-Fargate-GB-Hours";

/// us-east-1's Compute Savings Plans file: 3 years all upfront and 1 year no upfront, at
/// rates the bundled snapshot's estimates do not have (3 years all upfront: $0.02024 an hour
/// per vCPU, where the snapshot estimates $0.022264).
fn compute_savings_plans() -> Vec<u8> {
    price_list::savings_plans_file(
        "us-east-1",
        &[
            (
                "TESTCSP3YRALL001",
                "3yr",
                "All Upfront",
                &[(FARGATE_VCPU, "0.0202400000"), (FARGATE_GB, "0.0022230000")],
            ),
            (
                "TESTCSP1YRNO0001",
                "1yr",
                "No Upfront",
                &[(FARGATE_VCPU, "0.0291456000")],
            ),
        ],
    )
}

/// The Price List API with the test records, and the bulk price list with us-east-1's
/// Compute Savings Plans.
async fn fake_api(page_size: usize) -> PriceList {
    PriceList::start(PriceListState {
        records: records(),
        page_size,
        bulk: price_list::savings_plans_price_list("us-east-1", compute_savings_plans()),
        ..PriceListState::default()
    })
    .await
}

/// `regionwise ARGS` with a clean environment: the database in `data_dir` (or
/// `database_url`), test credentials unless `credentials` is false, no instance metadata.
async fn regionwise(
    data_dir: &Path,
    database_url: Option<&str>,
    credentials: bool,
    args: &[&str],
) -> Output {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_regionwise"));
    command
        .args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", data_dir)
        .env("REGIONWISE_DATA_DIR", data_dir)
        .env("RUST_LOG", "warn")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        // A region without a Price List endpoint: the refresh must still sign for us-east-1.
        .env("AWS_REGION", "eu-west-2")
        .env("AWS_CONFIG_FILE", data_dir.join("no-aws-config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            data_dir.join("no-aws-credentials"),
        )
        .stdin(std::process::Stdio::null());
    if credentials {
        command
            .env("AWS_ACCESS_KEY_ID", "AKIDREGIONWISETEST")
            .env("AWS_SECRET_ACCESS_KEY", "regionwise-test-secret");
    }
    if let Some(url) = database_url {
        command.env("DATABASE_URL", url);
    }
    tokio::time::timeout(Duration::from_secs(120), command.output())
        .await
        .expect("the command finishes within 2 minutes")
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn assert_ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        output.status,
        text(&output.stdout),
        text(&output.stderr)
    );
    text(&output.stdout)
}

/// The one-line error a failed command printed.
fn assert_failed(output: &Output) -> String {
    assert!(
        !output.status.success(),
        "expected failure: {}",
        text(&output.stdout)
    );
    let stderr = text(&output.stderr);
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|line| line.starts_with("regionwise: error:"))
        .collect();
    assert_eq!(errors.len(), 1, "one error line: {stderr}");
    errors[0].to_owned()
}

/// The version `prices list` marks as in use, if any.
async fn version_in_use(data_dir: &Path, database_url: Option<&str>) -> Option<String> {
    let output = regionwise(data_dir, database_url, false, &["prices", "list"]).await;
    let listing = assert_ok(&output);
    listing
        .lines()
        .find_map(|line| line.strip_prefix("* "))
        .map(|line| line.split_whitespace().next().unwrap().to_owned())
}

async fn import(data_dir: &Path, location: &str) -> Output {
    regionwise(data_dir, None, false, &["prices", "import", location]).await
}

/// The estimate's cost line priced by `key`.
fn cost_line(estimate: &Value, key: &str) -> Value {
    estimate["cost"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|line| line["price_source"]["key"] == key)
        .unwrap_or_else(|| panic!("no {key} line: {estimate}"))
        .clone()
}

/// The entry for `key` in a `GET /api/v1/prices` answer.
fn price_entry(prices: &Value, key: &str) -> Value {
    prices["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["key"] == key)
        .unwrap_or_else(|| panic!("no entry {key}"))
        .clone()
}

async fn refresh(data_dir: &Path, database_url: Option<&str>, api: &PriceList) -> Output {
    refresh_at(data_dir, database_url, &api.url(), "us-east-1").await
}

/// `prices refresh` of one region against `endpoint`, with test credentials.
async fn refresh_at(
    data_dir: &Path,
    database_url: Option<&str>,
    endpoint: &str,
    region: &str,
) -> Output {
    regionwise(
        data_dir,
        database_url,
        true,
        &[
            "prices",
            "refresh",
            "--endpoint-url",
            endpoint,
            "--region",
            region,
        ],
    )
    .await
}

/// The refresh pages through GetProducts, and the server then estimates with the new price,
/// showing its source and date in the API and in the page.
async fn refresh_changes_the_prices_estimates_use(database_url: Option<&str>) {
    let dir = tempfile::tempdir().unwrap();
    let api = fake_api(2).await;
    let summary = assert_ok(&refresh(dir.path(), database_url, &api).await);
    assert!(
        summary.contains("changed prices (largest change first):"),
        "{summary}"
    );
    assert!(
        summary.contains("aurora_postgresql.instance:db.r6g.large")
            && summary.contains("0.26 -> 0.279 (+7.3%, was snapshot)"),
        "{summary}"
    );
    // The five real Fargate records priced their lines too, at the figures the snapshot has
    // (11 records from GetProducts, and the Savings Plans file's 2 plans).
    assert!(
        summary.contains("13 records read, 10 prices from AWS, 5 changed, "),
        "{summary}"
    );
    assert!(!summary.contains("fargate.vcpu_hours"), "{summary}");
    // The bulk price list's Compute Savings Plans file priced Fargate's vCPU and memory.
    assert!(
        summary.contains("Compute Savings Plans rates from AWS for 2 lines"),
        "{summary}"
    );
    // No record for these: listed as kept, with why.
    assert!(
        summary.contains("kept at their previous price:"),
        "{summary}"
    );
    assert!(
        summary.contains(
            "aurora_postgresql.instance:db.r6g.2xlarge in us-east-1 (AmazonRDS \
             InstanceUsage:db.r6g.2xlarge): no product"
        ),
        "{summary}"
    );

    // Pagination: the Aurora PostgreSQL query (5 records, pages of 2) took three requests.
    let aurora: Vec<Value> = api
        .requests()
        .into_iter()
        .filter(|request| request.to_string().contains("Aurora PostgreSQL"))
        .collect();
    assert_eq!(aurora.len(), 3, "{aurora:?}");
    assert!(aurora[0].get("NextToken").is_none());
    assert_eq!(aurora[1]["NextToken"], "page:2");
    assert_eq!(aurora[2]["NextToken"], "page:4");
    assert_eq!(
        aurora[0]["Filters"],
        json!([
            {"Type": "TERM_MATCH", "Field": "regionCode", "Value": "us-east-1"},
            {"Type": "TERM_MATCH", "Field": "productFamily", "Value": "Database Instance"},
            {"Type": "TERM_MATCH", "Field": "databaseEngine", "Value": "Aurora PostgreSQL"},
        ])
    );
    let scopes = api.state.scopes.lock().unwrap().clone();
    assert!(
        scopes
            .iter()
            .all(|scope| scope.ends_with("/us-east-1/pricing/aws4_request")),
        "{scopes:?}"
    );
    let version = version_in_use(dir.path(), database_url)
        .await
        .expect("a stored version is in use");
    assert!(version.starts_with("live-"), "{version}");

    // The offline tools estimate with the stored book too.
    let plan_file = dir.path().join("plan.json");
    std::fs::write(&plan_file, PLAN).unwrap();
    let report = assert_ok(
        &regionwise(
            dir.path(),
            database_url,
            false,
            &["estimate", plan_file.to_str().unwrap(), "--format", "json"],
        )
        .await,
    );
    let report: Value = serde_json::from_str(&report).unwrap();
    assert_eq!(report["price_book_version"], version.as_str());

    let server = Server::start(database_url, dir.path()).await;
    let estimate = request(
        &server.addr,
        "POST",
        "/api/v1/estimate",
        &[("Content-Type", "application/json")],
        PLAN,
    )
    .await
    .unwrap();
    assert_eq!(estimate.status, 200, "{}", estimate.body);
    let estimate = estimate.json();
    let line = cost_line(&estimate, "aurora_postgresql.instance:db.r6g.large");
    assert_eq!(line["unit_price_usd"], "0.279", "{line}");
    assert_eq!(line["price_source"]["source"], "live", "{line}");
    assert_eq!(
        line["price_source"]["effective_date"], "2026-11-01",
        "{line}"
    );
    assert_eq!(line["price_source"]["verified"], true, "{line}");
    assert!(line["price_source"]["fetched_at"].is_string(), "{line}");
    assert_eq!(estimate["price_book_version"], version.as_str());

    // The record's reserved terms replaced the snapshot's estimated ones, and a plan that buys
    // three years all upfront is priced with them: $3,285 per instance over 36 months is
    // $91.25 a month per instance (3,285 ÷ 36), nothing hourly; on-demand would be
    // 730 h × $0.279 = $203.67 per instance.
    let committed_plan = PLAN.replacen(
        r#""name":"Live","#,
        r#""name":"Live","purchasing":{"term":"three_year","payment":"all_upfront"},"#,
        1,
    );
    let committed = request(
        &server.addr,
        "POST",
        "/api/v1/estimate",
        &[("Content-Type", "application/json")],
        &committed_plan,
    )
    .await
    .unwrap()
    .json();
    let line = cost_line(&committed, "aurora_postgresql.instance:db.r6g.large");
    let instances: f64 = line["quantity"].as_str().unwrap().parse::<f64>().unwrap() / 730.0;
    assert!(instances >= 1.0, "{line}");
    let monthly: f64 = line["monthly_usd"].as_str().unwrap().parse().unwrap();
    assert!((monthly - instances * 91.25).abs() < 1e-9, "{line}");
    let commitment = &line["commitment"];
    let recurring: f64 = commitment["recurring_usd"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(recurring, 0.0, "{line}");
    assert_eq!(commitment["rate_verified"], true, "{line}");
    assert!(
        commitment["rate_provenance"]
            .as_str()
            .unwrap()
            .contains("reserved term TESTPGR6GLARGE01.TESTALLUP3"),
        "{line}"
    );
    let on_demand: f64 = commitment["on_demand_usd"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((on_demand - instances * 203.67).abs() < 1e-9, "{line}");
    // Fargate's vCPU hours are priced with the Savings Plans file's rate: all upfront, the
    // fee per vCPU is $0.02024 × 26,280 hours = $531.9072, a 36th of it a month, which is
    // $0.02024 for each of the month's 730 hours: the line is its vCPU hours × $0.02024.
    let vcpu = cost_line(&committed, "fargate.vcpu_hours");
    let hours: f64 = vcpu["quantity"].as_str().unwrap().parse().unwrap();
    let monthly: f64 = vcpu["monthly_usd"].as_str().unwrap().parse().unwrap();
    assert!((monthly - hours * 0.02024).abs() < 1e-4, "{vcpu}");
    assert_eq!(vcpu["commitment"]["kind"], "savings_plan", "{vcpu}");
    assert_eq!(vcpu["commitment"]["rate_verified"], true, "{vcpu}");
    assert!(
        vcpu["commitment"]["rate_provenance"]
            .as_str()
            .unwrap()
            .ends_with("rate TESTCSP3YRALL001.TESTFARGATESKU00"),
        "{vcpu}"
    );
    // A term the record does not sell (1 year partial upfront) is not borrowed from the
    // snapshot's estimates: it stays on-demand, named.
    let partial = request(
        &server.addr,
        "POST",
        "/api/v1/estimate",
        &[("Content-Type", "application/json")],
        &committed_plan
            .replace("three_year", "one_year")
            .replace("all_upfront", "partial_upfront"),
    )
    .await
    .unwrap()
    .json();
    let not_offered = partial["cost"]["commitments"]["not_offered"]
        .as_array()
        .unwrap();
    for line in [
        "aurora_postgresql.instance:db.r6g.large",
        // Nor from the Savings Plans file, which sells no 1-year partial upfront plan.
        "fargate.vcpu_hours",
        "fargate.gb_hours",
    ] {
        assert!(
            not_offered.contains(&json!([line, "us-east-1"])),
            "{line}: {}",
            partial["cost"]["commitments"]
        );
    }

    let prices = request(
        &server.addr,
        "GET",
        "/api/v1/prices?region=us-east-1&service=AmazonRDS",
        &[],
        "",
    )
    .await
    .unwrap()
    .json();
    assert_eq!(prices["price_book"]["version"], version.as_str());
    let entry = price_entry(&prices, "aurora_postgresql.instance:db.r6g.large");
    assert_eq!(entry["source"], "live", "{entry}");
    assert_eq!(entry["sku"], "TESTPGR6GLARGE01", "{entry}");
    assert!(
        entry["fetched_at"].as_str().unwrap().starts_with("20"),
        "{entry}"
    );
    // The MySQL record (same usage type) did not price the PostgreSQL line, but its own.
    let mysql = price_entry(&prices, "aurora_mysql.instance:db.r6g.large");
    assert_eq!(mysql["usd_per_unit"], "0.271", "{mysql}");
    // A product with no record keeps its earlier (snapshot) figure, labelled as such.
    let kept = price_entry(&prices, "aurora_postgresql.instance:db.r8g.4xlarge");
    assert_eq!(kept["source"], "snapshot", "{kept}");

    let ready = request(&server.addr, "GET", "/readyz", &[], "")
        .await
        .unwrap()
        .json();
    assert_eq!(
        ready["checks"]["price_book"]["version"],
        version.as_str(),
        "{ready}"
    );

    // The planner page (its default plan has this instance in us-east-1) carries the book the
    // browser estimates with, and says where the line's price came from.
    let page = request(&server.addr, "GET", "/", &[], "").await.unwrap();
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains(&version),
        "the page names the live version"
    );
    let fetched_day = &entry["fetched_at"].as_str().unwrap()[..10];
    assert!(
        page.body.contains(&format!(
            "AWS Price List API, 2026-11-01 · fetched {fetched_day}"
        )),
        "the line's source, effective date and fetch date"
    );
    server.kill().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_refresh_changes_the_prices_estimates_use() {
    refresh_changes_the_prices_estimates_use(None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_refresh_changes_the_prices_estimates_use() {
    let database = TestPostgres::create("live_refresh").await;
    refresh_changes_the_prices_estimates_use(Some(&database.url)).await;
    database.drop_now().await;
}

/// The `refresh.lines` of a `GET /api/v1/prices` answer for `key`.
fn report_line(prices: &Value, key: &str) -> Value {
    prices["refresh"]["lines"]
        .as_array()
        .unwrap_or_else(|| panic!("no refresh report: {prices}"))
        .iter()
        .find(|line| line["key"] == key)
        .unwrap_or_else(|| panic!("no report line {key}"))
        .clone()
}

async fn prices_at(server: &Server, query: &str) -> Value {
    let answer = request(
        &server.addr,
        "GET",
        &format!("/api/v1/prices?{query}"),
        &[],
        "",
    )
    .await
    .unwrap();
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.json()
}

/// `(before, after)` of an example plan in the refresh's "dollars backed" table.
fn backed_before_after(summary: &str, plan: &str) -> (f64, f64) {
    let line = summary
        .lines()
        .find(|line| line.trim_start().starts_with(plan))
        .unwrap_or_else(|| panic!("no {plan} in {summary}"));
    let numbers: Vec<f64> = line
        .split_whitespace()
        .filter_map(|word| word.parse().ok())
        .collect();
    (numbers[0], numbers[1])
}

/// Against products named as AWS names them (load balancer families sharing usage types, data
/// transfer by region pair and tier, DynamoDB request units, Route 53 health checks, Global
/// Accelerator's premium), a refresh prices each line from the product AWS bills for it, keeps
/// what it cannot price and says why, and the server shows both.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refresh_selects_the_product_aws_bills_for_each_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut all = records();
    all.extend(price_list::aws_named_records());
    let api = PriceList::start(PriceListState {
        records: all,
        page_size: 100,
        ..PriceListState::default()
    })
    .await;
    let output = regionwise(
        dir.path(),
        None,
        true,
        &[
            "prices",
            "refresh",
            "--endpoint-url",
            &api.url(),
            "--region",
            "us-east-1",
            "--region",
            "global",
        ],
    )
    .await;
    let summary = assert_ok(&output);
    assert!(summary.contains("1 × several products"), "{summary}");
    // This price list has no bulk files: the on-demand prices stand, and the report says why
    // Fargate's commitment rates were not refreshed (also in the API, below).
    assert!(
        summary.contains(
            "Savings Plans price list not read, Fargate's commitment rates are kept as they were: "
        ) && summary.contains("/offers/v1.0/aws/index.json"),
        "{summary}"
    );
    assert!(summary.contains("1 × not in the Price List"), "{summary}");
    for plan in ["single-region", "hot-standby", "active-active"] {
        let (before, after) = backed_before_after(&summary, plan);
        assert!(after > before, "{plan}: {before} -> {after}\n{summary}");
    }
    // The requests asked for what AWS bills, as AWS names it.
    let requests = api.requests();
    let asked = |service: &str| -> Vec<Value> {
        requests
            .iter()
            .filter(|request| request["ServiceCode"] == service)
            .map(|request| request["Filters"].clone())
            .collect()
    };
    assert!(
        asked("AWSELB").contains(&json!([
            {"Type": "TERM_MATCH", "Field": "regionCode", "Value": "us-east-1"},
            {"Type": "TERM_MATCH", "Field": "productFamily", "Value": "Load Balancer-Application"},
        ])),
        "{:?}",
        asked("AWSELB")
    );
    assert!(
        asked("AWSDataTransfer").contains(&json!([
            {"Type": "TERM_MATCH", "Field": "fromRegionCode", "Value": "us-east-1"},
            {"Type": "TERM_MATCH", "Field": "transferType", "Value": "InterRegion Outbound"},
        ])),
        "{:?}",
        asked("AWSDataTransfer")
    );

    let server = Server::start(None, dir.path()).await;
    // Load balancers: the Application rows, not the Classic hour or the Network LCU.
    let elb = prices_at(&server, "region=us-east-1&service=AWSELB").await;
    assert!(
        elb["refresh"]["savings_plans_problem"]
            .as_str()
            .is_some_and(|problem| problem.contains("/offers/v1.0/aws/index.json")),
        "{}",
        elb["refresh"]
    );
    let hour = price_entry(&elb, "alb.hours");
    assert_eq!(
        (&hour["sku"], &hour["usd_per_unit"], &hour["source"]),
        (&json!("TESTALBHOUR00001"), &json!("0.0225"), &json!("live")),
        "{hour}"
    );
    let lcu = price_entry(&elb, "alb.lcu_hours");
    assert_eq!(
        (&lcu["sku"], &lcu["usd_per_unit"]),
        (&json!("TESTALBLCU000001"), &json!("0.008")),
        "{lcu}"
    );
    assert_eq!(report_line(&elb, "alb.hours")["outcome"], "refreshed");
    assert_eq!(report_line(&elb, "alb.hours")["sku"], "TESTALBHOUR00001");

    // Transfer: each pair from its own product; internet egress by tier.
    let transfer = prices_at(&server, "region=us-east-1&service=AWSDataTransfer").await;
    let to_ohio = price_entry(&transfer, "data_transfer.inter_region_out_gb:us-east-2");
    assert_eq!(
        (&to_ohio["sku"], &to_ohio["usd_per_unit"]),
        (&json!("TESTDTUSE1USE201"), &json!("0.01")),
        "{to_ohio}"
    );
    let to_ireland = price_entry(&transfer, "data_transfer.inter_region_out_gb:eu-west-1");
    assert_eq!(to_ireland["sku"], "TESTDTUSE1EU0001", "{to_ireland}");
    let egress = price_entry(&transfer, "data_transfer.internet_out_gb");
    assert_eq!(egress["source"], "live", "{egress}");
    assert_eq!(
        egress["tiers"],
        json!([
            {"from_units": "0", "usd_per_unit": "0.09"},
            {"from_units": "10240", "usd_per_unit": "0.085"},
            {"from_units": "51200", "usd_per_unit": "0.07"},
            {"from_units": "153600", "usd_per_unit": "0.05"},
        ]),
        "{egress}"
    );
    // A pair with no product keeps the snapshot figure, and says so.
    let to_tokyo = report_line(
        &transfer,
        "data_transfer.inter_region_out_gb:ap-northeast-1",
    );
    assert_eq!(
        (&to_tokyo["outcome"], &to_tokyo["reason"]),
        (&json!("kept"), &json!("no_product")),
        "{to_tokyo}"
    );

    let dynamodb = prices_at(&server, "region=us-east-1&service=AmazonDynamoDB").await;
    for (key, sku) in [
        ("dynamodb.read_request_units", "TESTDDBREAD00001"),
        (
            "dynamodb.replicated_write_request_units",
            "TESTDDBREPL00001",
        ),
        ("dynamodb.backup_gb_month", "TESTDDBBACKUP001"),
        ("dynamodb.read_capacity_unit_hours", "TESTDDBRCU000001"),
    ] {
        assert_eq!(price_entry(&dynamodb, key)["sku"], sku, "{key}");
    }
    // The record's Reserved term is DynamoDB reserved capacity, and replaces the snapshot's
    // estimated reserved capacity rates (a record's terms are all AWS sells).
    let capacity = price_entry(&dynamodb, "dynamodb.read_capacity_unit_hours");
    let rates = capacity["commitments"].as_array().unwrap();
    let from_record = rates
        .iter()
        .find(|rate| rate["verified"] == true)
        .unwrap_or_else(|| panic!("{capacity}"));
    assert_eq!(
        (
            &from_record["kind"],
            &from_record["term"],
            &from_record["payment"],
            &from_record["upfront_usd"],
            &from_record["usd_per_hour"]
        ),
        (
            &json!("reserved_capacity"),
            &json!("one_year"),
            &json!("partial_upfront"),
            &json!("0.28"),
            &json!("0.000024")
        ),
        "{capacity}"
    );
    assert_eq!(rates.len(), 1, "{capacity}");

    // Global: health checks past the free 50; the premium by location pair; two latency-query
    // products at different prices are not a guess; the fixed fee is not in the Price List.
    let global = prices_at(&server, "region=global").await;
    let check = price_entry(&global, "route53.health_check_month");
    assert_eq!(
        (&check["sku"], &check["usd_per_unit"]),
        (&json!("TESTR53HCAWS0001"), &json!("0.5")),
        "{check}"
    );
    assert_eq!(
        price_entry(&global, "global_accelerator.dt_premium_gb:NA")["sku"],
        "TESTGANANAOUTI01"
    );
    let latency = report_line(&global, "route53.latency_queries");
    assert_eq!(latency["reason"], "several_products", "{latency}");
    let detail = latency["detail"].as_str().unwrap();
    assert!(
        detail.contains("TESTR53LBR000001") && detail.contains("TESTR53LBR000002"),
        "{detail}"
    );
    assert_eq!(
        price_entry(&global, "route53.latency_queries")["source"],
        "snapshot"
    );
    let fee = price_entry(&global, "global_accelerator.hours");
    assert_eq!(fee["source"], "pricing_page", "{fee}");
    let fee_line = report_line(&global, "global_accelerator.hours");
    assert_eq!(fee_line["reason"], "not_in_price_list", "{fee_line}");
    assert!(
        fee_line["detail"]
            .as_str()
            .unwrap()
            .contains("AWS pricing page"),
        "{fee_line}"
    );

    let ready = request(&server.addr, "GET", "/readyz", &[], "")
        .await
        .unwrap()
        .json();
    let check = &ready["checks"]["price_book"];
    assert_eq!(
        check["refresh"]["kept_by_reason"]["several_products"], 1,
        "{check}"
    );
    assert!(
        check["refresh"]["refreshed"].as_u64().unwrap() > 20,
        "{check}"
    );
    assert!(
        check["examples_backed_by_aws_records_percent"]
            .as_str()
            .unwrap()
            .parse::<f64>()
            .unwrap()
            > 0.0,
        "{check}"
    );
    // The planner's price note says how much of the estimate AWS records back, and of when.
    let page = request(&server.addr, "GET", "/", &[], "").await.unwrap();
    assert!(
        page.body
            .contains("% of this estimate’s dollars from AWS records of 20"),
        "the price note"
    );
    server.kill().await;
}

/// An offer file is matched the same way: the ALB rows from an AWSELB file that also holds
/// Classic and Network rows, the pair from an AWSDataTransfer file.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offer_file_imports_select_the_product_aws_bills() {
    let dir = tempfile::tempdir().unwrap();
    let named = price_list::aws_named_records();
    let of_service = |service: &str| -> Vec<Value> {
        named
            .iter()
            .filter(|record| record["serviceCode"] == service)
            .cloned()
            .collect()
    };
    for service in ["AWSELB", "AWSDataTransfer"] {
        let path = dir.path().join(format!("{service}.json"));
        std::fs::write(&path, price_list::offer_file(service, &of_service(service))).unwrap();
        assert_ok(&import(dir.path(), path.to_str().unwrap()).await);
    }
    // An AmazonRDS offer file whose db.r6g.large product has reserved terms after its
    // on-demand ones, as AWS's files have them: the import keeps the standard reservations.
    let rds = dir.path().join("AmazonRDS.json");
    let aurora_records: Vec<Value> = records()
        .into_iter()
        .filter(|record| record["serviceCode"] == "AmazonRDS")
        .collect();
    std::fs::write(&rds, price_list::offer_file("AmazonRDS", &aurora_records)).unwrap();
    assert_ok(&import(dir.path(), rds.to_str().unwrap()).await);
    // A Compute Savings Plans file: no on-demand price, only Fargate's commitment rates.
    let plans = dir.path().join("AWSComputeSavingsPlan-us-east-1.json");
    std::fs::write(&plans, compute_savings_plans()).unwrap();
    let summary = assert_ok(&import(dir.path(), plans.to_str().unwrap()).await);
    assert!(
        summary.contains("0 prices from AWS")
            && summary.contains("Compute Savings Plans rates from AWS for 2 lines"),
        "{summary}"
    );
    let server = Server::start(None, dir.path()).await;
    let aurora = prices_at(&server, "region=us-east-1&service=AmazonRDS").await;
    let instance = price_entry(&aurora, "aurora_postgresql.instance:db.r6g.large");
    assert_eq!(instance["source"], "offer_file", "{instance}");
    let rates = instance["commitments"].as_array().unwrap();
    assert_eq!(rates.len(), 2, "{instance}");
    assert_eq!(rates[1]["term"], "three_year", "{instance}");
    assert_eq!(rates[1]["upfront_usd"], "3285", "{instance}");
    assert_eq!(rates[1]["verified"], true, "{instance}");
    assert!(
        rates[1]["provenance"]
            .as_str()
            .unwrap()
            .starts_with("AWS offer file AmazonRDS SKU TESTPGR6GLARGE01"),
        "{instance}"
    );
    let fargate = prices_at(&server, "region=us-east-1&service=AmazonECS").await;
    assert_eq!(
        fargate["refresh"]["savings_plan_lines"], 2,
        "{}",
        fargate["refresh"]
    );
    let memory = price_entry(&fargate, "fargate.gb_hours");
    assert_eq!(
        memory["source"], "snapshot",
        "on-demand untouched: {memory}"
    );
    let rates = memory["commitments"].as_array().unwrap();
    assert_eq!(
        rates.len(),
        1,
        "the file's one plan for memory replaced the estimates: {memory}"
    );
    assert_eq!(
        (
            &rates[0]["term"],
            &rates[0]["payment"],
            &rates[0]["upfront_usd"],
            &rates[0]["verified"]
        ),
        (
            &json!("three_year"),
            &json!("all_upfront"),
            &json!("58.42044"),
            &json!(true)
        ),
        "0.002223 × 26,280 hours: {memory}"
    );
    let elb = prices_at(&server, "region=us-east-1&service=AWSELB").await;
    assert_eq!(price_entry(&elb, "alb.hours")["sku"], "TESTALBHOUR00001");
    assert_eq!(price_entry(&elb, "alb.hours")["source"], "offer_file");
    assert_eq!(price_entry(&elb, "alb.lcu_hours")["usd_per_unit"], "0.008");
    let transfer = prices_at(&server, "region=us-east-1&service=AWSDataTransfer").await;
    assert_eq!(
        price_entry(&transfer, "data_transfer.inter_region_out_gb:us-east-2")["usd_per_unit"],
        "0.01"
    );
    assert_eq!(
        price_entry(&transfer, "data_transfer.internet_out_gb")["tiers"][3]["usd_per_unit"],
        "0.05"
    );
    server.kill().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_once_is_retried_by_the_sdk() {
    let dir = tempfile::tempdir().unwrap();
    let api = fake_api(100).await;
    api.state
        .throttle
        .store(1, std::sync::atomic::Ordering::SeqCst);
    let summary = assert_ok(&refresh(dir.path(), None, &api).await);
    assert!(
        summary.contains("aurora_postgresql.instance:db.r6g.large"),
        "{summary}"
    );
    let first = &api.requests()[..2];
    assert_eq!(first[0], first[1], "the throttled request was sent again");
}

/// `--skip-savings-plans` leaves the Savings Plans price list alone, and the report says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refresh_can_skip_the_savings_plans_price_list() {
    let dir = tempfile::tempdir().unwrap();
    let api = fake_api(100).await;
    let endpoint = api.url();
    let args = [
        "prices",
        "refresh",
        "--endpoint-url",
        endpoint.as_str(),
        "--region",
        "us-east-1",
        "--skip-savings-plans",
    ];
    let summary = assert_ok(&regionwise(dir.path(), None, true, &args).await);
    assert!(
        summary.contains(
            "Savings Plans price list not read, Fargate's commitment rates are kept as they were: \
             skipped (--skip-savings-plans)"
        ),
        "{summary}"
    );
    assert!(
        !summary.contains("Compute Savings Plans rates from AWS"),
        "{summary}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_leave_the_price_book_in_use() {
    let dir = tempfile::tempdir().unwrap();
    let api = fake_api(100).await;
    assert_ok(&refresh(dir.path(), None, &api).await);
    let before = version_in_use(dir.path(), None).await.unwrap();

    // Endpoint down: a port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let output = refresh_at(dir.path(), None, &closed_url, "us-east-1").await;
    let error = assert_failed(&output);
    assert!(
        error.contains("GetProducts") && error.contains(&closed_url),
        "{error}"
    );
    assert_eq!(version_in_use(dir.path(), None).await.unwrap(), before);

    // A malformed record.
    let broken = PriceList::start(PriceListState {
        records: records(),
        page_size: 100,
        malformed: true,
        ..PriceListState::default()
    })
    .await;
    let error = assert_failed(&refresh(dir.path(), None, &broken).await);
    assert!(
        error.contains(
            "databaseEngine=Aurora PostgreSQL, page 1, record 1: not a Price List product document"
        ),
        "{error}"
    );
    assert_eq!(version_in_use(dir.path(), None).await.unwrap(), before);

    // Credentials missing: one line naming the chain and the snapshot.
    let output = regionwise(
        dir.path(),
        None,
        false,
        &["prices", "refresh", "--endpoint-url", &api.url()],
    )
    .await;
    let error = assert_failed(&output);
    assert!(error.contains("no AWS credentials found"), "{error}");
    assert!(
        error.contains("AWS_ACCESS_KEY_ID") && error.contains("snapshot"),
        "{error}"
    );

    // An unknown region.
    let output = refresh_at(dir.path(), None, &api.url(), "mars-north-1").await;
    let error = assert_failed(&output);
    assert!(
        error.contains("--region mars-north-1: not a region Regionwise prices"),
        "{error}"
    );
    assert_eq!(version_in_use(dir.path(), None).await.unwrap(), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offer_files_import_from_a_file_or_a_url_and_bad_ones_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut offer_records = price_list::fargate_records();
    offer_records.push(price_list::aurora_instance(
        "Aurora PostgreSQL",
        "us-east-1",
        "db.r6g.large",
        "0.2810000000",
        "TESTPGR6GLARGE01",
    ));
    // The ECS fragment and the RDS record are different offers; one file per offer.
    let rds = price_list::offer_file("AmazonRDS", &offer_records[offer_records.len() - 1..]);
    let ecs = price_list::offer_file("AmazonECS", &offer_records[..offer_records.len() - 1]);

    // Bad files first: nothing is written.
    let truncated = dir.path().join("truncated.json");
    std::fs::write(&truncated, &rds[..rds.len() / 2]).unwrap();
    let error = assert_failed(&import(dir.path(), truncated.to_str().unwrap()).await);
    assert!(
        error.contains(&format!(
            "truncated: the file ends at byte {}",
            rds.len() / 2
        )),
        "{error}"
    );
    let not_json = dir.path().join("not-json.json");
    std::fs::write(&not_json, b"<html>Access denied</html>").unwrap();
    let error = assert_failed(&import(dir.path(), not_json.to_str().unwrap()).await);
    assert!(error.contains("not JSON at byte 0"), "{error}");
    assert_eq!(version_in_use(dir.path(), None).await, None);

    // A dry run reads and reports, and saves nothing.
    let rds_path = dir.path().join("AmazonRDS-us-east-1.json");
    std::fs::write(&rds_path, &rds).unwrap();
    let summary = assert_ok(
        &regionwise(
            dir.path(),
            None,
            false,
            &["prices", "import", "--dry-run", rds_path.to_str().unwrap()],
        )
        .await,
    );
    assert!(
        summary.contains("(dry run: not saved)") && summary.contains("0.26 -> 0.281"),
        "{summary}"
    );
    assert_eq!(version_in_use(dir.path(), None).await, None);

    // A good file, then the same kind of file from a URL.
    let summary = assert_ok(&import(dir.path(), rds_path.to_str().unwrap()).await);
    assert!(summary.contains("0.26 -> 0.281"), "{summary}");
    // Only AmazonRDS in us-east-1 can be missing from an RDS us-east-1 file.
    assert!(!summary.contains("AmazonECS"), "{summary}");
    let first = version_in_use(dir.path(), None).await.unwrap();
    assert!(first.starts_with("offer-"), "{first}");

    let api = PriceList::start(PriceListState {
        offers: [("AmazonECS.json".to_owned(), ecs)].into(),
        ..PriceListState::default()
    })
    .await;
    let url = format!("{}/offers/AmazonECS.json", api.url());
    let summary = assert_ok(&import(dir.path(), &url).await);
    assert!(summary.contains("5 prices from AWS"), "{summary}");
    let second = version_in_use(dir.path(), None).await.unwrap();
    assert_ne!(first, second);
    // The second import built on the first: the RDS price from the file is still there.
    let server = Server::start(None, dir.path()).await;
    let prices = request(
        &server.addr,
        "GET",
        "/api/v1/prices?region=us-east-1",
        &[],
        "",
    )
    .await
    .unwrap()
    .json();
    assert_eq!(
        price_entry(&prices, "aurora_postgresql.instance:db.r6g.large")["usd_per_unit"],
        "0.281"
    );
    assert_eq!(
        price_entry(&prices, "aurora_postgresql.instance:db.r6g.large")["source"],
        "offer_file"
    );
    assert_eq!(
        price_entry(&prices, "fargate.vcpu_hours")["source"],
        "offer_file"
    );
    server.kill().await;

    let missing = import(dir.path(), "/nonexistent/offer.json").await;
    assert!(assert_failed(&missing).contains("/nonexistent/offer.json: cannot open"));
    assert_eq!(version_in_use(dir.path(), None).await.unwrap(), second);
}

/// A running server refreshes on its own (`REGIONWISE_PRICE_REFRESH`, endpoint from
/// `AWS_ENDPOINT_URL_PRICING`) and serves the new book without a restart; a second server on
/// the same PostgreSQL picks the version up instead of fetching its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn servers_refresh_periodically_and_share_one_refresh_on_postgres() {
    let database = TestPostgres::create("live_periodic").await;
    let dir = tempfile::tempdir().unwrap();
    let api = fake_api(100).await;
    let api_url = api.url();
    let env = [
        ("REGIONWISE_PRICE_REFRESH", "2s"),
        ("REGIONWISE_PRICE_RELOAD", "1s"),
        ("AWS_ENDPOINT_URL_PRICING", api_url.as_str()),
        ("AWS_ACCESS_KEY_ID", "AKIDREGIONWISETEST"),
        ("AWS_SECRET_ACCESS_KEY", "regionwise-test-secret"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
        ("HOME", dir.path().to_str().unwrap()),
    ];
    let first = Server::start_with(Some(&database.url), dir.path(), &env).await;
    let second = Server::start_with(Some(&database.url), dir.path(), &env).await;
    let version_of = |addr: String| async move {
        let ready = request(&addr, "GET", "/readyz", &[], "")
            .await
            .unwrap()
            .json();
        ready["checks"]["price_book"]["version"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let (a, b) = (
            version_of(first.addr.clone()).await,
            version_of(second.addr.clone()).await,
        );
        if a.starts_with("live-") && a == b {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no shared live version: {a} / {b}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    first.kill().await;
    second.kill().await;
    // Both servers check every 2 s; under the lock the second finds the book fresh, so no two
    // versions were made together.
    let saved_at: Vec<i64> = {
        use sqlx::Connection;
        let mut connection = sqlx::PgConnection::connect(&database.url).await.unwrap();
        sqlx::query_scalar("SELECT created_at_ms FROM price_books ORDER BY created_at_ms")
            .fetch_all(&mut connection)
            .await
            .unwrap()
    };
    assert!(!saved_at.is_empty());
    for pair in saved_at.windows(2) {
        assert!(
            pair[1] - pair[0] >= 1_000,
            "two refreshes at once: {saved_at:?}"
        );
    }
    database.drop_now().await;
}

#[tokio::test]
async fn the_refresh_lock_is_held_by_one_instance_at_a_time() {
    let database = TestPostgres::create("live_lock").await;
    let config = server::config::DatabaseConfig::from_url("DATABASE_URL", &database.url).unwrap();
    let one = server::db::Database::connect(&config).await.unwrap();
    let two = server::db::Database::connect(&config).await.unwrap();
    let held = one.try_lock_price_refresh().await.unwrap().expect("free");
    assert!(
        two.try_lock_price_refresh().await.unwrap().is_none(),
        "held by one"
    );
    held.release().await;
    let again = two
        .try_lock_price_refresh()
        .await
        .unwrap()
        .expect("released");
    again.release().await;
    one.close().await;
    two.close().await;
    database.drop_now().await;
}
