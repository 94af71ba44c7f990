/**
 * buildEdge(): an edge process (issue #14, item 3). It has no database: it follows the primary's
 * public live view in Redis (server/lib/redis/follower.ts) and serves the audience from it: the
 * web app, /api/health, GET /api/time and the live WebSocket for the public view, with the same
 * hub (snapshot, updates, resume with `since`, one serialisation per frame for all sockets) and
 * the same route as the primary; and the public reads (scoreboard, stage, public facts, certificate
 * check) from the bodies the primary keeps in Redis (server/edge/reads.ts). Every other /api route
 * answers 421 NOT_ON_EDGE: it lives on the primary. The limits per address that an audience meets
 * (live sockets, certificate checks, votes) are one count in Redis for every edge process.
 */
import websocket from '@fastify/websocket';
import type { FastifyServerOptions } from 'fastify';
import { createFastify, webRootOf } from './app.js';
import { healthSchema } from './contract/api.js';
import { serverTimeSchema } from './contract/judging.js';
import type { Clock } from './lib/clock.js';
import { AppError } from './lib/errors.js';
import type { LiveSource } from './lib/live-source.js';
import type { RedisSocketOptions } from './lib/redis/sockets.js';
import { VERSION } from './lib/version.js';
import { edgeReadRoutes } from './edge/reads.js';
import { liveRoutes } from './modules/live/routes.js';
import type { Config } from './config.js';
import { sharedDeviceSecret } from './modules/votes/device.js';
import { edgeVoteRoutes, type EdgeVoteOptions } from './modules/votes/edge-routes.js';
import clockPlugin from './plugins/clock.js';
import errorsPlugin from './plugins/errors.js';
import livePlugin, { type LiveOptions } from './plugins/live.js';
import originPlugin from './plugins/origin.js';
import securityHeadersPlugin from './plugins/security-headers.js';
import webPlugin from './plugins/web.js';

export interface EdgeOptions {
  /** HOITHI_REDIS_URL: where the primary publishes. */
  redisUrl: string;
  logger?: FastifyServerOptions['logger'];
  /** The built web app; null serves the API alone. Defaults to web/build when it exists. */
  webRoot?: string | null;
  live?: LiveOptions;
  clock?: Clock;
  /** HOITHI_TRUST_PROXY: the balancers whose X-Forwarded-For names the client; unset, never trusted. */
  trustProxy?: string[];
  /** Audience voting: the primary's device secret (without it the edge takes no votes) and the new ids per address a minute. */
  votes?: Pick<EdgeVoteOptions, 'deviceSecret' | 'devicesPerMinutePerIp'>;
  /** The count of live sockets per address that every edge shares (tests shorten its TTL). */
  sharedSockets?: RedisSocketOptions;
}

/** The edge's voting options from the configuration: HOITHI_DEVICE_SECRET (or the copied file) and HOITHI_VOTE_DEVICES_PER_MINUTE. */
export function edgeVotes(config: Config): NonNullable<EdgeOptions['votes']> {
  const secret = sharedDeviceSecret(config.HOITHI_DEVICE_SECRET, config.HOITHI_DATA_DIR);
  return { ...(secret ? { deviceSecret: secret } : {}), devicesPerMinutePerIp: config.HOITHI_VOTE_DEVICES_PER_MINUTE };
}

/** An edge computes nothing: every channel it serves is fed by the primary through Redis. */
const followedOnly: LiveSource = {
  loader: () => () => {
    throw new AppError('CONTEST_NOT_FOUND');
  },
  view: () => {
    throw new AppError('CONTEST_NOT_FOUND');
  },
  slugs: () => [],
};

export async function buildEdge(opts: EdgeOptions) {
  const app = createFastify(opts.logger, undefined, opts.trustProxy);
  const webRoot = webRootOf(opts.webRoot);

  await app.register(errorsPlugin);
  await app.register(clockPlugin, { clock: opts.clock });
  await app.register(securityHeadersPlugin, { webRoot });
  await app.register(originPlugin);
  await app.register(websocket, { options: { maxPayload: 4096 } });
  await app.register(livePlugin, { ...opts.live, source: () => followedOnly });
  // An address's public sockets: one cap for every edge process on the Redis (server/lib/redis/sockets.ts).
  const { redisSocketCount } = await import('./lib/redis/sockets.js');
  const sockets = redisSocketCount(opts.redisUrl, app.log, () => app.liveSockets.counts(), opts.sharedSockets);
  app.liveSockets.share(sockets);
  app.addHook('onClose', async () => sockets.close());
  const { redisFollower } = await import('./lib/redis/follower.js');
  const follower = redisFollower(opts.redisUrl, app.live, app.log);
  app.addHook('onClose', async () => follower.close());
  const { redisReadsStore } = await import('./lib/redis/reads.js');
  const reads = redisReadsStore(opts.redisUrl, app.log);
  app.addHook('onClose', async () => reads.close());

  app.get('/api/health', { schema: { tags: ['system'], summary: 'Liveness', response: { 200: healthSchema } } }, async () => ({
    ok: true as const,
    version: VERSION,
  }));
  app.get(
    '/api/time',
    { schema: { tags: ['host'], summary: 'The server clock', response: { 200: serverTimeSchema } } },
    async () => ({ now: app.clock.now() }),
  );
  await app.register(liveRoutes, {
    findContest: async (slug) => {
      if (!(await follower.follow(slug))) throw new AppError('CONTEST_NOT_FOUND');
    },
  });
  // The certificate check's limit is one count for every process (server/lib/redis/limits.ts).
  const { redisVoteLimits } = await import('./lib/redis/limits.js');
  const limits = await redisVoteLimits(opts.redisUrl, app.log);
  app.addHook('onClose', async () => limits.close());
  await app.register(edgeReadRoutes, { store: reads, limits: limits.store });
  await app.register(edgeVoteRoutes, { redisUrl: opts.redisUrl, ...opts.votes });
  app.all('/api/*', async () => {
    throw new AppError('NOT_ON_EDGE', undefined, {}, { lives: 'primary' });
  });
  if (webRoot) await app.register(webPlugin, { webRoot });
  return app;
}

export type Edge = Awaited<ReturnType<typeof buildEdge>>;
