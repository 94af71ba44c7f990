/**
 * The public reads on an edge (issue #14): a contest's scoreboard, stage and public facts, and the
 * certificate check, answered from the bodies the primary keeps in Redis
 * (server/plugins/public-reads.ts), so an edge gives the same status and body as the primary: the
 * same params checked by the same schemas, the body the primary last answered an anonymous
 * caller, 404 for a contest or serial it does not know, and the certificate check limited per
 * address as there: one count in Redis for the primary and every edge (server/lib/redis/limits.ts),
 * so an address balanced over N processes still gets 60 checks a minute, not 60 × N. On an edge the
 * scoreboard is always the public one (staff use the primary).
 */
import rateLimit, { type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { slugParamsSchema } from '../contract/api.js';
import { certificateParamsSchema } from '../contract/results.js';
import { AppError } from '../lib/errors.js';
import { CONTEST_READS, type ContestRead, type ReadsStore } from '../lib/public-reads.js';

const JSON_TYPE = 'application/json; charset=utf-8';
/** The certificate check's limit, as on the primary (server/modules/results/routes.ts): shared by every process. */
const CERTIFICATE_CHECKS = { max: 60, timeWindow: '1 minute', shared: true } as const;

export interface EdgeReadOptions {
  store: ReadsStore;
  /** Where the rate limits count: the store of server/lib/redis/limits.ts. */
  limits: FastifyRateLimitStoreCtor;
}

export const edgeReadRoutes: FastifyPluginAsyncZod<EdgeReadOptions> = async (app, { store, limits }) => {
  await app.register(rateLimit, { global: false, store: limits });

  for (const read of Object.keys(CONTEST_READS) as ContestRead[])
    app.get(CONTEST_READS[read](':slug'), { schema: { params: slugParamsSchema } }, async (req, reply) => {
      const body = await store.body(req.params.slug, read);
      if (body === null) throw new AppError('CONTEST_NOT_FOUND');
      return reply.type(JSON_TYPE).send(body);
    });

  app.get(
    '/api/certificates/:serial',
    { config: { rateLimit: CERTIFICATE_CHECKS }, schema: { params: certificateParamsSchema } },
    async (req, reply) => {
      const body = await store.certificate(req.params.serial);
      if (body === null) throw new AppError('NOT_FOUND', 'serial');
      return reply.type(JSON_TYPE).send(body);
    },
  );
};
