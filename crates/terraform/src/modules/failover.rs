//! `modules/failover`: automated failover for plans that ask for it, entirely in the standby
//! region, so it keeps working while the primary region (or us-east-1, home of Route 53's
//! metrics) is down.
//!
//! A probe function runs every minute (EventBridge) and publishes whether the primary's load
//! balancer answers on the health path; an alarm in this region fires after
//! `unreachable_minutes` consecutive failed minutes (missing data keeps the alarm's state) and
//! invokes the failover function through an encrypted SNS topic. That function switches over
//! when the primary's database still answers, fails over (accepting data loss) only when the
//! replication lag is known and within `max_data_loss_seconds`, gives a headless pilot-light
//! cluster an instance first, and reports each decision to a topic. Its role may only do that
//! to this global cluster and its members. It runs outside the VPC: it calls AWS APIs and the
//! primary's public load balancer, and must work where the standby keeps no NAT gateways.

use hcl::expr::Expression;

use crate::hcl_build::{
    block, call, condition, data, list, object, reference, resource, service_role, statement,
    string, strings, template,
};
use crate::module::{Module, Variable};

/// The function's source, shipped in the bundle beside the module.
pub const SOURCE: &str = include_str!("failover.py");

/// The zip Lambda deploys: `failover.py` alone, packed deterministically by the generator
/// (fixed timestamp and permissions), so the bundle needs no provider but AWS's and the
/// function's `source_code_hash` is the same for the same source.
pub fn source_zip() -> Vec<u8> {
    let mut entries = std::collections::BTreeMap::new();
    entries.insert("failover.py".to_owned(), SOURCE);
    crate::archive::zip_entries(&entries)
}

/// The namespace and metric the probe publishes (`failover.py` uses the same names).
const METRIC_NAMESPACE: &str = "Regionwise/Failover";
const METRIC_NAME: &str = "PrimaryReachable";
/// Consecutive failed minutes before the function runs, unless the team changes it: the
/// figure the estimate's RTO counts.
pub const UNREACHABLE_MINUTES: u64 = planner::recovery::FAILOVER_PROBE_MINUTES as u64;

pub fn module() -> Module {
    let mut module = Module::default();
    module.extra_files.push(("failover.py", SOURCE));
    module.binary_files.push(("failover.zip", source_zip()));
    variables(&mut module);
    module.resource(data("aws_partition", "current").build());
    module.resource(data("aws_region", "current").build());
    module.resource(data("aws_caller_identity", "current").build());
    for (name, suffix) in [("failover", ""), ("probe", "-probe")] {
        module.resource(
            resource("aws_cloudwatch_log_group", name)
                .add_attribute((
                    "name",
                    template(&format!("/aws/lambda/${{var.name}}{suffix}")),
                ))
                .add_attribute(("retention_in_days", 365u64))
                .add_attribute(("kms_key_id", reference("var.kms_key_arn")))
                .build(),
        );
    }
    module.resource(
        resource("aws_sqs_queue", "dead_letters")
            .add_attribute(("name", template("${var.name}-dead-letters")))
            .add_attribute(("kms_master_key_id", reference("var.kms_key_arn")))
            .add_attribute(("message_retention_seconds", 1209600u64))
            .build(),
    );
    for (name, suffix) in [("trigger", "trigger"), ("decisions", "decisions")] {
        module.resource(
            resource("aws_sns_topic", name)
                .add_attribute(("name", template(&format!("${{var.name}}-{suffix}"))))
                .add_attribute(("kms_master_key_id", reference("var.kms_key_arn")))
                .build(),
        );
    }
    role(&mut module);
    function(
        &mut module,
        "failover",
        "failover.handler",
        900,
        "Decides and runs the failover of the Aurora global database when the primary region stays unreachable",
    );
    function(
        &mut module,
        "probe",
        "failover.probe",
        30,
        "Probes the primary region's load balancer every minute and publishes PrimaryReachable",
    );
    trigger(&mut module);
    module.output(
        "function_name",
        "The failover function.",
        reference("aws_lambda_function.failover.function_name"),
    );
    module.output(
        "decisions_topic_arn",
        "SNS topic that receives every decision of the failover function (subscribe your pager).",
        reference("aws_sns_topic.decisions.arn"),
    );
    module.output(
        "unreachable_alarm_name",
        "The alarm whose ALARM state starts the failover function.",
        reference("aws_cloudwatch_metric_alarm.primary_unreachable.alarm_name"),
    );
    module
}

fn variables(module: &mut Module) {
    let text = |name: &str, description: &str| Variable::new(name, "string", description);
    module
        .variable(text("name", "Name of the functions and their resources."))
        .variable(text("global_cluster_identifier", "The Aurora global cluster to fail over."))
        .variable(text("global_cluster_arn", "ARN of the global cluster."))
        .variable(Variable::new("member_cluster_arns", "list(string)", "ARNs of every cluster in the global cluster."))
        .variable(text("target_cluster_arn", "The cluster this function promotes (in this region)."))
        .variable(text("target_cluster_identifier", "Identifier of that cluster."))
        .variable(text("primary_region", "The region whose cluster writes while nothing has failed."))
        .variable(text("primary_cluster_identifier", "Identifier of the primary region's cluster."))
        .variable(text("probe_host", "DNS name of the primary region's load balancer, which the probe requests."))
        .variable(text("domain_name", "The app's DNS name: the probe's TLS server name and Host header."))
        .variable(text("health_check_path", "Path the probe requests; 200 means the primary region serves."))
        .variable(text("instance_class", "Class of the instance a headless (pilot-light) cluster gets before promotion."))
        .variable(
            Variable::new("max_data_loss_seconds", "number", "Largest replication lag the function accepts as data loss in an unplanned failover; above it, it declines and notifies.")
                .validate(crate::hcl_build::greater_or_equal(reference("var.max_data_loss_seconds"), 1u64.into()), "max_data_loss_seconds must be at least 1."),
        )
        .variable(
            Variable::new("unreachable_minutes", "number", "Consecutive minutes the probe must fail before the function runs.")
                .default(UNREACHABLE_MINUTES)
                .validate(crate::hcl_build::greater_or_equal(reference("var.unreachable_minutes"), 2u64.into()), "unreachable_minutes must be at least 2: one failed minute is not an outage."),
        )
        .variable(text("kms_key_arn", "The region's KMS key."));
}

/// The functions' role: exactly what `failover.py` calls, on this global cluster only.
fn role(module: &mut Module) {
    for role_block in service_role("function", "lambda.amazonaws.com", template("${var.name}")) {
        module.resource(role_block);
    }
    let target_instances = template(
        "arn:${data.aws_partition.current.partition}:rds:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:db:${var.target_cluster_identifier}-failover-*",
    );
    let clusters = || {
        call(
            "concat",
            [
                list([reference("var.global_cluster_arn")]),
                reference("var.member_cluster_arns"),
            ],
        )
    };
    module.resource(
        data("aws_iam_policy_document", "function")
            .add_block(
                statement(
                    "SwitchOrFailOverThisGlobalClusterOnly",
                    &[
                        "rds:DescribeDBClusters",
                        "rds:DescribeGlobalClusters",
                        "rds:FailoverGlobalCluster",
                        "rds:SwitchoverGlobalCluster",
                    ],
                    clusters(),
                )
                .build(),
            )
            .add_block(
                statement(
                    "GiveTheHeadlessClusterAnInstance",
                    &[
                        "rds:AddTagsToResource",
                        "rds:CreateDBInstance",
                        "rds:DescribeDBInstances",
                    ],
                    list([reference("var.target_cluster_arn"), target_instances]),
                )
                .build(),
            )
            .add_block(
                statement(
                    "PublishTheProbesMetric",
                    &["cloudwatch:PutMetricData"],
                    strings(["*"]),
                )
                .add_block(condition(
                    "StringEquals",
                    "cloudwatch:namespace",
                    strings([METRIC_NAMESPACE]),
                ))
                .build(),
            )
            .add_block(
                statement(
                    "ReadReplicationLag",
                    &["cloudwatch:GetMetricData"],
                    strings(["*"]),
                )
                .build(),
            )
            .add_block(
                statement(
                    "ReportDecisions",
                    &["sns:Publish"],
                    list([reference("aws_sns_topic.decisions.arn")]),
                )
                .build(),
            )
            .add_block(
                statement(
                    "WriteTheirOwnLogs",
                    &["logs:CreateLogStream", "logs:PutLogEvents"],
                    list([
                        template("${aws_cloudwatch_log_group.failover.arn}:*"),
                        template("${aws_cloudwatch_log_group.probe.arn}:*"),
                    ]),
                )
                .build(),
            )
            .add_block(
                statement(
                    "SendToTheirDeadLetterQueue",
                    &["sqs:SendMessage"],
                    list([reference("aws_sqs_queue.dead_letters.arn")]),
                )
                .build(),
            )
            .add_block(
                statement(
                    "UseTheRegionsKey",
                    &["kms:Decrypt", "kms:GenerateDataKey"],
                    list([reference("var.kms_key_arn")]),
                )
                .build(),
            )
            .build(),
    );
    module.resource(
        resource("aws_iam_role_policy", "function")
            .add_attribute(("name", string("fail-over-this-global-cluster")))
            .add_attribute(("role", reference("aws_iam_role.function.id")))
            .add_attribute((
                "policy",
                reference("data.aws_iam_policy_document.function.json"),
            ))
            .build(),
    );
    module.resource(
        resource("aws_iam_role_policy_attachment", "tracing")
            .add_attribute(("role", reference("aws_iam_role.function.name")))
            .add_attribute(("policy_arn", template("arn:${data.aws_partition.current.partition}:iam::aws:policy/AWSXRayDaemonWriteAccess")))
            .build(),
    );
}

fn function(module: &mut Module, name: &str, handler: &str, timeout: u64, description: &str) {
    let function_name: Expression = if name == "failover" {
        reference("var.name")
    } else {
        template(&format!("${{var.name}}-{name}"))
    };
    module.resource(
        resource("aws_lambda_function", name)
            .add_attribute(("function_name", function_name))
            .add_attribute(("description", string(description)))
            .add_attribute(("role", reference("aws_iam_role.function.arn")))
            .add_attribute(("runtime", string("python3.12")))
            .add_attribute(("handler", string(handler)))
            .add_attribute(("filename", template("${path.module}/failover.zip")))
            .add_attribute((
                "source_code_hash",
                call(
                    "filebase64sha256",
                    [template("${path.module}/failover.zip")],
                ),
            ))
            .add_attribute(("timeout", timeout))
            .add_attribute(("kms_key_arn", reference("var.kms_key_arn")))
            .add_block(
                block("environment")
                    .add_attribute((
                        "variables",
                        object([
                            (
                                "GLOBAL_CLUSTER_IDENTIFIER",
                                reference("var.global_cluster_identifier"),
                            ),
                            ("TARGET_CLUSTER_ARN", reference("var.target_cluster_arn")),
                            (
                                "TARGET_CLUSTER_IDENTIFIER",
                                reference("var.target_cluster_identifier"),
                            ),
                            ("PRIMARY_REGION", reference("var.primary_region")),
                            (
                                "PRIMARY_CLUSTER_IDENTIFIER",
                                reference("var.primary_cluster_identifier"),
                            ),
                            ("PROBE_HOST", reference("var.probe_host")),
                            ("DOMAIN_NAME", reference("var.domain_name")),
                            ("HEALTH_CHECK_PATH", reference("var.health_check_path")),
                            (
                                "MAX_DATA_LOSS_SECONDS",
                                call("tostring", [reference("var.max_data_loss_seconds")]),
                            ),
                            ("INSTANCE_CLASS", reference("var.instance_class")),
                            ("NOTIFY_TOPIC_ARN", reference("aws_sns_topic.decisions.arn")),
                        ]),
                    ))
                    .build(),
            )
            .add_block(
                block("tracing_config")
                    .add_attribute(("mode", string("Active")))
                    .build(),
            )
            .add_block(
                block("dead_letter_config")
                    .add_attribute(("target_arn", reference("aws_sqs_queue.dead_letters.arn")))
                    .build(),
            )
            .add_attribute((
                "depends_on",
                list([reference(&format!("aws_cloudwatch_log_group.{name}"))]),
            ))
            .build(),
    );
    let address = format!("aws_lambda_function.{name}");
    module
        .skip(&address, "CKV_AWS_117", "calls AWS APIs and the primary's public load balancer and must run where the standby keeps no NAT gateways")
        .skip(&address, "CKV_AWS_115", "reserved concurrency fails on new accounts (AWS keeps 10 unreserved); the functions are idempotent: a second run finds the target already writing")
        .skip(&address, "CKV_AWS_272", "the bundle ships the function's source; sign it in your pipeline if you require code signing");
}

/// Every minute the probe runs; after `unreachable_minutes` failed minutes in a row the alarm
/// sends ALARM to the trigger topic, which invokes the failover function.
fn trigger(module: &mut Module) {
    module.resource(
        resource("aws_cloudwatch_event_rule", "probe")
            .add_attribute(("name", template("${var.name}-probe")))
            .add_attribute((
                "description",
                string("Probe the primary region every minute"),
            ))
            .add_attribute(("schedule_expression", string("rate(1 minute)")))
            .build(),
    );
    module.resource(
        resource("aws_cloudwatch_event_target", "probe")
            .add_attribute(("rule", reference("aws_cloudwatch_event_rule.probe.name")))
            .add_attribute(("arn", reference("aws_lambda_function.probe.arn")))
            .build(),
    );
    module.resource(
        resource("aws_lambda_permission", "schedule")
            .add_attribute(("statement_id", string("InvokeFromSchedule")))
            .add_attribute(("action", string("lambda:InvokeFunction")))
            .add_attribute((
                "function_name",
                reference("aws_lambda_function.probe.function_name"),
            ))
            .add_attribute(("principal", string("events.amazonaws.com")))
            .add_attribute((
                "source_arn",
                reference("aws_cloudwatch_event_rule.probe.arn"),
            ))
            .build(),
    );
    module.resource(
        resource("aws_cloudwatch_metric_alarm", "primary_unreachable")
            .add_attribute(("alarm_name", template("${var.name}-primary-unreachable")))
            .add_attribute(("alarm_description", template("The primary region's load balancer has not answered ${var.health_check_path} for ${var.unreachable_minutes} minutes in a row, probed from this region: the failover function decides what to do.")))
            .add_attribute(("namespace", string(METRIC_NAMESPACE)))
            .add_attribute(("metric_name", string(METRIC_NAME)))
            .add_attribute(("dimensions", object([("GlobalCluster", reference("var.global_cluster_identifier"))])))
            .add_attribute(("statistic", string("Maximum")))
            .add_attribute(("period", 60u64))
            .add_attribute(("evaluation_periods", reference("var.unreachable_minutes")))
            .add_attribute(("datapoints_to_alarm", reference("var.unreachable_minutes")))
            .add_attribute(("threshold", 1u64))
            .add_attribute(("comparison_operator", string("LessThanThreshold")))
            .add_attribute(("treat_missing_data", string("missing")))
            .add_attribute(("alarm_actions", list([reference("aws_sns_topic.trigger.arn")])))
            .build(),
    );
    module.resource(
        resource("aws_lambda_permission", "trigger")
            .add_attribute(("statement_id", string("InvokeFromUnreachableAlarm")))
            .add_attribute(("action", string("lambda:InvokeFunction")))
            .add_attribute((
                "function_name",
                reference("aws_lambda_function.failover.function_name"),
            ))
            .add_attribute(("principal", string("sns.amazonaws.com")))
            .add_attribute(("source_arn", reference("aws_sns_topic.trigger.arn")))
            .build(),
    );
    module.resource(
        resource("aws_sns_topic_subscription", "trigger")
            .add_attribute(("topic_arn", reference("aws_sns_topic.trigger.arn")))
            .add_attribute(("protocol", string("lambda")))
            .add_attribute(("endpoint", reference("aws_lambda_function.failover.arn")))
            .add_attribute(("filter_policy_scope", string("MessageBody")))
            .add_attribute((
                "filter_policy",
                call(
                    "jsonencode",
                    [object([("NewStateValue", strings(["ALARM"]))])],
                ),
            ))
            .build(),
    );
}
