//! A Terraform module as the generator builds it — resources, variables, outputs — and the
//! blocks every module repeats: `variable`, `output`, `terraform { required_providers }`.

use hcl::expr::Expression;
use hcl::{Block, Body};

use crate::format::terraform_fmt;
use crate::hcl_build::{block, call, reference, string};

/// The AWS provider versions the bundle is written for: 5.100 (the schema the tests check
/// against) up to the next major release after 6.
pub const AWS_PROVIDER_VERSION: &str = ">= 5.100.0, < 7.0.0";
/// The Terraform versions the bundle uses features of: ephemeral resources (1.10) and
/// write-only arguments (1.11) keep the database password out of plan and state.
pub const TERRAFORM_VERSION: &str = ">= 1.11.0";

/// One module's files, as blocks.
#[derive(Default)]
pub struct Module {
    pub main: Vec<Block>,
    pub variables: Vec<Block>,
    pub outputs: Vec<Block>,
    /// Provider aliases the module expects from its caller (`us_east_1`).
    pub configuration_aliases: Vec<String>,
    /// Checkov checks a resource does not meet on purpose: (`TYPE.NAME`, check id, reason),
    /// written as `#checkov:skip=ID:reason` comments inside the resource.
    pub skips: Vec<(String, &'static str, &'static str)>,
    /// Files other than Terraform the module ships (a function's source), by name.
    pub extra_files: Vec<(&'static str, &'static str)>,
    /// Files that are not text (a function's zip), by name.
    pub binary_files: Vec<(&'static str, Vec<u8>)>,
}

impl Module {
    pub fn resource(&mut self, block: Block) -> &mut Self {
        self.main.push(block);
        self
    }

    pub fn variable(&mut self, variable: Variable) -> &mut Self {
        self.variables.push(variable.into_block());
        self
    }

    /// Records that `resource` (`aws_lb.this`) does not meet checkov's `check`, and why.
    pub fn skip(&mut self, resource: &str, check: &'static str, reason: &'static str) -> &mut Self {
        self.skips.push((resource.to_owned(), check, reason));
        self
    }

    pub fn output(&mut self, name: &str, description: &str, value: Expression) -> &mut Self {
        self.outputs.push(output(name, description, value, false));
        self
    }

    /// The module's files under `dir` (`modules/network/main.tf`, …), in canonical form.
    pub fn files(&self, dir: &str) -> Vec<(String, String)> {
        let mut files = vec![
            (
                format!("{dir}/main.tf"),
                render_with_skips(&self.main, &self.skips),
            ),
            (format!("{dir}/variables.tf"), render(&self.variables)),
            (format!("{dir}/outputs.tf"), render(&self.outputs)),
            (
                format!("{dir}/versions.tf"),
                render(&[versions_block(false, &self.configuration_aliases)]),
            ),
        ];
        files.retain(|(_, text)| !text.is_empty());
        for (name, text) in &self.extra_files {
            files.push((format!("{dir}/{name}"), (*text).to_owned()));
        }
        files
    }

    /// The module's binary files under `dir`.
    pub fn binary_files(&self, dir: &str) -> Vec<(String, Vec<u8>)> {
        self.binary_files
            .iter()
            .map(|(name, bytes)| (format!("{dir}/{name}"), bytes.clone()))
            .collect()
    }
}

/// Blocks as one file, with no checkov skips.
pub fn render(blocks: &[Block]) -> String {
    render_with_skips(blocks, &[])
}

/// Blocks as one file, each top-level block separated by a blank line, with each resource's
/// checkov skips as comments on its first lines.
pub fn render_with_skips(
    blocks: &[Block],
    skips: &[(String, &'static str, &'static str)],
) -> String {
    let mut text = String::new();
    for (index, block) in blocks.iter().enumerate() {
        if index > 0 {
            text.push('\n');
        }
        let rendered = terraform_fmt(&Body::builder().add_block(block.clone()).build());
        let address = match (block.identifier.as_str(), block.labels.as_slice()) {
            ("resource", [kind, name]) => format!("{}.{}", kind.as_str(), name.as_str()),
            _ => String::new(),
        };
        let comments: String = skips
            .iter()
            .filter(|(resource, _, _)| *resource == address)
            .map(|(_, check, reason)| format!("  #checkov:skip={check}:{reason}\n"))
            .collect();
        match rendered.split_once('\n') {
            Some((header, rest)) if !comments.is_empty() => {
                text.push_str(header);
                text.push('\n');
                text.push_str(&comments);
                text.push_str(rest);
            }
            _ => text.push_str(&rendered),
        }
    }
    text
}

/// `terraform { required_version? required_providers { aws = {…} } }`: the AWS provider is
/// the only one a bundle needs, so a locked-down network or a private mirror has one to fetch.
pub fn versions_block(root: bool, configuration_aliases: &[String]) -> Block {
    let mut aws = vec![
        ("source", string("hashicorp/aws")),
        ("version", string(AWS_PROVIDER_VERSION)),
    ];
    if !configuration_aliases.is_empty() {
        aws.push((
            "configuration_aliases",
            crate::hcl_build::list(
                configuration_aliases
                    .iter()
                    .map(|alias| reference(&format!("aws.{alias}"))),
            ),
        ));
    }
    let providers =
        block("required_providers").add_attribute(("aws", crate::hcl_build::object(aws)));
    let mut terraform = block("terraform");
    if root {
        terraform = terraform.add_attribute(("required_version", string(TERRAFORM_VERSION)));
    }
    terraform.add_block(providers.build()).build()
}

/// `output "NAME" { description value sensitive? }`.
pub fn output(name: &str, description: &str, value: Expression, sensitive: bool) -> Block {
    let mut builder = Block::builder("output")
        .add_label(name)
        .add_attribute(("description", string(description)))
        .add_attribute(("value", value));
    if sensitive {
        builder = builder.add_attribute(("sensitive", true));
    }
    builder.build()
}

/// A `variable` block under construction.
pub struct Variable {
    name: String,
    kind: Expression,
    description: String,
    default: Option<Expression>,
    nullable: Option<bool>,
    validations: Vec<(Expression, String)>,
}

impl Variable {
    /// `kind` is a Terraform type: `string`, `number`, `bool`, `list(string)`, `map(string)`.
    pub fn new(name: &str, kind: &str, description: &str) -> Variable {
        Variable {
            name: name.to_owned(),
            kind: type_expression(kind),
            description: description.to_owned(),
            default: None,
            nullable: None,
            validations: Vec::new(),
        }
    }

    pub fn default(mut self, value: impl Into<Expression>) -> Variable {
        self.default = Some(value.into());
        self
    }

    /// An optional value: `default = null`.
    pub fn optional(mut self) -> Variable {
        self.default = Some(Expression::Null);
        self.nullable = Some(true);
        self
    }

    pub fn validate(mut self, condition: Expression, error_message: &str) -> Variable {
        self.validations.push((condition, error_message.to_owned()));
        self
    }

    fn into_block(self) -> Block {
        let mut builder = Block::builder("variable")
            .add_label(self.name)
            .add_attribute(("description", string(self.description)))
            .add_attribute(("type", self.kind));
        if let Some(default) = self.default {
            builder = builder.add_attribute(("default", default));
        }
        if let Some(nullable) = self.nullable {
            builder = builder.add_attribute(("nullable", nullable));
        }
        for (condition, message) in self.validations {
            builder = builder.add_block(
                block("validation")
                    .add_attribute(("condition", condition))
                    .add_attribute(("error_message", string(message)))
                    .build(),
            );
        }
        builder.build()
    }
}

fn type_expression(kind: &str) -> Expression {
    match kind.split_once('(') {
        Some((outer, inner)) => call(outer, [type_expression(inner.trim_end_matches(')'))]),
        None => reference(kind),
    }
}
