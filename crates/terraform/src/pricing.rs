//! What each resource type the bundle deploys costs, in the estimate's terms: the price keys
//! of the estimate lines that bill it, or why it has no line of its own.
//!
//! `tests/pricing.rs` walks the bundles of the whole pattern × engine × routing matrix and
//! fails on a resource type this table does not list, or whose price keys the plan's bill
//! lacks, so a resource cannot ship without a cost line or a stated reason.

/// How the estimate accounts for one resource type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Billing {
    /// Billed by the lines whose price key starts with one of these.
    Priced(&'static [&'static str]),
    /// No charge of its own; the reason says why (or where its cost is billed).
    Free(&'static str),
    /// Billed, but well under a dollar a month for any plan; the reason gives the arithmetic.
    Negligible(&'static str),
}

/// The billing of `resource_type`, or `None` for a type nobody has accounted for.
pub fn billing(resource_type: &str) -> Option<Billing> {
    use Billing::{Free, Negligible, Priced};
    const NETWORK: &str = "VPCs, subnets, route tables, routes, internet gateways, gateway endpoints and security groups have no charge";
    const IAM: &str = "IAM has no charge";
    Some(match resource_type {
        "aws_rds_cluster" => Priced(&["aurora.storage"]),
        "aws_rds_cluster_instance" => {
            Priced(&["aurora_postgresql.instance", "aurora_mysql.instance"])
        }
        "aws_rds_global_cluster" => Free(
            "no charge of its own: replication is billed on each secondary as replicated write I/O and inter-region transfer",
        ),
        "aws_db_subnet_group" | "aws_rds_cluster_parameter_group" => {
            Free("configuration, no charge")
        }
        "aws_dynamodb_table" | "aws_dynamodb_table_replica" => Priced(&["dynamodb."]),
        "aws_backup_vault" => Priced(&["aurora.backup_gb_month", "dynamodb.backup_gb_month"]),
        "aws_backup_plan" | "aws_backup_selection" => {
            Free("no charge of their own: the backups they make are billed as the vault's storage")
        }
        "aws_secretsmanager_secret" => Priced(&["secrets_manager.secret_month"]),
        "aws_secretsmanager_secret_version" => {
            Free("versions are included in the secret's monthly price")
        }
        "aws_kms_key" => Priced(&["kms.key_month"]),
        "aws_kms_alias" => Free("aliases have no charge"),
        "aws_vpc_endpoint" => Priced(&["vpc.interface_endpoint_hours"]),
        "aws_nat_gateway" => Priced(&["nat_gateway.hours"]),
        "aws_eip" => Priced(&["vpc.public_ipv4_hours"]),
        "aws_vpc"
        | "aws_subnet"
        | "aws_route_table"
        | "aws_route"
        | "aws_route_table_association"
        | "aws_internet_gateway"
        | "aws_security_group"
        | "aws_default_security_group"
        | "aws_vpc_security_group_ingress_rule"
        | "aws_vpc_security_group_egress_rule" => Free(NETWORK),
        "aws_flow_log" => Priced(&["cloudwatch.vended_logs_gb"]),
        "aws_cloudwatch_log_group" => Priced(&["cloudwatch.logs_"]),
        "aws_cloudwatch_metric_alarm" => Priced(&["cloudwatch.alarm_month"]),
        "aws_cloudwatch_event_rule" | "aws_cloudwatch_event_target" => {
            Free("EventBridge scheduled rules and their targets have no charge")
        }
        "aws_lb" => Priced(&["alb.hours"]),
        "aws_lb_listener" | "aws_lb_target_group" => {
            Free("included in the load balancer's hour and LCU prices")
        }
        "aws_wafv2_web_acl" => Priced(&["waf."]),
        "aws_wafv2_web_acl_association" => Free("included in the web ACL's price"),
        "aws_wafv2_web_acl_logging_configuration" => Priced(&["cloudwatch.vended_logs_gb"]),
        "aws_acm_certificate" | "aws_acm_certificate_validation" => {
            Free("public ACM certificates have no charge")
        }
        "aws_ecs_service" => Priced(&["fargate."]),
        "aws_ecs_cluster" | "aws_ecs_task_definition" => {
            Free("ECS bills the Fargate tasks, not the cluster or the task definition")
        }
        "aws_appautoscaling_target" | "aws_appautoscaling_policy" => {
            Free("Application Auto Scaling has no charge")
        }
        "aws_elasticache_replication_group" => Priced(&["elasticache."]),
        "aws_elasticache_subnet_group" => Free("configuration, no charge"),
        "aws_route53_health_check" => Priced(&["route53.health_check_month"]),
        "aws_route53_record" => Priced(&["route53."]),
        "aws_globalaccelerator_accelerator" => Priced(&["global_accelerator."]),
        "aws_globalaccelerator_listener" | "aws_globalaccelerator_endpoint_group" => {
            Free("included in the accelerator's fixed fee and data-transfer premium")
        }
        "aws_lambda_function" => Negligible(
            "the probe runs once a minute: 43,800 invocations of 128 MB a month, about $0.10 at 1 s each and at most $0.47 if every one waited out its 5 s timeouts ($0.0000166667/GB-s, $0.20 per million requests); failover.py runs only when the alarm fires",
        ),
        "aws_lambda_permission" => Free("permissions have no charge"),
        "aws_sns_topic" => Negligible(
            "alarm and failover notifications: the first million publishes and 1,000 email deliveries a month are free",
        ),
        "aws_sns_topic_subscription" => Free("subscriptions have no charge"),
        "aws_sqs_queue" => Negligible(
            "the failover function's dead-letter queue receives a message only when the function fails; $0.40 per million requests",
        ),
        "aws_ecr_replication_configuration" => Negligible(
            "replicated image storage is $0.10/GB-month in each region: a 1 GB image costs $0.10 a month per region",
        ),
        "aws_iam_role" | "aws_iam_role_policy" | "aws_iam_role_policy_attachment" => Free(IAM),
        _ => return None,
    })
}
