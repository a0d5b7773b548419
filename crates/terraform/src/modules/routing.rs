//! `modules/routing`: how clients reach the serving regions.
//!
//! Route 53: one HTTPS health check on `var.health_check_path` per endpoint (interval and failure threshold
//! from the plan) and one alias record per endpoint with latency routing (active-active) or
//! failover routing (primary, then the first standby: Route 53 allows one secondary record
//! per name), each alarmed in us-east-1 where Route 53 publishes its metrics. Global
//! Accelerator: an accelerator with one endpoint group per region whose traffic dial is 100 %
//! where the region serves and 0 % where it stands by, plus the alias record to it.

use planner::plan::Routing;

use crate::hcl_build::{block, conditional, list, object, reference, resource, string, template};
use crate::module::{Module, Variable};

pub fn module(routing: Routing) -> Module {
    let mut module = Module::default();
    module
        .variable(Variable::new("name", "string", "Prefix of the routing resource names."))
        .variable(Variable::new("domain_name", "string", "The app's DNS name."))
        .variable(Variable::new("hosted_zone_id", "string", "The Route 53 hosted zone of domain_name."))
        .variable(Variable::new(
            "endpoints",
            "map(object({ alb_arn = string, alb_dns_name = string, alb_zone_id = string, role = string, traffic_dial_percentage = number }))",
            "Each region's load balancer, keyed by region: role is primary, secondary or serving.",
        ))
        .variable(Variable::new("health_check_path", "string", "Path every health check requests: 200 when the region can serve.").default("/health"))
        .variable(Variable::new("health_check_interval_seconds", "number", "Seconds between health checks: 10 or 30.").validate(
            crate::hcl_build::call("contains", [list([10u64.into(), 30u64.into()]), reference("var.health_check_interval_seconds")]),
            "health_check_interval_seconds must be 10 or 30.",
        ))
        .variable(Variable::new("health_check_failure_threshold", "number", "Consecutive failures before an endpoint is unhealthy, 1–10.").validate(
            crate::hcl_build::call("alltrue", [list([
                crate::hcl_build::greater_or_equal(reference("var.health_check_failure_threshold"), 1u64.into()),
                crate::hcl_build::less_or_equal(reference("var.health_check_failure_threshold"), 10u64.into()),
            ])]),
            "health_check_failure_threshold must be between 1 and 10.",
        ));

    match routing {
        Routing::GlobalAccelerator => global_accelerator(&mut module),
        Routing::Route53Latency | Routing::Route53Failover => route53_records(&mut module, routing),
    }
    module
}

/// Route 53 health checks of every endpoint and their alarms in us-east-1, with every
/// routing: they raise the alarm an operator (or the failover function) acts on.
fn health_checks(module: &mut Module) {
    module.configuration_aliases.push("us_east_1".to_owned());
    module.variable(Variable::new(
        "alarm_kms_key_arn",
        "string",
        "KMS key in us-east-1 for the health-check alarm topic.",
    ));
    module.resource(
        resource("aws_route53_health_check", "endpoint")
            .add_attribute(("for_each", reference("var.endpoints")))
            .add_attribute(("fqdn", reference("each.value.alb_dns_name")))
            .add_attribute(("port", 443u64))
            .add_attribute(("type", string("HTTPS")))
            .add_attribute(("resource_path", reference("var.health_check_path")))
            .add_attribute((
                "request_interval",
                reference("var.health_check_interval_seconds"),
            ))
            .add_attribute((
                "failure_threshold",
                reference("var.health_check_failure_threshold"),
            ))
            .add_attribute(("measure_latency", true))
            .add_attribute((
                "tags",
                object([("Name", template("${var.name}-${each.key}"))]),
            ))
            .build(),
    );
    module.resource(
        resource("aws_sns_topic", "health")
            .add_attribute(("provider", reference("aws.us_east_1")))
            .add_attribute(("name", template("${var.name}-health-checks")))
            .add_attribute(("kms_master_key_id", reference("var.alarm_kms_key_arn")))
            .build(),
    );
    module.resource(
        resource("aws_cloudwatch_metric_alarm", "endpoint_unhealthy")
            .add_attribute(("provider", reference("aws.us_east_1")))
            .add_attribute(("for_each", reference("var.endpoints")))
            .add_attribute(("alarm_name", template("${var.name}-${each.key}-unhealthy")))
            .add_attribute(("alarm_description", template("Route 53 health check of ${each.key} (${var.health_check_path}) is failing: traffic is leaving that region.")))
            .add_attribute(("namespace", string("AWS/Route53")))
            .add_attribute(("metric_name", string("HealthCheckStatus")))
            .add_attribute(("dimensions", object([("HealthCheckId", reference("aws_route53_health_check.endpoint[each.key].id"))])))
            .add_attribute(("statistic", string("Minimum")))
            .add_attribute(("period", 60u64))
            .add_attribute(("evaluation_periods", 1u64))
            .add_attribute(("threshold", 1u64))
            .add_attribute(("comparison_operator", string("LessThanThreshold")))
            .add_attribute(("treat_missing_data", string("breaching")))
            .add_attribute(("alarm_actions", list([reference("aws_sns_topic.health.arn")])))
            .add_attribute(("ok_actions", list([reference("aws_sns_topic.health.arn")])))
            .build(),
    );
    module
        .output(
            "health_check_ids",
            "Route 53 health check of each region.",
            crate::hcl_build::for_map(
                "region",
                "check",
                reference("aws_route53_health_check.endpoint"),
                reference("check.id"),
            ),
        )
        .output(
            "health_alarm_topic_arn",
            "SNS topic (us-east-1) of the health-check alarms.",
            reference("aws_sns_topic.health.arn"),
        )
        .output(
            "health_alarm_names",
            "Health-check alarm of each region.",
            crate::hcl_build::for_map(
                "region",
                "alarm",
                reference("aws_cloudwatch_metric_alarm.endpoint_unhealthy"),
                reference("alarm.alarm_name"),
            ),
        );
}

/// Latency or failover alias records, each tied to its endpoint's health check.
fn route53_records(module: &mut Module, routing: Routing) {
    health_checks(module);
    module.skip(
        "aws_route53_record.app",
        "CKV2_AWS_23",
        "each record aliases a region's load balancer through var.endpoints; checkov 3.3.30 loses that edge once a second app module also takes database outputs (terraform plan resolves it)",
    );
    let policy = match routing {
        Routing::Route53Latency => block("latency_routing_policy")
            .add_attribute(("region", reference("each.key")))
            .build(),
        _ => block("failover_routing_policy")
            .add_attribute((
                "type",
                conditional(
                    crate::hcl_build::equals(reference("each.value.role"), string("primary")),
                    string("PRIMARY"),
                    string("SECONDARY"),
                ),
            ))
            .build(),
    };
    module.resource(
        resource("aws_route53_record", "app")
            .add_attribute(("for_each", reference("var.endpoints")))
            .add_attribute(("zone_id", reference("var.hosted_zone_id")))
            .add_attribute(("name", reference("var.domain_name")))
            .add_attribute(("type", string("A")))
            .add_attribute(("set_identifier", reference("each.key")))
            .add_attribute((
                "health_check_id",
                reference("aws_route53_health_check.endpoint[each.key].id"),
            ))
            .add_block(
                block("alias")
                    .add_attribute(("name", reference("each.value.alb_dns_name")))
                    .add_attribute(("zone_id", reference("each.value.alb_zone_id")))
                    .add_attribute(("evaluate_target_health", true))
                    .build(),
            )
            .add_block(policy)
            .build(),
    );
}

fn global_accelerator(module: &mut Module) {
    health_checks(module);
    module.variable(
        Variable::new(
            "flow_logs_bucket",
            "string",
            "S3 bucket for the accelerator's flow logs; null to keep them off.",
        )
        .optional(),
    );
    module.resource(
        resource("aws_globalaccelerator_accelerator", "this")
            .add_attribute(("name", reference("var.name")))
            .add_attribute(("ip_address_type", string("IPV4")))
            .add_attribute(("enabled", true))
            .add_block(
                block("attributes")
                    .add_attribute((
                        "flow_logs_enabled",
                        crate::hcl_build::not_equals(
                            reference("var.flow_logs_bucket"),
                            hcl::Expression::Null,
                        ),
                    ))
                    .add_attribute(("flow_logs_s3_bucket", reference("var.flow_logs_bucket")))
                    .add_attribute((
                        "flow_logs_s3_prefix",
                        conditional(
                            crate::hcl_build::equals(
                                reference("var.flow_logs_bucket"),
                                hcl::Expression::Null,
                            ),
                            hcl::Expression::Null,
                            template("${var.name}/"),
                        ),
                    ))
                    .build(),
            )
            .build(),
    );
    module.skip(
        "aws_globalaccelerator_accelerator.this",
        "CKV_AWS_75",
        "flow logs are on when var.flow_logs_bucket names a bucket your log archive owns",
    );
    module.resource(
        resource("aws_globalaccelerator_listener", "https")
            .add_attribute((
                "accelerator_arn",
                reference("aws_globalaccelerator_accelerator.this.id"),
            ))
            .add_attribute(("protocol", string("TCP")))
            .add_attribute(("client_affinity", string("NONE")))
            .add_block(
                block("port_range")
                    .add_attribute(("from_port", 443u64))
                    .add_attribute(("to_port", 443u64))
                    .build(),
            )
            .build(),
    );
    module.resource(
        resource("aws_globalaccelerator_endpoint_group", "region")
            .add_attribute(("for_each", reference("var.endpoints")))
            .add_attribute((
                "listener_arn",
                reference("aws_globalaccelerator_listener.https.id"),
            ))
            .add_attribute(("endpoint_group_region", reference("each.key")))
            .add_attribute((
                "traffic_dial_percentage",
                reference("each.value.traffic_dial_percentage"),
            ))
            .add_attribute(("health_check_protocol", string("HTTPS")))
            .add_attribute(("health_check_port", 443u64))
            .add_attribute(("health_check_path", reference("var.health_check_path")))
            .add_attribute((
                "health_check_interval_seconds",
                reference("var.health_check_interval_seconds"),
            ))
            .add_attribute((
                "threshold_count",
                reference("var.health_check_failure_threshold"),
            ))
            .add_block(
                block("endpoint_configuration")
                    .add_attribute(("endpoint_id", reference("each.value.alb_arn")))
                    .add_attribute(("weight", 100u64))
                    .add_attribute(("client_ip_preservation_enabled", true))
                    .build(),
            )
            .build(),
    );
    module.resource(
        resource("aws_route53_record", "app")
            .add_attribute(("zone_id", reference("var.hosted_zone_id")))
            .add_attribute(("name", reference("var.domain_name")))
            .add_attribute(("type", string("A")))
            .add_block(
                block("alias")
                    .add_attribute((
                        "name",
                        reference("aws_globalaccelerator_accelerator.this.dns_name"),
                    ))
                    .add_attribute((
                        "zone_id",
                        reference("aws_globalaccelerator_accelerator.this.hosted_zone_id"),
                    ))
                    .add_attribute(("evaluate_target_health", true))
                    .build(),
            )
            .build(),
    );
    module
        .output(
            "accelerator_dns_name",
            "DNS name of the accelerator.",
            reference("aws_globalaccelerator_accelerator.this.dns_name"),
        )
        .output(
            "endpoint_group_arns",
            "Endpoint group of each region (change its traffic dial to shift traffic).",
            crate::hcl_build::for_map(
                "region",
                "group",
                reference("aws_globalaccelerator_endpoint_group.region"),
                reference("group.arn"),
            ),
        );
}
