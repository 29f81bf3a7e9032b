// The student's own text is never lost: it survives a reload, and loading an example
// (or anything else) keeps it to bring back.
import { test, expect } from './fixtures.js';

const editor = (page) => page.getByRole('textbox', { name: 'Manifest YAML' });
const replicas = (page) =>
  page.getByRole('article', { name: 'StatefulSet giropops' }).locator('.replicas');

async function retype(page, text, count, typed) {
  await page.locator('.cm-line', { hasText: text }).first().click();
  await page.keyboard.press('End');
  for (let i = 0; i < count; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type(typed);
}

test('a reload keeps the edits and says so', async ({ page }) => {
  await page.goto('./');
  await retype(page, 'replicas: 3', 1, '4');
  await retype(page, 'name: giropops', 0, ' # mine');
  await expect(replicas(page)).toHaveText('replicas: 4');
  await expect(editor(page)).toContainText('name: giropops # mine');

  await page.reload();
  await expect(editor(page)).toContainText('name: giropops # mine');
  await expect(editor(page)).toContainText('replicas: 4');
  await expect(replicas(page)).toHaveText('replicas: 4');
  await expect(page.getByRole('status').filter({ hasText: 'Your edits from your last visit are back' }))
    .toBeVisible();
});

test('a reload straight after typing keeps the last keystrokes', async ({ page }) => {
  await page.goto('./');
  await expect(replicas(page)).toHaveText('replicas: 3');
  // No wait between the keystrokes and the reload: they are still inside the edit
  // debounce, and only the save on leaving the page keeps them.
  await retype(page, 'name: giropops', 0, ' # last words');
  await page.reload();
  await expect(editor(page)).toContainText('name: giropops # last words');
});

test('loading an example keeps my text, and it comes back', async ({ page }) => {
  await page.goto('./');
  await retype(page, 'name: giropops', 0, ' # mine');
  await expect(editor(page)).toContainText('# mine');

  const picker = page.getByRole('combobox', { name: 'Choose an example' });
  await picker.selectOption({ label: 'Message broker: a Kafka cluster' });
  await expect(page.getByText('Three Kafka brokers in KRaft mode')).toBeVisible();
  await page.getByRole('button', { name: 'Load example' }).click();
  await expect(editor(page)).toContainText('name: kafka');
  await expect(editor(page)).not.toContainText('# mine');
  await expect(page.getByRole('article', { name: 'StatefulSet kafka' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Your previous text is kept' })).toBeVisible();

  // Kept across a reload too: the way back does not depend on this tab.
  await page.reload();
  await expect(editor(page)).toContainText('name: kafka');
  await page.getByRole('button', { name: 'Bring back my text' }).click();
  await expect(editor(page)).toContainText('name: giropops # mine');
  await expect(page.getByRole('article', { name: 'StatefulSet kafka' })).toHaveCount(0);
  // The untouched example is simply dropped: the picker has it.
  await expect(page.getByRole('button', { name: 'Bring back my text' })).toHaveCount(0);
});

test('with storage turned off the playground still works and says the text is not kept', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
    });
  });
  await page.goto('./');
  await expect(page.getByRole('status').filter({ hasText: 'This browser does not keep your text between visits' }))
    .toBeVisible();
  await expect(replicas(page)).toHaveText('replicas: 3');
  await retype(page, 'replicas: 3', 1, '4');
  await expect(replicas(page)).toHaveText('replicas: 4');
});

test('when storage is full the edits still apply and the page says they are not kept', async ({ page }) => {
  await page.goto('./');
  await expect(replicas(page)).toHaveText('replicas: 3');
  await expect(page.getByText('This browser does not keep your text between visits')).toHaveCount(0);
  // The quota is reached from now on: every write is refused, as a full storage does.
  await page.evaluate(() => {
    Storage.prototype.setItem = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  await retype(page, 'replicas: 3', 1, '5');
  await expect(replicas(page)).toHaveText('replicas: 5');
  await expect(page.getByRole('status').filter({ hasText: 'This browser does not keep your text between visits' }))
    .toBeVisible();
});

test('the examples picker lists every example, titled in the page language', async ({ page }) => {
  await page.goto('./?lang=pt-BR');
  const picker = page.getByRole('combobox', { name: 'Escolha um exemplo' });
  const titles = await picker.locator('option').allTextContents();
  expect(titles).toHaveLength(8);
  expect(titles[0]).toBe('Exemplo do curso: giropops e seu Service headless');
  expect(titles).toContain('Mensageria: um cluster Kafka');
  await picker.selectOption('deployment');
  await page.getByRole('button', { name: 'Carregar exemplo' }).click();
  await expect(page.getByRole('article', { name: 'StatefulSet giropops' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Manifesto YAML' })).toContainText('kind: Deployment');
});
