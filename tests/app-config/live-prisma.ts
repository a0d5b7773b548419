// Runs the generated src/db.ts and src/health.ts against a real PostgreSQL and Redis: writes
// go to the writer, a user's reads follow their write to the writer for the window (in the same
// request, and in a later request through Redis) and go to the reader otherwise; /health is 200
// while everything answers. Prints a JSON report for config.test.mjs.
//
// HEALTH_ONLY=1 skips the routing part (for a run with Redis unreachable).
// Run from a Prisma project holding the generated files in src/, with the region's environment
// (DATABASE_URL_PRIMARY, DATABASE_URL_REPLICA, READ_AFTER_WRITE_WINDOW_MS, REDIS_URL) set.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { READ_AFTER_WRITE_WINDOW_MS, readDb, reader, redis, withRequestContext, write, writer } from './src/db';
import { healthHandler } from './src/health';

const name = (client: unknown) => (client === writer ? 'writer' : client === reader ? 'reader' : 'unknown');
const report: Record<string, unknown> = { window_ms: READ_AFTER_WRITE_WINDOW_MS };
// Users of this run only: Redis may be shared with other runs.
const alice = `alice-${process.pid}`;
const bob = `bob-${process.pid}`;

if (!process.env.HEALTH_ONLY) await routing();

async function routing(): Promise<void> {
  await withRequestContext(alice, async () => {
    report.before_write = name(await readDb());
    const post = await write((db) => db.post.create({ data: { title: 'read after write' } }));
    const client = await readDb();
    report.after_write = name(client);
    report.read_back = (await client.post.findUnique({ where: { id: post.id } }))?.title ?? null;
  });
  // A later request of the same user, maybe on another task: Redis still holds the window.
  report.next_request = await withRequestContext(alice, async () => name(await readDb()));
  report.other_user = await withRequestContext(bob, async () => name(await readDb()));
  await new Promise((resolve) => setTimeout(resolve, READ_AFTER_WRITE_WINDOW_MS + 200));
  report.after_window = await withRequestContext(alice, async () => name(await readDb()));
  report.replica_rows = await reader.post.count();
}

const server = createServer((request, response) => void healthHandler(request, response));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
const health = await fetch(`http://127.0.0.1:${port}/health`);
report.health_status = health.status;
report.health = await health.json();
server.close();

await Promise.all([writer.$disconnect(), reader.$disconnect()]);
redis?.disconnect();
console.log(JSON.stringify(report));
