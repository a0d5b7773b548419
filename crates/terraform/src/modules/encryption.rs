//! `modules/encryption`: the region's customer-managed KMS key, with rotation, used by the
//! database, logs, backups and the SNS alarm topic of that region (keys never cross regions).
//!
//! The key policy lets the account administer the key through IAM, CloudWatch Logs encrypt
//! this account's log groups in this region, and CloudWatch alarms publish to topics the key
//! encrypts. In a key policy `Resource = "*"` means this key.

use hcl::expr::Expression;

use crate::hcl_build::{
    call, data, list, object, reference, resource, string, string_keyed_object, strings, template,
};
use crate::module::{Module, Variable};

pub fn module() -> Module {
    let mut module = Module::default();
    module
        .variable(Variable::new(
            "name",
            "string",
            "Name of the key's alias (alias/NAME).",
        ))
        .resource(data("aws_caller_identity", "current").build())
        .resource(data("aws_partition", "current").build())
        .resource(data("aws_region", "current").build());
    let statement =
        |sid: &str, principal: Expression, actions: &[&str], condition: Option<Expression>| {
            let mut entries = vec![
                ("Sid", string(sid)),
                ("Effect", string("Allow")),
                ("Principal", principal),
                ("Action", strings(actions.iter().copied())),
                ("Resource", string("*")),
            ];
            if let Some(condition) = condition {
                entries.push(("Condition", condition));
            }
            object(entries)
        };
    let key_policy = object([
        ("Version", string("2012-10-17")),
        (
            "Statement",
            list([
                statement(
                    "AccountAdministersTheKeyThroughIam",
                    object([(
                        "AWS",
                        template(
                            "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root",
                        ),
                    )]),
                    &["kms:*"],
                    None,
                ),
                statement(
                    "CloudWatchLogsEncryptThisAccountsLogs",
                    object([(
                        "Service",
                        template("logs.${data.aws_region.current.name}.amazonaws.com"),
                    )]),
                    &[
                        "kms:Decrypt*",
                        "kms:Describe*",
                        "kms:Encrypt*",
                        "kms:GenerateDataKey*",
                        "kms:ReEncrypt*",
                    ],
                    Some(object([(
                        "ArnLike",
                        string_keyed_object([(
                            "kms:EncryptionContext:aws:logs:arn".to_owned(),
                            template(
                                "arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:*",
                            ),
                        )]),
                    )])),
                ),
                statement(
                    "CloudWatchAlarmsPublishToEncryptedTopics",
                    object([("Service", string("cloudwatch.amazonaws.com"))]),
                    &["kms:Decrypt", "kms:GenerateDataKey*"],
                    Some(object([(
                        "StringEquals",
                        string_keyed_object([(
                            "aws:SourceAccount".to_owned(),
                            reference("data.aws_caller_identity.current.account_id"),
                        )]),
                    )])),
                ),
            ]),
        ),
    ]);
    module
        .resource(
            crate::hcl_build::block("locals")
                .add_attribute(("key_policy", key_policy))
                .build(),
        )
        .resource(
            resource("aws_kms_key", "this")
                .add_attribute((
                    "description",
                    template("${var.name}: data, logs, backups and alarms in this region"),
                ))
                .add_attribute(("enable_key_rotation", true))
                .add_attribute(("deletion_window_in_days", 30u64))
                .add_attribute((
                    "policy",
                    call("jsonencode", [reference("local.key_policy")]),
                ))
                .build(),
        )
        .resource(
            resource("aws_kms_alias", "this")
                .add_attribute(("name", template("alias/${var.name}")))
                .add_attribute(("target_key_id", reference("aws_kms_key.this.key_id")))
                .build(),
        )
        .output(
            "key_arn",
            "ARN of the region's KMS key.",
            reference("aws_kms_key.this.arn"),
        );
    module
}
