/**
 * The limits that guard voting and the certificate check, counted in Redis so that every process
 * shares one count (issue #14): with N edge workers or edges (and the primary), a client balanced
 * across them still gets the limit once, not N times. Used whenever HOITHI_REDIS_URL is set, by each edge and by the
 * publishing primary:
 *
 * - new device ids per client address a minute (a sliding window, as in this process's memory
 *   without Redis: server/lib/throttle.ts), keys `hoithi:limits:devices:<address>`;
 * - the per-voter limit of the vote route and the certificate check's limit per address
 *   (@fastify/rate-limit's own Redis store, for the routes whose rate limit says `shared: true`),
 *   keys `hoithi:limits:rate:<method><route>-<voter or address>`: the primary and an edge name the
 *   route alike, so they share its count.
 *
 * A command never waits for Redis: while it is away each process counts in its own memory again,
 * as without Redis, and shares the count once it is back.
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { randomBytes } from 'node:crypto';
import LocalStore from '@fastify/rate-limit/store/LocalStore.js';
import RedisStore from '@fastify/rate-limit/store/RedisStore.js';
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import type { SharedWindow } from '../throttle.js';
import { connectionOptions } from './keys.js';

const PREFIX = 'hoithi:limits:';

/**
 * Takes one of ARGV[2] places in the last ARGV[1] ms of a sorted set of times (ARGV[3] the new
 * member; ARGV[4] = '1' takes, else only looks): 0 when there is (or was) a place, else the seconds
 * until the oldest leaves the window. The time is Redis's: one clock for every process.
 */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  if ARGV[4] == '1' then
    redis.call('ZADD', KEYS[1], now, ARGV[3])
    redis.call('PEXPIRE', KEYS[1], window)
  end
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, math.ceil((tonumber(oldest[2]) + window - now) / 1000))`;

type Windowed = Redis & {
  hoithiWindow(key: string, windowMs: number, max: number, member: string, take: '0' | '1'): Promise<number>;
};

/** What a store is built with: the plugin's options, or a route's merged with them. */
type LimitParams = { continueExceeding?: boolean; exponentialBackoff?: boolean; shared?: unknown };

/** A route's rate limit shared by all processes: its options carry `shared: true` (see deviceVoters). */
const isShared = (options: object) => (options as LimitParams).shared === true;

/**
 * A store for @fastify/rate-limit: routes marked `shared` count in Redis (in this process's
 * memory while Redis fails), every other route in memory as the plugin's default store does.
 */
class SharedFirstStore implements FastifyRateLimitStore {
  constructor(
    private readonly local: FastifyRateLimitStore,
    private readonly shared: FastifyRateLimitStore | null,
    private readonly redis: Redis,
  ) {}

  incr(key: string, cb: Parameters<FastifyRateLimitStore['incr']>[1], timeWindow: number, max: number): void {
    if (!this.shared) return this.local.incr(key, cb, timeWindow, max);
    this.shared.incr(key, (err, res) => (err ? this.local.incr(key, cb, timeWindow, max) : cb(null, res)), timeWindow, max);
  }

  child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
    return new SharedFirstStore(
      this.local.child(routeOptions),
      isShared(routeOptions) ? this.sharedOf(routeOptions) : null,
      this.redis,
    );
  }

  private sharedOf(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
    const o = routeOptions as LimitParams;
    return new RedisStore(!!o.continueExceeding, !!o.exponentialBackoff, this.redis, `${PREFIX}rate:`).child(routeOptions);
  }
}

export interface RedisVoteLimits {
  /** New device ids per address (server/modules/votes/device.ts). */
  devices: SharedWindow;
  /** The `store` of @fastify/rate-limit's registration. */
  store: FastifyRateLimitStoreCtor;
  close(): Promise<void>;
}

/** One connection to Redis for a process's vote limits, connected (or found away) before it resolves. */
export async function redisVoteLimits(url: string, log: FastifyBaseLogger): Promise<RedisVoteLimits> {
  const redis = new Redis(url, connectionOptions) as Windowed;
  redis.defineCommand('hoithiWindow', { numberOfKeys: 1, lua: TAKE });
  let down = false;
  redis
    .on('error', (err: Error) => {
      if (!down) log.warn({ err: err.message }, 'redis: connection lost; vote limits count in this process until it is back');
      down = true;
    })
    .on('ready', () => (down = false));
  await redis.connect().catch(() => undefined);

  // Unique across processes and machines: two ids issued in the same millisecond are two places.
  const member = () => randomBytes(9).toString('base64url');
  const window =
    (take: '0' | '1') =>
    async (key: string, max: number, windowMs: number): Promise<number> =>
      Number(await redis.hoithiWindow(`${PREFIX}devices:${key}`, windowMs, max, member(), take));

  class Store extends SharedFirstStore {
    constructor(params: object) {
      const o = params as LimitParams;
      super(new LocalStore(!!o.continueExceeding, !!o.exponentialBackoff), null, redis);
    }
  }
  return {
    devices: { take: window('1'), wait: window('0') },
    store: Store,
    close: async () => {
      redis.disconnect();
    },
  };
}
