/**
 * The primary publishes the public live view to Redis (issue #14, item 2), against a real
 * redis-server: each update reaches the contest's stream and snapshot key; after Redis is killed
 * and started again empty, the snapshot is back and later updates go on with increasing seq.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../server/app.js';
import { liveSnapshotKey, liveStreamKey } from '../../server/lib/redis/keys.js';
import { publishingPrimary, startRedis, waitFor, type TestRedis } from '../helpers/redis.js';

const SLUG = 'cchc-gialai-2019';
let redis: TestRedis;
let client: Redis;
let app: App;
let stage: (team: string) => Promise<void>;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});
// Building a primary and importing the demo takes seconds on a busy machine.
beforeEach(async () => {
  client = new Redis(redis.url, { maxRetriesPerRequest: 1, retryStrategy: () => 50 });
  client.on('error', () => undefined);
  await client.flushall();
  ({ app, stage } = await publishingPrimary(redis.url));
}, 60_000);
afterEach(async () => {
  await app.close();
  client.disconnect();
});

interface Snapshot {
  seq: number;
  parts: { stage?: { round: string | null; team: string | null }; scoreboard?: { rows: { team: string; total: number }[] } };
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

/** The snapshot once it shows `team` on stage. */
const snapshotWith = (team: string) =>
  waitFor(`${team} on stage in the snapshot`, async () => {
    const s = await snapshot();
    return s?.parts.stage?.team === team ? s : undefined;
  });

describe('the primary publishes the public live view to Redis', () => {
  it('puts a snapshot of every contest in its key and stream, then each public update with its seq', async () => {
    const first = await waitFor('the snapshot', snapshot);
    expect(Object.keys(first.parts).sort()).toEqual(['quiz', 'result', 'scoreboard', 'stage']);
    expect((await entries())[0]).toMatchObject({ type: 'snapshot', seq: first.seq });

    await stage('bhxh');
    const after = await snapshotWith('bhxh');
    expect(after.seq).toBeGreaterThan(first.seq);
    const last = (await entries()).at(-1)!;
    // An update carries its seq and only the parts that changed.
    expect(last).toMatchObject({ type: 'update', seq: after.seq, parts: { stage: { round: 'gioi-thieu', team: 'bhxh' } } });
    expect(Object.keys(last.parts)).toEqual(['stage']);
  });

  it('publishes the snapshot again when Redis comes back empty, and later updates follow with a greater seq', async () => {
    await stage('bhxh');
    const before = await snapshotWith('bhxh');

    await redis.kill();
    // A write while Redis is away is neither slowed nor failed, and not lost.
    const started = Date.now();
    await stage('kbnn');
    expect(Date.now() - started).toBeLessThan(1000);
    await redis.start();

    const back = await snapshotWith('kbnn');
    expect(back.seq).toBeGreaterThan(before.seq);
    expect(Object.keys(back.parts).sort()).toEqual(['quiz', 'result', 'scoreboard', 'stage']);
    expect((await entries())[0]).toMatchObject({ type: 'snapshot', seq: back.seq });

    await stage('sgtvt');
    const later = await snapshotWith('sgtvt');
    expect(later.seq).toBeGreaterThan(back.seq);
    expect((await entries()).at(-1)).toMatchObject({ type: 'update', seq: later.seq });
  });

  it('publishes only the public view: no staff or judge part ever reaches Redis', async () => {
    await stage('bhxh');
    await snapshotWith('bhxh');
    for (const e of await entries())
      for (const k of Object.keys(e.parts)) expect(['quiz', 'result', 'scoreboard', 'stage']).toContain(k);
  });
});
