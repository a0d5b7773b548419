//! AWS Price List records: the product and on-demand price parts both sources share.
//!
//! The Query API's GetProducts returns each product as a JSON document in a string
//! (`FormatVersion: aws_v1`: `{product: {sku, productFamily, attributes}, serviceCode, terms:
//! {OnDemand, Reserved}, publicationDate}`); a bulk offer file holds the same products under
//! `products` and their terms under `terms.OnDemand[sku]`. This module reads those shapes into
//! [`Product`] and [`OnDemandPrice`], picking the price Regionwise uses from a product's
//! on-demand dimensions: the first paid tier (the lowest `beginRange` with a price above zero),
//! since free tiers such as DynamoDB's first 25 GB do not price a production workload. The
//! paid tiers after it are kept too, for products billed by volume tier (internet egress).
//!
//! A product's `Reserved` terms (`termAttributes: {LeaseContractLength: "1yr"|"3yr",
//! PurchaseOption: "No Upfront"|"Partial Upfront"|"All Upfront", OfferingClass}`, dimensions
//! priced per `Quantity` (the upfront fee) and per `Hrs`) become [`CommitmentRate`]s
//! ([`reserved_rates`]); convertible offerings and terms in other shapes are left out.

use std::collections::HashMap;

use planner::commitment::{CommitmentKind, CommitmentRate, CommitmentTerm, PaymentOption};
use planner::{Decimal, PriceTier};
use serde::Deserialize;

/// A product's identity and attributes.
#[derive(Debug, Clone, Deserialize)]
pub struct Product {
    pub sku: String,
    #[serde(rename = "productFamily", default)]
    pub product_family: Option<String>,
    #[serde(default)]
    pub attributes: HashMap<String, String>,
}

impl Product {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }

    pub fn usage_type(&self) -> Option<&str> {
        self.attribute("usagetype")
    }

    pub fn region_code(&self) -> Option<&str> {
        self.attribute("regionCode")
    }

    pub fn service_code(&self) -> Option<&str> {
        self.attribute("servicecode")
    }
}

/// One on-demand term: when it took effect and its price dimensions (tiers).
#[derive(Debug, Clone, Deserialize)]
pub struct Term {
    #[serde(rename = "effectiveDate")]
    pub effective_date: String,
    #[serde(rename = "priceDimensions")]
    pub price_dimensions: HashMap<String, Dimension>,
    /// A reserved term's length, payment option and class; empty on an on-demand term.
    #[serde(rename = "termAttributes", default)]
    pub term_attributes: HashMap<String, String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Dimension {
    pub unit: String,
    #[serde(rename = "beginRange", default)]
    pub begin_range: Option<String>,
    #[serde(rename = "pricePerUnit")]
    pub price_per_unit: HashMap<String, String>,
}

/// The price Regionwise takes from a product's on-demand terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnDemandPrice {
    pub unit: String,
    pub usd_per_unit: Decimal,
    /// `YYYY-MM-DD`.
    pub effective_date: String,
    /// The paid tiers from the first (which starts at 0 at `usd_per_unit`); one for a flat price.
    pub tiers: Vec<PriceTier>,
    /// The product's standard reserved rates, when the source read them ([`reserved_rates`]).
    pub commitments: Vec<CommitmentRate>,
}

/// A GetProducts `PriceList` element, decoded.
#[derive(Debug, Clone, Deserialize)]
pub struct PriceListItem {
    pub product: Product,
    #[serde(rename = "serviceCode")]
    pub service_code: String,
    #[serde(default)]
    pub terms: Terms,
    #[serde(rename = "publicationDate", default)]
    pub publication_date: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Terms {
    #[serde(rename = "OnDemand", default)]
    pub on_demand: HashMap<String, Term>,
    #[serde(rename = "Reserved", default)]
    pub reserved: HashMap<String, Term>,
}

/// Why a record could not be read; the message names the field.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("not a Price List product document: {0}")]
    Syntax(#[source] serde_json::Error),
    #[error("product {sku}: {source}")]
    Product {
        sku: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("terms.OnDemand.{sku}: {source}")]
    OnDemandTerms {
        sku: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("terms.Reserved.{sku}: {source}")]
    ReservedTerms {
        sku: String,
        #[source]
        source: serde_json::Error,
    },
    /// A Savings Plans file's product or rate that does not read; `part` says which.
    #[error("Savings Plans {part}: {source}")]
    SavingsPlan {
        part: &'static str,
        #[source]
        source: serde_json::Error,
    },
    #[error(
        "Savings Plans rate {rate_code}: discountedRate.price `{value}` is not a decimal number of dollars"
    )]
    BadRate { rate_code: String, value: String },
    #[error("SKU {sku}: no on-demand price (terms.OnDemand has no price dimension in USD)")]
    NoOnDemandPrice { sku: String },
    #[error("SKU {sku}: pricePerUnit.USD `{value}` is not a decimal number")]
    BadPrice { sku: String, value: String },
    #[error("SKU {sku}: effectiveDate `{value}` does not start with a YYYY-MM-DD date")]
    BadDate { sku: String, value: String },
}

impl PriceListItem {
    /// Decodes one `PriceList` string.
    pub fn from_json(json: &str) -> Result<PriceListItem, RecordError> {
        serde_json::from_str(json).map_err(RecordError::Syntax)
    }
}

/// The standard reserved-instance rates among a product's `Reserved` terms, one per length and
/// payment option, each named by its offer term code in `provenance`. A term whose prices do
/// not read is an error naming the SKU; one of another kind (convertible, a length or option
/// Regionwise does not model) is skipped.
pub fn reserved_rates<'a>(
    sku: &str,
    terms: impl IntoIterator<Item = (&'a String, &'a Term)>,
    provenance: &str,
) -> Result<Vec<CommitmentRate>, RecordError> {
    let mut rates: Vec<CommitmentRate> = Vec::new();
    for (code, term) in terms {
        let attribute = |name: &str| term.term_attributes.get(name).map(String::as_str);
        if attribute("OfferingClass").is_some_and(|class| !class.eq_ignore_ascii_case("standard")) {
            continue;
        }
        let (Some(length), Some(payment)) = (
            attribute("LeaseContractLength").and_then(CommitmentTerm::from_lease_contract_length),
            attribute("PurchaseOption").and_then(PaymentOption::from_purchase_option),
        ) else {
            continue;
        };
        let mut upfront_usd = Decimal::ZERO;
        let mut usd_per_hour: Option<Decimal> = None;
        for dimension in term.price_dimensions.values() {
            let Some(price) = usd_of(sku, dimension)? else {
                continue;
            };
            match dimension.unit.as_str() {
                "Quantity" => upfront_usd += price,
                "Hrs" => *usd_per_hour.get_or_insert(Decimal::ZERO) += price,
                _ => {}
            }
        }
        // A term without an hourly dimension is not a reservation Regionwise can price.
        let Some(usd_per_hour) = usd_per_hour else {
            continue;
        };
        let effective_date = date_of(sku, &term.effective_date)?;
        if rates
            .iter()
            .any(|rate| rate.term == length && rate.payment == payment)
        {
            continue;
        }
        rates.push(CommitmentRate {
            kind: CommitmentKind::ReservedInstance,
            term: length,
            payment,
            upfront_usd: upfront_usd.normalize(),
            usd_per_hour: usd_per_hour.normalize(),
            effective_date: effective_date.to_owned(),
            verified: true,
            provenance: format!("{provenance}, reserved term {code}"),
        });
    }
    rates.sort_by_key(|rate| (rate.term, rate.payment));
    Ok(rates)
}

/// A dimension's price in US dollars; `None` when it has none (another currency).
fn usd_of(sku: &str, dimension: &Dimension) -> Result<Option<Decimal>, RecordError> {
    let Some(usd) = dimension.price_per_unit.get("USD") else {
        return Ok(None);
    };
    usd.trim()
        .parse()
        .map(Some)
        .map_err(|_| RecordError::BadPrice {
            sku: sku.to_owned(),
            value: usd.clone(),
        })
}

/// The `YYYY-MM-DD` an `effectiveDate` starts with.
pub(super) fn date_of<'a>(sku: &str, effective: &'a str) -> Result<&'a str, RecordError> {
    effective
        .get(..10)
        .filter(|date| {
            date.len() == 10
                && date.bytes().enumerate().all(|(i, b)| {
                    if i == 4 || i == 7 {
                        b == b'-'
                    } else {
                        b.is_ascii_digit()
                    }
                })
        })
        .ok_or_else(|| RecordError::BadDate {
            sku: sku.to_owned(),
            value: effective.to_owned(),
        })
}

/// The first paid on-demand tier across `terms` (see the module documentation).
pub fn on_demand_price<'a>(
    sku: &str,
    terms: impl IntoIterator<Item = &'a Term>,
) -> Result<OnDemandPrice, RecordError> {
    let mut candidates: Vec<(Decimal, Decimal, &str, &str)> = Vec::new();
    for term in terms {
        for dimension in term.price_dimensions.values() {
            let Some(price) = usd_of(sku, dimension)? else {
                continue;
            };
            let begin = dimension
                .begin_range
                .as_deref()
                .and_then(|begin| begin.trim().parse::<Decimal>().ok())
                .unwrap_or_default();
            candidates.push((begin, price, &dimension.unit, &term.effective_date));
        }
    }
    candidates.sort_by_key(|candidate| candidate.0);
    let chosen = candidates
        .iter()
        .find(|candidate| !candidate.1.is_zero())
        .or(candidates.first())
        .ok_or_else(|| RecordError::NoOnDemandPrice {
            sku: sku.to_owned(),
        })?;
    let (first_begin, usd_per_unit, unit, effective) = *chosen;
    let effective_date = date_of(sku, effective)?;
    // The chosen tier bills from the first unit (a free allowance before it is not modelled);
    // later tiers of the same unit keep their starts.
    let mut tiers = vec![PriceTier {
        from_units: Decimal::ZERO,
        usd_per_unit: usd_per_unit.normalize(),
    }];
    for (begin, price, tier_unit, _) in &candidates {
        if *begin > first_begin && *tier_unit == unit {
            let from_units = begin.normalize();
            if tiers
                .last()
                .is_some_and(|last| last.from_units < from_units)
            {
                tiers.push(PriceTier {
                    from_units,
                    usd_per_unit: price.normalize(),
                });
            }
        }
    }
    Ok(OnDemandPrice {
        unit: unit.to_owned(),
        usd_per_unit: usd_per_unit.normalize(),
        effective_date: effective_date.to_owned(),
        tiers,
        commitments: Vec::new(),
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Each rate's term, payment option, upfront fee and hourly charge, for comparing with
    /// expected rows.
    pub(crate) fn summary_of(
        rates: &[CommitmentRate],
    ) -> Vec<(CommitmentTerm, PaymentOption, String, String)> {
        rates
            .iter()
            .map(|rate| {
                (
                    rate.term,
                    rate.payment,
                    rate.upfront_usd.to_string(),
                    rate.usd_per_hour.to_string(),
                )
            })
            .collect()
    }

    /// The m5.large record from aws/amazon-ec2-instance-selector's GetProducts fixture (a real
    /// AWS record, copied byte-exact into tests/fixtures/price-list/; see PROVENANCE.md there).
    const M5_LARGE: &str =
        include_str!("../../tests/fixtures/price-list/ec2-m5.large-us-east-1-pricelist-item.json");

    #[test]
    fn reads_the_on_demand_price_of_a_real_record_and_ignores_reserved_terms() {
        let item = PriceListItem::from_json(M5_LARGE).unwrap();
        assert_eq!(item.service_code, "AmazonEC2");
        assert_eq!(item.product.sku, "6C86BEPQVG73ZGGR");
        assert_eq!(item.product.usage_type(), Some("BoxUsage:m5.large"));
        let price = on_demand_price(&item.product.sku, item.terms.on_demand.values()).unwrap();
        assert_eq!(price.usd_per_unit, "0.096".parse().unwrap());
        assert_eq!(price.unit, "Hrs");
        assert_eq!(price.effective_date, "2021-02-01");
    }

    #[test]
    fn reads_the_standard_reserved_terms_of_a_real_record() {
        // AWS's real m5.large record: six standard and six convertible reserved terms.
        let item = PriceListItem::from_json(M5_LARGE).unwrap();
        let rates = reserved_rates(&item.product.sku, &item.terms.reserved, "test").unwrap();
        let summary = summary_of(&rates);
        let row = |term, payment, upfront: &str, hourly: &str| {
            (term, payment, upfront.to_owned(), hourly.to_owned())
        };
        use CommitmentTerm::{OneYear, ThreeYear};
        use PaymentOption::{AllUpfront, NoUpfront, PartialUpfront};
        assert_eq!(
            summary,
            [
                row(OneYear, NoUpfront, "0", "0.06"),
                row(OneYear, PartialUpfront, "252", "0.029"),
                row(OneYear, AllUpfront, "494", "0"),
                row(ThreeYear, NoUpfront, "0", "0.041"),
                row(ThreeYear, PartialUpfront, "505", "0.019"),
                row(ThreeYear, AllUpfront, "949", "0"),
            ]
        );
        assert!(rates.iter().all(|rate| rate.verified));
        assert!(
            rates[5]
                .provenance
                .contains("reserved term 6C86BEPQVG73ZGGR.NQ3QZPMQV9")
        );
        // Each is below the on-demand $0.096 an hour, as a price book requires.
        assert!(
            rates
                .iter()
                .all(|rate| rate.effective_hourly() < "0.096".parse().unwrap())
        );
    }

    fn term(dimensions: &[(&str, &str)]) -> Term {
        Term {
            effective_date: "2025-08-01T00:00:00Z".into(),
            price_dimensions: dimensions
                .iter()
                .enumerate()
                .map(|(i, (begin, usd))| {
                    (
                        format!("D{i}"),
                        Dimension {
                            unit: "GB-Mo".into(),
                            begin_range: Some((*begin).into()),
                            price_per_unit: HashMap::from([("USD".into(), (*usd).into())]),
                        },
                    )
                })
                .collect(),
            term_attributes: HashMap::new(),
        }
    }

    /// AWS's own GetProducts example: the `PriceList` element is a JSON document in a string.
    #[test]
    fn decodes_the_price_list_strings_of_a_real_response() {
        let response: serde_json::Value = serde_json::from_str(include_str!(
            "../../tests/fixtures/price-list/getproducts-response-ec2-piops-ca-central-1.json"
        ))
        .unwrap();
        assert_eq!(response["FormatVersion"], "aws_v1");
        let json = response["PriceList"][0].as_str().unwrap();
        let item = PriceListItem::from_json(json).unwrap();
        assert_eq!(
            item.product.usage_type(),
            Some("CAN1-EBS:VolumeUsage.piops")
        );
        let price = on_demand_price(&item.product.sku, item.terms.on_demand.values()).unwrap();
        assert_eq!(price.usd_per_unit, "0.138".parse().unwrap());
        assert_eq!(price.unit, "GB-Mo");
    }

    #[test]
    fn takes_the_first_paid_tier_and_keeps_the_later_ones() {
        let tiers = term(&[("25", "0.25"), ("0", "0.0000000000"), ("10240", "0.2")]);
        let price = on_demand_price("S", [&tiers]).unwrap();
        assert_eq!(price.usd_per_unit, "0.25".parse().unwrap());
        let starts: Vec<String> = price
            .tiers
            .iter()
            .map(|tier| format!("{}@{}", tier.from_units, tier.usd_per_unit))
            .collect();
        assert_eq!(starts, ["0@0.25", "10240@0.2"]);
    }

    #[test]
    fn a_bad_price_or_no_price_names_the_sku() {
        let bad = term(&[("0", "cheap")]);
        let err = on_demand_price("SKU1", [&bad]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "SKU SKU1: pricePerUnit.USD `cheap` is not a decimal number"
        );
        let err = on_demand_price("SKU2", []).unwrap_err();
        assert!(
            err.to_string().starts_with("SKU SKU2: no on-demand price"),
            "{err}"
        );
    }
}
