/**
 * Refreshes the README's screenshots from the demo contest (`npm run screenshots`): the organizer
 * console (docs/screenshot.png, 1366×800) and the big screen (docs/big-screen.png, 1920×1080)
 * with the first round marked by the five judges and locked for six teams. It runs a server of its
 * own on 127.0.0.1 with an in-memory database and drives Debian's Chromium (CHROMIUM_PATH).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { openDb } from '../db/client.js';
import { buildApp, DEFAULT_WEB_ROOT } from '../server/app.js';
import { DEMO_PACKAGE_FILE } from '../server/bootstrap.js';
import { upsertAccount } from '../server/modules/auth/repository.js';
import { buildWeb } from './build-web.js';

const root = join(import.meta.dirname, '..');
const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ADMIN = { email: 'admin@localhost', password: 'anh-chup-man-hinh' };
/** The first round's marks (content, form, creativity) of six teams, the same from every judge but one. */
const MARKS: Record<string, [number, number, number]> = {
  'tu-phap': [36, 25, 25],
  kbnn: [34, 24, 24],
  sgtvt: [33, 24, 23],
  'noi-vu': [32, 23, 22.5],
  'vp-ubnd': [31, 23, 22],
  bhxh: [30, 21, 21],
};

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium`);
  buildWeb();
  const db = openDb(':memory:');
  await upsertAccount(db, ADMIN.email, ADMIN.password, 'organizer');
  const app = await buildApp({ db, closeDb: true, webRoot: DEFAULT_WEB_ROOT });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const session = login.headers.getSetCookie().find((c) => c.startsWith('hoithi_session='));
    if (!session) throw new Error(`sign-in failed: ${login.status}`);
    const cookie = session.split(';')[0]!;
    const api = async (method: string, path: string, body: unknown, headers: Record<string, string> = { cookie }) => {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<unknown>;
    };

    const pkg = JSON.parse(readFileSync(DEMO_PACKAGE_FILE, 'utf8')) as { slug: string };
    const slug = pkg.slug;
    const created = (await api('POST', '/api/contests', pkg)) as { judges: { key: string; token: string }[] };
    for (const [team, [content, form, creativity]] of Object.entries(MARKS)) {
      for (const [i, judge] of created.judges.entries()) {
        // One judge a half point apart, so that the averages are not all round numbers.
        const marks = { 'noi-dung': content + (i === 4 ? 0.5 : 0), 'hinh-thuc': form, 'sang-tao': creativity };
        const res = await fetch(`${url}/api/contests/${slug}/sheets/gioi-thieu/${team}`, {
          method: 'PUT',
          headers: {
            authorization: `Bearer ${judge.token}`,
            'idempotency-key': `${judge.key}-${team}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ marks, status: 'submitted' }),
        });
        // A judge with a conflict of interest does not mark that team (the demo has one).
        if (!res.ok && !(res.status === 403 && (await res.text()).includes('CONFLICT_OF_INTEREST')))
          throw new Error(`sheet ${judge.key} ${team}: ${res.status}`);
      }
      await api('POST', `/api/contests/${slug}/rounds/gioi-thieu/teams/${team}/lock`, {});
    }

    const consoleContext = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: 'vi-VN' });
    const [name, value] = cookie.split('=') as [string, string];
    await consoleContext.addCookies([{ name, value, url }]);
    const consolePage = await consoleContext.newPage();
    await consolePage.goto(`${url}/contests/${slug}`);
    await consolePage.locator('[data-testid=contest-title]').waitFor();
    await consolePage.waitForLoadState('networkidle');
    await consolePage.screenshot({ path: join(root, 'docs', 'screenshot.png') });

    // Reduced motion: the board's rows are in place at once, not moving into it.
    const screenContext = await browser.newContext({
      viewport: { width: 1920, height: 1080 },
      locale: 'vi-VN',
      reducedMotion: 'reduce',
    });
    const screen = await screenContext.newPage();
    await screen.goto(`${url}/screen/${slug}`);
    await screen.locator('[data-testid=screen][data-live=true] [data-testid=board-row]').first().waitFor();
    await screen.waitForLoadState('networkidle');
    await screen.screenshot({ path: join(root, 'docs', 'big-screen.png') });
    console.log('docs/screenshot.png and docs/big-screen.png written');
  } finally {
    await browser.close();
    await app.close();
  }
}

await main();
