// Share links: the whole text, the example and the lesson travel in the URL fragment
// and come back exactly; a hostile or broken link is shown as text or refused with a
// clear message, never run, and the student's own text is never lost.
import zlib from 'node:zlib';
import { test, expect } from './fixtures.js';

const editor = (page) => page.getByRole('textbox', { name: 'Manifest YAML' });
const stored = (page) => page.evaluate(() => localStorage.getItem('ordinal.manifest'));

// A fragment as Ordinal writes it: raw DEFLATE of the JSON, in base64url.
const fragment = (shared) => 'v1.' + zlib.deflateRawSync(Buffer.from(JSON.stringify(shared))).toString('base64url');

async function typeAtEndOf(page, lineText, typed) {
  await page.locator('.cm-line', { hasText: lineText }).first().click();
  await page.keyboard.press('End');
  await page.keyboard.type(typed);
}

// Make some text of the student's own, and wait until it is kept.
async function myOwnText(page) {
  await page.goto('./');
  await typeAtEndOf(page, 'name: giropops', ' # minha versão');
  await expect.poll(() => stored(page)).toContain('# minha versão');
  return stored(page);
}

test('a share link restores the exact text, its example and its lesson', async ({ page, browser, site }) => {
  await page.goto('./');
  await page.getByRole('combobox', { name: 'Choose a lesson' }).selectOption({ label: 'Day 7: StatefulSet and Service' });
  await page.getByRole('button', { name: 'Start lesson' }).click();
  await typeAtEndOf(page, 'name: giropops', ' # Olá “mundo” <b>&amp;</b>\t é');
  await expect.poll(() => stored(page)).toContain('<b>&amp;</b>');
  const text = await stored(page);

  await page.getByRole('button', { name: 'Share', exact: true }).click();
  const link = await page.getByRole('textbox', { name: 'Share link' }).inputValue();
  expect(link.startsWith(site.url)).toBe(true);
  expect(new URL(link).hash).toMatch(/^#v1\.[A-Za-z0-9_-]+$/);
  // Compressed: the link is shorter than the text it carries.
  expect(new URL(link).hash.length).toBeLessThan(text.length);

  // Someone else, with nothing stored, opens it.
  const context = await browser.newContext();
  const other = await context.newPage();
  const dialogs = [];
  other.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await other.goto(link);
  await expect(other.getByRole('textbox', { name: 'Manifest YAML' })).toContainText('# Olá “mundo” <b>&amp;</b>');
  await expect.poll(() => stored(other)).toBe(text);
  const lesson = other.getByRole('region', { name: 'Lesson' });
  await expect(lesson.getByRole('listitem').filter({ hasText: 'Pods start one at a time, in order' })).toBeVisible();
  await expect(lesson.getByRole('button', { name: 'Leave the lesson' })).toBeVisible();
  await expect(other.getByRole('combobox', { name: 'Choose an example' })).toHaveValue('giropops');
  await expect(other.getByRole('status').filter({ hasText: 'The editor now holds the manifest of a shared link.' }))
    .toBeVisible();
  // Opened once: the fragment leaves the address, so a reload keeps later edits.
  expect(new URL(other.url()).hash).toBe('');
  expect(dialogs).toEqual([]);
  await context.close();
});

test('opening a link over my own text keeps mine, and Undo brings it back', async ({ page }) => {
  const mine = await myOwnText(page);
  await page.goto('about:blank');
  await page.goto('./#' + fragment({ t: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-a-link\n' }));
  await expect(editor(page)).toContainText('name: from-a-link');
  const notice = page.getByRole('status').filter({ hasText: 'You opened a shared link' });
  await expect(notice).toBeVisible();
  await notice.getByRole('button', { name: 'Undo' }).click();
  await expect(editor(page)).toContainText('# minha versão');
  await expect.poll(() => stored(page)).toBe(mine);
});

test('HTML and script inside a shared manifest are shown as text and never run', async ({ page }) => {
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  const hostile =
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "<img src=x onerror=alert(1)>"\n' +
    'data:\n  page: <script>window.__pwned = 1; alert(2)</script>\n' +
    '  more: </textarea><svg onload="window.__pwned = 3">\n';
  await page.goto('./#' + fragment({ t: hostile, e: '<script>alert(3)</script>', l: '"><img src=x onerror=alert(4)>', g: '<b>' }));
  await expect(editor(page)).toContainText('<script>window.__pwned = 1; alert(2)</script>');
  await expect(editor(page)).toContainText('</textarea><svg onload="window.__pwned = 3">');
  // The API server's refusal of the name quotes it, as text.
  await expect(page.getByText('<img src=x onerror=alert(1)>').first()).toBeVisible();
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  expect(await page.locator('img[src="x"], svg[onload], body script:not([src])').count()).toBe(0);
  expect(await stored(page)).toBe(hostile);
  expect(dialogs).toEqual([]);
});

test('a damaged link is refused with a clear message and my text stays', async ({ page }) => {
  const mine = await myOwnText(page);
  await page.goto('about:blank');
  await page.goto('./#v1.%%%not*base64!!');
  await expect(page.getByRole('status').filter({
    hasText: 'This shared link could not be opened: it is damaged (it is not valid base64url); copy the whole link again. Your own text is unchanged.',
  })).toBeVisible();
  await expect(editor(page)).toContainText('# minha versão');
  expect(await stored(page)).toBe(mine);

  // Valid base64url that is not DEFLATE data.
  await page.goto('about:blank');
  await page.goto('./#v1.' + Buffer.from('not deflate at all').toString('base64url'));
  await expect(page.getByRole('status').filter({ hasText: 'its compressed data is damaged' })).toBeVisible();
  expect(await stored(page)).toBe(mine);
});

test('an oversized link is refused: 1.9 MB on opening, 10 MB pasted into an open page', async ({ page }) => {
  const mine = await myOwnText(page);
  // Chromium opens addresses up to 2 MB; this is the largest kind a visit can begin with.
  await page.goto('about:blank');
  await page.goto('./#v1.' + 'A'.repeat(1_900_000));
  await expect(page.getByRole('status').filter({ hasText: 'it is longer than 65536 characters.' })).toBeVisible();
  expect(await stored(page)).toBe(mine);

  // A 10 MB fragment put into the address of the running page (a hashchange).
  await page.evaluate(() => { location.hash = 'v1.' + 'A'.repeat(10 * 1024 * 1024); });
  await expect(page.getByRole('status').filter({ hasText: 'it is longer than 65536 characters.' })).toBeVisible();
  await expect(editor(page)).toContainText('# minha versão');
  expect(await stored(page)).toBe(mine);
  // The app still answers.
  await typeAtEndOf(page, 'name: giropops', '!');
  await expect.poll(() => stored(page)).toContain('# minha versão!');
});

test('a link pasted into the address of an open page opens in place', async ({ page }) => {
  await myOwnText(page);
  await page.evaluate((f) => { location.hash = f; }, fragment({ t: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: pasted\n', e: 'kafka' }));
  await expect(editor(page)).toContainText('name: pasted');
  await page.getByRole('button', { name: 'Bring back my text' }).click();
  await expect(editor(page)).toContainText('# minha versão');
});
