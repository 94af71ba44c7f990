import { and, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as t from '../../../db/schema.js';
import { errorBodySchema, noContentSchema, reasonBodySchema, slugParamsSchema } from '../../contract/api.js';
import {
  awardParamsSchema,
  certificateParamsSchema,
  certificateSchema,
  type Outlier,
  type Policy,
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
import { panelOutliers } from '../../scoring/outliers.js';
import { AppError } from '../../lib/errors.js';
import { appendEvent } from '../audit/log.js';
import { boardFor } from '../stage/service.js';
import { loadContestData, scoreboardOf, type BoardView } from './service.js';
import { buildResultsTable, certificateSerial, serialPrefix } from './table.js';
import { contestLocks, contestOr404, findTeam } from '../shared/lookups.js';
import { write } from '../../../db/client.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

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
      return boardFor(app.db, req.params.slug, view);
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
    async (req, reply) => {
      const result = write(app.db, (tx) => {
        const contest = contestOr404(tx, req.params.slug);
        const prize = tx
          .select()
          .from(t.prizes)
          .where(and(eq(t.prizes.contestId, contest.id), eq(t.prizes.key, req.params.prize)))
          .get();
        if (!prize) throw new AppError('NOT_FOUND', 'prize');
        if (prize.kind !== 'special') throw new AppError('VALIDATION', 'prize', { rule: 'NOT_SPECIAL_PRIZE' });
        const team = findTeam(tx, contest.id, req.body.team);
        if (!team) throw new AppError('TEAM_NOT_FOUND', 'team');
        const given = tx
          .select({ id: t.specialAwards.id })
          .from(t.specialAwards)
          .where(eq(t.specialAwards.prizeId, prize.id))
          .all().length;
        if (given >= prize.count) throw new AppError('PRIZE_FULL', 'prize', { rule: 'PRIZE_FULL', count: prize.count });
        const row = tx
          .insert(t.specialAwards)
          .values({ prizeId: prize.id, teamId: team.id, member: req.body.member ?? null, reason: req.body.reason })
          .returning()
          .get();
        appendEvent(tx, {
          contestId: contest.id,
          actor: `organizer:${req.account?.email ?? '?'}`,
          kind: 'special_award',
          subject: { prize: prize.key, team: team.key },
          after: { id: row.id, member: row.member },
          reason: row.reason,
        });
        return { id: row.id, prize: prize.key, team: team.key, member: row.member, reason: row.reason };
      });
      return reply.code(201).send(result);
    },
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
      write(app.db, (tx) => {
        const contest = contestOr404(tx, req.params.slug);
        const row = tx
          .select({ award: t.specialAwards, prize: t.prizes.key, team: t.teams.key })
          .from(t.specialAwards)
          .innerJoin(t.prizes, eq(t.prizes.id, t.specialAwards.prizeId))
          .innerJoin(t.teams, eq(t.teams.id, t.specialAwards.teamId))
          .where(
            and(eq(t.specialAwards.id, req.params.award), eq(t.prizes.contestId, contest.id), eq(t.prizes.key, req.params.prize)),
          )
          .get();
        if (!row) throw new AppError('NOT_FOUND', 'award');
        tx.delete(t.specialAwards).where(eq(t.specialAwards.id, row.award.id)).run();
        appendEvent(tx, {
          contestId: contest.id,
          actor: `organizer:${req.account?.email ?? '?'}`,
          kind: 'special_award_removed',
          subject: { prize: row.prize, team: row.team },
          before: { id: row.award.id, member: row.award.member, reason: row.award.reason },
          reason: req.body.reason,
        });
      });
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
    async (req) => {
      const contest = contestOr404(app.db, req.params.slug);
      const awards = app.db
        .select({
          id: t.specialAwards.id,
          prize: t.prizes.key,
          team: t.teams.key,
          member: t.specialAwards.member,
          reason: t.specialAwards.reason,
        })
        .from(t.specialAwards)
        .innerJoin(t.prizes, eq(t.prizes.id, t.specialAwards.prizeId))
        .innerJoin(t.teams, eq(t.teams.id, t.specialAwards.teamId))
        .where(and(eq(t.prizes.contestId, contest.id), eq(t.prizes.key, req.params.prize)))
        .all();
      return { awards };
    },
  );

  app.get(
    '/api/certificates/:serial',
    {
      config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['results'],
        summary: 'Confirm a certificate by its serial (the QR code on it leads here)',
        params: certificateParamsSchema,
        response: { 200: certificateSchema, ...errors },
      },
    },
    async (req) => {
      // Serials are derived, not stored: find the contest by the serial's prefix, then the award.
      const prefix = req.params.serial.split('-').slice(0, -1).join('-');
      const contests = app.db
        .select()
        .from(t.contests)
        .all()
        .filter((c) => serialPrefix(c.slug) === prefix);
      for (const c of contests) {
        const table = buildResultsTable(app.db, c.slug, loadContestData(app.db, c.slug));
        for (const p of table.prizes) {
          if (p.provisional) continue;
          for (const w of p.winners) {
            if (certificateSerial(c.createdAt, c.slug, p.key, w.team, w.member) === req.params.serial) {
              return {
                serial: req.params.serial,
                contest: { slug: c.slug, title: c.title, organizer: c.organizer, date: c.date, venue: c.venue },
                prize: { key: p.key, title: p.title },
                team: { key: w.team, name: w.name, unit: w.unit },
                member: w.member ?? null,
              };
            }
          }
        }
      }
      throw new AppError('NOT_FOUND', 'serial');
    },
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
    async (req) => {
      const data = loadContestData(app.db, req.params.slug);
      const table = buildResultsTable(app.db, req.params.slug, data);
      const outliers: Outlier[] = [];
      const judgeKey = new Map(data.judges.map((j) => [j.id, j.key]));
      const conflicted = new Set(data.conflicts.map((c) => `${c.judgeId}/${c.teamId}`));
      for (const round of data.rounds.filter((r) => r.kind === 'rubric')) {
        for (const team of data.teams) {
          const panel = data.sheets
            .filter(
              (s) =>
                s.roundId === round.id &&
                s.teamId === team.id &&
                s.status === 'submitted' &&
                !conflicted.has(`${s.judgeId}/${s.teamId}`),
            )
            .map((s) => ({ judge: judgeKey.get(s.judgeId)!, totalHundredths: s.totalHundredths }));
          for (const o of panelOutliers(panel, req.query.tolerance))
            outliers.push({
              round: round.key,
              team: team.key,
              judge: o.judge,
              total: o.totalHundredths / 100,
              othersMean: o.othersMeanHundredths / 100,
            });
        }
      }
      return { table, outliers, tolerance: req.query.tolerance };
    },
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
      const data = loadContestData(app.db, req.params.slug);
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
    async (req) =>
      write(app.db, (tx) => {
        const contest = contestOr404(tx, req.params.slug);
        const roundKeys = new Set(
          tx
            .select({ key: t.rounds.key })
            .from(t.rounds)
            .where(eq(t.rounds.contestId, contest.id))
            .all()
            .map((r) => r.key),
        );
        req.body.tiebreak.forEach((tb, i) => {
          const key = tb.slice('round:'.length);
          if (!roundKeys.has(key)) throw new AppError('VALIDATION', `tiebreak.${i}`, { rule: 'UNKNOWN_ROUND', key });
        });
        const before: Policy = {
          aggregation: {
            method: contest.aggregationMethod,
            trim: contest.aggregationTrim,
            decimals: contest.aggregationDecimals,
          },
          tiebreak: contest.tiebreak,
        };
        const after: Policy = { aggregation: req.body.aggregation, tiebreak: req.body.tiebreak };
        if (JSON.stringify(before) === JSON.stringify(after)) return after;
        const locked = contestLocks(tx, contest.id).length > 0;
        if (locked && !req.body.reason) throw new AppError('REASON_REQUIRED', 'reason');
        tx.update(t.contests)
          .set({
            aggregationMethod: after.aggregation.method,
            aggregationTrim: after.aggregation.trim,
            aggregationDecimals: after.aggregation.decimals,
            tiebreak: after.tiebreak,
          })
          .where(eq(t.contests.id, contest.id))
          .run();
        appendEvent(tx, {
          contestId: contest.id,
          actor: `organizer:${req.account?.email ?? '?'}`,
          kind: 'policy',
          subject: { contest: contest.slug },
          before,
          after,
          reason: req.body.reason ?? null,
        });
        return after;
      }),
  );
};
