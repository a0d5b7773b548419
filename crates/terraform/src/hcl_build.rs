//! Small constructors for the HCL that hcl-rs builds: references, strings, calls, lists and
//! objects, so the modules read close to the Terraform they produce.
//!
//! Every value that comes from a plan enters as [`string`] (an HCL string literal, which
//! hcl-rs escapes, `${` and `%{` included); [`template`] is only for interpolations written in
//! this crate.

use hcl::expr::{
    BinaryOp, BinaryOperator, Conditional, Expression, FuncCall, ObjectKey, TemplateExpr,
    Traversal, TraversalOperator, Variable,
};
use hcl::{Block, BlockBuilder, Identifier, Object};

/// A reference such as `var.name`, `aws_vpc.this.id` or `module.network_us_east_1.vpc_id`;
/// `[…]` after a segment indexes it (`aws_subnet.private[0].id`,
/// `names[count.index]`, `this[count.index % var.count]`), `[*]` splats it.
pub fn reference(path: &str) -> Expression {
    let segments = split_outside_brackets(path);
    let mut operators = Vec::new();
    let mut root = "";
    for (position, segment) in segments.iter().enumerate() {
        let (name, indexes) = split_index(segment);
        if position == 0 {
            root = name;
        } else {
            operators.push(TraversalOperator::GetAttr(Identifier::unchecked(name)));
        }
        operators.extend(indexes);
    }
    let variable = Expression::Variable(Variable::unchecked(root));
    if operators.is_empty() {
        variable
    } else {
        Expression::from(Traversal::new(variable, operators))
    }
}

/// Splits `a.b[c.d].e` at the dots that are not inside brackets.
fn split_outside_brackets(path: &str) -> Vec<&str> {
    let mut segments = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (index, character) in path.char_indices() {
        match character {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '.' if depth == 0 => {
                segments.push(&path[start..index]);
                start = index + 1;
            }
            _ => {}
        }
    }
    segments.push(&path[start..]);
    segments
}

fn split_index(segment: &str) -> (&str, Vec<TraversalOperator>) {
    let Some(open) = segment.find('[') else {
        return (segment, Vec::new());
    };
    let name = &segment[..open];
    let mut operators = Vec::new();
    let mut rest = &segment[open..];
    while let Some(inner) = rest.strip_prefix('[') {
        let close = inner.find(']').unwrap_or(inner.len());
        let index = inner[..close].trim();
        operators.push(match index {
            "*" => TraversalOperator::FullSplat,
            _ => TraversalOperator::Index(index_expression(index)),
        });
        rest = inner.get(close + 1..).unwrap_or("");
    }
    (name, operators)
}

/// A number, a reference, or `reference % reference`.
fn index_expression(index: &str) -> Expression {
    if let Ok(number) = index.parse::<u64>() {
        return Expression::from(number);
    }
    match index.split_once(" % ") {
        Some((left, right)) => Expression::from(BinaryOp::new(
            index_expression(left),
            BinaryOperator::Mod,
            index_expression(right),
        )),
        None => reference(index),
    }
}

/// An HCL string literal: any text, escaped so that it stays one literal.
pub fn string(text: impl Into<String>) -> Expression {
    Expression::String(text.into())
}

/// A quoted template with interpolations written in this crate (`"${var.name}-alb"`).
/// A template that is one interpolation and nothing else becomes the bare reference, as
/// `terraform fmt` rewrites it.
pub fn template(text: &str) -> Expression {
    if let Some(inner) = text
        .strip_prefix("${")
        .and_then(|rest| rest.strip_suffix('}'))
        && !inner.contains(['{', '}', '"'])
    {
        return reference(inner);
    }
    Expression::from(TemplateExpr::QuotedString(text.to_owned()))
}

pub fn call(name: &str, arguments: impl IntoIterator<Item = Expression>) -> Expression {
    let mut call = FuncCall::builder(Identifier::unchecked(name));
    for argument in arguments {
        call = call.arg(argument);
    }
    Expression::from(call.build())
}

pub fn list(items: impl IntoIterator<Item = Expression>) -> Expression {
    Expression::Array(items.into_iter().collect())
}

pub fn strings<'a>(items: impl IntoIterator<Item = &'a str>) -> Expression {
    list(items.into_iter().map(string))
}

/// An object with identifier keys (`{ Name = "x" }`).
pub fn object<'a>(entries: impl IntoIterator<Item = (&'a str, Expression)>) -> Expression {
    let mut object = Object::new();
    for (key, value) in entries {
        object.insert(ObjectKey::Identifier(Identifier::unchecked(key)), value);
    }
    Expression::Object(object)
}

/// An object whose keys are strings that need not be identifiers (`{ "eu-west-1" = … }`).
pub fn string_keyed_object(entries: impl IntoIterator<Item = (String, Expression)>) -> Expression {
    let mut object = Object::new();
    for (key, value) in entries {
        object.insert(ObjectKey::Expression(Expression::String(key)), value);
    }
    Expression::Object(object)
}

pub fn conditional(condition: Expression, then: Expression, otherwise: Expression) -> Expression {
    Expression::from(Conditional::new(condition, then, otherwise))
}

/// `count = CONDITION ? 1 : 0`: a resource that exists when `condition` holds; the condition
/// must be known when Terraform plans (a boolean the generator decides, never an attribute
/// AWS sets at apply).
pub fn count_if(condition: Expression) -> Expression {
    conditional(condition, 1u64.into(), 0u64.into())
}

pub fn greater_than(left: Expression, right: Expression) -> Expression {
    Expression::from(BinaryOp::new(left, BinaryOperator::Greater, right))
}

/// `resource "TYPE" "NAME" { … }` started as a builder.
pub fn resource(kind: &str, name: &str) -> BlockBuilder {
    Block::builder("resource").add_label(kind).add_label(name)
}

/// `data "TYPE" "NAME" { … }` started as a builder.
pub fn data(kind: &str, name: &str) -> BlockBuilder {
    Block::builder("data").add_label(kind).add_label(name)
}

/// A nested block with no labels (`tags`, `ingress`, `lifecycle`).
pub fn block(name: &str) -> BlockBuilder {
    Block::builder(name)
}

/// A `statement` of an `aws_iam_policy_document`.
pub fn statement(sid: &str, actions: &[&str], resources: Expression) -> BlockBuilder {
    block("statement")
        .add_attribute(("sid", string(sid)))
        .add_attribute(("effect", string("Allow")))
        .add_attribute(("actions", strings(actions.iter().copied())))
        .add_attribute(("resources", resources))
}

/// `principals { type identifiers }`.
pub fn principals(kind: &str, identifiers: Expression) -> Block {
    block("principals")
        .add_attribute(("type", string(kind)))
        .add_attribute(("identifiers", identifiers))
        .build()
}

/// `condition { test variable values }`.
pub fn condition(test: &str, variable: &str, values: Expression) -> Block {
    block("condition")
        .add_attribute(("test", string(test)))
        .add_attribute(("variable", string(variable)))
        .add_attribute(("values", values))
        .build()
}

/// A role that `service` (`ecs-tasks.amazonaws.com`) may assume: the trust policy document
/// and the role, named `NAME` both.
pub fn service_role(name: &str, service: &str, role_name: Expression) -> [Block; 2] {
    [
        data("aws_iam_policy_document", &format!("{name}_trust"))
            .add_block(
                block("statement")
                    .add_attribute(("effect", string("Allow")))
                    .add_attribute(("actions", strings(["sts:AssumeRole"])))
                    .add_block(principals("Service", strings([service])))
                    .build(),
            )
            .build(),
        resource("aws_iam_role", name)
            .add_attribute(("name", role_name))
            .add_attribute((
                "assume_role_policy",
                reference(&format!("data.aws_iam_policy_document.{name}_trust.json")),
            ))
            .build(),
    ]
}

pub fn greater_or_equal(left: Expression, right: Expression) -> Expression {
    Expression::from(BinaryOp::new(left, BinaryOperator::GreaterEq, right))
}

pub fn less_or_equal(left: Expression, right: Expression) -> Expression {
    Expression::from(BinaryOp::new(left, BinaryOperator::LessEq, right))
}

pub fn equals(left: Expression, right: Expression) -> Expression {
    Expression::from(BinaryOp::new(left, BinaryOperator::Eq, right))
}

/// `{ for KEY, VALUE in COLLECTION : KEY => RESULT }`.
pub fn for_map(key: &str, value: &str, collection: Expression, result: Expression) -> Expression {
    Expression::from(
        hcl::expr::ForExpr::new(Identifier::unchecked(value), collection, result)
            .with_key_var(Identifier::unchecked(key))
            .with_key_expr(reference(key)),
    )
}

pub fn not_equals(left: Expression, right: Expression) -> Expression {
    Expression::from(BinaryOp::new(left, BinaryOperator::NotEq, right))
}

pub fn and(left: Expression, right: Expression) -> Expression {
    Expression::from(BinaryOp::new(left, BinaryOperator::And, right))
}

pub fn not(expression: Expression) -> Expression {
    Expression::from(hcl::expr::UnaryOp::new(
        hcl::expr::UnaryOperator::Not,
        expression,
    ))
}
