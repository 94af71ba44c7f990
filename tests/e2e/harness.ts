/** A real server on 127.0.0.1 and Debian's Chromium, for the end-to-end tests. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { openDb } from '../../db/client.js';
import { buildApp, DEFAULT_WEB_ROOT } from '../../server/app.js';
import { upsertAccount } from '../../server/modules/auth/repository.js';
import { buildWeb } from '../../scripts/build-web.js';

/** The demo contest's package (db/seed), which most suites import, and its slug. */
export const DEMO_SEED = join(import.meta.dirname, '..', '..', 'db', 'seed', 'cchc-gialai-2019.json');
export const DEMO_SLUG = 'cchc-gialai-2019';

/** A secretary's account (role host) on every test server. */
export const HOST_ACCOUNT = { email: 'thuky@hoithi.test', password: 'mat-khau-thu-ky' };

export interface RunningServer {
  url: string;
  adminEmail: string;
  adminPassword: string;
  /** Signs the organizer in over HTTP; returns the Cookie header value of the session. */
  signIn(): Promise<string>;
  close(): Promise<void>;
}

/** An empty in-memory database with one organizer account; the built web app is served. */
export async function startServer(): Promise<RunningServer> {
  buildWeb();
  const db = openDb(':memory:');
  const adminEmail = 'btc@hoithi.test';
  const adminPassword = 'mat-khau-thu-nghiem';
  await upsertAccount(db, adminEmail, adminPassword, 'organizer');
  await upsertAccount(db, HOST_ACCOUNT.email, HOST_ACCOUNT.password, 'host');
  const app = await buildApp({ db, closeDb: true, webRoot: DEFAULT_WEB_ROOT });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  const signIn = async () => {
    const res = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: adminEmail, password: adminPassword }),
    });
    const session = res.headers.getSetCookie().find((c) => c.startsWith('hoithi_session='));
    if (res.status !== 200 || !session) throw new Error(`sign-in failed: ${res.status}`);
    return session.split(';')[0]!;
  };
  return { url, adminEmail, adminPassword, signIn, close: () => app.close() };
}

export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Debian's Chromium, headless; `extraArgs` adds switches (e.g. --ignore-certificate-errors for the HTTPS mode). */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
      ...extraArgs,
    ],
  });
}

/** Closes what a suite opened, whichever of it got opened. */
export async function closeAll(contexts: BrowserContext[], browser: Browser | undefined, server: RunningServer | undefined) {
  for (const context of contexts) await context.close();
  await browser?.close();
  await server?.close();
}

/** Signs `who` in on the login page and waits for the home page it leads to. */
export async function signInOnPage(page: Page, server: RunningServer, who: { email: string; password: string }) {
  await page.goto(`${server.url}/login`);
  await page.fill('#email', who.email);
  await page.fill('#password', who.password);
  await page.click('button[type=submit]');
  await page.waitForURL(`${server.url}/`);
}

/** Opens the host console of `slug`, signs `who` in on the login page it sends to, and waits until the console is live. */
export async function openHostConsole(page: Page, server: RunningServer, slug: string, who: { email: string; password: string }) {
  await page.goto(`${server.url}/host/${slug}`);
  await page.waitForURL(/\/login\?next=/);
  await page.fill('#email', who.email);
  await page.fill('#password', who.password);
  await page.click('button[type=submit]');
  await page.waitForURL(`**/host/${slug}`);
  await page.locator('[data-testid=host][data-live=true]').waitFor();
}

/** Collects into `problems` what `page` logs as an error or a warning (unless `expected` matches it) and what it throws. */
export function watchProblems(page: Page, problems: string[], expected: RegExp, prefix = ''): Page {
  page.on('console', (msg) => {
    if ((msg.type() === 'error' || msg.type() === 'warning') && !expected.test(msg.text()))
      problems.push(`${prefix}console.${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`${prefix}pageerror: ${err.message}`));
  return page;
}

/** A private link the import issued: its key, its token and its whole address. */
export interface IssuedLink {
  key: string;
  token: string;
  url: string;
}

/** The links a contest's import issued, by judge and team. */
export interface ImportedContest {
  judges: IssuedLink[];
  teams: IssuedLink[];
}

/** A measured box of an element, in CSS pixels. */
export interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
  height: number;
}

/** Imports the contest package in `file` as the organizer; gives the links the import issued, by judge and team. */
export async function importPackage(server: RunningServer, file: string): Promise<ImportedContest> {
  const created = await fetch(`${server.url}/api/contests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: await server.signIn() },
    body: readFileSync(file, 'utf8'),
  });
  expect(created.status).toBe(201);
  return (await created.json()) as ImportedContest;
}

/**
 * A suite of pages in one browser against one test server: `open` gives a page in a context of its
 * own (made with `options`: downloads, a phone's touch and scale, a locale...) or in `options.context`,
 * whose errors and warnings, unless `expected`, land in `problems` prefixed with its name (if any);
 * `close` closes everything the suite opened.
 */
export class BrowserSuite {
  readonly contexts: BrowserContext[] = [];
  readonly problems: string[] = [];

  private constructor(
    readonly server: RunningServer,
    readonly browser: Browser,
    private readonly expected: RegExp,
  ) {}

  static async start(expected: RegExp): Promise<BrowserSuite> {
    const server = await startServer();
    try {
      return new BrowserSuite(server, await launchBrowser(), expected);
    } catch (err) {
      await server.close();
      throw err;
    }
  }

  async open(
    name: string,
    viewport: { width: number; height: number },
    { context, ...options }: BrowserContextOptions & { context?: BrowserContext } = {},
  ): Promise<Page> {
    let ctx = context;
    if (!ctx) {
      ctx = await this.browser.newContext({ ...options, viewport });
      this.contexts.push(ctx);
    }
    return watchProblems(await ctx.newPage(), this.problems, this.expected, name ? `${name} ` : '');
  }

  close(): Promise<void> {
    return closeAll(this.contexts, this.browser, this.server);
  }
}
