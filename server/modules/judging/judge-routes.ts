/** The judge's own tablet: open and leave the private link, read the contest, write sheets. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBodySchema, errorResponses, noContentSchema } from '../../contract/api.js';
import {
  idempotencyHeadersSchema,
  judgeLoginBodySchema,
  judgeLoginSchema,
  judgeMeSchema,
  judgeSheetsSchema,
  sheetBodySchema,
  sheetParamsSchema,
  sheetResultSchema,
  versionConflictSchema,
} from '../../contract/judging.js';
import { commitSheet } from './service.js';
import { judgeMe, judgeSheets } from './tablet.js';

const errors = errorResponses(400, 401, 403, 404);

export const judgeTabletRoutes: FastifyPluginAsyncZod = async (app) => {
  // ── the judge's own tablet ──────────────────────────────────────────────

  app.post(
    '/api/judge/login',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['judges'],
        summary:
          'Open a private judge link on this device: the first device to open it holds it (cookie); another gets 409 LINK_IN_USE',
        body: judgeLoginBodySchema,
        response: {
          200: judgeLoginSchema,
          ...errors,
          409: errorBodySchema,
        },
      },
    },
    async (req, reply) => {
      const judge = app.openJudgeLink(req, reply, req.body.token);
      return { judge: { key: judge.key, name: judge.name }, contest: judge.contestSlug };
    },
  );

  app.post(
    '/api/judge/logout',
    {
      schema: {
        tags: ['judges'],
        summary: 'Sign this device out of the judge link: the link is free to open on another device',
        response: { 204: noContentSchema },
      },
    },
    async (req, reply) => {
      app.closeJudgeLink(req, reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/judge/me',
    {
      onRequest: app.requireJudge,
      schema: {
        tags: ['judges'],
        summary: 'The judge, the contest, its rubric rounds and the stage',
        response: { 200: judgeMeSchema, ...errors },
      },
    },
    async (req) => judgeMe(app.db, req.judge!),
  );

  app.get(
    '/api/judge/sheets',
    {
      onRequest: app.requireJudge,
      schema: {
        tags: ['judges'],
        summary: 'The judge’s own sheets with their receipts',
        response: { 200: judgeSheetsSchema, ...errors },
      },
    },
    async (req) => judgeSheets(app.db, req.judge!),
  );

  app.put(
    '/api/contests/:slug/sheets/:round/:team',
    {
      onRequest: app.requireJudge,
      // A judge's sheet changes the organizer's live board and the host's progress; never a
      // released view (the audience's, the judges') nor the public reads, as the team is not
      // locked (SHEET_LOCKED). See server/lib/write-scope.ts.
      config: { liveViews: ['organizer', 'host'] },
      schema: {
        tags: ['judges'],
        summary: 'Save or submit the judge’s sheet for a team in a rubric round (idempotent by Idempotency-Key)',
        params: sheetParamsSchema,
        headers: idempotencyHeadersSchema,
        body: sheetBodySchema,
        response: { 200: sheetResultSchema, ...errors, 409: versionConflictSchema.or(errorBodySchema), 422: errorBodySchema },
      },
    },
    async (req) => {
      const judge = req.judge!;
      return commitSheet(
        app.db,
        {
          slug: req.params.slug,
          round: req.params.round,
          team: req.params.team,
          judge,
          actor: `judge:${judge.key}`,
          marks: req.body.marks,
          status: req.body.status,
          baseVersion: req.body.baseVersion,
          comment: req.body.comment,
          idempotency: {
            key: req.headers['idempotency-key'],
            request: { method: 'PUT', path: req.url.split('?')[0]!, body: req.body },
          },
        },
        app.clock,
      );
    },
  );
};
