// Profiles Ordinal in headless Chromium with the CPU sampler (CDP): where the main
// thread's time goes during the first load, and during edits of a 1,000-replica
// StatefulSet. Prints self and inclusive time per function, heaviest first.
// Build with function names kept for readable wasm frames, e.g.
//   sed 's|data-wasm-opt="z"|data-wasm-opt="0" data-keep-debug|' index.html > /tmp/index-prof.html
// Usage: DIST=dist node scripts/profile.mjs [load|edits|ticks]...
//   (QUERY='?embed=1&panels=editor,pods,time' profiles the edits with only those panels)
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startStaticServer } from '../tests/e2e/static-server.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = path.resolve(process.env.DIST || path.join(root, 'dist'));
const TOP = Number(process.env.TOP || 40);
const EDITS = Number(process.env.EDITS || 20);
const what = process.argv.slice(2).length ? process.argv.slice(2) : ['load', 'edits'];
const PHASES = (process.env.PHASES || 'FIRST_CLUSTER_MARKER,main,Session::resume,i18n::locales,take_text,ClusterView::of,ClusterView::update,lessons::lesson,App as yew,create_view,measure,RenderRunner,(garbage collector),(program),ordinal::ui::browser::load,PageOptions,start::plan,Editor as yew,instantiate,__wbg_init,ordinal::ui::start').split(',');
const CALLEES = (process.env.CALLEES || '').split(',').filter(Boolean);
const example = fs.readFileSync(path.join(root, 'examples/giropops.yaml'), 'utf8');

function instrument() {
  window.firstCluster = null;
  new MutationObserver((_, observer) => {
    if (document.querySelector('.statefulset .pods li')) {
      window.firstCluster = performance.now();
      observer.disconnect();
      // Shows in the profile's phases as the moment the first cluster was in the DOM.
      (function FIRST_CLUSTER_MARKER() {
        const until = performance.now() + 1;
        while (performance.now() < until);
      })();
    }
  }).observe(document, { subtree: true, childList: true });
}

// Self and inclusive milliseconds per function name of a CDP profile.
function tally(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const self = new Map();
  const total = new Map();
  const dt = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (dt[i + 1] ?? 0) / 1000;
    let id = profile.samples[i];
    const leaf = byId.get(id).callFrame;
    const leafName = leaf.functionName || `(${leaf.url.split('/').pop()})`;
    self.set(leafName, (self.get(leafName) || 0) + ms);
    const seen = new Set();
    while (id !== undefined) {
      const f = byId.get(id).callFrame;
      const name = f.functionName || `(${f.url.split('/').pop()})`;
      if (!seen.has(name)) {
        seen.add(name);
        total.set(name, (total.get(name) || 0) + ms);
      }
      id = parent.get(id);
    }
  }
  // When the named phases ran (ms from the start of profiling): first and last sample.
  const spans = new Map();
  let t = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += (dt[i] ?? 0) / 1000;
    let id = profile.samples[i];
    while (id !== undefined) {
      const name = byId.get(id).callFrame.functionName;
      for (const phase of PHASES) {
        if (name.includes(phase)) {
          const span = spans.get(phase) || { first: t, last: t, ms: 0 };
          span.last = t;
          span.ms += (dt[i + 1] ?? 0) / 1000;
          spans.set(phase, span);
        }
      }
      id = parent.get(id);
    }
  }
  const phaseRows = [...spans.entries()].sort((a, b) => a[1].first - b[1].first)
    .map(([n, s]) => `${s.first.toFixed(0).padStart(6)} → ${s.last.toFixed(0).padStart(6)}  ${s.ms.toFixed(1).padStart(7)} ms  ${n}`).join('\n');
  // Inclusive time of the direct callees of each function named in CALLEES.
  const callees = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (dt[i + 1] ?? 0) / 1000;
    let id = profile.samples[i];
    let child = null;
    const seen = new Set();
    while (id !== undefined) {
      const name = byId.get(id).callFrame.functionName;
      for (const wanted of CALLEES) {
        if (name.includes(wanted) && child && !seen.has(wanted + child)) {
          seen.add(wanted + child);
          const m = callees.get(wanted) || new Map();
          m.set(child, (m.get(child) || 0) + ms);
          callees.set(wanted, m);
        }
      }
      child = name;
      id = parent.get(id);
    }
  }
  const calleeRows = [...callees.entries()].map(([w, m]) => `${w}:\n` + [...m.entries()]
    .sort((a, b) => b[1] - a[1]).slice(0, 15).map(([n, ms]) => `${ms.toFixed(1).padStart(9)}    ${n.slice(0, 140)}`).join('\n')).join('\n');
  const rows = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, TOP)
    .map(([n, ms]) => `${ms.toFixed(1).padStart(9)}  ${n.slice(0, 150)}`).join('\n');
  return `-- callees --\n${calleeRows}\n-- phases --\n${phaseRows}\n-- self --\n${rows(self)}\n-- inclusive --\n${rows(total)}`;
}

const site = await startStaticServer(dist, '/course/day-7/');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});

async function open(text) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  if (text) await context.addInitScript((t) => localStorage.setItem('ordinal.manifest', t), text);
  await context.addInitScript(instrument);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', e.message));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  return { context, page, cdp };
}

try {
  if (what.includes('load')) {
    const { context, page, cdp } = await open();
    await cdp.send('Profiler.start');
    await page.goto(site.url);
    await page.waitForFunction(() => window.firstCluster !== null, null, { timeout: 120_000 });
    const { profile } = await cdp.send('Profiler.stop');
    const timing = await page.evaluate(() => ({
      firstCluster: window.firstCluster,
      resources: performance.getEntriesByType('resource').map((r) =>
        `${r.name.split('/').pop()} start ${r.startTime.toFixed(0)} end ${r.responseEnd.toFixed(0)}`),
      marks: performance.getEntriesByType('measure').map((m) => `${m.name} ${m.startTime.toFixed(0)} +${m.duration.toFixed(1)}`),
      dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
    }));
    console.log('== first load', JSON.stringify(timing, null, 1));
    console.log(tally(profile));
    await context.close();
  }
  if (what.includes('edits') || what.includes('ticks')) {
    const big = example
      .replace('replicas: 3', 'replicas: 1000')
      .replace('  serviceName: "nginx"', '  serviceName: "nginx"\n  podManagementPolicy: Parallel');
    const { context, page, cdp } = await open(big);
    await page.goto(site.url + (process.env.QUERY || ''));
    await page.waitForFunction(() => window.firstCluster !== null, null, { timeout: 120_000 });
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    for (let nodes = 4; nodes <= 10; nodes++) {
      await page.getByRole('button', { name: `Reset with ${nodes} worker nodes`, exact: true }).click();
    }
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    await page.getByRole('button', { name: 'instant', exact: true }).click();
    await page.locator('.clock.settled').waitFor({ timeout: 300_000 });
    await page.getByRole('button', { name: '1×', exact: true }).click();
    const line = page.locator('.cm-line', { hasText: /^\s*replicas: \d+/ }).first();
    await line.click();
    await page.keyboard.press('End');
    await page.evaluate(() => performance.clearMeasures());
    await cdp.send('Profiler.start');
    for (let i = 0; i < EDITS; i++) {
      const [have, want] = i % 2 === 0 ? ['1000', '999'] : ['999', '1000'];
      for (let n = 0; n < have.length; n++) await page.keyboard.press('Shift+ArrowLeft');
      await page.keyboard.type(want);
      await page.waitForTimeout(what.includes('ticks') ? 1000 : 200);
    }
    const { profile } = await cdp.send('Profiler.stop');
    const measures = await page.evaluate(() => performance.getEntriesByType('measure')
      .map((m) => `${m.name} ${m.duration.toFixed(1)}`));
    console.log('== 1k edits: measures', measures.join(', '));
    console.log(tally(profile));
    await context.close();
  }
} finally {
  await browser.close();
  await site.close();
}
