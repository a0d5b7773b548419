//! `modules/cache`: a region's Valkey (Redis-compatible) replication group, where the app
//! shares each user's read-after-write window between its tasks: a primary and a replica in
//! two zones with automatic failover, TLS in transit, encrypted at rest with the region's key,
//! reachable only from the app's tasks (the app module adds that rule, so this module needs
//! nothing of the app's).

use crate::hcl_build::{list, object, reference, resource, string, template};
use crate::module::{Module, Variable};

/// The node type: the window keeps one small key per recent writer, so the smallest
/// Graviton burstable class with replication is enough.
pub const NODE_TYPE: &str = planner::cost::CACHE_NODE_TYPE;
pub const ENGINE_VERSION: &str = "8.0";

pub fn module() -> Module {
    let mut module = Module::default();
    module
        .variable(Variable::new(
            "name",
            "string",
            "Identifier of the replication group (at most 40 characters).",
        ))
        .variable(Variable::new("vpc_id", "string", "The region's VPC."))
        .variable(Variable::new(
            "subnet_ids",
            "list(string)",
            "Private subnets of the region.",
        ))
        .variable(Variable::new(
            "kms_key_arn",
            "string",
            "The region's KMS key.",
        ))
        .variable(
            Variable::new(
                "node_type",
                "string",
                "Node type of the primary and its replica.",
            )
            .default(NODE_TYPE),
        );
    module.resource(
        resource("aws_elasticache_subnet_group", "this")
            .add_attribute(("name", reference("var.name")))
            .add_attribute(("subnet_ids", reference("var.subnet_ids")))
            .build(),
    );
    module.resource(
        resource("aws_security_group", "cache")
            .add_attribute(("name", template("${var.name}-cache")))
            .add_attribute(("description", string("Valkey: from the app tasks only")))
            .add_attribute(("vpc_id", reference("var.vpc_id")))
            .add_attribute(("tags", object([("Name", template("${var.name}-cache"))])))
            .build(),
    );
    module.resource(
        resource("aws_elasticache_replication_group", "this")
            .add_attribute(("replication_group_id", reference("var.name")))
            .add_attribute((
                "description",
                string("Read-after-write window shared by the app's tasks"),
            ))
            .add_attribute(("engine", string("valkey")))
            .add_attribute(("engine_version", string(ENGINE_VERSION)))
            .add_attribute(("node_type", reference("var.node_type")))
            .add_attribute((
                "num_cache_clusters",
                u64::from(planner::cost::CACHE_NODES_PER_REGION),
            ))
            .add_attribute(("automatic_failover_enabled", true))
            .add_attribute(("multi_az_enabled", true))
            .add_attribute(("port", 6379u64))
            .add_attribute((
                "subnet_group_name",
                reference("aws_elasticache_subnet_group.this.name"),
            ))
            .add_attribute((
                "security_group_ids",
                list([reference("aws_security_group.cache.id")]),
            ))
            .add_attribute(("at_rest_encryption_enabled", true))
            .add_attribute(("kms_key_id", reference("var.kms_key_arn")))
            .add_attribute(("transit_encryption_enabled", true))
            .add_attribute(("auto_minor_version_upgrade", true))
            .add_attribute(("snapshot_retention_limit", 1u64))
            .build(),
    );
    module.skip(
        "aws_elasticache_replication_group.this",
        "CKV_AWS_31",
        "reachable only from the app tasks' security group, TLS in transit; the keys are short-lived window markers, not data",
    );
    module
        .output(
            "primary_endpoint",
            "The replication group's primary endpoint (TLS, port 6379).",
            reference("aws_elasticache_replication_group.this.primary_endpoint_address"),
        )
        .output(
            "security_group_id",
            "The cache's security group: the region's app module admits its tasks to it.",
            reference("aws_security_group.cache.id"),
        );
    module
}
