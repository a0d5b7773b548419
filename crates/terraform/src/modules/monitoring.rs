//! `modules/monitoring`: a region's alarms and the encrypted SNS topic they notify — load
//! balancer 5xx where the app runs, and for the database: Aurora's global replication lag in
//! a secondary region (its lag threshold is the plan's replication figure), writer CPU in the
//! primary; DynamoDB's replication latency to each replica from the primary.

use crate::hcl_build::{conditional, equals, list, object, reference, resource, string, template};
use crate::module::{Module, Variable};

pub fn module() -> Module {
    let mut module = Module::default();
    module
        .variable(Variable::new("name", "string", "Prefix of the alarm names."))
        .variable(Variable::new("kms_key_arn", "string", "The region's KMS key, for the alarm topic."))
        .variable(Variable::new("alarm_email", "string", "Address subscribed to the alarm topic; null for none (subscribe your pager instead).").optional())
        .variable(Variable::new("has_load_balancer", "bool", "Whether the region runs the app behind a load balancer: decided by the plan, so the alarm's count is known when Terraform plans.").default(false))
        .variable(Variable::new("alb_arn_suffix", "string", "The region's load balancer (known only after apply: never use it to decide what exists); null where the region runs no app.").optional())
        .variable(Variable::new("has_aurora_cluster", "bool", "Whether the region holds an Aurora cluster.").default(false))
        .variable(Variable::new("aurora_cluster_identifier", "string", "The region's Aurora cluster; null for DynamoDB.").optional())
        .variable(Variable::new("is_primary", "bool", "Whether the region takes the writes."))
        .variable(Variable::new("replication_lag_threshold_ms", "number", "Replication lag that raises the alarm, in milliseconds.").default(5000u64))
        .variable(Variable::new("dynamodb_table_name", "string", "The global table (primary region only); null for Aurora.").optional())
        .variable(Variable::new("watches_dynamodb_replication", "bool", "Whether this region alarms on the global table's replication (the primary of a DynamoDB plan).").default(false))
        .variable(Variable::new("dynamodb_replica_regions", "list(string)", "Regions holding a replica of the table.").default(list([])));

    module.resource(
        resource("aws_sns_topic", "alarms")
            .add_attribute(("name", template("${var.name}-alarms")))
            .add_attribute(("kms_master_key_id", reference("var.kms_key_arn")))
            .build(),
    );
    module.resource(
        resource("aws_sns_topic_subscription", "email")
            .add_attribute((
                "count",
                conditional(
                    equals(reference("var.alarm_email"), hcl::Expression::Null),
                    0u64.into(),
                    1u64.into(),
                ),
            ))
            .add_attribute(("topic_arn", reference("aws_sns_topic.alarms.arn")))
            .add_attribute(("protocol", string("email")))
            .add_attribute(("endpoint", reference("var.alarm_email")))
            .build(),
    );
    let alarm = |name: &str| {
        resource("aws_cloudwatch_metric_alarm", name)
            .add_attribute((
                "alarm_actions",
                list([reference("aws_sns_topic.alarms.arn")]),
            ))
            .add_attribute(("ok_actions", list([reference("aws_sns_topic.alarms.arn")])))
    };
    module.resource(
        alarm("alb_5xx")
            .add_attribute((
                "count",
                crate::hcl_build::count_if(reference("var.has_load_balancer")),
            ))
            .add_attribute(("alarm_name", template("${var.name}-alb-5xx")))
            .add_attribute((
                "alarm_description",
                string("The app answers 5xx to more than 25 requests a minute for 3 minutes."),
            ))
            .add_attribute(("namespace", string("AWS/ApplicationELB")))
            .add_attribute(("metric_name", string("HTTPCode_Target_5XX_Count")))
            .add_attribute((
                "dimensions",
                object([("LoadBalancer", reference("var.alb_arn_suffix"))]),
            ))
            .add_attribute(("statistic", string("Sum")))
            .add_attribute(("period", 60u64))
            .add_attribute(("evaluation_periods", 3u64))
            .add_attribute(("threshold", 25u64))
            .add_attribute(("comparison_operator", string("GreaterThanThreshold")))
            .add_attribute(("treat_missing_data", string("notBreaching")))
            .build(),
    );
    let aurora_in = |primary: bool| {
        conditional(
            crate::hcl_build::and(
                reference("var.has_aurora_cluster"),
                if primary {
                    reference("var.is_primary")
                } else {
                    crate::hcl_build::not(reference("var.is_primary"))
                },
            ),
            1u64.into(),
            0u64.into(),
        )
    };
    module.resource(
        alarm("aurora_replication_lag")
            .add_attribute(("count", aurora_in(false)))
            .add_attribute(("alarm_name", template("${var.name}-aurora-replication-lag")))
            .add_attribute(("alarm_description", string("Global database replication lag to this region is above the read-after-write window: reads here may be stale and an unplanned failover would lose more data.")))
            .add_attribute(("namespace", string("AWS/RDS")))
            .add_attribute(("metric_name", string("AuroraGlobalDBReplicationLag")))
            .add_attribute(("dimensions", object([("DBClusterIdentifier", reference("var.aurora_cluster_identifier"))])))
            .add_attribute(("statistic", string("Maximum")))
            .add_attribute(("period", 60u64))
            .add_attribute(("evaluation_periods", 3u64))
            .add_attribute(("threshold", reference("var.replication_lag_threshold_ms")))
            .add_attribute(("comparison_operator", string("GreaterThanThreshold")))
            .add_attribute(("treat_missing_data", string("breaching")))
            .build(),
    );
    module.resource(
        alarm("aurora_writer_cpu")
            .add_attribute(("count", aurora_in(true)))
            .add_attribute(("alarm_name", template("${var.name}-aurora-writer-cpu")))
            .add_attribute((
                "alarm_description",
                string("The writer's CPU is above 80 % for 10 minutes."),
            ))
            .add_attribute(("namespace", string("AWS/RDS")))
            .add_attribute(("metric_name", string("CPUUtilization")))
            .add_attribute((
                "dimensions",
                object([
                    (
                        "DBClusterIdentifier",
                        reference("var.aurora_cluster_identifier"),
                    ),
                    ("Role", string("WRITER")),
                ]),
            ))
            .add_attribute(("statistic", string("Average")))
            .add_attribute(("period", 300u64))
            .add_attribute(("evaluation_periods", 2u64))
            .add_attribute(("threshold", 80u64))
            .add_attribute(("comparison_operator", string("GreaterThanThreshold")))
            .add_attribute(("treat_missing_data", string("breaching")))
            .build(),
    );
    module.resource(
        alarm("dynamodb_replication_latency")
            .add_attribute((
                "for_each",
                crate::hcl_build::call(
                    "toset",
                    [conditional(
                        reference("var.watches_dynamodb_replication"),
                        reference("var.dynamodb_replica_regions"),
                        list([]),
                    )],
                ),
            ))
            .add_attribute(("alarm_name", template("${var.name}-dynamodb-replication-${each.key}")))
            .add_attribute(("alarm_description", template("Replication of the global table to ${each.key} is slower than the read-after-write window.")))
            .add_attribute(("namespace", string("AWS/DynamoDB")))
            .add_attribute(("metric_name", string("ReplicationLatency")))
            .add_attribute(("dimensions", object([("TableName", reference("var.dynamodb_table_name")), ("ReceivingRegion", reference("each.key"))])))
            .add_attribute(("statistic", string("Maximum")))
            .add_attribute(("period", 60u64))
            .add_attribute(("evaluation_periods", 3u64))
            .add_attribute(("threshold", reference("var.replication_lag_threshold_ms")))
            .add_attribute(("comparison_operator", string("GreaterThanThreshold")))
            .add_attribute(("treat_missing_data", string("notBreaching")))
            .build(),
    );
    module.output(
        "alarm_topic_arn",
        "The region's alarm topic.",
        reference("aws_sns_topic.alarms.arn"),
    );
    module
}
