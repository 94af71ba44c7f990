/**
 * An edge's follower (server/lib/live-relay.ts) over Redis: for each contest it follows, it loads
 * the snapshot key and then reads the contest's stream with XREAD BLOCK from the entry the
 * snapshot holds, feeding every entry to the edge's hub (which ignores one not newer than what it
 * has, so reading an entry twice is harmless).
 *
 * After Redis was away (or came back empty) every followed contest is loaded again the same way:
 * the last entry of its stream, then its snapshot, then the stream from that entry on. The
 * primary publishes its snapshot again on reconnection, as a snapshot entry, so nothing it
 * changed meanwhile is missed.
 */
import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../errors.js';
import type { LiveEntry, LiveFollower, LiveSink } from '../live-relay.js';
import { liveSnapshotKey, liveStreamKey, retryForever } from './keys.js';

/** How long one XREAD waits before it is sent again (with any contest followed since). */
const BLOCK_MS = 1_000;
const LOAD_WAIT_MS = 3_000;

function entryOf(fields: string[]): LiveEntry | null {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
  const type = f.type;
  if (type !== 'snapshot' && type !== 'update' && type !== 'gone') return null;
  const parts = JSON.parse(f.parts ?? '{}') as Record<string, unknown>;
  return { type, seq: Number(f.seq), parts: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, JSON.stringify(v)])) };
}

export function redisFollower(url: string, sink: LiveSink, log: FastifyBaseLogger): LiveFollower {
  const options = { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: retryForever };
  /** Commands (GET, XREVRANGE), and the blocking reads on a connection of their own. */
  const commands = new Redis(url, options);
  const reader = new Redis(url, options);
  /** The stream id each followed contest is read from. */
  const followed = new Map<string, string>();
  const loading = new Map<string, Promise<boolean>>();
  let stale = false;
  let closed = false;
  let down = false;

  for (const conn of [commands, reader]) {
    conn.on('error', (err: Error) => {
      if (!down) log.warn({ err: err.message }, 'redis: connection lost; the edge loads every snapshot again on reconnect');
      down = true;
      stale = true;
    });
    conn.on('ready', () => {
      down = false;
    });
  }

  /** Waits for a connection; a client asking for a contest waits at most LOAD_WAIT_MS (then 503). */
  const ready = async (conn: Redis, deadline = Infinity) => {
    while (conn.status !== 'ready') {
      if (closed) throw new Error('closed');
      if (Date.now() > deadline) throw new AppError('SERVER_BUSY');
      if (conn.status === 'wait') conn.connect().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  /** The snapshot and the stream position after it; false when there is no snapshot. */
  async function load(slug: string, deadline = Infinity): Promise<boolean> {
    await ready(commands, deadline);
    // The last entry first, then the snapshot: the snapshot is at least as new as that entry, and
    // entries published in between are read again and ignored by seq.
    const last = await commands.xrevrange(liveStreamKey(slug), '+', '-', 'COUNT', 1);
    const text = await commands.get(liveSnapshotKey(slug));
    if (!text) return false;
    const snapshot = JSON.parse(text) as { seq: number; parts: Record<string, unknown> };
    sink.receive(slug, {
      type: 'snapshot',
      seq: snapshot.seq,
      parts: Object.fromEntries(Object.entries(snapshot.parts).map(([k, v]) => [k, JSON.stringify(v)])),
    });
    followed.set(slug, last[0]?.[0] ?? '0-0');
    return true;
  }

  async function run(): Promise<void> {
    while (!closed) {
      try {
        if (followed.size === 0) {
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        await ready(reader);
        if (stale) {
          stale = false;
          for (const slug of [...followed.keys()]) if (!(await load(slug))) followed.set(slug, '0-0');
        }
        const slugs = [...followed.keys()];
        const res = (await reader.xread(
          'COUNT',
          100,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          ...slugs.map(liveStreamKey),
          ...slugs.map((s) => followed.get(s)!),
        )) as [string, [string, string[]][]][] | null;
        for (const [key, entries] of res ?? []) {
          const slug = slugs[slugs.map(liveStreamKey).indexOf(key)];
          if (slug === undefined) continue;
          for (const [id, fields] of entries) {
            followed.set(slug, id);
            const entry = entryOf(fields);
            if (entry) sink.receive(slug, entry);
            if (entry?.type === 'gone') {
              // Deleted: followed again only if asked for again (and published again).
              followed.delete(slug);
              break;
            }
          }
        }
      } catch (err) {
        if (closed) return;
        stale = true;
        log.debug({ err: err instanceof Error ? err.message : String(err) }, 'redis: read failed');
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  commands.connect().catch(() => undefined);
  reader.connect().catch(() => undefined);
  const running = run();

  return {
    follow(slug) {
      if (followed.has(slug)) return Promise.resolve(true);
      let p = loading.get(slug);
      if (!p) {
        p = load(slug, Date.now() + LOAD_WAIT_MS).finally(() => loading.delete(slug));
        loading.set(slug, p);
      }
      return p;
    },
    async close() {
      closed = true;
      commands.disconnect();
      reader.disconnect();
      await running;
    },
  };
}
