/**
 * An address's public live sockets counted across every edge process on one Redis (issue #14), so
 * that HOITHI_LIVE_SOCKETS_PER_ADDRESS is one cap for all the edges and their workers, not one per
 * process (server/lib/sockets.ts, SocketGuard.share).
 *
 * Each process keeps its own counts in memory, as without Redis, and mirrors them into Redis:
 *
 * - `hoithi:sockets:<processId>`: a hash of its counts, address → public sockets, with a marker
 *   field `#` written by each full mirror; it expires `ttlMs` after the process last refreshed it;
 * - `hoithi:sockets:processes`: a sorted set of the processes, scored by when each expires.
 *
 * Admission is one script, one round trip: it drops the expired processes from the set, sums the
 * address's field over the live ones and, below the cap, adds the socket to this process's hash.
 * The sum reads one field per live process (a few dozen at most), so it stays fast however many
 * addresses and sockets there are. A closed socket is taken off with one more command, without
 * waiting for it.
 *
 * A process that dies without cleaning up (a crash, a kill) stops refreshing: it leaves the set's
 * live range and its hash expires within `ttlMs`, and its places free up. Every `ttlMs / 3` a
 * process refreshes its entry and its hash's expiry (one command whatever its size). It writes
 * its whole map again (one script: the hash replaced, marker included) when the heartbeat finds
 * its marker gone (Redis restarted empty, or the process stalled past its TTL and expired), when
 * the connection comes back after an outage, and when a command failed or timed out since the
 * last mirror: then Redis holds exactly this process's counts again.
 *
 * With Redis away a take fails at once (the connection queues nothing) and the socket is admitted
 * by this process's own cap alone, as without Redis; a take that has no answer within
 * TAKE_TIMEOUT_MS is admitted the same way. Nothing here throws into the caller.
 *
 * The scripts read other processes' hashes by name (`hoithi:sockets:<id>`), which a single Redis
 * (Debian's package, as deployed) allows; a Redis Cluster would not.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import type { SharedSocketCount } from '../sockets.js';
import { connectionOptions } from './keys.js';

const PREFIX = 'hoithi:sockets:';
const PROCESSES = `${PREFIX}processes`;
/** The marker field of a hash written by a full mirror (no address is `#`). */
const MARK = '#';
/** How long a process's counts outlive its last refresh, by default. */
export const SOCKETS_TTL_MS = 15_000;
/** The longest an upgrade waits for the shared count before this process's cap decides alone. */
export const TAKE_TIMEOUT_MS = 500;

/** Redis's clock in ms, and the set of live processes with this one refreshed (KEYS[1], ARGV[1] id, ARGV[2] ttl). */
const REFRESH = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
`;

/**
 * KEYS: the set, this process's hash; ARGV: id, ttl, address, cap, hash prefix. 1 when taken, 0
 * when the live processes hold `cap` sockets of the address, 2 when taken but this process's
 * mirror was gone (it must be written again).
 */
const TAKE = `${REFRESH}
local held = 0
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  held = held + tonumber(redis.call('HGET', ARGV[5] .. id, ARGV[3]) or 0)
end
if held >= tonumber(ARGV[4]) then return 0 end
local mirrored = redis.call('HEXISTS', KEYS[2], '${MARK}')
redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
redis.call('PEXPIRE', KEYS[2], ttl)
if mirrored == 1 then return 1 end
return 2`;

/** KEYS: this process's hash; ARGV: address. 0 when the mirror was gone (nothing taken off). */
const GIVE = `
if redis.call('HEXISTS', KEYS[1], '${MARK}') == 0 then return 0 end
if redis.call('HINCRBY', KEYS[1], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 1`;

/** KEYS: the set, this process's hash; ARGV: id, ttl. 0 when the mirror is gone. */
const HEARTBEAT = `${REFRESH}
if redis.call('PEXPIRE', KEYS[2], ttl) == 0 then return 0 end
return redis.call('HEXISTS', KEYS[2], '${MARK}')`;

/** KEYS: the set, this process's hash; ARGV: id, ttl, then address, count pairs. */
const MIRROR = `${REFRESH}
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[2], '${MARK}', '1')
for i = 3, #ARGV, 2 do redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1]) end
redis.call('PEXPIRE', KEYS[2], ttl)
return 1`;

/** KEYS: the set, this process's hash; ARGV: id. */
const LEAVE = `
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return 1`;

type Counting = Redis & {
  hoithiSocketTake(
    set: string,
    hash: string,
    id: string,
    ttl: number,
    address: string,
    cap: number,
    prefix: string,
  ): Promise<number>;
  hoithiSocketGive(hash: string, address: string): Promise<number>;
  hoithiSocketBeat(set: string, hash: string, id: string, ttl: number): Promise<number>;
  hoithiSocketMirror(set: string, hash: string, id: string, ttl: number, ...pairs: (string | number)[]): Promise<number>;
  hoithiSocketLeave(set: string, hash: string, id: string): Promise<number>;
};

export interface RedisSocketOptions {
  /** How long this process's counts outlive its last refresh (a crash frees its places after it). */
  ttlMs?: number;
}

/**
 * The shared count of one process, mirroring `counts` (its SocketGuard's public sockets by
 * address). Connects at once; `close` removes this process's counts from Redis.
 */
export function redisSocketCount(
  url: string,
  log: FastifyBaseLogger,
  counts: () => Iterable<[string, number]>,
  opts: RedisSocketOptions = {},
): SharedSocketCount {
  const ttl = Math.max(30, opts.ttlMs ?? SOCKETS_TTL_MS);
  const id = `${process.pid}-${randomBytes(6).toString('base64url')}`;
  const hash = `${PREFIX}${id}`;
  const redis = new Redis(url, connectionOptions) as Counting;
  redis.defineCommand('hoithiSocketTake', { numberOfKeys: 2, lua: TAKE });
  redis.defineCommand('hoithiSocketGive', { numberOfKeys: 1, lua: GIVE });
  redis.defineCommand('hoithiSocketBeat', { numberOfKeys: 2, lua: HEARTBEAT });
  redis.defineCommand('hoithiSocketMirror', { numberOfKeys: 2, lua: MIRROR });
  redis.defineCommand('hoithiSocketLeave', { numberOfKeys: 2, lua: LEAVE });

  let closed = false;
  let down = false;
  /** Redis may not hold exactly this process's counts: the next chance writes them all again. */
  let stale = true;
  /** Mirrors sent so far: a take refused after one was sent leaves that mirror one too high. */
  let mirrors = 0;

  const mirror = () => {
    if (closed || redis.status !== 'ready') return;
    stale = false;
    mirrors++;
    const pairs: (string | number)[] = [];
    for (const [address, n] of counts()) if (n > 0) pairs.push(address, n);
    redis.hoithiSocketMirror(PROCESSES, hash, id, ttl, ...pairs).catch(() => (stale = true));
  };
  /** Writes the whole map again soon (coalesced), or once the connection is back. */
  let soon: NodeJS.Immediate | null = null;
  const resync = () => {
    stale = true;
    soon ??= setImmediate(() => {
      soon = null;
      if (stale) mirror();
    });
  };

  redis
    .on('error', (err: Error) => {
      if (!down && !closed)
        log.warn({ err: err.message }, 'redis: connection lost; live sockets per address count in this process until it is back');
      down = true;
    })
    .on('ready', () => {
      down = false;
      mirror();
    });
  void redis.connect().catch(() => undefined);

  const heartbeat = setInterval(
    () => {
      if (closed || redis.status !== 'ready') return;
      if (stale) return mirror();
      redis
        .hoithiSocketBeat(PROCESSES, hash, id, ttl)
        .then((ok) => {
          if (!ok) resync();
        })
        .catch(() => (stale = true));
    },
    Math.max(10, Math.floor(ttl / 3)),
  );
  heartbeat.unref();

  return {
    async take(address, cap) {
      if (closed || redis.status !== 'ready') {
        stale = true;
        return true;
      }
      const sentAfter = mirrors;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), TAKE_TIMEOUT_MS)));
      const answer = redis.hoithiSocketTake(PROCESSES, hash, id, ttl, address, cap, PREFIX).catch(() => 'failed' as const);
      const result = await Promise.race([answer, late]);
      clearTimeout(timer);
      if (result === 'late' || result === 'failed') {
        // Admitted by this process's cap alone; whatever Redis made of it, the next mirror corrects.
        stale = true;
        return true;
      }
      // A mirror sent while the take was on its way counted this socket already (the local count
      // holds it while it waits): refused, it is one too many there; taken, the take counted it
      // again. Either way Redis is written again from the local counts.
      if (result === 2 || mirrors !== sentAfter) resync();
      return result !== 0;
    },
    give(address) {
      if (closed) return;
      if (redis.status !== 'ready') {
        stale = true;
        return;
      }
      redis
        .hoithiSocketGive(hash, address)
        .then((ok) => {
          if (!ok) resync();
        })
        .catch(() => (stale = true));
    },
    async close() {
      closed = true;
      clearInterval(heartbeat);
      if (soon) clearImmediate(soon);
      if (redis.status === 'ready') await redis.hoithiSocketLeave(PROCESSES, hash, id).catch(() => undefined);
      redis.disconnect();
    },
  };
}
