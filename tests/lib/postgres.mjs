// The PostgreSQL server the Node suites create their databases on: REGIONWISE_TEST_POSTGRES_URL,
// or the default that crates/test-postgres declares (`DEFAULT_ADMIN_URL`), read from its source
// so that the default is written in one place for Rust, shell and Node.

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const source = join(root, 'crates/test-postgres/src/lib.rs');

/** The default admin URL as crates/test-postgres declares it; throws when it cannot be found. */
export function defaultPostgresAdminUrl() {
  const declared = readFileSync(source, 'utf8').match(/pub const DEFAULT_ADMIN_URL: &str = "([^"]+)";/);
  if (!declared) {
    throw new Error(`${source}: no \`pub const DEFAULT_ADMIN_URL: &str = "...";\` to read the default PostgreSQL URL from`);
  }
  return declared[1];
}

/** REGIONWISE_TEST_POSTGRES_URL, else the shared default. */
export function postgresAdminUrl() {
  return process.env.REGIONWISE_TEST_POSTGRES_URL || defaultPostgresAdminUrl();
}
