// Test harness for the browser end-to-end tests.
//
// It starts the release build of the server (target/release/regionwise, built by
// `cargo leptos build --release --split`) on a free port with a fresh SQLite data directory, and
// launches Debian's Chromium headless through playwright-core with a fresh user-data-dir.
// Nothing here downloads a browser: CHROMIUM_PATH (default /usr/bin/chromium) must exist.

import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const artifactsDir = join(repoRoot, 'target', 'e2e');

const serverBinary = join(repoRoot, 'target', 'release', 'regionwise');
const siteRoot = join(repoRoot, 'target', 'site');
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/**
 * The release wasm bundle: `pkg/regionwise.<hash>.wasm`, the hash read from the `hash.txt`
 * cargo-leptos writes beside the binary (`pkg/regionwise.wasm` in a build without hashing).
 */
export function wasmBundle() {
  const hashFile = join(dirname(serverBinary), 'hash.txt');
  const hash = existsSync(hashFile) ? /^wasm: *(\S+)$/m.exec(readFileSync(hashFile, 'utf8'))?.[1] : undefined;
  return join(siteRoot, 'pkg', hash ? `regionwise.${hash}.wasm` : 'regionwise.wasm');
}

async function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
  });
}

/** Starts the server; resolves once it prints its address. */
/**
 * Waits until the planner is fully interactive: hydrated (`main[data-hydrated]`) and every part
 * whose code loads after the first interaction (`.deferred`, app/src/deferred.rs) taken over.
 */
export async function waitForInteractive(page) {
  await page.locator('main[data-hydrated="true"]').waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => document.querySelector('.deferred:not([data-ready])') === null, null, {
    timeout: 30_000,
  });
}

export async function startServer() {
  for (const [path, hint] of [
    [serverBinary, 'run `cargo leptos build --release --split` first'],
    [wasmBundle(), 'the wasm bundle is missing: run `cargo leptos build --release --split`'],
  ]) {
    if (!existsSync(path)) throw new Error(`${path} not found: ${hint}`);
  }
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), 'regionwise-e2e-data-'));
  const child = spawn(serverBinary, ['serve'], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH,
      REGIONWISE_ADDR: `127.0.0.1:${port}`,
      REGIONWISE_DATA_DIR: dataDir,
      LEPTOS_SITE_ROOT: siteRoot,
      LEPTOS_ENV: 'PROD',
      RUST_LOG: process.env.RUST_LOG ?? 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const baseUrl = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start within 30 s')), 30_000);
    child.once('exit', (code) => reject(new Error(`server exited early with code ${code}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^listening on (http:\/\/\S+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
  });
  return {
    baseUrl,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once('exit', done));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A fresh Chromium profile; `options` go to Playwright's context (e.g. javaScriptEnabled). */
export async function launchBrowser(options = {}) {
  if (!existsSync(chromiumPath)) {
    throw new Error(`${chromiumPath} not found: install Debian's chromium (apt-get install chromium)`);
  }
  const userDataDir = await mkdtemp(join(tmpdir(), 'regionwise-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumFlags,
    viewport: { width: 1440, height: 900 },
    ...options,
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Collects console errors and uncaught exceptions of a page. */
/** Console errors and uncaught exceptions of `page`, except console messages matching `allow`. */
export function watchErrors(page, { allow = [] } = {}) {
  const errors = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (allow.some((pattern) => pattern.test(message.text()))) return;
    errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}

export async function screenshot(page, name) {
  await mkdir(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The trimmed text of the (first) element with `data-testid="testId"`. */
export async function text(page, testId) {
  return (await page.getByTestId(testId).first().innerText()).trim();
}

/** Waits until the element's text differs from `previous`, and returns it. */
export async function changed(page, testId, previous) {
  await page.waitForFunction(
    ([id, old]) => document.querySelector(`[data-testid="${id}"]`)?.textContent.trim() !== old,
    [testId, previous],
    { timeout: 5_000 },
  );
  return text(page, testId);
}

/** Serious or critical axe-core violations on the page, one line each. */
export async function accessibilityViolations(page) {
  // Evaluated through the DevTools protocol, so the page's CSP does not apply to it.
  await page.evaluate(await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'));
  return page.evaluate(async () => {
    const results = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return results.violations
      .filter((violation) => ['serious', 'critical'].includes(violation.impact))
      .map((violation) => `${violation.id} (${violation.impact}): ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')}`);
  });
}
