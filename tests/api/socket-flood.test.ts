/**
 * Issue #13 item 8: a socket flood from the venue Wi-Fi. With small caps (50 live sockets per
 * address, 200 in all, 20 kept for staff), real sockets on 127.0.0.x: the sockets over an
 * address's cap are refused before the upgrade (429), those over the public share of the total
 * too (503); a judge and the organizer still get their sockets; /api/health and a judge's submit
 * answer within 1 s during the flood; the counts go back down as sockets close. Idle TCP
 * connections from one address are cut at that address's share too.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Socket } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openDb } from '../../db/client.js';
import * as t from '../../db/schema.js';
import { buildApp, type App } from '../../server/app.js';
import { upsertAccount } from '../../server/modules/auth/repository.js';
import { importDemo, login, ORGANIZER } from '../helpers/app.js';
import { rawConnections } from '../helpers/net.js';

const SLUG = 'cchc-gialai-2019';
const LIMITS = { perAddress: 50, total: 200, staffReserve: 20 };

let app: App;
let port: number;
let organizer: string;
let judges: Record<string, string>;
let criteria: string[];
const open: WebSocket[] = [];
const raw: Socket[] = [];

beforeAll(async () => {
  const db = openDb(':memory:');
  await upsertAccount(db, ORGANIZER.email, ORGANIZER.password, 'organizer');
  app = await buildApp({
    db,
    closeDb: true,
    webRoot: null,
    live: { coalesceMs: 20, heartbeatMs: 60_000, sockets: LIMITS },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
  organizer = await login(app);
  ({ judges } = await importDemo(app, organizer));
  const round = db.select().from(t.rounds).where(eq(t.rounds.key, 'gioi-thieu')).get()!;
  criteria = db
    .select()
    .from(t.criteria)
    .where(eq(t.criteria.roundId, round.id))
    .all()
    .map((c) => c.key);
});

afterAll(async () => {
  for (const ws of open.splice(0)) ws.terminate();
  for (const s of raw.splice(0)) s.destroy();
  await app.close();
});

/** Opens a live socket from a local address; resolves with the socket or the refusal's status. */
function attempt(
  from: string,
  headers: Record<string, string> = {},
): Promise<{ ws?: WebSocket; status?: number; code?: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/contests/${SLUG}/live`, { localAddress: from, headers });
    ws.on('open', () => {
      open.push(ws);
      resolve({ ws });
    });
    ws.on('unexpected-response', (req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => {
        let code: string | undefined;
        try {
          code = (JSON.parse(body) as { error?: { code?: string } }).error?.code;
        } catch {
          code = undefined;
        }
        resolve({ status: res.statusCode, ...(code ? { code } : {}) });
      });
      res.on('error', () => resolve({ status: res.statusCode }));
    });
    ws.on('error', () => resolve({ status: 0 }));
  });
}

async function flood(from: string, n: number) {
  const results = await Promise.all(Array.from({ length: n }, () => attempt(from)));
  return {
    opened: results.filter((r) => r.ws).length,
    statuses: results.filter((r) => !r.ws).map((r) => r.status),
  };
}

/** Waits for a condition, polling; fails with the last value after the timeout. */
async function until<T>(read: () => T, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = read();
    if (ok(v)) return v;
    if (Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await f();
  return { value, ms: performance.now() - started };
}

describe('a flood of live sockets', () => {
  it('is refused over the per-address and total caps, while staff, judges and HTTP are served', async () => {
    // One address: 50 sockets, the next 10 refused before the upgrade.
    const one = await flood('127.0.0.1', 60);
    expect(one.opened).toBe(50);
    expect(one.statuses).toEqual(Array(10).fill(429));
    expect(app.liveSockets.stats().sockets).toBe(50);

    // Four more addresses: the public share of the total is 200 - 20 = 180.
    const many = await Promise.all(['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'].map((a) => flood(a, 50)));
    const opened = many.reduce((n, f) => n + f.opened, 0);
    expect(opened).toBe(130);
    expect(many.flatMap((f) => f.statuses)).toEqual(Array(70).fill(503));
    expect(app.liveSockets.stats()).toMatchObject({ sockets: 180, authenticated: 0 });

    // A refusal is the one error shape.
    const busy = await attempt('127.0.0.6');
    expect(busy).toMatchObject({ status: 503, code: 'SERVER_BUSY' });
    expect((await attempt('127.0.0.1')).code).toBe('TOO_MANY_SOCKETS');

    // During the flood: HTTP, a judge's submit and the staff's sockets.
    const health = await timed(() => fetch(`http://127.0.0.1:${port}/api/health`));
    expect(health.value.status).toBe(200);
    expect(health.ms).toBeLessThan(1000);
    const marks = Object.fromEntries(criteria.map((k) => [k, 10]));
    const submit = await timed(() =>
      fetch(`http://127.0.0.1:${port}/api/contests/${SLUG}/sheets/gioi-thieu/bhxh`, {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${judges['gk2']}`,
          'idempotency-key': randomUUID(),
          'content-type': 'application/json',
        },
        body: JSON.stringify({ marks, status: 'submitted' }),
      }),
    );
    expect(submit.value.status, await submit.value.text()).toBe(200);
    expect(submit.ms).toBeLessThan(1000);
    const judge = await attempt('127.0.0.1', { authorization: `Bearer ${judges['gk1']}` });
    expect(judge.ws, `judge refused with ${judge.status}`).toBeDefined();
    const boss = await attempt('127.0.0.2', { cookie: organizer });
    expect(boss.ws, `organizer refused with ${boss.status}`).toBeDefined();
    // The audience is still refused: the reserve is the staff's.
    expect((await attempt('127.0.0.6')).status).toBe(503);
    expect(app.liveSockets.stats()).toMatchObject({ sockets: 182, authenticated: 2 });

    // Closing gives the places back.
    for (const ws of open.splice(0)) if (ws !== judge.ws && ws !== boss.ws) ws.close();
    open.push(judge.ws!, boss.ws!);
    expect(
      await until(
        () => app.liveSockets.stats().sockets,
        (n) => n === 2,
      ),
    ).toBe(2);
    expect(app.liveSockets.stats().addresses).toBe(0);
    expect((await flood('127.0.0.1', 3)).opened).toBe(3);
    for (const ws of open.splice(0)) ws.close();
    expect(
      await until(
        () => app.liveSockets.stats(),
        (s) => s.sockets === 0,
      ),
    ).toEqual({
      sockets: 0,
      authenticated: 0,
      addresses: 0,
    });
  });

  it('idle TCP connections from one address are cut at its share; others are still served', async () => {
    const share = LIMITS.perAddress + LIMITS.staffReserve + 100;
    const cut = await rawConnections(port, '127.0.0.9', share + 40, raw);
    expect(
      await until(
        () => cut(),
        (n) => n >= 40,
      ),
    ).toBe(40);
    const health = await timed(() => fetch(`http://127.0.0.1:${port}/api/health`));
    expect(health.value.status).toBe(200);
    expect(health.ms).toBeLessThan(1000);
    for (const s of raw.splice(0)) s.destroy();
    // Its share comes back once they are gone.
    let again: Awaited<ReturnType<typeof attempt>> = {};
    const end = Date.now() + 10_000;
    while (!again.ws && Date.now() < end) again = await attempt('127.0.0.9');
    expect(again.ws).toBeDefined();
    again.ws!.close();
  });

  it('plain GETs of the live route on one kept-alive connection are 404s and take no socket places', async () => {
    await until(
      () => app.liveSockets.stats().sockets,
      (n) => n === 0,
    );
    // One connection, kept alive: every GET goes on it (node's http agent, one socket).
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ status: number; code: string; socket: unknown }>((resolve, reject) => {
        const req = http.get(`http://127.0.0.1:${port}/api/contests/${SLUG}/live`, { agent }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () =>
            resolve({
              status: res.statusCode!,
              code: (JSON.parse(body) as { error: { code: string } }).error.code,
              socket: req.socket,
            }),
          );
        });
        req.on('error', reject);
      });
    try {
      const answers = [];
      // More than an address's places.
      for (let i = 0; i < LIMITS.perAddress + 10; i++) answers.push(await get());
      // Each a 404 in the API's error shape.
      expect(new Set(answers.map((a) => `${a.status} ${a.code}`))).toEqual(new Set(['404 NOT_FOUND']));
      expect(new Set(answers.map((a) => a.socket)).size).toBe(1);
      expect(app.liveSockets.stats()).toMatchObject({ sockets: 0, addresses: 0 });
      // The address still gets its live socket.
      const live = await attempt('127.0.0.1');
      expect(live.ws).toBeDefined();
      live.ws!.close();
    } finally {
      agent.destroy();
    }
  });
});
