// The interface in the course's two languages: `?lang=` forces one, otherwise the
// browser's languages choose, and the switcher changes it in place. Kubernetes' own
// words (kinds, fields, phases, kubectl output) stay as Kubernetes prints them.
import { test, expect } from './fixtures.js';

test('?lang=pt-BR shows the page in Portuguese while kubectl keeps its own words', async ({ page }) => {
  await page.goto('./?lang=pt-BR');
  await expect(page.locator('html')).toHaveAttribute('lang', 'pt-BR');
  await expect(page.getByRole('heading', { name: 'Manifesto (YAML)' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Recriar cluster' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Manifesto YAML' })).toContainText('kind: StatefulSet');
  // An engine reason, rendered from its catalogue message.
  await expect(page.getByRole('listitem', { name: 'Pod giropops-1 (não criado)' }))
    .toContainText('giropops-1 ainda não foi criado porque giropops-0 não está Ready');

  await page.getByRole('button', { name: 'instantâneo', exact: true }).click();
  const prompt = page.getByRole('textbox', { name: 'Comando do terminal' });
  await prompt.fill('kubectl get pods');
  await prompt.press('Enter');
  const log = page.getByRole('log', { name: 'Saída do terminal' });
  await expect(log).toContainText(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
  await expect(log).toContainText(/giropops-0\s+1\/1\s+Running/);
  await page.screenshot({ path: 'test-results/portuguese.png' });
});

test('the browser language chooses when the address does not, and the switcher changes it in place', async ({ browser, site }) => {
  const context = await browser.newContext({ locale: 'pt-BR' });
  const page = await context.newPage();
  await page.goto(site.url);
  await expect(page.getByRole('heading', { name: 'Manifesto (YAML)' })).toBeVisible();

  await page.getByRole('combobox', { name: 'Idioma' }).selectOption('en');
  await expect(page.getByRole('heading', { name: 'Manifest (YAML)' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('textbox', { name: 'Manifest YAML' })).toBeVisible();
  // The choice is remembered over the browser's preference.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Manifest (YAML)' })).toBeVisible();
  await context.close();
});

test('switching language keeps a forced ?lang= in the address true', async ({ page }) => {
  await page.goto('./?lang=en&embed=0');
  // Each language is listed by its own name (read at build time: only the page's
  // language is parsed at start-up, the other when it is picked).
  await expect(page.getByRole('combobox', { name: 'Language' }).locator('option'))
    .toHaveText(['English', 'Português (Brasil)']);
  await page.getByRole('combobox', { name: 'Language' }).selectOption('pt-BR');
  await expect(page.getByRole('heading', { name: 'Manifesto (YAML)' })).toBeVisible();
  expect(new URL(page.url()).searchParams.get('lang')).toBe('pt-BR');
  expect(new URL(page.url()).searchParams.get('embed')).toBe('0');
});
