/**
 * The primary publishes the public live view to Redis (issue #14, item 2), against a real
 * redis-server: each update reaches the contest's stream and snapshot key; after Redis is killed
 * and started again empty, the snapshot is back and later updates go on with increasing seq.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../../db/client.js';
import { buildApp, type App } from '../../server/app.js';
import { upsertAccount } from '../../server/modules/auth/repository.js';
import { liveSnapshotKey, liveStreamKey } from '../../server/lib/redis/keys.js';
import { HOST, ORGANIZER, importDemo, login } from '../helpers/app.js';
import { startRedis, type TestRedis } from '../helpers/redis.js';

const SLUG = 'cchc-gialai-2019';
let redis: TestRedis;
let client: Redis;
let app: App;
let host: string;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});
beforeEach(async () => {
  client = new Redis(redis.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
  client.on('error', () => undefined);
  await client.flushall();
  const db = openDb(':memory:');
  await upsertAccount(db, ORGANIZER.email, ORGANIZER.password, 'organizer');
  await upsertAccount(db, HOST.email, HOST.password, 'host');
  app = await buildApp({ db, closeDb: true, webRoot: null, live: { coalesceMs: 20, heartbeatMs: 60_000 }, redisUrl: redis.url });
  await app.ready();
  const organizer = await login(app);
  host = await login(app, HOST);
  await importDemo(app, organizer);
});
afterEach(async () => {
  await app.close();
  client.disconnect();
});

interface Snapshot {
  seq: number;
  parts: { stage?: { round: string | null; team: string | null }; scoreboard?: { rows: { team: string; total: number }[] } };
}

async function until<T>(what: string, get: () => Promise<T | undefined>, ms = 5000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await get().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const snapshot = async (): Promise<Snapshot | undefined> => {
  const text = await client.get(liveSnapshotKey(SLUG));
  return text ? (JSON.parse(text) as Snapshot) : undefined;
};

async function entries() {
  const raw = await client.xrange(liveStreamKey(SLUG), '-', '+');
  return raw.map(([id, fields]) => {
    const f = Object.fromEntries(Array.from({ length: fields.length / 2 }, (_, i) => [fields[2 * i], fields[2 * i + 1]]));
    return { id, type: f.type, seq: Number(f.seq), parts: JSON.parse(f.parts!) as Snapshot['parts'] };
  });
}

async function stage(team: string) {
  const res = await app.inject({
    method: 'POST',
    url: `/api/contests/${SLUG}/stage`,
    headers: { cookie: host },
    payload: { round: 'gioi-thieu', team },
  });
  expect(res.statusCode, res.body).toBe(200);
}

describe('the primary publishes the public live view to Redis', () => {
  it('puts a snapshot of every contest in its key and stream, then each public update with its seq', async () => {
    const first = await until('the snapshot', snapshot);
    expect(Object.keys(first.parts).sort()).toEqual(['quiz', 'result', 'scoreboard', 'stage']);
    expect((await entries())[0]).toMatchObject({ type: 'snapshot', seq: first.seq });

    await stage('bhxh');
    const after = await until('the update in the snapshot', async () => {
      const s = await snapshot();
      return s?.parts.stage?.team === 'bhxh' ? s : undefined;
    });
    expect(after.seq).toBeGreaterThan(first.seq);
    const last = (await entries()).at(-1)!;
    // An update carries its seq and only the parts that changed.
    expect(last).toMatchObject({ type: 'update', seq: after.seq, parts: { stage: { round: 'gioi-thieu', team: 'bhxh' } } });
    expect(Object.keys(last.parts)).toEqual(['stage']);
  });

  it('publishes the snapshot again when Redis comes back empty, and later updates follow with a greater seq', async () => {
    await stage('bhxh');
    const before = await until('the update', async () => {
      const s = await snapshot();
      return s?.parts.stage?.team === 'bhxh' ? s : undefined;
    });

    await redis.kill();
    // A write while Redis is away is neither slowed nor failed, and not lost.
    const started = Date.now();
    await stage('kbnn');
    expect(Date.now() - started).toBeLessThan(1000);
    await redis.start();

    const back = await until('the snapshot after the restart', async () => {
      const s = await snapshot();
      return s?.parts.stage?.team === 'kbnn' ? s : undefined;
    });
    expect(back.seq).toBeGreaterThan(before.seq);
    expect(Object.keys(back.parts).sort()).toEqual(['quiz', 'result', 'scoreboard', 'stage']);
    expect((await entries())[0]).toMatchObject({ type: 'snapshot', seq: back.seq });

    await stage('sgtvt');
    const later = await until('an update after the restart', async () => {
      const s = await snapshot();
      return s?.parts.stage?.team === 'sgtvt' ? s : undefined;
    });
    expect(later.seq).toBeGreaterThan(back.seq);
    expect((await entries()).at(-1)).toMatchObject({ type: 'update', seq: later.seq });
  });

  it('publishes only the public view: no staff or judge part ever reaches Redis', async () => {
    await stage('bhxh');
    await until('the update', async () => ((await snapshot())?.parts.stage?.team === 'bhxh' ? true : undefined));
    for (const e of await entries())
      for (const k of Object.keys(e.parts)) expect(['quiz', 'result', 'scoreboard', 'stage']).toContain(k);
  });
});
