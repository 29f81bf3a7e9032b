// Shared fixtures: the built site on a loopback port, and guards that fail a test
// when the page reaches beyond that server or throws (a Rust panic included).
import { test as base, expect } from '@playwright/test';
import { startStaticServer } from './static-server.js';

export const SUB_PATH = '/course/day-7/';

export const test = base.extend({
  site: [
    async ({}, use) => {
      const site = await startStaticServer('dist', SUB_PATH);
      await use(site);
      await site.close();
    },
    { scope: 'worker' },
  ],

  baseURL: async ({ site }, use) => {
    await use(site.url);
  },

  // Other local servers a test starts (a course page embedding Ordinal), whose
  // requests the guard lets through; a test adds their origins as it starts them.
  extraOrigins: async ({}, use) => {
    await use([]);
  },

  guards: [
    async ({ page, site, extraOrigins }, use) => {
      const outside = [];
      const problems = [];
      await page.route('**/*', (route) => {
        const url = route.request().url();
        const local = [site.origin, ...extraOrigins].some((origin) => url.startsWith(origin + '/'));
        if (local || url.startsWith('data:') || url.startsWith('blob:')) {
          return route.continue();
        }
        outside.push(url);
        return route.abort();
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
      });
      page.on('response', (response) => {
        if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
      });
      await use();
      expect(outside, 'requests outside the local server').toEqual([]);
      expect(problems, 'errors in the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
