// Embedding: a course page on another origin puts Ordinal in an iframe with
// `?embed=1&panels=...&origins=...`. Only the chosen panels show, compactly, and the
// postMessage API (docs/embedding.md) answers the listed origin and no other.
import http from 'node:http';
import { test, expect } from './fixtures.js';

// A course page: it iframes the app address given in `?app=` and records every
// message the frame sends it.
const COURSE_PAGE = `<!doctype html><meta charset="utf-8"><title>Curso: Dia 7</title>
<h1>Dia 7</h1>
<iframe id="ordinal" title="Ordinal" style="width: 1100px; height: 760px; border: 0"></iframe>
<script>
  window.replies = [];
  const frame = document.getElementById('ordinal');
  addEventListener('message', (event) => {
    if (event.source === frame.contentWindow) window.replies.push(JSON.parse(event.data));
  });
  window.send = (request) => frame.contentWindow.postMessage(JSON.stringify(request), '*');
  frame.src = new URLSearchParams(location.search).get('app');
</script>`;

async function coursePage(extraOrigins) {
  const server = http.createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(COURSE_PAGE);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  extraOrigins.push(origin);
  return { origin, close: () => new Promise((resolve) => server.close(resolve)) };
}

const appAddress = (site, origins, panels = 'pods,dns') =>
  `${site.url}?embed=1&panels=${panels}&origins=${encodeURIComponent(origins)}`;

const replies = (page) => page.evaluate(() => window.replies);
const reply = (page, id) => page.evaluate((id) => window.replies.find((r) => r.id === id), id);

const WEB = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: web\n  replicas: 2\n' +
  '  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n' +
  '    spec:\n      containers:\n      - name: web\n        image: nginx\n';

test('embedded with panels=pods,dns: only those panels, and the allowed course page drives it', async ({ page, site, extraOrigins }) => {
  const course = await coursePage(extraOrigins);
  await page.goto(`${course.origin}/?app=${encodeURIComponent(appAddress(site, course.origin))}`);
  const app = page.frameLocator('#ordinal');

  await expect(app.getByRole('article', { name: 'StatefulSet giropops' })).toBeVisible();
  await expect(app.getByRole('heading', { name: 'DNS', exact: true })).toBeVisible();
  for (const absent of ['Manifest (YAML)', 'Terminal', 'Events', 'Topology', 'Lesson', 'Services', 'Nodes']) {
    await expect(app.getByRole('heading', { name: absent, exact: true })).toHaveCount(0);
  }
  await expect(app.getByRole('textbox', { name: 'Manifest YAML' })).toHaveCount(0);
  await expect(app.getByRole('link', { name: /Open in Ordinal/ })).toBeVisible();

  await expect.poll(async () => (await replies(page)).map((r) => r.type)).toContain('ordinal.ready');

  await page.evaluate(() => window.send({ type: 'ordinal.get-state', id: 1 }));
  await expect.poll(() => reply(page, 1)).toMatchObject({ type: 'ordinal.state', id: 1 });
  const state = await reply(page, 1);
  expect(state.manifest).toContain('name: giropops');
  expect(state.objects).toEqual(expect.arrayContaining(['StatefulSet/giropops', 'Service/nginx']));
  expect(state.pods.map((p) => p.name)).toContain('giropops-0');

  // Sent as an object rather than JSON text: both are read.
  await page.evaluate((manifest) => document.getElementById('ordinal').contentWindow
    .postMessage({ type: 'ordinal.load', manifest, id: 2 }, '*'), WEB);
  await expect.poll(() => reply(page, 2)).toEqual({ type: 'ordinal.ok', id: 2 });
  await expect(app.getByRole('article', { name: 'StatefulSet web' })).toBeVisible();
  await expect(app.getByRole('article', { name: 'StatefulSet giropops' })).toHaveCount(0);

  await page.evaluate(() => window.send({ type: 'ordinal.reset', id: 3 }));
  await expect.poll(() => reply(page, 3)).toEqual({ type: 'ordinal.ok', id: 3 });

  await page.evaluate(() => window.send({ type: 'ordinal.delete-everything', id: 4 }));
  await expect.poll(() => reply(page, 4)).toMatchObject({ type: 'ordinal.error', id: 4 });

  await page.evaluate(() => window.send({ type: 'ordinal.get-state', id: 5 }));
  await expect.poll(() => reply(page, 5)).toMatchObject({ type: 'ordinal.state', manifest: WEB });
  expect((await reply(page, 5)).objects).toEqual(['StatefulSet/web']);
  await course.close();
});

test('a page whose origin is not listed is ignored: nothing loads and nothing answers', async ({ page, site, extraOrigins }) => {
  const allowed = await coursePage(extraOrigins);
  const other = await coursePage(extraOrigins);
  await page.goto(`${other.origin}/?app=${encodeURIComponent(appAddress(site, allowed.origin, 'pods'))}`);
  const app = page.frameLocator('#ordinal');
  await expect(app.getByRole('article', { name: 'StatefulSet giropops' })).toBeVisible();

  await page.evaluate((manifest) => {
    window.send({ type: 'ordinal.load', manifest, id: 1 });
    window.send({ type: 'ordinal.get-state', id: 2 });
  }, WEB);
  await expect(app.getByRole('status').filter({
    hasText: `A message from ${other.origin} was ignored: that page is not allowed to control this playground.`,
  }).first()).toBeVisible();
  await expect(app.getByRole('article', { name: 'StatefulSet web' })).toHaveCount(0);
  await expect(app.getByRole('article', { name: 'StatefulSet giropops' })).toBeVisible();
  // Not even a greeting: `ordinal.ready` goes only to a listed origin.
  expect(await replies(page)).toEqual([]);
  await allowed.close();
  await other.close();
});
