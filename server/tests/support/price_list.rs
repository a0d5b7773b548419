//! A local AWS Price List Query API: `POST /` with `Content-Type: application/x-amz-json-1.1`
//! and `X-Amz-Target: AWSPriceListService.GetProducts`, TERM_MATCH filters, `MaxResults` and
//! `NextToken` paging, and `PriceList` as JSON documents in strings (`FormatVersion: aws_v1`),
//! the awsJson1.1 protocol as `aws-sdk-pricing` speaks it. Faults on demand: throttling (HTTP
//! 400, `x-amzn-ErrorType: ThrottlingException`), a malformed record. It also serves offer files
//! over plain HTTP (`GET /offers/NAME`) for `prices import URL`.
//!
//! The records are the real AWS Fargate records of `tests/fixtures/price-list/` (see
//! PROVENANCE.md there) plus records made here in the same layout for products no real record
//! was found for (Aurora instances), each marked `"synthetic": "regionwise test"` in its
//! attributes so it can never be mistaken for a real one.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

const FARGATE_FRAGMENT: &str =
    include_str!("../fixtures/price-list/bulk-AmazonECS-fargate-us-east-1-fragment.json");

/// What the fake holds and how it misbehaves.
#[derive(Default)]
pub struct PriceListState {
    /// Decoded Price List items.
    pub records: Vec<Value>,
    /// Products per page at most (the request's MaxResults may lower it).
    pub page_size: usize,
    /// Answer this many GetProducts requests with a ThrottlingException first.
    pub throttle: AtomicUsize,
    /// Put a record that is not JSON at the head of every Aurora PostgreSQL answer.
    pub malformed: bool,
    /// Every GetProducts request body received, in order.
    pub requests: Mutex<Vec<Value>>,
    /// The SigV4 credential scope (`20261126/us-east-1/pricing/aws4_request`) of each request.
    pub scopes: Mutex<Vec<String>>,
    /// Offer files served at `GET /offers/{name}`.
    pub offers: HashMap<String, Vec<u8>>,
    /// Bulk price list files served at their own paths (`/offers/v1.0/aws/index.json`,
    /// `/savingsPlan/...`): see [`savings_plans_price_list`].
    pub bulk: HashMap<String, Vec<u8>>,
}

pub struct PriceList {
    pub addr: SocketAddr,
    pub state: Arc<PriceListState>,
}

impl PriceList {
    pub async fn start(state: PriceListState) -> PriceList {
        let state = Arc::new(state);
        let app = Router::new()
            .route("/", post(get_products))
            .route("/offers/{name}", get(offer))
            .fallback(get(bulk))
            .with_state(state.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        PriceList { addr, state }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> Vec<Value> {
        self.state.requests.lock().unwrap().clone()
    }
}

fn aws_error(status: StatusCode, kind: &str, message: &str) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "application/x-amz-json-1.1"),
            (header::HeaderName::from_static("x-amzn-errortype"), kind),
        ],
        json!({"__type": kind, "Message": message}).to_string(),
    )
        .into_response()
}

async fn get_products(
    State(state): State<Arc<PriceListState>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let header_is = |name: &str, value: &str| {
        headers
            .get(name)
            .and_then(|found| found.to_str().ok())
            .is_some_and(|found| found == value)
    };
    if !header_is("content-type", "application/x-amz-json-1.1") {
        return aws_error(
            StatusCode::BAD_REQUEST,
            "SerializationException",
            "bad content type",
        );
    }
    if !header_is("x-amz-target", "AWSPriceListService.GetProducts") {
        return aws_error(
            StatusCode::BAD_REQUEST,
            "UnknownOperationException",
            "bad target",
        );
    }
    if !headers.contains_key("authorization") {
        return aws_error(
            StatusCode::FORBIDDEN,
            "MissingAuthenticationTokenException",
            "unsigned",
        );
    }
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        return aws_error(
            StatusCode::BAD_REQUEST,
            "SerializationException",
            "body is not JSON",
        );
    };
    state.requests.lock().unwrap().push(request.clone());
    if state
        .throttle
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |left| {
            left.checked_sub(1)
        })
        .is_ok()
    {
        return aws_error(
            StatusCode::BAD_REQUEST,
            "ThrottlingException",
            "Rate exceeded",
        );
    }
    if request["FormatVersion"] != "aws_v1" {
        return aws_error(
            StatusCode::BAD_REQUEST,
            "InvalidParameterException",
            "FormatVersion",
        );
    }
    let service_code = request["ServiceCode"].as_str().unwrap_or_default();
    let filters = request["Filters"].as_array().cloned().unwrap_or_default();
    for filter in &filters {
        if filter["Type"] != "TERM_MATCH" {
            return aws_error(
                StatusCode::BAD_REQUEST,
                "InvalidParameterException",
                "Filter Type",
            );
        }
    }
    let mut matching: Vec<String> = state
        .records
        .iter()
        .filter(|record| record["serviceCode"] == service_code)
        .filter(|record| {
            filters.iter().all(|filter| {
                let field = filter["Field"].as_str().unwrap_or_default();
                let value = &filter["Value"];
                match field {
                    "ServiceCode" => &record["serviceCode"] == value,
                    "productFamily" => &record["product"]["productFamily"] == value,
                    attribute => &record["product"]["attributes"][attribute] == value,
                }
            })
        })
        .map(Value::to_string)
        .collect();
    let wants_aurora_postgresql = filters
        .iter()
        .any(|filter| filter["Value"] == "Aurora PostgreSQL");
    if state.malformed && wants_aurora_postgresql {
        matching.insert(0, "{\"product\": {\"sku\": \"BROKEN".to_owned());
    }
    let max = request["MaxResults"].as_u64().unwrap_or(100) as usize;
    let size = max.min(state.page_size.max(1));
    let start: usize = match request["NextToken"].as_str() {
        None => 0,
        Some(token) => match token.strip_prefix("page:").and_then(|n| n.parse().ok()) {
            Some(start) => start,
            None => {
                return aws_error(
                    StatusCode::BAD_REQUEST,
                    "InvalidNextTokenException",
                    "token",
                );
            }
        },
    };
    let end = (start + size).min(matching.len());
    let mut answer = json!({
        "FormatVersion": "aws_v1",
        "PriceList": matching.get(start..end).unwrap_or_default(),
    });
    if end < matching.len() {
        answer["NextToken"] = json!(format!("page:{end}"));
    }
    (
        [(header::CONTENT_TYPE, "application/x-amz-json-1.1")],
        answer.to_string(),
    )
        .into_response()
}

async fn offer(State(state): State<Arc<PriceListState>>, Path(name): Path<String>) -> Response {
    match state.offers.get(&name) {
        Some(bytes) => {
            ([(header::CONTENT_TYPE, "application/json")], bytes.clone()).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn bulk(State(state): State<Arc<PriceListState>>, uri: axum::http::Uri) -> Response {
    match state.bulk.get(uri.path()) {
        Some(bytes) => {
            ([(header::CONTENT_TYPE, "application/json")], bytes.clone()).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// One Compute Savings Plan: its SKU, `purchaseTerm` (`1yr`, `3yr`), `purchaseOption` and
/// the `(discountedUsageType, discountedRate.price)` rates it has in the file's region.
pub type SavingsPlan<'a> = (&'a str, &'a str, &'a str, &'a [(&'a str, &'a str)]);

/// A region's Compute Savings Plans file in AWS's layout (made here: `products` an array of
/// plans, `terms.savingsPlan` an array of plans with their `rates`; every rate discounts
/// AmazonECS usage and names the file's region), pretty-printed with AWS's spacing.
pub fn savings_plans_file(region: &str, plans: &[SavingsPlan<'_>]) -> Vec<u8> {
    let products: Vec<Value> = plans
        .iter()
        .map(|(sku, term, option, _)| {
            json!({"sku": sku, "productFamily": "ComputeSavingsPlans",
                "serviceCode": "ComputeSavingsPlans",
                "usageType": format!("ComputeSP:{term}{}", option.replace(' ', "")),
                "operation": "",
                "attributes": {"purchaseOption": option, "granularity": "hourly",
                    "instanceType": "", "purchaseTerm": term, "locationType": "AWS Region",
                    "location": "Any", "synthetic": "regionwise test"}})
        })
        .collect();
    let terms: Vec<Value> = plans
        .iter()
        .map(|(sku, term, option, rates)| {
            let rates: Vec<Value> = rates
                .iter()
                .enumerate()
                .map(|(n, (usage_type, price))| {
                    let discounted = format!("TESTFARGATESKU{n:02}");
                    json!({"discountedSku": discounted, "discountedUsageType": usage_type,
                        "discountedOperation": "", "discountedServiceCode": "AmazonECS",
                        "rateCode": format!("{sku}.{discounted}"), "unit": "Hrs",
                        "discountedRate": {"price": price, "currency": "USD"},
                        "discountedRegionCode": region, "discountedInstanceType": ""})
                })
                .collect();
            json!({"sku": sku,
                "description": format!("{term} {option} Compute Savings Plan"),
                "effectiveDate": "2026-10-15T00:00:00Z",
                "leaseContractLength": {"duration": term.trim_end_matches("yr").parse::<u32>().unwrap(), "unit": "year"},
                "rates": rates})
        })
        .collect();
    let document = json!({
        "version": "20261115000000",
        "publicationDate": "2026-11-15T00:00:00Z",
        "regionCode": region,
        "products": products,
        "terms": {"savingsPlan": terms},
    });
    serde_json::to_string_pretty(&document)
        .unwrap()
        .replace("\": ", "\" : ")
        .into_bytes()
}

/// The bulk price list's paths for a refresh to find `file` as `region`'s Compute Savings
/// Plans file: the service index naming AmazonECS's `savingsPlanVersionIndexUrl`, that region
/// index, and the file.
pub fn savings_plans_price_list(region: &str, file: Vec<u8>) -> HashMap<String, Vec<u8>> {
    let region_index = "/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/current/region_index.json";
    let version_url =
        format!("/savingsPlan/v1.0/aws/AWSComputeSavingsPlan/20261115000000/{region}/index.json");
    let service_index = json!({"formatVersion": "v1.0", "publicationDate": "2026-11-15T00:00:00Z",
        "offers": {
            "AmazonECS": {"offerCode": "AmazonECS",
                "currentVersionUrl": "/offers/v1.0/aws/AmazonECS/current/index.json",
                "currentRegionIndexUrl": "/offers/v1.0/aws/AmazonECS/current/region_index.json",
                "savingsPlanVersionIndexUrl": region_index},
            "AmazonRDS": {"offerCode": "AmazonRDS",
                "currentVersionUrl": "/offers/v1.0/aws/AmazonRDS/current/index.json"}}});
    let regions = json!({"disclaimer": "test", "publicationDate": "2026-11-15T00:00:00Z",
        "regions": [{"regionCode": region, "versionUrl": version_url}]});
    HashMap::from([
        (
            "/offers/v1.0/aws/index.json".to_owned(),
            service_index.to_string().into_bytes(),
        ),
        (region_index.to_owned(), regions.to_string().into_bytes()),
        (version_url, file),
    ])
}

/// The real Fargate records (an offer-file fragment) as GetProducts items.
pub fn fargate_records() -> Vec<Value> {
    let offer: Value = serde_json::from_str(FARGATE_FRAGMENT).unwrap();
    offer["products"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(sku, product)| {
            json!({
                "product": product,
                "serviceCode": offer["offerCode"],
                "terms": {"OnDemand": offer["terms"]["OnDemand"][sku]},
                "version": offer["version"],
                "publicationDate": offer["publicationDate"],
            })
        })
        .collect()
}

/// An Aurora instance record in the real layout (made here, marked synthetic).
pub fn aurora_instance(engine: &str, region: &str, class: &str, usd: &str, sku: &str) -> Value {
    let prefix = match region {
        "us-east-1" => "",
        "us-east-2" => "USE2-",
        "us-west-2" => "USW2-",
        "eu-west-1" => "EU-",
        other => panic!("no usage-type prefix for {other} in this fixture"),
    };
    json!({
        "product": {
            "productFamily": "Database Instance",
            "attributes": {
                "servicecode": "AmazonRDS",
                "regionCode": region,
                "instanceType": class,
                "databaseEngine": engine,
                "deploymentOption": "Single-AZ",
                "storage": "EBS Only",
                "usagetype": format!("{prefix}InstanceUsage:{class}"),
                "operation": if engine == "Aurora PostgreSQL" { "CreateDBInstance:0021" } else { "CreateDBInstance:0016" },
                "synthetic": "regionwise test",
            },
            "sku": sku,
        },
        "serviceCode": "AmazonRDS",
        "terms": {"OnDemand": {format!("{sku}.JRTCKXETXF"): {
            "priceDimensions": {format!("{sku}.JRTCKXETXF.6YS6EN2CT7"): {
                "unit": "Hrs", "endRange": "Inf", "beginRange": "0", "appliesTo": [],
                "description": format!("synthetic test record: {engine} {class}"),
                "rateCode": format!("{sku}.JRTCKXETXF.6YS6EN2CT7"),
                "pricePerUnit": {"USD": usd},
            }},
            "sku": sku, "effectiveDate": "2026-11-01T00:00:00Z", "offerTermCode": "JRTCKXETXF",
            "termAttributes": {},
        }}},
        "version": "20261120000000",
        "publicationDate": "2026-11-20T00:00:00Z",
    })
}

/// `record` with standard reserved terms in AWS's layout (made here, marked synthetic): each
/// `(LeaseContractLength, PurchaseOption, upfront USD, hourly USD, offer term code)` becomes a
/// term with a `Quantity` "Upfront Fee" dimension (when above 0) and an `Hrs` dimension.
pub fn with_reserved(mut record: Value, terms: &[(&str, &str, &str, &str, &str)]) -> Value {
    let sku = record["product"]["sku"].as_str().unwrap().to_owned();
    let reserved: serde_json::Map<String, Value> = terms
        .iter()
        .map(|(length, option, upfront, hourly, code)| {
            let mut dimensions = serde_json::Map::new();
            if *upfront != "0" {
                dimensions.insert(
                    format!("{sku}.{code}.2TG2D8R56U"),
                    json!({"unit": "Quantity", "description": "Upfront Fee", "appliesTo": [],
                        "rateCode": format!("{sku}.{code}.2TG2D8R56U"),
                        "pricePerUnit": {"USD": upfront}}),
                );
            }
            dimensions.insert(
                format!("{sku}.{code}.6YS6EN2CT7"),
                json!({"unit": "Hrs", "beginRange": "0", "endRange": "Inf", "appliesTo": [],
                    "description": "synthetic test record: reserved instance applied",
                    "rateCode": format!("{sku}.{code}.6YS6EN2CT7"),
                    "pricePerUnit": {"USD": hourly}}),
            );
            (
                format!("{sku}.{code}"),
                json!({"priceDimensions": dimensions, "sku": sku,
                    "effectiveDate": "2026-10-01T00:00:00Z", "offerTermCode": code,
                    "termAttributes": {"LeaseContractLength": length, "OfferingClass": "standard",
                        "PurchaseOption": option}}),
            )
        })
        .collect();
    record["terms"]["Reserved"] = Value::Object(reserved);
    record
}

/// An offer file in the real layout (`products`, then `terms.OnDemand` and `Reserved`) holding
/// `records`' products, pretty-printed with AWS's `"key" : value` spacing.
pub fn offer_file(offer_code: &str, records: &[Value]) -> Vec<u8> {
    let mut products = serde_json::Map::new();
    let mut on_demand = serde_json::Map::new();
    let mut reserved = serde_json::Map::new();
    for record in records {
        let sku = record["product"]["sku"].as_str().unwrap().to_owned();
        products.insert(sku.clone(), record["product"].clone());
        on_demand.insert(sku.clone(), record["terms"]["OnDemand"].clone());
        // The record's own reserved terms, else one without prices (which is no reservation).
        let own = record["terms"]["Reserved"].clone();
        reserved.insert(
            sku.clone(),
            if own.is_object() {
                own
            } else {
                json!({format!("{sku}.4NA7Y494T4"): {"priceDimensions": {}, "sku": sku,
                    "effectiveDate": "2026-11-01T00:00:00Z", "offerTermCode": "4NA7Y494T4",
                    "termAttributes": {"LeaseContractLength": "1yr", "PurchaseOption": "No Upfront"}}})
            },
        );
    }
    let document = json!({
        "formatVersion": "v1.0",
        "disclaimer": "test offer file",
        "offerCode": offer_code,
        "version": "20261120000000",
        "publicationDate": "2026-11-20T00:00:00Z",
        "products": products,
        "terms": {"OnDemand": on_demand, "Reserved": reserved},
    });
    serde_json::to_string_pretty(&document)
        .unwrap()
        .replace("\": ", "\" : ")
        .into_bytes()
}

/// A GetProducts item in AWS's layout (made here, marked synthetic): `attributes` plus
/// `servicecode`, `usagetype` and the marker, and one on-demand term whose dimensions are
/// `(beginRange, endRange, unit, USD)` tiers.
pub fn record(
    service_code: &str,
    family: &str,
    usage_type: &str,
    attributes: Value,
    tiers: &[(&str, &str, &str, &str)],
    sku: &str,
) -> Value {
    let mut attributes = attributes;
    attributes["servicecode"] = json!(service_code);
    attributes["usagetype"] = json!(usage_type);
    attributes["synthetic"] = json!("regionwise test");
    let dimensions: serde_json::Map<String, Value> = tiers
        .iter()
        .enumerate()
        .map(|(index, (begin, end, unit, usd))| {
            let rate = format!("{sku}.JRTCKXETXF.{index:010}");
            (
                rate.clone(),
                json!({"unit": unit, "beginRange": begin, "endRange": end, "appliesTo": [],
                    "description": format!("synthetic test record: {usage_type}"),
                    "rateCode": rate, "pricePerUnit": {"USD": usd}}),
            )
        })
        .collect();
    json!({
        "product": {"productFamily": family, "attributes": attributes, "sku": sku},
        "serviceCode": service_code,
        "terms": {"OnDemand": {format!("{sku}.JRTCKXETXF"): {
            "priceDimensions": dimensions,
            "sku": sku, "effectiveDate": "2026-11-01T00:00:00Z", "offerTermCode": "JRTCKXETXF",
            "termAttributes": {},
        }}},
        "version": "20261120000000",
        "publicationDate": "2026-11-20T00:00:00Z",
    })
}

/// A flat price from 0.
fn flat<'a>(unit: &'a str, usd: &'a str) -> [(&'a str, &'a str, &'a str, &'a str); 1] {
    [("0", "Inf", unit, usd)]
}

/// Records named as AWS names them, for us-east-1 and the global services, where naming is
/// easy to get wrong (facts from Infracost's resource filters and AWS's price pages; records
/// made here, marked synthetic):
/// - Classic, Application and Network load balancers share `LoadBalancerUsage` (and ALB and
///   NLB `LCUUsage`); the Classic row comes first, so a filter on usage type alone takes it;
/// - data transfer by region pair (`fromRegionCode`/`toRegionCode`, `InterRegion Outbound`,
///   `USE1-EU-AWS-Out-Bytes`) and internet egress by tier (a free first 100 GB, then $0.09,
///   $0.085, $0.07, $0.05);
/// - DynamoDB request units and backups by product family, provisioned read capacity with a
///   reserved term; Route 53 health checks (the first
///   50 free) and hosted zone; Global Accelerator's premium by location pair and direction;
/// - two `LBR-Queries` products at different prices, which no refresh may choose between.
pub fn aws_named_records() -> Vec<Value> {
    let lb = |family: &str, operation: &str, usage: &str, unit: &str, usd: &str, sku: &str| {
        record(
            "AWSELB",
            family,
            usage,
            json!({"regionCode": "us-east-1", "location": "US East (N. Virginia)",
                "locationType": "AWS Region", "operation": operation, "groupDescription": family}),
            &flat(unit, usd),
            sku,
        )
    };
    let pair = |to: &str, usage: &str, usd: &str, sku: &str| {
        record(
            "AWSDataTransfer",
            "Data Transfer",
            usage,
            json!({"fromRegionCode": "us-east-1", "fromLocation": "US East (N. Virginia)",
                "toRegionCode": to, "transferType": "InterRegion Outbound",
                "fromLocationType": "AWS Region", "toLocationType": "AWS Region"}),
            &flat("GB", usd),
            sku,
        )
    };
    let dynamodb = |family: &str, usage: &str, unit: &str, usd: &str, sku: &str| {
        record(
            "AmazonDynamoDB",
            family,
            usage,
            json!({"regionCode": "us-east-1", "location": "US East (N. Virginia)"}),
            &flat(unit, usd),
            sku,
        )
    };
    let route53 = |family: &str, usage: &str, tiers: &[(&str, &str, &str, &str)], sku: &str| {
        record(
            "AmazonRoute53",
            family,
            usage,
            json!({"location": "Global", "locationType": "Other"}),
            tiers,
            sku,
        )
    };
    let premium = |from: &str, to: &str, direction: &str, kind: &str, sku: &str| {
        record(
            "AWSGlobalAccelerator",
            "Global Accelerator Data Transfer",
            &format!("{from}-{to}-{direction}-Bytes-{kind}"),
            json!({"fromLocation": from, "toLocation": to, "trafficDirection": direction,
                "operation": "Dominant"}),
            &flat("GB", "0.0150000000"),
            sku,
        )
    };
    vec![
        lb(
            "Load Balancer",
            "LoadBalancing",
            "LoadBalancerUsage",
            "Hrs",
            "0.0250000000",
            "TESTCLBHOUR00001",
        ),
        lb(
            "Load Balancer-Network",
            "LoadBalancing:Network",
            "LoadBalancerUsage",
            "Hrs",
            "0.0225000000",
            "TESTNLBHOUR00001",
        ),
        lb(
            "Load Balancer-Network",
            "LoadBalancing:Network",
            "LCUUsage",
            "LCU-Hrs",
            "0.0060000000",
            "TESTNLBLCU000001",
        ),
        lb(
            "Load Balancer-Application",
            "LoadBalancing:Application",
            "LoadBalancerUsage",
            "Hrs",
            "0.0225000000",
            "TESTALBHOUR00001",
        ),
        lb(
            "Load Balancer-Application",
            "LoadBalancing:Application",
            "LCUUsage",
            "LCU-Hrs",
            "0.0080000000",
            "TESTALBLCU000001",
        ),
        pair(
            "us-east-2",
            "USE1-USE2-AWS-Out-Bytes",
            "0.0100000000",
            "TESTDTUSE1USE201",
        ),
        pair(
            "eu-west-1",
            "USE1-EU-AWS-Out-Bytes",
            "0.0200000000",
            "TESTDTUSE1EU0001",
        ),
        pair(
            "us-west-2",
            "USE1-USW2-AWS-Out-Bytes",
            "0.0200000000",
            "TESTDTUSE1USW201",
        ),
        record(
            "AWSDataTransfer",
            "Data Transfer",
            "USE1-USE2-AWS-In-Bytes",
            json!({"fromRegionCode": "us-east-2", "toRegionCode": "us-east-1",
                "transferType": "InterRegion Inbound"}),
            &flat("GB", "0.0000000000"),
            "TESTDTUSE2USE1IN",
        ),
        record(
            "AWSDataTransfer",
            "Data Transfer",
            "DataTransfer-Out-Bytes",
            json!({"fromRegionCode": "us-east-1", "fromLocation": "US East (N. Virginia)",
                "toLocation": "External", "transferType": "AWS Outbound"}),
            &[
                ("0", "100", "GB", "0.0000000000"),
                ("100", "10240", "GB", "0.0900000000"),
                ("10240", "51200", "GB", "0.0850000000"),
                ("51200", "153600", "GB", "0.0700000000"),
                ("153600", "Inf", "GB", "0.0500000000"),
            ],
            "TESTDTUSE1OUT001",
        ),
        dynamodb(
            "Amazon DynamoDB PayPerRequest Throughput",
            "ReadRequestUnits",
            "ReadRequestUnits",
            "0.0000001250",
            "TESTDDBREAD00001",
        ),
        dynamodb(
            "Amazon DynamoDB PayPerRequest Throughput",
            "WriteRequestUnits",
            "WriteRequestUnits",
            "0.0000006250",
            "TESTDDBWRITE0001",
        ),
        dynamodb(
            "Amazon DynamoDB PayPerRequest Throughput",
            "ReplWriteRequestUnits",
            "ReplicatedWriteRequestUnits",
            "0.0000006250",
            "TESTDDBREPL00001",
        ),
        // Provisioned read capacity with a reserved term (1 year partial upfront: $0.28 a unit
        // upfront and $0.000024 an hour), made here in the layout of AWS's Reserved terms.
        with_reserved(
            dynamodb(
                "Provisioned IOPS",
                "ReadCapacityUnit-Hrs",
                "ReadCapacityUnit-Hrs",
                "0.0001300000",
                "TESTDDBRCU000001",
            ),
            &[(
                "1yr",
                "Partial Upfront",
                "0.28",
                "0.0000240000",
                "TESTPARTUP1",
            )],
        ),
        dynamodb(
            "Amazon DynamoDB On-Demand Backup Storage",
            "TimedBackupStorage-ByteHrs",
            "GB-Mo",
            "0.1000000000",
            "TESTDDBBACKUP001",
        ),
        route53(
            "DNS Health Check",
            "Health-Check-AWS",
            &[
                ("0", "50", "Health-Checks", "0.0000000000"),
                ("50", "Inf", "Health-Checks", "0.5000000000"),
            ],
            "TESTR53HCAWS0001",
        ),
        route53(
            "DNS Health Check",
            "Health-Check-Option-AWS",
            &flat("Health-Checks", "1.0000000000"),
            "TESTR53HCOPT0001",
        ),
        route53(
            "DNS Zone",
            "HostedZone",
            &[
                ("0", "25", "HostedZone", "0.5000000000"),
                ("25", "Inf", "HostedZone", "0.1000000000"),
            ],
            "TESTR53ZONE00001",
        ),
        route53(
            "DNS Query",
            "LBR-Queries",
            &flat("Queries", "0.0000006000"),
            "TESTR53LBR000001",
        ),
        route53(
            "DNS Query",
            "LBR-Queries",
            &flat("Queries", "0.0000003000"),
            "TESTR53LBR000002",
        ),
        premium("NA", "NA", "Out", "Internet", "TESTGANANAOUTI01"),
        premium("NA", "NA", "Out", "AWS", "TESTGANANAOUTA01"),
        premium("NA", "EU", "Out", "Internet", "TESTGANAEUOUTI01"),
        premium("NA", "NA", "In", "Internet", "TESTGANANAINI001"),
        premium("EU", "EU", "Out", "Internet", "TESTGAEUEUOUTI01"),
    ]
}
