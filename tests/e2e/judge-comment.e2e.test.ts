/**
 * The judge's comment (nhận xét) in a real browser: typed on the tablet it survives a reload, is
 * sent with the sheet through the offline outbox after a closed tab, a change of the comment alone
 * is a new version, and the organizer reads it on the results page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, launchBrowser, type RunningServer, startServer, watchProblems } from './harness.js';

const SEED = join(import.meta.dirname, '..', '..', 'db', 'seed', 'cchc-gialai-2019.json');
const SLUG = 'cchc-gialai-2019';
const COMMENT = 'Mô hình “một cửa số” dễ nhân rộng; phần trình bày hơi dài.';
const SECOND = 'Mô hình dễ nhân rộng ở cấp xã.';
/** Fetches that fail on purpose while the tablet is offline. */
const EXPECTED =
  /^Failed to load resource: net::ERR_(INTERNET_DISCONNECTED|FAILED|NETWORK_CHANGED)\b|^WebSocket connection to '.*' failed/;

interface ResultsBody {
  table: { rows: { team: string; judgeComments: Record<string, Record<string, string>> }[] };
}
interface AuditBody {
  events: { kind: string; subject: Record<string, unknown>; after: { version?: number; comment?: string | null } | null }[];
  verified: { ok: boolean };
}

describe('a judge’s comment', () => {
  let server: RunningServer;
  let browser: Browser;
  let tablet: BrowserContext;
  let page: Page;
  let cookie = '';
  let link = '';
  const problems: string[] = [];

  const api = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> => {
    const res = await fetch(server.url + path, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
  const watch = (p: Page) => watchProblems(p, problems, EXPECTED);
  const sheetEvents = async () =>
    (await api<AuditBody>('GET', `/api/contests/${SLUG}/audit`)).body.events.filter(
      (e) => e.kind === 'sheet' && e.subject['team'] === 'bhxh' && e.subject['judge'] === 'gk2',
    );

  beforeAll(async () => {
    server = await startServer();
    cookie = await server.signIn();
    expect((await api('POST', '/api/contests', readFileSync(SEED, 'utf8'))).status).toBe(201);
    const judges = (await api<{ judges: { key: string; url: string }[] }>('GET', `/api/contests/${SLUG}/judges`)).body.judges;
    link = judges.find((j) => j.key === 'gk2')!.url;
    expect((await api('POST', `/api/contests/${SLUG}/stage`, { round: 'gioi-thieu', team: 'bhxh' })).status).toBe(200);
    browser = await launchBrowser();
    tablet = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true });
    page = await tablet.newPage();
    watch(page);
  });

  afterAll(() => closeAll(tablet ? [tablet] : [], browser, server));

  it('is kept through a reload before it is saved', async () => {
    await page.goto(link);
    await page.locator('[data-testid=sheet][data-team=bhxh]').waitFor();
    const criteria = page.locator('[data-testid=criterion]');
    for (let i = 0; i < (await criteria.count()); i++) {
      const picks = criteria.nth(i).locator('[data-testid=pick]');
      await picks.nth((await picks.count()) - 2).tap();
    }
    const box = page.getByLabel('Nhận xét (không bắt buộc)');
    await box.fill(COMMENT);
    await page.locator('[data-testid=sheet-unsaved]').waitFor();

    await page.reload();
    await page.locator('[data-testid=sheet][data-team=bhxh]').waitFor();
    expect(await page.locator('[data-testid=sheet-comment]').inputValue()).toBe(COMMENT);
    expect(await page.locator('[data-testid=sheet-unsaved]').isVisible()).toBe(true);
  });

  it('goes with the sheet through the outbox, offline and after a closed tab', async () => {
    await tablet.setOffline(true);
    await page.locator('[data-testid=connection][data-online=false]').waitFor();
    await page.locator('[data-testid=submit]').tap();
    await page.locator('[data-testid=confirm-send]').tap();
    await page.locator('[data-testid=sheet-pending]').waitFor();
    await page.close();
    expect(await sheetEvents()).toHaveLength(0);

    await tablet.setOffline(false);
    page = await tablet.newPage();
    watch(page);
    await page.goto(server.url + '/judge');
    await page.locator('[data-testid=receipt-line]').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid=sheet-comment]').inputValue()).toBe(COMMENT);

    const events = await sheetEvents();
    expect(events.map((e) => e.after)).toMatchObject([{ version: 1, comment: COMMENT }]);
  });

  it('changed alone, it is submitted again as a new version', async () => {
    const submit = page.locator('[data-testid=submit]');
    expect(await submit.isDisabled()).toBe(true);
    await page.locator('[data-testid=sheet-comment]').fill(SECOND);
    expect(await submit.isDisabled()).toBe(false);
    await submit.tap();
    await page.locator('[data-testid=confirm-send]').tap();
    await page.locator('[data-testid=receipt-detail]', { hasText: 'phiên bản 2' }).waitFor();
    expect(await page.locator('[data-testid=sheet-unsaved]').count()).toBe(0);
    const events = await sheetEvents();
    expect(events.map((e) => e.after?.comment)).toEqual([COMMENT, SECOND]);
    expect((await api<AuditBody>('GET', `/api/contests/${SLUG}/audit`)).body.verified.ok).toBe(true);
  });

  it('is read by the organizer on the results page', async () => {
    const results = await api<ResultsBody>('GET', `/api/contests/${SLUG}/results`);
    expect(results.body.table.rows.find((r) => r.team === 'bhxh')?.judgeComments['gioi-thieu']).toEqual({ gk2: SECOND });

    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const [name, value] = cookie.split('=') as [string, string];
    await desk.addCookies([{ name, value, url: server.url }]);
    const admin = await desk.newPage();
    watch(admin);
    await admin.goto(`${server.url}/contests/${SLUG}/results`);
    const item = admin.locator(
      '[data-testid=panel][data-round=gioi-thieu] [data-testid=comment][data-team=bhxh][data-judge=gk2]',
    );
    await item.waitFor();
    expect(await item.textContent()).toContain(SECOND);
    expect(await item.textContent()).toContain('Đội Bảo hiểm xã hội tỉnh');
    expect(await admin.locator('[data-testid=panel][data-round=thuyet-trinh] [data-testid=comment]').count()).toBe(0);
    await desk.close();
    expect(problems).toEqual([]);
  });
});
