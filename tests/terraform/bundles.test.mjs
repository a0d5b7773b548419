// Every example plan's Terraform bundle, as `regionwise terraform` writes it, checked by the
// tools Terraform users trust: HashiCorp's HCL parser and formatter (hclwrite, compiled to wasm
// in @cdktf/hcl2json and @cdktf/hcl-tools), the AWS provider schema (./schema.mjs), module
// wiring, and checkov with zero failed checks (each deliberate exception is an inline skip with
// its reason, which this test also requires).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { join, relative, dirname, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parse } from '@cdktf/hcl2json';
import { format } from '@cdktf/hcl-tools';
import { awsSchema } from './schema.mjs';
import { parseBundle } from './parse.mjs';
import { planTimeProblems } from './plantime.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const binary = process.env.REGIONWISE_BIN ?? join(root, 'target/release/regionwise');
const checkov = process.env.CHECKOV ?? join(root, 'tests/terraform/.venv/bin/checkov');
const examples = readdirSync(join(root, 'examples')).filter((name) => name.endsWith('.json')).sort();

function generate(planFile) {
  const out = join(mkdtempSync(join(tmpdir(), 'regionwise-tf-')), 'bundle');
  execFileSync(binary, ['terraform', planFile, '--out', out], { env: { ...process.env, RUST_LOG: 'warn' } });
  return out;
}

/** What a plan may choose from, as the binary lists it (`regionwise catalog`). */
const catalog = JSON.parse(execFileSync(binary, ['catalog'], { env: { ...process.env, RUST_LOG: 'warn' } }));

/**
 * Every pattern × engine × routing the catalog lists, with two secondary regions (none for
 * single region): a new engine or routing is bundled and checked without touching this file.
 */
function combinations() {
  const dir = mkdtempSync(join(tmpdir(), 'regionwise-plans-'));
  const plans = [];
  for (const pattern of catalog.patterns.map((entry) => entry.pattern)) {
    for (const engine of catalog.engines.map((entry) => entry.slug)) {
      for (const routing of catalog.routings.map((entry) => entry.slug)) {
        const plan = {
          name: `${pattern} ${engine} ${routing}`,
          pattern,
          primary_region: 'us-east-1',
          secondary_regions: pattern === 'single_region' ? [] : ['eu-west-1', 'ap-southeast-1'],
          database: { engine, instance_class: 'db.r6g.large', storage_mode: engine === 'aurora_mysql' ? 'io_optimized' : 'standard' },
          routing,
        };
        const file = join(dir, `${pattern}-${engine}-${routing}.json`);
        writeFileSync(file, JSON.stringify(plan));
        plans.push({ label: `${pattern} × ${engine} × ${routing}`, file });
      }
    }
  }
  return plans;
}

function terraformFiles(dir) {
  return readdirSync(dir, { recursive: true })
    .map((path) => join(dir, path))
    .filter((path) => path.endsWith('.tf') && statSync(path).isFile())
    .sort();
}

const META_ARGUMENTS = new Set(['count', 'for_each', 'provider', 'depends_on', 'lifecycle']);

/** Problems with one resource or data block body against its schema block. */
function schemaProblems(where, body, schema) {
  const problems = [];
  for (const [key, value] of Object.entries(body)) {
    if (META_ARGUMENTS.has(key)) continue;
    if (key === 'dynamic') {
      for (const [name, instances] of Object.entries(value)) {
        if (!schema.blocks[name]) problems.push(`${where}: dynamic "${name}" is not a block of this type`);
        else for (const instance of instances) for (const content of instance.content ?? []) problems.push(...schemaProblems(`${where}.${name}`, content, schema.blocks[name]));
      }
    } else if (schema.blocks[key]) {
      if (!Array.isArray(value)) problems.push(`${where}: ${key} is a block, written as an argument`);
      else if (!schema.blocks[key].open) for (const instance of value) problems.push(...schemaProblems(`${where}.${key}`, instance, schema.blocks[key]));
    } else if (!schema.args[key]) {
      problems.push(`${where}: unknown argument or block "${key}"`);
    }
  }
  for (const [name, argument] of Object.entries(schema.args)) {
    if (argument.required && !(name in body)) problems.push(`${where}: required argument "${name}" is missing`);
  }
  for (const [name, block] of Object.entries(schema.blocks)) {
    if (block.required && !(name in body) && !(body.dynamic && name in body.dynamic)) problems.push(`${where}: required block "${name}" is missing`);
  }
  return problems;
}

const cases = [
  ...examples.map((example) => ({ label: `examples/${example}`, file: join(root, 'examples', example) })),
  ...combinations(),
];

for (const { label, file: planFile } of cases) {
  test(`${label}: the bundle parses, is terraform-fmt canonical, fits the AWS provider schema, is wired, and passes checkov`, async () => {
    const bundle = generate(planFile);
    const files = terraformFiles(bundle);
    assert.ok(files.length >= 20, `${files.length} .tf files`);

    // Syntax and canonical formatting, file by file.
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      await parse(file, text); // throws with the file and line on a syntax error
      assert.equal(await format(text), text, `${relative(bundle, file)} is byte-identical to hclwrite's format`);
    }

    // Schema: every resource and data source of every module.
    const schema = awsSchema();
    const modules = await parseBundle(bundle);
    const problems = [];
    for (const [module, json] of Object.entries(modules)) {
      for (const kind of ['resource', 'data']) {
        for (const [type, instances] of Object.entries(json[kind] ?? {})) {
          if (!type.startsWith('aws_')) continue;
          const typeSchema = schema[kind][type];
          if (!typeSchema) {
            problems.push(`${module}: ${kind} type ${type} does not exist in the AWS provider`);
            continue;
          }
          for (const [name, bodies] of Object.entries(instances)) for (const body of bodies) problems.push(...schemaProblems(`${module}: ${type}.${name}`, body, typeSchema));
        }
      }
    }

    // Wiring: module calls pass only declared variables, every required one, and root
    // references to module outputs name declared outputs.
    for (const [caller, json] of Object.entries(modules)) {
      for (const [name, calls] of Object.entries(json.module ?? {})) {
        for (const call of calls) {
          const target = relative(bundle, join(bundle, caller, call.source));
          const callee = modules[target];
          if (!callee) {
            problems.push(`${caller}: module ${name} calls ${call.source}, which is not in the bundle`);
            continue;
          }
          const variables = callee.variable ?? {};
          for (const input of Object.keys(call)) {
            if (!['source', 'providers', 'count', 'for_each', 'depends_on'].includes(input) && !variables[input]) problems.push(`${caller}: module ${name} passes undeclared input "${input}"`);
          }
          for (const [variable, [declaration]] of Object.entries(variables)) {
            if (!('default' in declaration) && !(variable in call)) problems.push(`${caller}: module ${name} misses required input "${variable}"`);
          }
        }
      }
    }
    const rootText = files.filter((file) => dirname(file) === bundle).map((file) => readFileSync(file, 'utf8')).join('\n');
    const calls = modules['.'].module;
    for (const [, name, output] of rootText.matchAll(/module\.(\w+)\.(\w+)/g)) {
      const call = calls[name]?.[0];
      if (!call) problems.push(`root: module.${name} is not declared`);
      else if (!modules[relative(bundle, join(bundle, call.source))]?.output?.[output]) problems.push(`root: module.${name} has no output "${output}"`);
    }
    // Plan time: count/for_each known when Terraform plans, references to attributes that exist.
    problems.push(...planTimeProblems(modules, schema));
    assert.deepEqual(problems, []);

    // checkov: zero failed checks; every skip carries a reason.
    for (const file of files) {
      for (const [, reason] of readFileSync(file, 'utf8').matchAll(/#checkov:skip=CKV2?_AWS_\d+:(.*)/g)) assert.ok(reason.trim().length > 20, `${relative(bundle, file)}: a skip needs a real reason`);
    }
    assert.ok(existsSync(checkov), `checkov is installed at ${checkov} (scripts/test installs it)`);
    let report;
    try {
      report = execFileSync(checkov, ['-d', bundle, '--framework', 'terraform', '--skip-download', '--quiet', '--compact', '-o', 'json'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    } catch (error) {
      report = error.stdout; // checkov exits 1 when a check fails; the report says which
    }
    const results = [JSON.parse(report)].flat();
    const failed = results.flatMap((result) => result.results?.failed_checks ?? []).map((check) => `${check.file_path}:${check.file_line_range?.[0]} ${check.check_id} ${check.resource}: ${check.check_name}`);
    assert.deepEqual(failed, [], 'checkov failed checks');
    const passed = results.reduce((sum, result) => sum + (result.summary?.passed ?? 0), 0);
    assert.ok(passed > 100, `checkov ran its checks (${passed} passed)`);
  });
}
