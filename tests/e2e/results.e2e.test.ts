/**
 * The results pages in a real browser: the organizer sees a judge flagged far from the panel,
 * downloads the minutes as a PDF, previews the standings under another method; anyone reads the
 * public contest page and checks a certificate number. No console error, CSP violation or
 * uncaught exception.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, importPackage, launchBrowser, type RunningServer, startServer, watchProblems } from './harness.js';

const SEED = join(import.meta.dirname, '..', '..', 'db', 'seed', 'cchc-gialai-2019.json');
const seed = JSON.parse(readFileSync(SEED, 'utf8')) as { slug: string; title: string; teams: { key: string; name: string }[] };
const SLUG = seed.slug;

/**
 * Chromium logs every non-2xx fetch; these are answers the pages show on purpose: 409 NO_WINNERS
 * (no certificate yet) and 404 for an unknown certificate number.
 */
const EXPECTED_HTTP = /^Failed to load resource: the server responded with a status of (404|409)\b/;

describe('results pages', () => {
  let server: RunningServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    contexts.push(context);
    return watchProblems(await context.newPage(), problems, EXPECTED_HTTP);
  }

  beforeAll(async () => {
    server = await startServer();
    const { judges } = await importPackage(server, SEED);
    const token = Object.fromEntries(judges.map((j) => [j.key, j.token]));

    // "Tự giới thiệu": bhxh gets 72, 73, 71.5, 72.5 and a lone 55 from gk5 (flagged: the others
    // average 72.25); kbnn gets 70 from everyone. The trimmed mean in force ranks bhxh first
    // (72 against 70); the plain mean (68.8) puts kbnn ahead.
    const sheets: [string, string, number][] = [
      ['gk1', 'bhxh', 32],
      ['gk2', 'bhxh', 33],
      ['gk3', 'bhxh', 31.5],
      ['gk4', 'bhxh', 32.5],
      ['gk5', 'bhxh', 15],
      ...(['gk1', 'gk2', 'gk3', 'gk4', 'gk5'] as const).map((j): [string, string, number] => [j, 'kbnn', 30]),
    ];
    for (const [judge, team, first] of sheets) {
      const res = await fetch(`${server.url}/api/contests/${SLUG}/sheets/gioi-thieu/${team}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token[judge]}`, 'idempotency-key': randomUUID() },
        body: JSON.stringify({ marks: { 'noi-dung': first, 'hinh-thuc': 20, 'sang-tao': 20 }, status: 'submitted' }),
      });
      expect(res.status, await res.clone().text()).toBe(200);
    }
    browser = await launchBrowser();
  });

  afterAll(() => closeAll(contexts, browser, server));

  let page: Page;

  it('shows the organizer the standings and the judge far from the panel', async () => {
    page = await newPage();
    await page.goto(`${server.url}/login?next=${encodeURIComponent(`/contests/${SLUG}/results`)}`);
    await page.fill('#email', server.adminEmail);
    await page.fill('#password', server.adminPassword);
    await page.click('button[type=submit]');
    await page.waitForURL(`**/contests/${SLUG}/results`);

    const first = page.locator('[data-testid=standing-row]').first();
    await first.waitFor();
    expect(await first.getAttribute('data-team')).toBe('bhxh');
    expect((await first.locator('[data-testid=standing-total]').textContent())?.trim()).toBe('72,00');

    const outlier = page.locator('[data-testid=panel][data-round=gioi-thieu] [data-testid=outlier]');
    await outlier.waitFor();
    expect(await outlier.count()).toBe(1);
    const said = ((await outlier.textContent()) ?? '').replace(/\s+/g, ' ').trim();
    expect(said).toContain('Đội Bảo hiểm xã hội tỉnh');
    expect(said).toContain('GK5: 55,00 — cách xa trung bình các giám khảo khác (72,25)');
    expect(await page.locator('[data-testid=outlier-cell][data-judge=gk5]').count()).toBe(1);
    // gk1 has a conflict with the Sở Nội vụ team.
    expect(await page.locator('[data-testid=panel][data-round=gioi-thieu] abbr', { hasText: 'XĐLI' }).count()).toBeGreaterThan(0);
  });

  it('re-queries with a looser tolerance, and nobody is flagged', async () => {
    await page.selectOption('[data-testid=tolerance]', '4');
    await page.locator('[data-testid=panel][data-round=gioi-thieu] [data-testid=outlier]').waitFor({ state: 'detached' });
    await page.selectOption('[data-testid=tolerance]', '2');
    await page.locator('[data-testid=panel][data-round=gioi-thieu] [data-testid=outlier]').waitFor();
  });

  it('downloads the minutes as a PDF', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-minutes]')]);
    expect(download.suggestedFilename()).toBe(`${SLUG}-bien-ban.pdf`);
    const path = await download.path();
    const pdf = readFileSync(path);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
  });

  it('says why there are no certificates yet', async () => {
    await page.click('[data-testid=download-certificates]');
    const error = page.locator('[data-testid=download-error-certificates]');
    await error.waitFor();
    expect((await error.textContent())?.trim()).toBe('Chưa có giải nào được xác định để in giấy khen');
  });

  it('previews the standings under the plain mean, beside the current ones', async () => {
    await page.check('[data-testid=method-mean]');
    const preview = page.locator('[data-testid=whatif-preview]');
    await preview.waitFor();
    expect(await preview.locator('tbody tr').first().getAttribute('data-team')).toBe('kbnn');
    expect(await page.locator('[data-testid=whatif-current] tbody tr').first().getAttribute('data-team')).toBe('bhxh');
    expect((await page.locator('[data-testid=whatif-summary]').textContent())?.trim()).toBe('2 đội đổi hạng.');
    expect(
      ((await preview.locator('tbody tr').first().locator('[data-testid=rank-change]').textContent()) ?? '').trim(),
    ).toContain('▲ 1');
    // Nothing changed yet: the board in force still ranks bhxh first.
    expect(await page.locator('[data-testid=standing-row]').first().getAttribute('data-team')).toBe('bhxh');
  });

  it('shows anyone the public contest page with its policy and teams', async () => {
    const visitor = await newPage();
    await visitor.goto(`${server.url}/p/${SLUG}`);
    await visitor.locator('[data-testid=public-title]').waitFor();
    expect((await visitor.locator('[data-testid=public-title]').textContent())?.trim()).toBe(seed.title);
    expect(await visitor.locator('[data-testid=policy-method]').textContent()).toContain(
      'Bỏ 1 điểm cao nhất và 1 điểm thấp nhất',
    );
    expect(await visitor.locator('[data-testid=public-team]').count()).toBe(seed.teams.length);
    expect(await visitor.getByText(seed.teams[0]!.name, { exact: true }).isVisible()).toBe(true);
    expect(await visitor.locator('[data-testid=live-link]').getAttribute('href')).toBe(`/live/${SLUG}`);
    expect(await visitor.locator('[data-testid=lang-switch]').isVisible()).toBe(true);

    await visitor.goto(`${server.url}/c/CCHC-GIALAI-0000000000`);
    await visitor.locator('[data-testid=certificate-not-found]').waitFor();
    expect(await visitor.locator('h1').textContent()).toContain('Không tìm thấy giấy khen với số này');
  });

  it('logged no console error, CSP violation or uncaught exception', () => {
    expect(problems).toEqual([]);
  });
});
