//! The live source: AWS Price List Query API `GetProducts`, through `aws-sdk-pricing`.
//!
//! Configuration is the SDK's own: the standard credential chain (environment, shared config
//! and credentials files, SSO-less profiles, web identity, container and instance metadata),
//! `AWS_REGION` when it is one of the API's regions (us-east-1 otherwise), and the endpoint override
//! `AWS_ENDPOINT_URL_PRICING` / `AWS_ENDPOINT_URL`, which `--endpoint-url` replaces. Retries
//! (throttling, transient network errors) and timeouts are the SDK's standard retry and timeout
//! configuration, set below. Credentials are resolved once before any request so that a
//! machine without them gets one line explaining the chain and the offline snapshot.

use std::time::Duration;

use aws_config::meta::region::RegionProviderChain;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region};
use aws_sdk_pricing::config::ProvideCredentials;
use aws_sdk_pricing::error::{BuildError, DisplayErrorContext, SdkError};
use aws_sdk_pricing::operation::get_products::GetProductsError;
use aws_sdk_pricing::types::{Filter, FilterType};

use super::assemble::Collector;
use super::needs::ProductQuery;
use super::progress::Progress;
use super::record::{PriceListItem, RecordError, on_demand_price, reserved_rates};

/// Products per GetProducts page (the API's maximum).
const PAGE_SIZE: i32 = 100;

/// The regions that serve the Price List Query API; any other configured region would send
/// requests to an endpoint that does not exist, so those use the first.
const API_REGIONS: [&str; 3] = ["us-east-1", "eu-central-1", "ap-south-1"];

/// Why a live refresh stopped. Each names the request or record it failed on.
#[derive(Debug, thiserror::Error)]
pub enum LiveError {
    #[error(
        "no AWS credentials found ({}). The refresh signs its requests with the standard chain: \
         AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE and ~/.aws/config|credentials, web \
         identity, or container/instance metadata. Until then Regionwise keeps using the price \
         book it has (the bundled offline snapshot when none was fetched).",
        .source.as_deref().map_or_else(|| "no credential provider".to_owned(), |err| one_line(&DisplayErrorContext(err)))
    )]
    NoCredentials {
        /// The provider chain's own error; `None` when the SDK has no provider at all.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    #[error("GetProducts {query}: {} ({endpoint})", one_line(&DisplayErrorContext(&**.source)))]
    Request {
        query: String,
        endpoint: String,
        /// Boxed: the SDK's error is some 400 bytes, the other variants a few dozen.
        #[source]
        source: Box<SdkError<GetProductsError>>,
    },
    #[error("GetProducts {query}, page {page}, record {record}: {source}")]
    Record {
        query: String,
        page: usize,
        record: usize,
        #[source]
        source: RecordError,
    },
    #[error("GetProducts {query}: {source}")]
    BadFilter {
        query: String,
        #[source]
        source: BuildError,
    },
}

/// Where AWS serves its bulk price list files (the Savings Plans price list among them).
pub const AWS_OFFERS_URL: &str = "https://pricing.us-east-1.amazonaws.com";

/// Where to reach the API.
#[derive(Debug, Clone, Default)]
pub struct LiveOptions {
    /// `--endpoint-url`: replaces the SDK's endpoint (and `AWS_ENDPOINT_URL_PRICING`).
    pub endpoint_url: Option<String>,
    /// `--offers-url` or `REGIONWISE_PRICE_OFFERS_URL`: where the bulk price list files are
    /// (see [`LiveOptions::offers_base`]).
    pub offers_url: Option<String>,
}

impl LiveOptions {
    /// The base of the bulk price list's addresses: `offers_url`, else the Query API endpoint
    /// when one is set — `--endpoint-url`, or the SDK's own `AWS_ENDPOINT_URL_PRICING` /
    /// `AWS_ENDPOINT_URL` (an emulator or a test serves both; a refresh pointed at one must not
    /// reach AWS) — else AWS's own.
    pub fn offers_base(&self) -> String {
        let from_env = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
        self.offers_url
            .clone()
            .or_else(|| self.endpoint_url.clone())
            .or_else(|| from_env("AWS_ENDPOINT_URL_PRICING"))
            .or_else(|| from_env("AWS_ENDPOINT_URL"))
            .unwrap_or_else(|| AWS_OFFERS_URL.to_owned())
    }
}

/// A Price List client configured from the environment.
pub struct LiveSource {
    client: aws_sdk_pricing::Client,
    endpoint: String,
}

impl LiveSource {
    /// Loads the SDK configuration and resolves credentials.
    pub async fn connect(options: &LiveOptions) -> Result<LiveSource, LiveError> {
        let region = RegionProviderChain::default_provider()
            .region()
            .await
            .filter(|region| API_REGIONS.contains(&region.as_ref()))
            .unwrap_or_else(|| Region::new(API_REGIONS[0]));
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .region(region)
            .retry_config(
                RetryConfig::standard()
                    .with_max_attempts(4)
                    .with_initial_backoff(Duration::from_millis(500)),
            )
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(5))
                    .operation_attempt_timeout(Duration::from_secs(30))
                    .operation_timeout(Duration::from_secs(120))
                    .build(),
            );
        if let Some(url) = &options.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        let config = loader.load().await;
        let provider = config
            .credentials_provider()
            .ok_or(LiveError::NoCredentials { source: None })?;
        provider
            .provide_credentials()
            .await
            .map_err(|err| LiveError::NoCredentials {
                source: Some(Box::new(err)),
            })?;
        let endpoint = options
            .endpoint_url
            .clone()
            .or_else(|| std::env::var("AWS_ENDPOINT_URL_PRICING").ok())
            .or_else(|| std::env::var("AWS_ENDPOINT_URL").ok())
            .unwrap_or_else(|| "the AWS Price List API".to_owned());
        Ok(LiveSource {
            client: aws_sdk_pricing::Client::new(&config),
            endpoint,
        })
    }

    /// Where requests go, for messages.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Runs every query, following `NextToken`, and offers each record to `collector`.
    pub async fn fetch(
        &self,
        queries: &[ProductQuery],
        collector: &mut Collector,
        progress: &Progress,
    ) -> Result<(), LiveError> {
        for query in queries {
            self.fetch_one(query, collector).await?;
            progress.advance(1, &query.to_string());
        }
        Ok(())
    }

    async fn fetch_one(
        &self,
        query: &ProductQuery,
        collector: &mut Collector,
    ) -> Result<(), LiveError> {
        let shown = query.to_string();
        let filters = query
            .filters
            .iter()
            .map(|(field, value)| {
                Filter::builder()
                    .r#type(FilterType::TermMatch)
                    .field(field)
                    .value(value)
                    .build()
                    .map_err(|source| LiveError::BadFilter {
                        query: shown.clone(),
                        source,
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut next_token: Option<String> = None;
        let mut page = 0;
        loop {
            page += 1;
            let output = self
                .client
                .get_products()
                .service_code(&query.service_code)
                .set_filters(Some(filters.clone()))
                .format_version("aws_v1")
                .max_results(PAGE_SIZE)
                .set_next_token(next_token.take())
                .send()
                .await
                .map_err(|source| LiveError::Request {
                    query: shown.clone(),
                    endpoint: self.endpoint.clone(),
                    source: Box::new(source),
                })?;
            for (index, json) in output.price_list().iter().enumerate() {
                let bad_record = |source: RecordError| LiveError::Record {
                    query: shown.clone(),
                    page,
                    record: index + 1,
                    source,
                };
                collector.records_read += 1;
                let item = PriceListItem::from_json(json).map_err(bad_record)?;
                let wanted = collector.wanted_by(&item.service_code, &item.product);
                if wanted.is_empty() {
                    continue;
                }
                let mut price = on_demand_price(&item.product.sku, item.terms.on_demand.values())
                    .map_err(bad_record)?;
                let provenance = format!(
                    "AWS Price List API GetProducts {} SKU {}{}",
                    item.service_code,
                    item.product.sku,
                    item.publication_date
                        .as_deref()
                        .map(|date| format!(" (published {date})"))
                        .unwrap_or_default()
                );
                price.commitments =
                    reserved_rates(&item.product.sku, &item.terms.reserved, &provenance)
                        .map_err(bad_record)?;
                for need in wanted {
                    collector.offer(need, &item.product.sku, price.clone(), provenance.clone());
                }
            }
            match output.next_token() {
                Some(token) if !token.is_empty() => next_token = Some(token.to_owned()),
                _ => return Ok(()),
            }
        }
    }
}

/// An error chain on one line (the SDK's context display spans several).
fn one_line(error: &impl std::fmt::Display) -> String {
    error
        .to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
