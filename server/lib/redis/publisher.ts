/**
 * The primary's publisher (server/lib/live-relay.ts) over Redis: each public entry is appended to
 * the contest's stream (XADD, MAXLEN ~ bounded) together with the current snapshot in a key (SET),
 * both in one MULTI so an edge never sees one without the other.
 *
 * Redis must never slow or fail the primary: commands are not queued while it is away (they fail
 * at once, and the failure is only logged), the client reconnects on its own, and on every
 * (re)connection every contest's snapshot is published again, into the stream as a snapshot entry
 * and into its key. So a Redis restarted empty is whole again as soon as it is back, and an edge
 * that missed entries gets the current state from that snapshot entry.
 */
import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import { partsJson, type LiveEntry, type LivePublisher } from '../live-relay.js';
import { liveSnapshotKey, liveStreamKey, retryForever } from './keys.js';

export interface RedisPublisherOptions {
  /** Entries a stream keeps, roughly (MAXLEN ~). */
  maxLen?: number;
}

interface Snapshot {
  seq: number;
  parts: Record<string, string>;
}

export function redisPublisher(url: string, log: FastifyBaseLogger, opts: RedisPublisherOptions = {}): LivePublisher {
  const maxLen = opts.maxLen ?? 1000;
  const snapshots = new Map<string, Snapshot>();
  /** Something failed to reach Redis while it looked connected: publish everything again soon. */
  let retry: NodeJS.Timeout | undefined;
  let closed = false;
  let down = false;

  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: retryForever,
  });
  redis.on('error', (err: Error) => {
    if (!down) log.warn({ err: err.message }, 'redis: connection lost; the live view is published again on reconnect');
    down = true;
  });
  redis.on('ready', () => {
    if (down) log.info('redis: connected again; publishing every contest again');
    down = false;
    republish();
  });

  const write = (slug: string, entry: LiveEntry, snapshot: Snapshot | undefined) => {
    if (redis.status !== 'ready') return;
    const tx = redis
      .multi()
      .xadd(
        liveStreamKey(slug),
        'MAXLEN',
        '~',
        maxLen,
        '*',
        'type',
        entry.type,
        'seq',
        String(entry.seq),
        'parts',
        partsJson(entry.parts),
      );
    if (snapshot) tx.set(liveSnapshotKey(slug), `{"seq":${snapshot.seq},"parts":${partsJson(snapshot.parts)}}`);
    else tx.del(liveSnapshotKey(slug));
    tx.exec()
      .then((results) => {
        const failed = results?.find(([err]) => err)?.[0];
        if (failed) throw failed;
      })
      .catch((err: unknown) => {
        if (closed) return;
        log.warn({ err: err instanceof Error ? err.message : String(err), slug }, 'redis: publish failed; retrying');
        retry ??= setTimeout(() => {
          retry = undefined;
          republish();
        }, 500);
        retry.unref();
      });
  };

  function republish(): void {
    for (const [slug, snapshot] of snapshots) write(slug, { type: 'snapshot', ...snapshot }, snapshot);
  }

  redis.connect().catch(() => undefined);

  return {
    publish(slug, entry) {
      if (entry.type === 'gone') snapshots.delete(slug);
      else if (entry.type === 'snapshot') snapshots.set(slug, { seq: entry.seq, parts: { ...entry.parts } });
      else {
        const s = snapshots.get(slug);
        if (!s) return;
        s.seq = entry.seq;
        Object.assign(s.parts, entry.parts);
      }
      write(slug, entry, snapshots.get(slug));
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      redis.disconnect();
    },
  };
}
