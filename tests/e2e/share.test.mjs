// Saving and sharing in a real browser: a plan saved in one browser opens by its link in
// another with the same numbers; its creator edits it with the token the browser keeps;
// someone without the token forks it instead.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { accessibilityViolations, changed, launchBrowser, screenshot, startServer, text, waitForInteractive, watchErrors } from './harness.mjs';

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

/** Saves `plan` through the API; the answer's id, links and edit token. */
async function savePlan(plan) {
  const response = await fetch(`${server.baseUrl}/api/v1/plans`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(plan),
  });
  assert.equal(response.status, 201);
  return response.json();
}

async function hydrated(page) {
  await waitForInteractive(page);
}

test('a plan saved in one browser opens by link in another, is edited with its token and forked without it', async () => {
  const creator = await launchBrowser();
  const visitor = await launchBrowser();
  try {
    // The creator changes the plan and saves it.
    const page = await creator.context.newPage();
    const errors = watchErrors(page);
    await page.goto(server.baseUrl);
    await hydrated(page);
    const before = await text(page, 'total-monthly-cost');
    await page.getByRole('radio', { name: /^Pilot light/ }).check();
    const total = await changed(page, 'total-monthly-cost', before);
    const rto = await text(page, 'rto');
    await page.waitForFunction(() => window.location.search.includes('plan='));
    await Promise.all([page.waitForURL(/\/p\/[A-Za-z0-9_-]{22}$/), page.getByTestId('share-save-new').getByRole('button').click()]);
    const shareUrl = page.url();
    assert.ok(!shareUrl.includes('#'), 'the token left the address for local storage');
    const id = shareUrl.split('/p/')[1];
    assert.equal(await text(page, 'total-monthly-cost'), total);
    assert.equal(await text(page, 'rto'), rto);
    assert.ok(await page.getByTestId('share-edit').isVisible(), 'the creator may edit');
    const editLink = await page.getByTestId('share-edit-link').inputValue();
    assert.match(editLink, new RegExp(`/p/${id}#edit=[A-Za-z0-9_-]{43}$`));
    const stored = await page.evaluate((key) => window.localStorage.getItem(key), `regionwise:edit:${id}`);
    assert.equal(editLink.split('#edit=')[1], stored);
    await screenshot(page, 'share-page-creator');
    assert.deepEqual(await accessibilityViolations(page), [], 'the share page, with its edit controls');

    // Another browser opens the link: same numbers, no edit, a fork.
    const other = await visitor.context.newPage();
    const otherErrors = watchErrors(other);
    await other.goto(shareUrl);
    assert.equal(await text(other, 'total-monthly-cost'), total);
    assert.equal(await text(other, 'rto'), rto);
    assert.equal(await text(other, 'share-title'), 'Medium SaaS');
    assert.ok(!(await other.getByTestId('share-edit').isVisible()), 'no edit without the token');
    assert.ok(await other.getByTestId('share-fork').isVisible());

    // The creator edits: the planner opens on the saved plan and saves revision 2.
    await Promise.all([page.waitForURL(/saved=/), page.getByTestId('share-edit').click()]);
    await hydrated(page);
    assert.equal(await text(page, 'total-monthly-cost'), total, 'the planner opens on the saved plan');
    await page.getByRole('radio', { name: /^Active-passive, warm standby/ }).check();
    const editedTotal = await changed(page, 'total-monthly-cost', total);
    const save = page.getByTestId('share-save-revision').getByRole('button');
    await save.waitFor();
    assert.equal(await save.innerText(), 'Save as revision 2');
    await page.waitForFunction(() => !document.querySelector('[data-testid="share-save-revision"] button').disabled);
    await Promise.all([page.waitForURL(new RegExp(`/p/${id}$`)), save.click()]);
    assert.equal(await text(page, 'total-monthly-cost'), editedTotal);
    assert.equal(await page.getByTestId('history-row').count(), 2);
    // The page lists the plan's inputs, and its history names fields as people do.
    assert.match(await page.getByTestId('plan-inputs').first().innerText(), /Deployment pattern\s+Active-passive, warm standby/);
    assert.match(await page.getByTestId('share-history').innerText(), /Deployment pattern: Pilot light → Active-passive, warm standby/);

    // The visitor reloads and sees revision 2; forking gives them their own editable copy.
    await other.reload();
    assert.equal(await text(other, 'total-monthly-cost'), editedTotal);
    await Promise.all([other.waitForURL((url) => !url.pathname.endsWith(id) && url.pathname.startsWith('/p/')), other.getByTestId('share-fork').click()]);
    assert.ok(await other.getByTestId('share-edit').isVisible(), 'the fork is theirs to edit');
    assert.match(await text(other, 'share-forked-from'), new RegExp(`plan ${id}, revision 2`));
    assert.equal(await text(other, 'total-monthly-cost'), editedTotal);

    // In the planner without the token, saving a revision of the original is refused up front.
    await other.goto(`${server.baseUrl}/?saved=${id}&revision=2`);
    await hydrated(other);
    assert.ok(await other.getByTestId('share-save-revision').getByRole('button').isDisabled());

    assert.deepEqual(errors, []);
    assert.deepEqual(otherErrors, []);
  } finally {
    await creator.close();
    await visitor.close();
  }
});

test('the edit link opened in a fresh browser grants editing there', async () => {
  const created = await savePlan({ name: 'Shared by link', pattern: 'active_active', primary_region: 'us-east-1', secondary_regions: ['eu-west-1'], database: { instance_class: 'db.r6g.large' } });
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    // Without REGIONWISE_PUBLIC_URL the API's links are relative to where it was reached.
    assert.match(created.edit_url, /^\/p\//);
    await page.goto(new URL(created.edit_url, server.baseUrl).href);
    await page.getByTestId('share-edit').waitFor({ state: 'visible' });
    assert.equal(new URL(page.url()).hash, '');
    assert.equal(await text(page, 'share-title'), 'Shared by link');
  } finally {
    await browser.close();
  }
});

test('a wrong edit link never replaces the token this browser already holds', async () => {
  const created = await savePlan({ name: 'Kept token', pattern: 'pilot_light', primary_region: 'us-east-1', secondary_regions: ['us-west-2'], database: { instance_class: 'db.r6g.large' } });
  const good = created.edit_url.split('#edit=')[1];
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const errors = watchErrors(page, { allow: [/status of 403/] });
    await page.goto(new URL(created.edit_url, server.baseUrl).href);
    await page.getByTestId('share-edit').waitFor({ state: 'visible' });
    const key = `regionwise:edit:${created.id}`;
    assert.equal(await page.evaluate((k) => window.localStorage.getItem(k), key), good);

    // A link with another token (a typo, or another plan's) is checked and refused.
    const wrong = 'A'.repeat(43);
    // (A new document: a change of fragment alone would not load the page again.)
    await page.goto('about:blank');
    await page.goto(`${server.baseUrl}/p/${created.id}#edit=${wrong}`);
    await page.getByTestId('share-edit-refused').waitFor({ state: 'visible' });
    assert.match(await text(page, 'share-edit-refused'), /does not belong to this plan/);
    assert.equal(await page.evaluate((k) => window.localStorage.getItem(k), key), good, 'the working token is kept');
    assert.ok(await page.getByTestId('share-edit').isVisible(), 'editing still works with the kept token');
    assert.equal(await page.getByTestId('share-edit-link').inputValue(), `${server.baseUrl}/p/${created.id}#edit=${good}`);
    assert.equal(new URL(page.url()).hash, '');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
