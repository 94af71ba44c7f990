/**
 * Votes through edges, exactly once (issue #14, item 4), against a real redis-server (append-only,
 * fsynced at every write) and a primary in the same test: a vote on an edge is stored once on the
 * primary and reaches a staff client's live socket; a vote delivered twice counts once; a primary
 * restarted with pending entries stores them once; Redis killed and started again loses nothing
 * (a vote while it is away is a 503, never a 200); a closed window, a forged device cookie, an
 * unknown team and ticket mode are refused on the edge as on the primary. The limits that guard
 * voting are one count in Redis for two edges and the primary (in memory while Redis is away).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openDb, type Db } from '../../db/client.js';
import { buildApp, type App } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { buildEdge, edgeVotes, type Edge } from '../../server/edge.js';
import { VOTES_GROUP, voteRulesKey, votesStreamKey } from '../../server/lib/redis/vote-keys.js';
import { upsertAccount } from '../../server/modules/auth/repository.js';
import { HOST, ORGANIZER, importDemo, login } from '../helpers/app.js';
import { startRedis, waitFor, type TestRedis } from '../helpers/redis.js';

const SLUG = 'cchc-gialai-2019';
const SECRET = randomBytes(32);
let redis: TestRedis;
let client: Redis;
let db: Db;
let primary: App | undefined;
let edge: Edge;
let host: string;
let organizer: string;

beforeAll(async () => {
  redis = await startRedis({ appendOnly: true });
  client = new Redis(redis.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
  client.on('error', () => undefined);
});
afterAll(async () => {
  client.disconnect();
  await redis.stop();
});

/** The primary on the test's database (started again on the same one, as after a restart). */
async function startPrimary(): Promise<App> {
  const app = await buildApp({
    db,
    webRoot: null,
    live: { coalesceMs: 20, heartbeatMs: 60_000 },
    redisUrl: redis.url,
    votes: { deviceSecret: SECRET },
  });
  await app.ready();
  primary = app;
  return app;
}
/**
 * An edge as `npm start` builds it: its configuration read from the environment, where it takes
 * the primary's device secret (README "Configuration").
 */
const startEdge = () =>
  buildEdge({
    redisUrl: redis.url,
    webRoot: null,
    live: { coalesceMs: 20, heartbeatMs: 60_000 },
    votes: edgeVotes(
      loadConfig({ HOITHI_ROLE: 'edge', HOITHI_REDIS_URL: redis.url, HOITHI_DEVICE_SECRET: SECRET.toString('hex') }),
    ),
  });
async function stopPrimary(): Promise<void> {
  await primary?.close();
  primary = undefined;
}

beforeEach(async () => {
  await client.flushall();
  db = openDb(':memory:');
  await upsertAccount(db, ORGANIZER.email, ORGANIZER.password, 'organizer');
  await upsertAccount(db, HOST.email, HOST.password, 'host');
  const app = await startPrimary();
  organizer = await login(app);
  host = await login(app, HOST);
  await importDemo(app, organizer);
  edge = await startEdge();
}, 60_000);
afterEach(async () => {
  await edge.close();
  await stopPrimary();
  db.$client.close();
});

const staff = (method: 'GET' | 'POST' | 'PUT', path: string, payload?: object) =>
  primary!.inject({
    method,
    url: `/api/contests/${SLUG}${path}`,
    headers: { cookie: path.includes('mode') || path.includes('tickets') ? organizer : host },
    ...(payload ? { payload } : {}),
  });

/** A vote on `app` (the edge unless told), from `ip`, with a device cookie or a ticket. */
const vote = (team: string, o: { device?: string; ip?: string; ticket?: string; on?: App | Edge } = {}) =>
  (o.on ?? edge).inject({
    method: 'POST',
    url: `/api/contests/${SLUG}/votes`,
    payload: { team, ...(o.ticket ? { ticket: o.ticket } : {}) },
    remoteAddress: o.ip ?? '10.1.0.1',
    headers: { 'accept-language': 'en', ...(o.device ? { cookie: `hoithi_device=${o.device}` } : {}) },
  });
const deviceOf = (res: { cookies: { name: string; value: string }[] }) =>
  res.cookies.find((c) => c.name === 'hoithi_device')?.value;

const counts = async () => (await staff('GET', '/votes')).json() as { total: number; counts: Record<string, number> };
/** Waits until the primary counts `total` votes and the stream holds nothing unacknowledged. */
async function settled(total: number) {
  await waitFor(`${total} votes counted`, async () => ((await counts()).total === total ? true : undefined), 15_000);
  await waitFor('the votes stream drained', async () => {
    const pending = (await client.xpending(votesStreamKey, VOTES_GROUP)) as [number, ...unknown[]];
    return pending[0] === 0 && (await client.xlen(votesStreamKey)) === 0 ? true : undefined;
  });
}
/** Waits until the edges see voting in `state`. */
const rulesSay = (state: string) =>
  waitFor(`voting ${state} on the edges`, async () => {
    const text = await client.get(voteRulesKey(SLUG));
    return text && (JSON.parse(text) as { state: string }).state === state ? true : undefined;
  });
async function openVoting() {
  expect((await staff('POST', '/votes/open')).statusCode).toBe(200);
  await rulesSay('open');
}

/** Voting opens, a vote for bhxh from 10.1.0.1 is counted, then the primary stops. */
async function countedThenPrimaryStopped() {
  await openVoting();
  expect((await vote('bhxh', { ip: '10.1.0.1' })).statusCode).toBe(200);
  await settled(1);
  await stopPrimary();
}

describe('votes through an edge', () => {
  it('are counted once on the primary and reach a staff client live; a second vote of the device is 409 on the edge', async () => {
    await primary!.listen({ port: 0, host: '127.0.0.1' });
    const port = (primary!.server.address() as { port: number }).port;
    const messages: { votes?: { counts: Record<string, number> } }[] = [];
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/contests/${SLUG}/live`, { headers: { cookie: host } });
    ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as (typeof messages)[number]));
    try {
      await waitFor('the staff snapshot', () => (messages[0]?.votes ? true : undefined));
      await openVoting();
      const res = await vote('bhxh');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ team: 'bhxh' });
      const device = deviceOf(res)!;
      expect(device).toBeTruthy();
      await settled(1);
      expect((await counts()).counts.bhxh).toBe(1);
      await waitFor('the count on the staff socket', () => (messages.some((m) => m.votes?.counts.bhxh === 1) ? true : undefined));

      const again = await vote('kbnn', { device });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('ALREADY_VOTED');
      const me = await edge.inject({
        method: 'GET',
        url: `/api/contests/${SLUG}/votes/me`,
        headers: { cookie: `hoithi_device=${device}` },
      });
      expect(me.json()).toEqual({ team: 'bhxh' });
      // The device is the primary's too: the secret is shared.
      expect((await vote('kbnn', { device, on: primary })).json().error.code).toBe('ALREADY_VOTED');
      expect((await counts()).total).toBe(1);
    } finally {
      ws.terminate();
    }
  });

  it('a vote delivered twice counts once', async () => {
    await openVoting();
    await stopPrimary();
    expect((await vote('bhxh')).statusCode).toBe(200);
    const [entry] = await client.xrange(votesStreamKey, '-', '+');
    await client.xadd(votesStreamKey, '*', ...entry![1]);
    expect(await client.xlen(votesStreamKey)).toBe(2);
    await startPrimary();
    await settled(1);
    expect((await counts()).counts.bhxh).toBe(1);
  });

  it('a primary restarted with entries pending (read, or stored, and not acknowledged) stores each once', async () => {
    await countedThenPrimaryStopped();
    // A primary that died after reading two votes, one of which it had stored: both pending to it.
    expect((await vote('kbnn', { ip: '10.1.0.2' })).statusCode).toBe(200);
    const stored = (await client.hgetall(`hoithi:votes:${SLUG}:voters`)) as Record<string, string>;
    const bhxhVoter = Object.keys(stored).find((v) => stored[v] === 'bhxh')!;
    await client.xadd(
      votesStreamKey,
      '*',
      'slug',
      SLUG,
      'voter',
      bhxhVoter,
      'team',
      'bhxh',
      'address',
      '10.1.0.1',
      'at',
      new Date().toISOString(),
    );
    const read = (await client.xreadgroup('GROUP', VOTES_GROUP, 'primary-dead', 'COUNT', 10, 'STREAMS', votesStreamKey, '>')) as [
      string,
      unknown[],
    ][];
    expect(read[0]![1]).toHaveLength(2);
    expect(((await client.xpending(votesStreamKey, VOTES_GROUP)) as [number])[0]).toBe(2);

    await startPrimary();
    await settled(2);
    expect((await counts()).counts).toMatchObject({ bhxh: 1, kbnn: 1 });
  });

  it('loses nothing when Redis is killed and started again; a vote while it is away is a 503', async () => {
    await countedThenPrimaryStopped();
    // Appended while no primary reads: only Redis holds it when Redis is killed.
    expect((await vote('kbnn', { ip: '10.1.0.2' })).statusCode).toBe(200);
    await redis.kill();
    const away = await vote('sgtvt', { ip: '10.1.0.3' });
    expect(away.statusCode).toBe(503);
    expect(away.json().error.code).toBe('VOTES_UNAVAILABLE');
    await redis.start();
    await startPrimary();
    await settled(2);
    // The edge votes again once Redis is back, and the voter refused before may vote now.
    const later = await waitFor('a vote taken again', async () => {
      const res = await vote('sgtvt', { ip: '10.1.0.3' });
      return res.statusCode === 200 ? res : undefined;
    });
    expect(later.json()).toEqual({ team: 'sgtvt' });
    await settled(3);
    expect((await counts()).counts).toMatchObject({ bhxh: 1, kbnn: 1, sgtvt: 1 });
  });
});

describe('the limits that guard voting, one count for every process on one Redis', () => {
  it('new devices per address a minute and tries per voter are shared by two edges and the primary', async () => {
    await openVoting();
    const other = await startEdge();
    try {
      // 20 new devices a minute for 10.5.0.1 in all: 10 on each edge, then none anywhere.
      const first: number[] = [];
      for (let i = 0; i < 20; i++) first.push((await vote('bhxh', { ip: '10.5.0.1', on: i % 2 ? other : edge })).statusCode);
      expect(first.filter((c) => c === 200)).toHaveLength(20);
      for (const on of [edge, other, primary!]) {
        const refused = await vote('bhxh', { ip: '10.5.0.1', on });
        expect([refused.statusCode, refused.json().error.code]).toEqual([429, 'DEVICE_LIMIT']);
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      }
      // Another address is not held back.
      const fresh = await vote('kbnn', { ip: '10.5.0.2', on: other });
      expect(fresh.statusCode).toBe(200);
      await settled(21);

      // 10 tries a minute per voter: 5 on each edge (each a 409, it has voted), then 429 on all three.
      const device = deviceOf(fresh)!;
      const tries: number[] = [];
      for (let i = 0; i < 10; i++) tries.push((await vote('bhxh', { device, on: i < 5 ? edge : other })).statusCode);
      expect(tries).toEqual(Array(10).fill(409));
      for (const on of [edge, other, primary!]) expect((await vote('bhxh', { device, on })).statusCode).toBe(429);
    } finally {
      await other.close();
    }
  });

  it('while Redis is away the primary counts in its own memory, as a lone process does', async () => {
    await openVoting();
    await redis.kill();
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++) statuses.push((await vote('bhxh', { ip: '10.6.0.1', on: primary })).statusCode);
      expect(statuses.filter((c) => c === 200)).toHaveLength(20);
      expect(statuses.at(-1)).toBe(429);
      expect((await counts()).total).toBe(20);
    } finally {
      await redis.start();
    }
  });

  it('behind a trusted balancer an edge counts each client (HOITHI_TRUST_PROXY)', async () => {
    await openVoting();
    const balanced = await buildEdge({
      redisUrl: redis.url,
      webRoot: null,
      trustProxy: ['10.0.0.2'],
      votes: { deviceSecret: SECRET, devicesPerMinutePerIp: 2 },
    });
    try {
      const from = (peer: string, client: string) =>
        balanced.inject({
          method: 'POST',
          url: `/api/contests/${SLUG}/votes`,
          payload: { team: 'bhxh' },
          remoteAddress: peer,
          headers: { 'x-forwarded-for': client },
        });
      const statuses = [];
      for (const client of ['203.0.113.1', '203.0.113.1', '203.0.113.1', '203.0.113.2'])
        statuses.push((await from('10.0.0.2', client)).statusCode);
      expect(statuses).toEqual([200, 200, 429, 200]);
      // From a peer that is not the balancer, the header is ignored: its own address has 2.
      const forged = [];
      for (const client of ['203.0.113.3', '203.0.113.4', '203.0.113.5'])
        forged.push((await from('10.0.9.9', client)).statusCode);
      expect(forged).toEqual([200, 200, 429]);
      await settled(5);
      const { addresses } = (await staff('GET', '/votes/addresses')).json() as {
        addresses: { address: string; votes: number }[];
      };
      expect(addresses.map((a) => `${a.address}:${a.votes}`).sort()).toEqual(['10.0.9.9:2', '203.0.113.1:2', '203.0.113.2:1']);
    } finally {
      await balanced.close();
    }
  });
});

describe('the edge refuses as the primary does', () => {
  it('a closed window, an unknown team and forged device cookies', async () => {
    await rulesSay('idle');
    for (const on of [edge, primary!]) {
      const closed = await vote('bhxh', { on });
      expect(closed.statusCode).toBe(409);
      expect(closed.json().error.code).toBe('VOTING_CLOSED');
    }
    await openVoting();
    for (const on of [edge, primary!]) {
      const unknown = await vote('khong-co', { on, ip: '10.3.0.1' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().error.code).toBe('TEAM_NOT_FOUND');
    }
    // 30 votes with made-up cookies from one address: the edge issues 20 new devices, then 429.
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const fake = randomBytes(24).toString('base64url') + `.${randomBytes(32).toString('base64url')}`;
      statuses.push((await vote('bhxh', { device: fake, ip: '10.2.0.7' })).statusCode);
    }
    expect(statuses.filter((c) => c === 200)).toHaveLength(20);
    expect(statuses.filter((c) => c === 429)).toHaveLength(10);
    await settled(20);

    expect((await staff('POST', '/votes/close')).statusCode).toBe(200);
    await rulesSay('closed');
    const late = await vote('bhxh', { ip: '10.3.0.9' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('VOTING_CLOSED');
  });

  it('ticket mode: a vote needs a printed code, valid and unused, each once', async () => {
    expect((await staff('PUT', '/votes/mode', { tickets: true })).statusCode).toBe(200);
    const { tickets } = (await staff('POST', '/votes/tickets', { count: 2 })).json() as { tickets: { code: string }[] };
    await openVoting();
    const noTicket = await vote('bhxh');
    expect([noTicket.statusCode, noTicket.json().error.code]).toEqual([403, 'TICKET_REQUIRED']);
    const bad = await vote('bhxh', { ticket: 'ZZZZ-ZZZZ-ZZ' });
    expect([bad.statusCode, bad.json().error.code]).toEqual([403, 'TICKET_INVALID']);
    const code = tickets[0]!.code;
    expect((await vote('bhxh', { ticket: code.toLowerCase() })).statusCode).toBe(200);
    const reused = await vote('kbnn', { ticket: code, ip: '10.4.0.2' });
    expect([reused.statusCode, reused.json().error.code]).toEqual([409, 'TICKET_USED']);
    await settled(1);
    const list = (await staff('GET', '/votes/tickets')).json() as { tickets: { code: string; usedAt: string | null }[] };
    expect(list.tickets.find((x) => x.code === code)?.usedAt).toBeTruthy();
  });
});
