// The first live page: the course example in the editor, its objects beside it, a
// located error while the last good objects stay, and recovery after a fix.
import fs from 'node:fs';
import { test, expect } from './fixtures.js';

const editor = (page) => page.getByRole('textbox', { name: 'Manifest YAML' });
const card = (page, title) => page.getByRole('listitem', { name: title });

// Select `part` of the first `context` in the editor, so that typing replaces it.
async function select(page, context, part = context) {
  await editor(page).evaluate((area, [context, part]) => {
    const at = area.value.indexOf(context);
    if (at < 0) throw new Error(`editor text has no ${JSON.stringify(context)}`);
    const start = at + context.indexOf(part);
    area.focus();
    area.setSelectionRange(start, start + part.length);
  }, [context, part]);
}

test('the course example is in the editor and its objects are shown', async ({ page }) => {
  await page.goto('./');
  await expect(editor(page)).toHaveValue(/kind: StatefulSet/);
  await expect(editor(page)).toHaveValue(/clusterIP: None/);

  const sts = card(page, 'StatefulSet giropops');
  await expect(sts).toContainText('replicas3');
  await expect(sts).toContainText('serviceNamenginx');
  await expect(sts).toContainText('giropops-0, giropops-1, giropops-2');
  await expect(sts).toContainText('www-giropops-0, www-giropops-1, www-giropops-2');
  await expect(sts).toContainText('giropops-0.nginx.default.svc.cluster.local');

  const svc = card(page, 'Service nginx');
  await expect(svc).toContainText('ClusterIP (headless)');
  await expect(svc).toContainText('web 80→80/TCP');
  await expect(page.getByRole('alert')).toHaveCount(0);

  await page.screenshot({ path: 'test-results/playground.png' });
  if (process.env.ORDINAL_SCREENSHOT) {
    await page.screenshot({ path: process.env.ORDINAL_SCREENSHOT });
  }
});

test('a typed mistake is shown at its line, the last good objects stay, and a fix updates them', async ({ page }) => {
  await page.goto('./');
  const sts = card(page, 'StatefulSet giropops');
  await expect(sts).toContainText('replicas3');

  // A wrong type: replicas must be an integer. Only the value is retyped, so every
  // text on the way (`"`, `"t`, ...) is invalid and the last good parse stays 3.
  await select(page, 'replicas: 3', '3');
  await page.keyboard.type('"three"');
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Line 8, column 13');
  await expect(alert).toContainText('spec.replicas: invalid type: string "three", expected i32');
  await expect(page.getByRole('status')).toContainText('Showing the last valid manifest');
  await expect(sts).toContainText('replicas3');
  await expect(page.locator('.line-number.error')).toHaveText(['8']);
  await page.screenshot({ path: 'test-results/located-error.png' });

  // A syntax error: an unclosed flow sequence.
  await select(page, 'replicas: "three"', '"three"');
  await page.keyboard.type('[3');
  await expect(alert).toContainText(/Line 9, column \d+/);
  await expect(alert).toContainText("did not find expected ',' or ']'");
  await expect(sts).toContainText('replicas3');

  // The fix: five replicas, and the objects follow.
  await select(page, 'replicas: [3', '[3');
  await page.keyboard.type('5');
  await expect(alert).toHaveCount(0);
  await expect(page.getByRole('status')).toHaveCount(0);
  await expect(sts).toContainText('replicas5');
  await expect(sts).toContainText('giropops-0, giropops-1, giropops-2, giropops-3, giropops-4');
});

test('the build refers to its files by relative URLs and to nothing outside', async () => {
  const html = fs.readFileSync('dist/index.html', 'utf8');
  const urls = [...html.matchAll(/(?:src|href)\s*=\s*["']([^"']*)["']/g)].map((m) => m[1]);
  expect(urls.length).toBeGreaterThan(0);
  for (const url of urls) {
    expect(url, 'absolute or external URL in dist/index.html').not.toMatch(/^(\/|[a-z]+:)/i);
  }
  expect(html).not.toMatch(/https?:\/\//);
});
