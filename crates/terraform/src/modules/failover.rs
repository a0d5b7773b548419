//! `modules/failover`: automated failover for plans that ask for it — a Lambda function in
//! the standby region that promotes that region's Aurora cluster when the primary's Route 53
//! health-check alarm fires.
//!
//! Its role may only describe, fail over and switch over this global cluster and its member
//! clusters, write its own logs, send to its own dead-letter queue and decrypt with the
//! region's key. It runs outside the VPC: it calls only the RDS API and must work where the
//! standby keeps no NAT gateways.

use crate::hcl_build::{
    block, data, list, object, reference, resource, service_role, statement, string, strings,
    template,
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

pub fn module() -> Module {
    let mut module = Module::default();
    module.configuration_aliases.push("us_east_1".to_owned());
    module.extra_files.push(("failover.py", SOURCE));
    module.binary_files.push(("failover.zip", source_zip()));
    module
        .variable(Variable::new(
            "name",
            "string",
            "Name of the function and its resources.",
        ))
        .variable(Variable::new(
            "global_cluster_identifier",
            "string",
            "The Aurora global cluster to fail over.",
        ))
        .variable(Variable::new(
            "global_cluster_arn",
            "string",
            "ARN of the global cluster.",
        ))
        .variable(Variable::new(
            "member_cluster_arns",
            "list(string)",
            "ARNs of every cluster in the global cluster.",
        ))
        .variable(Variable::new(
            "target_cluster_arn",
            "string",
            "The cluster this function promotes (in this region).",
        ))
        .variable(Variable::new(
            "alarm_topic_arn",
            "string",
            "SNS topic (us-east-1) of the primary's health-check alarm.",
        ))
        .variable(Variable::new(
            "alarm_name",
            "string",
            "Name of the primary's health-check alarm: only it triggers a failover.",
        ))
        .variable(Variable::new(
            "kms_key_arn",
            "string",
            "The region's KMS key.",
        ));

    module.resource(data("aws_partition", "current").build());
    module.resource(
        resource("aws_cloudwatch_log_group", "function")
            .add_attribute(("name", template("/aws/lambda/${var.name}")))
            .add_attribute(("retention_in_days", 365u64))
            .add_attribute(("kms_key_id", reference("var.kms_key_arn")))
            .build(),
    );
    module.resource(
        resource("aws_sqs_queue", "dead_letters")
            .add_attribute(("name", template("${var.name}-dead-letters")))
            .add_attribute(("kms_master_key_id", reference("var.kms_key_arn")))
            .add_attribute(("message_retention_seconds", 1209600u64))
            .build(),
    );
    for role_block in service_role("function", "lambda.amazonaws.com", template("${var.name}")) {
        module.resource(role_block);
    }
    module.resource(
        data("aws_iam_policy_document", "function")
            .add_block(
                statement(
                    "FailOverThisGlobalClusterOnly",
                    &[
                        "rds:DescribeGlobalClusters",
                        "rds:FailoverGlobalCluster",
                        "rds:SwitchoverGlobalCluster",
                    ],
                    crate::hcl_build::call(
                        "concat",
                        [
                            list([reference("var.global_cluster_arn")]),
                            reference("var.member_cluster_arns"),
                        ],
                    ),
                )
                .build(),
            )
            .add_block(
                statement(
                    "WriteItsOwnLogs",
                    &["logs:CreateLogStream", "logs:PutLogEvents"],
                    list([template("${aws_cloudwatch_log_group.function.arn}:*")]),
                )
                .build(),
            )
            .add_block(
                statement(
                    "SendToItsDeadLetterQueue",
                    &["sqs:SendMessage"],
                    list([reference("aws_sqs_queue.dead_letters.arn")]),
                )
                .build(),
            )
            .add_block(
                statement(
                    "DecryptWithTheRegionsKey",
                    &["kms:Decrypt", "kms:GenerateDataKey"],
                    list([reference("var.kms_key_arn")]),
                )
                .build(),
            )
            .build(),
    );
    module.resource(
        resource("aws_iam_role_policy", "function")
            .add_attribute(("name", string("failover-this-global-cluster")))
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
    module.resource(
        resource("aws_lambda_function", "failover")
            .add_attribute(("function_name", reference("var.name")))
            .add_attribute(("description", string("Promotes this region's Aurora cluster when the primary region's health check alarms")))
            .add_attribute(("role", reference("aws_iam_role.function.arn")))
            .add_attribute(("runtime", string("python3.12")))
            .add_attribute(("handler", string("failover.handler")))
            .add_attribute(("filename", template("${path.module}/failover.zip")))
            .add_attribute(("source_code_hash", crate::hcl_build::call("filebase64sha256", [template("${path.module}/failover.zip")])))
            .add_attribute(("timeout", 60u64))
            .add_attribute(("kms_key_arn", reference("var.kms_key_arn")))
            .add_block(
                block("environment")
                    .add_attribute((
                        "variables",
                        object([
                            ("GLOBAL_CLUSTER_IDENTIFIER", reference("var.global_cluster_identifier")),
                            ("TARGET_CLUSTER_ARN", reference("var.target_cluster_arn")),
                        ]),
                    ))
                    .build(),
            )
            .add_block(block("tracing_config").add_attribute(("mode", string("Active"))).build())
            .add_block(block("dead_letter_config").add_attribute(("target_arn", reference("aws_sqs_queue.dead_letters.arn"))).build())
            .add_attribute(("depends_on", list([reference("aws_cloudwatch_log_group.function")])))
            .build(),
    );
    module
        .skip("aws_lambda_function.failover", "CKV_AWS_117", "calls only the RDS API and must run where the standby keeps no NAT gateways")
        .skip("aws_lambda_function.failover", "CKV_AWS_115", "reserved concurrency fails on new accounts (AWS keeps 10 unreserved); the function is idempotent: a second run finds the target already writing")
        .skip("aws_lambda_function.failover", "CKV_AWS_272", "the bundle ships the function's source; sign it in your pipeline if you require code signing");
    module.resource(
        resource("aws_lambda_permission", "alarm_topic")
            .add_attribute(("statement_id", string("InvokeFromHealthAlarm")))
            .add_attribute(("action", string("lambda:InvokeFunction")))
            .add_attribute((
                "function_name",
                reference("aws_lambda_function.failover.function_name"),
            ))
            .add_attribute(("principal", string("sns.amazonaws.com")))
            .add_attribute(("source_arn", reference("var.alarm_topic_arn")))
            .build(),
    );
    module.resource(
        resource("aws_sns_topic_subscription", "alarm_topic")
            .add_attribute(("provider", reference("aws.us_east_1")))
            .add_attribute(("topic_arn", reference("var.alarm_topic_arn")))
            .add_attribute(("protocol", string("lambda")))
            .add_attribute(("endpoint", reference("aws_lambda_function.failover.arn")))
            .add_attribute(("filter_policy_scope", string("MessageBody")))
            .add_attribute((
                "filter_policy",
                crate::hcl_build::call(
                    "jsonencode",
                    [object([
                        ("AlarmName", list([reference("var.alarm_name")])),
                        ("NewStateValue", strings(["ALARM"])),
                    ])],
                ),
            ))
            .build(),
    );
    module.output(
        "function_name",
        "The failover function.",
        reference("aws_lambda_function.failover.function_name"),
    );
    module
}
