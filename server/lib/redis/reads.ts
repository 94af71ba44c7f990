/**
 * The public reads (server/lib/public-reads.ts) over Redis. The primary writes a contest's reads
 * in one MULTI: the hash of its route bodies, the hash of its certificates (replaced whole, so a
 * certificate taken back is gone), and the serial → contest index. As with the live view, Redis
 * never slows or fails the primary: a write while it is away fails at once and is only logged,
 * and on every (re)connection every contest's reads are written again from memory.
 *
 * An edge reads a body with one HGET (a certificate with two) per request: nothing is cached, so
 * an answer is never older than what the primary last wrote.
 */
import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../errors.js';
import type { PublicReads, ReadsPublisher, ReadsStore } from '../public-reads.js';
import { CERTIFICATE_INDEX, certificatesKey, connectionOptions, readsKey } from './keys.js';

export function redisReadsPublisher(url: string, log: FastifyBaseLogger): ReadsPublisher {
  /** What each contest's reads are now, written again on reconnection. */
  const current = new Map<string, PublicReads>();
  /** The serials of contests deleted while Redis was away, to drop from the index when it is back. */
  const deleted = new Map<string, string[]>();
  let retry: NodeJS.Timeout | undefined;
  let closed = false;
  let down = false;
  const redis = new Redis(url, connectionOptions);

  redis.on('error', (err: Error) => {
    if (!down) log.warn({ err: err.message }, 'redis: connection lost; the public reads are written again on reconnect');
    down = true;
  });
  redis.on('ready', () => {
    down = false;
    rewrite();
  });

  /** Runs a MULTI; any failure (Redis away, a command refused) is logged and everything is written again soon. */
  const run = async (tx: ReturnType<Redis['multi']>, slug: string) => {
    try {
      for (const [err] of (await tx.exec()) ?? []) if (err) throw err;
    } catch (err) {
      if (closed) return;
      log.warn(
        { err: err instanceof Error ? err.message : String(err), slug },
        'redis: writing the public reads failed; retrying',
      );
      retry ??= setTimeout(() => {
        retry = undefined;
        rewrite();
      }, 500);
      retry.unref();
    }
  };

  const write = (slug: string, reads: PublicReads) => {
    if (redis.status !== 'ready') return;
    const tx = redis.multi().del(readsKey(slug), certificatesKey(slug)).hset(readsKey(slug), reads.bodies);
    const serials = Object.keys(reads.certificates);
    if (serials.length > 0)
      tx.hset(certificatesKey(slug), reads.certificates).hset(
        CERTIFICATE_INDEX,
        Object.fromEntries(serials.map((s) => [s, slug])),
      );
    void run(tx, slug);
  };

  const erase = (slug: string, serials: string[]) => {
    if (redis.status !== 'ready') return false;
    const tx = redis.multi().del(readsKey(slug), certificatesKey(slug));
    if (serials.length > 0) tx.hdel(CERTIFICATE_INDEX, ...serials);
    void run(tx, slug);
    return true;
  };

  function rewrite(): void {
    for (const [slug, serials] of deleted) if (erase(slug, serials)) deleted.delete(slug);
    for (const [slug, reads] of current) write(slug, reads);
  }

  redis.connect().catch(() => undefined);

  return {
    put(slug, reads) {
      const before = current.get(slug);
      if (
        before &&
        JSON.stringify(before.bodies) === JSON.stringify(reads.bodies) &&
        JSON.stringify(before.certificates) === JSON.stringify(reads.certificates)
      )
        return;
      current.set(slug, reads);
      write(slug, reads);
    },
    gone(slug) {
      const serials = Object.keys(current.get(slug)?.certificates ?? {});
      current.delete(slug);
      if (!erase(slug, serials)) deleted.set(slug, serials);
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      redis.disconnect();
    },
  };
}

export function redisReadsStore(url: string, log: FastifyBaseLogger): ReadsStore {
  const redis = new Redis(url, connectionOptions);
  let down = false;
  redis.on('error', (err: Error) => {
    if (!down) log.warn({ err: err.message }, 'redis: connection lost; public reads answer 503 until it is back');
    down = true;
  });
  redis.on('ready', () => {
    down = false;
  });
  redis.connect().catch(() => undefined);

  /** A read while Redis cannot be reached is a 503, as the live socket's. */
  const ask = async (get: () => Promise<string | null>) => {
    if (redis.status === 'wait') redis.connect().catch(() => undefined);
    try {
      return await get();
    } catch {
      throw new AppError('SERVER_BUSY');
    }
  };

  return {
    body: (slug, read) => ask(() => redis.hget(readsKey(slug), read)),
    async certificate(serial) {
      const slug = await ask(() => redis.hget(CERTIFICATE_INDEX, serial));
      return slug === null ? null : ask(() => redis.hget(certificatesKey(slug), serial));
    },
    async close() {
      redis.disconnect();
    },
  };
}
