// The planner in a real browser: a full estimate at first paint without JavaScript, then every
// change recomputed in the browser with no request to the server.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { accessibilityViolations, changed, launchBrowser, screenshot, startServer, text, waitForInteractive, watchErrors } from './harness.mjs';

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

/** Requests the page makes after `since`, other than the ones it loads itself with. */
function watchRequests(page) {
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  return requests;
}

/** A new tab on the planner, once hydrated, with its console errors collected. */
async function openPlanner(browser) {
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  await page.goto(server.baseUrl);
  await waitForInteractive(page);
  return { page, errors };
}

/** Waits until the element's text is `expected`. */
async function becomes(page, testId, expected) {
  await page.waitForFunction(
    ([id, value]) => document.querySelector(`[data-testid="${id}"]`)?.textContent.trim() === value,
    [testId, expected],
    { timeout: 5_000 },
  );
}

test('the first paint is a complete estimate, readable without JavaScript', async () => {
  const browser = await launchBrowser({ javaScriptEnabled: false });
  try {
    const page = await browser.context.newPage();
    const response = await page.goto(server.baseUrl);
    assert.equal(response.status(), 200);
    assert.match(await page.locator('h1').innerText(), /multi-region deployment/);
    assert.match(await text(page, 'total-monthly-cost'), /^\$\d{1,3}(,\d{3})*\.\d{2}$/);
    assert.equal(await text(page, 'rto'), '6 min 30 s');
    assert.match(await text(page, 'rto-worst'), /worst case 14 min/);
    assert.equal(await text(page, 'rpo'), '1 s');
    assert.match(await text(page, 'availability'), /^99\.\d{4} %$/);
    assert.ok((await page.getByTestId('cost-table').locator('tbody tr').count()) > 10);
    assert.equal(await page.getByTestId('compare-table').locator('tbody tr').count(), 6);
    assert.equal(await page.getByLabel('Primary region').inputValue(), 'us-east-1');
    assert.equal(await page.locator('input[name="pattern"][value="warm_standby"]').isChecked(), true);
    assert.equal(await page.locator('main').getAttribute('data-hydrated'), 'false');
  } finally {
    await browser.close();
  }
});

test('pattern, regions and instance class recompute every figure in the browser without a request', async () => {
  const browser = await launchBrowser();
  try {
    // openPlanner waits for the mark only the wasm bundle sets: if hydration breaks, it times out.
    const { page, errors } = await openPlanner(browser);
    const requests = watchRequests(page);

    const firstTotal = await text(page, 'total-monthly-cost');
    const firstRto = await text(page, 'rto');
    const chart = (id) => page.getByTestId(id).locator('svg').innerHTML();
    const firstCharts = [await chart('chart-cost'), await chart('chart-pareto'), await chart('chart-rto')];
    for (const svg of firstCharts) assert.ok(svg.length > 500, 'each chart is drawn at first paint');

    await page.getByRole('radio', { name: /^Active-passive, hot standby/ }).check();
    const hotTotal = await changed(page, 'total-monthly-cost', firstTotal);
    const hotRto = await changed(page, 'rto', firstRto);
    assert.notEqual(hotTotal, firstTotal);
    assert.equal(hotRto, '4 min 10 s');
    // The RTO timeline and the Pareto view (which rings the plan's pattern) follow.
    assert.notEqual(await chart('chart-rto'), firstCharts[2]);
    assert.notEqual(await chart('chart-pareto'), firstCharts[1]);
    assert.equal(await page.locator('[data-testid="compare-table"] tr[aria-current="true"] th').innerText(), 'Active-passive, hot standby');

    await page.getByLabel('Secondary regions').getByLabel('Asia Pacific (Tokyo)').check();
    const threeRegions = await changed(page, 'total-monthly-cost', hotTotal);
    assert.ok(dollars(threeRegions) > dollars(hotTotal), `${threeRegions} > ${hotTotal}`);
    assert.ok(await page.getByTestId('cost-table').getByText('Asia Pacific (Tokyo) — ap-northeast-1').isVisible());
    assert.match(await chart('chart-cost'), /ap-northeast-1/);

    await page.getByLabel('Instance class').selectOption('db.r6g.2xlarge');
    const bigger = await changed(page, 'total-monthly-cost', threeRegions);
    assert.ok(dollars(bigger) > dollars(threeRegions));

    await page.getByLabel('Primary region').selectOption('eu-central-1');
    await changed(page, 'total-monthly-cost', bigger);

    const aurora = await text(page, 'total-monthly-cost');
    await page.getByLabel('Database engine').selectOption('dynamodb');
    assert.equal(await page.getByLabel('Instance class').isDisabled(), true);
    const onDemandTable = await changed(page, 'total-monthly-cost', aurora);
    assert.equal(await page.getByLabel('DynamoDB capacity').inputValue(), 'on_demand');
    await page.getByLabel('DynamoDB capacity').selectOption('provisioned');
    await changed(page, 'total-monthly-cost', onDemandTable);
    // The default workload at 70 % utilisation: 2,858 RCU and 1,143 rWCU in each replica.
    const costTable = page.getByTestId('cost-table');
    assert.equal(await costTable.getByText('2,858 provisioned read capacity units', { exact: false }).count(), 3);
    assert.equal(await costTable.getByText('1,143 provisioned replicated write capacity units', { exact: false }).count(), 3);

    assert.deepEqual(requests, [], 'recomputing must not ask the server anything');

    // The address carries the plan: a reload restores it.
    const total = await text(page, 'total-monthly-cost');
    // The address follows once typing pauses (300 ms, see ADDRESS_DELAY_MS).
    await page.waitForFunction(() => new URLSearchParams(location.search).get('plan')?.length > 0);
    await page.waitForTimeout(600);
    assert.match(page.url(), /\?plan=/);
    await page.reload();
    await waitForInteractive(page);
    assert.equal(await text(page, 'total-monthly-cost'), total);
    assert.equal(await page.getByLabel('Primary region').inputValue(), 'eu-central-1');

    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.equal(await overflow(), 0, 'no horizontal scrolling at 1440 px');
    await screenshot(page, 'planner-1440');
    await page.setViewportSize({ width: 375, height: 800 });
    assert.equal(await overflow(), 0, 'no horizontal scrolling at 375 px (wide tables scroll inside their panel)');
    await screenshot(page, 'planner-375');
    assert.deepEqual(errors, [], 'no console errors or uncaught exceptions');
  } finally {
    await browser.close();
  }
});

test('the site files are named by their hash and kept for a year; the page is revalidated', async () => {
  const page = await fetch(server.baseUrl);
  assert.equal(page.headers.get('cache-control'), 'no-cache', 'the HTML is asked for again each visit');
  const html = await page.text();
  const files = [...html.matchAll(/\/pkg\/regionwise\.([A-Za-z0-9_-]{16,})\.(js|wasm|css)/g)].map((m) => m[0]);
  for (const extension of ['js', 'wasm', 'css']) {
    assert.ok(files.some((file) => file.endsWith(`.${extension}`)), `a hashed .${extension} in the page: ${files}`);
  }
  for (const file of new Set(files)) {
    const response = await fetch(new URL(file, server.baseUrl));
    assert.equal(response.status, 200, file);
    assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable', file);
    await response.arrayBuffer();
  }
  // Other static files are revalidated: they keep their names across releases.
  const script = await fetch(new URL('/share.js', server.baseUrl));
  assert.equal(script.status, 200);
  assert.equal(script.headers.get('cache-control'), 'no-cache');
});

test('a 3-year commitment loads the commitment prices once, then recomputes without a request', async () => {
  const browser = await launchBrowser();
  try {
    const { page, errors } = await openPlanner(browser);
    const requests = watchRequests(page);
    const onDemand = await text(page, 'total-monthly-cost');
    assert.equal(await page.getByTestId('commitment-note').count(), 0);
    assert.equal(await page.getByLabel('Payment', { exact: true }).isVisible(), false, 'payment hidden on-demand');

    await page.getByLabel('Term', { exact: true }).selectOption('three_year');
    // The page's book has no commitment rates: the full book is fetched once.
    await page.getByTestId('commitment-note').waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => !document.querySelector('[data-testid="prices-note"]'), null, { timeout: 10_000 });
    const noUpfront = await changed(page, 'total-monthly-cost', onDemand);
    assert.ok(dollars(noUpfront) < dollars(onDemand), `${noUpfront} < ${onDemand}`);
    // AWS sells no 3-year no-upfront Aurora reservation: the instances stay on-demand, and say so.
    assert.match(await text(page, 'commitment-note'), /^3 years no upfront: \$0\.00 upfront; saves \$[\d,]+\.\d{2} a month against \$[\d,]+\.\d{2} on-demand; [1-9]\d* lines stay on-demand, as AWS sells no such commitment for them$/);
    // The code that reads the full book comes with it, from its own wasm file (app/src/prices.rs).
    const paths = () => requests.map((url) => new URL(url).pathname);
    assert.deepEqual(paths().filter((path) => !path.startsWith('/pkg/split_regionwise_commitment_prices.')), ['/api/v1/prices']);
    assert.equal(paths().length, 2, `the rates and their reader, nothing else: ${paths()}`);

    await page.getByLabel('Payment', { exact: true }).selectOption('all_upfront');
    const allUpfront = await changed(page, 'total-monthly-cost', noUpfront);
    assert.ok(dollars(allUpfront) < dollars(noUpfront), `${allUpfront} < ${noUpfront}`);
    assert.match(await text(page, 'commitment-note'), /^3 years all upfront: \$[\d,]+\.\d{2} upfront/);
    await page.getByLabel('Committed share').fill('0');
    await changed(page, 'total-monthly-cost', allUpfront);
    assert.equal(await text(page, 'total-monthly-cost'), onDemand, 'nothing committed costs on-demand');
    // 0 % commits nothing, yet the field being typed in stays: the user goes on to type 50.
    assert.equal(await page.getByLabel('Committed share').isVisible(), true, 'committed share still shown at 0 %');
    await page.getByLabel('Committed share').fill('50');
    const half = await changed(page, 'total-monthly-cost', onDemand);
    assert.ok(dollars(allUpfront) < dollars(half) && dollars(half) < dollars(onDemand), `${allUpfront} < ${half} < ${onDemand}`);
    assert.equal(requests.length, 2, 'the rates and their reader are fetched once');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('back and forward step through the edits, form and figures together', async () => {
  const browser = await launchBrowser();
  try {
    const { page, errors } = await openPlanner(browser);
    const requests = watchRequests(page);
    const storage = () => page.getByLabel('Storage', { exact: true });
    /** Waits until the address holds a plan other than `previous`, and returns it. */
    const addressAfter = async (previous) => {
      await page.waitForFunction((old) => location.href !== old, previous, { timeout: 5_000 });
      return page.url();
    };

    const warm = { url: page.url(), total: await text(page, 'total-monthly-cost') };
    await page.getByRole('radio', { name: /^Active-passive, hot standby/ }).check();
    const hot = { total: await changed(page, 'total-monthly-cost', warm.total) };
    hot.url = await addressAfter(warm.url);
    await storage().fill('3000');
    const bigger = { total: await changed(page, 'total-monthly-cost', hot.total) };
    bigger.url = await addressAfter(hot.url);

    await page.goBack();
    assert.equal(await changed(page, 'total-monthly-cost', bigger.total), hot.total);
    assert.equal(page.url(), hot.url);
    assert.notEqual(await storage().inputValue(), '3000', 'the form shows the restored plan');
    assert.equal(await page.getByRole('radio', { name: /^Active-passive, hot standby/ }).isChecked(), true);

    await page.goBack();
    assert.equal(await changed(page, 'total-monthly-cost', hot.total), warm.total);
    assert.equal(await page.getByRole('radio', { name: /^Active-passive, warm standby/ }).isChecked(), true);

    await page.goForward();
    await becomes(page, 'total-monthly-cost', hot.total);
    await page.goForward();
    await becomes(page, 'total-monthly-cost', bigger.total);
    assert.equal(await storage().inputValue(), '3000');
    // Restoring a plan does not add entries of its own: the address is the one forward reached.
    await page.waitForTimeout(600);
    assert.equal(page.url(), bigger.url);
    assert.deepEqual(requests.filter((url) => !url.startsWith('data:')), [], 'back and forward stay in the browser');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('the Terraform link downloads the bundle of the plan on screen', async () => {
  const browser = await launchBrowser({ acceptDownloads: true });
  try {
    const { page, errors } = await openPlanner(browser);
    const total = await text(page, 'total-monthly-cost');
    await page.getByRole('radio', { name: /^Backup (and|&) restore/ }).check();
    await changed(page, 'total-monthly-cost', total);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('terraform-zip').click()]);
    assert.equal(download.suggestedFilename(), 'medium-saas-terraform.zip');
    const zip = await readFile(await download.path());
    assert.equal(zip.subarray(0, 4).toString('latin1'), 'PK\x03\x04');
    const names = zip.toString('latin1');
    assert.ok(names.includes('regionwise-terraform/modules/database/main.tf'));
    // The zip is the plan on screen, not the one the page was loaded with: backup & restore
    // copies backups to a vault in the other region and has no standby to fail over to.
    assert.ok(names.includes('regionwise-terraform/modules/backup-vault/main.tf'));
    assert.ok(!names.includes('regionwise-terraform/modules/failover/'));
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('an invalid input names its field and keeps the last valid estimate', async () => {
  const browser = await launchBrowser();
  try {
    const { page, errors } = await openPlanner(browser);
    const total = await text(page, 'total-monthly-cost');

    await page.getByLabel('Storage', { exact: true }).fill('-5');
    await page.getByTestId('plan-error').waitFor({ timeout: 5_000 });
    assert.equal(await page.getByTestId('plan-error').getAttribute('data-path'), 'database.storage_gb');
    assert.match(await text(page, 'plan-error'), /^Storage must be/);
    assert.equal(await page.getByLabel('Storage', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.equal(await text(page, 'total-monthly-cost'), total, 'the last valid estimate stays');

    await page.getByLabel('Storage', { exact: true }).fill('2000');
    await page.getByTestId('plan-error').waitFor({ state: 'detached', timeout: 5_000 });
    assert.ok(dollars(await changed(page, 'total-monthly-cost', total)) > dollars(total));
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('a broken plan in the address falls back to the default plan and says so', async () => {
  const browser = await launchBrowser({ javaScriptEnabled: false });
  try {
    const page = await browser.context.newPage();
    const response = await page.goto(`${server.baseUrl}/?plan=not-base64!`);
    assert.equal(response.status(), 200);
    assert.match(await page.getByRole('alert').first().innerText(), /showing the default plan/);
    assert.equal(await text(page, 'rto'), '6 min 30 s');
  } finally {
    await browser.close();
  }
});

test('the planner and the app config page have no serious or critical accessibility violations (axe-core)', async () => {
  const browser = await launchBrowser();
  try {
    const { page } = await openPlanner(browser);
    assert.deepEqual(await accessibilityViolations(page), []);
    await page.goto(`${server.baseUrl}/app-config?framework=prisma`);
    assert.deepEqual(await accessibilityViolations(page), [], 'the app config page');
  } finally {
    await browser.close();
  }
});

function dollars(text) {
  return Number(text.replace(/[^0-9.]/g, ''));
}

test('the Terraform preview lists every file of the plan on screen with the zip it downloads', async () => {
  const browser = await launchBrowser({ acceptDownloads: true });
  try {
    const { page, errors } = await openPlanner(browser);
    const total = await text(page, 'total-monthly-cost');
    await page.getByRole('radio', { name: /^Active-active/ }).check();
    await changed(page, 'total-monthly-cost', total);
    await page.getByTestId('terraform-preview').click();
    await page.waitForURL(/\/terraform\?plan=/);
    assert.match(await page.locator('h1').innerText(), /Terraform for “Medium SaaS”/);
    const files = page.getByTestId('terraform-files').locator('details summary code');
    const paths = await files.allInnerTexts();
    for (const path of ['README.md', 'main.tf', 'versions.tf', 'modules/routing/main.tf']) assert.ok(paths.includes(path), path);
    assert.match(await page.locator('details[open]').first().innerText(), /Active-active/);
    const sha = await text(page, 'terraform-sha256');
    assert.match(sha, /^[0-9a-f]{64}$/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('terraform-download').click()]);
    const zip = await readFile(await download.path());
    assert.equal(createHash('sha256').update(zip).digest('hex'), sha, 'the page shows the digest of the zip it serves');
    await screenshot(page, 'terraform-preview-1440');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('the app config page is the plan on screen, copies a file and downloads its framework as a zip', async () => {
  const browser = await launchBrowser({ acceptDownloads: true, permissions: ['clipboard-read', 'clipboard-write'] });
  try {
    const { page, errors } = await openPlanner(browser);
    const globalWindow = await text(page, 'app-config-window');
    assert.match(globalWindow, /for 5000 ms \(p99 lag 3 × 1000 ms typical = 3000 ms, \+ 2000 ms margin/);

    // One region and bigger tasks: Aurora Replicas beside the writer (a shorter window), and a
    // pool of 2 × 2 vCPU + 1.
    await page.getByRole('radio', { name: /^Single region/ }).check();
    assert.match(await changed(page, 'app-config-window', globalWindow), /for 2300 ms/);
    await page.getByLabel('Memory per task').selectOption('4');
    await page.getByLabel('vCPU per task').selectOption('2');
    await page.waitForTimeout(100);

    await Promise.all([page.waitForURL(/\/app-config\?plan=/), page.getByTestId('app-config-open').click()]);
    assert.match(await text(page, 'app-config-window'), /for 2300 ms/);
    const env = await page.getByTestId('app-config-files').innerText();
    assert.match(env, /DATABASE_POOL_SIZE=5/);
    assert.match(env, /DATABASE_READER_HOST=\{\{terraform:database_reader_endpoints\[us-east-1\]\}\}/);

    await Promise.all([page.waitForURL(/framework=django/), page.getByRole('link', { name: 'Django' }).click()]);
    const settings = page.locator('section.bundle-file', { has: page.locator('code', { hasText: /^read_write_split\/settings\.py$/ }) });
    await settings.getByRole('button', { name: 'Copy' }).click();
    await page.waitForFunction(() => [...document.querySelectorAll('.copy-status')].some((status) => status.textContent === 'Copied.'));
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, await settings.locator('pre').textContent());
    assert.match(copied, /READ_AFTER_WRITE_WINDOW_MS", "2300"/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('app-config-zip').click()]);
    assert.equal(download.suggestedFilename(), 'medium-saas-django-config.zip');
    const zip = (await readFile(await download.path())).toString('latin1');
    assert.ok(zip.includes('medium-saas-django-config/read_write_split/router.py'));
    assert.ok(zip.includes('medium-saas-django-config/.env.us-east-1'));

    await screenshot(page, 'app-config-1440');
    await Promise.all([page.waitForURL((url) => url.pathname === '/'), page.getByRole('link', { name: 'Back to the plan' }).click()]);
    await waitForInteractive(page);
    assert.match(await text(page, 'app-config-window'), /for 2300 ms/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
