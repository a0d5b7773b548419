// The architecture diagram in a real browser: it follows the plan without a request, switches
// to the view after losing the primary, downloads as SVG and PNG, keeps every text inside its
// box and clear of the others as Chromium actually renders it (1440 and 375 px, the catalog's
// most regions), and two revisions of a saved plan compare side by side. Screenshots of every
// pattern's diagram at both widths land in target/e2e/diagram-*.png (docs/diagrams/ keeps a
// reviewed copy).

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { artifactsDir, launchBrowser, startServer, text, waitForInteractive, watchErrors } from './harness.mjs';

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

/** The planner's address for the default plan changed by `changes` (the draft's encoding). */
function plannerAddress(changes) {
  const encoded = Buffer.from(JSON.stringify(changes)).toString('base64url');
  return `${server.baseUrl}/?plan=${encoded}`;
}

async function openPlanner(browser, address = server.baseUrl) {
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  await page.goto(address);
  await waitForInteractive(page);
  return { page, errors };
}

/** The headings of the region cards in the visible drawing of `view` (planned|failover). */
async function headings(page, view = 'planned') {
  return page.evaluate((view) => {
    const svg = [...document.querySelectorAll(`.architecture__view--${view} .architecture__svg svg`)]
      .find((element) => element.getBoundingClientRect().width > 0);
    if (!svg) return null;
    // Region cards' headings read `region · role`; the entry point's heading does not.
    return [...svg.querySelectorAll('text[font-size="13"]')]
      .map((node) => node.textContent)
      .filter((heading) => heading.includes(' · '));
  }, view);
}

/**
 * What overlaps in the visible diagrams as Chromium lays them out: a text leaving its
 * group's box, or two texts sharing area (tolerance 0.5 units for anti-aliasing).
 */
async function renderedOverlaps(page) {
  return page.evaluate(() => {
    const problems = [];
    const svgs = [...document.querySelectorAll('.architecture__svg svg')].filter(
      (svg) => svg.getBoundingClientRect().width > 0,
    );
    const slack = 0.5;
    for (const svg of svgs) {
      const boxes = [];
      for (const group of svg.querySelectorAll('g')) {
        const frame = group.querySelector('rect').getBBox();
        for (const node of group.querySelectorAll('text')) {
          const box = node.getBBox();
          if (box.x < frame.x - slack || box.y < frame.y - slack || box.x + box.width > frame.x + frame.width + slack || box.y + box.height > frame.y + frame.height + slack) {
            problems.push(`"${node.textContent}" leaves its box`);
          }
          boxes.push([node.textContent, box]);
        }
      }
      for (let i = 0; i < boxes.length; i += 1) {
        for (let j = i + 1; j < boxes.length; j += 1) {
          const [a, p] = boxes[i];
          const [b, q] = boxes[j];
          if (p.x + slack < q.x + q.width && q.x + slack < p.x + p.width && p.y + slack < q.y + q.height && q.y + slack < p.y + p.height) {
            problems.push(`"${a}" overlaps "${b}"`);
          }
        }
      }
    }
    return { drawings: svgs.length, problems };
  });
}

test('the diagram follows the plan without a request and shows the failover', async () => {
  const browser = await launchBrowser();
  try {
    const { page, errors } = await openPlanner(browser);
    const requests = [];
    page.on('request', (request) => requests.push(request.url()));
    assert.deepEqual(await headings(page), ['us-east-1 · primary', 'eu-west-1 · standby']);

    await page.getByLabel('Secondary regions').getByLabel('Asia Pacific (Tokyo)').check();
    await page.waitForFunction(() => document.querySelector('.architecture__view--planned')?.textContent.includes('ap-northeast-1 · standby'));
    assert.deepEqual(await headings(page), ['us-east-1 · primary', 'eu-west-1 · standby', 'ap-northeast-1 · standby']);
    const list = await page.getByTestId('architecture-planned').locator('details li').allTextContents();
    assert.ok(list.some((line) => line.startsWith('ap-northeast-1 · standby')), 'the text version follows too');
    assert.deepEqual(requests, [], 'the diagram is redrawn in the browser');

    assert.equal(await headings(page, 'failover'), null, 'the failover view is hidden');
    await page.getByText('Show after losing the primary').click();
    assert.equal(await headings(page), null, 'the planned view is hidden');
    assert.deepEqual(await headings(page, 'failover'), ['us-east-1 · lost', 'eu-west-1 · new primary', 'ap-northeast-1 · standby']);
    const failover = await page.getByTestId('architecture-after-failover').innerText();
    assert.match(failover, /After losing us-east-1: eu-west-1 takes the writes/);
    assert.match(failover, /RTO 6 min 30 s typical, 14 min worst/);
    assert.match(failover, /App: scales 2 → 6 Fargate tasks/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('the diagram downloads as SVG and PNG, named after the plan', async () => {
  const browser = await launchBrowser({ acceptDownloads: true });
  try {
    const { page, errors } = await openPlanner(browser);
    const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('architecture-svg').click()]);
    assert.equal(svgDownload.suggestedFilename(), 'medium-saas-architecture.svg');
    const svg = await readFile(await svgDownload.path(), 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /us-east-1 · primary/);

    await page.getByText('Show after losing the primary').click();
    const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('architecture-png').click()]);
    assert.equal(pngDownload.suggestedFilename(), 'medium-saas-architecture-after-failover.png');
    const png = await readFile(await pngDownload.path());
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    const viewBox = (await page.locator('.architecture__view--failover .architecture__svg--wide svg').getAttribute('viewBox')).split(' ').map(Number);
    assert.deepEqual([width, height], [viewBox[2] * 2, viewBox[3] * 2], 'drawn at twice the diagram size');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('as Chromium renders it, no text leaves its box or overlaps another (11 regions, 1440 and 375 px)', async () => {
  const secondaries = ['us-west-2', 'us-east-2', 'us-west-1', 'ca-central-1', 'eu-west-1', 'eu-central-1', 'eu-north-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1'];
  const address = plannerAddress({ pattern: 'active_active', secondary_regions: secondaries });
  for (const width of [1440, 375]) {
    const browser = await launchBrowser({ viewport: { width, height: 900 } });
    try {
      const { page, errors } = await openPlanner(browser, address);
      assert.equal((await headings(page)).length, 11);
      for (const view of ['planned', 'failover']) {
        if (view === 'failover') await page.getByText('Show after losing the primary').click();
        const { drawings, problems } = await renderedOverlaps(page);
        assert.equal(drawings, 1, `one drawing visible at ${width} px`);
        assert.deepEqual(problems, [], `${view} at ${width} px`);
      }
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.equal(sideways, 0, `no sideways scroll at ${width} px`);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  }
});

test('every pattern draws legibly at 1440 and 375 px (screenshots for review)', async () => {
  const patterns = ['single_region', 'backup_restore', 'pilot_light', 'warm_standby', 'hot_standby', 'active_active'];
  for (const width of [1440, 375]) {
    const browser = await launchBrowser({ viewport: { width, height: 900 } });
    try {
      for (const pattern of patterns) {
        const changes = pattern === 'active_active'
          ? { pattern, secondary_regions: ['eu-west-1', 'ap-southeast-1'], database: { engine: 'dynamodb' } }
          : { pattern };
        const { page, errors } = await openPlanner(browser, plannerAddress(changes));
        const { problems } = await renderedOverlaps(page);
        assert.deepEqual(problems, [], `${pattern} at ${width} px`);
        const drawing = page.locator('.architecture__view--planned .architecture__svg').filter({ has: page.locator('svg:visible') });
        await drawing.screenshot({ path: join(artifactsDir, `diagram-${pattern}-${width}.png`) });
        if (pattern !== 'single_region') {
          await page.getByText('Show after losing the primary').click();
          const after = page.locator('.architecture__view--failover .architecture__svg').filter({ has: page.locator('svg:visible') });
          await after.screenshot({ path: join(artifactsDir, `diagram-${pattern}-${width}-failover.png`) });
        }
        assert.deepEqual(errors, []);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  }
});

test("two revisions of a saved plan compare side by side from the plan's history", async () => {
  const created = await (await fetch(`${server.baseUrl}/api/v1/plans`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Checkout', pattern: 'warm_standby', primary_region: 'us-east-1', secondary_regions: ['us-west-2'], database: { instance_class: 'db.r6g.large' }, targets: { rto_seconds: 900 } }),
  })).json();
  const edited = await fetch(`${server.baseUrl}/api/v1/plans/${created.id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${created.edit_token}`, 'if-match': '"1"' },
    body: JSON.stringify({ name: 'Checkout', pattern: 'pilot_light', primary_region: 'us-east-1', secondary_regions: ['us-west-2'], database: { instance_class: 'db.r6g.large' }, targets: { rto_seconds: 900 } }),
  });
  assert.equal(edited.status, 200);
  const browser = await launchBrowser({ acceptDownloads: true });
  try {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.baseUrl}/p/${created.id}`);
    // The share page draws the saved plan's diagram and downloads it like the planner.
    assert.match(await page.getByTestId('architecture-planned').textContent(), /us-west-2 · standby/);
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('architecture-png').click()]);
    assert.equal(png.suggestedFilename(), 'checkout-architecture.png');
    assert.equal((await readFile(await png.path())).subarray(1, 4).toString('latin1'), 'PNG');
    await page.getByTestId('history-compare').click();
    await page.getByTestId('compare-choice').waitFor();
    assert.match(await text(page, 'compare-choice'), /^Choose A: A meets every stated target; B misses rto_seconds/);
    assert.match(await text(page, 'compare-side-a'), new RegExp(`${created.id}@1`));
    assert.match(await text(page, 'compare-side-b'), new RegExp(`${created.id}@2`));
    assert.match(await page.getByTestId('compare-diagram-a').innerText(), /us-west-2 · standby/);
    const rows = await page.getByTestId('compare-lines').locator('tbody tr').allInnerTexts();
    assert.ok(rows.some((row) => /^removed\s+us-west-2\s+AWS Fargate/.test(row)), rows.join('\n'));
    const figures = await page.getByTestId('compare-figures').innerText();
    assert.match(figures, /Pattern\s+Active-passive, warm standby\s+Pilot light/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('the planner compares the plan on screen with a saved plan', async () => {
  const created = await (await fetch(`${server.baseUrl}/api/v1/plans`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Saved hot standby', pattern: 'hot_standby', primary_region: 'us-east-1', secondary_regions: ['eu-west-1'], database: { instance_class: 'db.r6g.large' } }),
  })).json();
  const browser = await launchBrowser();
  try {
    const { page, errors } = await openPlanner(browser);
    await page.getByLabel('Compare with a saved plan').fill(created.id);
    await Promise.all([page.waitForURL(/\/compare\?/), page.getByTestId('compare-with-saved').getByRole('button', { name: 'Compare' }).click()]);
    assert.match(await text(page, 'compare-side-a'), /Saved hot standby/);
    assert.match(await text(page, 'compare-side-b'), /Medium SaaS \(planner address\)/);
    assert.match(await page.getByTestId('compare-figures').innerText(), /Pattern\s+Active-passive, hot standby\s+Active-passive, warm standby/);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
