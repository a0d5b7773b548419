//! The availability zones each region's network uses, by zone ID.
//!
//! Zone IDs (`use1-az1`) name the same physical zone in every account, unlike zone names
//! (`us-east-1a`), and pinning them keeps the network from silently spreading into a zone AWS
//! adds later. These are the generally available zone IDs of each catalogue region (AWS
//! documentation, "Availability Zone IDs for your AWS resources"; general knowledge, not
//! checked against an account), skipping zones closed to new accounts (use1-az3,
//! apne1-az3). US West (N. California) offers new accounts two zones. The bundle's
//! `availability_zone_ids` variable lets a team replace them with the zones its account has.

/// Zone IDs for `region`, or an empty list for a region outside the catalogue.
pub fn zone_ids(region: &str) -> &'static [&'static str] {
    match region {
        "us-east-1" => &["use1-az1", "use1-az2", "use1-az4"],
        "us-east-2" => &["use2-az1", "use2-az2", "use2-az3"],
        "us-west-1" => &["usw1-az1", "usw1-az3"],
        "us-west-2" => &["usw2-az1", "usw2-az2", "usw2-az3"],
        "ca-central-1" => &["cac1-az1", "cac1-az2", "cac1-az4"],
        "eu-west-1" => &["euw1-az1", "euw1-az2", "euw1-az3"],
        "eu-west-2" => &["euw2-az1", "euw2-az2", "euw2-az3"],
        "eu-west-3" => &["euw3-az1", "euw3-az2", "euw3-az3"],
        "eu-central-1" => &["euc1-az1", "euc1-az2", "euc1-az3"],
        "eu-north-1" => &["eun1-az1", "eun1-az2", "eun1-az3"],
        "ap-south-1" => &["aps1-az1", "aps1-az2", "aps1-az3"],
        "ap-southeast-1" => &["apse1-az1", "apse1-az2", "apse1-az3"],
        "ap-southeast-2" => &["apse2-az1", "apse2-az2", "apse2-az3"],
        "ap-northeast-1" => &["apne1-az1", "apne1-az2", "apne1-az4"],
        "sa-east-1" => &["sae1-az1", "sae1-az2", "sae1-az3"],
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_region_has_zones_named_after_it() {
        for region in planner::catalog::REGIONS {
            let zones = zone_ids(region.code);
            assert!(zones.len() >= 2, "{} has too few zones", region.code);
            let prefix = crate::naming::short_region(region.code);
            for zone in zones {
                assert!(
                    zone.starts_with(&format!("{prefix}-az")),
                    "{zone} in {}",
                    region.code
                );
            }
        }
    }
}
