/**
 * Direct rounds (scoring.md §2): the host or organizer enters one score per team, with a reason
 * (bonus or penalty points, or a round judged on paper). Entered in public, so released at once.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as t from '../../../db/schema.js';
import { errorBodySchema } from '../../contract/api.js';
import { isHundredths, toHundredths } from '../../contract/package.js';
import { AppError } from '../../lib/errors.js';
import { appendEvent } from '../audit/log.js';
import { and, eq } from 'drizzle-orm';
import { contestOr404, findLock, findRound, findTeam } from '../shared/lookups.js';
import { write } from '../../../db/client.js';
import { directScoreBodySchema, directScoreParamsSchema, directScoreSchema } from '../../contract/results.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

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
      write(app.db, (tx) => {
        const contest = contestOr404(tx, req.params.slug);
        const round = findRound(tx, contest.id, req.params.round);
        if (!round) throw new AppError('ROUND_NOT_FOUND', 'round');
        if (round.kind !== 'direct') throw new AppError('NOT_A_DIRECT_ROUND', 'round');
        const team = findTeam(tx, contest.id, req.params.team);
        if (!team) throw new AppError('TEAM_NOT_FOUND', 'team');
        // A locked result is final until it is unlocked for review (with a reason).
        if (findLock(tx, round.id, team.id)) throw new AppError('RESULT_LOCKED');
        const { score, reason } = req.body;
        const max = round.maxHundredths ?? 0;
        const step = round.stepHundredths ?? 1;
        if (!Number.isFinite(score) || score < 0 || score > max / 100)
          throw new AppError('VALIDATION', 'score', { rule: 'MARK_OUT_OF_RANGE', max: max / 100 });
        // Off the step, also with more than two decimals: the message names the step.
        if (!isHundredths(score) || toHundredths(score) % step !== 0)
          throw new AppError('VALIDATION', 'score', { rule: 'MARK_OFF_STEP', step: step / 100 });
        const before = tx
          .select()
          .from(t.directScores)
          .where(and(eq(t.directScores.roundId, round.id), eq(t.directScores.teamId, team.id)))
          .get();
        const row = {
          roundId: round.id,
          teamId: team.id,
          scoreHundredths: toHundredths(score),
          reason,
          updatedAt: new Date().toISOString(),
        };
        tx.insert(t.directScores)
          .values(row)
          .onConflictDoUpdate({ target: [t.directScores.roundId, t.directScores.teamId], set: row })
          .run();
        appendEvent(tx, {
          contestId: contest.id,
          actor: `staff:${req.account?.email ?? '?'}`,
          kind: 'direct',
          subject: { round: round.key, team: team.key },
          before: before ? { score: before.scoreHundredths } : null,
          after: { score: row.scoreHundredths },
          reason,
        });
        return { round: round.key, team: team.key, score, reason };
      }),
  );
};
