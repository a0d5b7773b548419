//! What a plan may choose from: AWS regions (with the geography used for data residency),
//! database instance classes and Fargate sizes, and the service limits that bound a plan.
//!
//! Which classes are actually *offered* (and at what price) in a region is the price book's
//! business; this catalogue only names what Regionwise knows how to plan for.

use serde::Serialize;

/// A geography that data-residency rules are written in (`residency: ["eu"]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Geography {
    Us,
    Ca,
    Eu,
    Ap,
    Sa,
}

impl Geography {
    pub const ALL: [Geography; 5] = [
        Geography::Us,
        Geography::Ca,
        Geography::Eu,
        Geography::Ap,
        Geography::Sa,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Geography::Us => "us",
            Geography::Ca => "ca",
            Geography::Eu => "eu",
            Geography::Ap => "ap",
            Geography::Sa => "sa",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Geography> {
        Geography::ALL.into_iter().find(|geo| geo.slug() == slug)
    }

    pub fn title(self) -> &'static str {
        match self {
            Geography::Us => "United States",
            Geography::Ca => "Canada",
            Geography::Eu => "Europe",
            Geography::Ap => "Asia Pacific",
            Geography::Sa => "South America",
        }
    }
}

/// An AWS region Regionwise can plan for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Region {
    pub code: &'static str,
    pub name: &'static str,
    pub geography: Geography,
}

/// Availability zones a region's network spans: the zones new accounts get (US West (N.
/// California) offers two), at most three. The Terraform bundle pins the same zones by ID, and
/// the estimate counts NAT gateways, endpoint interfaces and load-balancer addresses per zone.
pub fn availability_zones(region: &str) -> u32 {
    match region {
        "us-west-1" => 2,
        _ => 3,
    }
}

/// The location group AWS Global Accelerator prices its data-transfer premium by (`NA`, `EU`,
/// `AP`, `SA`): the `fromLocation`/`toLocation` of its Price List products.
pub fn accelerator_location(region: &str) -> &'static str {
    match region.split('-').next() {
        Some("us" | "ca") => "NA",
        Some("eu") => "EU",
        Some("sa") => "SA",
        _ => "AP",
    }
}

const fn region(code: &'static str, name: &'static str, geography: Geography) -> Region {
    Region {
        code,
        name,
        geography,
    }
}

/// The regions of the catalogue, grouped by geography.
pub const REGIONS: &[Region] = &[
    region("us-east-1", "US East (N. Virginia)", Geography::Us),
    region("us-east-2", "US East (Ohio)", Geography::Us),
    region("us-west-1", "US West (N. California)", Geography::Us),
    region("us-west-2", "US West (Oregon)", Geography::Us),
    region("ca-central-1", "Canada (Central)", Geography::Ca),
    region("eu-west-1", "Europe (Ireland)", Geography::Eu),
    region("eu-west-2", "Europe (London)", Geography::Eu),
    region("eu-west-3", "Europe (Paris)", Geography::Eu),
    region("eu-central-1", "Europe (Frankfurt)", Geography::Eu),
    region("eu-north-1", "Europe (Stockholm)", Geography::Eu),
    region("ap-south-1", "Asia Pacific (Mumbai)", Geography::Ap),
    region("ap-southeast-1", "Asia Pacific (Singapore)", Geography::Ap),
    region("ap-southeast-2", "Asia Pacific (Sydney)", Geography::Ap),
    region("ap-northeast-1", "Asia Pacific (Tokyo)", Geography::Ap),
    region("sa-east-1", "South America (São Paulo)", Geography::Sa),
];

pub fn find_region(code: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|region| region.code == code)
}

/// An Aurora instance class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct InstanceClass {
    pub name: &'static str,
    pub vcpu: u32,
    pub memory_gib: u32,
}

const fn class(name: &'static str, vcpu: u32, memory_gib: u32) -> InstanceClass {
    InstanceClass {
        name,
        vcpu,
        memory_gib,
    }
}

/// Aurora PostgreSQL and MySQL instance classes (Graviton r6g/r7g/r8g, large to 4xlarge, and
/// the burstable t4g.medium), with their published vCPU and memory.
pub const INSTANCE_CLASSES: &[InstanceClass] = &[
    class("db.t4g.medium", 2, 4),
    class("db.r6g.large", 2, 16),
    class("db.r6g.xlarge", 4, 32),
    class("db.r6g.2xlarge", 8, 64),
    class("db.r6g.4xlarge", 16, 128),
    class("db.r7g.large", 2, 16),
    class("db.r7g.xlarge", 4, 32),
    class("db.r7g.2xlarge", 8, 64),
    class("db.r7g.4xlarge", 16, 128),
    class("db.r8g.large", 2, 16),
    class("db.r8g.xlarge", 4, 32),
    class("db.r8g.2xlarge", 8, 64),
    class("db.r8g.4xlarge", 16, 128),
];

pub fn find_instance_class(name: &str) -> Option<&'static InstanceClass> {
    INSTANCE_CLASSES.iter().find(|class| class.name == name)
}

/// Secondary regions an Aurora global database may have. Source: Aurora User Guide, "Using
/// Amazon Aurora global databases" (up to 10 secondary Regions; older editions said 5).
pub const MAX_SECONDARY_REGIONS: usize = 10;

/// Aurora replicas a cluster may have. Source: Aurora User Guide, "Aurora DB clusters"
/// (one writer and up to 15 Aurora Replicas).
pub const MAX_READERS_PER_REGION: u32 = 15;

/// Largest Aurora cluster volume, in GiB (128 TiB). Source: Aurora User Guide, "Aurora storage".
pub const MAX_STORAGE_GB: u32 = 131_072;

/// Fargate task sizes: for each vCPU value, the memory range (GB) AWS allows, per the ECS
/// Developer Guide, "Task CPU and memory" (Linux).
pub const FARGATE_SIZES: &[(f64, f64, f64)] = &[
    (0.25, 0.5, 2.0),
    (0.5, 1.0, 4.0),
    (1.0, 2.0, 8.0),
    (2.0, 4.0, 16.0),
    (4.0, 8.0, 30.0),
    (8.0, 16.0, 60.0),
    (16.0, 32.0, 120.0),
];

/// The memory sizes (GB) a Fargate task of `vcpu` may have: 0.5, 1 or 2 GB at 0.25 vCPU, whole
/// GB up to 4 vCPU, steps of 4 GB at 8 vCPU and of 8 GB at 16 vCPU (ECS Developer Guide, "Task
/// CPU and memory"). Empty for a vCPU value Fargate does not offer.
pub fn fargate_memory_options(vcpu: f64) -> Vec<f64> {
    let Some(&(_, min, max)) = FARGATE_SIZES.iter().find(|(size, _, _)| *size == vcpu) else {
        return Vec::new();
    };
    if vcpu == 0.25 {
        return vec![0.5, 1.0, 2.0];
    }
    let step = if vcpu >= 16.0 {
        8.0
    } else if vcpu >= 8.0 {
        4.0
    } else {
        1.0
    };
    let mut options = Vec::new();
    let mut memory = min;
    while memory <= max {
        options.push(memory);
        memory += step;
    }
    options
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fargate_memory_follows_the_aws_steps() {
        assert_eq!(fargate_memory_options(0.25), [0.5, 1.0, 2.0]);
        assert_eq!(fargate_memory_options(1.0).len(), 7, "2 to 8 GB");
        let eight = fargate_memory_options(8.0);
        assert_eq!(
            (eight[0], eight[1], *eight.last().unwrap()),
            (16.0, 20.0, 60.0)
        );
        let sixteen = fargate_memory_options(16.0);
        assert_eq!((sixteen[1], *sixteen.last().unwrap()), (40.0, 120.0));
        assert!(fargate_memory_options(3.0).is_empty());
    }

    #[test]
    fn region_codes_are_unique_and_found() {
        for (index, region) in REGIONS.iter().enumerate() {
            assert_eq!(find_region(region.code), Some(region));
            assert!(
                REGIONS[index + 1..]
                    .iter()
                    .all(|other| other.code != region.code),
                "{} twice",
                region.code
            );
        }
        assert_eq!(find_region("mars-north-1"), None);
    }

    #[test]
    fn every_geography_has_a_region_and_round_trips() {
        for geography in Geography::ALL {
            assert_eq!(Geography::from_slug(geography.slug()), Some(geography));
            assert!(REGIONS.iter().any(|region| region.geography == geography));
        }
    }

    #[test]
    fn instance_classes_are_unique() {
        for (index, class) in INSTANCE_CLASSES.iter().enumerate() {
            assert!(
                INSTANCE_CLASSES[index + 1..]
                    .iter()
                    .all(|other| other.name != class.name)
            );
        }
    }
}
