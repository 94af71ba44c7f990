/**
 * An edge (issue #14, item 3) against a real redis-server and a primary in the same test: a
 * client on the edge gets the contest's snapshot, then the primary's updates with the primary's
 * seq; it resumes with `since`; every other /api route answers 421 NOT_ON_EDGE; after Redis is
 * killed and started again, the edge follows on and its client gets the current state.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { App } from '../../server/app.js';
import { applyScoreboardDelta, LIVE_DELTA_PROTOCOL } from '../../server/contract/live-delta.js';
import type { ScoreboardDelta } from '../../server/contract/live.js';
import type { ScoreboardBody } from '../../server/contract/results.js';
import { buildEdge, type Edge } from '../../server/edge.js';
import { liveSnapshotKey } from '../../server/lib/redis/keys.js';
import { HOST, login } from '../helpers/app.js';
import { publishingPrimary, startRedis, waitFor, type TestRedis } from '../helpers/redis.js';

const SLUG = 'cchc-gialai-2019';
let redis: TestRedis;
let primary: App;
let edge: Edge;
let base: string;
let stage: (team: string) => Promise<void>;
const clients: WebSocket[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});
// Building a primary and importing the demo takes seconds on a busy machine.
beforeEach(async () => {
  ({ app: primary, stage } = await publishingPrimary(redis.url));
  edge = await buildEdge({ redisUrl: redis.url, webRoot: null, live: { coalesceMs: 20, heartbeatMs: 60_000 } });
  await edge.listen({ port: 0, host: '127.0.0.1' });
  base = `ws://127.0.0.1:${(edge.server.address() as { port: number }).port}`;
}, 60_000);
afterEach(async () => {
  for (const c of clients.splice(0)) if (c.readyState !== WebSocket.CLOSED) c.terminate();
  await edge.close();
  await primary.close();
});

interface Msg {
  type: 'snapshot' | 'update';
  seq: number;
  view?: string;
  stage?: { round: string | null; team: string | null };
  scoreboard?: { rows: { team: string; total: number }[] };
  progress?: unknown;
  after?: number;
  scoreboardDelta?: ScoreboardDelta;
}

/**
 * A client of the edge that records every message (with a subprotocol when given); opened once the
 * primary has published the contest.
 */
async function connect(since?: number, protocol?: string) {
  const messages: Msg[] = [];
  const url = `${base}/api/contests/${SLUG}/live${since === undefined ? '' : `?since=${since}`}`;
  const ws = await waitFor('the edge to serve the contest', async () => {
    const socket = new WebSocket(url, protocol);
    clients.push(socket);
    socket.on('message', (data) => messages.push(JSON.parse(data.toString()) as Msg));
    return new Promise<WebSocket | undefined>((resolve) => {
      socket.once('open', () => resolve(socket));
      socket.once('error', () => resolve(undefined));
    });
  });
  const next = (n = messages.length + 1) => waitFor(`message ${n}`, () => messages[n - 1]);
  return { ws, messages, next };
}

describe('an edge', () => {
  it('serves the public snapshot, then the primary’s updates with the primary’s seq, and resumes with since', async () => {
    const audience = await connect();
    const first = await audience.next(1);
    expect(first).toMatchObject({ type: 'snapshot', view: 'public' });
    expect(first.scoreboard?.rows.length).toBeGreaterThan(0);
    expect(first.progress).toBeUndefined();

    await stage('bhxh');
    const update = await audience.next(2);
    expect(update).toMatchObject({ type: 'update', stage: { round: 'gioi-thieu', team: 'bhxh' } });
    expect(update.seq).toBeGreaterThan(first.seq);
    expect(update.scoreboard).toBeUndefined();

    // Resuming from the snapshot's seq gets exactly the update it missed.
    const resumed = await connect(first.seq);
    expect(await resumed.next(1)).toEqual(update);
    // The seq is the primary's: the one its published snapshot holds now.
    const published = new Redis(redis.url);
    try {
      const snapshot = JSON.parse((await published.get(liveSnapshotKey(SLUG)))!) as { seq: number };
      expect(snapshot.seq).toBe(update.seq);
    } finally {
      published.disconnect();
    }
  });

  it('answers health and time, and 421 NOT_ON_EDGE for any other /api route; 404 for a contest the primary does not have', async () => {
    expect((await edge.inject({ method: 'GET', url: '/api/health' })).json()).toMatchObject({ ok: true });
    expect((await edge.inject({ method: 'GET', url: '/api/time' })).json()).toHaveProperty('now');
    for (const [method, url] of [
      ['GET', '/api/contests'],
      ['GET', `/api/contests/${SLUG}/results`],
      ['POST', '/api/auth/login'],
      ['PUT', `/api/contests/${SLUG}/sheets/gioi-thieu/bhxh`],
    ] as const) {
      const res = await edge.inject({ method, url, headers: { 'accept-language': 'en' } });
      expect(res.statusCode, url).toBe(421);
      expect(res.json()).toMatchObject({ error: { code: 'NOT_ON_EDGE' }, lives: 'primary' });
    }
    const res = await edge.inject({ method: 'GET', url: '/api/contests/khong-co/live' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'CONTEST_NOT_FOUND' } });
  });

  it('follows on after Redis is killed and started again: its client gets the current state', async () => {
    const audience = await connect();
    await audience.next(1);
    await stage('bhxh');
    await audience.next(2);

    await redis.kill();
    await stage('kbnn');
    await redis.start();

    const current = await waitFor('the current stage on the edge', () => audience.messages.find((m) => m.stage?.team === 'kbnn'));
    expect(current.type).toBe('update');
    expect(current.seq).toBeGreaterThan(audience.messages[1]!.seq);

    // And later updates keep coming.
    await stage('sgtvt');
    await waitFor('a later update', () => audience.messages.find((m) => m.stage?.team === 'sgtvt'));
    const seqs = audience.messages.map((m) => m.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });

  it('sends a delta client only the rows that changed, computed on the edge from the primary’s parts', async () => {
    const whole = await connect();
    const delta = await connect(undefined, LIVE_DELTA_PROTOCOL);
    await whole.next(1);
    const first = await delta.next(1);
    const host = await login(primary, HOST);
    const res = await primary.inject({
      method: 'PUT',
      url: `/api/contests/${SLUG}/direct/diem-thuong/bhxh`,
      headers: { cookie: host },
      payload: { score: 5, reason: 'Điểm thưởng' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const changed = await waitFor('a scoreboard delta', () => delta.messages.find((m) => m.scoreboardDelta));
    const board = await waitFor('the whole board', () => whole.messages.find((m) => m.seq === changed.seq)?.scoreboard);
    expect(changed.after).toBe(delta.messages[delta.messages.indexOf(changed) - 1]!.seq);
    expect(changed.scoreboardDelta?.rows?.map((r) => r.team)).toEqual(['bhxh']);
    expect(changed.scoreboard).toBeUndefined();
    const held = delta.messages
      .slice(1, delta.messages.indexOf(changed) + 1)
      .reduce(
        (b, m) => (m.scoreboardDelta ? applyScoreboardDelta(b, m.scoreboardDelta)! : b),
        first.scoreboard as unknown as ScoreboardBody,
      );
    expect(held).toEqual(board);
  });
});
