/**
 * A public page of a contest that does not exist (a mistyped link, a deleted contest) is a public
 * dead end: it says so in the reader's words, with no organizer header and no way to the login
 * page; the console's own error page keeps its header and its way back.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, launchBrowser, type RunningServer, startServer } from './harness.js';

describe('public not-found pages', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(() => closeAll([], browser, server));

  for (const path of ['/screen/khong-co', '/live/khong-co', '/overlay/khong-co', '/p/khong-co']) {
    it(`${path}: a public "contest not found", no organizer header or login link`, async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      await page.goto(`${server.url}${path}`);
      const card = page.locator('[data-testid=error-page]');
      await card.waitFor();
      expect(await card.getAttribute('data-audience')).toBe('public');
      expect(await page.locator('h1').innerText()).toBe('Không tìm thấy hội thi');
      expect(await card.innerText()).toContain('quét lại mã QR');
      expect(await page.locator('a[href="/login"], a[href="/"]').count()).toBe(0);
      expect(await page.locator('[data-testid=account-link]').count()).toBe(0);
      // The reader can still switch the language.
      await page.click('[data-testid=lang-en]');
      await expect.poll(() => page.locator('h1').innerText()).toBe('Contest not found');
      await context.close();
    });
  }

  it('the console keeps its own error page, with the way back', async () => {
    const context = await browser.newContext();
    await context.addCookies([{ name: 'hoithi_session', value: (await server.signIn()).split('=')[1]!, url: server.url }]);
    const page = await context.newPage();
    await page.goto(`${server.url}/contests/khong-co`);
    const card = page.locator('[data-testid=error-page]');
    await card.waitFor();
    expect(await card.getAttribute('data-audience')).toBe('staff');
    expect(await card.locator('a[href="/"]').count()).toBe(1);
    await context.close();
  });
});
