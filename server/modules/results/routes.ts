import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBodySchema, errorResponses, noContentSchema, reasonBodySchema, slugParamsSchema } from '../../contract/api.js';
import {
  awardParamsSchema,
  certificateParamsSchema,
  certificateSchema,
  policyBodySchema,
  policySchema,
  prizeParamsSchema,
  resultsSchema,
  scoreboardSchema,
  specialAwardBodySchema,
  specialAwardSchema,
  specialAwardsSchema,
  toleranceQuerySchema,
  whatIfQuerySchema,
  whatIfSchema,
} from '../../contract/results.js';
import { boardNow } from './board.js';
import { loadContestData, scoreboardOf, type BoardView } from './service.js';
import {
  findCertificate,
  giveSpecialAward,
  resultsWithOutliers,
  setPolicy,
  specialAwards,
  takeBackSpecialAward,
} from './awards.js';

const errors = errorResponses(400, 401, 403, 404);

/** Certificate checks per address a minute; `shared`: counted once for all processes on one Redis. */
const CERTIFICATE_CHECKS = { max: 60, timeWindow: '1 minute', shared: true } as const;

export const resultRoutes: FastifyPluginAsyncZod = async (app) => {
  const organizer = app.requireRole('organizer');

  app.get(
    '/api/contests/:slug/scoreboard',
    {
      schema: {
        tags: ['results'],
        summary: 'The scoreboard: released data for the public, the live board for an organizer session',
        params: slugParamsSchema,
        response: { 200: scoreboardSchema, ...errors },
      },
    },
    async (req) => {
      const view: BoardView = req.account?.role === 'organizer' ? 'organizer' : req.account?.role === 'host' ? 'host' : 'public';
      return boardNow(app.db, req.params.slug, view, app.clock.now());
    },
  );

  app.post(
    '/api/contests/:slug/prizes/:prize/awards',
    {
      onRequest: organizer,
      schema: {
        tags: ['results'],
        summary: 'Give a special prize to a team or a named member, with a reason (logged)',
        params: prizeParamsSchema,
        body: specialAwardBodySchema,
        response: { 201: specialAwardSchema, ...errors },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          giveSpecialAward(
            app.db,
            req.params.slug,
            req.params.prize,
            req.body,
            `organizer:${req.account?.email ?? '?'}`,
            app.clock.iso(),
          ),
        ),
  );

  app.delete(
    '/api/contests/:slug/prizes/:prize/awards/:award',
    {
      onRequest: organizer,
      schema: {
        tags: ['results'],
        summary: 'Take back a special prize given by mistake, with a reason (logged)',
        params: awardParamsSchema,
        body: reasonBodySchema,
        response: { 204: noContentSchema, ...errors },
      },
    },
    async (req, reply) => {
      takeBackSpecialAward(
        app.db,
        req.params.slug,
        req.params.prize,
        req.params.award,
        req.body.reason,
        `organizer:${req.account?.email ?? '?'}`,
        app.clock.iso(),
      );
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/contests/:slug/prizes/:prize/awards',
    {
      onRequest: organizer,
      schema: {
        tags: ['results'],
        summary: 'The special prizes given so far, with their ids',
        params: prizeParamsSchema,
        response: { 200: specialAwardsSchema, ...errors },
      },
    },
    async (req) => specialAwards(app.db, req.params.slug, req.params.prize),
  );

  app.get(
    '/api/certificates/:serial',
    {
      // One count for the primary and every edge when they share Redis (server/lib/redis/limits.ts).
      config: { rateLimit: CERTIFICATE_CHECKS },
      schema: {
        tags: ['results'],
        summary: 'Confirm a certificate by its serial (the QR code on it leads here)',
        params: certificateParamsSchema,
        response: { 200: certificateSchema, ...errors },
      },
    },
    async (req) => findCertificate(app.db, req.params.serial, app.clock.iso()),
  );
};

export const resultDetailRoutes: FastifyPluginAsyncZod = async (app) => {
  const organizer = app.requireRole('organizer');

  app.get(
    '/api/contests/:slug/results',
    {
      onRequest: organizer,
      schema: {
        tags: ['results'],
        summary: 'The full results table (every judge’s sheet totals and marks) with judges flagged far from their panel',
        params: slugParamsSchema,
        querystring: toleranceQuerySchema,
        response: { 200: resultsSchema, ...errors },
      },
    },
    async (req) => resultsWithOutliers(app.db, req.params.slug, req.query.tolerance, app.clock.iso()),
  );

  app.get(
    '/api/contests/:slug/what-if',
    {
      onRequest: organizer,
      schema: {
        tags: ['results'],
        summary: 'The live standings under another aggregation method, beside the current ones',
        params: slugParamsSchema,
        querystring: whatIfQuerySchema,
        response: { 200: whatIfSchema, ...errors },
      },
    },
    async (req) => {
      const data = loadContestData(app.db, req.params.slug, app.clock.now());
      const other = {
        ...data,
        contest: { ...data.contest, aggregationMethod: req.query.method, aggregationTrim: req.query.trim },
      };
      return { current: scoreboardOf(data, 'organizer'), preview: scoreboardOf(other, 'organizer') };
    },
  );

  app.put(
    '/api/contests/:slug/policy',
    {
      onRequest: organizer,
      schema: {
        tags: ['results'],
        summary: 'Change the scoring policy; after the first lock it needs a reason, and it is logged',
        params: slugParamsSchema,
        body: policyBodySchema,
        response: { 200: policySchema, ...errors, 409: errorBodySchema },
      },
    },
    async (req) => setPolicy(app.db, req.params.slug, req.body, `organizer:${req.account?.email ?? '?'}`, app.clock.iso()),
  );
};
