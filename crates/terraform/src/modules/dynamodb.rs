//! `modules/database` for DynamoDB, and `modules/replica`: one global table.
//!
//! The data home creates the table (its KMS key, point-in-time recovery, AWS Backup), and each
//! other region that keeps live data adds its replica from its own provider, after the table
//! is complete. The replicas are resources of their own, not `replica` blocks of the table,
//! because a provisioned table must have write auto scaling before AWS accepts a replica
//! ("Table write capacity should either be Pay-Per-Request or AutoScaled"): Terraform can
//! order the scaling policy between the table and its replicas only when they are separate.
//!
//! A provisioned table (`provisioned_capacity` set) starts at the capacity the estimate bills,
//! and Application Auto Scaling tracks 70 % utilisation with that capacity as the floor: write
//! capacity on the table, which AWS applies to every replica, and read capacity in each region.
//! The table ignores drift in its capacity, which the scaling policies change, and in its
//! replicas, which the replica resources own.

use hcl::Expression;

use crate::hcl_build::{
    block, conditional, count_if, data, list, not_equals, reference, resource, string, template,
};
use crate::module::{Module, Variable};

/// The Terraform type of a provisioned table's capacity (see [`planner::capacity`]).
const CAPACITY_TYPE: &str = "object({ read_units = number, write_units = number, max_read_units = number, max_write_units = number })";

fn capacity_variable() -> Variable {
    Variable::new(
        "provisioned_capacity",
        CAPACITY_TYPE,
        "Capacity units in each replica and the ceilings auto scaling may reach; null for an on-demand table.",
    )
    .optional()
}

/// Whether the table is provisioned: `var.provisioned_capacity != null`.
fn provisioned() -> Expression {
    not_equals(reference("var.provisioned_capacity"), Expression::Null)
}

/// The table in the data home.
pub fn table() -> Module {
    let mut module = Module::default();
    module
        .variable(Variable::new("name", "string", "Name of the table."))
        .variable(Variable::new("kms_key_arn", "string", "The data home's KMS key."))
        .variable(capacity_variable())
        .variable(Variable::new("backup_copy_vault_arns", "list(string)", "Backup vaults in other regions that receive a copy of every backup (backup & restore).").default(list([])));
    module.resource(data("aws_partition", "current").build());
    super::database::aws_backup(
        &mut module,
        1u64.into(),
        reference("aws_dynamodb_table.this.arn"),
    );
    let capacity = |units: &str| {
        conditional(
            provisioned(),
            reference(&format!("var.provisioned_capacity.{units}")),
            Expression::Null,
        )
    };
    module.resource(
        resource("aws_dynamodb_table", "this")
            .add_attribute(("name", reference("var.name")))
            .add_attribute((
                "billing_mode",
                conditional(
                    provisioned(),
                    string("PROVISIONED"),
                    string("PAY_PER_REQUEST"),
                ),
            ))
            .add_attribute(("read_capacity", capacity("read_units")))
            .add_attribute(("write_capacity", capacity("write_units")))
            .add_attribute(("hash_key", string("pk")))
            .add_attribute(("range_key", string("sk")))
            .add_attribute(("stream_enabled", true))
            .add_attribute(("stream_view_type", string("NEW_AND_OLD_IMAGES")))
            .add_attribute(("deletion_protection_enabled", true))
            .add_block(
                block("attribute")
                    .add_attribute(("name", string("pk")))
                    .add_attribute(("type", string("S")))
                    .build(),
            )
            .add_block(
                block("attribute")
                    .add_attribute(("name", string("sk")))
                    .add_attribute(("type", string("S")))
                    .build(),
            )
            .add_block(
                block("point_in_time_recovery")
                    .add_attribute(("enabled", true))
                    .build(),
            )
            .add_block(
                block("server_side_encryption")
                    .add_attribute(("enabled", true))
                    .add_attribute(("kms_key_arn", reference("var.kms_key_arn")))
                    .build(),
            )
            .add_block(
                block("lifecycle")
                    .add_attribute((
                        "ignore_changes",
                        list([
                            reference("replica"),
                            reference("read_capacity"),
                            reference("write_capacity"),
                        ]),
                    ))
                    .build(),
            )
            .build(),
    );
    for dimension in [Dimension::Write, Dimension::Read] {
        capacity_scaling(&mut module, dimension, "aws_dynamodb_table.this.name", None);
    }
    module
        .output(
            "table_name",
            "The global table's name (the same in every region).",
            reference("aws_dynamodb_table.this.name"),
        )
        .output(
            "table_arn",
            "ARN of the table in the data home.",
            reference("aws_dynamodb_table.this.arn"),
        );
    module
}

/// A replica of the table in another region, with its own KMS key and, when provisioned, its
/// own read capacity scaling.
pub fn replica() -> Module {
    let mut module = Module::default();
    module
        .variable(Variable::new(
            "global_table_arn",
            "string",
            "ARN of the table in the data home.",
        ))
        .variable(Variable::new(
            "table_name",
            "string",
            "Name of the table (the same in every region).",
        ))
        .variable(Variable::new(
            "kms_key_arn",
            "string",
            "This region's KMS key.",
        ))
        .variable(capacity_variable());
    module.resource(
        resource("aws_dynamodb_table_replica", "this")
            .add_attribute(("global_table_arn", reference("var.global_table_arn")))
            .add_attribute(("kms_key_arn", reference("var.kms_key_arn")))
            .add_attribute(("point_in_time_recovery", true))
            .add_attribute(("deletion_protection_enabled", true))
            .build(),
    );
    capacity_scaling(
        &mut module,
        Dimension::Read,
        "var.table_name",
        Some(reference("aws_dynamodb_table_replica.this")),
    );
    module.output(
        "table_arn",
        "ARN of this region's replica.",
        reference("aws_dynamodb_table_replica.this.arn"),
    );
    module
}

/// A capacity dimension Application Auto Scaling tracks.
#[derive(Clone, Copy)]
enum Dimension {
    Read,
    Write,
}

impl Dimension {
    fn name(self) -> &'static str {
        match self {
            Dimension::Read => "read",
            Dimension::Write => "write",
        }
    }

    fn units(self) -> &'static str {
        match self {
            Dimension::Read => "ReadCapacityUnits",
            Dimension::Write => "WriteCapacityUnits",
        }
    }

    fn metric(self) -> &'static str {
        match self {
            Dimension::Read => "DynamoDBReadCapacityUtilization",
            Dimension::Write => "DynamoDBWriteCapacityUtilization",
        }
    }
}

/// Target tracking of `dimension` for the table named by the expression `table_name`, created
/// after `after`, when the table is provisioned: the estimate's capacity as the floor, its
/// ceiling as the maximum, 70 % utilisation as the target.
fn capacity_scaling(
    module: &mut Module,
    dimension: Dimension,
    table_name: &str,
    after: Option<Expression>,
) {
    let name = dimension.name();
    let resource_id = template(&format!("table/${{{table_name}}}"));
    let mut target = resource("aws_appautoscaling_target", name)
        .add_attribute(("count", count_if(provisioned())))
        .add_attribute(("service_namespace", string("dynamodb")))
        .add_attribute(("resource_id", resource_id))
        .add_attribute((
            "scalable_dimension",
            string(format!("dynamodb:table:{}", dimension.units())),
        ))
        .add_attribute((
            "min_capacity",
            reference(&format!("var.provisioned_capacity.{name}_units")),
        ))
        .add_attribute((
            "max_capacity",
            reference(&format!("var.provisioned_capacity.max_{name}_units")),
        ));
    if let Some(after) = after {
        target = target.add_attribute(("depends_on", list([after])));
    }
    module.resource(target.build());
    let scaled =
        |attribute: &str| reference(&format!("aws_appautoscaling_target.{name}[0].{attribute}"));
    module.resource(
        resource("aws_appautoscaling_policy", name)
            .add_attribute(("count", count_if(provisioned())))
            .add_attribute((
                "name",
                template(&format!("${{{table_name}}}-{name}-capacity")),
            ))
            .add_attribute(("policy_type", string("TargetTrackingScaling")))
            .add_attribute(("service_namespace", scaled("service_namespace")))
            .add_attribute(("resource_id", scaled("resource_id")))
            .add_attribute(("scalable_dimension", scaled("scalable_dimension")))
            .add_block(
                block("target_tracking_scaling_policy_configuration")
                    .add_attribute((
                        "target_value",
                        u64::from(planner::capacity::TARGET_UTILIZATION_PERCENT),
                    ))
                    .add_block(
                        block("predefined_metric_specification")
                            .add_attribute(("predefined_metric_type", string(dimension.metric())))
                            .build(),
                    )
                    .build(),
            )
            .build(),
    );
}
