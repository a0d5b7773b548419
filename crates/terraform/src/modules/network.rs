//! `modules/network`: a region's VPC over three availability zones — public subnets for the
//! load balancer and NAT gateways, private subnets for the app and database — with NAT
//! gateways only where the pattern runs tasks, VPC flow logs, and a default security group
//! that allows nothing; gateway endpoints for S3 and DynamoDB and, where the app runs,
//! interface endpoints for ECR, CloudWatch Logs and Secrets Manager, so tasks start in a
//! region that keeps no NAT gateway. Each tier's security group lives with the tier (`app`,
//! `database`).

use hcl::expr::Expression;

use crate::hcl_build::{
    call, conditional, data, greater_than, list, object, reference, resource, service_role,
    statement, string, template,
};
use crate::module::{Module, Variable};

/// `length(var.availability_zone_ids)`: one subnet of each tier per zone.
fn zone_count() -> Expression {
    call("length", [reference("var.availability_zone_ids")])
}

/// The AWS services the app's tasks reach without NAT: through gateway endpoints (no charge)
/// for S3 (image layers) and DynamoDB, and interface endpoints for ECR's API and registry,
/// CloudWatch Logs and Secrets Manager.
pub const INTERFACE_ENDPOINTS: [&str; planner::cost::INTERFACE_ENDPOINTS_PER_REGION as usize] =
    ["ecr.api", "ecr.dkr", "logs", "secretsmanager"];
pub const GATEWAY_ENDPOINTS: [&str; 2] = ["dynamodb", "s3"];

fn endpoints(module: &mut Module) {
    module.resource(data("aws_region", "current").build());
    let service = || template("com.amazonaws.${data.aws_region.current.name}.${each.key}");
    module.resource(
        resource("aws_vpc_endpoint", "gateway")
            .add_attribute((
                "for_each",
                call("toset", [crate::hcl_build::strings(GATEWAY_ENDPOINTS)]),
            ))
            .add_attribute(("vpc_id", reference("aws_vpc.this.id")))
            .add_attribute(("service_name", service()))
            .add_attribute(("vpc_endpoint_type", string("Gateway")))
            .add_attribute((
                "route_table_ids",
                reference("aws_route_table.private[*].id"),
            ))
            .add_attribute((
                "tags",
                object([("Name", template("${var.name}-${each.key}"))]),
            ))
            .build(),
    );
    module.resource(
        resource("aws_security_group", "endpoints")
            .add_attribute(("name", template("${var.name}-endpoints")))
            .add_attribute((
                "description",
                string("Interface endpoints: HTTPS from inside the VPC"),
            ))
            .add_attribute(("vpc_id", reference("aws_vpc.this.id")))
            .add_attribute((
                "tags",
                object([("Name", template("${var.name}-endpoints"))]),
            ))
            .build(),
    );
    module.resource(
        resource("aws_vpc_security_group_ingress_rule", "endpoints_https")
            .add_attribute((
                "security_group_id",
                reference("aws_security_group.endpoints.id"),
            ))
            .add_attribute(("description", string("HTTPS from the VPC")))
            .add_attribute(("ip_protocol", string("tcp")))
            .add_attribute(("from_port", 443u64))
            .add_attribute(("to_port", 443u64))
            .add_attribute(("cidr_ipv4", reference("var.cidr_block")))
            .build(),
    );
    module.resource(
        resource("aws_vpc_endpoint", "interface")
            .add_attribute((
                "for_each",
                call(
                    "toset",
                    [conditional(
                        reference("var.interface_endpoints"),
                        crate::hcl_build::strings(INTERFACE_ENDPOINTS),
                        list([]),
                    )],
                ),
            ))
            .add_attribute(("vpc_id", reference("aws_vpc.this.id")))
            .add_attribute(("service_name", service()))
            .add_attribute(("vpc_endpoint_type", string("Interface")))
            .add_attribute(("private_dns_enabled", true))
            .add_attribute(("subnet_ids", reference("aws_subnet.private[*].id")))
            .add_attribute((
                "security_group_ids",
                list([reference("aws_security_group.endpoints.id")]),
            ))
            .add_attribute((
                "tags",
                object([("Name", template("${var.name}-${each.key}"))]),
            ))
            .build(),
    );
}

pub fn module() -> Module {
    let mut module = Module::default();
    module
        .variable(Variable::new("name", "string", "Prefix of every resource name in the region."))
        .variable(
            Variable::new("cidr_block", "string", "The VPC's address range; a /16 keeps room for the 6 /20 subnets.")
                .validate(
                    call("can", [call("cidrnetmask", [reference("var.cidr_block")])]),
                    "cidr_block must be an IPv4 CIDR block such as 10.10.0.0/16.",
                ),
        )
        .variable(
            Variable::new("availability_zone_ids", "list(string)", "Zone IDs (use1-az1) the network spans, pinned so it never spreads into a zone AWS adds later.")
                .validate(
                    call("alltrue", [list([
                        crate::hcl_build::greater_or_equal(call("length", [reference("var.availability_zone_ids")]), 2u64.into()),
                        crate::hcl_build::less_or_equal(call("length", [reference("var.availability_zone_ids")]), 4u64.into()),
                    ])]),
                    "availability_zone_ids must list 2 to 4 zone IDs.",
                ),
        )
        .variable(
            Variable::new("nat_gateway_count", "number", "NAT gateways, one per availability zone where the app runs; 0 where it does not (pilot light, backup copies).")
                .validate(
                    call("alltrue", [list([
                        crate::hcl_build::greater_or_equal(reference("var.nat_gateway_count"), 0u64.into()),
                        crate::hcl_build::less_or_equal(reference("var.nat_gateway_count"), call("length", [reference("var.availability_zone_ids")])),
                    ])]),
                    "nat_gateway_count must be between 0 and the number of availability zones.",
                ),
        )
        .variable(Variable::new("kms_key_arn", "string", "The region's KMS key, for the flow-log group."))
        .variable(Variable::new("interface_endpoints", "bool", "Whether the private subnets get interface endpoints for ECR, CloudWatch Logs and Secrets Manager (where the app runs), so tasks start without NAT gateways.").default(false));

    module.resource(
        resource("aws_vpc", "this")
            .add_attribute(("cidr_block", reference("var.cidr_block")))
            .add_attribute(("enable_dns_hostnames", true))
            .add_attribute(("enable_dns_support", true))
            .add_attribute(("tags", object([("Name", template("${var.name}-vpc"))])))
            .build(),
    );
    module.resource(
        resource("aws_default_security_group", "default")
            .add_attribute(("vpc_id", reference("aws_vpc.this.id")))
            .add_attribute((
                "tags",
                object([("Name", template("${var.name}-default-deny"))]),
            ))
            .build(),
    );
    for (tier, offset, public) in [("public", 8u64, true), ("private", 0u64, false)] {
        module.resource(
            resource("aws_subnet", tier)
                .add_attribute(("count", zone_count()))
                .add_attribute(("vpc_id", reference("aws_vpc.this.id")))
                .add_attribute((
                    "cidr_block",
                    call(
                        "cidrsubnet",
                        [
                            reference("var.cidr_block"),
                            4u64.into(),
                            if offset == 0 {
                                reference("count.index")
                            } else {
                                Expression::from(hcl::expr::BinaryOp::new(
                                    reference("count.index"),
                                    hcl::expr::BinaryOperator::Plus,
                                    Expression::from(offset),
                                ))
                            },
                        ],
                    ),
                ))
                .add_attribute((
                    "availability_zone_id",
                    reference("var.availability_zone_ids[count.index]"),
                ))
                .add_attribute(("map_public_ip_on_launch", false))
                .add_attribute((
                    "tags",
                    object([
                        (
                            "Name",
                            template(&format!("${{var.name}}-{tier}-${{count.index + 1}}")),
                        ),
                        ("Tier", string(if public { "public" } else { "private" })),
                    ]),
                ))
                .build(),
        );
    }
    module.resource(
        resource("aws_internet_gateway", "this")
            .add_attribute(("vpc_id", reference("aws_vpc.this.id")))
            .add_attribute(("tags", object([("Name", template("${var.name}-igw"))])))
            .build(),
    );
    module.resource(
        resource("aws_route_table", "public")
            .add_attribute(("vpc_id", reference("aws_vpc.this.id")))
            .add_attribute(("tags", object([("Name", template("${var.name}-public"))])))
            .build(),
    );
    module.resource(
        resource("aws_route", "public_internet")
            .add_attribute(("route_table_id", reference("aws_route_table.public.id")))
            .add_attribute(("destination_cidr_block", string("0.0.0.0/0")))
            .add_attribute(("gateway_id", reference("aws_internet_gateway.this.id")))
            .build(),
    );
    module.resource(
        resource("aws_route_table_association", "public")
            .add_attribute(("count", zone_count()))
            .add_attribute(("subnet_id", reference("aws_subnet.public[count.index].id")))
            .add_attribute(("route_table_id", reference("aws_route_table.public.id")))
            .build(),
    );
    module.resource(
        resource("aws_eip", "nat")
            .add_attribute(("count", reference("var.nat_gateway_count")))
            .add_attribute(("domain", string("vpc")))
            .add_attribute((
                "tags",
                object([("Name", template("${var.name}-nat-${count.index + 1}"))]),
            ))
            .build(),
    );
    module.resource(
        resource("aws_nat_gateway", "this")
            .add_attribute(("count", reference("var.nat_gateway_count")))
            .add_attribute(("allocation_id", reference("aws_eip.nat[count.index].id")))
            .add_attribute(("subnet_id", reference("aws_subnet.public[count.index].id")))
            .add_attribute((
                "tags",
                object([("Name", template("${var.name}-nat-${count.index + 1}"))]),
            ))
            .add_attribute(("depends_on", list([reference("aws_internet_gateway.this")])))
            .build(),
    );
    module.resource(
        resource("aws_route_table", "private")
            .add_attribute(("count", zone_count()))
            .add_attribute(("vpc_id", reference("aws_vpc.this.id")))
            .add_attribute((
                "tags",
                object([("Name", template("${var.name}-private-${count.index + 1}"))]),
            ))
            .build(),
    );
    module.resource(
        resource("aws_route", "private_nat")
            .add_attribute((
                "count",
                conditional(
                    greater_than(reference("var.nat_gateway_count"), 0u64.into()),
                    zone_count(),
                    0u64.into(),
                ),
            ))
            .add_attribute((
                "route_table_id",
                reference("aws_route_table.private[count.index].id"),
            ))
            .add_attribute(("destination_cidr_block", string("0.0.0.0/0")))
            .add_attribute((
                "nat_gateway_id",
                reference("aws_nat_gateway.this[count.index % var.nat_gateway_count].id"),
            ))
            .build(),
    );
    module.resource(
        resource("aws_route_table_association", "private")
            .add_attribute(("count", zone_count()))
            .add_attribute(("subnet_id", reference("aws_subnet.private[count.index].id")))
            .add_attribute((
                "route_table_id",
                reference("aws_route_table.private[count.index].id"),
            ))
            .build(),
    );

    endpoints(&mut module);

    // Flow logs: every accepted and rejected connection, kept a year, encrypted.
    module.resource(
        resource("aws_cloudwatch_log_group", "flow_logs")
            .add_attribute(("name", template("/vpc/${var.name}/flow-logs")))
            .add_attribute(("retention_in_days", 365u64))
            .add_attribute(("kms_key_id", reference("var.kms_key_arn")))
            .build(),
    );
    for role_block in service_role(
        "flow_logs",
        "vpc-flow-logs.amazonaws.com",
        template("${var.name}-flow-logs"),
    ) {
        module.resource(role_block);
    }
    module.resource(
        data("aws_iam_policy_document", "flow_logs")
            .add_block(
                statement(
                    "WriteFlowLogsToTheirGroup",
                    &[
                        "logs:CreateLogStream",
                        "logs:DescribeLogStreams",
                        "logs:PutLogEvents",
                    ],
                    list([
                        reference("aws_cloudwatch_log_group.flow_logs.arn"),
                        template("${aws_cloudwatch_log_group.flow_logs.arn}:*"),
                    ]),
                )
                .build(),
            )
            .build(),
    );
    module.resource(
        resource("aws_iam_role_policy", "flow_logs")
            .add_attribute(("name", string("write-flow-logs")))
            .add_attribute(("role", reference("aws_iam_role.flow_logs.id")))
            .add_attribute((
                "policy",
                reference("data.aws_iam_policy_document.flow_logs.json"),
            ))
            .build(),
    );
    module.resource(
        resource("aws_flow_log", "this")
            .add_attribute(("vpc_id", reference("aws_vpc.this.id")))
            .add_attribute(("traffic_type", string("ALL")))
            .add_attribute((
                "log_destination",
                reference("aws_cloudwatch_log_group.flow_logs.arn"),
            ))
            .add_attribute(("iam_role_arn", reference("aws_iam_role.flow_logs.arn")))
            .build(),
    );

    module
        .output("vpc_id", "The region's VPC.", reference("aws_vpc.this.id"))
        .output(
            "public_subnet_ids",
            "Public subnets, one per availability zone.",
            reference("aws_subnet.public[*].id"),
        )
        .output(
            "private_subnet_ids",
            "Private subnets, one per availability zone.",
            reference("aws_subnet.private[*].id"),
        )
        .output(
            "vpc_cidr_block",
            "The VPC's address range.",
            reference("aws_vpc.this.cidr_block"),
        );
    module
}
