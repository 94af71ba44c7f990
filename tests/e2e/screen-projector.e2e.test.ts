/**
 * The big screen on small projectors: at 1024×768 and 1280×720 the demo's 20 teams do not fit at
 * a readable size, so the board pages through them (a page indicator, a few seconds a page) with
 * every name at least 20 px, no header cut, and the unit column gone because it only repeats the
 * team names. 1920×1080 is the control: all 20 teams on one page, no indicator. A contest whose
 * units say something the names do not keeps the unit column.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeViolations, runAxe } from './axe.js';
import { closeAll, launchBrowser, startServer, watchProblems, type RunningServer } from './harness.js';

const SEED = join(import.meta.dirname, '..', '..', 'db', 'seed', 'cchc-gialai-2019.json');
const SLUG = 'cchc-gialai-2019';
const OTHER = 'units-kept';

let server: RunningServer;
let browser: Browser;
let cookie: string;
const contexts: BrowserContext[] = [];
const problems: string[] = [];
let teamKeys: string[] = [];

async function create(body: object) {
  const res = await fetch(`${server.url}/api/contests`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
}

/** A bonus score for every team, so that the board has scores (0 to 4, many ties). */
async function scoreAll(slug: string, teams: string[]) {
  for (const [i, team] of teams.entries()) {
    const res = await fetch(`${server.url}/api/contests/${slug}/direct/diem-thuong/${team}`, {
      method: 'PUT',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ score: i % 5, reason: 'Điểm thưởng thử' }),
    });
    expect(res.status).toBe(200);
  }
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  cookie = await server.signIn();
  const pkg = JSON.parse(readFileSync(SEED, 'utf8')) as { slug: string; teams: { key: string; unit: string }[] };
  teamKeys = pkg.teams.map((t) => t.key);
  await create(pkg);
  await scoreAll(SLUG, teamKeys);
  // The same contest where one team's unit is not in its name: the column stays.
  const other = structuredClone(pkg);
  other.slug = OTHER;
  other.teams[0]!.unit = 'Liên đoàn Lao động tỉnh';
  await create(other);
  await scoreAll(OTHER, teamKeys.slice(0, 3));
});
afterAll(() => closeAll(contexts, browser, server));

async function openScreen(viewport: { width: number; height: number }, slug = SLUG): Promise<Page> {
  const context = await browser.newContext({ viewport });
  contexts.push(context);
  const page = watchProblems(await context.newPage(), problems, /^$/, `${viewport.width}×${viewport.height} `);
  await page.goto(`${server.url}/screen/${slug}`);
  await page.locator('[data-testid=screen][data-live=true] [data-testid=screen-board]').waitFor();
  await page.locator('[data-testid=board-row]').first().waitFor();
  return page;
}

interface Shown {
  page: string | null;
  teams: string[];
  names: number[];
  units: number;
  heads: { text: string; scrollWidth: number; clientWidth: number; scrollHeight: number; clientHeight: number }[];
}

/** What the board shows now: the page, its teams, the names' font sizes, the unit cells, the header cells. */
const shown = (page: Page): Promise<Shown> =>
  page.evaluate(() => ({
    page: document.querySelector('[data-testid=board-page]')?.textContent?.trim() ?? null,
    teams: [...document.querySelectorAll('[data-testid=board-row]')].map((r) => r.getAttribute('data-team') ?? ''),
    names: [...document.querySelectorAll('[data-testid=board-row] .name .txt')].map((e) =>
      parseFloat(getComputedStyle(e).fontSize),
    ),
    units: document.querySelectorAll('[data-testid=screen-board] .unit').length,
    heads: [...document.querySelectorAll('[data-testid=screen-board] [role=columnheader]')].map((e) => ({
      text: e.textContent?.trim() ?? '',
      scrollWidth: e.scrollWidth,
      clientWidth: e.clientWidth,
      scrollHeight: e.scrollHeight,
      clientHeight: e.clientHeight,
    })),
  }));

function expectReadable(now: Shown) {
  expect(now.names.length).toBeGreaterThan(0);
  for (const size of now.names) expect(size).toBeGreaterThanOrEqual(20);
  expect(now.units).toBe(0);
  // Every header whole: the round titles (the long "Điểm thưởng / trừ của Ban Tổ chức") wrap.
  expect(now.heads.map((h) => h.text)).toContain('Điểm thưởng / trừ của Ban Tổ chức');
  for (const h of now.heads) {
    expect(h.scrollWidth, h.text).toBeLessThanOrEqual(h.clientWidth);
    expect(h.scrollHeight, h.text).toBeLessThanOrEqual(h.clientHeight + 1);
  }
}

for (const viewport of [
  { width: 1024, height: 768 },
  { width: 1280, height: 720 },
]) {
  it(`${viewport.width}×${viewport.height}: pages through all 20 teams, names at least 20 px, no header cut, no unit column`, async () => {
    const page = await openScreen(viewport);
    const board = page.locator('[data-testid=screen-board]');
    expect(await board.getAttribute('data-unit')).toBe('false');
    expect(Number(await board.getAttribute('data-pages'))).toBeGreaterThan(1);
    const seen = new Set<string>();
    const pages = new Set<string>();
    const deadline = Date.now() + 40_000;
    while ((seen.size < teamKeys.length || pages.size < 2) && Date.now() < deadline) {
      const now = await shown(page);
      expect(now.page).toMatch(/^Trang \d\/\d/);
      expect(now.teams.length).toBeLessThan(teamKeys.length);
      expectReadable(now);
      now.teams.forEach((t) => seen.add(t));
      pages.add(now.page!);
      await page.waitForTimeout(1000);
    }
    expect([...seen].sort()).toEqual([...teamKeys].sort());
    expect(pages.size).toBeGreaterThanOrEqual(2);
    expect(describeViolations(await runAxe(page))).toBe('');
  });
}

it('1920×1080 (control): the 20 teams on one page at 20 px or more, no page indicator', async () => {
  const page = await openScreen({ width: 1920, height: 1080 });
  const now = await shown(page);
  expect(now.page).toBeNull();
  expect(now.teams.length).toBe(teamKeys.length);
  expect(await page.locator('[data-testid=screen-board]').getAttribute('data-pages')).toBe('1');
  expectReadable(now);
});

it('keeps the unit column when a unit is not in its team’s name', async () => {
  const page = await openScreen({ width: 1024, height: 768 }, OTHER);
  expect(await page.locator('[data-testid=screen-board]').getAttribute('data-unit')).toBe('true');
  // The team whose unit differs is on one of the board's pages: it shows within a turn of them.
  const unit = page.locator('[data-testid=board-row] .unit', { hasText: 'Liên đoàn Lao động tỉnh' });
  await unit.first().waitFor({ timeout: 20_000 });
  expect(await unit.count()).toBe(1);
  expect(problems).toEqual([]);
});
