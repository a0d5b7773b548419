//! `modules/app`: the app in one region — an ECS Fargate cluster, task definition and
//! service behind an HTTPS Application Load Balancer, scaling between the tasks the pattern
//! keeps running in the region and full size, health-checked on `var.health_check_path`
//! (HTTP is redirected to HTTPS); its container gets the region's app config as environment
//! and the database password through ECS `secrets`, with roles allowed exactly that.

use crate::hcl_build::{
    block, call, count_if, data, list, object, reference, resource, service_role, statement,
    string, template,
};
use crate::module::{Module, Variable};

/// Internet → load balancer → tasks → database: each hop allowed only to the next.
fn security_groups(module: &mut Module) {
    for (tier, description) in [
        (
            "alb",
            "Load balancer: HTTPS from the internet, to the app only",
        ),
        (
            "app",
            "App tasks: from the load balancer, to the database and AWS APIs",
        ),
    ] {
        module.resource(
            resource("aws_security_group", tier)
                .add_attribute(("name", template(&format!("${{var.name}}-{tier}"))))
                .add_attribute(("description", string(description)))
                .add_attribute(("vpc_id", reference("var.vpc_id")))
                .add_attribute((
                    "tags",
                    object([("Name", template(&format!("${{var.name}}-{tier}")))]),
                ))
                .build(),
        );
    }
    let rule = |name: &str,
                kind: &str,
                group: &str,
                description: &str,
                port: hcl::Expression,
                peer: (&str, hcl::Expression)| {
        resource(&format!("aws_vpc_security_group_{kind}_rule"), name)
            .add_attribute((
                "security_group_id",
                reference(&format!("aws_security_group.{group}.id")),
            ))
            .add_attribute(("description", string(description)))
            .add_attribute(("ip_protocol", string("tcp")))
            .add_attribute(("from_port", port.clone()))
            .add_attribute(("to_port", port))
            .add_attribute(peer)
            .build()
    };
    module
        .resource(rule(
            "alb_https_in",
            "ingress",
            "alb",
            "HTTPS from clients",
            443u64.into(),
            ("cidr_ipv4", string("0.0.0.0/0")),
        ))
        .resource(rule(
            "alb_http_in",
            "ingress",
            "alb",
            "HTTP from clients, answered only with a redirect to HTTPS",
            80u64.into(),
            ("cidr_ipv4", string("0.0.0.0/0")),
        ))
        .resource(rule(
            "alb_to_app",
            "egress",
            "alb",
            "To the app tasks",
            reference("var.container_port"),
            (
                "referenced_security_group_id",
                reference("aws_security_group.app.id"),
            ),
        ))
        .resource(rule(
            "app_from_alb",
            "ingress",
            "app",
            "From the load balancer",
            reference("var.container_port"),
            (
                "referenced_security_group_id",
                reference("aws_security_group.alb.id"),
            ),
        ))
        .resource(rule(
            "app_to_database",
            "egress",
            "app",
            "To the database inside the VPC",
            reference("var.database_port"),
            ("cidr_ipv4", reference("var.vpc_cidr_block")),
        ))
        .resource(rule(
            "app_https_out",
            "egress",
            "app",
            "HTTPS to AWS APIs and the image registry",
            443u64.into(),
            ("cidr_ipv4", string("0.0.0.0/0")),
        ));
}

/// AWS WAF in front of the load balancer: AWS's common and known-bad-inputs rule groups
/// (blocking), the anonymous-IP list (counting only: blocking it would also stop API clients
/// that call from cloud hosts) and a per-client rate limit, logged to an encrypted log group.
fn web_acl(module: &mut Module) {
    let managed_rule = |name: &str, priority: u64, override_action: &str| {
        block("rule")
            .add_attribute(("name", string(name)))
            .add_attribute(("priority", priority))
            .add_block(
                block("override_action")
                    .add_block(block(override_action).build())
                    .build(),
            )
            .add_block(
                block("statement")
                    .add_block(
                        block("managed_rule_group_statement")
                            .add_attribute(("name", string(name)))
                            .add_attribute(("vendor_name", string("AWS")))
                            .build(),
                    )
                    .build(),
            )
            .add_block(visibility(name))
            .build()
    };
    module.resource(
        resource("aws_wafv2_web_acl", "this")
            .add_attribute(("name", reference("var.name")))
            .add_attribute(("scope", string("REGIONAL")))
            .add_block(
                block("default_action")
                    .add_block(block("allow").build())
                    .build(),
            )
            .add_block(managed_rule("AWSManagedRulesCommonRuleSet", 10, "none"))
            .add_block(managed_rule(
                "AWSManagedRulesKnownBadInputsRuleSet",
                20,
                "none",
            ))
            .add_block(managed_rule("AWSManagedRulesAnonymousIpList", 25, "count"))
            .add_block(
                block("rule")
                    .add_attribute(("name", string("rate-limit-per-client")))
                    .add_attribute(("priority", 30u64))
                    .add_block(block("action").add_block(block("block").build()).build())
                    .add_block(
                        block("statement")
                            .add_block(
                                block("rate_based_statement")
                                    .add_attribute(("limit", 2000u64))
                                    .add_attribute(("aggregate_key_type", string("IP")))
                                    .build(),
                            )
                            .build(),
                    )
                    .add_block(visibility("rate-limit-per-client"))
                    .build(),
            )
            .add_block(visibility("web-acl"))
            .build(),
    );
    module.resource(
        resource("aws_wafv2_web_acl_association", "alb")
            .add_attribute(("resource_arn", reference("aws_lb.this.arn")))
            .add_attribute(("web_acl_arn", reference("aws_wafv2_web_acl.this.arn")))
            .build(),
    );
    module.resource(
        resource("aws_cloudwatch_log_group", "waf")
            .add_attribute(("name", template("aws-waf-logs-${var.name}")))
            .add_attribute(("retention_in_days", 365u64))
            .add_attribute(("kms_key_id", reference("var.kms_key_arn")))
            .build(),
    );
    module.resource(
        resource("aws_wafv2_web_acl_logging_configuration", "this")
            .add_attribute(("resource_arn", reference("aws_wafv2_web_acl.this.arn")))
            .add_attribute((
                "log_destination_configs",
                list([reference("aws_cloudwatch_log_group.waf.arn")]),
            ))
            .build(),
    );
}

/// What the tasks may touch beyond pulling their image and writing logs: the execution role
/// reads this region's copy of the database secret (and decrypts it with the region's key) to
/// inject DATABASE_PASSWORD; the task role reads and writes this region's replica of the
/// global table and nothing else. Each policy exists only where the plan's engine needs it.
fn app_permissions(module: &mut Module) {
    conditional_policy(
        module,
        "read_database_secret",
        "var.reads_database_secret",
        "aws_iam_role.execution.id",
        vec![
            statement(
                "ReadTheDatabaseSecret",
                &["secretsmanager:GetSecretValue"],
                list([reference("var.database_secret_arn")]),
            ),
            statement(
                "DecryptItWithTheRegionsKey",
                &["kms:Decrypt"],
                list([reference("var.kms_key_arn")]),
            ),
        ],
    );
    conditional_policy(
        module,
        "use_dynamodb_table",
        "var.uses_dynamodb_table",
        "aws_iam_role.task.id",
        vec![
            statement(
                "ReadAndWriteThisRegionsReplica",
                &[
                    "dynamodb:BatchGetItem",
                    "dynamodb:BatchWriteItem",
                    "dynamodb:ConditionCheckItem",
                    "dynamodb:DeleteItem",
                    "dynamodb:DescribeTable",
                    "dynamodb:GetItem",
                    "dynamodb:PutItem",
                    "dynamodb:Query",
                    "dynamodb:Scan",
                    "dynamodb:UpdateItem",
                ],
                list([
                    reference("var.dynamodb_table_arn"),
                    template("${var.dynamodb_table_arn}/index/*"),
                ]),
            ),
            statement(
                "UseTheReplicasKey",
                &[
                    "kms:Decrypt",
                    "kms:DescribeKey",
                    "kms:Encrypt",
                    "kms:GenerateDataKey",
                ],
                list([reference("var.kms_key_arn")]),
            ),
        ],
    );
}

/// An inline policy `name` (its document and its attachment to `role`) that exists only
/// when the boolean variable `switch` holds.
fn conditional_policy(
    module: &mut Module,
    name: &str,
    switch: &str,
    role: &str,
    statements: Vec<hcl::BlockBuilder>,
) {
    let mut document =
        data("aws_iam_policy_document", name).add_attribute(("count", count_if(reference(switch))));
    for statement in statements {
        document = document.add_block(statement.build());
    }
    module.resource(document.build());
    module.resource(
        resource("aws_iam_role_policy", name)
            .add_attribute(("count", count_if(reference(switch))))
            .add_attribute(("name", string(name.replace('_', "-"))))
            .add_attribute(("role", reference(role)))
            .add_attribute((
                "policy",
                reference(&format!("data.aws_iam_policy_document.{name}[0].json")),
            ))
            .build(),
    );
}

/// The listener's certificate: the one the team brings, or one ACM issues for `domain_name`
/// and validates through a DNS record in the hosted zone. Every region's certificate for the
/// same name asks for the same record, so each region writes it with `allow_overwrite`.
fn certificate(module: &mut Module) {
    let issued = || {
        count_if(crate::hcl_build::equals(
            reference("var.certificate_arn"),
            hcl::Expression::Null,
        ))
    };
    module.resource(
        resource("aws_acm_certificate", "this")
            .add_attribute(("count", issued()))
            .add_attribute(("domain_name", reference("var.domain_name")))
            .add_attribute(("validation_method", string("DNS")))
            .add_block(
                block("lifecycle")
                    .add_attribute(("create_before_destroy", true))
                    .build(),
            )
            .build(),
    );
    // `tolist(aws_acm_certificate.this[0].domain_validation_options)[0].FIELD`: one domain,
    // so one record, and no for_each over options known only once the certificate exists.
    let option = |field: &str| {
        hcl::Expression::from(hcl::expr::Traversal::new(
            call(
                "tolist",
                [reference(
                    "aws_acm_certificate.this[0].domain_validation_options",
                )],
            ),
            [
                hcl::expr::TraversalOperator::Index(0u64.into()),
                hcl::expr::TraversalOperator::GetAttr(hcl::Identifier::unchecked(field)),
            ],
        ))
    };
    module.resource(
        resource("aws_route53_record", "certificate_validation")
            .add_attribute(("count", issued()))
            .add_attribute(("zone_id", reference("var.hosted_zone_id")))
            .add_attribute(("name", option("resource_record_name")))
            .add_attribute(("type", option("resource_record_type")))
            .add_attribute(("records", list([option("resource_record_value")])))
            .add_attribute(("ttl", 300u64))
            .add_attribute(("allow_overwrite", true))
            .build(),
    );
    module.resource(
        resource("aws_acm_certificate_validation", "this")
            .add_attribute(("count", issued()))
            .add_attribute((
                "certificate_arn",
                reference("aws_acm_certificate.this[0].arn"),
            ))
            .add_attribute((
                "validation_record_fqdns",
                list([reference(
                    "aws_route53_record.certificate_validation[0].fqdn",
                )]),
            ))
            .build(),
    );
    module.resource(
        block("locals")
            .add_attribute((
                "certificate_arn",
                crate::hcl_build::conditional(
                    crate::hcl_build::equals(
                        reference("var.certificate_arn"),
                        hcl::Expression::Null,
                    ),
                    reference("aws_acm_certificate_validation.this[0].certificate_arn"),
                    reference("var.certificate_arn"),
                ),
            ))
            .build(),
    );
}

fn visibility(metric: &str) -> hcl::Block {
    block("visibility_config")
        .add_attribute(("cloudwatch_metrics_enabled", true))
        .add_attribute(("metric_name", string(metric)))
        .add_attribute(("sampled_requests_enabled", true))
        .build()
}

pub fn module() -> Module {
    let mut module = Module::default();
    module
        .variable(Variable::new("name", "string", "Prefix of the region's app resource names (at most 27 characters: ALB names are capped at 32)."))
        .variable(Variable::new("vpc_id", "string", "The region's VPC."))
        .variable(Variable::new("public_subnet_ids", "list(string)", "Subnets of the load balancer."))
        .variable(Variable::new("private_subnet_ids", "list(string)", "Subnets of the tasks."))
        .variable(Variable::new("vpc_cidr_block", "string", "The VPC's address range: the tasks reach the database inside it."))
        .variable(Variable::new("database_port", "number", "Port the tasks reach the database on (443 for DynamoDB's endpoint)."))
        .variable(Variable::new("access_logs_bucket", "string", "S3 bucket (SSE-S3, with the ELB log-delivery policy) for the load balancer's access logs; null to keep them off.").optional())
        .variable(Variable::new("kms_key_arn", "string", "The region's KMS key, for the log group."))
        .variable(
            Variable::new("certificate_arn", "string", "ACM certificate of the app's domain in this region, if you bring one; null to have ACM issue one validated through DNS in hosted_zone_id.")
                .optional()
                .validate(
                    crate::hcl_build::conditional(
                        crate::hcl_build::equals(reference("var.certificate_arn"), hcl::Expression::Null),
                        true.into(),
                        call("startswith", [reference("var.certificate_arn"), string("arn:")]),
                    ),
                    "certificate_arn must be an ACM certificate ARN.",
                ),
        )
        .variable(Variable::new("container_image", "string", "The app's container image (registry/repository:tag or @digest)."))
        .variable(Variable::new("domain_name", "string", "The app's DNS name: the name of the certificate ACM issues when certificate_arn is null."))
        .variable(Variable::new("hosted_zone_id", "string", "The Route 53 hosted zone of domain_name, where the certificate's validation record goes."))
        .variable(Variable::new("container_port", "number", "Port the app listens on.").default(8080u64))
        .variable(Variable::new("health_check_path", "string", "Path the load balancer checks: 200 when the task can serve.").default("/health"))
        .variable(Variable::new("task_cpu", "number", "CPU units per task (1024 = 1 vCPU)."))
        .variable(Variable::new("task_memory", "number", "Memory per task in MiB."))
        .variable(
            Variable::new("min_tasks", "number", "Tasks the region keeps running: full size where it serves traffic, the standby share elsewhere, 0 for pilot light.")
                .validate(crate::hcl_build::greater_or_equal(reference("var.min_tasks"), 0u64.into()), "min_tasks must not be negative."),
        )
        .variable(
            Variable::new("max_tasks", "number", "Tasks the region scales to when it serves all traffic.")
                .validate(crate::hcl_build::greater_or_equal(reference("var.max_tasks"), reference("var.min_tasks")), "max_tasks must be at least min_tasks."),
        )
        .variable(Variable::new("environment", "map(string)", "Environment variables of the app's container (non-secret settings only): the app config's .env for this region.").default(object([])))
        .variable(Variable::new("reads_database_secret", "bool", "Whether the container gets DATABASE_PASSWORD from database_secret_arn (Aurora): decided by the plan.").default(false))
        .variable(Variable::new("database_secret_arn", "string", "This region's copy of the database credentials secret (its \"password\" key becomes DATABASE_PASSWORD); null for DynamoDB.").optional())
        .variable(Variable::new("database_security_group_id", "string", "The region's Aurora security group: the tasks are admitted to it on database_port (the rule lives here, so the database module does not depend on the app's); null for DynamoDB.").optional())
        .variable(Variable::new("uses_cache", "bool", "Whether the region has a Valkey replication group the tasks reach on 6379: decided by the plan.").default(false))
        .variable(Variable::new("cache_security_group_id", "string", "The region's Valkey security group: the tasks are admitted to it (the rule lives here, so the cache module does not depend on the app's); null without a cache.").optional())
        .variable(Variable::new("uses_dynamodb_table", "bool", "Whether the app reads and writes dynamodb_table_arn: decided by the plan.").default(false))
        .variable(Variable::new("dynamodb_table_arn", "string", "This region's replica of the global table; null for Aurora.").optional());

    security_groups(&mut module);
    web_acl(&mut module);
    module.resource(data("aws_region", "current").build());
    module.resource(data("aws_partition", "current").build());
    module.resource(
        resource("aws_cloudwatch_log_group", "app")
            .add_attribute(("name", template("/ecs/${var.name}")))
            .add_attribute(("retention_in_days", 365u64))
            .add_attribute(("kms_key_id", reference("var.kms_key_arn")))
            .build(),
    );
    module.resource(
        resource("aws_ecs_cluster", "this")
            .add_attribute(("name", reference("var.name")))
            .add_block(
                block("setting")
                    .add_attribute(("name", string("containerInsights")))
                    .add_attribute(("value", string("enabled")))
                    .build(),
            )
            .build(),
    );
    for role_block in service_role(
        "execution",
        "ecs-tasks.amazonaws.com",
        template("${var.name}-execution"),
    ) {
        module.resource(role_block);
    }
    module.resource(
        resource("aws_iam_role_policy_attachment", "execution")
            .add_attribute(("role", reference("aws_iam_role.execution.name")))
            .add_attribute(("policy_arn", template("arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")))
            .build(),
    );
    for role_block in service_role(
        "task",
        "ecs-tasks.amazonaws.com",
        template("${var.name}-task"),
    ) {
        module.resource(role_block);
    }
    app_permissions(&mut module);
    let when_cache = || count_if(reference("var.uses_cache"));
    module.resource(
        resource("aws_vpc_security_group_ingress_rule", "cache_from_app")
            .add_attribute(("count", when_cache()))
            .add_attribute((
                "security_group_id",
                reference("var.cache_security_group_id"),
            ))
            .add_attribute(("description", string("From the app tasks")))
            .add_attribute(("ip_protocol", string("tcp")))
            .add_attribute(("from_port", 6379u64))
            .add_attribute(("to_port", 6379u64))
            .add_attribute((
                "referenced_security_group_id",
                reference("aws_security_group.app.id"),
            ))
            .build(),
    );
    module.resource(
        resource("aws_vpc_security_group_egress_rule", "app_to_cache")
            .add_attribute(("count", when_cache()))
            .add_attribute(("security_group_id", reference("aws_security_group.app.id")))
            .add_attribute(("description", string("To the region's Valkey")))
            .add_attribute(("ip_protocol", string("tcp")))
            .add_attribute(("from_port", 6379u64))
            .add_attribute(("to_port", 6379u64))
            .add_attribute((
                "referenced_security_group_id",
                reference("var.cache_security_group_id"),
            ))
            .build(),
    );
    module.resource(
        resource("aws_vpc_security_group_ingress_rule", "database_from_app")
            .add_attribute(("count", count_if(reference("var.reads_database_secret"))))
            .add_attribute((
                "security_group_id",
                reference("var.database_security_group_id"),
            ))
            .add_attribute(("description", string("From the app tasks")))
            .add_attribute(("ip_protocol", string("tcp")))
            .add_attribute(("from_port", reference("var.database_port")))
            .add_attribute(("to_port", reference("var.database_port")))
            .add_attribute((
                "referenced_security_group_id",
                reference("aws_security_group.app.id"),
            ))
            .build(),
    );
    module.resource(
        block("locals")
            .add_attribute((
                "container",
                object([
                    ("name", string("app")),
                    ("image", reference("var.container_image")),
                    ("essential", true.into()),
                    ("readonlyRootFilesystem", true.into()),
                    (
                        "portMappings",
                        list([object([
                            ("containerPort", reference("var.container_port")),
                            ("protocol", string("tcp")),
                        ])]),
                    ),
                    (
                        "environment",
                        hcl::Expression::from(
                            hcl::expr::ForExpr::new(
                                hcl::Identifier::unchecked("value"),
                                reference("var.environment"),
                                object([("name", reference("key")), ("value", reference("value"))]),
                            )
                            .with_key_var(hcl::Identifier::unchecked("key")),
                        ),
                    ),
                    (
                        "secrets",
                        crate::hcl_build::conditional(
                            reference("var.reads_database_secret"),
                            list([object([
                                ("name", string("DATABASE_PASSWORD")),
                                (
                                    "valueFrom",
                                    template("${var.database_secret_arn}:password::"),
                                ),
                            ])]),
                            list([]),
                        ),
                    ),
                    (
                        "logConfiguration",
                        object([
                            ("logDriver", string("awslogs")),
                            (
                                "options",
                                object([
                                    (
                                        "awslogs-group",
                                        reference("aws_cloudwatch_log_group.app.name"),
                                    ),
                                    ("awslogs-region", reference("data.aws_region.current.name")),
                                    ("awslogs-stream-prefix", string("app")),
                                ]),
                            ),
                        ]),
                    ),
                ]),
            ))
            .build(),
    );
    module.resource(
        resource("aws_ecs_task_definition", "app")
            .add_attribute(("family", reference("var.name")))
            .add_attribute((
                "requires_compatibilities",
                crate::hcl_build::strings(["FARGATE"]),
            ))
            .add_attribute(("network_mode", string("awsvpc")))
            .add_attribute(("cpu", reference("var.task_cpu")))
            .add_attribute(("memory", reference("var.task_memory")))
            .add_attribute((
                "execution_role_arn",
                reference("aws_iam_role.execution.arn"),
            ))
            .add_attribute(("task_role_arn", reference("aws_iam_role.task.arn")))
            .add_attribute((
                "container_definitions",
                call("jsonencode", [list([reference("local.container")])]),
            ))
            .add_block(
                block("runtime_platform")
                    .add_attribute(("operating_system_family", string("LINUX")))
                    .add_attribute(("cpu_architecture", string("X86_64")))
                    .build(),
            )
            .build(),
    );
    module.resource(
        resource("aws_lb", "this")
            .add_attribute(("name", reference("var.name")))
            .add_attribute(("load_balancer_type", string("application")))
            .add_attribute(("internal", false))
            .add_attribute((
                "security_groups",
                list([reference("aws_security_group.alb.id")]),
            ))
            .add_attribute(("subnets", reference("var.public_subnet_ids")))
            .add_attribute(("drop_invalid_header_fields", true))
            .add_attribute(("enable_deletion_protection", true))
            .add_block(
                block("dynamic")
                    .add_label("access_logs")
                    .add_attribute((
                        "for_each",
                        crate::hcl_build::conditional(
                            crate::hcl_build::equals(
                                reference("var.access_logs_bucket"),
                                hcl::Expression::Null,
                            ),
                            list([]),
                            list([reference("var.access_logs_bucket")]),
                        ),
                    ))
                    .add_block(
                        block("content")
                            .add_attribute(("bucket", reference("access_logs.value")))
                            .add_attribute(("prefix", reference("var.name")))
                            .add_attribute(("enabled", true))
                            .build(),
                    )
                    .build(),
            )
            .build(),
    );
    module.skip(
        "aws_lb.this",
        "CKV_AWS_91",
        "access logs are on when var.access_logs_bucket names a bucket; ALB logs need an SSE-S3 bucket your log archive owns",
    );
    module.resource(
        resource("aws_lb_target_group", "app")
            .add_attribute(("name", template("${var.name}-app")))
            .add_attribute(("port", reference("var.container_port")))
            .add_attribute(("protocol", string("HTTP")))
            .add_attribute(("target_type", string("ip")))
            .add_attribute(("vpc_id", reference("var.vpc_id")))
            .add_attribute(("deregistration_delay", 30u64))
            .add_block(
                block("health_check")
                    .add_attribute(("path", reference("var.health_check_path")))
                    .add_attribute(("matcher", string("200")))
                    .add_attribute(("interval", 15u64))
                    .add_attribute(("healthy_threshold", 2u64))
                    .add_attribute(("unhealthy_threshold", 3u64))
                    .build(),
            )
            .build(),
    );
    module.resource(
        resource("aws_lb_listener", "https")
            .add_attribute(("load_balancer_arn", reference("aws_lb.this.arn")))
            .add_attribute(("port", 443u64))
            .add_attribute(("protocol", string("HTTPS")))
            .add_attribute(("ssl_policy", string("ELBSecurityPolicy-TLS13-1-2-2021-06")))
            .add_attribute(("certificate_arn", reference("local.certificate_arn")))
            .add_block(
                block("default_action")
                    .add_attribute(("type", string("forward")))
                    .add_attribute(("target_group_arn", reference("aws_lb_target_group.app.arn")))
                    .build(),
            )
            .build(),
    );
    certificate(&mut module);
    module.resource(
        resource("aws_lb_listener", "http_redirect")
            .add_attribute(("load_balancer_arn", reference("aws_lb.this.arn")))
            .add_attribute(("port", 80u64))
            .add_attribute(("protocol", string("HTTP")))
            .add_block(
                block("default_action")
                    .add_attribute(("type", string("redirect")))
                    .add_block(
                        block("redirect")
                            .add_attribute(("port", string("443")))
                            .add_attribute(("protocol", string("HTTPS")))
                            .add_attribute(("status_code", string("HTTP_301")))
                            .build(),
                    )
                    .build(),
            )
            .build(),
    );
    module.skip(
        "aws_vpc_security_group_ingress_rule.alb_http_in",
        "CKV_AWS_260",
        "port 80 answers nothing but a permanent redirect to HTTPS (aws_lb_listener.http_redirect)",
    );
    module.resource(
        resource("aws_ecs_service", "app")
            .add_attribute(("name", string("app")))
            .add_attribute(("cluster", reference("aws_ecs_cluster.this.id")))
            .add_attribute((
                "task_definition",
                reference("aws_ecs_task_definition.app.arn"),
            ))
            .add_attribute(("desired_count", reference("var.min_tasks")))
            .add_attribute(("launch_type", string("FARGATE")))
            .add_attribute(("propagate_tags", string("SERVICE")))
            .add_attribute(("health_check_grace_period_seconds", 60u64))
            .add_block(
                block("network_configuration")
                    .add_attribute(("subnets", reference("var.private_subnet_ids")))
                    .add_attribute((
                        "security_groups",
                        list([reference("aws_security_group.app.id")]),
                    ))
                    .add_attribute(("assign_public_ip", false))
                    .build(),
            )
            .add_block(
                block("load_balancer")
                    .add_attribute(("target_group_arn", reference("aws_lb_target_group.app.arn")))
                    .add_attribute(("container_name", string("app")))
                    .add_attribute(("container_port", reference("var.container_port")))
                    .build(),
            )
            .add_block(
                block("deployment_circuit_breaker")
                    .add_attribute(("enable", true))
                    .add_attribute(("rollback", true))
                    .build(),
            )
            .add_block(
                block("lifecycle")
                    .add_attribute(("ignore_changes", list([reference("desired_count")])))
                    .build(),
            )
            .add_attribute(("depends_on", list([reference("aws_lb_listener.https")])))
            .build(),
    );
    module.resource(
        resource("aws_appautoscaling_target", "app")
            .add_attribute(("service_namespace", string("ecs")))
            .add_attribute((
                "resource_id",
                template("service/${aws_ecs_cluster.this.name}/${aws_ecs_service.app.name}"),
            ))
            .add_attribute(("scalable_dimension", string("ecs:service:DesiredCount")))
            .add_attribute(("min_capacity", reference("var.min_tasks")))
            .add_attribute(("max_capacity", reference("var.max_tasks")))
            .build(),
    );
    module.resource(
        resource("aws_appautoscaling_policy", "cpu")
            .add_attribute(("name", template("${var.name}-cpu")))
            .add_attribute(("policy_type", string("TargetTrackingScaling")))
            .add_attribute((
                "service_namespace",
                reference("aws_appautoscaling_target.app.service_namespace"),
            ))
            .add_attribute((
                "resource_id",
                reference("aws_appautoscaling_target.app.resource_id"),
            ))
            .add_attribute((
                "scalable_dimension",
                reference("aws_appautoscaling_target.app.scalable_dimension"),
            ))
            .add_block(
                block("target_tracking_scaling_policy_configuration")
                    .add_attribute(("target_value", 60u64))
                    .add_block(
                        block("predefined_metric_specification")
                            .add_attribute((
                                "predefined_metric_type",
                                string("ECSServiceAverageCPUUtilization"),
                            ))
                            .build(),
                    )
                    .build(),
            )
            .build(),
    );
    module
        .output(
            "alb_arn",
            "ARN of the region's load balancer.",
            reference("aws_lb.this.arn"),
        )
        .output(
            "alb_arn_suffix",
            "The load balancer's ARN suffix (CloudWatch dimension).",
            reference("aws_lb.this.arn_suffix"),
        )
        .output(
            "alb_dns_name",
            "DNS name of the region's load balancer.",
            reference("aws_lb.this.dns_name"),
        )
        .output(
            "alb_zone_id",
            "Hosted zone of the load balancer (for alias records).",
            reference("aws_lb.this.zone_id"),
        )
        .output(
            "cluster_name",
            "The ECS cluster.",
            reference("aws_ecs_cluster.this.name"),
        )
        .output(
            "service_name",
            "The ECS service.",
            reference("aws_ecs_service.app.name"),
        )
        .output(
            "app_security_group_id",
            "Security group of the app tasks (the database admits it).",
            reference("aws_security_group.app.id"),
        );
    module
}
