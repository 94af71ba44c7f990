/** Direct rounds: the host or organizer enters a team's score (see service.ts). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses } from '../../contract/api.js';
import { directScoreBodySchema, directScoreParamsSchema, directScoreSchema } from '../../contract/results.js';
import { enterDirectScore } from './service.js';

const errors = errorResponses(400, 401, 403, 404, 409);

export const directRoutes: FastifyPluginAsyncZod = async (app) => {
  const staff = app.requireRole('organizer', 'host');

  app.put(
    '/api/contests/:slug/direct/:round/:team',
    {
      onRequest: staff,
      schema: {
        tags: ['host'],
        summary: 'Enter a team’s score in a direct round, with a reason (logged)',
        params: directScoreParamsSchema,
        body: directScoreBodySchema,
        response: { 200: directScoreSchema, ...errors },
      },
    },
    async (req) =>
      enterDirectScore(
        app.db,
        req.params.slug,
        req.params.round,
        req.params.team,
        req.body.score,
        req.body.reason,
        `staff:${req.account?.email ?? '?'}`,
        app.clock.iso(),
      ),
  );
};
