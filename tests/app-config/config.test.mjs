// The read/write-splitting config of every example plan, as it ships in the Terraform bundle's
// app-config/ folder (`regionwise terraform --out`), checked by each framework's own toolchain:
// the fill script against the bundle's own outputs, Prisma's generator and tsc against the real
// @prisma/client and ioredis types (and, for one example, the TypeScript run against a real
// PostgreSQL and Redis), Ruby's ERB and YAML for Rails plus `ruby -c`, Python's
// tomllib for pgcat, py_compile and Django itself for the Django router, and
// java.util.Properties for the JDBC wrapper's Spring config.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { postgresAdminUrl } from '../lib/postgres.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const binary = process.env.REGIONWISE_BIN ?? join(root, 'target/release/regionwise');
const python = process.env.APP_CONFIG_PYTHON ?? join(here, '.venv/bin/python');
const postgresUrl = postgresAdminUrl();
const redisUrl = process.env.REGIONWISE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
/** The example whose TypeScript also runs against PostgreSQL and Redis (once is enough). */
const LIVE_EXAMPLE = 'hot-standby.json';
const examples = readdirSync(join(root, 'examples')).filter((name) => name.endsWith('.json')).sort();

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

function bundle(example) {
  const out = join(mkdtempSync(join(tmpdir(), 'regionwise-app-config-')), 'bundle');
  run(binary, ['terraform', join(root, 'examples', example), '--out', out], { env: { ...process.env, RUST_LOG: 'warn' } });
  return out;
}

/** A `terraform output -json` document for the bundle: every output, with a made-up value of
 * the right shape (a map output gets each of its keys). */
function fakeOutputs(bundleDir) {
  const text = readFileSync(join(bundleDir, 'outputs.tf'), 'utf8');
  const outputs = {};
  for (const match of text.matchAll(/^output "([a-z0-9_]+)" \{\n([\s\S]*?)^\}$/gm)) {
    const [, name, body] = match;
    const keys = [...body.matchAll(/^\s+"([a-z0-9-]+)"\s+=/gm)].map((key) => key[1]);
    const value = keys.length > 0
      ? Object.fromEntries(keys.map((key) => [key, `${name.replace(/_/g, '-')}.${key}.example.internal`]))
      : `${name.replace(/_/g, '-')}.example.internal`;
    outputs[name] = { sensitive: false, type: 'string', value };
  }
  return outputs;
}

/** Every file under `dir`, by relative path, with its text. */
function contents(dir) {
  const files = {};
  for (const path of readdirSync(dir, { recursive: true }).map(String).sort()) {
    if (statSync(join(dir, path)).isFile()) files[path] = readFileSync(join(dir, path), 'utf8');
  }
  return files;
}

function parseEnv(text) {
  const values = {};
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Z][A-Z0-9_]*)=(\S*)$/.exec(line);
    assert.ok(match, `a KEY=VALUE line without spaces or quotes: ${line}`);
    values[match[1]] = match[2];
  }
  return values;
}

const prismaProjects = new Map();

/** A Prisma project with a client generated for `provider`, shared by the examples. */
function prismaProject(provider) {
  if (prismaProjects.has(provider)) return prismaProjects.get(provider);
  const dir = join(here, '.work', provider);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'prisma'), { recursive: true });
  writeFileSync(join(dir, 'prisma/schema.prisma'), `generator client {
  provider = "prisma-client"
  output   = "../src/generated/prisma"
}

datasource db {
  provider = "${provider}"
}

model Post {
  id    Int    @id @default(autoincrement())
  title String
}
`);
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', strict: true, noEmit: true,
      types: ['node'], noUnusedLocals: true, noUnusedParameters: true, noImplicitReturns: true,
      exactOptionalPropertyTypes: true, skipLibCheck: true,
    },
    include: ['src/**/*.ts'],
  }));
  // `prisma generate` needs no schema engine, but the CLI fetches one at start unless it is
  // told where one is; this machine has no internet, so it is pointed at a no-op.
  run(join(here, 'node_modules/.bin/prisma'), ['generate', '--schema', 'prisma/schema.prisma'], {
    cwd: dir, env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
  prismaProjects.set(provider, dir);
  return dir;
}

/** The frameworks whose files this suite checks with their toolchain (`env` is the plain
 * environment file every config has, checked by the fill-script tests). */
const CHECKED_FRAMEWORKS = ['django', 'java', 'pgcat', 'prisma', 'rails'];

test('every framework the binary offers is checked by this suite', () => {
  const catalog = JSON.parse(execFileSync(binary, ['catalog'], { env: { ...process.env, RUST_LOG: 'warn' } }));
  const offered = catalog.frameworks.map((framework) => framework.slug).filter((slug) => slug !== 'env').sort();
  assert.deepEqual(offered, CHECKED_FRAMEWORKS, 'a new framework needs its toolchain checks here');
});

for (const example of examples) {
  test(`${example}: the app config agrees with the bundle and passes each framework's toolchain`, async (t) => {
    const bundleDir = bundle(example);
    const config = join(bundleDir, 'app-config');
    const plan = JSON.parse(readFileSync(join(root, 'examples', example), 'utf8'));
    const engine = plan.database?.engine ?? 'aurora_postgresql';
    const frameworks = readdirSync(config, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
    // pgcat pools PostgreSQL connections only; DynamoDB needs no connection config.
    const expected = engine === 'dynamodb' ? [] : engine === 'aurora_mysql'
      ? CHECKED_FRAMEWORKS.filter((framework) => framework !== 'pgcat') : CHECKED_FRAMEWORKS;
    assert.deepEqual(frameworks, expected);
    const window = Number(/replication_lag_threshold_ms\s*=\s*(\d+)/.exec(readFileSync(join(bundleDir, 'main.tf'), 'utf8'))[1]);

    await t.test('the fill script changes nothing when an output is missing', () => {
      const before = contents(config);
      const outputs = fakeOutputs(bundleDir);
      delete outputs[engine === 'dynamodb' ? 'dynamodb_table_name' : 'database_reader_endpoints'];
      const partial = join(bundleDir, 'partial.json');
      writeFileSync(partial, JSON.stringify(outputs));
      const result = spawnSync('python3', [join(config, 'fill_from_terraform.py'), partial, config], { encoding: 'utf8' });
      assert.equal(result.status, 1, result.stdout);
      assert.match(result.stderr, /nothing written/);
      assert.deepEqual(contents(config), before);
    });

    await t.test("the fill script fills every placeholder from the bundle's outputs", () => {
      const outputsFile = join(bundleDir, 'outputs.json');
      writeFileSync(outputsFile, JSON.stringify(fakeOutputs(bundleDir)));
      run('python3', [join(config, 'fill_from_terraform.py'), outputsFile, config]);
      for (const [path, text] of Object.entries(contents(config))) {
        const left = text.match(/\{\{terraform:[a-z0-9_]+(\[[a-z0-9-]+\])?\}\}/g);
        assert.equal(left, null, `${path} still has ${left}`);
      }
    });

    const envFiles = readdirSync(config).filter((name) => name.startsWith('.env.'));
    assert.ok(envFiles.length >= 1);
    const envs = Object.fromEntries(envFiles.map((name) => [name.slice(5), parseEnv(readFileSync(join(config, name), 'utf8'))]));

    await t.test('each region reads locally and writes to the global writer, or through its own cluster where it forwards writes', () => {
      for (const [region, env] of Object.entries(envs)) {
        assert.equal(env.AWS_REGION, region);
        assert.equal(Number(env.READ_AFTER_WRITE_WINDOW_MS), window, 'the window is the lag alarm threshold');
        if (engine === 'dynamodb') {
          assert.equal(env.DYNAMODB_TABLE_NAME, 'dynamodb-table-name.example.internal');
          assert.equal(env.DYNAMODB_REGION_PREFERENCE.split(',')[0], region);
          continue;
        }
        const writer = new URL(env.DATABASE_URL_PRIMARY);
        const reader = new URL(env.DATABASE_URL_REPLICA);
        const forwards = /Aurora write\s*\n?#?\s*forwarding/.test(readFileSync(join(config, `.env.${region}`), 'utf8'));
        assert.equal(writer.hostname, forwards ? `database-reader-endpoints.${region}.example.internal` : 'database-global-writer-endpoint.example.internal');
        assert.equal(reader.hostname, `database-reader-endpoints.${region}.example.internal`);
        assert.ok(['true', 'false'].includes(env.HEALTH_CHECKS_WRITER), 'the region says whether /health checks the writer');
        assert.equal(writer.protocol, engine === 'aurora_mysql' ? 'mysql:' : 'postgresql:');
        assert.equal(writer.password, '', 'no password in a file');
        assert.equal(env.DATABASE_SECRET_ARN, 'database-app-user-secret-arn.example.internal', 'the app user, never the master');
        assert.equal(env.DATABASE_USER, 'app');
      }
    });

    const [firstRegion, firstEnv] = Object.entries(envs)[0];
    // A password with YAML's and URLs' special characters: every config must carry it intact.
    const password = 'from-secrets: #manager "quoted" @/?';
    const environment = { ...process.env, ...firstEnv, DATABASE_PASSWORD: password };

    if (frameworks.includes('prisma')) {
      await t.test('Prisma: db.ts and health.ts compile with tsc against the generated client, its adapter and ioredis', () => {
        const project = prismaProject(engine === 'aurora_mysql' ? 'mysql' : 'postgresql');
        for (const name of ['db.ts', 'health.ts']) cpSync(join(config, 'prisma/src', name), join(project, 'src', name));
        run(join(here, 'node_modules/.bin/tsc'), ['-p', project]);
      });
    }

    if (frameworks.includes('prisma') && engine === 'aurora_postgresql' && example === LIVE_EXAMPLE) {
      await t.test('Prisma: the generated db.ts and health.ts route reads and report health against a real PostgreSQL and Redis', async () => {
        const project = prismaProject('postgresql');
        writeFileSync(join(project, 'package.json'), JSON.stringify({ type: 'module', private: true }));
        cpSync(join(here, 'live-prisma.ts'), join(project, 'live-prisma.ts'));
        const database = `regionwise_app_config_${process.pid}_${Date.now()}`;
        const server = new URL(postgresUrl);
        const psql = (sql, db = server.pathname.slice(1) || 'postgres') => run('psql', ['-v', 'ON_ERROR_STOP=1', '-Atc', sql, `${server.protocol}//${server.username || 'postgres'}@${server.host}/${db}`]);
        psql(`CREATE DATABASE ${database}`);
        try {
          psql('CREATE TABLE "Post" ("id" SERIAL PRIMARY KEY, "title" TEXT NOT NULL)', database);
          // The region's own URLs (TLS as generated: sslmode=require), pointed at this machine.
          const url = (role) => {
            const generated = new URL(firstEnv[role === 'writer' ? 'DATABASE_URL_PRIMARY' : 'DATABASE_URL_REPLICA']);
            generated.host = server.host;
            generated.username = server.username || 'postgres';
            generated.pathname = `/${database}`;
            generated.searchParams.set('application_name', role);
            return generated.toString();
          };
          const live = (extra) => JSON.parse(run(join(here, 'node_modules/.bin/tsx'), ['live-prisma.ts'], {
            cwd: project,
            env: { ...environment, DATABASE_URL_PRIMARY: url('writer'), DATABASE_URL_REPLICA: url('reader'), READ_AFTER_WRITE_WINDOW_MS: '500', REDIS_URL: redisUrl, HEALTH_CHECKS_WRITER: 'true', ...extra },
          }));
          const report = live({});
          assert.equal(report.window_ms, 500);
          assert.equal(report.before_write, 'reader');
          assert.equal(report.after_write, 'writer', 'reads after a write in the same request go to the writer');
          assert.equal(report.read_back, 'read after write');
          assert.equal(report.next_request, 'writer', "the user's next request, through Redis");
          assert.equal(report.other_user, 'reader');
          assert.equal(report.after_window, 'reader', 'the window closes');
          assert.equal(report.replica_rows, 1);
          assert.equal(report.health_status, 200, JSON.stringify(report.health));
          assert.deepEqual(Object.keys(report.health.checks).sort(), ['reader', 'redis', 'writer']);
          const down = live({ HEALTH_ONLY: '1', REDIS_URL: 'redis://127.0.0.1:9/0' });
          assert.equal(down.health_status, 503, 'Redis unreachable: unhealthy');
          assert.equal(down.health.checks.redis.ok, false);
          assert.equal(down.health.checks.writer.ok, true);
          // A standby: its writer (the primary's, in another region) is unreachable from here,
          // and its health must not depend on it; a region that writes must.
          const unreachableWriter = 'postgresql://postgres@127.0.0.1:9/none?sslmode=disable';
          const standby = live({ HEALTH_ONLY: '1', HEALTH_CHECKS_WRITER: 'false', DATABASE_URL_PRIMARY: unreachableWriter });
          assert.equal(standby.health_status, 200, JSON.stringify(standby.health));
          assert.deepEqual(Object.keys(standby.health.checks).sort(), ['reader', 'redis']);
          const writing = live({ HEALTH_ONLY: '1', HEALTH_CHECKS_WRITER: 'true', DATABASE_URL_PRIMARY: unreachableWriter });
          assert.equal(writing.health_status, 503, 'a region that writes is unhealthy without its writer');
          assert.equal(writing.health.checks.writer.ok, false);
        } finally {
          psql(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        }
      });
    }

    if (frameworks.includes('rails')) {
      await t.test('Rails: database.yml renders through ERB and YAML to a primary and a replica; the Ruby parses', () => {
        const loaded = JSON.parse(run('ruby', [join(here, 'check_rails.rb'), join(config, 'rails/config/database.yml')], { env: environment }));
        const production = loaded.production;
        assert.equal(production.primary.url, firstEnv.DATABASE_URL_PRIMARY);
        assert.equal(production.primary_replica.url, firstEnv.DATABASE_URL_REPLICA);
        assert.equal(production.primary_replica.replica, true);
        assert.equal(production.primary.password, password);
        assert.equal(production.primary.adapter, engine === 'aurora_mysql' ? 'mysql2' : 'postgresql');
        assert.equal(Number(production.primary.pool), Number(firstEnv.DATABASE_POOL_SIZE));
        for (const file of ['config/initializers/multi_db.rb', 'app/models/application_record.rb']) {
          assert.match(run('ruby', ['-c', join(config, 'rails', file)]), /Syntax OK/);
        }
        const delay = /delay: ([\d.]+)\.seconds/.exec(readFileSync(join(config, 'rails/config/initializers/multi_db.rb'), 'utf8'));
        assert.equal(Number(delay[1]) * 1000, window);
      });
    }

    if (frameworks.includes('pgcat')) {
      await t.test('pgcat: each region\'s TOML parses with a primary and a replica and read/write splitting on', () => {
        for (const region of Object.keys(envs)) {
          const parsed = JSON.parse(run('python3', ['-c', 'import json, sys, tomllib; print(json.dumps(tomllib.load(open(sys.argv[1], "rb"))))', join(config, `pgcat/pgcat.${region}.toml`)]));
          const pool = parsed.pools.app;
          assert.equal(pool.query_parser_enabled, true);
          assert.equal(pool.query_parser_read_write_splitting, true);
          assert.equal(pool.users['0'].pool_size, Number(envs[region].DATABASE_POOL_SIZE));
          assert.deepEqual(pool.shards['0'].servers, [
            ['database-global-writer-endpoint.example.internal', 5432, 'primary'],
            [`database-reader-endpoints.${region}.example.internal`, 5432, 'replica'],
          ]);
        }
      });
    }

    if (frameworks.includes('django')) {
      await t.test('Django: the package compiles, and Django routes reads by the window', () => {
        const dir = join(config, 'django');
        run(python, ['-m', 'py_compile', ...readdirSync(join(dir, 'read_write_split')).filter((n) => n.endsWith('.py')).map((n) => join(dir, 'read_write_split', n))]);
        const report = JSON.parse(run(python, [join(here, 'check_django.py'), dir], { env: environment }));
        assert.equal(report.window_ms, window);
        assert.equal(report.outside_request, 'replica');
        assert.equal(report.routes.get, 'replica', 'a GET without a write reads the replica');
        assert.equal(report.get_cookie, null, 'a GET opens no window');
        assert.equal(report.routes.post_write, 'default');
        assert.equal(report.routes.post, 'default', 'reads after a write in the same request go to the writer');
        assert.ok(Math.abs(report.post_cookie_ms_ahead - window) < 1000, 'the cookie carries the window');
        assert.equal(report.routes.get_after_write, 'default', 'the next request within the window reads the writer');
        assert.equal(report.routes.get_after_window, 'replica');
        assert.equal(report.routes.get_garbage_cookie, 'replica');
        assert.equal(report.databases.default.HOST, 'database-global-writer-endpoint.example.internal');
        assert.equal(report.databases.replica.HOST, `database-reader-endpoints.${firstRegion}.example.internal`);
        assert.deepEqual(report.databases.replica.TEST, { MIRROR: 'default' });
        assert.equal(report.password_from_environment, password);
        assert.equal(report.allow_migrate_replica, false);
      });
    }

    if (frameworks.includes('java')) {
      await t.test('Java: application.properties loads with java.util.Properties and enables the srw plugin', () => {
        const properties = JSON.parse(run('java', [join(here, 'CheckProperties.java'), join(config, 'java/src/main/resources/application.properties')]));
        assert.equal(properties['spring.datasource.driver-class-name'], 'software.amazon.jdbc.Driver');
        assert.equal(properties['spring.datasource.url'], engine === 'aurora_mysql'
          ? 'jdbc:aws-wrapper:mysql://${DATABASE_WRITER_HOST}:${DATABASE_PORT}/${DATABASE_NAME}?sslMode=REQUIRED'
          : 'jdbc:aws-wrapper:postgresql://${DATABASE_WRITER_HOST}:${DATABASE_PORT}/${DATABASE_NAME}?sslmode=require');
        assert.equal(properties['spring.datasource.hikari.data-source-properties.wrapperPlugins'], 'srw');
        assert.equal(properties['spring.datasource.hikari.data-source-properties.srwReadEndpoint'], '${DATABASE_READER_HOST}');
        assert.equal(properties['regionwise.read-after-write-window'], `\${READ_AFTER_WRITE_WINDOW_MS:${window}}ms`);
      });
    }
  });
}

test('regionwise rwsplit writes one framework and refuses one that does not apply', () => {
  const dir = mkdtempSync(join(tmpdir(), 'regionwise-rwsplit-'));
  run(binary, ['rwsplit', join(root, 'examples/hot-standby.json'), '--framework', 'django', '--out', join(dir, 'django')]);
  assert.ok(existsSync(join(dir, 'django/read_write_split/router.py')));
  assert.ok(readdirSync(join(dir, 'django')).some((name) => name.startsWith('.env.')));
  const refused = spawnSync(binary, ['rwsplit', join(root, 'examples/active-active.json'), '--framework', 'prisma', '--out', join(dir, 'prisma')], { encoding: 'utf8' });
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /does not apply/);
  assert.equal(existsSync(join(dir, 'prisma')), false, 'nothing written');
});
