// The real `terraform plan` of generated bundles, against moto (an AWS API emulator on loopback),
// with nothing but `terraform.tfvars` filled in — what a platform engineer runs first. It needs
// Terraform >= 1.11 and a local mirror of the AWS provider (this workplace has no route to the
// Terraform registry); where either is missing every test here says so and is skipped, and the
// static plan-time checks of bundles.test.mjs still run. moto comes from PyPI
// (tests/terraform/.moto-venv, installed by scripts/test).
//
// Finds: count/for_each unknown at plan, references to attributes that do not exist, variable
// validation, provider configuration, and providers that must be fetched from elsewhere.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const binary = process.env.REGIONWISE_BIN ?? join(root, 'target/release/regionwise');
const motoServer = process.env.MOTO_SERVER ?? join(root, 'tests/terraform/.moto-venv/bin/moto_server');

/** Directories that may hold an unpacked provider mirror (registry.terraform.io/hashicorp/aws/…). */
const MIRROR_CANDIDATES = [process.env.REGIONWISE_TF_PROVIDER_MIRROR, '/opt/tf-plugins', '/usr/share/terraform/plugins', '/usr/local/share/terraform/plugins', join(process.env.HOME ?? '/root', '.terraform.d/plugins')].filter(Boolean);

function findTerraform() {
  const found = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8' });
  if (found.status !== 0) return { missing: 'no `terraform` on PATH' };
  const version = JSON.parse(found.stdout).terraform_version;
  const [major, minor] = version.split('.').map(Number);
  if (major < 1 || (major === 1 && minor < 11)) return { missing: `terraform ${version} is older than 1.11` };
  const mirror = MIRROR_CANDIDATES.find((dir) => existsSync(join(dir, 'registry.terraform.io/hashicorp/aws')));
  if (!mirror) return { missing: `no local mirror of hashicorp/aws in ${MIRROR_CANDIDATES.join(', ')}` };
  if (!existsSync(motoServer)) return { missing: `moto is not installed at ${motoServer} (scripts/test installs it)` };
  return { version, mirror };
}

const terraform = findTerraform();
const why = terraform.missing && `the real terraform plan did not run: ${terraform.missing}; the static plan-time checks (bundles.test.mjs) ran instead`;
if (why) console.log(`# ${why}`);

function freePort() {
  return new Promise((resolvePort) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

let moto;
let environment;
const work = mkdtempSync(join(tmpdir(), 'regionwise-tfplan-'));

before(async () => {
  if (why) return;
  const port = await freePort();
  moto = spawn(motoServer, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  for (let attempt = 0; attempt < 100; attempt++) {
    const up = await fetch(`http://127.0.0.1:${port}/moto-api/`).then(() => true, () => false);
    if (up) break;
    await new Promise((done) => setTimeout(done, 100));
  }
  const cliConfig = join(work, 'terraformrc');
  writeFileSync(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path    = "${terraform.mirror}"\n    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n`);
  environment = {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_REGION: 'us-east-1',
    RUST_LOG: 'warn',
  };
});

after(() => moto?.kill());

function bundleFor(planFile, name) {
  const out = join(work, name);
  execFileSync(binary, ['terraform', planFile, '--out', out], { env: environment });
  copyFileSync(join(out, 'terraform.tfvars.example'), join(out, 'terraform.tfvars'));
  return out;
}

function run(dir, args) {
  return spawnSync('terraform', args, { cwd: dir, env: environment, encoding: 'utf8', maxBuffer: 64 << 20 });
}

function plan(dir, extra = []) {
  const init = run(dir, ['init', '-input=false', '-no-color']);
  assert.equal(init.status, 0, `terraform init (only the AWS provider, from the mirror):\n${init.stdout}${init.stderr}`);
  return run(dir, ['plan', '-input=false', '-no-color', '-lock=false', ...extra]);
}

/** Every example, and every engine × routing of one multi-region pattern. */
function cases() {
  const dir = mkdtempSync(join(tmpdir(), 'regionwise-plan-plans-'));
  const list = readdirSync(join(root, 'examples')).filter((name) => name.endsWith('.json')).sort()
    .map((name) => ({ label: `examples/${name}`, file: join(root, 'examples', name) }));
  for (const engine of ['aurora_postgresql', 'aurora_mysql', 'dynamodb']) {
    for (const routing of ['route53_latency', 'route53_failover', 'global_accelerator']) {
      const file = join(dir, `${engine}-${routing}.json`);
      writeFileSync(file, JSON.stringify({
        name: `hot ${engine} ${routing}`, pattern: 'hot_standby', primary_region: 'us-east-1', secondary_regions: ['eu-west-1'],
        database: { engine, instance_class: 'db.r6g.large' }, routing, failover: 'automated',
      }));
      list.push({ label: `hot_standby × ${engine} × ${routing} (automated failover)`, file });
    }
  }
  {
    const file = join(dir, 'managed-rpo.json');
    writeFileSync(file, JSON.stringify({
      name: 'managed rpo', pattern: 'warm_standby', primary_region: 'us-east-1', secondary_regions: ['eu-west-1'],
      database: { engine: 'aurora_postgresql', instance_class: 'db.r6g.large', managed_rpo_seconds: 30 },
    }));
    list.push({ label: 'warm_standby × aurora_postgresql with a managed RPO of 30 s', file });
  }
  {
    // Provisioned: the replicas wait for the table's auto scaling, each scales its own reads.
    const file = join(dir, 'dynamodb-provisioned.json');
    writeFileSync(file, JSON.stringify({
      name: 'provisioned table', pattern: 'warm_standby', primary_region: 'us-east-1', secondary_regions: ['eu-west-1', 'ap-southeast-1'],
      database: { engine: 'dynamodb', instance_class: 'db.r6g.large', capacity_mode: 'provisioned' },
    }));
    list.push({ label: 'warm_standby × dynamodb with provisioned capacity and two replicas', file });
  }
  // After a failover the primary moved and the data's global pieces stayed in their home.
  for (const engine of ['aurora_postgresql', 'dynamodb']) {
    const file = join(dir, `${engine}-failed-over.json`);
    writeFileSync(file, JSON.stringify({
      name: `failed over ${engine}`, pattern: 'warm_standby', primary_region: 'eu-west-1', secondary_regions: ['us-east-1'],
      data_home_region: 'us-east-1', database: { engine, instance_class: 'db.r6g.large' }, failover: 'automated',
    }));
    list.push({ label: `warm_standby × ${engine}, primary eu-west-1 with the data home in us-east-1`, file });
  }
  return list;
}

/**
 * CloudWatch alarms per region in `terraform plan`'s output: a module named `<kind>_<region>`
 * runs in that region, `routing`'s alarms in us-east-1 (Route 53 health-check metrics).
 */
function plannedAlarms(stdout) {
  const counts = {};
  for (const match of stdout.matchAll(/# module\.([a-z0-9_]+)\.aws_cloudwatch_metric_alarm\.\S+ will be created/g)) {
    const module = match[1];
    const region = module === 'routing' ? 'us-east-1' : module.replace(/^[a-z]+_/, '').replaceAll('_', '-');
    counts[region] = (counts[region] ?? 0) + 1;
  }
  return counts;
}

/** The alarms the estimate prices, per region. */
function estimatedAlarms(file) {
  const estimate = JSON.parse(execFileSync(binary, ['estimate', file, '--format', 'json'], { env: environment, encoding: 'utf8' }));
  const counts = {};
  for (const line of estimate.cost.lines.filter((l) => l.unit === 'alarms')) {
    counts[line.region] = (counts[line.region] ?? 0) + Number(line.quantity);
  }
  return counts;
}

for (const [index, { label, file }] of cases().entries()) {
  test(`${label}: terraform plan succeeds with only terraform.tfvars filled in, and the estimate prices every alarm it creates`, { skip: why }, () => {
    const dir = bundleFor(file, `case-${index}`);
    const result = plan(dir);
    assert.equal(result.status, 0, `terraform plan failed:\n${result.stderr}`);
    assert.match(result.stdout, /Plan: \d+ to add, 0 to change, 0 to destroy\./);
    const planned = plannedAlarms(result.stdout);
    assert.ok(Object.keys(planned).length > 0, 'the plan creates alarms');
    assert.deepEqual(estimatedAlarms(file), planned, 'alarms per region: estimate vs terraform plan');
  });
}

test('variable validation rejects a name_prefix AWS would reject, before anything is created', { skip: why }, () => {
  const dir = bundleFor(join(root, 'examples/warm-standby.json'), 'validation');
  for (const prefix of ['shop-', 'shop--eu', 'Shop', '1shop']) {
    const result = plan(dir, ['-var', `name_prefix=${prefix}`]);
    assert.notEqual(result.status, 0, `name_prefix=${prefix} must not plan`);
    assert.match(result.stderr, /name_prefix must be/, `name_prefix=${prefix}: ${result.stderr}`);
  }
});

test('certificate_arns: one brought for its region is used, one from another region is rejected', { skip: why }, () => {
  const dir = bundleFor(join(root, 'examples/warm-standby.json'), 'certificates');
  const own = plan(dir, ['-var', 'certificate_arns={"eu-west-1"="arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"}']);
  assert.equal(own.status, 0, own.stderr);
  assert.doesNotMatch(own.stdout, /module\.app_eu_west_1\.aws_acm_certificate\.this\[0\] will be created/);
  assert.match(own.stdout, /module\.app_eu_central_1\.aws_acm_certificate\.this\[0\] will be created/, 'a region left out gets an issued certificate');
  const wrong = plan(dir, ['-var', 'certificate_arns={"eu-west-1"="arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"}']);
  assert.notEqual(wrong.status, 0);
  assert.match(wrong.stderr, /certificate_arns: each ARN must be an ACM certificate in the region it is/);
});
