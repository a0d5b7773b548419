//! Prisma / TypeScript: `src/db.ts` (a writer and a reader client through Prisma's driver
//! adapters, and the read-after-write routing: a per-request context, shared between tasks
//! through a Redis key with a TTL) and `src/health.ts` (a `/health` handler that answers 503
//! when the writer, the reader or Redis does not answer).
//!
//! Written for Prisma 7 (the `prisma-client` generator with its output in
//! `src/generated/prisma`), `@prisma/adapter-pg` or `@prisma/adapter-mariadb`, and ioredis 5.

use std::collections::BTreeMap;

use crate::design::{Design, Engine};

pub fn files(design: &Design) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("src/db.ts".to_owned(), db_ts(design)),
        ("src/health.ts".to_owned(), health_ts(design)),
    ])
}

fn db_ts(design: &Design) -> String {
    let (adapter_import, adapter) = match design.engine {
        Engine::Mysql => (
            "import { PrismaMariaDb } from '@prisma/adapter-mariadb';",
            r#"function adapter(variable: string): PrismaMariaDb {
  const url = connectionUrl(variable);
  return new PrismaMariaDb({
    host: url.hostname,
    port: Number(url.port || '3306'),
    user: decodeURIComponent(url.username),
    password: process.env.DATABASE_PASSWORD ?? decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.slice(1)),
    connectionLimit: POOL_SIZE,
    // Encrypted, as the other frameworks' REQUIRED mode; see the README to verify the server.
    ssl: { rejectUnauthorized: false },
  });
}"#,
        ),
        _ => (
            "import { PrismaPg } from '@prisma/adapter-pg';",
            r#"function adapter(variable: string): PrismaPg {
  const url = connectionUrl(variable);
  const password = process.env.DATABASE_PASSWORD;
  if (password) url.password = encodeURIComponent(password);
  // node-postgres reads sslmode=require as verify-full; keep libpq's meaning (encrypted), as
  // Rails and Django do. See the README to verify the server with the RDS CA bundle.
  if (!url.searchParams.has('uselibpqcompat')) url.searchParams.set('uselibpqcompat', 'true');
  return new PrismaPg({ connectionString: url.toString(), max: POOL_SIZE });
}"#,
        ),
    };
    let header = design.header(
        "//",
        "Writer and reader clients with read-after-write routing.",
        false,
    );
    let window = design.window.window_ms;
    let pool = design.pool_per_task;
    format!(
        r#"{header}//
// Usage, in each request handler:
//   await withRequestContext(userId, async () => {{
//     await write((db) => db.post.create({{ data }}));     // the writer; opens the window
//     const posts = await (await readDb()).post.findMany(); // the writer inside the window, else the reader
//   }});

import {{ AsyncLocalStorage }} from 'node:async_hooks';
{adapter_import}
import {{ Redis }} from 'ioredis';
import {{ PrismaClient }} from './generated/prisma/client';

/** Reads go to the writer this long after the same user's write (see the derivation above). */
export const READ_AFTER_WRITE_WINDOW_MS = positiveInteger('READ_AFTER_WRITE_WINDOW_MS', {window});
/** Connections each task keeps to the writer, and as many to the reader. */
export const POOL_SIZE = positiveInteger('DATABASE_POOL_SIZE', {pool});

function positiveInteger(variable: string, fallback: number): number {{
  const text = process.env[variable];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {{
    throw new Error(`${{variable}} must be a positive integer, got "${{text}}"`);
  }}
  return value;
}}

function connectionUrl(variable: string): URL {{
  const text = process.env[variable];
  if (!text) throw new Error(`${{variable}} is not set: load this region's .env file`);
  try {{
    return new URL(text);
  }} catch {{
    throw new Error(`${{variable}} is not a URL (are its Terraform placeholders filled?)`);
  }}
}}

{adapter}

/** Writes, and reads inside the read-after-write window: the global writer endpoint. */
export const writer = new PrismaClient({{ adapter: adapter('DATABASE_URL_PRIMARY') }});
/** Reads: this region's reader endpoint. */
export const reader = new PrismaClient({{ adapter: adapter('DATABASE_URL_REPLICA') }});

/** Shares each user's window between tasks; null when REDIS_URL is unset (one task). */
export const redis: Redis | null = process.env.REDIS_URL
  ? new Redis(process.env.REDIS_URL, {{ maxRetriesPerRequest: 1, connectTimeout: 2000 }})
  : null;

interface RequestContext {{
  /** Whose writes open the window: a user or session id. */
  actor: string;
  /** When this request last wrote, in ms since the epoch. */
  wroteAt: number | null;
}}

const requestContext = new AsyncLocalStorage<RequestContext>();

/** Runs one request's work with its read-after-write context. */
export function withRequestContext<T>(actor: string, work: () => Promise<T>): Promise<T> {{
  return requestContext.run({{ actor, wroteAt: null }}, work);
}}

function windowKey(actor: string): string {{
  return `read-after-write:${{actor}}`;
}}

/** Opens the window for the current request's actor. */
export async function markWrite(): Promise<void> {{
  const context = requestContext.getStore();
  if (!context) return;
  context.wroteAt = Date.now();
  if (redis) {{
    await redis.set(windowKey(context.actor), '1', 'PX', READ_AFTER_WRITE_WINDOW_MS);
  }}
}}

/** Runs a write on the writer and opens the window. */
export async function write<T>(operation: (db: PrismaClient) => Promise<T>): Promise<T> {{
  const result = await operation(writer);
  await markWrite();
  return result;
}}

/** The client for a read: the writer inside the actor's window, the reader otherwise. */
export async function readDb(): Promise<PrismaClient> {{
  const context = requestContext.getStore();
  if (!context) return reader;
  if (context.wroteAt !== null && Date.now() - context.wroteAt < READ_AFTER_WRITE_WINDOW_MS) {{
    return writer;
  }}
  if (!redis) return reader;
  try {{
    return (await redis.exists(windowKey(context.actor))) === 1 ? writer : reader;
  }} catch {{
    // Redis unreachable: the writer is always up to date.
    return writer;
  }}
}}
"#
    )
}

fn health_ts(design: &Design) -> String {
    let header = design.header(
        "//",
        "GET /health: 200 when this region can serve (its reader, Redis, and the writer where\n// HEALTH_CHECKS_WRITER is true) answers, 503 otherwise.",
        false,
    );
    format!(
        r#"{header}//
// Mount it on the path the load balancer checks, e.g. with node:http:
//   if (request.url === '/health') return healthHandler(request, response);

import type {{ IncomingMessage, ServerResponse }} from 'node:http';
import {{ reader, redis, writer }} from './db';

/** A check that takes longer than this fails. */
const CHECK_TIMEOUT_MS = 2000;

export interface CheckResult {{
  ok: boolean;
  ms: number;
  error?: string;
}}

export interface HealthReport {{
  healthy: boolean;
  checks: Record<string, CheckResult>;
}}

async function check(probe: () => Promise<unknown>): Promise<CheckResult> {{
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {{
    timer = setTimeout(() => reject(new Error(`no answer in ${{CHECK_TIMEOUT_MS}} ms`)), CHECK_TIMEOUT_MS);
  }});
  try {{
    await Promise.race([probe(), timeout]);
    return {{ ok: true, ms: Date.now() - started }};
  }} catch (error) {{
    return {{ ok: false, ms: Date.now() - started, error: error instanceof Error ? error.message : String(error) }};
  }} finally {{
    clearTimeout(timer);
  }}
}}

/**
 * Checks this region's reader, Redis when configured and, where HEALTH_CHECKS_WRITER is not
 * "false", the writer, in parallel. A standby's writer is in another region with no network
 * path to it: the standby is ready when its own reader answers.
 */
export async function checkHealth(): Promise<HealthReport> {{
  const client = redis;
  const checkWriter = process.env.HEALTH_CHECKS_WRITER !== 'false';
  const [writerCheck, readerCheck, redisCheck] = await Promise.all([
    checkWriter ? check(() => writer.$queryRaw`SELECT 1`) : Promise.resolve(undefined),
    check(() => reader.$queryRaw`SELECT 1`),
    client ? check(() => client.ping()) : Promise.resolve(undefined),
  ]);
  const checks: Record<string, CheckResult> = {{ reader: readerCheck }};
  if (writerCheck) checks.writer = writerCheck;
  if (redisCheck) checks.redis = redisCheck;
  return {{ healthy: Object.values(checks).every((result) => result.ok), checks }};
}}

export async function healthHandler(_request: IncomingMessage, response: ServerResponse): Promise<void> {{
  const report = await checkHealth();
  response.writeHead(report.healthy ? 200 : 503, {{
    'content-type': 'application/json',
    'cache-control': 'no-store',
  }});
  response.end(JSON.stringify(report));
}}
"#
    )
}
