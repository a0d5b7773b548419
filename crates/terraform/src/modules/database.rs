//! `modules/database`: the plan's database in one region.
//!
//! Aurora: the data home's instance (the region that was primary when the data was first
//! deployed; it does not follow the writer) creates the global cluster and the first cluster
//! (the only one with credentials). Aurora global databases cannot use RDS-managed master
//! passwords, so the password is generated at apply time by an ephemeral resource, written
//! to the cluster and to a Secrets Manager secret through write-only arguments (never in the
//! plan, the state or the bundle), and the secret is replicated to the other regions so it
//! survives the home region; every other instance joins the global cluster with its own KMS
//! key and as many instances as the pattern keeps (zero: a headless pilot-light cluster).
//! Clusters ignore drift on `global_cluster_identifier` and `replication_source_identifier`,
//! which a switchover changes outside Terraform, and on `master_username` and
//! `database_name`, which cannot change without replacing the cluster. DynamoDB's table and
//! replicas are in [`super::dynamodb`].

use planner::plan::DatabaseEngine;

use crate::hcl_build::{
    block, call, conditional, data, equals, list, object, reference, resource, service_role,
    string, strings, template,
};
use crate::module::{Module, Variable, output};

/// The engine names and defaults the bundle uses for an Aurora engine.
pub struct AuroraEngine {
    pub engine: &'static str,
    pub default_version: &'static str,
    pub parameter_family: &'static str,
    pub port: u64,
    pub log_exports: &'static [&'static str],
    /// Cluster parameters: TLS required, and the slow-query and DDL logging the engine offers.
    pub parameters: &'static [(&'static str, &'static str)],
    /// The read-consistency parameter of write forwarding, set where a secondary forwards
    /// writes: Aurora MySQL forwards nothing until it is set; SESSION makes a session's own
    /// forwarded writes visible to its next read (AWS: "Read consistency for write forwarding").
    pub write_forwarding_consistency: (&'static str, &'static str),
}

/// The master user the primary cluster is created with: only for administration (the README's
/// step that creates the app's user), never for the app.
pub const MASTER_USER: &str = rwsplit::MASTER_USER;
/// The user the app connects as: created by the README's first step, password in its own secret.
pub const APP_USER: &str = rwsplit::APP_USER;

pub fn aurora_engine(engine: DatabaseEngine) -> AuroraEngine {
    match engine {
        DatabaseEngine::AuroraMysql => AuroraEngine {
            engine: "aurora-mysql",
            default_version: "8.0.mysql_aurora.3.08.2",
            parameter_family: "aurora-mysql8.0",
            port: 3306,
            log_exports: &["audit", "error", "slowquery"],
            write_forwarding_consistency: ("aurora_replica_read_consistency", "SESSION"),
            parameters: &[
                ("require_secure_transport", "ON"),
                ("slow_query_log", "1"),
                ("long_query_time", "1"),
            ],
        },
        _ => AuroraEngine {
            engine: "aurora-postgresql",
            default_version: "16.6",
            parameter_family: "aurora-postgresql16",
            port: 5432,
            log_exports: &["postgresql"],
            write_forwarding_consistency: ("apg_write_forward.consistency_mode", "SESSION"),
            parameters: &[
                ("rds.force_ssl", "1"),
                ("log_statement", "ddl"),
                ("log_min_duration_statement", "1000"),
            ],
        },
    }
}

/// The Aurora module, shared by the primary and secondary regions.
pub fn aurora(engine: DatabaseEngine, io_optimized: bool) -> Module {
    let engine = aurora_engine(engine);
    let mut module = Module::default();
    module
        .variable(Variable::new("name", "string", "Prefix of the region's database resource names."))
        .variable(Variable::new("is_data_home", "bool", "Whether this region holds the global pieces: it creates the global cluster, the credentials secrets (replicated to the other regions) and the backup plan. It stays fixed when the writer moves to another region."))
        .variable(Variable::new("global_cluster_identifier", "string", "The global cluster's identifier (for the data home: the one it creates)."))
        .variable(Variable::new("engine_version", "string", "Aurora engine version, the same in every region."))
        .variable(
            Variable::new("instance_class", "string", "Instance class of every instance in the cluster.")
                .validate(call("startswith", [reference("var.instance_class"), string("db.")]), "instance_class must be an RDS class such as db.r6g.large."),
        )
        .variable(
            Variable::new("instance_count", "number", "Instances in this region's cluster: writer and readers in the primary, readers in a secondary, 0 for a headless secondary.")
                .validate(
                    call("alltrue", [list([
                        crate::hcl_build::greater_or_equal(reference("var.instance_count"), 0u64.into()),
                        crate::hcl_build::less_or_equal(reference("var.instance_count"), 16u64.into()),
                    ])]),
                    "instance_count must be between 0 and 16 (a writer and 15 Aurora Replicas).",
                ),
        )
        .variable(Variable::new("enable_write_forwarding", "bool", "Forward writes from this secondary to the writer (active-active).").default(false))
        .variable(Variable::new("managed_rpo_seconds", "number", "Aurora PostgreSQL's managed RPO (rds.global_db_rpo, at least 20 s): the primary holds back commits while every secondary lags further. Set in every cluster, so it holds after a failover too; null for none.").optional())
        .variable(Variable::new("subnet_ids", "list(string)", "Private subnets of the region."))
        .variable(Variable::new("vpc_id", "string", "The region's VPC."))
        .variable(Variable::new("backup_copy_vault_arns", "list(string)", "Backup vaults in other regions that receive a copy of every backup (backup & restore).").default(list([])))
        .variable(Variable::new("secret_replica_kms_key_arns", "map(string)", "Regions that get a replica of the credentials secrets, each with its own KMS key (data home only).").default(object([])))
        .variable(Variable::new("master_password_version", "number", "Raise it by one and apply to generate and set a new master password.").default(1u64))
        .variable(Variable::new("app_password_version", "number", "Raise it by one and apply to generate a new password for the app's user (then run the README's ALTER USER step).").default(1u64))
        .variable(Variable::new("kms_key_arn", "string", "The region's KMS key."))
        .variable(
            Variable::new("backup_retention_days", "number", "Days of automated backups (point-in-time recovery window).")
                .default(14u64)
                .validate(
                    call("alltrue", [list([
                        crate::hcl_build::greater_or_equal(reference("var.backup_retention_days"), 1u64.into()),
                        crate::hcl_build::less_or_equal(reference("var.backup_retention_days"), 35u64.into()),
                    ])]),
                    "backup_retention_days must be between 1 and 35.",
                ),
        );

    module.resource(
        resource("aws_rds_global_cluster", "this")
            .add_attribute((
                "count",
                conditional(reference("var.is_data_home"), 1u64.into(), 0u64.into()),
            ))
            .add_attribute((
                "global_cluster_identifier",
                reference("var.global_cluster_identifier"),
            ))
            .add_attribute(("engine", string(engine.engine)))
            .add_attribute(("engine_version", reference("var.engine_version")))
            .add_attribute(("storage_encrypted", true))
            .add_attribute(("deletion_protection", true))
            .build(),
    );
    module.resource(
        resource("aws_db_subnet_group", "this")
            .add_attribute(("name", reference("var.name")))
            .add_attribute(("subnet_ids", reference("var.subnet_ids")))
            .build(),
    );
    let mut parameters = resource("aws_rds_cluster_parameter_group", "this")
        .add_attribute(("name", reference("var.name")))
        .add_attribute(("family", string(engine.parameter_family)))
        .add_attribute((
            "description",
            string("TLS required; slow queries (over 1 s) and DDL logged; session read consistency where writes are forwarded"),
        ));
    for (name, value) in engine.parameters {
        parameters = parameters.add_block(
            block("parameter")
                .add_attribute(("name", string(*name)))
                .add_attribute(("value", string(*value)))
                .build(),
        );
    }
    let (consistency, level) = engine.write_forwarding_consistency;
    parameters = parameters.add_block(parameters_when(conditional(
        reference("var.enable_write_forwarding"),
        crate::hcl_build::string_keyed_object([(consistency.to_owned(), string(level))]),
        object([]),
    )));
    if engine.engine == "aurora-postgresql" {
        parameters = parameters.add_block(parameters_when(conditional(
            equals(reference("var.managed_rpo_seconds"), hcl::Expression::Null),
            object([]),
            crate::hcl_build::string_keyed_object([(
                "rds.global_db_rpo".to_owned(),
                call("tostring", [reference("var.managed_rpo_seconds")]),
            )]),
        )));
    }
    module.resource(parameters.build());
    module.resource(
        resource("aws_security_group", "database")
            .add_attribute(("name", template("${var.name}-database")))
            .add_attribute((
                "description",
                string("Database: from the app tasks only (the app module adds the rule)"),
            ))
            .add_attribute(("vpc_id", reference("var.vpc_id")))
            .add_attribute(("tags", object([("Name", template("${var.name}-database"))])))
            .build(),
    );
    master_credentials(&mut module);
    let mut cluster = resource("aws_rds_cluster", "this")
        .add_attribute(("cluster_identifier", reference("var.name")))
        .add_attribute(("engine", string(engine.engine)))
        .add_attribute(("engine_version", reference("var.engine_version")))
        .add_attribute((
            "global_cluster_identifier",
            conditional(
                reference("var.is_data_home"),
                reference("aws_rds_global_cluster.this[0].id"),
                reference("var.global_cluster_identifier"),
            ),
        ))
        .add_attribute((
            "database_name",
            conditional(
                reference("var.is_data_home"),
                string("app"),
                hcl::Expression::Null,
            ),
        ))
        .add_attribute((
            "master_username",
            conditional(
                reference("var.is_data_home"),
                string(MASTER_USER),
                hcl::Expression::Null,
            ),
        ))
        .add_attribute((
            "master_password_wo",
            conditional(
                reference("var.is_data_home"),
                reference("ephemeral.aws_secretsmanager_random_password.master[0].random_password"),
                hcl::Expression::Null,
            ),
        ))
        .add_attribute((
            "master_password_wo_version",
            conditional(
                reference("var.is_data_home"),
                reference("var.master_password_version"),
                hcl::Expression::Null,
            ),
        ))
        .add_attribute((
            "db_subnet_group_name",
            reference("aws_db_subnet_group.this.name"),
        ))
        .add_attribute((
            "db_cluster_parameter_group_name",
            reference("aws_rds_cluster_parameter_group.this.name"),
        ))
        .add_attribute((
            "vpc_security_group_ids",
            list([reference("aws_security_group.database.id")]),
        ))
        .add_attribute(("port", engine.port))
        .add_attribute(("storage_encrypted", true))
        .add_attribute(("kms_key_id", reference("var.kms_key_arn")));
    if io_optimized {
        cluster = cluster.add_attribute(("storage_type", string("aurora-iopt1")));
    }
    cluster = cluster
        .add_attribute((
            "enable_global_write_forwarding",
            reference("var.enable_write_forwarding"),
        ))
        .add_attribute(("iam_database_authentication_enabled", true))
        .add_attribute((
            "enabled_cloudwatch_logs_exports",
            strings(engine.log_exports.iter().copied()),
        ))
        .add_attribute((
            "backup_retention_period",
            reference("var.backup_retention_days"),
        ))
        .add_attribute(("preferred_backup_window", string("03:00-04:00")))
        .add_attribute(("copy_tags_to_snapshot", true))
        .add_attribute(("deletion_protection", true))
        .add_attribute(("skip_final_snapshot", false))
        .add_attribute(("final_snapshot_identifier", template("${var.name}-final")))
        .add_block(
            block("lifecycle")
                .add_attribute((
                    "ignore_changes",
                    list([
                        reference("global_cluster_identifier"),
                        reference("replication_source_identifier"),
                        reference("master_username"),
                        reference("database_name"),
                    ]),
                ))
                .build(),
        );
    module.resource(cluster.build());
    if engine.engine == "aurora-mysql" {
        module.skip(
            "aws_rds_cluster.this",
            "CKV_AWS_326",
            "Aurora global databases do not support Backtrack; point-in-time restore covers it",
        );
    }

    for role_block in service_role(
        "monitoring",
        "monitoring.rds.amazonaws.com",
        template("${var.name}-rds-monitoring"),
    ) {
        module.resource(role_block);
    }
    module.resource(data("aws_partition", "current").build());
    module.resource(
        resource("aws_iam_role_policy_attachment", "monitoring")
            .add_attribute(("role", reference("aws_iam_role.monitoring.name")))
            .add_attribute(("policy_arn", template("arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole")))
            .build(),
    );
    module.resource(
        resource("aws_rds_cluster_instance", "this")
            .add_attribute(("count", reference("var.instance_count")))
            .add_attribute(("identifier", template("${var.name}-${count.index + 1}")))
            .add_attribute(("cluster_identifier", reference("aws_rds_cluster.this.id")))
            .add_attribute(("instance_class", reference("var.instance_class")))
            .add_attribute(("engine", reference("aws_rds_cluster.this.engine")))
            .add_attribute((
                "engine_version",
                reference("aws_rds_cluster.this.engine_version"),
            ))
            .add_attribute((
                "db_subnet_group_name",
                reference("aws_db_subnet_group.this.name"),
            ))
            .add_attribute(("publicly_accessible", false))
            .add_attribute(("auto_minor_version_upgrade", true))
            .add_attribute(("performance_insights_enabled", true))
            .add_attribute((
                "performance_insights_kms_key_id",
                reference("var.kms_key_arn"),
            ))
            .add_attribute(("monitoring_interval", 60u64))
            .add_attribute((
                "monitoring_role_arn",
                reference("aws_iam_role.monitoring.arn"),
            ))
            .add_attribute(("copy_tags_to_snapshot", true))
            .build(),
    );

    aws_backup(
        &mut module,
        conditional(reference("var.is_data_home"), 1u64.into(), 0u64.into()),
        reference("aws_rds_cluster.this.arn"),
    );

    module.outputs.push(
        block("output")
            .add_label("global_cluster_identifier")
            .add_attribute(("description", string("The global cluster, once this region's cluster has joined it (the other regions wait for the home's instances).")))
            .add_attribute(("value", reference("aws_rds_cluster.this.global_cluster_identifier")))
            .add_attribute(("depends_on", list([reference("aws_rds_cluster_instance.this")])))
            .build(),
    );
    module
        .output(
            "cluster_identifier",
            "The region's cluster.",
            reference("aws_rds_cluster.this.cluster_identifier"),
        )
        .output(
            "cluster_arn",
            "ARN of the region's cluster.",
            reference("aws_rds_cluster.this.arn"),
        )
        .output(
            "writer_endpoint",
            "The cluster's writer endpoint (in a secondary: usable only after promotion).",
            reference("aws_rds_cluster.this.endpoint"),
        )
        .output(
            "reader_endpoint",
            "The region's reader endpoint: reads stay in the region.",
            reference("aws_rds_cluster.this.reader_endpoint"),
        )
        .output(
            "port",
            "The database port.",
            reference("aws_rds_cluster.this.port"),
        )
        .output(
            "security_group_id",
            "The database's security group: the region's app module admits its tasks to it.",
            reference("aws_security_group.database.id"),
        );
    module.outputs.push(output(
        "master_user_secret_arn",
        "Secrets Manager secret holding the master credentials (data home only; replicated to the other regions).",
        call("one", [reference("aws_secretsmanager_secret.master[*].arn")]),
        false,
    ));
    module.outputs.push(output(
        "app_user_secret_arn",
        "Secrets Manager secret holding the app user's credentials (data home only; replicated to the other regions).",
        call("one", [reference("aws_secretsmanager_secret.app[*].arn")]),
        false,
    ));
    module.outputs.push(output(
        "global_writer_endpoint",
        "The global database's writer endpoint, which follows the writer through switchovers and failovers (data home only).",
        conditional(
            reference("var.is_data_home"),
            reference("aws_rds_global_cluster.this[0].endpoint"),
            hcl::Expression::Null,
        ),
        false,
    ));
    module.outputs.push(output(
        "global_cluster_arn",
        "ARN of the global cluster (data home only).",
        conditional(
            reference("var.is_data_home"),
            reference("aws_rds_global_cluster.this[0].arn"),
            hcl::Expression::Null,
        ),
        false,
    ));
    module
}

/// A `dynamic "parameter"` block: one cluster parameter per entry of `for_each`, a map of
/// parameter name to value that is empty when the variable that decides it is off.
fn parameters_when(for_each: hcl::Expression) -> hcl::Block {
    block("dynamic")
        .add_label("parameter")
        .add_attribute(("for_each", for_each))
        .add_block(
            block("content")
                .add_attribute(("name", reference("parameter.key")))
                .add_attribute(("value", reference("parameter.value")))
                .build(),
        )
        .build()
}

/// AWS Backup of the data: a vault under the region's key, a daily backup kept 35 days and
/// copied to `var.backup_copy_vault_arns`, and the role AWS Backup uses. `count` turns it on.
pub(crate) fn aws_backup(
    module: &mut Module,
    count: hcl::Expression,
    protected_arn: hcl::Expression,
) {
    module.resource(
        resource("aws_backup_vault", "this")
            .add_attribute(("count", count.clone()))
            .add_attribute(("name", reference("var.name")))
            .add_attribute(("kms_key_arn", reference("var.kms_key_arn")))
            .build(),
    );
    let lifecycle = || {
        block("lifecycle")
            .add_attribute(("delete_after", 35u64))
            .build()
    };
    module.resource(
        resource("aws_backup_plan", "this")
            .add_attribute(("count", count.clone()))
            .add_attribute(("name", reference("var.name")))
            .add_block(
                block("rule")
                    .add_attribute(("rule_name", string("daily")))
                    .add_attribute((
                        "target_vault_name",
                        reference("aws_backup_vault.this[0].name"),
                    ))
                    .add_attribute(("schedule", string("cron(0 3 * * ? *)")))
                    .add_block(lifecycle())
                    .add_block(
                        block("dynamic")
                            .add_label("copy_action")
                            .add_attribute(("for_each", reference("var.backup_copy_vault_arns")))
                            .add_block(
                                block("content")
                                    .add_attribute((
                                        "destination_vault_arn",
                                        reference("copy_action.value"),
                                    ))
                                    .add_block(lifecycle())
                                    .build(),
                            )
                            .build(),
                    )
                    .build(),
            )
            .build(),
    );
    for role_block in service_role(
        "backup",
        "backup.amazonaws.com",
        template("${var.name}-backup"),
    ) {
        module.resource(role_block);
    }
    for (name, policy) in [
        ("backup", "AWSBackupServiceRolePolicyForBackup"),
        ("restore", "AWSBackupServiceRolePolicyForRestores"),
    ] {
        module.resource(
            resource("aws_iam_role_policy_attachment", &format!("backup_{name}"))
                .add_attribute(("role", reference("aws_iam_role.backup.name")))
                .add_attribute(("policy_arn", template(&format!("arn:${{data.aws_partition.current.partition}}:iam::aws:policy/service-role/{policy}"))))
                .build(),
        );
    }
    module.resource(
        resource("aws_backup_selection", "this")
            .add_attribute(("count", count))
            .add_attribute(("name", reference("var.name")))
            .add_attribute(("plan_id", reference("aws_backup_plan.this[0].id")))
            .add_attribute(("iam_role_arn", reference("aws_iam_role.backup.arn")))
            .add_attribute(("resources", list([protected_arn])))
            .build(),
    );
}

/// `modules/backup-vault`: a vault in a region that only receives copies of backups.
pub fn backup_vault() -> Module {
    let mut module = Module::default();
    module
        .variable(Variable::new("name", "string", "Name of the vault."))
        .variable(Variable::new(
            "kms_key_arn",
            "string",
            "The region's KMS key.",
        ))
        .resource(
            resource("aws_backup_vault", "this")
                .add_attribute(("name", reference("var.name")))
                .add_attribute(("kms_key_arn", reference("var.kms_key_arn")))
                .build(),
        )
        .output(
            "vault_arn",
            "ARN of the vault.",
            reference("aws_backup_vault.this.arn"),
        );
    module
}

/// The master password: generated at apply time (ephemeral, so never in the plan or state),
/// written only through write-only arguments, kept in a secret replicated to the standby
/// regions. Data home only.
fn master_credentials(module: &mut Module) {
    credentials(
        module,
        "master",
        crate::modules::database::MASTER_USER,
        "Master credentials of the Aurora global database (username, password)",
        "var.master_password_version",
        "rotated by raising var.master_password_version and applying, which changes the cluster and the secret together; a rotation function would change it behind Terraform",
    );
    credentials(
        module,
        "app",
        APP_USER,
        "The app's own database user (username, password); the README's first step creates the user with this password",
        "var.app_password_version",
        "rotated by raising var.app_password_version, applying and running the README's ALTER USER step; a rotation function would change it behind Terraform",
    );
}

/// A generated password (ephemeral, never in plan or state) written only through write-only
/// arguments to a secret in the data home, replicated to the other regions with their keys.
fn credentials(
    module: &mut Module,
    name: &str,
    username: &str,
    description: &str,
    version: &str,
    rotation: &'static str,
) {
    let home_only = || conditional(reference("var.is_data_home"), 1u64.into(), 0u64.into());
    module.resource(
        block("ephemeral")
            .add_label("aws_secretsmanager_random_password")
            .add_label(name)
            .add_attribute(("count", home_only()))
            .add_attribute(("password_length", 32u64))
            .add_attribute(("exclude_punctuation", true))
            .build(),
    );
    module.resource(
        resource("aws_secretsmanager_secret", name)
            .add_attribute(("count", home_only()))
            .add_attribute(("name", template(&format!("${{var.name}}-{name}"))))
            .add_attribute(("description", string(description)))
            .add_attribute(("kms_key_id", reference("var.kms_key_arn")))
            .add_attribute(("recovery_window_in_days", 30u64))
            .add_block(
                block("dynamic")
                    .add_label("replica")
                    .add_attribute(("for_each", reference("var.secret_replica_kms_key_arns")))
                    .add_block(
                        block("content")
                            .add_attribute(("region", reference("replica.key")))
                            .add_attribute(("kms_key_id", reference("replica.value")))
                            .build(),
                    )
                    .build(),
            )
            .build(),
    );
    module.skip(
        &format!("aws_secretsmanager_secret.{name}"),
        "CKV2_AWS_57",
        rotation,
    );
    module.resource(
        resource("aws_secretsmanager_secret_version", name)
            .add_attribute(("count", home_only()))
            .add_attribute(("secret_id", reference(&format!("aws_secretsmanager_secret.{name}[0].id"))))
            .add_attribute((
                "secret_string_wo",
                call(
                    "jsonencode",
                    [object([
                        ("username", string(username)),
                        ("password", reference(&format!("ephemeral.aws_secretsmanager_random_password.{name}[0].random_password"))),
                    ])],
                ),
            ))
            .add_attribute(("secret_string_wo_version", reference(version)))
            .build(),
    );
}
