// A bundle as JSON, module by module, through HashiCorp's HCL parser (@cdktf/hcl2json).

import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from '@cdktf/hcl2json';

/** Parses every .tf file of one module directory into one merged JSON description. */
export async function parseModule(dir) {
  const merged = {};
  for (const name of readdirSync(dir).filter((name) => name.endsWith('.tf'))) {
    const json = await parse(name, readFileSync(join(dir, name), 'utf8'));
    for (const [kind, value] of Object.entries(json)) {
      if (Array.isArray(value)) merged[kind] = [...(merged[kind] ?? []), ...value];
      else merged[kind] = deepMerge(merged[kind] ?? {}, value);
    }
  }
  return merged;
}

function deepMerge(into, from) {
  for (const [key, value] of Object.entries(from)) {
    into[key] = into[key] && typeof value === 'object' && !Array.isArray(value) ? deepMerge(into[key], value) : value;
  }
  return into;
}

/** `{ '.': root, 'modules/app': …, … }` for a bundle folder. */
export async function parseBundle(bundle) {
  const dirs = [bundle, ...(existsSync(join(bundle, 'modules')) ? readdirSync(join(bundle, 'modules')).map((name) => join(bundle, 'modules', name)) : [])];
  const modules = {};
  for (const dir of dirs) modules[relative(bundle, dir) || '.'] = await parseModule(dir);
  return modules;
}
