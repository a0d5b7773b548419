//! AWS's Savings Plans price list: the Compute Savings Plans rates that discount Fargate.
//!
//! Savings Plans are not priced in the services' own records but in offer files of their own.
//! The service index (`/offers/v1.0/aws/index.json`) gives AmazonECS a
//! `savingsPlanVersionIndexUrl`: a region index (`{regions: [{regionCode, versionUrl}]}`) whose
//! files each hold, for one region,
//! - `products`, an array with one product per plan: `productFamily` `ComputeSavingsPlans`,
//!   `attributes.purchaseTerm` (`1yr`, `3yr`) and `attributes.purchaseOption`;
//! - `terms.savingsPlan`, an array with one term per plan (`sku`, `effectiveDate`, `rates`),
//!   each rate a usage type the plan discounts (`discountedServiceCode`,
//!   `discountedUsageType`, `discountedRegionCode`) at the hourly `discountedRate`, its
//!   `rateCode` being the plan's SKU and the discounted product's joined by a dot.
//!
//! The offer-file scanner streams these files ([`super::offer_file`]) and hands each product
//! and rate it cuts out to [`plan_of`] and [`rate_of`]; [`fetch`] walks the indexes for a
//! refresh. A discounted rate is what an hour of covered usage costs whatever the payment
//! option, so a rate becomes a [`CommitmentRate`] whose upfront fee is the part of the term's
//! hours paid at purchase: none, half (AWS asks at least half for partial upfront; Regionwise
//! takes exactly half) or all, and whose hourly charge is the rest.

use std::io::Read;

use planner::Decimal;
use planner::commitment::{CommitmentKind, CommitmentRate, CommitmentTerm, PaymentOption};
use serde::Deserialize;

use super::assemble::Collector;
use super::offer_file::{self, OfferFileError};
use super::progress::Progress;
use super::record::{RecordError, date_of};

/// The service whose Savings Plans price list a refresh reads (Fargate's).
pub const SERVICE_CODE: &str = "AmazonECS";
/// The family of the plans that discount Fargate.
const COMPUTE_SAVINGS_PLANS: &str = "ComputeSavingsPlans";
/// The most an index (service or region) may hold; the real ones are well under 1 MB.
const INDEX_LIMIT: u64 = 16 * 1024 * 1024;

/// One plan of a Savings Plans file's `products` array.
#[derive(Debug, Clone, Deserialize)]
pub struct PlanProduct {
    pub sku: String,
    #[serde(rename = "productFamily", default)]
    pub product_family: String,
    #[serde(default)]
    pub attributes: PlanAttributes,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct PlanAttributes {
    #[serde(rename = "purchaseTerm", default)]
    pub purchase_term: String,
    #[serde(rename = "purchaseOption", default)]
    pub purchase_option: String,
}

/// One rate of a plan's `rates` array.
#[derive(Debug, Clone, Deserialize)]
pub struct PlanRate {
    #[serde(rename = "rateCode")]
    pub rate_code: String,
    #[serde(rename = "discountedServiceCode")]
    pub service_code: String,
    #[serde(rename = "discountedUsageType")]
    pub usage_type: String,
    /// Absent in some files: the file's own `regionCode` applies.
    #[serde(rename = "discountedRegionCode", default)]
    pub region_code: Option<String>,
    #[serde(rename = "discountedRate")]
    pub rate: DiscountedRate,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DiscountedRate {
    pub price: String,
    #[serde(default)]
    pub currency: String,
}

impl PlanRate {
    /// The plan's SKU: the part of the rate code before the dot.
    pub fn plan_sku(&self) -> &str {
        self.rate_code
            .split_once('.')
            .map_or(self.rate_code.as_str(), |(plan, _)| plan)
    }
}

/// The term and payment option of a Compute Savings Plan product; `None` for any other plan
/// (EC2 Instance, SageMaker) or a term Regionwise does not model.
pub fn plan_of(product: &PlanProduct) -> Option<(CommitmentTerm, PaymentOption)> {
    if product.product_family != COMPUTE_SAVINGS_PLANS {
        return None;
    }
    Some((
        CommitmentTerm::from_lease_contract_length(&product.attributes.purchase_term)?,
        PaymentOption::from_purchase_option(&product.attributes.purchase_option)?,
    ))
}

/// The commitment rate a plan's discounted rate gives: `None` for another currency.
pub fn rate_of(
    rate: &PlanRate,
    (term, payment): (CommitmentTerm, PaymentOption),
    effective_date: &str,
    provenance: &str,
) -> Result<Option<CommitmentRate>, RecordError> {
    if !rate.rate.currency.is_empty() && rate.rate.currency != "USD" {
        return Ok(None);
    }
    let bad_price = || RecordError::BadRate {
        rate_code: rate.rate_code.clone(),
        value: rate.rate.price.clone(),
    };
    let hourly: Decimal = rate.rate.price.trim().parse().map_err(|_| bad_price())?;
    if hourly.is_sign_negative() {
        return Err(bad_price());
    }
    let paid_upfront = match payment {
        PaymentOption::NoUpfront => Decimal::ZERO,
        PaymentOption::PartialUpfront => Decimal::new(5, 1),
        PaymentOption::AllUpfront => Decimal::ONE,
    };
    let effective_date = date_of(&rate.rate_code, effective_date)?;
    Ok(Some(CommitmentRate {
        kind: CommitmentKind::SavingsPlan,
        term,
        payment,
        upfront_usd: (hourly * paid_upfront * term.hours()).normalize(),
        usd_per_hour: (hourly * (Decimal::ONE - paid_upfront)).normalize(),
        effective_date: effective_date.to_owned(),
        verified: true,
        provenance: format!("{provenance}, rate {}", rate.rate_code),
    }))
}

/// Why the Savings Plans price list could not be read during a refresh.
#[derive(Debug, thiserror::Error)]
pub enum SavingsPlansError {
    #[error("{url}: {source}")]
    Fetch {
        url: String,
        #[source]
        source: Box<ureq::Error>,
    },
    #[error("{url}: {problem}")]
    Index { url: String, problem: String },
    #[error(transparent)]
    File(#[from] OfferFileError),
}

/// What [`fetch`] read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fetched {
    /// The regional files read, by region code.
    pub regions: Vec<String>,
    pub bytes: u64,
}

/// Reads the Compute Savings Plans files of `regions` from the price list at `base_url` (for
/// AWS, `https://pricing.us-east-1.amazonaws.com`) into `collector`. Blocking: call it from a
/// blocking task.
pub fn fetch(
    base_url: &str,
    regions: &[String],
    collector: &mut Collector,
    progress: &Progress,
) -> Result<Fetched, SavingsPlansError> {
    let agent = super::bulk_agent();
    let service_index_url = join(base_url, "/offers/v1.0/aws/index.json")?;
    let service_index = get_index(&agent, &service_index_url)?;
    let Some(region_index_path) = service_index
        .pointer(&format!(
            "/offers/{SERVICE_CODE}/savingsPlanVersionIndexUrl"
        ))
        .and_then(serde_json::Value::as_str)
    else {
        return Err(SavingsPlansError::Index {
            url: service_index_url,
            problem: format!("offers.{SERVICE_CODE}.savingsPlanVersionIndexUrl is missing"),
        });
    };
    let region_index_url = join(base_url, region_index_path)?;
    let region_index = get_index(&agent, &region_index_url)?;
    let Some(listed) = region_index
        .get("regions")
        .and_then(serde_json::Value::as_array)
    else {
        return Err(SavingsPlansError::Index {
            url: region_index_url,
            problem: "`regions` is not an array".to_owned(),
        });
    };
    let mut fetched = Fetched::default();
    for region in regions {
        let Some(version_path) = listed
            .iter()
            .find(|listed| listed.get("regionCode").and_then(|code| code.as_str()) == Some(region))
            .and_then(|listed| listed.get("versionUrl"))
            .and_then(serde_json::Value::as_str)
        else {
            // AWS sells no Savings Plan in this region: its lines keep the rates they had.
            continue;
        };
        let url = join(base_url, version_path)?;
        let response = agent
            .get(&url)
            .call()
            .map_err(|source| SavingsPlansError::Fetch {
                url: url.clone(),
                source: Box::new(source),
            })?;
        let info = offer_file::scan(
            response.into_body().into_reader(),
            &url,
            collector,
            progress,
        )?;
        fetched.regions.push(region.clone());
        fetched.bytes += info.bytes;
    }
    Ok(fetched)
}

fn join(base_url: &str, path: &str) -> Result<String, SavingsPlansError> {
    url::Url::parse(base_url)
        .and_then(|base| base.join(path))
        .map(String::from)
        .map_err(|err| SavingsPlansError::Index {
            url: base_url.to_owned(),
            problem: format!("cannot join `{path}`: {err}"),
        })
}

fn get_index(agent: &ureq::Agent, url: &str) -> Result<serde_json::Value, SavingsPlansError> {
    let response = agent
        .get(url)
        .call()
        .map_err(|source| SavingsPlansError::Fetch {
            url: url.to_owned(),
            source: Box::new(source),
        })?;
    let mut text = String::new();
    response
        .into_body()
        .into_reader()
        .take(INDEX_LIMIT)
        .read_to_string(&mut text)
        .map_err(|err| SavingsPlansError::Index {
            url: url.to_owned(),
            problem: format!("cannot read: {err}"),
        })?;
    serde_json::from_str(&text).map_err(|err| SavingsPlansError::Index {
        url: url.to_owned(),
        problem: format!("not JSON: {err}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(price: &str) -> PlanRate {
        PlanRate {
            rate_code: "PLANSKU.FARGATESKU".into(),
            service_code: "AmazonECS".into(),
            usage_type: "USE1-Fargate-vCPU-Hours:perCPU".into(),
            region_code: Some("us-east-1".into()),
            rate: DiscountedRate {
                price: price.into(),
                currency: "USD".into(),
            },
        }
    }

    #[test]
    fn the_discounted_rate_is_split_into_upfront_and_hourly_by_payment_option() {
        let of = |payment| {
            rate_of(
                &rate("0.0283"),
                (CommitmentTerm::ThreeYear, payment),
                "2026-11-01T00:00:00Z",
                "file",
            )
            .unwrap()
            .unwrap()
        };
        // 3 years = 26,280 hours: all upfront is 0.0283 × 26,280 = 743.724 at purchase.
        let all = of(PaymentOption::AllUpfront);
        assert_eq!(all.upfront_usd.to_string(), "743.724");
        assert_eq!(all.usd_per_hour, Decimal::ZERO);
        let partial = of(PaymentOption::PartialUpfront);
        assert_eq!(partial.upfront_usd.to_string(), "371.862");
        assert_eq!(partial.usd_per_hour.to_string(), "0.01415");
        let none = of(PaymentOption::NoUpfront);
        assert_eq!(none.upfront_usd, Decimal::ZERO);
        assert_eq!(none.usd_per_hour.to_string(), "0.0283");
        // Whatever the payment, an hour of covered use costs the discounted rate.
        for rate in [all, partial, none] {
            assert_eq!(
                rate.effective_hourly(),
                "0.0283".parse::<Decimal>().unwrap()
            );
            assert_eq!(rate.effective_date, "2026-11-01");
            assert_eq!(rate.provenance, "file, rate PLANSKU.FARGATESKU");
        }
    }

    #[test]
    fn a_bad_price_names_the_rate_and_another_currency_is_skipped() {
        let plan = (CommitmentTerm::OneYear, PaymentOption::NoUpfront);
        let err = rate_of(&rate("cheap"), plan, "2026-11-01", "file").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Savings Plans rate PLANSKU.FARGATESKU: discountedRate.price `cheap` is not a decimal number of dollars"
        );
        assert!(rate_of(&rate("-1"), plan, "2026-11-01", "file").is_err());
        let mut yuan = rate("0.1");
        yuan.rate.currency = "CNY".into();
        assert!(
            rate_of(&yuan, plan, "2026-11-01", "file")
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn only_compute_savings_plans_in_modelled_terms_are_read() {
        let product = |family: &str, term: &str, option: &str| PlanProduct {
            sku: "P".into(),
            product_family: family.into(),
            attributes: PlanAttributes {
                purchase_term: term.into(),
                purchase_option: option.into(),
            },
        };
        assert_eq!(
            plan_of(&product("ComputeSavingsPlans", "3yr", "All Upfront")),
            Some((CommitmentTerm::ThreeYear, PaymentOption::AllUpfront))
        );
        assert_eq!(
            plan_of(&product("EC2InstanceSavingsPlans", "1yr", "No Upfront")),
            None
        );
        assert_eq!(
            plan_of(&product("ComputeSavingsPlans", "5yr", "No Upfront")),
            None
        );
    }
}
