/**
 * The organizer lets the big screen show each judge's total; the result scene shows them once the
 * host has locked the team's round, and never before.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchBrowser, startServer, type RunningServer } from './harness.js';

const SLUG = 'cchc-gialai-2019';
let server: RunningServer;
let browser: Browser;
let cookie: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  cookie = await server.signIn();
  const created = await fetch(`${server.url}/api/contests`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: readFileSync(join(import.meta.dirname, '..', '..', 'db', 'seed', 'cchc-gialai-2019.json'), 'utf8'),
  });
  const { judges } = (await created.json()) as { judges: { key: string; token: string }[] };
  const call = (method: string, path: string, body?: object, headers: Record<string, string> = { cookie }) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: { ...headers, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
  await call('POST', `/api/contests/${SLUG}/stage`, { round: 'gioi-thieu', team: 'kbnn' });
  await call('POST', `/api/contests/${SLUG}/scene`, { scene: 'result' });
  for (const [i, j] of judges.entries())
    await call(
      'PUT',
      `/api/contests/${SLUG}/sheets/gioi-thieu/kbnn`,
      { marks: { 'noi-dung': 30 + i, 'hinh-thuc': 20, 'sang-tao': 20 }, status: 'submitted' },
      { authorization: `Bearer ${j.token}`, 'idempotency-key': `result-scene-${i}-key` },
    );
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('shows the judges’ totals on the result scene only when enabled and after the lock', async () => {
  const organizer = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const [name, value] = cookie.split('=') as [string, string];
  await organizer.addCookies([{ name, value, url: server.url }]);
  const consolePage = await organizer.newPage();
  const screen = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await screen.goto(`${server.url}/screen/${SLUG}`);
  await screen.locator('[data-testid=result-pending]').waitFor();

  await consolePage.goto(`${server.url}/contests/${SLUG}/results`);
  const toggle = consolePage.locator('[data-testid=show-judge-totals]');
  await toggle.waitFor();
  expect(await toggle.isChecked()).toBe(false);
  await toggle.check();
  await expect
    .poll(
      async () =>
        (await fetch(`${server.url}/api/contests/${SLUG}/settings`, { headers: { cookie } }).then((r) => r.json()))
          .showJudgeTotals,
    )
    .toBe(true);

  // Enabled, but the round is not locked: the marks stay sealed. A positive control instead of a
  // fixed wait: the screen loads again and shows the live snapshot of the state as it is now.
  await screen.reload();
  await screen.locator('[data-testid=screen][data-live=true][data-scene=result]').waitFor();
  await screen.locator('[data-testid=result-pending]').waitFor();
  expect(await screen.locator('[data-testid=result-judges]').count()).toBe(0);

  await fetch(`${server.url}/api/contests/${SLUG}/rounds/gioi-thieu/teams/kbnn/lock`, { method: 'POST', headers: { cookie } });
  const panel = screen.locator('[data-testid=result-judges]');
  await panel.waitFor();
  const text = (await panel.textContent()) ?? '';
  // Five judges, totals 70..74 (Vietnamese decimal comma).
  for (const total of ['70,00', '71,00', '72,00', '73,00', '74,00']) expect(text).toContain(total);
  // trimmed mean (trim 1) of 70..74 = 72
  expect(await screen.locator('[data-testid=result-score]').textContent()).toContain('72,00');
  await organizer.close();
});
