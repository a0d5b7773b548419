// The home page in a real browser: readable before the wasm runs, interactive after.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, startServer, watchErrors } from './harness.mjs';

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

test('the home page is server-rendered and readable without JavaScript', async () => {
  const browser = await launchBrowser({ javaScriptEnabled: false });
  try {
    const page = await browser.context.newPage();
    const response = await page.goto(server.baseUrl);
    assert.equal(response.status(), 200);
    assert.match(await page.locator('h1').innerText(), /multi-region deployment/);
    assert.equal(await page.getByLabel('Pattern', { exact: true }).inputValue(), 'warm_standby');
    assert.equal(await page.getByTestId('pattern-rto').innerText(), '1–5 min');
    assert.equal(await page.locator('main').getAttribute('data-hydrated'), 'false');
  } finally {
    await browser.close();
  }
});

test('the page hydrates and the pattern picker updates the summary in the browser', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(server.baseUrl);

    // Only the wasm bundle sets this: if hydration breaks, the wait times out.
    await page.locator('main[data-hydrated="true"]').waitFor({ timeout: 30_000 });
    assert.match(await page.getByTestId('interactive-status').innerText(), /^Interactive/);

    // An interaction that only works once the wasm runs: the summary follows the picker.
    await page.getByLabel('Pattern', { exact: true }).selectOption('active_active');
    await page.getByTestId('pattern-rto').filter({ hasText: 'near zero' }).waitFor({ timeout: 5_000 });
    assert.equal(await page.getByTestId('pattern-rpo').innerText(), 'near zero');
    const selectedRow = page.locator('tr[aria-current="true"] th');
    assert.equal(await selectedRow.innerText(), 'Active-active');

    await page.getByLabel('Pattern', { exact: true }).selectOption('pilot_light');
    await page.getByTestId('pattern-rto').filter({ hasText: 'tens of minutes' }).waitFor({ timeout: 5_000 });

    await screenshot(page, 'home-1440');
    await page.setViewportSize({ width: 375, height: 800 });
    await screenshot(page, 'home-375');
    assert.deepEqual(errors, [], 'no console errors or uncaught exceptions');
  } finally {
    await browser.close();
  }
});
