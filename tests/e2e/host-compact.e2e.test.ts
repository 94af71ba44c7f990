/**
 * The host console on the secretary's laptop (issue #16, item 5): at 1366×768 the running order
 * shows the demo's 20 teams in dense rows in its own scroll region, which a keyboard can reach;
 * every row can be brought into view and clicked; the team on stage is in view on load, also on a
 * shorter screen where the list has to scroll; the timer, the scenes, the freeze and the reveal
 * stay usable at that size; a touch screen keeps rows of 44 px; axe finds no serious problem.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, runAxe } from './axe.js';
import {
  type Box,
  closeAll,
  DEMO_SEED,
  DEMO_SLUG,
  HOST_ACCOUNT,
  importPackage,
  launchBrowser,
  openHostConsole,
  type RunningServer,
  startServer,
  watchProblems,
} from './harness.js';

const seed = JSON.parse(readFileSync(DEMO_SEED, 'utf8')) as { teams: { key: string; name: string }[]; rounds: { key: string }[] };
const TEAMS = seed.teams.map((t) => t.key);
const LAST = TEAMS[TEAMS.length - 1]!;
const LAPTOP = { width: 1366, height: 768 };
/** Scrolling may be animated, and frames come late on a loaded machine. */
const POLL = { timeout: 5_000 };
/** Chromium's line for the 401 of the sign-in redirect. */
const EXPECTED_HTTP = /^Failed to load resource: the server responded with a status of 401\b/;

describe('host console at 1366×768: the whole running order at hand', () => {
  let server: RunningServer;
  let browser: Browser;
  let cookie = '';
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  async function open(
    viewport: { width: number; height: number },
    extra: { hasTouch?: boolean; isMobile?: boolean } = {},
  ): Promise<Page> {
    const context = await browser.newContext({ viewport, ...extra });
    contexts.push(context);
    const page = watchProblems(await context.newPage(), problems, EXPECTED_HTTP, `${viewport.width}x${viewport.height} `);
    await openHostConsole(page, server, DEMO_SLUG, HOST_ACCOUNT);
    await page.locator('[data-testid=running-order] li.here').waitFor();
    return page;
  }

  const region = (page: Page) => page.locator('[data-testid=running-order]');
  const rows = (page: Page) => region(page).locator(':scope > li');
  const box = (l: Locator): Promise<Box> =>
    l.evaluate((e) => {
      const r = e.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height };
    });
  /** The part of the viewport the region shows (its client box, within the window). */
  const regionView = (page: Page): Promise<Box> =>
    region(page).evaluate((e) => {
      const r = e.getBoundingClientRect();
      const top = Math.max(r.top + e.clientTop, 0);
      const bottom = Math.min(r.top + e.clientTop + e.clientHeight, window.innerHeight);
      return { top, bottom, left: r.left, right: r.right, height: bottom - top };
    });
  const inside = (inner: Box, outer: Box) => inner.top >= outer.top - 0.5 && inner.bottom <= outer.bottom + 0.5;
  /** What is on screen at the centre of `l` belongs to it (nothing covers it). */
  const hitAtCentre = (l: Locator) =>
    l.evaluate((e) => {
      const r = e.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return !!hit && (hit === e || e.contains(hit));
    });
  const visibleRows = async (page: Page) => {
    const view = await regionView(page);
    let n = 0;
    for (const row of await rows(page).all()) if (inside(await box(row), view)) n++;
    return n;
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    cookie = await server.signIn();
    await importPackage(server, DEMO_SEED);
    // The last team of the order is on stage: the farthest row from where a list starts.
    const staged = await fetch(`${server.url}/api/contests/${DEMO_SLUG}/stage`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ round: seed.rounds[0]!.key, team: LAST }),
    });
    expect(staged.status).toBe(200);
  });
  afterAll(() => closeAll(contexts, browser, server));

  it('shows all 20 teams on load, in its own keyboard-reachable region, the team on stage among them', async () => {
    const page = await open(LAPTOP);
    expect(await rows(page).count()).toBe(TEAMS.length);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    // Every row on the first screen, with no scrolling at all (the issue saw 11 of 20).
    expect(await visibleRows(page)).toBe(TEAMS.length);
    const view = await regionView(page);
    expect(view.bottom).toBeLessThanOrEqual(LAPTOP.height);
    // The team on stage is marked and in view.
    const here = region(page).locator('li.here');
    expect(await here.getAttribute('data-team')).toBe(LAST);
    expect(inside(await box(here), view)).toBe(true);
    expect(await here.locator('[data-testid=host-team]').getAttribute('aria-current')).toBe('true');
    // The region is a tab stop with a name (a keyboard can scroll it).
    expect(await region(page).evaluate((e) => e.tabIndex)).toBe(0);
    expect(await region(page).getAttribute('aria-labelledby')).toBe('order-title');
    // Dense, yet readable: rows of at least 24 px, names of at least 13 px, never wrapped.
    for (const row of await rows(page).all()) {
      const b = await box(row);
      expect(b.height).toBeGreaterThanOrEqual(24);
      expect(b.height).toBeLessThanOrEqual(32);
      const size = await row.locator('.t-name').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
      expect(size).toBeGreaterThanOrEqual(13);
    }
    // The visible name is the button's accessible name: axe finds nothing serious on the console.
    const violations = await runAxe(page);
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  it('brings every row into view within its region and lets the host click it', async () => {
    const page = await open(LAPTOP);
    for (const key of TEAMS) {
      const row = region(page).locator(`li[data-team=${key}]`);
      await row.evaluate((e) => e.scrollIntoView({ block: 'nearest' }));
      const b = await box(row);
      expect(inside(b, await regionView(page)), key).toBe(true);
      expect(b.top, key).toBeGreaterThanOrEqual(0);
      expect(b.bottom, key).toBeLessThanOrEqual(LAPTOP.height);
      expect(await hitAtCentre(row.locator('[data-testid=host-team]')), key).toBe(true);
    }
    // A click on a row puts its team on stage (the first row, which the last click leaves in view).
    await region(page).locator(`li[data-team=${TEAMS[0]}] [data-testid=host-team]`).click();
    await region(page).locator(`li.here[data-team=${TEAMS[0]}]`).waitFor();
    expect(await page.locator('[data-testid=host-stage-team]').innerText()).toContain(seed.teams[0]!.name);
  });

  it('on a shorter screen the list scrolls within itself: the team on stage in view on load, the rest by keyboard', async () => {
    await fetch(`${server.url}/api/contests/${DEMO_SLUG}/stage`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ round: seed.rounds[0]!.key, team: LAST }),
    });
    const short = { width: 1366, height: 560 };
    const page = await open(short);
    await region(page).locator(`li.here[data-team=${LAST}]`).waitFor();
    // The positive control: here the rows do not all fit, and the region has scrolled to the last one.
    expect(await visibleRows(page)).toBeLessThan(TEAMS.length);
    await expect.poll(() => region(page).evaluate((e) => e.scrollTop), POLL).toBeGreaterThan(0);
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(inside(await box(region(page).locator('li.here')), await regionView(page))).toBe(true);
    // From the keyboard: the region takes the focus, Home shows the first team, End the last.
    await region(page).focus();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('running-order');
    await page.keyboard.press('Home');
    await expect.poll(() => region(page).evaluate((e) => e.scrollTop), POLL).toBe(0);
    expect(inside(await box(rows(page).first()), await regionView(page))).toBe(true);
    expect(inside(await box(rows(page).last()), await regionView(page))).toBe(false);
    await page.keyboard.press('End');
    await expect.poll(async () => inside(await box(rows(page).last()), await regionView(page)), POLL).toBe(true);
    // Stepping back keeps the team on stage in view.
    await page.keyboard.press('Home');
    await expect.poll(() => region(page).evaluate((e) => e.scrollTop), POLL).toBe(0);
    await page.click('[data-testid=prev-team]');
    await region(page)
      .locator(`li.here[data-team=${TEAMS[TEAMS.length - 2]}]`)
      .waitFor();
    await expect.poll(async () => inside(await box(region(page).locator('li.here')), await regionView(page)), POLL).toBe(true);
  });

  it('keeps the timer, the scenes, the freeze and the reveal usable at 1366×768', async () => {
    const page = await open(LAPTOP);
    /** Scrolled to if need be, whole in the window and not covered. */
    async function usable(l: Locator, what: string) {
      await l.scrollIntoViewIfNeeded();
      const b = await box(l);
      expect(b.top, what).toBeGreaterThanOrEqual(0);
      expect(b.bottom, what).toBeLessThanOrEqual(LAPTOP.height);
      expect(b.height, what).toBeGreaterThanOrEqual(32);
      expect(await hitAtCentre(l), what).toBe(true);
      expect(await l.isEnabled(), what).toBe(true);
    }
    // The timer and the scene buttons are on the first screen.
    for (const id of ['timer-start', 'timer-reset']) {
      const b = await box(page.locator(`[data-testid=${id}]`));
      expect(b.bottom, id).toBeLessThanOrEqual(LAPTOP.height);
    }
    await usable(page.locator('[data-testid=timer-start]'), 'timer start');
    await page.click('[data-testid=timer-start]');
    await page.locator('[data-testid=timer-pause]').waitFor();
    await usable(page.locator('[data-testid=timer-pause]'), 'timer pause');
    await page.click('[data-testid=timer-pause]');
    await page.locator('[data-testid=timer-start]').waitFor();
    for (const scene of await page.locator('[data-testid=scene-button]').all()) {
      await usable(scene, `scene ${await scene.getAttribute('data-scene')}`);
      expect((await box(scene)).bottom).toBeLessThanOrEqual(LAPTOP.height);
    }
    await page.click('[data-testid=scene-button][data-scene=stage]');
    await page.locator('[data-testid=scene-button][data-scene=stage][aria-pressed=true]').waitFor();
    await usable(page.locator('[data-testid=freeze-button]'), 'freeze');
    await page.click('[data-testid=freeze-button]');
    await page.click('[data-testid=freeze-dialog] [data-testid=confirm-ok]');
    await usable(page.locator('[data-testid=reveal-next]'), 'reveal');
    // The running order stayed where it was, whole, while the page scrolled to these panels.
    expect(await visibleRows(page)).toBe(TEAMS.length);
  });

  it('from the keyboard the round tabs come before the running order, as the host reads them', async () => {
    const page = await open(LAPTOP);
    const tabs = page.locator('[data-testid=round-tab]');
    const tabCount = await tabs.count();
    expect(tabCount).toBeGreaterThan(1);
    // The layout is the same: the order on the left, the tabs beside it above the panels.
    const order = page.locator('main section.order');
    const [orderBox, firstTab, panels] = await Promise.all([box(order), box(tabs.first()), box(page.locator('main .work'))]);
    expect(firstTab.left).toBeGreaterThanOrEqual(orderBox.right);
    expect(firstTab.top).toBeLessThan(orderBox.top + 40);
    expect(firstTab.bottom).toBeLessThanOrEqual(panels.top);
    // Tab from the top of the page: where each stop lies.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const stops: string[] = [];
    for (let i = 0; i < 60 && !stops.includes('order'); i++) {
      await page.keyboard.press('Tab');
      stops.push(
        await page.evaluate(() => {
          const a = document.activeElement;
          if (!a || a === document.body) return 'none';
          if (a.matches('[data-testid=round-tab]')) return 'round';
          if (a.closest('main section.order')) return 'order';
          return a.closest('main') ? 'main' : 'outside';
        }),
      );
    }
    const firstRound = stops.indexOf('round');
    const firstOrder = stops.indexOf('order');
    expect(firstRound, stops.join(' ')).toBeGreaterThanOrEqual(0);
    expect(firstOrder, stops.join(' ')).toBeGreaterThan(firstRound);
    // Every round tab, then straight into the running order: nothing of the main area before the tabs.
    expect(stops.slice(firstRound, firstOrder)).toEqual(Array(tabCount).fill('round'));
    expect(stops.slice(0, firstRound).includes('main')).toBe(false);
  });

  it('a slow answer for a round picked before does not take the progress of the round picked now', async () => {
    const page = await open(LAPTOP);
    const [, earlier, now] = seed.rounds.map((r) => r.key);
    // The earlier round's progress answers after the later one's, as on a busy venue network.
    const url = `**/api/contests/${DEMO_SLUG}/rounds/${earlier!}/progress`;
    await page.route(url, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.continue();
    });
    const lateAnswered = page.waitForResponse(url).then((res) => res.finished());
    await page.click(`[data-testid=round-tab][data-round=${earlier!}]`);
    await page.click(`[data-testid=round-tab][data-round=${now!}]`);
    await page.locator(`[data-testid=round-tab][data-round=${now!}][aria-pressed=true]`).waitFor();
    const panel = page.locator('[data-testid=round-lock-panel]');
    await panel.waitFor();
    await lateAnswered;
    // The page has read the late answer (its body is in); let it apply it before looking.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
    // The round shown keeps its progress and its lock button.
    expect(await panel.isVisible()).toBe(true);
    expect(await panel.getAttribute('data-total')).toBe(String(TEAMS.length));
    expect(await page.locator('[data-testid=round-lock]').isVisible()).toBe(true);
    await page.unroute(url);
  });

  it('on a touch screen the rows keep 44 px targets', async () => {
    const page = await open({ width: 1366, height: 1024 }, { hasTouch: true, isMobile: true });
    expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
    for (const button of await region(page).locator('[data-testid=host-team]').all())
      expect((await box(button)).height).toBeGreaterThanOrEqual(44);
  });

  it('logged no error and threw nothing', () => {
    expect(problems).toEqual([]);
  });
});
