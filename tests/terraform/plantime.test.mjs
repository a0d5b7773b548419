// The plan-time check (./plantime.mjs) on small bundles with planted bugs, each one that
// `terraform plan` rejects ("Invalid count argument", "Invalid for_each argument", "Unsupported
// attribute"); the first is the bug Terraform 1.11 with the AWS provider 5.100 found in every
// example bundle. The check must name each bug, and the corrected bundle must pass.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { parseBundle } from './parse.mjs';
import { planTimeProblems } from './plantime.mjs';
import { awsSchema } from './schema.mjs';

async function problemsOf(files) {
  const dir = mkdtempSync(join(tmpdir(), 'regionwise-plantime-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return planTimeProblems(await parseBundle(dir), awsSchema());
}

const app = `
resource "aws_lb" "this" {
  name    = var.name
  subnets = var.subnets
}
variable "name" { type = string }
variable "subnets" { type = list(string) }
output "alb_arn_suffix" { value = aws_lb.this.arn_suffix }
output "alb_name" { value = aws_lb.this.name }
`;

function monitoring(count) {
  return `
variable "alb_arn_suffix" {
  type    = string
  default = null
}
variable "has_load_balancer" {
  type    = bool
  default = false
}
resource "aws_cloudwatch_metric_alarm" "alb_5xx" {
  count               = ${count}
  alarm_name          = "5xx"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 3
  dimensions          = { LoadBalancer = var.alb_arn_suffix }
}
`;
}

const root = `
module "app" {
  source  = "./modules/app"
  name    = "shop"
  subnets = ["subnet-1"]
}
module "monitoring" {
  source            = "./modules/monitoring"
  alb_arn_suffix    = module.app.alb_arn_suffix
  has_load_balancer = true
}
`;

test('a count that reaches a load balancer attribute set at apply fails (the old monitoring bug)', async () => {
  const problems = await problemsOf({
    'main.tf': root,
    'modules/app/main.tf': app,
    'modules/monitoring/main.tf': monitoring('var.alb_arn_suffix == null ? 0 : 1'),
  });
  assert.equal(problems.length, 1, problems.join('\n'));
  assert.match(problems[0], /aws_cloudwatch_metric_alarm\.alb_5xx\.count is unknown until apply/);
  assert.match(problems[0], /module\.app\.alb_arn_suffix/);
  assert.match(problems[0], /aws_lb\.this\.arn_suffix is set by AWS at apply/);
});

test('a count decided by a boolean the generator knows passes', async () => {
  const problems = await problemsOf({
    'main.tf': root,
    'modules/app/main.tf': app,
    'modules/monitoring/main.tf': monitoring('var.has_load_balancer ? 1 : 0'),
  });
  assert.deepEqual(problems, []);
});

test('an attribute the configuration sets is known: a name passed through an output and a local', async () => {
  const problems = await problemsOf({
    'main.tf': root.replace('has_load_balancer = true', 'has_load_balancer = module.app.alb_name != null'),
    'modules/app/main.tf': app,
    'modules/monitoring/main.tf': monitoring('local.wanted ? 1 : 0') + 'locals {\n  wanted = var.has_load_balancer\n}\n',
  });
  assert.deepEqual(problems, []);
});

test('for_each over a map needs known keys only; over a set of apply-time ids it fails', async () => {
  const files = (forEach) => ({
    'main.tf': `
resource "aws_sns_topic" "alarms" {
  name = "alarms"
}
resource "aws_lb" "this" {
  name = "shop"
}
resource "aws_route53_health_check" "endpoint" {
  for_each = ${forEach}
  fqdn     = each.value
  type     = "HTTPS"
}
`,
  });
  assert.deepEqual(await problemsOf(files('{ "us-east-1" = aws_lb.this.dns_name }')), []);
  const unknownKeys = await problemsOf(files('toset([aws_lb.this.dns_name])'));
  assert.equal(unknownKeys.length, 1, unknownKeys.join('\n'));
  assert.match(unknownKeys[0], /for_each is unknown until apply: .*aws_lb\.this\.dns_name/);
  const keyedByArn = await problemsOf(files('{ (aws_sns_topic.alarms.arn) = "x" }'));
  assert.equal(keyedByArn.length, 1, keyedByArn.join('\n'));
});

test('a reference to an attribute the resource type does not have fails', async () => {
  const problems = await problemsOf({
    'main.tf': `
resource "aws_lb" "this" {
  name = "shop"
}
output "suffix" { value = aws_lb.this.arn_sufix }
output "zone" { value = aws_lb.this.zone_id }
`,
  });
  assert.deepEqual(problems, ['.: aws_lb.this.arn_sufix: aws_lb has no attribute "arn_sufix"']);
});
