// The planner as architects use it: every table column in view at 1440 px, nothing scrolling
// sideways at 375 px, edits without dead ends, errors for people, the plan's name where a
// person looks for it, and a skip link to the results.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { changed, launchBrowser, screenshot, startServer, text, waitForInteractive, watchErrors } from './harness.mjs';

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

async function openPlanner(browser, path = '/') {
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  await page.goto(`${server.baseUrl}${path}`);
  await waitForInteractive(page);
  return { page, errors };
}

/** Cells of the table whose right edge lies beyond the viewport (the page not scrolled). */
async function cellsOutOfView(page, testId) {
  return page.evaluate((id) => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll(`[data-testid="${id}"] th, [data-testid="${id}"] td`)]
      .filter((cell) => cell.getBoundingClientRect().width > 0)
      .filter((cell) => cell.getBoundingClientRect().right > width + 0.5)
      .map((cell) => `${cell.textContent.trim().slice(0, 40)} (right ${Math.round(cell.getBoundingClientRect().right)} > ${width})`);
  }, testId);
}

/**
 * Selects of the form whose chosen option's text (with `everyOption`, any option's text) is
 * wider than the room beside the arrow. On a phone the open list shows options in full, so only
 * the chosen ones must fit there.
 */
async function clippedSelects(page, { everyOption = false } = {}) {
  return page.evaluate((everyOption) => {
    const context = document.createElement('canvas').getContext('2d');
    // Chromium draws the select's arrow inside the content box: about 20 px.
    const arrow = 20;
    return [...document.querySelectorAll('.plan-form select')]
      .filter((select) => select.getBoundingClientRect().width > 0 && select.selectedIndex >= 0)
      .map((select) => {
        const style = getComputedStyle(select);
        context.font = style.font;
        const widest = (a, b) => (context.measureText(b).width > context.measureText(a).width ? b : a);
        const text = everyOption
          ? [...select.options].map((option) => option.text).reduce(widest)
          : select.options[select.selectedIndex].text;
        const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - arrow;
        return { id: select.id, text, needs: Math.ceil(context.measureText(text).width), room: Math.floor(room) };
      })
      .filter(({ needs, room }) => needs > room)
      .map(({ id, text, needs, room }) => `${id} "${text}": ${needs} px in ${room} px`);
  }, everyOption);
}

/** How far the document scrolls sideways (0 when it does not). */
async function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test('at 1440 px every column of the cost and comparison tables is in view, the recommendation beside the figures', async () => {
  const browser = await launchBrowser({ viewport: { width: 1440, height: 900 } });
  try {
    const { page, errors } = await openPlanner(browser);
    assert.deepEqual(await cellsOutOfView(page, 'cost-table'), []);
    assert.deepEqual(await cellsOutOfView(page, 'compare-table'), []);
    assert.equal(await horizontalOverflow(page), 0);
    // The recommendation starts within the first screen and a half (it was ~4,500 px down).
    const top = await page.getByTestId('recommendation').evaluate((element) => element.getBoundingClientRect().top);
    assert.ok(top < 1_400, `recommendation at ${top} px`);
    // Every input shows its whole value, and large counts read in words beside them.
    const clipped = await page.evaluate(() =>
      [...document.querySelectorAll('.plan-form input[type="number"], .plan-form select')]
        .filter((field) => field.scrollWidth > field.clientWidth + 1)
        .map((field) => field.id));
    assert.deepEqual(clipped, []);
    assert.deepEqual(await clippedSelects(page, { everyOption: true }), []);
    assert.equal(await text(page, 'requests-in-words'), '100 M requests a month');
    await screenshot(page, 'planner-1440');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('with targets, the recommendation says by how much it meets each and what cheaper patterns miss', async () => {
  const browser = await launchBrowser();
  try {
    const { page, errors } = await openPlanner(browser);
    const before = await text(page, 'recommendation');
    // Targets in the units people think in: 15 min and 1 min (empty fields start in minutes).
    assert.equal(await page.getByLabel('RTO target unit').inputValue(), '60');
    await page.getByLabel('RTO target', { exact: true }).fill('15');
    await page.getByLabel('RPO target unit').selectOption('1');
    await page.getByLabel('RPO target', { exact: true }).fill('60');
    const recommendation = await changed(page, 'recommendation', before);
    assert.match(recommendation, /cheapest pattern that meets every target/);
    const margins = await text(page, 'recommendation-margins');
    assert.match(margins, /RTO: worst case .*inside the 15 min target/);
    assert.match(margins, /RPO: .* inside the 1 min target/);
    assert.match(recommendation, /Cheaper, but not enough: .*misses RTO/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('at 375 px no page scrolls sideways and the summary bar stays in view while editing', async () => {
  const browser = await launchBrowser({ viewport: { width: 375, height: 800 } });
  try {
    const { page, errors } = await openPlanner(browser);
    assert.equal(await horizontalOverflow(page), 0, '/');
    assert.deepEqual(await clippedSelects(page), []);
    await page.getByLabel('Storage', { exact: true }).scrollIntoViewIfNeeded();
    const bar = await page.getByTestId('summary-bar').boundingBox();
    assert.ok(bar && bar.y >= 0 && bar.y < 10, `summary bar at ${bar?.y}`);
    assert.match(await text(page, 'summary-bar'), /^\$[\d,]+\.\d{2} a month/);
    await screenshot(page, 'planner-375');

    // The Terraform preview and the app config page of the same plan, and a saved plan's page.
    const search = await page.evaluate(() => window.location.search);
    const saved = await fetch(`${server.baseUrl}/api/v1/plans`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Narrow screens', description: 'Payments API, EU customers.\nReviewed 2026-12-07.', pattern: 'hot_standby', primary_region: 'us-east-1', secondary_regions: ['eu-west-1'], database: { instance_class: 'db.r6g.large' } }),
    });
    assert.equal(saved.status, 201);
    const { id } = await saved.json();
    for (const path of [`/terraform${search}`, `/app-config${search}`, `/p/${id}`]) {
      await page.goto(`${server.baseUrl}${path}`);
      assert.equal(await horizontalOverflow(page), 0, path);
      if (path.startsWith('/p/')) {
        assert.equal(await text(page, 'share-description'), 'Payments API, EU customers.\nReviewed 2026-12-07.');
        await screenshot(page, 'share-375');
      }
    }
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('choosing a secondary region as the primary swaps the two', async () => {
  const browser = await launchBrowser();
  try {
    const { page, errors } = await openPlanner(browser);
    const secondary = page.locator('input[type="checkbox"][value="eu-west-1"]');
    assert.equal(await secondary.isChecked(), true, 'the default plan has eu-west-1 as its standby');
    const total = await text(page, 'total-monthly-cost');
    await page.getByLabel('Primary region').selectOption('eu-west-1');
    await changed(page, 'total-monthly-cost', total);
    assert.equal(await page.getByTestId('plan-error').count(), 0, 'no error');
    assert.equal(await page.locator('input[type="checkbox"][value="us-east-1"]').isChecked(), true);
    assert.equal(await secondary.isChecked(), false);
    assert.equal(await secondary.isDisabled(), true, 'the primary is not offered as a secondary');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('a negative storage is explained in words, and the results say they are the last valid plan', async () => {
  const browser = await launchBrowser();
  try {
    const { page, errors } = await openPlanner(browser);
    await page.getByLabel('Storage', { exact: true }).fill('-5');
    await page.getByTestId('plan-error').waitFor({ timeout: 5_000 });
    const message = await text(page, 'plan-error');
    assert.match(message, /^Storage must be a whole number of GB from 1 to 131,072/);
    assert.doesNotMatch(message, /invalid value|expected u32|line 1 column/);
    assert.match(await text(page, 'stale-notice'), /^Showing the last valid plan: Storage must be/);
    // The banner is in view where the field is being edited.
    const banner = await page.getByTestId('plan-error').boundingBox();
    assert.ok(banner && banner.y >= 0 && banner.y < 900, `banner at ${banner?.y}`);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test("the plan's name is the page title and names the Terraform download", async () => {
  const browser = await launchBrowser({ acceptDownloads: true });
  try {
    const { page, errors } = await openPlanner(browser);
    assert.equal(await page.title(), 'Medium SaaS — Regionwise');
    await page.getByLabel('Plan name').fill('Payments EU');
    await page.waitForFunction(() => document.title === 'Payments EU — Regionwise', null, { timeout: 5_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('terraform-zip').click()]);
    assert.equal(download.suggestedFilename(), 'payments-eu-terraform.zip');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('cost-csv').click()]);
    assert.equal(csv.suggestedFilename(), 'payments-eu-cost.csv');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('the first Tab reaches a skip link to the results', async () => {
  const browser = await launchBrowser();
  try {
    const { page, errors } = await openPlanner(browser);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => [document.activeElement?.textContent, document.activeElement?.getAttribute('href')]);
    assert.deepEqual(focused, ['Skip to the results', '#results']);
    // The focus ring stands out from the page: at least 3:1 against white.
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineColor);
    const [r, g, b] = ring.match(/\d+/g).map(Number);
    const luminance = [r, g, b]
      .map((channel) => channel / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
      .reduce((sum, c, index) => sum + c * [0.2126, 0.7152, 0.0722][index], 0);
    assert.ok(1.05 / (luminance + 0.05) >= 3, `focus ring ${ring}`);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('printed, the plan is a design-review document of at most three pages with the total in dark text', async () => {
  const browser = await launchBrowser();
  try {
    const { page, errors } = await openPlanner(browser);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.plan-form').isVisible(), false, 'the form is not printed');
    assert.equal(await page.getByTestId('plan-inputs').first().isVisible(), true, 'its inputs are');
    const totalColour = await page.getByTestId('total-monthly-cost').evaluate((element) => getComputedStyle(element).color);
    const [r, g, b] = totalColour.match(/\d+/g).map(Number);
    assert.ok(r + g + b < 3 * 80, `total printed in ${totalColour}`);
    await screenshot(page, 'planner-print');
    const pdf = await page.pdf({ format: 'A4', printBackground: false });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.ok(pages >= 1 && pages <= 3, `${pages} printed pages`);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
