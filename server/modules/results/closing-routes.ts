/**
 * The host closes results: lock a team's round or a whole round, unlock one for review with a
 * reason, and read the checklist that guards the reveal (scoring.md §7).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, slugParamsSchema } from '../../contract/api.js';
import {
  cellLockSchema,
  cellParamsSchema,
  lockBodySchema,
  lockConflictSchema,
  revealCheckSchema,
  roundLockResultSchema,
  unlockBodySchema,
  unlockResultSchema,
} from '../../contract/results.js';
import { lockRound, lockTeamRound, resultIssues, unlockTeamRound } from './closing.js';
import { loadContestData, scoreboardOf } from './service.js';
import { roundParamsSchema } from '../../contract/judging.js';

const errors = errorResponses(400, 401, 403, 404, 409);

export const closingRoutes: FastifyPluginAsyncZod = async (app) => {
  const staff = app.requireRole('organizer', 'host');
  const actor = (account: { role: string; email: string } | null | undefined) =>
    `${account?.role ?? 'staff'}:${account?.email ?? '?'}`;

  app.post(
    '/api/contests/:slug/rounds/:round/teams/:team/lock',
    {
      onRequest: staff,
      schema: {
        tags: ['host'],
        summary:
          'Lock a team’s round: judges can no longer change it, and its result is released. A rubric result with missing sheets needs force and a reason (409 ROUND_INCOMPLETE); a direct round without an entry scores 0',
        params: cellParamsSchema,
        body: lockBodySchema,
        response: {
          200: cellLockSchema,
          ...errors,
          409: lockConflictSchema,
        },
      },
    },
    async (req) =>
      lockTeamRound(
        app.db,
        req.params.slug,
        req.params.round,
        req.params.team,
        actor(req.account),
        req.body ?? {},
        app.clock.iso(),
      ),
  );

  app.post(
    '/api/contests/:slug/rounds/:round/lock',
    {
      onRequest: staff,
      schema: {
        tags: ['host'],
        summary:
          'Close a round for every active team at once. For a rubric round with missing sheets: 409 ROUND_INCOMPLETE naming the teams, unless force with a reason; direct cells without an entry score 0',
        params: roundParamsSchema,
        body: lockBodySchema,
        response: { 200: roundLockResultSchema, ...errors, 409: lockConflictSchema },
      },
    },
    async (req) => lockRound(app.db, req.params.slug, req.params.round, actor(req.account), req.body ?? {}, app.clock.iso()),
  );

  app.post(
    '/api/contests/:slug/rounds/:round/teams/:team/unlock',
    {
      onRequest: staff,
      schema: {
        tags: ['host'],
        summary:
          'Unlock a team’s round for review, with a reason (logged): judges can amend again and screens mark the result under review until it is locked again; refused for a team the reveal has announced',
        params: cellParamsSchema,
        body: unlockBodySchema,
        response: { 200: unlockResultSchema, ...errors },
      },
    },
    async (req) =>
      unlockTeamRound(
        app.db,
        req.params.slug,
        req.params.round,
        req.params.team,
        actor(req.account),
        req.body.reason,
        app.clock.iso(),
      ),
  );

  app.get(
    '/api/contests/:slug/reveal/check',
    {
      onRequest: staff,
      schema: {
        tags: ['host'],
        summary: 'What keeps the results from being final: the checklist shown before the reveal',
        params: slugParamsSchema,
        response: { 200: revealCheckSchema, ...errors },
      },
    },
    async (req) => {
      const data = loadContestData(app.db, req.params.slug, app.clock.now());
      const issues = resultIssues(data, scoreboardOf(data, 'host'));
      return { ready: issues.length === 0, issues };
    },
  );
};
