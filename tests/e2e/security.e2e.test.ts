/**
 * Hostile team names never execute, on any page; and each role, walking the pages, finds no
 * page or data above it. Real Chromium under the server's Content-Security-Policy.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_SEED, DEMO_SLUG as SLUG, HOST_ACCOUNT, launchBrowser, startServer, type RunningServer } from './harness.js';

const TITLE_TAIL = '<b onmouseover=alert(1)>';
const XSS = [
  '<img src=x onerror="window.__pwned=1">',
  '"><script>window.__pwned=2</script>',
  'javascript:window.__pwned=3//',
  '<svg onload="window.__pwned=4">',
];

describe('hostile input and roles in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  let cookie: string;
  let judgeLink: string;
  /** Another judge's link: one tablet per link, and the visitor of the first test holds `judgeLink`. */
  let tabletLink: string;
  let teamLink: string;
  const seen: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    cookie = await server.signIn();
    const pkg = JSON.parse(readFileSync(DEMO_SEED, 'utf8'));
    XSS.forEach((x, i) => {
      pkg.teams[i].name = x;
      pkg.teams[i].unit = x;
      pkg.teams[i].idea = { title: x, summary: x };
    });
    pkg.title = `${pkg.title} ${TITLE_TAIL}`;
    const created = await fetch(`${server.url}/api/contests`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(pkg),
    });
    const body = (await created.json()) as { judges: { url: string }[]; teams: { url: string }[] };
    judgeLink = new URL(body.judges[1]!.url).pathname;
    tabletLink = new URL(body.judges[2]!.url).pathname;
    teamLink = new URL(body.teams[0]!.url).pathname;
    await fetch(`${server.url}/api/contests/${SLUG}/stage`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ round: 'gioi-thieu', team: pkg.teams[0].key }),
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /**
   * Opens a page and waits until it has its data on screen: by default until a hostile name shows
   * as text (the positive control of "no script ran": the page did render the hostile input).
   */
  async function visit(page: Page, path: string, ready: (page: Page) => Promise<unknown> = showsHostileText) {
    await page.goto(server.url + path);
    await page.waitForLoadState('load');
    await ready(page);
    seen.push(path);
  }
  const showsHostileText = (page: Page) =>
    page.waitForFunction((needles) => needles.some((n) => document.body?.innerText.includes(n)), [TITLE_TAIL, ...XSS], {
      timeout: 20_000,
    });
  /** A console page refused to the host: its error page, once loaded. */
  const refused = (page: Page) => page.locator('[data-testid=error-page]').waitFor({ timeout: 20_000 });
  async function open(withCookie: boolean) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    if (withCookie) {
      const [name, value] = cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: server.url }]);
    }
    const page = await context.newPage();
    const dialogs: string[] = [];
    const violations: string[] = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text());
    });
    return { context, page, dialogs, violations };
  }

  it('no page runs a script written in a team name, and none breaks the CSP', async () => {
    const organizer = await open(true);
    for (const path of ['/', `/contests/${SLUG}`, `/contests/${SLUG}/judges`, `/contests/${SLUG}/results`, `/host/${SLUG}`])
      await visit(organizer.page, path);
    const anyone = await open(false);
    for (const path of [`/screen/${SLUG}`, `/live/${SLUG}`, `/overlay/${SLUG}`, `/p/${SLUG}`, judgeLink, teamLink])
      await visit(anyone.page, path);
    for (const { page, dialogs, violations } of [organizer, anyone]) {
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(dialogs).toEqual([]);
      expect(violations).toEqual([]);
    }
    // The hostile names are shown as text, not dropped: the page is not hiding the problem.
    await anyone.page.goto(`${server.url}/p/${SLUG}`);
    await anyone.page.waitForLoadState('networkidle');
    expect(await anyone.page.content()).toContain('&lt;img src=x onerror=');
    await organizer.context.close();
    await anyone.context.close();
  });

  it('without a session, the console pages lead to the sign-in page and show no contest data', async () => {
    const anyone = await open(false);
    for (const path of ['/', `/contests/${SLUG}`, `/contests/${SLUG}/judges`, `/contests/${SLUG}/results`, `/host/${SLUG}`]) {
      await anyone.page.goto(server.url + path);
      await anyone.page.waitForURL('**/login**');
      // The positive control of the checks below: the sign-in page is on screen.
      await anyone.page.locator('#email').waitFor();
      const html = await anyone.page.content();
      expect(html).not.toContain('/j/');
      expect(html).not.toContain('Giám khảo');
    }
    await anyone.context.close();
  });

  it('a judge’s tablet holds the judge’s link only: the console refuses it', async () => {
    const judge = await open(false);
    await judge.page.goto(server.url + tabletLink);
    await judge.page.waitForURL('**/judge');
    for (const path of ['/', `/contests/${SLUG}/results`, `/host/${SLUG}`]) {
      await judge.page.goto(server.url + path);
      await judge.page.waitForURL('**/login**');
    }
    const api = await judge.page.evaluate(async (slug) => (await fetch(`/api/contests/${slug}/results`)).status, SLUG);
    expect(api).toBe(401);
    await judge.context.close();
  });

  it('a host runs the show but sees no judge links, results or exports', async () => {
    const host = await open(false);
    await host.page.goto(`${server.url}/login`);
    await host.page.fill('#email', HOST_ACCOUNT.email);
    await host.page.fill('#password', HOST_ACCOUNT.password);
    await host.page.click('button[type=submit]');
    await host.page.waitForURL(`${server.url}/`);
    // Wait for the console itself rather than a fixed time: a loaded machine renders it later.
    await visit(host.page, `/host/${SLUG}`, (page) => page.locator('[data-testid=host]').waitFor({ timeout: 20_000 }));
    expect(await host.page.locator('[data-testid=host]').count()).toBe(1);
    for (const path of [`/contests/${SLUG}/judges`, `/contests/${SLUG}/results`]) {
      // The positive control of the checks below: the page has loaded, into its refusal.
      await visit(host.page, path, refused);
      const html = await host.page.content();
      expect(html, path).not.toContain('/j/');
      expect(html, path).not.toContain('Biên bản');
    }
    const statuses = await host.page.evaluate(async (slug) => {
      const get = async (p: string) => (await fetch(p)).status;
      return [
        await get(`/api/contests/${slug}/judges`),
        await get(`/api/contests/${slug}/results`),
        await get(`/api/contests/${slug}/results.pdf`),
      ];
    }, SLUG);
    expect(statuses).toEqual([403, 403, 403]);
    await host.context.close();
  });
});
