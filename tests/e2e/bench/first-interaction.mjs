// Benchmark: time until a user's first input changes the total, on a slow device and link.
//
// Run after `cargo leptos build --release --split`:  node tests/e2e/bench/first-interaction.mjs [RUNS]
// Each run opens the planner in a fresh Chromium profile (nothing cached) with the CPU slowed
// 4× and the network shaped by Chromium's own emulation (DevTools protocol), for each profile
// below. From the moment the navigation starts, the page's Storage field is changed every 25 ms
// (value set, `input` dispatched, as typing does) until the total monthly cost shows a new
// figure: that moment, from the navigation's start, is the time to first interaction. Also
// recorded: bytes transferred by then (encoded, as sent on the wire) and per resource type, and
// when every later part (app/src/deferred.rs, the split build's second wasm file) was ready.
// Prints each run and the median per profile.

import { launchBrowser, startServer } from '../harness.mjs';

const RUNS = Number(process.argv[2] ?? 5);
const CPU_SLOWDOWN = 4;
// Throughput in bytes per second; latency is the round trip Chromium adds to each request.
const PROFILES = [
  { name: '9 Mbps, 40 ms', downloadBps: (9e6 / 8), uploadBps: (9e6 / 8), latencyMs: 40 },
  { name: '1.6 Mbps, 150 ms', downloadBps: (1.6e6 / 8), uploadBps: (750e3 / 8), latencyMs: 150 },
];

const server = await startServer();
try {
  for (const profile of PROFILES) {
    const runs = [];
    for (let run = 0; run < RUNS; run += 1) {
      runs.push(await measure(profile));
      const last = runs[runs.length - 1];
      console.log(`${profile.name} run ${run + 1}: ${last.ms.toFixed(0)} ms (every part ready at ${last.completeMs.toFixed(0)} ms), ${kb(last.bytes)} transferred (${Object.entries(last.byType).map(([type, bytes]) => `${type} ${kb(bytes)}`).join(', ')})`);
    }
    const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    console.log(`${profile.name}: median ${median(runs.map((r) => r.ms)).toFixed(0)} ms to the first input changing the total, ${kb(median(runs.map((r) => r.bytes)))} transferred by then; every later part ready at ${median(runs.map((r) => r.completeMs)).toFixed(0)} ms (${RUNS} runs, CPU ${CPU_SLOWDOWN}× slower)`);
  }
} finally {
  await server.stop();
}

function kb(bytes) {
  return `${(bytes / 1000).toFixed(1)} kB`;
}

async function measure(profile) {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: profile.latencyMs,
      downloadThroughput: profile.downloadBps,
      uploadThroughput: profile.uploadBps,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    const typeOf = new Map();
    const byType = {};
    let bytes = 0;
    let counting = true;
    cdp.on('Network.responseReceived', (event) => typeOf.set(event.requestId, event.type));
    cdp.on('Network.loadingFinished', (event) => {
      if (!counting) return;
      const type = typeOf.get(event.requestId) ?? 'Other';
      byType[type] = (byType[type] ?? 0) + event.encodedDataLength;
      bytes += event.encodedDataLength;
    });
    await page.goto(server.baseUrl, { waitUntil: 'commit' });
    const ms = await page.evaluate(async () => {
      const ready = () => document.getElementById('storage') && document.querySelector('[data-testid="total-monthly-cost"]');
      while (!ready()) await new Promise((resolve) => setTimeout(resolve, 5));
      const input = document.getElementById('storage');
      const total = document.querySelector('[data-testid="total-monthly-cost"]');
      const before = total.textContent;
      let value = Number(input.value) || 500;
      for (;;) {
        value += 1;
        input.value = String(value);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        // Leptos applies the update in microtasks after the event: a zero-delay task runs after them.
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (total.isConnected && total.textContent !== before) return performance.now();
        const current = document.querySelector('[data-testid="total-monthly-cost"]');
        if (current && current !== total && current.textContent !== before) return performance.now();
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    });
    counting = false;
    // Then the rest: every later part (app/src/deferred.rs) loaded and taken over.
    const completeMs = await page.evaluate(async () => {
      while (document.querySelector('.deferred:not([data-ready])')) await new Promise((resolve) => setTimeout(resolve, 5));
      return performance.now();
    });
    return { ms, bytes, byType, completeMs };
  } finally {
    await browser.close();
  }
}
