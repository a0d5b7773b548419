// Plan-time checks of a parsed bundle: what `terraform plan` rejects although the bundle parses,
// formats and fits the schema.
//
// 1. `count` and `for_each` must be known when Terraform plans. Each such expression is followed
//    through locals, module variables (to every call of the module) and module outputs to its
//    sources; it fails when a source is an attribute a managed resource gets only at apply (an
//    attribute the configuration does not set: `aws_lb.this.arn_suffix`, any `id`), a whole
//    resource, an ephemeral value, or a data source that reads such values. For `for_each` over
//    a map only the keys must be known, so an object literal with fixed keys may carry unknown
//    values (Terraform's own rule).
// 2. Every `aws_x.name.attr` and `data.aws_x.name.attr` names an argument, block or computed
//    attribute of that type in the provider schema.
//
// Expressions arrive as @cdktf/hcl2json renders them: literals as JSON values, object
// constructors with literal keys as JSON objects, everything else as `${…}` strings.

import { join, normalize } from 'node:path';

const REFERENCE = /(?<![\w.])(var\.\w+|local\.\w+|module\.\w+(?:\[[^\]]*\])?\.\w+|data\.\w+\.\w+(?:\[[^\]]*\])?(?:\.\w+)?|ephemeral\.\w+\.\w+|aws_\w+\.\w+(?:\[[^\]]*\])?(?:\.\w+)?)/g;
const SINGLE_REFERENCE = /^\$\{([\w.]+(?:\[[^\]]*\])?(?:\.\w+)?)\}$/;

/** References in one expression (a JSON value from hcl2json), each once. */
export function references(value) {
  if (typeof value === 'string') return [...new Set([...value.matchAll(REFERENCE)].map((match) => match[1]))];
  if (Array.isArray(value)) return [...new Set(value.flatMap(references))];
  if (value && typeof value === 'object') return [...new Set(Object.entries(value).flatMap(([key, inner]) => [...references(key), ...references(inner)]))];
  return [];
}

/** `{ dir: [{ dir, name, call }] }`: every call of each module directory. */
function callsByTarget(modules) {
  const calls = {};
  for (const [dir, json] of Object.entries(modules)) {
    for (const [name, instances] of Object.entries(json.module ?? {})) {
      for (const call of instances) (calls[normalize(join(dir, call.source))] ??= []).push({ dir, name, call });
    }
  }
  return calls;
}

function localValue(json, name) {
  for (const locals of json.locals ?? []) if (name in locals) return { found: true, value: locals[name] };
  return { found: false };
}

/**
 * The chains that make `value` (in module `dir`) unknown at plan time; empty when it is known.
 * `mode` is `full` (every part must be known) or `keys` (a for_each: only the keys must be).
 */
function unknownSources(context, dir, value, mode, seen) {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return [];
  if (Array.isArray(value)) return value.flatMap((item) => unknownSources(context, dir, item, 'full', seen));
  if (typeof value === 'object') {
    const keys = Object.keys(value).flatMap((key) => unknownSources(context, dir, key, 'full', seen));
    if (mode === 'keys') return keys;
    return [...keys, ...Object.values(value).flatMap((inner) => unknownSources(context, dir, inner, 'full', seen))];
  }
  const single = SINGLE_REFERENCE.exec(value);
  const refs = single ? [single[1]] : references(value);
  const innerMode = single ? mode : 'full';
  return refs.flatMap((ref) => unknownReference(context, dir, ref, innerMode, seen));
}

function unknownReference(context, dir, ref, mode, seen) {
  const key = `${dir}|${ref}|${mode}`;
  if (seen.has(key)) return [];
  seen = new Set(seen).add(key);
  const json = context.modules[dir];
  const at = (chain) => chain.map((link) => `${dir === '.' ? '' : `${dir}: `}${ref} ← ${link}`);
  const [head, ...rest] = ref.split('.');
  if (head === 'var') {
    if (dir === '.') return []; // a root variable comes from terraform.tfvars
    return (context.calls[dir] ?? []).flatMap(({ dir: caller, name, call }) => {
      if (!(rest[0] in call)) return [];
      return unknownSources(context, caller, call[rest[0]], mode, seen).map((chain) => `${dir}: ${ref} = module.${name}.${rest[0]} ← ${chain}`);
    });
  }
  if (head === 'local') {
    const local = localValue(json, rest[0]);
    return local.found ? at(unknownSources(context, dir, local.value, mode, seen)) : [`${dir}: ${ref} is not declared`];
  }
  if (head === 'module') {
    const [nameWithIndex, output] = rest;
    const name = nameWithIndex.replace(/\[.*$/, '');
    const call = json.module?.[name]?.[0];
    if (!call) return [`${dir}: ${ref}: no module ${name}`];
    const target = normalize(join(dir, call.source));
    const declared = context.modules[target]?.output?.[output]?.[0];
    if (!declared) return [`${dir}: ${ref}: module ${name} has no output ${output}`];
    return unknownSources(context, target, declared.value, mode, seen).map((chain) => `${dir}: ${ref} ← ${chain}`);
  }
  if (head === 'ephemeral') return [`${dir}: ${ref} is ephemeral`];
  if (head === 'data') {
    const [type, nameWithIndex] = rest;
    const body = json.data?.[type]?.[nameWithIndex.replace(/\[.*$/, '')]?.[0];
    if (!body) return [`${dir}: ${ref}: no such data source`];
    if ((body.depends_on ?? []).length) return [`${dir}: ${ref}: the data source waits for depends_on, so it is read at apply`];
    const { count: _count, for_each: _forEach, ...arguments_ } = body;
    return unknownSources(context, dir, arguments_, 'full', seen).map((chain) => `${dir}: ${ref} reads ${chain}`);
  }
  if (head.startsWith('aws_')) {
    const [nameWithIndex, attribute] = rest;
    const body = json.resource?.[head]?.[nameWithIndex.replace(/\[.*$/, '')]?.[0];
    if (!body) return [`${dir}: ${ref}: no such resource`];
    if (!attribute) return [`${dir}: ${ref} is a whole resource, known only after apply`];
    if (attribute in body && !['count', 'for_each'].includes(attribute)) {
      return unknownSources(context, dir, body[attribute], mode, seen).map((chain) => `${dir}: ${ref} = ${chain}`);
    }
    return [`${dir}: ${ref} is set by AWS at apply (computed)`];
  }
  return []; // count.index, each.*, path.module, terraform.workspace, for-expression names
}

/** Problems that would stop `terraform plan`, for a bundle parsed module by module. */
export function planTimeProblems(modules, schema) {
  const context = { modules, calls: callsByTarget(modules) };
  const problems = [];
  for (const [dir, json] of Object.entries(modules)) {
    const blocks = [
      ...['resource', 'data'].flatMap((kind) =>
        Object.entries(json[kind] ?? {}).flatMap(([type, named]) =>
          Object.entries(named).flatMap(([name, bodies]) => bodies.map((body) => ({ address: `${kind === 'data' ? 'data.' : ''}${type}.${name}`, body }))),
        ),
      ),
      ...Object.entries(json.module ?? {}).flatMap(([name, bodies]) => bodies.map((body) => ({ address: `module.${name}`, body }))),
    ];
    for (const { address, body } of blocks) {
      for (const meta of ['count', 'for_each']) {
        if (!(meta in body)) continue;
        const sources = unknownSources(context, dir, body[meta], meta === 'for_each' ? 'keys' : 'full', new Set());
        for (const source of sources) problems.push(`${dir}: ${address}.${meta} is unknown until apply: ${source}`);
      }
    }
    for (const ref of references(json)) {
      const data = ref.startsWith('data.');
      const [type, name, attribute] = ref.replace(/^data\./, '').replace(/\[[^\]]*\]/g, '').split('.');
      if (!type.startsWith('aws_') || !attribute) continue;
      const typeSchema = schema[data ? 'data' : 'resource'][type];
      if (!typeSchema) continue; // the schema check reports unknown types
      if (!(json[data ? 'data' : 'resource']?.[type]?.[name])) {
        problems.push(`${dir}: ${ref} refers to a ${data ? 'data source' : 'resource'} the module does not declare`);
      } else if (!(attribute in typeSchema.args) && !(attribute in typeSchema.blocks) && !(typeSchema.computed ?? []).includes(attribute)) {
        problems.push(`${dir}: ${ref}: ${type} has no attribute "${attribute}"`);
      }
    }
  }
  return [...new Set(problems)];
}
