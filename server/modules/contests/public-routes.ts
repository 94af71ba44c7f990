/** The public facts of a contest, for the big screen and the audience's phones. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, publicContestSchema, slugParamsSchema } from '../../contract/api.js';
import { publicContest } from './service.js';

const errors = errorResponses(400, 401, 403, 404);

export const contestPublicRoutes: FastifyPluginAsyncZod<{ publicUrl?: string }> = async (app, opts) => {
  app.get(
    '/api/contests/:slug/public',
    {
      schema: {
        tags: ['contests'],
        summary: 'Public facts of a contest (titles and names) for the big screen and phones',
        params: slugParamsSchema,
        response: { 200: publicContestSchema, ...errors },
      },
    },
    async (req) => publicContest(app.db, req.params.slug, opts.publicUrl ?? null, app.clock.now()),
  );
};
