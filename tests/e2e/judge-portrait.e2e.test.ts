/**
 * The judge's tablet held upright (768×1024, touch; issue #16): the team list shows many teams at
 * once (two columns, more than three rows) with touch-sized rows and scrolls to the last team, and
 * the sheet's sticky footer never covers a criterion: brought into view at the bottom of the screen,
 * each criterion ends above the footer (with the padding off, the same scroll puts it under it).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAxe } from './axe.js';
import {
  type Box,
  closeAll,
  DEMO_SEED,
  importPackage,
  launchBrowser,
  type RunningServer,
  startServer,
  watchProblems,
} from './harness.js';

const VIEW = { width: 768, height: 1024 };

describe('judge tablet in portrait (768×1024)', () => {
  const problems: string[] = [];
  let server: RunningServer, browser: Browser, tablet: BrowserContext, page: Page;

  const box = (selector: string, index = 0): Promise<Box> =>
    page
      .locator(selector)
      .nth(index)
      .evaluate((el) => {
        const r = el.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height };
      });

  beforeAll(async () => {
    server = await startServer();
    const { judges } = await importPackage(server, DEMO_SEED);
    browser = await launchBrowser();
    tablet = await browser.newContext({ viewport: VIEW, hasTouch: true });
    page = watchProblems(await tablet.newPage(), problems, /^WebSocket connection to '.*' failed/);
    await page.goto(`${server.url}/j/${judges.find((j) => j.key === 'gk1')!.token}`);
    await page.waitForURL('**/judge');
    await page.locator('[data-testid=team-item]').first().waitFor();
  });

  afterAll(() => closeAll([tablet], browser, server));

  it('shows more than three rows of teams at once, each a touch target, and scrolls to the last', async () => {
    const list = await box('.side ol');
    const items = page.locator('[data-testid=team-item]');
    expect(await items.count()).toBe(20);
    const boxes = await items.evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, height: r.height, width: r.width };
      }),
    );
    const inView = boxes.filter((b) => b.top >= list.top - 0.5 && b.bottom <= list.bottom + 0.5);
    const rows = new Set(inView.map((b) => Math.round(b.top)));
    expect(rows.size).toBeGreaterThan(3);
    expect(inView.length).toBeGreaterThanOrEqual(8);
    for (const b of boxes) {
      expect(b.height).toBeGreaterThanOrEqual(44);
      expect(b.width).toBeGreaterThanOrEqual(240);
    }
    // The whole list is on the first screen, under the top bar.
    expect(list.bottom).toBeLessThanOrEqual(VIEW.height);
    expect(list.top).toBeGreaterThanOrEqual((await box('.device-bar')).bottom);
    // Control: the last team is not in view until the list scrolls, then it is and takes a tap.
    expect(boxes[19]!.top).toBeGreaterThan(list.bottom);
    const last = items.nth(19);
    await last.scrollIntoViewIfNeeded();
    const lastBox = await box('[data-testid=team-item]', 19);
    const listAfter = await box('.side ol');
    expect(lastBox.bottom).toBeLessThanOrEqual(listAfter.bottom + 0.5);
    expect(lastBox.top).toBeGreaterThanOrEqual(listAfter.top - 0.5);
    await last.tap();
    expect(await page.locator('[data-testid=sheet]').getAttribute('data-team')).toBe(await last.getAttribute('data-team'));
  });

  for (const round of ['thuyet-trinh', 'gioi-thieu'] as const) {
    it(`never leaves a criterion of ${round} under the sticky footer`, async () => {
      await page.locator(`[data-testid=round-tab][data-round=${round}]`).tap();
      await page.locator('[data-testid=team-item][data-team=kbnn]').tap();
      await page.locator('[data-testid=sheet][data-team=kbnn] [data-testid=sheet-footer]').waitFor();
      const criteria = page.locator('[data-testid=criterion]');
      const n = await criteria.count();
      expect(n).toBe(round === 'thuyet-trinh' ? 4 : 3);
      const bar = await box('.device-bar');
      for (let i = 0; i < n; i++) {
        // Brought into view at the bottom edge (the worst case for a bottom bar), then at the top.
        // The last tap's save changes the footer's status line (unsaved, pending, the receipt), so
        // its height; the scroll padding follows a frame later (ResizeObserver). Scrolled again
        // until both agree: without the padding the criterion stays under the footer and this fails.
        const endGap = async () => {
          await criteria.nth(i).evaluate((el) => el.scrollIntoView({ block: 'end' }));
          return (await box('[data-testid=criterion]', i)).bottom - (await box('[data-testid=sheet-footer]')).top;
        };
        await expect.poll(endGap, { message: `criterion ${i + 1} (end)`, timeout: 5_000 }).toBeLessThanOrEqual(0.5);
        const c = await box('[data-testid=criterion]', i);
        const footer = await box('[data-testid=sheet-footer]');
        // The footer is stuck to the bottom of the screen, over the page: the check below matters.
        expect(footer.bottom).toBeGreaterThan(VIEW.height - 40);
        expect(footer.height).toBeGreaterThan(60);
        expect(c.top).toBeGreaterThanOrEqual(bar.bottom - 0.5);

        await criteria.nth(i).evaluate((el) => el.scrollIntoView({ block: 'start' }));
        const atTop = await box('[data-testid=criterion]', i);
        expect(atTop.top, `criterion ${i + 1} (start)`).toBeGreaterThanOrEqual((await box('.device-bar')).bottom - 0.5);

        // Playwright's own scrolling, as before a tap: the criterion's last control is tappable.
        await criteria.nth(i).locator('[data-testid=pick]').last().tap();
      }
      // Control: without the scroll padding, the same scroll puts the last criterion under the footer.
      const under = await criteria.nth(n - 1).evaluate((el) => {
        const root = document.documentElement;
        const kept = root.style.scrollPaddingBottom;
        root.style.scrollPaddingBottom = '0px';
        el.scrollIntoView({ block: 'end' });
        const covered =
          el.getBoundingClientRect().bottom > document.querySelector('[data-testid=sheet-footer]')!.getBoundingClientRect().top;
        root.style.scrollPaddingBottom = kept;
        return covered;
      });
      expect(under).toBe(true);
      expect(await page.locator('[data-testid=sheet-total]').textContent()).not.toBe('0');
    });
  }

  it('has no serious accessibility violations in portrait, and no console problems', async () => {
    expect(await runAxe(page)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
