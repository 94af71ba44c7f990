/**
 * Accessibility of every page (issue #16, item 5): axe-core finds no serious or critical problem
 * on any page of the app, each opened by the person who uses it with the demo contest: the
 * organizer's console, the host console (as the secretary), the judge's tablet and the team's
 * phone through their private links, the public pages, the audience's phone, the big screen, the
 * overlay, the sign-in page and the error pages. Every page also has one main heading (an h1),
 * which axe counts only as moderate. A failure names the page and the rule.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeViolations, runAxe } from './axe.js';
import {
  closeAll,
  DEMO_SEED,
  DEMO_SLUG,
  HOST_ACCOUNT,
  importPackage,
  launchBrowser,
  type RunningServer,
  startServer,
  watchProblems,
} from './harness.js';

const seed = JSON.parse(readFileSync(DEMO_SEED, 'utf8')) as { teams: { key: string }[]; rounds: { key: string }[] };
/** A team with a sheet in the first round (the host may lock it). */
const MARKED = seed.teams[1]!.key;
/**
 * Chromium's line for the answers the pages handle: 401 before a session, 404 on the error
 * pages and the unknown certificate.
 */
const EXPECTED_HTTP = /^Failed to load resource: the server responded with a status of (401|404)\b/;

type Role = 'organizer' | 'host' | 'judge' | 'team' | 'anyone';

interface PageCase {
  name: string;
  role: Role;
  path: () => string;
  /** What is on screen once the page has its data. */
  ready: string;
  /** The viewport of the device the page is used on. */
  viewport?: { width: number; height: number };
  /** Brings the page into another state before the check (a tab, a scene). */
  prepare?: (page: Page) => Promise<void>;
}

const LAPTOP = { width: 1366, height: 768 };
const TABLET = { width: 1024, height: 768 };
const PHONE = { width: 390, height: 844 };
const PROJECTOR = { width: 1920, height: 1080 };

/** The host console on the secretary's laptop, brought into a state by `prepare`. */
const hostCase = (name: string, prepare?: PageCase['prepare']): PageCase => ({
  name,
  role: 'host',
  path: () => `/host/${DEMO_SLUG}`,
  ready: '[data-testid=host][data-live=true] [data-testid=host-team]',
  viewport: LAPTOP,
  ...(prepare ? { prepare } : {}),
});

describe('accessibility of every page (axe: no serious or critical violation)', () => {
  let server: RunningServer;
  let browser: Browser;
  let cookie = '';
  let judgeLink = '';
  let teamLink = '';
  const contexts = new Map<string, BrowserContext>();
  const problems: string[] = [];

  const pages: PageCase[] = [
    { name: 'sign-in', role: 'anyone', path: () => '/login', ready: '#email' },
    {
      name: 'console: contests',
      role: 'organizer',
      path: () => '/',
      ready: '[data-testid=contest-card], [data-testid=contests-empty]',
    },
    { name: 'console: account', role: 'organizer', path: () => '/account', ready: '[data-testid=account-email]' },
    { name: 'console: new contest', role: 'organizer', path: () => '/contests/new', ready: 'main form' },
    { name: 'console: import', role: 'organizer', path: () => '/contests/import', ready: '[data-testid=package-text]' },
    { name: 'console: contest', role: 'organizer', path: () => `/contests/${DEMO_SLUG}`, ready: '[data-testid=contest-title]' },
    { name: 'console: edit', role: 'organizer', path: () => `/contests/${DEMO_SLUG}/edit`, ready: 'main form' },
    { name: 'console: teams', role: 'organizer', path: () => `/contests/${DEMO_SLUG}/teams`, ready: '[data-testid=review-page]' },
    {
      name: 'console: team links',
      role: 'organizer',
      path: () => `/contests/${DEMO_SLUG}/teams/links`,
      ready: '[data-testid=team-link-card]',
    },
    {
      name: 'console: judges',
      role: 'organizer',
      path: () => `/contests/${DEMO_SLUG}/judges`,
      ready: '[data-testid=judge-card]',
    },
    { name: 'console: quiz bank', role: 'organizer', path: () => `/contests/${DEMO_SLUG}/quiz`, ready: '[data-testid=bank-row]' },
    {
      name: 'console: results',
      role: 'organizer',
      path: () => `/contests/${DEMO_SLUG}/results`,
      ready: '[data-testid=results-title]',
    },
    {
      name: 'console: vote tickets',
      role: 'organizer',
      path: () => `/contests/${DEMO_SLUG}/tickets`,
      ready: '[data-testid=vote-tickets-n]',
    },
    { name: 'console: not found', role: 'organizer', path: () => '/contests/khong-co', ready: '[data-testid=error-page]' },
    hostCase('host console'),
    hostCase('host console, quiz round', async (page) => {
      await page.click('[data-testid=round-tab][data-round=kien-thuc]');
      await page.locator('[data-testid=quiz-panel]').waitFor();
    }),
    hostCase('host console, a question open', async (page) => {
      await page.click('[data-testid=round-tab][data-round=kien-thuc]');
      await page.click('[data-testid=quiz-open]');
      await page.locator('[data-testid=quiz-detail][data-state=open]').waitFor();
    }),
    hostCase('host console, voting open', async (page) => {
      await page.click('[data-testid=voting-open]');
      await page.locator('[data-testid=voting-close]').waitFor();
    }),
    hostCase('host console, sheets in and the lock dialog', async (page) => {
      // The open question put the quiz round on stage: back to the round with the sheet.
      await page.click(`[data-testid=round-tab][data-round=${seed.rounds[0]!.key}]`);
      await page.click(`li[data-team=${MARKED}] .mini-lock`);
      await page.locator('[data-testid=lock-dialog] [data-testid=confirm-ok]').waitFor();
    }),
    { name: 'host: account', role: 'host', path: () => '/account', ready: '[data-testid=account-email]', viewport: LAPTOP },
    { name: 'judge tablet', role: 'judge', path: () => '/judge', ready: '[data-testid=judge-name]', viewport: TABLET },
    { name: 'team page', role: 'team', path: () => '/t', ready: '[data-testid=team-name]', viewport: PHONE },
    { name: 'public page', role: 'anyone', path: () => `/p/${DEMO_SLUG}`, ready: '[data-testid=public-title]', viewport: PHONE },
    {
      name: 'registration form',
      role: 'anyone',
      path: () => `/p/${DEMO_SLUG}/register`,
      ready: '[data-testid=register-title]',
      viewport: PHONE,
    },
    {
      name: 'certificate check',
      role: 'anyone',
      path: () => '/c/CCHC-GIALAI-0000000000',
      ready: 'main h1',
      viewport: PHONE,
    },
    { name: 'audience phone', role: 'anyone', path: () => `/live/${DEMO_SLUG}`, ready: '[data-testid=phone]', viewport: PHONE },
    {
      name: 'big screen',
      role: 'anyone',
      path: () => `/screen/${DEMO_SLUG}`,
      ready: '[data-testid=screen]',
      viewport: PROJECTOR,
    },
    ...(['stage', 'result', 'quiz', 'reveal', 'qr'] as const).map((scene): PageCase => ({
      name: `big screen, scene ${scene}`,
      role: 'anyone',
      path: () => `/screen/${DEMO_SLUG}`,
      ready: '[data-testid=screen]',
      viewport: PROJECTOR,
      prepare: async (page) => {
        const res = await fetch(`${server.url}/api/contests/${DEMO_SLUG}/scene`, {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json' },
          body: JSON.stringify({ scene }),
        });
        expect(res.status).toBe(200);
        await page.locator(`[data-testid=screen][data-scene=${scene}]`).waitFor();
      },
    })),
    { name: 'overlay', role: 'anyone', path: () => `/overlay/${DEMO_SLUG}`, ready: '[data-testid=overlay]', viewport: PROJECTOR },
    { name: 'public: not found', role: 'anyone', path: () => '/p/khong-co', ready: '[data-testid=error-page]', viewport: PHONE },
  ];

  /** A browser context per role and device, signed in as that role once. */
  async function contextFor(role: Role, viewport: { width: number; height: number }): Promise<BrowserContext> {
    const id = `${role} ${viewport.width}x${viewport.height}`;
    const known = contexts.get(id);
    if (known) return known;
    const context = await browser.newContext({ viewport, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    contexts.set(id, context);
    const page = watchProblems(await context.newPage(), problems, EXPECTED_HTTP, `${id} `);
    if (role === 'organizer') {
      const [name, value] = cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: server.url }]);
    } else if (role === 'host') {
      await page.goto(`${server.url}/login`);
      await page.fill('#email', HOST_ACCOUNT.email);
      await page.fill('#password', HOST_ACCOUNT.password);
      await page.click('button[type=submit]');
      await page.waitForURL(`${server.url}/`);
    } else if (role === 'judge') {
      await page.goto(`${server.url}${judgeLink}`);
      await page.waitForURL('**/judge');
    } else if (role === 'team') {
      await page.goto(`${server.url}${teamLink}`);
      await page.waitForURL('**/t');
    }
    return context;
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    cookie = await server.signIn();
    const body = await importPackage(server, DEMO_SEED);
    judgeLink = new URL(body.judges[0]!.url).pathname;
    teamLink = new URL(body.teams[0]!.url).pathname;
    // A team on stage: the host, judge, screen and phone pages show their fullest state.
    const staged = await fetch(`${server.url}/api/contests/${DEMO_SLUG}/stage`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ round: seed.rounds[0]!.key, team: seed.teams[0]!.key }),
    });
    expect(staged.status).toBe(200);
    // One sheet in (from a judge other than the tablet's): the host may lock the team's result.
    const judge = body.judges[4]!;
    const sent = await fetch(`${server.url}/api/contests/${DEMO_SLUG}/sheets/${seed.rounds[0]!.key}/${MARKED}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${judge.token}`, 'idempotency-key': 'a11y-sheet', 'content-type': 'application/json' },
      body: JSON.stringify({ marks: { 'noi-dung': 30, 'hinh-thuc': 20, 'sang-tao': 20 }, status: 'submitted' }),
    });
    expect(sent.status).toBe(200);
  });
  afterAll(() => closeAll([...contexts.values()], browser, server));

  for (const c of pages) {
    it(`${c.name} (${c.path()})`, async () => {
      const context = await contextFor(c.role, c.viewport ?? LAPTOP);
      const page: Page = context.pages()[0]!;
      await page.goto(`${server.url}${c.path()}`);
      await page.locator(c.ready).first().waitFor({ timeout: 20_000 });
      await c.prepare?.(page);
      await page.waitForLoadState('networkidle');
      // Contrast is judged on the page at rest: a fade-in (the overlay's lower third, 500 ms) caught
      // half-way reads as faint text. Endless animations (a live dot) are left to run.
      await page.waitForFunction(() =>
        document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
      );
      const violations = await runAxe(page);
      expect(
        violations.map((v) => v.id),
        `${c.name} ${c.path()}:\n${describeViolations(violations)}`,
      ).toEqual([]);
      // One main heading on every page (axe's page-has-heading-one, a moderate rule).
      expect(await page.locator('h1').count(), `${c.name} ${c.path()}: no h1`).toBeGreaterThanOrEqual(1);
    });
  }

  it('no page logged an error or threw', () => {
    expect(problems).toEqual([]);
  });
});
