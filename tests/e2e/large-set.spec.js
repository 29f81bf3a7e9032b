// A StatefulSet too large to draw pod by pod: its card counts the pods at each stage,
// shows in full the pods that are not Running and Ready and the highest ordinals,
// and one page of a hundred ordinals as tiles; its Service lists the endpoints out of
// rotation and counts the rest. What a student sees stays readable at any scale.
import fs from 'node:fs';
import { test, expect } from './fixtures.js';

const big = fs
  .readFileSync('examples/giropops.yaml', 'utf8')
  .replace('replicas: 3', 'replicas: 250')
  .replace('  serviceName: "nginx"', '  serviceName: "nginx"\n  podManagementPolicy: Parallel');

const pod = (scope, name) => scope.getByRole('listitem', { name: `Pod ${name}`, exact: true });

test('a set of 250 shows its counts, the pods not ready, the highest ordinals and a page of tiles', async ({ page }) => {
  // The text a student left in the editor last time.
  await page.addInitScript((text) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('ordinal.manifest', text);
      sessionStorage.setItem('seeded', '1');
    }
  }, big);
  await page.goto('./');
  await page.getByRole('button', { name: 'instant', exact: true }).click();
  const set = page.getByRole('article', { name: 'StatefulSet giropops' });
  await expect(set.locator('.stage-counts')).toHaveText('250 Ready', { timeout: 30_000 });

  // A page of a hundred tiles, and every page listed.
  const tiles = set.getByRole('list', { name: 'Pods of giropops' });
  await expect(tiles.getByRole('listitem')).toHaveCount(100);
  const pages = set.getByRole('group', { name: 'Ordinals of giropops, a hundred at a time' });
  await expect(pages.getByRole('button')).toHaveText(['0–99', '100–199', '200–249']);
  await expect(pages.getByRole('button', { name: '0–99' })).toHaveAttribute('aria-pressed', 'true');
  await pages.getByRole('button', { name: '200–249' }).click();
  await expect(tiles.getByRole('listitem')).toHaveCount(50);
  await expect(tiles.getByRole('listitem').first()).toHaveText('200');

  // The highest ordinals in full, where scaling happens; nothing needs attention yet.
  const highest = set.getByRole('region', { name: 'Highest ordinals' });
  await expect(highest.getByRole('listitem')).toHaveCount(2);
  await expect(pod(highest, 'giropops-249')).toContainText('Running');
  await expect(set.getByRole('region', { name: /Not Running and Ready/ })).toHaveCount(0);

  // A tile opens its pod's card; a pod made unready moves up to the attention list
  // and its page says so.
  await tiles.getByRole('button', { name: 'Show pod giropops-230' }).click();
  await pod(set, 'giropops-230').getByRole('button', { name: 'Make unready pod giropops-230' }).click();
  const attention = set.getByRole('region', { name: 'Not Running and Ready (1)' });
  await expect(pod(attention, 'giropops-230')).toContainText('0/1');
  await expect(pages.getByRole('button', { name: '200–249 · 1 not ready' })).toBeVisible();
  await expect(set.locator('.stage-counts')).toHaveText('249 Ready · 1 Running, not Ready');

  // The Service lists the endpoint out of rotation among a bounded few.
  const service = page.getByRole('listitem', { name: 'Service nginx', exact: true });
  await expect(service.locator('.endpoint')).toHaveCount(24);
  await expect(service.locator('.endpoint.not-ready')).toHaveText(/giropops-230/);
  await expect(service).toContainText('and 226 more, not listed (249 of 250 endpoints are ready)');

  // Scaled down, the highest ordinals follow.
  await set.getByRole('button', { name: 'Scale giropops down to 249' }).click();
  await expect(set.locator('.stage-counts')).toHaveText('248 Ready · 1 Running, not Ready', { timeout: 30_000 });
  await expect(highest.getByRole('listitem')).toHaveText([/giropops-247/, /giropops-248/]);
  await expect(pages.getByRole('button', { name: '200–248 · 1 not ready' })).toBeVisible();
});
