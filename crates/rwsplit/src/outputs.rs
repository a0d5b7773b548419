//! The Terraform outputs the app config depends on, and the placeholders that stand for their
//! values until `terraform apply` has produced them.
//!
//! The Terraform bundle names its outputs with these constants, so a placeholder can only name
//! an output that exists; `fill_from_terraform.py` (shipped beside the config) replaces the
//! placeholders with `terraform output -json`.

/// The Aurora global database's writer endpoint: it follows the writer through switchovers
/// and failovers, so the config needs no change after one.
pub const GLOBAL_WRITER_ENDPOINT: &str = "database_global_writer_endpoint";
/// Each region's reader endpoint, keyed by region.
pub const READER_ENDPOINTS: &str = "database_reader_endpoints";
/// The Secrets Manager secret holding the master credentials (`username`, `password`).
pub const MASTER_USER_SECRET_ARN: &str = "database_master_user_secret_arn";
/// The Secrets Manager secret holding the app user's credentials (`username`, `password`).
pub const APP_USER_SECRET_ARN: &str = "database_app_user_secret_arn";
/// Each region's Valkey (Redis-compatible) primary endpoint, keyed by region: where the
/// region's tasks share each user's read-after-write window (TLS, port 6379).
pub const REDIS_ENDPOINTS: &str = "redis_endpoints";
/// The DynamoDB global table.
pub const DYNAMODB_TABLE_NAME: &str = "dynamodb_table_name";

/// The placeholder for output `name`.
pub fn placeholder(name: &str) -> String {
    format!("{{{{terraform:{name}}}}}")
}

/// The placeholder for entry `key` of map output `name`.
pub fn keyed_placeholder(name: &str, key: &str) -> String {
    format!("{{{{terraform:{name}[{key}]}}}}")
}

/// The placeholder for a value the team sets (no Terraform output holds it).
pub fn team_placeholder(name: &str) -> String {
    format!("{{{{set:{name}}}}}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_name_the_output_and_key() {
        assert_eq!(
            placeholder(GLOBAL_WRITER_ENDPOINT),
            "{{terraform:database_global_writer_endpoint}}"
        );
        assert_eq!(
            keyed_placeholder(READER_ENDPOINTS, "eu-west-1"),
            "{{terraform:database_reader_endpoints[eu-west-1]}}"
        );
        assert_eq!(team_placeholder("redis_url"), "{{set:redis_url}}");
    }
}
