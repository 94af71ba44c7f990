/** The organizer's audit: the score event log and its verification. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, slugParamsSchema } from '../../contract/api.js';
import { auditSchema } from '../../contract/judging.js';
import { findContest } from '../shared/lookups.js';
import { listEvents, readEvent } from './log.js';
import { verifyContest } from './verify.js';

const errors = errorResponses(400, 401, 403, 404);

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const organizer = app.requireRole('organizer');

  app.get(
    '/api/contests/:slug/audit',
    {
      onRequest: organizer,
      schema: {
        tags: ['audit'],
        summary: 'The score event log and its verification',
        params: slugParamsSchema,
        response: { 200: auditSchema, ...errors },
      },
    },
    async (req) => {
      const check = verifyContest(app.db, req.params.slug);
      const contest = findContest(app.db, req.params.slug)!;
      return {
        // Never throws on a stored row: what does not parse is shown as stored, and reported.
        events: listEvents(app.db, contest.id).map((e) => ({ ...readEvent(e), hash: e.hash })),
        verified: { ok: check.ok, problems: [...check.problems, ...check.replayProblems], head: check.head },
      };
    },
  );
};
