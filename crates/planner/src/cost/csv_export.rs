//! The cost lines as CSV, for spreadsheets: one row per line with its price's key, source,
//! date and whether a real AWS record backs it. The CLI's `--format csv` and the browser's
//! "Download CSV" both use this, so the two files are the same. A line bought with a
//! commitment carries its on-demand figure, the upfront fee and the commitment beside its
//! monthly (effective) cost; an on-demand line repeats its monthly cost as the on-demand one.

use super::CostEstimate;

const HEADER: [&str; 14] = [
    "region",
    "service",
    "item",
    "quantity",
    "unit",
    "unit_price_usd",
    "monthly_usd",
    "price_key",
    "price_source",
    "effective_date",
    "verified",
    "on_demand_monthly_usd",
    "upfront_usd",
    "commitment",
];

/// The cost lines of `cost` as CSV (RFC 4180, a header row first).
pub fn cost_csv(cost: &CostEstimate) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut rows = vec![HEADER.map(str::to_owned).to_vec()];
    for line in &cost.lines {
        let source = line.price_source.as_ref();
        rows.push(vec![
            line.region.clone(),
            line.service.to_owned(),
            line.item.clone(),
            line.quantity.to_string(),
            line.unit.to_owned(),
            line.unit_price_usd
                .map(|price| price.to_string())
                .unwrap_or_default(),
            line.monthly_usd
                .map(|usd| usd.to_string())
                .unwrap_or_default(),
            source.map(|source| source.key.clone()).unwrap_or_default(),
            source
                .map(|source| source.source.slug().to_owned())
                .unwrap_or_default(),
            source
                .map(|source| source.effective_date.clone())
                .unwrap_or_default(),
            source
                .map(|source| source.verified.to_string())
                .unwrap_or_default(),
            match &line.commitment {
                Some(committed) => committed.on_demand_usd.to_string(),
                None => line
                    .monthly_usd
                    .map(|usd| usd.to_string())
                    .unwrap_or_default(),
            },
            line.commitment
                .as_ref()
                .map(|committed| committed.upfront_usd.to_string())
                .unwrap_or_default(),
            line.commitment
                .as_ref()
                .map(|committed| {
                    format!(
                        "{} {} {}",
                        committed.kind.title(),
                        committed.term.title(),
                        committed.payment.title().to_ascii_lowercase()
                    )
                })
                .unwrap_or_default(),
        ]);
    }
    for row in rows {
        // Writing to memory cannot fail: the only errors csv reports are IO errors.
        if writer.write_record(&row).is_err() {
            break;
        }
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::cost;
    use crate::test_support::{plan_in, uniform_book};

    #[test]
    fn one_row_per_line_with_a_header_and_quoted_commas() {
        let plan = plan_in("warm_standby", &["eu-west-1"], |_| {});
        let estimate = cost(&plan, &uniform_book(&[&plan], "0.5"));
        let csv = cost_csv(&estimate);
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        assert_eq!(reader.headers().unwrap().len(), HEADER.len());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), estimate.lines.len());
        assert_eq!(&rows[0][0], estimate.lines[0].region);
        assert_eq!(&rows[0][8], "snapshot");
    }
}
