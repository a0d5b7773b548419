//! Names in the bundle: provider aliases and module names per region, and the resource name
//! prefix, all derived from the plan so they are valid Terraform identifiers by construction.

/// `us-east-1` → `us_east_1`: the provider alias and module suffix for a region.
pub fn region_identifier(region: &str) -> String {
    region.replace('-', "_")
}

/// The provider alias reference for a region (`aws.us_east_1`).
pub fn provider(region: &str) -> String {
    format!("aws.{}", region_identifier(region))
}

/// A module instance name for a region (`network_us_east_1`).
pub fn module_name(module: &str, region: &str) -> String {
    format!("{module}_{}", region_identifier(region))
}

/// The default resource name prefix (`Medium SaaS` → `medium-saas`), also the stem of the
/// plan's download file names; it lives with the plan's text rules.
pub use planner::plan::text::{MAX_PREFIX_LENGTH, name_prefix};

/// The plan's name as an AWS tag value: tags allow letters, digits, spaces and `+ - = . _ :
/// / @`, at most 256 characters; anything else becomes a space.
pub fn tag_value(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|character| {
            if character.is_alphanumeric() || " +-=._:/@".contains(character) {
                character
            } else {
                ' '
            }
        })
        .take(256)
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    words.join(" ")
}

/// The validation regex `variables.tf` applies to `name_prefix` (with a length of at most
/// [`MAX_PREFIX_LENGTH`]); [`name_prefix`] satisfies it. A lower-case letter, then letters and
/// digits with single dashes between them: RDS identifiers and parameter groups reject `--`
/// and a trailing dash, and every derived name appends `-suffix`.
pub const NAME_PREFIX_PATTERN: &str = "^[a-z](-?[a-z0-9])+$";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_short_lowercase_slugs() {
        assert_eq!(name_prefix("Medium SaaS"), "medium-saas");
        assert_eq!(
            name_prefix("  ACME — checkout (prod) "),
            "acme-checkout-prod"
        );
        assert_eq!(name_prefix("2025 plan"), "plan-2025-plan");
        assert_eq!(name_prefix("\"${evil}\""), "evil");
        assert_eq!(name_prefix("日本"), "regionwise");
        assert_eq!(
            name_prefix("a very long plan name indeed, longer than twenty"),
            "a-very-long-plan-nam"
        );
    }

    #[test]
    fn tag_values_keep_only_what_aws_tags_allow() {
        assert_eq!(
            tag_value("Warm standby, EU primary"),
            "Warm standby EU primary"
        );
        assert_eq!(tag_value("a\"b ${c} %{d}\n"), "a b c d");
        assert_eq!(tag_value("Café/prod@eu"), "Café/prod@eu");
    }

    #[test]
    fn region_names_become_identifiers() {
        assert_eq!(provider("eu-west-1"), "aws.eu_west_1");
        assert_eq!(
            module_name("network", "ap-southeast-2"),
            "network_ap_southeast_2"
        );
    }
}

/// A short region code for names AWS caps at 32 characters: `us-east-1` → `use1`,
/// `ap-southeast-2` → `apse2`, `eu-central-1` → `euc1`.
pub fn short_region(region: &str) -> String {
    let parts: Vec<&str> = region.split('-').collect();
    let [area, direction @ .., number] = parts.as_slice() else {
        return region.to_owned();
    };
    let mut short = (*area).to_owned();
    for word in direction {
        for compass in ["north", "south", "east", "west", "central"] {
            if let Some(rest) = word.strip_prefix(compass) {
                short.push_str(&compass[..1]);
                if let Some(second) = rest.chars().next() {
                    short.push(second);
                }
                break;
            }
        }
    }
    short.push_str(number);
    short
}

#[cfg(test)]
mod short_region_tests {
    use super::short_region;

    #[test]
    fn short_codes_follow_the_usual_abbreviations() {
        assert_eq!(short_region("us-east-1"), "use1");
        assert_eq!(short_region("ap-southeast-2"), "apse2");
        assert_eq!(short_region("ap-northeast-1"), "apne1");
        assert_eq!(short_region("eu-central-1"), "euc1");
        assert_eq!(short_region("sa-east-1"), "sae1");
        assert_eq!(short_region("ca-central-1"), "cac1");
    }
}
