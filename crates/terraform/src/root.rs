//! The root module: versions, one provider per region, the variables a team fills in, and
//! `main.tf` wiring the modules per region with the values the plan decided.

use hcl::Block;
use hcl::expr::Expression;
use planner::plan::{DatabaseEngine, Routing, StorageMode};
use planner::{Estimate, Plan, RegionDeployment, RegionRole};

use crate::hcl_build::{block, call, object, reference, string, string_keyed_object, template};
use crate::module::{Module, Variable, output, render, versions_block};
use crate::modules;
use crate::naming::{
    MAX_PREFIX_LENGTH, NAME_PREFIX_PATTERN, module_name, name_prefix, provider, region_identifier,
    short_region,
};

/// The plan as the bundle sees it: what runs where, and which extra provider regions it needs.
pub struct Design<'a> {
    pub plan: &'a Plan,
    pub regions: Vec<RegionDeployment>,
    pub routing: Routing,
    /// Regions with a provider: the plan's, plus us-east-1 for Route 53's health-check
    /// metrics and us-west-2 for Global Accelerator's API when it is used.
    pub provider_regions: Vec<String>,
    /// The read-after-write window: the lag alarms fire when replication lags beyond it.
    pub replication_lag_threshold_ms: u32,
    /// Each app region's environment as the app config's `.env` file sets it.
    pub app_environment: std::collections::BTreeMap<String, Vec<(String, String)>>,
}

impl<'a> Design<'a> {
    pub fn new(plan: &'a Plan, estimate: &Estimate) -> Design<'a> {
        let regions = planner::deployment(plan);
        let routing = plan.effective_routing();
        let mut provider_regions: Vec<String> = regions.iter().map(|r| r.region.clone()).collect();
        let mut extra = vec!["us-east-1"];
        if routing == Routing::GlobalAccelerator {
            extra.push("us-west-2");
        }
        for region in extra {
            if !provider_regions.iter().any(|known| known == region) {
                provider_regions.push(region.to_owned());
            }
        }
        Design {
            plan,
            regions,
            routing,
            provider_regions,
            replication_lag_threshold_ms: estimate.read_write_split.read_after_write.window_ms,
            app_environment: rwsplit::container_environment(plan, estimate),
        }
    }

    pub fn primary(&self) -> &RegionDeployment {
        &self.regions[0]
    }

    /// The region holding the data's global pieces (see `Plan::data_home_region`): the global
    /// cluster, its credentials secrets and backup plan, or the DynamoDB table's own region.
    /// Unlike the primary, it never moves, so a regenerated bundle leaves the data alone.
    pub fn data_home(&self) -> &RegionDeployment {
        let home = self.plan.data_home();
        self.regions
            .iter()
            .find(|region| region.region == home)
            .unwrap_or_else(|| self.primary())
    }

    pub fn is_aurora(&self) -> bool {
        self.plan.database.engine != DatabaseEngine::Dynamodb
    }

    /// Regions with a network: where the app runs or an Aurora cluster lives.
    pub fn networked(&self) -> impl Iterator<Item = &RegionDeployment> {
        self.regions.iter().filter(|region| {
            region.has_app_infrastructure || (self.is_aurora() && region.has_live_data())
        })
    }

    /// Regions behind the global entry point, with their routing role and traffic dial.
    pub fn endpoints(&self) -> Vec<(&RegionDeployment, &'static str, u64)> {
        let with_app = self
            .regions
            .iter()
            .filter(|region| region.has_app_infrastructure);
        match self.routing {
            // Route 53 allows one PRIMARY and one SECONDARY record per name.
            Routing::Route53Failover => with_app
                .take(2)
                .map(|region| {
                    (
                        region,
                        if region.is_primary() {
                            "primary"
                        } else {
                            "secondary"
                        },
                        100,
                    )
                })
                .collect(),
            _ => with_app
                .map(|region| match region.role {
                    RegionRole::Primary => (region, "primary", 100),
                    RegionRole::Serving => (region, "serving", 100),
                    _ => (region, "secondary", 0),
                })
                .collect(),
        }
    }

    /// The standby region whose cluster automated failover promotes, when the plan asks for
    /// automated failover of an Aurora global database.
    pub fn failover_target(&self) -> Option<&RegionDeployment> {
        planner::topology::failover_target(self.plan, &self.regions)
    }

    /// Names of the `{{set:NAME}}` values in the app config: the team sets them through a root
    /// variable of that name, keyed by region.
    pub fn team_settings(&self) -> std::collections::BTreeSet<String> {
        self.app_environment
            .values()
            .flatten()
            .flat_map(|(_, value)| placeholders(value))
            .filter_map(|part| match part {
                Part::Team(name) => Some(name),
                _ => None,
            })
            .collect()
    }

    /// Whether each app region gets a Valkey replication group: where the app config shares
    /// the read-after-write window between tasks.
    pub fn uses_cache(&self) -> bool {
        rwsplit::uses_redis(self.plan)
    }

    /// The provider region of the routing module.
    fn routing_provider(&self) -> String {
        match self.routing {
            Routing::GlobalAccelerator => provider("us-west-2"),
            _ => provider(&self.primary().region),
        }
    }
}

/// The bundle's binary files: the failover function's zip where the plan automates failover.
pub fn binary_files(design: &Design) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    if design.failover_target().is_some() {
        files.extend(modules::failover::module().binary_files("modules/failover"));
    }
    files
}

/// Every text file of the bundle except the README.
pub fn files(design: &Design) -> Vec<(String, String)> {
    let mut files = vec![
        (
            "versions.tf".to_owned(),
            render(&[versions_block(true, &[])]),
        ),
        ("providers.tf".to_owned(), render(&providers(design))),
        ("variables.tf".to_owned(), render(&variables(design))),
        ("main.tf".to_owned(), render(&main(design))),
        ("outputs.tf".to_owned(), render(&outputs(design))),
        (
            "terraform.tfvars.example".to_owned(),
            tfvars_example(design),
        ),
        ("backend.tf.example".to_owned(), backend_example(design)),
    ];
    let database = if design.is_aurora() {
        modules::database::aurora(
            design.plan.database.engine,
            design.plan.database.storage_mode == StorageMode::IoOptimized,
        )
    } else {
        if design
            .regions
            .iter()
            .any(|region| is_replica(design, region))
        {
            files.extend(modules::dynamodb::replica().files("modules/replica"));
        }
        modules::dynamodb::table()
    };
    if design.failover_target().is_some() {
        files.extend(modules::failover::module().files("modules/failover"));
    }
    if design.regions.iter().any(|region| !region.has_live_data()) {
        files.extend(modules::database::backup_vault().files("modules/backup-vault"));
    }
    if design.uses_cache() {
        files.extend(modules::cache::module().files("modules/cache"));
    }
    let module_files: [(&str, Module); 6] = [
        ("modules/encryption", modules::encryption::module()),
        ("modules/network", modules::network::module()),
        ("modules/database", database),
        ("modules/app", modules::app::module()),
        ("modules/routing", modules::routing::module(design.routing)),
        ("modules/monitoring", modules::monitoring::module()),
    ];
    for (dir, module) in module_files {
        files.extend(module.files(dir));
    }
    files
}

fn providers(design: &Design) -> Vec<Block> {
    design
        .provider_regions
        .iter()
        .map(|region| {
            block("provider")
                .add_label("aws")
                .add_attribute(("alias", string(region_identifier(region))))
                .add_attribute(("region", string(region.as_str())))
                .add_block(
                    block("default_tags")
                        .add_attribute(("tags", reference("local.tags")))
                        .build(),
                )
                .build()
        })
        .collect()
}

fn variables(design: &Design) -> Vec<Block> {
    let app_regions: Vec<&str> = design
        .regions
        .iter()
        .filter(|r| r.has_app_infrastructure)
        .map(|r| r.region.as_str())
        .collect();
    let mut module = Module::default();
    module
        .variable(
            Variable::new("name_prefix", "string", "Prefix of every resource name: lower-case letters, digits and dashes, 2–20 characters.")
                .default(name_prefix(&design.plan.name))
                .validate(
                    crate::hcl_build::and(
                        call("can", [call("regex", [string(NAME_PREFIX_PATTERN), reference("var.name_prefix")])]),
                        crate::hcl_build::less_or_equal(call("length", [reference("var.name_prefix")]), (MAX_PREFIX_LENGTH as u64).into()),
                    ),
                    "name_prefix must be 2–20 lower-case letters and digits, starting with a letter, with single dashes between them (no dash at the end).",
                ),
        )
        .variable(
            Variable::new("domain_name", "string", "The app's DNS name, e.g. app.example.com.")
                .validate(call("can", [call("regex", [string("^([a-z0-9-]+\\.)+[a-z]{2,}$"), reference("var.domain_name")])]), "domain_name must be a lower-case DNS name such as app.example.com."),
        )
        .variable(
            Variable::new("hosted_zone_id", "string", "The Route 53 hosted zone that holds domain_name.")
                .validate(call("can", [call("regex", [string("^Z[A-Z0-9]{4,32}$"), reference("var.hosted_zone_id")])]), "hosted_zone_id must be a Route 53 zone id such as Z0123456789ABCDEFGHIJ."),
        )
        .variable(
            Variable::new("certificate_arns", "map(string)", "ACM certificates for domain_name you bring, keyed by region (each in its own region). Regions left out get one issued by ACM and validated through DNS in hosted_zone_id.")
                .default(object([]))
                .validate(
                    call("alltrue", [Expression::from(
                        hcl::expr::ForExpr::new(
                            hcl::Identifier::unchecked("arn"),
                            reference("var.certificate_arns"),
                            call("can", [call("regex", [template("^arn:aws[a-z-]*:acm:${region}:[0-9]{12}:certificate/"), reference("arn")])]),
                        )
                        .with_key_var(hcl::Identifier::unchecked("region")),
                    )]),
                    "certificate_arns: each ARN must be an ACM certificate in the region it is keyed by (a load balancer only takes a certificate of its own region).",
                )
                .validate(
                    call("alltrue", [Expression::from(
                        hcl::expr::ForExpr::new(
                            hcl::Identifier::unchecked("region"),
                            call("keys", [reference("var.certificate_arns")]),
                            call("contains", [crate::hcl_build::strings(app_regions.iter().copied()), reference("region")]),
                        ),
                    )]),
                    &format!("certificate_arns may only name regions that run the app: {}.", app_regions.join(", ")),
                ),
        )
        .variable(Variable::new("container_images", "map(string)", "The image each region runs, keyed by region, where it is not the data home's image replicated there: regions left out run container_image with its ECR region swapped for theirs.").default(object([])))
        .variable(Variable::new("ecr_replication", "bool", "Replicate container_image's ECR repository from the data home region (where images are pushed) to the other app regions. This sets that registry's replication configuration, replacing any it has: set false and replicate yourself if the account already replicates.").default(true))
        .variable(
            Variable::new("container_port", "number", "Port the app's container listens on; the load balancer forwards HTTPS to it.")
                .default(8080u64)
                .validate(
                    crate::hcl_build::and(
                        crate::hcl_build::greater_or_equal(reference("var.container_port"), 1u64.into()),
                        crate::hcl_build::less_or_equal(reference("var.container_port"), 65535u64.into()),
                    ),
                    "container_port must be a port from 1 to 65535.",
                ),
        )
        .variable(
            Variable::new("health_check_path", "string", "Path the load balancer, Route 53, Global Accelerator and the failover probe request: the app answers 200 when it can serve from its region.")
                .default("/health")
                .validate(call("startswith", [reference("var.health_check_path"), string("/")]), "health_check_path must start with /."),
        )
        .variable(Variable::new("container_image", "string", "The app's container image, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.4.2.").validate(
            crate::hcl_build::greater_than(call("length", [reference("var.container_image")]), 0u64.into()),
            "container_image must not be empty.",
        ));
    let networked: Vec<&str> = design.networked().map(|r| r.region.as_str()).collect();
    module.variable(
        Variable::new("availability_zone_ids", "map(list(string))", "Zone IDs each region's network spans, keyed by region: the regions' generally available zones; replace them with the zones your account has.")
            .default(string_keyed_object(networked.iter().map(|r| (r.to_string(), crate::hcl_build::strings(crate::zones::zone_ids(r).iter().copied()))))),
    );
    if design.is_aurora() {
        module.variable(
            Variable::new(
                "database_engine_version",
                "string",
                "Aurora engine version, the same in every region.",
            )
            .default(modules::database::aurora_engine(design.plan.database.engine).default_version),
        );
    }
    for name in design.team_settings() {
        module.variable(
            Variable::new(
                &name,
                "map(string)",
                &format!("The app config's `{name}` in each region that runs the app, keyed by region (the container reads it as {}); empty until you set it.", name.to_uppercase()),
            )
            .default(string_keyed_object(app_regions.iter().map(|region| (region.to_string(), string(""))))),
        );
    }
    module
        .variable(Variable::new("load_balancer_access_logs_buckets", "map(string)", "S3 bucket (SSE-S3, ELB log delivery allowed) for each region's load balancer access logs, keyed by region; regions left out keep them off.").default(object([])))
        .variable(Variable::new("alarm_email", "string", "Address that receives alarms; null to subscribe your pager to the alarm topics instead.").optional())
        .variable(Variable::new("tags", "map(string)", "Tags added to every resource, beside ManagedBy, Plan and Pattern.").default(object([])));
    module.variables
}

/// `main.tf`: the tags local, then each concern's module calls, in the order a reader follows
/// the design (keys, networks, backup copies, data, cache, app, monitoring, routing, image
/// replication, failover automation).
fn main(design: &Design) -> Vec<Block> {
    [
        tags_local(design),
        encryption_calls(design),
        network_calls(design),
        backup_vault_calls(design),
        database_calls(design),
        cache_calls(design),
        app_calls(design),
        monitoring_calls(design),
        vec![routing_call(design)],
        image_replication(design),
        failover_call(design).into_iter().collect(),
    ]
    .concat()
}

/// The `tags` local every module call gets: the team's tags plus what made the bundle.
fn tags_local(design: &Design) -> Vec<Block> {
    let plan = design.plan;
    vec![
        block("locals")
            .add_attribute((
                "tags",
                call(
                    "merge",
                    [
                        reference("var.tags"),
                        object([
                            ("ManagedBy", string("terraform")),
                            ("Plan", string(crate::naming::tag_value(&plan.name))),
                            ("Pattern", string(plan.pattern.slug())),
                        ]),
                    ],
                ),
            ))
            .build(),
    ]
}

/// A customer-managed KMS key per region that holds anything.
fn encryption_calls(design: &Design) -> Vec<Block> {
    let mut blocks = Vec::new();
    // Keys: every plan region, and us-east-1 when Route 53's alarms need one there.
    let mut key_regions: Vec<&str> = design.regions.iter().map(|r| r.region.as_str()).collect();
    if !key_regions.contains(&"us-east-1") {
        key_regions.push("us-east-1");
    }
    for region in &key_regions {
        blocks.push(module_call(
            "encryption",
            region,
            "./modules/encryption",
            vec![("name", template(&format!("${{var.name_prefix}}-{region}")))],
        ));
    }
    blocks
}

/// A VPC per region where the app runs or an Aurora cluster lives.
fn network_calls(design: &Design) -> Vec<Block> {
    let mut blocks = Vec::new();
    for (index, region) in design.networked().enumerate() {
        let r = region.region.as_str();
        blocks.push(module_call(
            "network",
            r,
            "./modules/network",
            vec![
                (
                    "name",
                    template(&format!("${{var.name_prefix}}-{}", short_region(r))),
                ),
                (
                    "cidr_block",
                    string(format!("10.{}.0.0/16", 10 + index * 10)),
                ),
                (
                    "availability_zone_ids",
                    reference(&format!("var.availability_zone_ids[\"{r}\"]")),
                ),
                (
                    "nat_gateway_count",
                    call(
                        "min",
                        [
                            u64::from(region.nat_gateways).into(),
                            call(
                                "length",
                                [reference(&format!("var.availability_zone_ids[\"{r}\"]"))],
                            ),
                        ],
                    ),
                ),
                (
                    "kms_key_arn",
                    reference(&format!("module.{}.key_arn", module_name("encryption", r))),
                ),
                ("interface_endpoints", region.has_app_infrastructure.into()),
            ],
        ));
    }
    blocks
}

/// Regions that hold only backup copies (backup and restore).
fn copy_regions<'a>(design: &'a Design) -> Vec<&'a str> {
    design
        .regions
        .iter()
        .filter(|r| !r.has_live_data())
        .map(|r| r.region.as_str())
        .collect()
}

/// The backup vaults of the copy regions, as a list of their ARNs.
fn copy_vault_arns(design: &Design) -> Expression {
    crate::hcl_build::list(copy_regions(design).iter().map(|r| {
        reference(&format!(
            "module.{}.vault_arn",
            module_name("backup_vault", r)
        ))
    }))
}

/// A backup vault in each copy region, where the data home's backups are copied.
fn backup_vault_calls(design: &Design) -> Vec<Block> {
    let mut blocks = Vec::new();
    let copy_regions = copy_regions(design);
    for region in &copy_regions {
        blocks.push(module_call(
            "backup_vault",
            region,
            "./modules/backup-vault",
            vec![
                (
                    "name",
                    template(&format!("${{var.name_prefix}}-{region}-copies")),
                ),
                (
                    "kms_key_arn",
                    reference(&format!(
                        "module.{}.key_arn",
                        module_name("encryption", region)
                    )),
                ),
            ],
        ));
    }
    blocks
}

/// The data: an Aurora cluster per live-data region in one global database, or one DynamoDB
/// global table in the data home with its replicas.
fn database_calls(design: &Design) -> Vec<Block> {
    let plan = design.plan;
    let home = design.data_home().region.clone();
    let mut blocks = Vec::new();
    if design.is_aurora() {
        for region in design.regions.iter().filter(|r| r.has_live_data()) {
            let r = region.region.as_str();
            let network = module_name("network", r);
            blocks.push(module_call(
                "database",
                r,
                "./modules/database",
                vec![
                    ("name", template(&format!("${{var.name_prefix}}-{r}"))),
                    ("is_data_home", (region.region == home).into()),
                    (
                        "global_cluster_identifier",
                        if region.region == home {
                            template("${var.name_prefix}-global")
                        } else {
                            reference(&format!(
                                "module.{}.global_cluster_identifier",
                                module_name("database", &home)
                            ))
                        },
                    ),
                    ("engine_version", reference("var.database_engine_version")),
                    (
                        "instance_class",
                        string(plan.database.instance_class.as_str()),
                    ),
                    (
                        "instance_count",
                        u64::from(region.database_instances).into(),
                    ),
                    (
                        "enable_write_forwarding",
                        (region.role == RegionRole::Serving).into(),
                    ),
                    (
                        "managed_rpo_seconds",
                        plan.database
                            .managed_rpo_seconds
                            .map_or(Expression::Null, |seconds| u64::from(seconds).into()),
                    ),
                    ("vpc_id", reference(&format!("module.{network}.vpc_id"))),
                    (
                        "subnet_ids",
                        reference(&format!("module.{network}.private_subnet_ids")),
                    ),
                    (
                        "kms_key_arn",
                        reference(&format!("module.{}.key_arn", module_name("encryption", r))),
                    ),
                    (
                        "backup_copy_vault_arns",
                        if region.region == home {
                            copy_vault_arns(design)
                        } else {
                            crate::hcl_build::list([])
                        },
                    ),
                    (
                        "secret_replica_kms_key_arns",
                        string_keyed_object(
                            design
                                .regions
                                .iter()
                                .filter(|other| {
                                    region.region == home
                                        && other.region != home
                                        && other.has_live_data()
                                })
                                .map(|other| {
                                    (
                                        other.region.clone(),
                                        reference(&format!(
                                            "module.{}.key_arn",
                                            module_name("encryption", &other.region)
                                        )),
                                    )
                                }),
                        ),
                    ),
                ],
            ));
        }
    } else {
        // Left out for an on-demand table (the variable's default is null).
        let capacity =
            provisioned_capacity(design).map(|capacity| ("provisioned_capacity", capacity));
        let mut inputs = vec![
            ("name", template("${var.name_prefix}-data")),
            (
                "kms_key_arn",
                reference(&format!(
                    "module.{}.key_arn",
                    module_name("encryption", &home)
                )),
            ),
        ];
        inputs.extend(capacity.clone());
        inputs.push(("backup_copy_vault_arns", copy_vault_arns(design)));
        blocks.push(module_call("database", &home, "./modules/database", inputs));
        let table = module_name("database", &home);
        for region in design.regions.iter().filter(|r| is_replica(design, r)) {
            let r = region.region.as_str();
            // After the whole table module: a provisioned table takes replicas only once its
            // write capacity scales automatically.
            blocks.push(with_depends_on(
                module_call(
                    "replica",
                    r,
                    "./modules/replica",
                    [
                        (
                            "global_table_arn",
                            reference(&format!("module.{table}.table_arn")),
                        ),
                        (
                            "table_name",
                            reference(&format!("module.{table}.table_name")),
                        ),
                        (
                            "kms_key_arn",
                            reference(&format!("module.{}.key_arn", module_name("encryption", r))),
                        ),
                    ]
                    .into_iter()
                    .chain(capacity.clone())
                    .collect(),
                ),
                &format!("module.{table}"),
            ));
        }
    }
    blocks
}

/// A Valkey replication group per app region, where the design shares the read-after-write
/// window between tasks.
fn cache_calls(design: &Design) -> Vec<Block> {
    let mut blocks = Vec::new();
    if design.uses_cache() {
        for region in design.regions.iter().filter(|r| r.has_app_infrastructure) {
            let r = region.region.as_str();
            let network = module_name("network", r);
            blocks.push(module_call(
                "cache",
                r,
                "./modules/cache",
                vec![
                    (
                        "name",
                        template(&format!("${{var.name_prefix}}-{}", short_region(r))),
                    ),
                    ("vpc_id", reference(&format!("module.{network}.vpc_id"))),
                    (
                        "subnet_ids",
                        reference(&format!("module.{network}.private_subnet_ids")),
                    ),
                    (
                        "kms_key_arn",
                        reference(&format!("module.{}.key_arn", module_name("encryption", r))),
                    ),
                ],
            ));
        }
    }
    blocks
}

/// The app per region with app infrastructure: load balancer, ECS service, its environment
/// and its access to the data and the cache.
fn app_calls(design: &Design) -> Vec<Block> {
    let plan = design.plan;
    let home = design.data_home().region.clone();
    let engine = modules::database::aurora_engine(plan.database.engine);
    let database_port: u64 = if design.is_aurora() { engine.port } else { 443 };
    let mut blocks = Vec::new();
    let memory_mib = (plan.app.memory_gb * 1024.0).round() as u64;
    let cpu_units = (plan.app.vcpu * 1024.0).round() as u64;
    for region in design.regions.iter().filter(|r| r.has_app_infrastructure) {
        let r = region.region.as_str();
        let network = module_name("network", r);
        let mut inputs = vec![
            (
                "name",
                template(&format!("${{var.name_prefix}}-{}", short_region(r))),
            ),
            ("vpc_id", reference(&format!("module.{network}.vpc_id"))),
            (
                "vpc_cidr_block",
                reference(&format!("module.{network}.vpc_cidr_block")),
            ),
            (
                "public_subnet_ids",
                reference(&format!("module.{network}.public_subnet_ids")),
            ),
            (
                "private_subnet_ids",
                reference(&format!("module.{network}.private_subnet_ids")),
            ),
            ("database_port", database_port.into()),
            (
                "kms_key_arn",
                reference(&format!("module.{}.key_arn", module_name("encryption", r))),
            ),
            (
                "certificate_arn",
                call(
                    "lookup",
                    [
                        reference("var.certificate_arns"),
                        string(r),
                        Expression::Null,
                    ],
                ),
            ),
            ("container_image", container_image(design, r)),
            ("domain_name", reference("var.domain_name")),
            ("hosted_zone_id", reference("var.hosted_zone_id")),
            ("container_port", reference("var.container_port")),
            ("health_check_path", reference("var.health_check_path")),
            (
                "access_logs_bucket",
                call(
                    "lookup",
                    [
                        reference("var.load_balancer_access_logs_buckets"),
                        string(r),
                        Expression::Null,
                    ],
                ),
            ),
            (
                "environment",
                string_keyed_object(
                    design
                        .app_environment
                        .get(r)
                        .into_iter()
                        .flatten()
                        .map(|(name, value)| (name.clone(), environment_value(design, r, value))),
                ),
            ),
            ("task_cpu", cpu_units.into()),
            ("task_memory", memory_mib.into()),
            ("min_tasks", u64::from(region.app_tasks).into()),
            ("max_tasks", u64::from(region.app_max_tasks).into()),
        ];
        if design.uses_cache() {
            inputs.push(("uses_cache", true.into()));
            inputs.push((
                "cache_security_group_id",
                reference(&format!(
                    "module.{}.security_group_id",
                    module_name("cache", r)
                )),
            ));
        }
        let home_database = module_name("database", &home);
        if design.is_aurora() {
            inputs.push(("reads_database_secret", true.into()));
            inputs.push((
                "database_security_group_id",
                reference(&format!(
                    "module.{}.security_group_id",
                    module_name("database", r)
                )),
            ));
            inputs.push((
                "database_secret_arn",
                in_region(
                    design,
                    reference(&format!("module.{home_database}.app_user_secret_arn")),
                    r,
                ),
            ));
        } else {
            inputs.push(("uses_dynamodb_table", true.into()));
            let table = if is_replica(design, region) {
                module_name("replica", r)
            } else {
                home_database.clone()
            };
            inputs.push((
                "dynamodb_table_arn",
                reference(&format!("module.{table}.table_arn")),
            ));
        }
        blocks.push(module_call("app", r, "./modules/app", inputs));
    }
    blocks
}

/// CloudWatch alarms per networked region: load balancer, Aurora or DynamoDB replication.
fn monitoring_calls(design: &Design) -> Vec<Block> {
    let home = design.data_home().region.clone();
    let mut blocks = Vec::new();
    for region in design.networked() {
        let r = region.region.as_str();
        let mut inputs = vec![
            ("name", template(&format!("${{var.name_prefix}}-{r}"))),
            (
                "kms_key_arn",
                reference(&format!("module.{}.key_arn", module_name("encryption", r))),
            ),
            ("alarm_email", reference("var.alarm_email")),
            ("is_primary", region.is_primary().into()),
            (
                "replication_lag_threshold_ms",
                u64::from(design.replication_lag_threshold_ms).into(),
            ),
        ];
        if region.has_app_infrastructure {
            inputs.push(("has_load_balancer", true.into()));
            inputs.push((
                "alb_arn_suffix",
                reference(&format!("module.{}.alb_arn_suffix", module_name("app", r))),
            ));
        }
        if design.is_aurora() && region.has_live_data() {
            inputs.push(("has_aurora_cluster", true.into()));
            inputs.push((
                "aurora_cluster_identifier",
                reference(&format!(
                    "module.{}.cluster_identifier",
                    module_name("database", r)
                )),
            ));
        }
        if !design.is_aurora() && region.region == home {
            inputs.push(("watches_dynamodb_replication", true.into()));
            inputs.push((
                "dynamodb_table_name",
                reference(&format!("module.{}.table_name", module_name("database", r))),
            ));
            inputs.push((
                "dynamodb_replica_regions",
                crate::hcl_build::strings(
                    design
                        .regions
                        .iter()
                        .filter(|d| d.region != home && d.has_live_data())
                        .map(|d| d.region.as_str()),
                ),
            ));
        }
        blocks.push(module_call("monitoring", r, "./modules/monitoring", inputs));
    }
    blocks
}

/// The global entry point: Route 53 records with health checks, or Global Accelerator.
fn routing_call(design: &Design) -> Block {
    let plan = design.plan;
    let endpoints: Vec<(String, Expression)> = design
        .endpoints()
        .into_iter()
        .map(|(region, role, dial)| {
            let app = module_name("app", &region.region);
            (
                region.region.clone(),
                object([
                    ("alb_arn", reference(&format!("module.{app}.alb_arn"))),
                    (
                        "alb_dns_name",
                        reference(&format!("module.{app}.alb_dns_name")),
                    ),
                    (
                        "alb_zone_id",
                        reference(&format!("module.{app}.alb_zone_id")),
                    ),
                    ("role", string(role)),
                    ("traffic_dial_percentage", dial.into()),
                ]),
            )
        })
        .collect();
    let mut routing = block("module")
        .add_label("routing")
        .add_attribute(("source", string("./modules/routing")));
    let providers = vec![
        ("aws", reference(&design.routing_provider())),
        ("aws.us_east_1", reference(&provider("us-east-1"))),
    ];
    routing = routing
        .add_attribute(("providers", provider_map(providers)))
        .add_attribute(("name", template("${var.name_prefix}-app")))
        .add_attribute(("domain_name", reference("var.domain_name")))
        .add_attribute(("hosted_zone_id", reference("var.hosted_zone_id")))
        .add_attribute(("endpoints", string_keyed_object(endpoints)))
        .add_attribute(("health_check_path", reference("var.health_check_path")))
        .add_attribute((
            "health_check_interval_seconds",
            u64::from(plan.health_check.interval_seconds),
        ))
        .add_attribute((
            "health_check_failure_threshold",
            u64::from(plan.health_check.failure_threshold),
        ));
    routing = routing.add_attribute((
        "alarm_kms_key_arn",
        reference(&format!(
            "module.{}.key_arn",
            module_name("encryption", "us-east-1")
        )),
    ));
    routing.build()
}

/// The automated failover of an Aurora global database, in the standby it promotes.
fn failover_call(design: &Design) -> Option<Block> {
    let plan = design.plan;
    let primary = design.primary().region.clone();
    let home = design.data_home().region.clone();
    let target = design.failover_target()?;
    let database = |region: &str| module_name("database", region);
    let members = crate::hcl_build::list(
        design
            .regions
            .iter()
            .filter(|r| r.has_live_data())
            .map(|r| reference(&format!("module.{}.cluster_arn", database(&r.region)))),
    );
    Some(module_call(
        "failover",
        &target.region,
        "./modules/failover",
        vec![
            ("name", template("${var.name_prefix}-failover")),
            (
                "global_cluster_identifier",
                reference(&format!(
                    "module.{}.global_cluster_identifier",
                    database(&home)
                )),
            ),
            (
                "global_cluster_arn",
                reference(&format!("module.{}.global_cluster_arn", database(&home))),
            ),
            ("member_cluster_arns", members),
            (
                "target_cluster_arn",
                reference(&format!("module.{}.cluster_arn", database(&target.region))),
            ),
            (
                "target_cluster_identifier",
                reference(&format!(
                    "module.{}.cluster_identifier",
                    database(&target.region)
                )),
            ),
            ("primary_region", string(primary.as_str())),
            (
                "primary_cluster_identifier",
                reference(&format!("module.{}.cluster_identifier", database(&primary))),
            ),
            (
                "probe_host",
                reference(&format!(
                    "module.{}.alb_dns_name",
                    module_name("app", &primary)
                )),
            ),
            ("domain_name", reference("var.domain_name")),
            ("health_check_path", reference("var.health_check_path")),
            (
                "instance_class",
                string(plan.database.instance_class.as_str()),
            ),
            (
                "max_data_loss_seconds",
                u64::from(max_data_loss_seconds(plan)).into(),
            ),
            (
                "kms_key_arn",
                reference(&format!(
                    "module.{}.key_arn",
                    module_name("encryption", &target.region)
                )),
            ),
        ],
    ))
}

/// The image a region's tasks run: `container_images[region]` if set, else `container_image`
/// with the data home's ECR host swapped for the region's (its replica there).
fn container_image(design: &Design, region: &str) -> Expression {
    let home = design.data_home().region.as_str();
    let replica = if region == home {
        reference("var.container_image")
    } else {
        call(
            "replace",
            [
                reference("var.container_image"),
                string(format!(".dkr.ecr.{home}.amazonaws.com/")),
                string(format!(".dkr.ecr.{region}.amazonaws.com/")),
            ],
        )
    };
    call(
        "lookup",
        [reference("var.container_images"), string(region), replica],
    )
}

/// ECR replication of the app's repository from the data home (where the team pushes images;
/// like the data, it stays put when the primary moves) to every other app region, so each
/// region pulls its image locally (through its VPC endpoints, without NAT).
fn image_replication(design: &Design) -> Vec<Block> {
    let home = design.data_home().region.as_str();
    let others: Vec<&str> = design
        .regions
        .iter()
        .filter(|r| r.has_app_infrastructure && r.region != home)
        .map(|r| r.region.as_str())
        .collect();
    if others.is_empty() {
        return Vec::new();
    }
    let pattern = format!(
        "^[0-9]{{12}}\\.dkr\\.ecr\\.{}\\.amazonaws\\.com/([^:@]+)",
        home
    );
    let mut rule = block("rule");
    for region in &others {
        rule = rule.add_block(
            block("destination")
                .add_attribute(("region", string(*region)))
                .add_attribute((
                    "registry_id",
                    reference("data.aws_caller_identity.current.account_id"),
                ))
                .build(),
        );
    }
    rule = rule.add_block(
        block("repository_filter")
            .add_attribute(("filter", reference("local.ecr_repository")))
            .add_attribute(("filter_type", string("PREFIX_MATCH")))
            .build(),
    );
    vec![
        block("locals")
            .add_attribute((
                "ecr_repository",
                call(
                    "try",
                    [
                        Expression::from(hcl::expr::Traversal::new(
                            call("regex", [string(pattern), reference("var.container_image")]),
                            [hcl::expr::TraversalOperator::Index(0u64.into())],
                        )),
                        Expression::Null,
                    ],
                ),
            ))
            .build(),
        crate::hcl_build::data("aws_caller_identity", "current")
            .add_attribute(("provider", reference(&provider(home))))
            .build(),
        crate::hcl_build::resource("aws_ecr_replication_configuration", "container_image")
            .add_attribute(("provider", reference(&provider(home))))
            .add_attribute((
                "count",
                crate::hcl_build::conditional(
                    crate::hcl_build::and(
                        reference("var.ecr_replication"),
                        crate::hcl_build::not_equals(
                            reference("local.ecr_repository"),
                            Expression::Null,
                        ),
                    ),
                    1u64.into(),
                    0u64.into(),
                ),
            ))
            .add_block(
                block("replication_configuration")
                    .add_block(rule.build())
                    .build(),
            )
            .build(),
    ]
}

/// The data loss the failover function may accept: the plan's RPO target, else
/// [`DEFAULT_MAX_DATA_LOSS_SECONDS`].
pub fn max_data_loss_seconds(plan: &Plan) -> u32 {
    plan.targets
        .as_ref()
        .and_then(|targets| targets.rpo_seconds)
        .unwrap_or(DEFAULT_MAX_DATA_LOSS_SECONDS)
        .max(1)
}

/// Without an RPO target, an automated failover accepts at most a minute of writes.
pub const DEFAULT_MAX_DATA_LOSS_SECONDS: u32 = 60;

/// `providers = { aws = aws.us_east_1 }`: keys are provider references, not strings.
fn provider_map(entries: Vec<(&str, Expression)>) -> Expression {
    let mut object = hcl::Object::new();
    for (key, value) in entries {
        object.insert(hcl::ObjectKey::Expression(reference(key)), value);
    }
    Expression::Object(object)
}

/// Whether `region` holds a replica of a DynamoDB plan's table: it keeps live data and is not
/// the data home, where the table itself is.
fn is_replica(design: &Design, region: &RegionDeployment) -> bool {
    !design.is_aurora() && region.has_live_data() && region.region != design.data_home().region
}

/// The `provisioned_capacity` of a DynamoDB plan's table: the estimate's capacity units (see
/// [`planner::capacity`]); none for an on-demand table.
fn provisioned_capacity(design: &Design) -> Option<Expression> {
    planner::capacity::provisioned(design.plan, &design.regions).map(|capacity| {
        object([
            ("read_units", u64::from(capacity.read_units).into()),
            ("write_units", u64::from(capacity.write_units).into()),
            (
                "max_read_units",
                u64::from(capacity.max_read_units()).into(),
            ),
            (
                "max_write_units",
                u64::from(capacity.max_write_units()).into(),
            ),
        ])
    })
}

/// `call` with `depends_on = [after]`.
fn with_depends_on(mut call: Block, after: &str) -> Block {
    call.body
        .0
        .push(hcl::Attribute::new("depends_on", crate::hcl_build::list([reference(after)])).into());
    call
}

fn module_call(module: &str, region: &str, source: &str, inputs: Vec<(&str, Expression)>) -> Block {
    let mut builder = block("module")
        .add_label(module_name(module, region))
        .add_attribute(("source", string(source)))
        .add_attribute((
            "providers",
            provider_map(vec![("aws", reference(&provider(region)))]),
        ));
    for (name, value) in inputs {
        builder = builder.add_attribute((name, value));
    }
    builder.build()
}

fn outputs(design: &Design) -> Vec<Block> {
    let mut blocks = Vec::new();
    let primary = design.primary().region.clone();
    let live: Vec<&RegionDeployment> = design
        .regions
        .iter()
        .filter(|r| r.has_live_data())
        .collect();
    let home = design.data_home().region.clone();
    if design.is_aurora() {
        let database = module_name("database", &home);
        blocks.push(output(
            "database_global_cluster_identifier",
            "The Aurora global cluster (switchover and failover commands take it).",
            reference(&format!("module.{database}.global_cluster_identifier")),
            false,
        ));
        blocks.push(output(
            rwsplit::outputs::GLOBAL_WRITER_ENDPOINT,
            "The global database's writer endpoint: it follows the writer through switchovers and failovers (the app config writes here).",
            reference(&format!("module.{database}.global_writer_endpoint")),
            false,
        ));
        blocks.push(output("database_writer_endpoint", "The primary cluster's writer endpoint; after a failover, the new primary's (see the README).", reference(&format!("module.{}.writer_endpoint", module_name("database", &primary))), false));
        blocks.push(output(rwsplit::outputs::MASTER_USER_SECRET_ARN, "Secrets Manager secret with the master credentials, replicated to the standby regions (generated at apply time; never in this bundle, the plan or the state).", reference(&format!("module.{database}.master_user_secret_arn")), false));
        blocks.push(output(rwsplit::outputs::APP_USER_SECRET_ARN, "Secrets Manager secret with the app user's credentials, replicated to the standby regions: the app's DATABASE_PASSWORD (the README's first step creates the user).", reference(&format!("module.{database}.app_user_secret_arn")), false));
        blocks.push(output(
            rwsplit::outputs::READER_ENDPOINTS,
            "Each region's reader endpoint, keyed by region: reads stay in the region.",
            string_keyed_object(live.iter().map(|r| {
                (
                    r.region.clone(),
                    reference(&format!(
                        "module.{}.reader_endpoint",
                        module_name("database", &r.region)
                    )),
                )
            })),
            false,
        ));
        blocks.push(output(
            "database_cluster_arns",
            "Each region's cluster ARN, keyed by region (switchover and failover targets).",
            string_keyed_object(live.iter().map(|r| {
                (
                    r.region.clone(),
                    reference(&format!(
                        "module.{}.cluster_arn",
                        module_name("database", &r.region)
                    )),
                )
            })),
            false,
        ));
    } else {
        blocks.push(output(
            rwsplit::outputs::DYNAMODB_TABLE_NAME,
            "The global table, the same name in every region.",
            reference(&format!(
                "module.{}.table_name",
                module_name("database", &home)
            )),
            false,
        ));
        blocks.push(output(
            "dynamodb_regions",
            "Regions holding a replica the app can read and write locally.",
            crate::hcl_build::strings(live.iter().map(|r| r.region.as_str())),
            false,
        ));
    }
    let app_regions: Vec<&RegionDeployment> = design
        .regions
        .iter()
        .filter(|r| r.has_app_infrastructure)
        .collect();
    if design.uses_cache() {
        blocks.push(output(
            rwsplit::outputs::REDIS_ENDPOINTS,
            "Each region's Valkey primary endpoint, keyed by region (TLS, port 6379): the app's REDIS_URL.",
            string_keyed_object(design.regions.iter().filter(|r| r.has_app_infrastructure).map(|r| {
                (
                    r.region.clone(),
                    reference(&format!("module.{}.primary_endpoint", module_name("cache", &r.region))),
                )
            })),
            false,
        ));
    }
    blocks.push(output(
        "load_balancer_dns_names",
        "Each region's load balancer, keyed by region.",
        string_keyed_object(app_regions.iter().map(|r| {
            (
                r.region.clone(),
                reference(&format!(
                    "module.{}.alb_dns_name",
                    module_name("app", &r.region)
                )),
            )
        })),
        false,
    ));
    blocks.push(output(
        "ecs_services",
        "Each region's ECS cluster and service, keyed by region (the runbook scales them).",
        string_keyed_object(app_regions.iter().map(|r| {
            let app = module_name("app", &r.region);
            (
                r.region.clone(),
                object([
                    ("cluster", reference(&format!("module.{app}.cluster_name"))),
                    ("service", reference(&format!("module.{app}.service_name"))),
                ]),
            )
        })),
        false,
    ));
    blocks.push(output(
        "alarm_topic_arns",
        "Each region's alarm topic, keyed by region: subscribe your pager.",
        string_keyed_object(design.networked().map(|r| {
            (
                r.region.clone(),
                reference(&format!(
                    "module.{}.alarm_topic_arn",
                    module_name("monitoring", &r.region)
                )),
            )
        })),
        false,
    ));
    blocks.push(output(
        "health_alarm_topic_arn",
        "SNS topic (us-east-1) of the Route 53 health-check alarms: subscribe your pager.",
        reference("module.routing.health_alarm_topic_arn"),
        false,
    ));
    if let Some(target) = design.failover_target() {
        blocks.push(output(
            "failover_decisions_topic_arn",
            "SNS topic that receives every decision of the automated failover (subscribe your pager).",
            reference(&format!(
                "module.{}.decisions_topic_arn",
                module_name("failover", &target.region)
            )),
            false,
        ));
    }
    let routing_output = match design.routing {
        Routing::GlobalAccelerator => (
            "endpoint_group_arns",
            "Global Accelerator endpoint group of each region (the runbook turns their traffic dials).",
        ),
        _ => ("health_check_ids", "Route 53 health check of each region."),
    };
    blocks.push(output(
        routing_output.0,
        routing_output.1,
        reference(&format!("module.routing.{}", routing_output.0)),
        false,
    ));
    blocks
}

/// The region the example state bucket lives in: one the plan recovers into (the first other
/// region with live data), so the state is readable while the primary region is down.
pub fn state_region<'a>(design: &'a Design<'a>) -> &'a str {
    design
        .regions
        .iter()
        .find(|region| !region.is_primary() && region.has_live_data())
        .or_else(|| design.regions.iter().find(|region| !region.is_primary()))
        .map_or(design.primary().region.as_str(), |region| {
            region.region.as_str()
        })
}

/// `backend.tf.example`: remote state in S3 with S3's native lock file (Terraform >= 1.10),
/// for the team to fill in and rename to `backend.tf`.
fn backend_example(design: &Design) -> String {
    let body = hcl::Body::builder()
        .add_block(
            block("terraform")
                .add_block(
                    block("backend")
                        .add_label("s3")
                        .add_attribute(("bucket", "REPLACE-with-your-state-bucket"))
                        .add_attribute((
                            "key",
                            format!(
                                "regionwise/{}/terraform.tfstate",
                                name_prefix(&design.plan.name)
                            ),
                        ))
                        .add_attribute(("region", state_region(design)))
                        .add_attribute(("encrypt", true))
                        .add_attribute(("use_lockfile", true))
                        .build(),
                )
                .build(),
        )
        .build();
    format!(
        "# Remote state: copy to backend.tf, name an existing versioned S3 bucket, then run\n# `terraform init -migrate-state`. The bucket is in {}, not the primary region, so the\n# state (and `terraform output`, which the runbook uses) stays readable during its outage.\n{}",
        state_region(design),
        crate::format::terraform_fmt(&body)
    )
}

fn tfvars_example(design: &Design) -> String {
    let body = hcl::Body::builder()
        .add_attribute(("domain_name", "app.example.com"))
        .add_attribute(("hosted_zone_id", "Z0123456789ABCDEFGHIJ"))
        .add_attribute((
            "container_image",
            format!(
                "123456789012.dkr.ecr.{}.amazonaws.com/app:1.0.0",
                design.primary().region
            ),
        ))
        .add_attribute(("alarm_email", "oncall@example.com"))
        .build();
    crate::format::terraform_fmt(&body)
}

/// A piece of an app config value: literal text, a Terraform output (`{{terraform:NAME}}` or
/// `{{terraform:NAME[KEY]}}`), or a value the team sets (`{{set:NAME}}`).
enum Part {
    Text(String),
    Output(String, Option<String>),
    Team(String),
}

fn placeholders(value: &str) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut rest = value;
    while let Some(start) = rest.find("{{") {
        let Some(length) = rest[start..].find("}}") else {
            break;
        };
        let inner = &rest[start + 2..start + length];
        let part = if let Some(output) = inner.strip_prefix("terraform:") {
            match output.split_once('[') {
                Some((name, key)) => {
                    Part::Output(name.to_owned(), Some(key.trim_end_matches(']').to_owned()))
                }
                None => Part::Output(output.to_owned(), None),
            }
        } else if let Some(name) = inner.strip_prefix("set:") {
            Part::Team(name.to_owned())
        } else {
            Part::Text(rest[start..start + length + 2].to_owned())
        };
        parts.push(Part::Text(rest[..start].to_owned()));
        parts.push(part);
        rest = &rest[start + length + 2..];
    }
    parts.push(Part::Text(rest.to_owned()));
    parts
}

/// The Terraform expression of the app config output `name` (entry `key` of a map output).
fn output_reference(design: &Design, name: &str, key: Option<&str>) -> Option<String> {
    let home = &design.data_home().region;
    let module = |region: &str| module_name("database", region);
    Some(match (name, key) {
        (rwsplit::outputs::GLOBAL_WRITER_ENDPOINT, None) => {
            format!("module.{}.global_writer_endpoint", module(home))
        }
        (rwsplit::outputs::MASTER_USER_SECRET_ARN, None) => {
            format!("module.{}.master_user_secret_arn", module(home))
        }
        (rwsplit::outputs::APP_USER_SECRET_ARN, None) => {
            format!("module.{}.app_user_secret_arn", module(home))
        }
        (rwsplit::outputs::DYNAMODB_TABLE_NAME, None) => {
            format!("module.{}.table_name", module(home))
        }
        (rwsplit::outputs::READER_ENDPOINTS, Some(region)) => {
            format!("module.{}.reader_endpoint", module(region))
        }
        (rwsplit::outputs::REDIS_ENDPOINTS, Some(region)) => {
            format!("module.{}.primary_endpoint", module_name("cache", region))
        }
        _ => return None,
    })
}

/// An app config value as a Terraform template: outputs interpolated, team settings looked up
/// in the root variable of their name for `region`, literal text escaped.
fn environment_value(design: &Design, region: &str, value: &str) -> Expression {
    let team = |name: &str| format!("var.{name}[\"{region}\"]");
    let parts: Vec<Part> = placeholders(value)
        .into_iter()
        .filter(|part| !matches!(part, Part::Text(text) if text.is_empty()))
        .collect();
    // A value that is one reference is written as the reference (`terraform fmt`'s form).
    match parts.as_slice() {
        [Part::Team(name)] => return reference(&team(name)),
        [Part::Output(name, key)] => {
            if let Some(output) = output_reference(design, name, key.as_deref()) {
                return reference(&output);
            }
        }
        _ => {}
    }
    let mut text = String::new();
    for part in placeholders(value) {
        match part {
            Part::Text(literal) => text.push_str(&template_literal(&literal)),
            Part::Output(name, key) => match output_reference(design, &name, key.as_deref()) {
                Some(reference) => text.push_str(&format!("${{{reference}}}")),
                None => text.push_str(&format!("{{{{terraform:{name}}}}}")),
            },
            Part::Team(name) => text.push_str(&format!("${{{}}}", team(&name))),
        }
    }
    template(&text)
}

/// `literal` as text inside a quoted HCL template: backslashes, quotes, newlines and the
/// `${` / `%{` openers escaped, so it stays literal text whatever it holds.
fn template_literal(literal: &str) -> String {
    let mut escaped = String::with_capacity(literal.len());
    for character in literal.chars() {
        match character {
            '\\' => escaped.push_str("\\\\"),
            '"' => escaped.push_str("\\\""),
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            '\t' => escaped.push_str("\\t"),
            other => escaped.push(other),
        }
    }
    escaped.replace("${", "$${").replace("%{", "%%{")
}

/// `arn` with its region swapped for `region`: a secret replica or a global table replica has
/// the data home's ARN in another region.
fn in_region(design: &Design, arn: Expression, region: &str) -> Expression {
    let home = design.data_home().region.as_str();
    if region == home {
        return arn;
    }
    call(
        "replace",
        [
            arn,
            string(format!(":{home}:")),
            string(format!(":{region}:")),
        ],
    )
}

#[cfg(test)]
mod template_literal_tests {
    #[test]
    fn any_text_stays_one_literal_inside_a_template() {
        for text in [
            "a\"b",
            "c\\d",
            "${var.x}",
            "%{ if true }",
            "line\nbreak",
            "$${x}",
        ] {
            let source = format!("x = \"{}\"\n", super::template_literal(text));
            let body: hcl::Body = hcl::parse(&source).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            let value = hcl::eval::Evaluate::evaluate(
                body.attributes().next().unwrap().expr(),
                &hcl::eval::Context::new(),
            )
            .unwrap();
            assert_eq!(value, hcl::Value::from(text), "{text:?}");
        }
    }
}
