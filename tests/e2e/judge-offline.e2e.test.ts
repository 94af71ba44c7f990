/**
 * The judge's tablet reloaded during a Wi-Fi drop (issue #16), over the HTTPS mode: the server
 * listens with a certificate made by `npm run hoithi -- tls`; the tablet's service worker (scoped
 * to /judge) keeps the app shell (only the files of the judge's pages, listed by the build), so a reload with no network shows the app with its queued sheet,
 * not the browser's error page, and the sheet reaches the server when the network returns. Leaving
 * the page while the outbox holds a sheet asks first (beforeunload). Pages outside /judge and the
 * API are never answered by the worker.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/client.js';
import { buildWeb } from '../../scripts/build-web.js';
import { buildApp, DEFAULT_WEB_ROOT, type App } from '../../server/app.js';
import { loadTls } from '../../server/lib/tls.js';
import { upsertAccount } from '../../server/modules/auth/repository.js';
import { runAxe } from './axe.js';
import { closeAll, launchBrowser, watchProblems } from './harness.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SEED = join(ROOT, 'db', 'seed', 'cchc-gialai-2019.json');
const SLUG = 'cchc-gialai-2019';
const ADMIN = { email: 'btc@hoithi.test', password: 'mat-khau-thu-nghiem' };
/** Failed requests while offline, and the live socket that cannot connect then. */
const EXPECTED =
  /^Failed to load resource: net::ERR_(INTERNET_DISCONNECTED|NETWORK_CHANGED|FAILED)\b|^WebSocket connection to '.*' failed/;

interface AuditEvent {
  kind: string;
  subject: Record<string, unknown>;
  after: { status?: string; total?: number } | null;
}

describe('judge tablet offline reload (HTTPS mode)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hoithi-tls-e2e-'));
  let app: App;
  let url = '';
  let ca = '';
  let cookie = '';
  let browser: Browser;
  let tablet: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  /** The API over HTTPS from the test's side, trusting only the CA the tls command made. */
  const api = (method: string, path: string, body?: string) =>
    new Promise<{ status: number; body: unknown; setCookie: string[] }>((done, fail) => {
      const req = request(
        `${url}${path}`,
        { method, ca, headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () =>
            done({
              status: res.statusCode ?? 0,
              body: text ? (JSON.parse(text) as unknown) : null,
              setCookie: res.headers['set-cookie'] ?? [],
            }),
          );
        },
      );
      req.on('error', fail);
      req.end(body);
    });
  const text = async (selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();

  /**
   * Requests the server holds until the test opens their gate: by path, and for a page path only the
   * browser's navigation to it (not the worker's own fetch of the same path).
   */
  const gates = new Map<string, { reach: () => void; opened: Promise<void> }>();
  const gate = (path: string, navigation = false) => {
    const key = `${navigation ? 'navigate ' : ''}${path}`;
    let reach!: () => void;
    let open!: () => void;
    const reached = new Promise<void>((done) => (reach = done));
    gates.set(key, { reach, opened: new Promise<void>((done) => (open = done)) });
    return {
      reached,
      open: () => {
        gates.delete(key);
        open();
      },
    };
  };

  beforeAll(async () => {
    // The certificate, made by the command the README tells the organizer to run.
    const out = execFileSync('npx', ['tsx', 'scripts/hoithi.ts', 'tls'], {
      cwd: ROOT,
      env: { ...process.env, HOITHI_DATA_DIR: dataDir, LANG: 'C' },
      encoding: 'utf8',
    });
    const certFile = join(dataDir, 'tls', 'server.crt');
    const keyFile = join(dataDir, 'tls', 'server.key');
    expect(out).toContain(`HOITHI_TLS_CERT=${certFile} HOITHI_TLS_KEY=${keyFile}`);
    expect(out).toContain('Cài đặt tin cậy chứng nhận'); // the iPad's steps, in Vietnamese
    expect(out).toContain('Certificate Trust Settings'); // and in English
    ca = readFileSync(join(dataDir, 'tls', 'ca.crt'), 'utf8');

    buildWeb();
    const db = openDb(':memory:');
    await upsertAccount(db, ADMIN.email, ADMIN.password, 'organizer');
    app = await buildApp({ db, closeDb: true, webRoot: DEFAULT_WEB_ROOT, https: loadTls(certFile, keyFile) });
    app.addHook('onRequest', async (req) => {
      const path = req.url.split('?')[0]!;
      const held = gates.get(req.headers['sec-fetch-mode'] === 'navigate' ? `navigate ${path}` : path);
      if (!held) return;
      held.reach();
      await held.opened;
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `https://127.0.0.1:${(app.server.address() as { port: number }).port}`;

    const login = await api('POST', '/api/auth/login', JSON.stringify(ADMIN));
    expect(login.status).toBe(200);
    cookie = login.setCookie.find((c) => c.startsWith('hoithi_session='))!.split(';')[0]!;
    expect((await api('POST', '/api/contests', readFileSync(SEED, 'utf8'))).status).toBe(201);
    expect((await api('POST', `/api/contests/${SLUG}/stage`, JSON.stringify({ round: 'gioi-thieu', team: 'bhxh' }))).status).toBe(
      200,
    );

    // The tablet does not trust the local CA here; on a real tablet it is installed (README).
    browser = await launchBrowser(['--ignore-certificate-errors']);
    tablet = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true });
    page = watchProblems(await tablet.newPage(), problems, EXPECTED);
  });

  afterAll(async () => {
    await closeAll(tablet ? [tablet] : [], browser, undefined);
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the API only over TLS with the certificate of the local CA', async () => {
    const health = await api('GET', '/api/health');
    expect(health.status).toBe(200);
  });

  it('opens the judge link over https and the service worker takes control of /judge only', async () => {
    const judges = (await api('GET', `/api/contests/${SLUG}/judges`)).body as { judges: { key: string; url: string }[] };
    const gk1 = judges.judges.find((j) => j.key === 'gk1')!;
    await page.goto(`${url}${new URL(gk1.url).pathname}`);
    await page.waitForURL('**/judge');
    await page.locator('[data-testid=sheet]').waitFor();
    // The worker installs with this visit and takes this very page as soon as it is active: no
    // reload (the link opened /judge as a page of its own, inside the worker's scope).
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 40_000, polling: 250 });
    const worker = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return { scope: reg?.scope, script: navigator.serviceWorker.controller?.scriptURL, secure: window.isSecureContext };
    });
    expect(worker).toEqual({ scope: `${url}/judge`, script: `${url}/service-worker.js`, secure: true });
    // The next load of /judge is the worker's from its start (as a reload with no network must be).
    await page.reload();
    await page.locator('[data-testid=sheet]').waitFor();
    expect(
      await page.evaluate(() => ({
        controlled: navigator.serviceWorker.controller !== null,
        throughWorker: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).workerStart > 0,
      })),
    ).toEqual({ controlled: true, throughWorker: true });
  });

  it('takes over a load of /judge that was under way while the worker activated', async () => {
    // Another judge's tablet. Its worker's install waits for the server's list of files (held), and
    // the tablet reloads meanwhile; the server holds that load until the worker is active, so the
    // load asked before there was an active worker and the worker's claim on activation came
    // before the page existed: the browser's own steps leave this page uncontrolled.
    const judges = (await api('GET', `/api/contests/${SLUG}/judges`)).body as { judges: { key: string; url: string }[] };
    const other = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true });
    try {
      const tab = watchProblems(await other.newPage(), problems, EXPECTED, 'gk2: ');
      const list = gate('/_app/judge-shell.json');
      await tab.goto(`${url}${new URL(judges.judges.find((j) => j.key === 'gk2')!.url).pathname}`);
      await tab.waitForURL('**/judge');
      await tab.locator('[data-testid=sheet]').waitFor();
      await list.reached;
      const load = gate('/judge', true);
      const reloaded = tab.reload();
      await load.reached;
      list.open();
      const sw = other.serviceWorkers()[0] ?? (await other.waitForEvent('serviceworker'));
      await expect
        .poll(
          () => sw.evaluate(() => (self as unknown as { registration: ServiceWorkerRegistration }).registration.active?.state),
          { timeout: 20_000 },
        )
        .toBe('activated');
      load.open();
      await reloaded;
      await tab.locator('[data-testid=sheet]').waitFor();
      expect(
        await tab.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).workerStart),
      ).toBe(0);
      // The page asks the active worker for control: it has it at once, with no further reload.
      await tab.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 10_000, polling: 250 });
    } finally {
      await other.close();
    }
  });

  it('keeps the files the judge page loads, and only a small part of the whole build', async () => {
    // What this load of /judge (served by the worker) took from the build, and what the worker keeps.
    const loaded = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => new URL(e.name).pathname)
        .filter((path) => path.startsWith('/_app/immutable/')),
    );
    const kept = await page.evaluate(async () => {
      const names = (await caches.keys()).filter((name) => name.startsWith('hoithi-judge-'));
      if (names.length !== 1) return names;
      return (await (await caches.open(names[0]!)).keys()).map((r) => new URL(r.url).pathname);
    });
    // The judge page's own entry (a route's node besides the root layout's and error page's) is among them.
    expect(loaded.some((path) => /\/nodes\/([2-9]|\d\d+)\./.test(path))).toBe(true);
    for (const path of loaded) expect(kept).toContain(path);
    expect(kept).toContain('/judge');
    // The whole build, as the service worker's list of it: every file under _app/immutable.
    const immutable = join(ROOT, 'web', 'build', '_app', 'immutable');
    const whole = readdirSync(immutable, { recursive: true, encoding: 'utf8' })
      .filter((file) => !/\.(gz|br)$/.test(file) && statSync(join(immutable, file)).isFile())
      .map((file) => `/_app/immutable/${file.replaceAll('\\', '/')}`);
    const bytes = (paths: string[]) => paths.reduce((sum, path) => sum + statSync(join(ROOT, 'web', 'build', path)).size, 0);
    const keptFiles = kept.filter((path) => path.startsWith('/_app/immutable/'));
    console.log(
      `judge shell: ${keptFiles.length} of ${whole.length} files, ${Math.round(bytes(keptFiles) / 1024)} of ${Math.round(bytes(whole) / 1024)} kB`,
    );
    expect(keptFiles.length).toBeLessThan(whole.length / 2);
    expect(bytes(keptFiles)).toBeLessThan(bytes(whole) / 2);
  });

  it('asks before leaving while a sheet waits, reloads offline into the app with the queued sheet, and sends it when online', async () => {
    await tablet.setOffline(true);
    await page.locator('[data-testid=connection][data-online=false]').waitFor();
    // The emulated outage reaches the service worker too before the judge marks (Playwright applies
    // it to each target on its own; a request through a worker it has not reached yet would pass,
    // and the sheet would arrive before "the network returns" below).
    await expect
      .poll(
        () =>
          page.evaluate(() =>
            fetch('/api/health').then(
              () => 'answered',
              () => 'failed',
            ),
          ),
        { timeout: 10_000 },
      )
      .toBe('failed');
    const criteria = page.locator('[data-testid=criterion]');
    for (let i = 0; i < (await criteria.count()); i++) await criteria.nth(i).locator('[data-testid=pick]').last().tap();
    expect(await text('[data-testid=sheet-total]')).toBe('100');
    await page.locator('[data-testid=submit]').tap();
    await page.locator('[data-testid=confirm-send]').tap();
    expect(await text('[data-testid=pending-count]')).toBe('1 phiếu đang chờ gửi');

    // The API is never answered from a cache: offline, a request fails.
    expect(
      await page.evaluate(() =>
        fetch('/api/health').then(
          () => 'answered',
          () => 'failed',
        ),
      ),
    ).toBe('failed');

    // Reload with the sheet still queued: the browser asks first (accepted here).
    const dialogs: string[] = [];
    page.once('dialog', (d) => {
      dialogs.push(d.type());
      void d.accept();
    });
    await page.reload();
    expect(dialogs).toEqual(['beforeunload']);

    // The app, not the browser's error page: the judge, the queued sheet, the offline banner.
    await page.locator('[data-testid=sheet]').waitFor();
    expect(await text('[data-testid=judge-name]')).toBe('Lê Quang Minh');
    expect(await text('[data-testid=pending-count]')).toBe('1 phiếu đang chờ gửi');
    expect(await page.locator('[data-testid=offline-banner]').isVisible()).toBe(true);
    expect(await page.locator('[data-testid=team-item][data-team=bhxh]').getAttribute('data-state')).toBe('pending');
    expect(await runAxe(page)).toEqual([]);

    // Control: a page outside the worker's scope really has no network (the browser's error).
    const other = await tablet.newPage();
    const outside = await other.goto(`${url}/live/${SLUG}`).then(
      () => 'opened',
      (err: Error) => err.message,
    );
    expect(outside).toMatch(/ERR_INTERNET_DISCONNECTED/);
    await other.close();

    // Before the network returns, the server has nothing from gk1 for bhxh.
    const sheetsOf = async () =>
      ((await api('GET', `/api/contests/${SLUG}/audit`)).body as { events: AuditEvent[] }).events.filter(
        (e) => e.kind === 'sheet' && e.subject['team'] === 'bhxh' && e.subject['judge'] === 'gk1',
      );
    expect(await sheetsOf()).toHaveLength(0);

    await tablet.setOffline(false);
    await page.locator('[data-testid=pending-count]').waitFor({ state: 'detached', timeout: 20_000 });
    await page.locator('[data-testid=receipt-line]').waitFor();
    const events = await sheetsOf();
    expect(events).toHaveLength(1);
    expect(events[0]!.after?.status).toBe('submitted');
    expect(events[0]!.after?.total).toBe(100 * 100);

    // With nothing queued, leaving asks nothing.
    page.once('dialog', (d) => {
      dialogs.push(d.type());
      void d.accept();
    });
    await page.reload();
    await page.locator('[data-testid=sheet]').waitFor();
    expect(dialogs).toEqual(['beforeunload']);
    expect(problems).toEqual([]);
  });
});
