/** Public pages speak the contest's own language by default; a reader's choice wins and stays. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, startServer, type RunningServer } from './harness.js';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const cookie = await server.signIn();
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'db', 'seed', 'cchc-gialai-2019.json'), 'utf8'));
  for (const [slug, locale] of [
    ['hoi-thi-vi', 'vi'],
    ['contest-en', 'en'],
  ] as const) {
    const res = await fetch(`${server.url}/api/contests`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ ...pkg, slug, locale }),
    });
    expect(res.status).toBe(201);
  }
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('shows an English contest in English and a Vietnamese one in Vietnamese, until the reader chooses', async () => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(`${server.url}/p/contest-en`);
  await page.locator('[data-testid=public-title]').waitFor();
  expect(await page.locator('html').getAttribute('lang')).toBe('en');
  await page.goto(`${server.url}/p/hoi-thi-vi`);
  await page.locator('[data-testid=public-title]').waitFor();
  expect(await page.locator('html').getAttribute('lang')).toBe('vi');

  // The reader picks Vietnamese: the English contest now shows in Vietnamese too.
  await page.goto(`${server.url}/p/contest-en`);
  await page.locator('[data-testid=public-title]').waitFor();
  await page.click('[data-testid=lang-vi]');
  // The choice is kept once the switch is done (its catalog in): then reload.
  await page.locator('html[lang=vi]').waitFor({ state: 'attached' });
  await page.reload();
  await page.locator('[data-testid=public-title]').waitFor();
  expect(await page.locator('html').getAttribute('lang')).toBe('vi');
  await context.close();
});
