// The single-file build: dist/ turned into one HTML file (scripts/single-file.mjs),
// opened straight from disk. The page must render the course's example cluster
// without any request beyond the file itself and without an error.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { test, expect } from '@playwright/test';

let fileUrl;
let folder;

test.beforeAll(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ordinal-single-'));
  const output = path.join(folder, 'ordinal.html');
  execFileSync(process.execPath, ['scripts/single-file.mjs', 'dist', output], { stdio: 'pipe' });
  // Alone in its folder: nothing beside it could be loaded even by mistake.
  expect(fs.readdirSync(folder)).toEqual(['ordinal.html']);
  fileUrl = pathToFileURL(output).href;
});

test.afterAll(() => {
  fs.rmSync(folder, { recursive: true, force: true });
});

test('the single file opened from disk shows the course example cluster', async ({ page }) => {
  const outside = [];
  const problems = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === fileUrl || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    outside.push(url);
    return route.abort();
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });

  await page.goto(fileUrl);
  expect(page.url()).toMatch(/^file:\/\//);
  // The manifest is in the editor, whatever the editor is made of (a textarea or a
  // code editor drawing its text in the page).
  const editorText = () =>
    page.evaluate(() =>
      [document.body.innerText, ...[...document.querySelectorAll('textarea')].map((t) => t.value)].join('\n'),
    );
  await expect.poll(editorText).toMatch(/kind: StatefulSet/);
  await expect(page.locator('body')).toContainText('giropops-0');
  await expect(page.locator('body')).toContainText('nginx');
  await expect(page.getByText('Loading Ordinal…')).toHaveCount(0);

  // A share link made here names the file itself (a file page's origin is "null").
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  expect(link.startsWith(fileUrl + '#v1.')).toBe(true);

  expect(outside, 'requests beyond the file').toEqual([]);
  expect(problems, 'errors in the page').toEqual([]);
});
