/** A fresh app on its own in-memory database, plus helpers to sign in and call it. */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { buildApp, type App, type AppOptions } from '../../server/app.js';
import type { ContestPackageInput } from '../../server/contract/package.js';
import { upsertAccount } from '../../server/modules/auth/repository.js';

export const ORGANIZER = { email: 'btc@hoithi.test', password: 'mat-khau-ban-to-chuc' };
export const HOST = { email: 'thuky@hoithi.test', password: 'mat-khau-thu-ky' };

export const DEMO_FILE = join(import.meta.dirname, '..', '..', 'db', 'seed', 'cchc-gialai-2019.json');
export const demoPackage = (): ContestPackageInput => JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as ContestPackageInput;

export interface TestApp {
  app: App;
  db: Db;
}

/** A clock that stands still until a test moves it: `clock.advance(ms)`, `clock.set(ms)`. */
export function manualClock(start = Date.now()) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    set(ms: number) {
      now = ms;
    },
  };
}

export async function makeApp(opts: Pick<AppOptions, 'loginPerMinutePerIp' | 'registration' | 'clock'> = {}): Promise<TestApp> {
  const db = openDb(':memory:');
  await upsertAccount(db, ORGANIZER.email, ORGANIZER.password, 'organizer');
  await upsertAccount(db, HOST.email, HOST.password, 'host');
  const app = await buildApp({ db, closeDb: true, webRoot: null, publicUrl: 'http://hoithi.test', ...opts });
  await app.ready();
  return { app, db };
}

/** An app with the organizer's and the host's accounts listening on a free port, for the tests that open live sockets. */
export async function listenLive(
  clock?: AppOptions['clock'],
  heartbeatMs = 60_000,
  coalesceMs = 20,
): Promise<{ app: App; db: Db; port: number }> {
  const db = openDb(':memory:');
  await upsertAccount(db, ORGANIZER.email, ORGANIZER.password, 'organizer');
  await upsertAccount(db, HOST.email, HOST.password, 'host');
  const app = await buildApp({ db, closeDb: true, webRoot: null, live: { coalesceMs, heartbeatMs }, clock });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, db, port: (app.server.address() as { port: number }).port };
}

/** Signs in and returns the Cookie header value of the session. */
export async function login(app: App, who: { email: string; password: string } = ORGANIZER): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: who });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'hoithi_session');
  if (!cookie) throw new Error('no session cookie');
  return `hoithi_session=${cookie.value}`;
}

/** Creates a contest from `pkg` as the session `cookie`; the answer must be 201. Gives the answer. */
export async function createContest(app: App, cookie: string, pkg: object) {
  const created = await app.inject({ method: 'POST', url: '/api/contests', payload: pkg, headers: { cookie } });
  expect(created.statusCode, created.body).toBe(201);
  return created;
}

/** Imports the demo contest through the API; returns the judges' and teams' tokens by key. */
export async function importDemo(app: App, cookie: string) {
  const res = await app.inject({ method: 'POST', url: '/api/contests', payload: demoPackage(), headers: { cookie } });
  if (res.statusCode !== 201) throw new Error(`import failed: ${res.statusCode} ${res.body}`);
  const body = res.json() as { judges: { key: string; token: string }[]; teams: { key: string; token: string }[] };
  return {
    judges: Object.fromEntries(body.judges.map((j) => [j.key, j.token])) as Record<string, string>,
    teams: Object.fromEntries(body.teams.map((t) => [t.key, t.token])) as Record<string, string>,
  };
}

/**
 * A fresh app with the organizer signed in, as hooks: made before each test (or once for the
 * file, with `once`) and closed after it. The returned object holds the app and the session cookie.
 */
export function useApp(options: Parameters<typeof makeApp>[0] = {}, { once = false } = {}) {
  const session = {} as { h: TestApp; cookie: string };
  (once ? beforeAll : beforeEach)(async () => {
    const h = await makeApp(options);
    Object.assign(session, { h, cookie: await login(h.app) });
  });
  (once ? afterAll : afterEach)(async () => {
    await session.h.app.close();
  });
  return session;
}

/**
 * A fresh app with the organizer signed in and the demo contest imported: the setup most API tests
 * share. With `host`, the secretary signs in too (before the import, like the organizer).
 */
export async function openDemo({ host = false } = {}): Promise<{
  h: TestApp;
  cookie: string;
  /** The secretary's session cookie; empty unless `host` was asked for. */
  host: string;
  judges: Record<string, string>;
  teams: Record<string, string>;
}> {
  const h = await makeApp();
  const cookie = await login(h.app);
  const hostCookie = host ? await login(h.app, HOST) : '';
  return { h, cookie, host: hostCookie, ...(await importDemo(h.app, cookie)) };
}

/**
 * The setup most API tests share, as hooks: before each test a fresh app with the organizer
 * (and with `host`, the secretary) signed in and the demo contest imported (openDemo), closed
 * after the test. The returned object holds the running test's app, session cookies and tokens.
 */
export function useDemo(options: { host?: boolean } = {}) {
  const demo = {} as Awaited<ReturnType<typeof openDemo>>;
  beforeEach(async () => {
    Object.assign(demo, await openDemo(options));
  });
  afterEach(async () => {
    await demo.h.app.close();
  });
  return demo;
}

/**
 * A judge (by its token) submits its sheet of the demo's self-introduction round for `team`:
 * `content` points for the content, 20 for each other criterion; the answer must be 200.
 */
export async function submitIntroSheet(app: App, token: string | undefined, team: string, content: number) {
  const res = await app.inject({
    method: 'PUT',
    url: `/api/contests/cchc-gialai-2019/sheets/gioi-thieu/${team}`,
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
    payload: { marks: { 'noi-dung': content, 'hinh-thuc': 20, 'sang-tao': 20 }, status: 'submitted' },
  });
  expect(res.statusCode, res.body).toBe(200);
}

/** A valid team registration under `name`, as the public form sends it. */
export const registrationForm = (name: string) => ({
  unit: 'Sở Tư pháp',
  name,
  leader: { name: 'Nguyễn Thị Hương', phone: '0912345678', email: 'huong@stp.gialai.gov.vn' },
  members: [{ name: 'A' }, { name: 'B' }, { name: 'C' }],
  idea: { title: 'Mô hình', summary: 'Tóm tắt' },
});

export type Part = { name: string; value: string } | { name: string; filename: string; type: string; content: Buffer };

/** A multipart/form-data body, for routes that take files. */
export function multipart(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----hoithi${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const head =
      'filename' in p
        ? `content-disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\ncontent-type: ${p.type}\r\n\r\n`
        : `content-disposition: form-data; name="${p.name}"\r\n\r\n`;
    chunks.push(Buffer.from(`--${boundary}\r\n${head}`), 'filename' in p ? p.content : Buffer.from(p.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
