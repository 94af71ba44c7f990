/**
 * The organizer console in a real browser: sign in, import the demo package through the file
 * input, read the contest, switch the language, see the server's validation issues beside what
 * they concern, delete the contest. No console error, no CSP violation, no uncaught exception.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSuite, DEMO_SEED, type RunningServer } from './harness.js';

interface SeedPackage {
  slug: string;
  title: string;
  rounds: { key: string; title: string; kind: string; criteria?: { key: string; title: string; max: number; step: number }[] }[];
  teams: { key: string; name: string; unit: string }[];
  [field: string]: unknown;
}
const seed = JSON.parse(readFileSync(DEMO_SEED, 'utf8')) as SeedPackage;

/**
 * Chromium reports every non-2xx fetch as "Failed to load resource"; the 4xx answers this test
 * provokes on purpose (no session yet, wrong password, bad package) are handled by the page.
 */
const EXPECTED_HTTP = /^Failed to load resource: the server responded with a status of (400|401|409)\b/;

describe('organizer console', () => {
  let suite: BrowserSuite;
  let server: RunningServer;
  let page: Page;

  beforeAll(async () => {
    suite = await BrowserSuite.start(EXPECTED_HTTP);
    server = suite.server;
    page = await suite.open('', { width: 1366, height: 768 });
  });

  afterAll(() => suite?.close());

  const text = async (selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();

  it('sends a visitor without a session to the login page, in Vietnamese', async () => {
    await page.goto(server.url + '/');
    await page.waitForURL('**/login');
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    expect(await text('h1')).toBe('Đăng nhập');
  });

  it('shows the server message for a wrong password', async () => {
    await page.fill('#email', server.adminEmail);
    await page.fill('#password', 'not-the-password');
    await page.click('button[type=submit]');
    await page.locator('[data-testid=login-error]').waitFor();
    expect(await text('[data-testid=login-error]')).toBe('Email hoặc mật khẩu không đúng');
    expect(page.url()).toMatch(/\/login$/);
  });

  it('signs in and lands on an empty contest list', async () => {
    await page.fill('#email', server.adminEmail);
    await page.fill('#password', server.adminPassword);
    await page.click('button[type=submit]');
    await page.locator('[data-testid=contests-empty]').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await text('[data-testid=signed-in-email]')).toContain(server.adminEmail);
  });

  it('imports the demo package from a file and shows its 20 teams', async () => {
    await page.click('[data-testid=import-link]');
    await page.waitForURL('**/contests/import');
    await page.setInputFiles('[data-testid=package-file]', DEMO_SEED);
    // The file is read in the browser and previewed before anything is sent.
    await page.locator('[data-testid=preview]').waitFor();
    expect(await page.inputValue('[data-testid=slug-input]')).toBe(seed.slug);
    await page.click('[data-testid=import-submit]');

    await page.waitForURL(`**/contests/${seed.slug}`);
    await page.locator('[data-testid=team-row]').first().waitFor();
    expect(await text('[data-testid=contest-title]')).toBe(seed.title);
    expect(await text('[data-testid=notice-text]')).toContain('Đã nhập hội thi');
    expect(await page.locator('[data-testid=team-row]').count()).toBe(20);
    expect(await text('[data-testid=team-count]')).toBe('20 đội thi');

    const unit = seed.teams[0]!.unit; // "CĐCS Bảo hiểm xã hội tỉnh": diacritics survive the round trip
    expect(unit).toMatch(/[Đđảãạếệểỉịọổộờởợụủừửữựỳỷỹ]/);
    expect(await page.getByRole('cell', { name: unit, exact: true }).isVisible()).toBe(true);
    expect(await text('[data-testid=policy-method]')).toContain('Bỏ 1 điểm cao nhất và 1 điểm thấp nhất');
  });

  it('switches to English and back to Vietnamese', async () => {
    await page.click('[data-testid=lang-en]');
    await page.locator('#teams-title', { hasText: 'Teams' }).waitFor();
    expect(await text('#teams-title')).toContain('20 teams');
    expect(await text('[data-testid=sign-out]')).toBe('Sign out');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const cookies = await page.context().cookies(server.url);
    expect(cookies.find((c) => c.name === 'hoithi_lang')?.value).toBe('en');

    // The choice survives a reload.
    await page.reload();
    await page.locator('#teams-title', { hasText: 'Teams' }).waitFor();

    await page.click('[data-testid=lang-vi]');
    await page.locator('#teams-title', { hasText: 'Đội thi' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    expect(await text('[data-testid=sign-out]')).toBe('Đăng xuất');
  });

  it('shows a validation issue beside the criterion it concerns', async () => {
    const roundIndex = seed.rounds.findIndex((r) => r.kind === 'rubric' && (r.criteria?.length ?? 0) >= 2);
    const round = seed.rounds[roundIndex]!;
    const criterion = round.criteria![1]!;
    const broken = structuredClone(seed);
    broken.slug = 'goi-loi-buoc-diem';
    broken.rounds[roundIndex]!.criteria![1] = { ...criterion, max: 10, step: 0.3 };

    await page.goto(server.url + '/contests/import');
    await page.locator('[data-testid=package-text]').waitFor();
    // From a file made in memory: typing 30 kB into the text box through Playwright takes seconds.
    const json = JSON.stringify(broken, null, 2);
    await page.setInputFiles('[data-testid=package-file]', {
      name: 'loi.json',
      mimeType: 'application/json',
      buffer: Buffer.from(json),
    });
    await page.locator('[data-testid=preview]').waitFor();
    expect(await page.inputValue('[data-testid=package-text]')).toBe(json);
    await page.click('[data-testid=import-submit]');

    const path = `rounds.${roundIndex}.criteria.1.step`;
    const issue = page.locator(`[data-testid=issue-group-rounds] [data-testid=issue][data-path="${path}"]`);
    await issue.waitFor();
    const where = ((await issue.locator('.where').textContent()) ?? '').trim();
    expect(where).toBe(`Phần thi «${round.title}» › Tiêu chí «${criterion.title}» › bước điểm`);
    expect(await issue.locator('.message').textContent()).toContain('0.3');
    // Nothing was created.
    expect(new URL(page.url()).pathname).toBe('/contests/import');
  });

  it('says locally that text which is not JSON is not JSON', async () => {
    await page.fill('[data-testid=package-text]', '{\n  "slug": "x",\n  "title": tru\n}');
    await page.click('[data-testid=import-submit]');
    await page.locator('[data-testid=parse-error]').waitFor();
    expect(await text('[data-testid=parse-error] p')).toContain('dòng 3');
  });

  it('deletes the contest after the slug is typed to confirm', async () => {
    await page.goto(`${server.url}/contests/${seed.slug}`);
    await page.click('[data-testid=delete-button]');
    const confirm = page.locator('[data-testid=delete-confirm]');
    expect(await confirm.isDisabled()).toBe(true);
    await page.fill('[data-testid=delete-slug]', seed.slug);
    await confirm.click();
    await page.locator('[data-testid=contests-empty]').waitFor();
    expect(await text('[data-testid=notice-text]')).toContain('Đã xoá hội thi');
  });

  it('signs out', async () => {
    await page.click('[data-testid=sign-out]');
    await page.waitForURL('**/login');
    expect(await text('[data-testid=notice-text]')).toBe('Bạn đã đăng xuất.');
    await page.goto(server.url + '/');
    await page.waitForURL('**/login');
  });

  it('logged no console error, CSP violation or uncaught exception', () => {
    expect(suite.problems).toEqual([]);
  });
});
