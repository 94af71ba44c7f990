/**
 * buildApp(): the whole server as one Fastify instance. The entry point and every test build the
 * same app; tests pass an in-memory database.
 */
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import { registrationRoutes, type RegistrationOptions } from './modules/registration/routes.js';
import websocket from '@fastify/websocket';
import swagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { Db } from '../db/client.js';
import type { Clock } from './lib/clock.js';
import { RequestValidationError, reviveError } from './lib/errors.js';
import { trustedPeerCheck } from './lib/trust-proxy.js';
import { declareStatuses, noContentWithoutBody } from './lib/openapi.js';
import { VERSION } from './lib/version.js';
import { authRoutes } from './modules/auth/routes.js';
import { contestRoutes } from './modules/contests/routes.js';
import { documentRoutes } from './modules/documents/routes.js';
import { judgeTabletRoutes } from './modules/judging/judge-routes.js';
import { judgingProgressRoutes, judgingRoutes } from './modules/judging/routes.js';
import { JUDGING_WRITE_OPS } from './modules/judging/service.js';
import { auditRoutes } from './modules/audit/routes.js';
import { resultDetailRoutes, resultRoutes } from './modules/results/routes.js';
import { closingRoutes } from './modules/results/closing-routes.js';
import { publicReadsOf } from './modules/public-reads/source.js';
import { liveRoutes } from './modules/live/routes.js';
import { liveSource } from './modules/live/source.js';
import { judgeLinkStore } from './modules/judging/link-store.js';
import { stageRoutes } from './modules/stage/routes.js';
import { voteRoutes, type VoteOptions } from './modules/votes/routes.js';
import voteRelay, { type VoteRelayOptions } from './modules/votes/relay.js';
import { quizRoutes } from './modules/quiz/routes.js';
import { directRoutes } from './modules/direct/routes.js';
import teamAuthPlugin from './plugins/team-auth.js';
import { teamSessionStore } from './modules/registration/sessions.js';
import livePlugin, { type LiveOptions, type LivePluginOptions } from './plugins/live.js';
import { systemRoutes } from './modules/system/routes.js';
import authPlugin from './plugins/auth.js';
import judgeAuthPlugin from './plugins/judge-auth.js';
import clockPlugin from './plugins/clock.js';
import dbPlugin from './plugins/db.js';
import errorsPlugin, { frameworkErrors } from './plugins/errors.js';
import originPlugin from './plugins/origin.js';
import securityHeadersPlugin from './plugins/security-headers.js';
import webPlugin from './plugins/web.js';

export const DEFAULT_WEB_ROOT = join(import.meta.dirname, '..', 'web', 'build');

export interface AppOptions {
  db: Db;
  /** Close the database with the app (the server process does; tests that share one do not). */
  closeDb?: boolean;
  logger?: FastifyServerOptions['logger'];
  /** The built web app; null serves the API alone. Defaults to web/build when it exists. */
  webRoot?: string | null;
  /** Base of the private links handed to judges and teams, e.g. http://192.168.1.10:3000 */
  publicUrl?: string;
  loginPerMinutePerIp?: number;
  live?: LiveOptions;
  /** Rate limits of the public registration form. */
  registration?: Pick<RegistrationOptions, 'registrationsPerIpPerHour'>;
  /** Audience voting: the secret that signs device ids and how many new ids an address gets a minute. */
  votes?: Pick<VoteOptions, 'deviceSecret' | 'devicesPerMinutePerIp'>;
  /** The time every rule reads (app.clock); defaults to real time. Tests pass one they move by hand. */
  clock?: Clock;
  /** HOITHI_REDIS_URL: publish the public live view to Redis for edges (issue #14); unset, no Redis code runs. */
  redisUrl?: string;
  /** For a database on disk, the judges' sheets commit on a write thread (db/write-thread.ts); default on. */
  writeThread?: boolean;
  /** The HTTPS mode (HOITHI_TLS_CERT/KEY): listen with TLS; unset, plain HTTP. */
  https?: { cert: Buffer; key: Buffer };
  /** HOITHI_TRUST_PROXY: the balancers whose X-Forwarded-For names the client; unset, never trusted. */
  trustProxy?: string[];
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Whether a TCP peer is a trusted balancer (HOITHI_TRUST_PROXY), whose connections carry many clients. */
    trustedPeer: (address: string | undefined) => boolean;
  }
}

/**
 * The Fastify instance every role starts from: zod validation and serialisation, one error shape;
 * `request.ip` from X-Forwarded-For only when the peer is one of `trustProxy` (HOITHI_TRUST_PROXY).
 */
export function createFastify(logger: FastifyServerOptions['logger'], https?: AppOptions['https'], trustProxy?: string[]) {
  const app = Fastify({
    ...(https ? { https } : {}),
    logger: logger ?? false,
    bodyLimit: 1024 * 1024,
    trustProxy: trustProxy?.length ? trustProxy : false,
    // Tablets on venue Wi-Fi hold connections open; do not let a half-open one hang a close.
    forceCloseConnections: true,
    // One line per request drowns the start-up message; errors and warnings are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    // The router's own errors (414, a bad URL) in the one error shape too.
    frameworkErrors,
  }).withTypeProvider<ZodTypeProvider>();

  // Every body, param and query is parsed by its zod schema; failures keep the raw issues so the
  // error handler can word them in the caller's language and name the field.
  app.setValidatorCompiler<z.ZodType>(({ schema, httpPart }) => (data) => {
    const result = schema.safeParse(data, { reportInput: true });
    return result.success ? { value: result.data } : { error: new RequestValidationError(result.error.issues, httpPart) };
  });
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('trustedPeer', trustedPeerCheck(trustProxy));
  return app;
}

/** The built web app to serve: the one given, else web/build when it exists; null serves the API alone. */
export const webRootOf = (webRoot: string | null | undefined): string | null =>
  webRoot === undefined ? (existsSync(join(DEFAULT_WEB_ROOT, 'index.html')) ? DEFAULT_WEB_ROOT : null) : webRoot;

export async function buildApp(opts: AppOptions) {
  const app = createFastify(opts.logger, opts.https, opts.trustProxy);
  const webRoot = webRootOf(opts.webRoot);

  await app.register(errorsPlugin);
  await app.register(dbPlugin, {
    db: opts.db,
    closeDb: opts.closeDb ?? false,
    ...(opts.writeThread === false ? {} : { writes: { ops: JUDGING_WRITE_OPS, reviveError } }),
  });
  await app.register(clockPlugin, { clock: opts.clock });
  await app.register(cookie);
  await app.register(securityHeadersPlugin, { webRoot });
  // With Redis, the limits that guard voting are one count for the primary and every edge.
  const voteLimits = opts.redisUrl ? await redisVoteLimitsFor(opts.redisUrl, app) : undefined;
  await app.register(rateLimit, { global: false, ...(voteLimits ? { store: voteLimits.store } : {}) });
  await app.register(originPlugin);
  await app.register(authPlugin);
  await app.register(judgeAuthPlugin, { links: (a) => judgeLinkStore(a.db) });
  await app.register(teamAuthPlugin, { sessions: teamSessionStore });
  // Screens only listen; a client frame over 4 KiB closes its socket with 1009.
  await app.register(websocket, { options: { maxPayload: 4096 } });
  const publisher = opts.redisUrl ? await redisPublishersFor(opts.redisUrl, app, opts.publicUrl) : undefined;
  await app.register(livePlugin, { ...opts.live, source: liveSource, ...(publisher ? { publisher } : {}) });
  await app.register(swagger, {
    openapi: {
      info: { title: 'hoithi API', version: VERSION, description: 'On-stage team contests: see docs/api.md' },
    },
    // Each route's real statuses, framework errors included; a 204 without a body.
    transform: declareStatuses,
    transformObject: noContentWithoutBody,
  });

  await app.register(systemRoutes);
  await app.register(authRoutes, { loginPerMinutePerIp: opts.loginPerMinutePerIp ?? 20 });
  await app.register(contestRoutes, { publicUrl: opts.publicUrl });
  await app.register(judgeTabletRoutes);
  await app.register(judgingRoutes, { publicUrl: opts.publicUrl });
  await app.register(auditRoutes);
  await app.register(judgingProgressRoutes);
  await app.register(resultRoutes);
  await app.register(resultDetailRoutes);
  await app.register(closingRoutes);
  await app.register(documentRoutes, { publicUrl: opts.publicUrl });
  await app.register(liveRoutes);
  await app.register(stageRoutes);
  await app.register(voteRoutes, {
    publicUrl: opts.publicUrl,
    ...opts.votes,
    ...(voteLimits ? { sharedDevices: voteLimits.devices } : {}),
  });
  if (opts.redisUrl) await app.register(voteRelay, { inbox: await redisVoteInboxFor(opts.redisUrl) });
  await app.register(quizRoutes);
  await app.register(directRoutes);
  await app.register(registrationRoutes, { publicUrl: opts.publicUrl, ...opts.registration });
  if (webRoot) await app.register(webPlugin, { webRoot });

  return app;
}

/**
 * With a Redis URL, what the primary publishes for edges: the public live view, and the public
 * reads, taken again whenever that view changes (the Redis code is loaded only then).
 */
async function redisPublishersFor(
  url: string,
  app: ReturnType<typeof createFastify>,
  publicUrl: string | undefined,
): Promise<LivePluginOptions['publisher']> {
  const [{ redisPublisher }, { redisReadsPublisher }, { default: publicReadsPlugin }] = await Promise.all([
    import('./lib/redis/publisher.js'),
    import('./lib/redis/reads.js'),
    import('./plugins/public-reads.js'),
  ]);
  await app.register(publicReadsPlugin, {
    publisher: (a) => redisReadsPublisher(url, a.log),
    reads: (a) => publicReadsOf(a, publicUrl ?? null),
  });
  return (a) => {
    const live = redisPublisher(url, a.log);
    return {
      publish(slug, entry) {
        live.publish(slug, entry);
        a.publicReads.touch(slug);
      },
      close: () => live.close(),
    };
  };
}

/** The vote limits kept in Redis (server/lib/redis/limits.ts), loaded only when a Redis URL is set. */
async function redisVoteLimitsFor(url: string, app: ReturnType<typeof createFastify>) {
  const { redisVoteLimits } = await import('./lib/redis/limits.js');
  const limits = await redisVoteLimits(url, app.log);
  app.addHook('onClose', async () => limits.close());
  return limits;
}

/** The Redis reader of the votes edges take, loaded only when a Redis URL is set. */
async function redisVoteInboxFor(url: string): Promise<VoteRelayOptions['inbox']> {
  const { redisVoteInbox } = await import('./lib/redis/votes.js');
  return (store, app) => redisVoteInbox(url, store, app.log);
}

export type App = Awaited<ReturnType<typeof buildApp>>;
