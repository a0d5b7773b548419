// Benchmark: time from an input change to the updated DOM in Chromium, over 100 changes.
//
// Run after `cargo leptos build --release --split`:  node tests/e2e/bench/input-latency.mjs
// For each change it sets the Storage field and dispatches the `input` event the way typing
// does, then records when the total monthly cost shows the new estimate (a MutationObserver)
// and when the next frame has been rendered with every table and chart updated (a task queued
// from requestAnimationFrame). Changes are 50 ms apart, like brisk typing. Prints median/p95.
// Then 20 changes 400 ms apart, each timed until the architecture diagram is redrawn.

import { launchBrowser, startServer, waitForInteractive } from '../harness.mjs';

const CHANGES = 100;

const server = await startServer();
const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  await page.goto(server.baseUrl);
  await waitForInteractive(page);
  const samples = await page.evaluate(async (changes) => {
    const input = document.getElementById('storage');
    const total = document.querySelector('[data-testid="total-monthly-cost"]');
    // After the next frame has been rendered: a task queued from requestAnimationFrame runs
    // once style, layout and paint of that frame are done.
    const afterNextPaint = () =>
      new Promise((resolve) => requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      }));
    const results = [];
    for (let i = 0; i < changes; i += 1) {
      const updated = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          observer.disconnect();
          resolve(performance.now());
        });
        observer.observe(total, { characterData: true, childList: true, subtree: true });
      });
      // Leptos applies every update in microtasks after the event: a task queued now runs
      // once all of them (every table and chart) are done.
      const settled = () => new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => resolve(performance.now());
        channel.port2.postMessage(null);
      });
      const start = performance.now();
      input.value = String(500 + (i + 1) * 7);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const allApplied = settled();
      const domUpdated = await updated;
      const applied = await allApplied;
      const painted = await afterNextPaint();
      results.push([painted - start, domUpdated - start, applied - start]);
      // Let the page settle between changes, as between keystrokes.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return results;
  }, CHANGES);
  // The architecture diagram is redrawn once typing pauses (150 ms, app/src/pages/
  // planner_page/diagram.rs): changes 400 ms apart, each timed until its SVG is replaced.
  const redraws = await page.evaluate(async (changes) => {
    const input = document.getElementById('storage');
    const drawing = document.querySelector('.architecture__view--planned .architecture__svg--wide');
    const results = [];
    for (let i = 0; i < changes; i += 1) {
      const redrawn = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          observer.disconnect();
          resolve(performance.now());
        });
        observer.observe(drawing, { childList: true });
      });
      const start = performance.now();
      input.value = String(900 + (i + 1) * 11);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      results.push((await redrawn) - start);
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    return results;
  }, 20);
  const summary = (values) => {
    values.sort((a, b) => a - b);
    const at = (q) => values[Math.min(values.length - 1, Math.ceil(q * values.length) - 1)];
    return `median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${values[values.length - 1].toFixed(1)} ms`;
  };
  console.log(`${samples.length} changes of the Storage field`);
  console.log(`input -> total updated in the DOM: ${summary(samples.map(([, text]) => text))}`);
  console.log(`input -> every update applied:  ${summary(samples.map(([, , applied]) => applied))}`);
  console.log(`input -> next frame rendered:    ${summary(samples.map(([frame]) => frame))}`);
  console.log(`${redraws.length} changes 400 ms apart: input -> diagram redrawn (150 ms pause included): ${summary(redraws)}`);
} finally {
  await browser.close();
  await server.stop();
}
