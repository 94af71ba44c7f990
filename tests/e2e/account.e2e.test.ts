/**
 * The account page (issue #13 item 5) and a team phone signing out (item 3), in real Chromium:
 * the organizer changes their own password from the header's link, another session of the account
 * is signed out; a team phone's "sign out" ends its session and the old cookie opens nothing.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, startServer, type RunningServer } from './harness.js';

describe('account page and team sign-out', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the organizer changes their password; the other session is signed out, this one stays', async () => {
    const other = await server.signIn();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.fill('#email', server.adminEmail);
    await page.fill('#password', server.adminPassword);
    await page.click('button[type=submit]');
    await page.locator('[data-testid=account-link]').click();
    await page.waitForURL('**/account');
    expect(await page.locator('[data-testid=account-email]').textContent()).toBe(server.adminEmail);

    await page.fill('[data-testid=pw-current]', server.adminPassword);
    await page.fill('[data-testid=pw-next]', 'ngan');
    await page.fill('[data-testid=pw-confirm]', 'ngan');
    await page.click('[data-testid=pw-submit]');
    expect(await page.locator('[data-testid=pw-next-error]').textContent()).toBe('Mật khẩu mới cần ít nhất 8 ký tự');

    await page.fill('[data-testid=pw-current]', 'khong-dung-mat-khau');
    await page.fill('[data-testid=pw-next]', 'mat-khau-moi-2026');
    await page.fill('[data-testid=pw-confirm]', 'mat-khau-moi-2026');
    await page.click('[data-testid=pw-submit]');
    expect(await page.locator('[data-testid=pw-current-error]').textContent()).toBe('Mật khẩu hiện tại không đúng');

    await page.fill('[data-testid=pw-current]', server.adminPassword);
    await page.click('[data-testid=pw-submit]');
    await page.locator('[data-testid=password-changed]').waitFor();
    // This browser is still signed in; the other session is not.
    await page.goto(`${server.url}/`);
    await page.locator('[data-testid=signed-in-email]').waitFor();
    expect((await fetch(`${server.url}/api/auth/me`, { headers: { cookie: other } })).status).toBe(401);
    await context.close();
  });

  it('a team phone signs out: its session ends, the old cookie opens nothing', async () => {
    const cookie = await (async () => {
      const res = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: server.adminEmail, password: 'mat-khau-moi-2026' }),
      });
      return res.headers
        .getSetCookie()
        .find((c) => c.startsWith('hoithi_session='))!
        .split(';')[0]!;
    })();
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'db', 'seed', 'cchc-gialai-2019.json'), 'utf8'));
    const created = await fetch(`${server.url}/api/contests`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(pkg),
    });
    expect(created.status).toBe(201);
    const teamLink = new URL(((await created.json()) as { teams: { url: string }[] }).teams[0]!.url).pathname;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}${teamLink}`);
    await page.waitForURL('**/t');
    await page.locator('[data-testid=team-name]').waitFor();
    const held = (await context.cookies()).find((c) => c.name === 'hoithi_team')!.value;
    expect(teamLink).not.toContain(held);
    await page.click('[data-testid=team-sign-out]');
    await page.locator('[data-testid=team-nosession]').waitFor();
    expect((await fetch(`${server.url}/api/team/me`, { headers: { cookie: `hoithi_team=${held}` } })).status).toBe(401);
    await context.close();
  });
});
