// The AWS provider's schema, derived from the registry package that ships it: @cdktf/provider-aws
// (built from hashicorp/aws 5.100.0) carries a jsii type description of every resource and data
// source. Each `Represents a {@link …/docs/resources/NAME aws_NAME}` class has a `…Config` struct
// whose properties are the arguments; each property's registry link gives its Terraform name
// (`#anchor`), "X block." in its summary marks a nested block whose own struct holds the block's
// arguments. The package is fetched once with `npm pack` (integrity-checked by npm) into a cache.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { homedir } from 'node:os';

export const PROVIDER_PACKAGE = '@cdktf/provider-aws@20.1.0';
export const PROVIDER_VERSION = '5.100.0';

const cacheDir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'regionwise', 'aws-schema');
const schemaFile = join(cacheDir, `aws-${PROVIDER_VERSION}-v2.json`);

/**
 * `{ resource: { aws_x: Block }, data: { aws_y: Block } }`, Block = { args: {name: {required}},
 * blocks: {name: Block} }; a resource's or data source's top-level Block also has `computed`:
 * the attributes the provider sets (the class's read-only getters, `arn`, `arn_suffix`, …),
 * which are unknown until apply unless the configuration sets them.
 */
export function awsSchema() {
  if (existsSync(schemaFile)) return JSON.parse(readFileSync(schemaFile, 'utf8'));
  mkdirSync(cacheDir, { recursive: true });
  const tarball = execFileSync('npm', ['pack', PROVIDER_PACKAGE, '--silent', '--pack-destination', cacheDir], { encoding: 'utf8' }).trim().split('\n').pop();
  execFileSync('tar', ['-xzf', join(cacheDir, tarball), '-C', cacheDir, 'package/.jsii']);
  const jsii = JSON.parse(readFileSync(join(cacheDir, 'package', '.jsii'), 'utf8'));
  const schema = derive(jsii.types);
  writeFileSync(schemaFile, JSON.stringify(schema));
  rmSync(join(cacheDir, tarball));
  rmSync(join(cacheDir, 'package'), { recursive: true });
  return schema;
}

const REPRESENTS = /Represents a \{@link https:\/\/registry\.terraform\.io\/providers\/hashicorp\/aws\/[^/]+\/docs\/(resources|data-sources)\/\S+ (aws_\w+)\}/;
const ANCHOR = /#(\w+) /;

function derive(types) {
  const schema = { resource: {}, data: {} };
  for (const [fqn, type] of Object.entries(types)) {
    const match = type.kind === 'class' && REPRESENTS.exec(type.docs?.summary ?? '');
    if (!match) continue;
    // The constructor's `config` parameter names the struct (`…Config`, or `…ConfigA` where
    // that name was taken).
    const parameter = type.initializer?.parameters?.find((candidate) => candidate.name === 'config');
    const config = types[parameter?.type?.fqn ?? `${fqn}Config`];
    if (!config) continue;
    const derived = block(types, config, new Set());
    derived.computed = computedAttributes(type);
    schema[match[1] === 'resources' ? 'resource' : 'data'][match[2]] = derived;
  }
  return schema;
}

/** The read-only getters of a resource class, as Terraform names: `arnSuffix` → `arn_suffix`. */
function computedAttributes(type) {
  return (type.properties ?? [])
    .filter((property) => property.immutable && !property.static && !property.name.endsWith('Input') && property.name !== 'tfResourceType')
    .map((property) => property.name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`))
    .sort();
}

function block(types, struct, seen) {
  const result = { args: {}, blocks: {} };
  if (seen.has(struct.fqn)) return result;
  seen = new Set(seen).add(struct.fqn);
  for (const property of struct.properties ?? []) {
    const docs = `${property.docs?.summary ?? ''} ${property.docs?.remarks ?? ''}`;
    const anchor = ANCHOR.exec(docs);
    if (!anchor) continue; // meta-arguments (count, provider, …) come from cdktf, not the provider
    const name = anchor[1];
    const isBlock = /\bblock\.$/.test((property.docs?.summary ?? '').trim());
    if (isBlock) {
      const nested = nestedStruct(types, property.type);
      result.blocks[name] = nested ? block(types, nested, seen) : { args: {}, blocks: {}, open: true };
      result.blocks[name].required = !property.optional;
    } else {
      result.args[name] = { required: !property.optional };
    }
  }
  return result;
}

function nestedStruct(types, type) {
  if (type?.fqn) return types[type.fqn];
  if (type?.collection) return nestedStruct(types, type.collection.elementtype);
  if (type?.union) {
    for (const member of type.union.types) {
      const found = nestedStruct(types, member);
      if (found?.kind === 'interface') return found;
    }
  }
  return undefined;
}
