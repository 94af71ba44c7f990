import { and, eq } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as t from '../../../db/schema.js';
import {
  contestCreatedSchema,
  contestDetailSchema,
  contestListSchema,
  contestSettingsSchema,
  errorBodySchema,
  noContentSchema,
  packageDownloadQuerySchema,
  packageEditBodySchema,
  publicContestSchema,
  slugParamsSchema,
  teamParamsSchema,
  withdrawnTeamSchema,
} from '../../contract/api.js';
import { competing, contestPackageSchema, isCompeting, toHundredths } from '../../contract/package.js';
import { updateContest } from './editor.js';
import { registrationOpen } from '../registration/service.js';
import { AppError } from '../../lib/errors.js';
import { contestHasMarks, deleteContest, listContests, packageRevision, readPackage } from './repository.js';
import { importContest } from './service.js';
import { findContestId } from '../shared/lookups.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

export const contestRoutes: FastifyPluginAsyncZod<{ publicUrl?: string }> = async (app, opts) => {
  const organizer = app.requireRole('organizer');
  const staff = app.requireRole('organizer', 'host');
  const baseUrl = (req: FastifyRequest) => opts.publicUrl ?? `${req.protocol}://${req.host}`;

  app.get(
    '/api/contests',
    {
      onRequest: staff,
      schema: { tags: ['contests'], summary: 'Every contest on this server', response: { 200: contestListSchema, ...errors } },
    },
    async () => ({ contests: listContests(app.db) }),
  );

  app.post(
    '/api/contests',
    {
      onRequest: organizer,
      bodyLimit: 5 * 1024 * 1024,
      schema: {
        tags: ['contests'],
        summary: 'Create a contest from a contest package (hoithi/contest@1)',
        body: contestPackageSchema,
        response: { 201: contestCreatedSchema, ...errors, 409: errorBodySchema, 413: errorBodySchema },
      },
    },
    async (req, reply) => reply.code(201).send(importContest(app.db, req.body, baseUrl(req))),
  );

  app.get(
    '/api/contests/:slug',
    {
      onRequest: staff,
      schema: {
        tags: ['contests'],
        summary: 'A contest: its package and state',
        params: slugParamsSchema,
        response: { 200: contestDetailSchema, ...errors },
      },
    },
    async (req) => {
      const pkg = readPackage(app.db, req.params.slug);
      if (!pkg) throw new AppError('CONTEST_NOT_FOUND');
      const { id, createdAt, ...rest } = pkg;
      const revision = packageRevision(rest);
      if (req.account?.role === 'organizer') return { package: rest, hasMarks: contestHasMarks(app.db, id), createdAt, revision };
      // The host runs the stage: teams that take part, without their contacts or registrations.
      const kept = rest.teams.filter((tm) => isCompeting(tm.status ?? 'active'));
      const keys = new Set(kept.map((tm) => tm.key));
      const forHost = {
        ...rest,
        teams: kept.map(({ leader: _leader, rejectReason: _reason, ...tm }) => tm),
        judges: rest.judges.map((j) => ({ ...j, conflicts: j.conflicts.filter((k) => keys.has(k)) })),
      };
      return { package: forHost, hasMarks: contestHasMarks(app.db, id), createdAt, revision };
    },
  );

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
    async (req) => {
      const pkg = readPackage(app.db, req.params.slug);
      if (!pkg) throw new AppError('CONTEST_NOT_FOUND');
      const statuses = new Map(
        app.db
          .select({ key: t.teams.key, status: t.teams.status })
          .from(t.teams)
          .where(eq(t.teams.contestId, pkg.id))
          .all()
          .map((r) => [r.key, r.status]),
      );
      return {
        slug: pkg.slug,
        publicUrl: opts.publicUrl ?? null,
        title: pkg.title,
        organizer: pkg.organizer,
        date: pkg.date,
        venue: pkg.venue ?? null,
        locale: pkg.locale,
        description: pkg.description ?? null,
        registration: {
          deadline: pkg.registration?.deadline ?? null,
          open: registrationOpen(pkg.registration?.deadline ?? null, app.clock.now()),
        },
        rounds: pkg.rounds.map((r) => ({
          key: r.key,
          title: r.title,
          kind: r.kind,
          weight: r.weight,
          timeLimitSec: r.timeLimitSec ?? null,
          max:
            (r.kind === 'rubric'
              ? r.criteria.reduce((a, c) => a + toHundredths(c.max), 0)
              : r.kind === 'quiz'
                ? r.questions.reduce((a, q) => a + toHundredths(q.points), 0)
                : toHundredths(r.max)) / 100,
          criteria: r.kind === 'rubric' ? r.criteria.map((c) => ({ key: c.key, title: c.title, max: c.max, step: c.step })) : [],
        })),
        aggregation: pkg.aggregation,
        tiebreak: pkg.tiebreak,
        teams: competing(pkg.teams.map((tm) => ({ ...tm, status: statuses.get(tm.key) ?? 'active' }))).map((tm) => ({
          key: tm.key,
          name: tm.name,
          unit: tm.unit,
          ideaTitle: tm.idea?.title ?? null,
          status: tm.status,
        })),
        prizes: pkg.prizes.map((p) => ({
          key: p.key,
          title: p.title,
          kind: p.kind,
          count: p.count,
          ...(p.kind === 'round_best' ? { round: p.round } : {}),
        })),
      };
    },
  );

  app.get(
    '/api/contests/:slug/package',
    {
      onRequest: organizer,
      schema: {
        tags: ['contests'],
        summary: 'Export the contest package; importing it again gives an equal contest',
        params: slugParamsSchema,
        querystring: packageDownloadQuerySchema,
        response: { 200: contestPackageSchema, ...errors },
      },
    },
    async (req, reply) => {
      const pkg = readPackage(app.db, req.params.slug);
      if (!pkg) throw new AppError('CONTEST_NOT_FOUND');
      const { id: _id, createdAt: _createdAt, ...rest } = pkg;
      if (req.query.download === '1') reply.header('content-disposition', `attachment; filename="${rest.slug}.json"`);
      return rest;
    },
  );

  app.put(
    '/api/contests/:slug/package',
    {
      onRequest: organizer,
      bodyLimit: 5 * 1024 * 1024,
      schema: {
        tags: ['contests'],
        summary:
          'Edit the contest from a whole package (rows matched by key, private links kept); after the first mark, what affects scores needs a reason and is logged',
        params: slugParamsSchema,
        body: packageEditBodySchema,
        response: { 200: contestDetailSchema, ...errors, 409: errorBodySchema, 413: errorBodySchema },
      },
    },
    async (req) =>
      updateContest(
        app.db,
        req.params.slug,
        req.body.package,
        req.body.reason ?? null,
        `organizer:${req.account?.email ?? '?'}`,
        req.body.revision,
      ),
  );

  app.put(
    '/api/contests/:slug/settings',
    {
      onRequest: organizer,
      schema: {
        tags: ['contests'],
        summary: 'Settings of the live room: show each judge’s total on the big screen once a result is released',
        params: slugParamsSchema,
        body: contestSettingsSchema,
        response: { 200: contestSettingsSchema, ...errors },
      },
    },
    async (req) => {
      const updated = app.db
        .update(t.contests)
        .set({ showJudgeTotals: req.body.showJudgeTotals })
        .where(eq(t.contests.slug, req.params.slug))
        .run();
      if (updated.changes === 0) throw new AppError('CONTEST_NOT_FOUND');
      return req.body;
    },
  );

  app.get(
    '/api/contests/:slug/settings',
    {
      onRequest: staff,
      schema: {
        tags: ['contests'],
        summary: 'Settings of the live room',
        params: slugParamsSchema,
        response: { 200: contestSettingsSchema, ...errors },
      },
    },
    async (req) => {
      const row = app.db
        .select({ showJudgeTotals: t.contests.showJudgeTotals })
        .from(t.contests)
        .where(eq(t.contests.slug, req.params.slug))
        .get();
      if (!row) throw new AppError('CONTEST_NOT_FOUND');
      return row;
    },
  );

  app.delete(
    '/api/contests/:slug',
    {
      onRequest: organizer,
      schema: {
        tags: ['contests'],
        summary: 'Delete a contest that has no marks yet',
        params: slugParamsSchema,
        response: { 204: noContentSchema, ...errors, 409: errorBodySchema },
      },
    },
    async (req, reply) => {
      const outcome = deleteContest(app.db, req.params.slug);
      if (outcome === 'not_found') throw new AppError('CONTEST_NOT_FOUND');
      if (outcome === 'has_marks') throw new AppError('CONTEST_HAS_MARKS');
      req.log.info({ slug: req.params.slug, by: req.account?.email }, 'contest deleted');
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/contests/:slug/teams/:team/withdraw',
    {
      onRequest: organizer,
      schema: {
        tags: ['contests'],
        summary: 'Withdraw a team: it is listed last, without a rank',
        params: teamParamsSchema,
        response: {
          200: withdrawnTeamSchema,
          ...errors,
          409: errorBodySchema,
        },
      },
    },
    async (req) => {
      const contestId = findContestId(app.db, req.params.slug);
      if (contestId === undefined) throw new AppError('CONTEST_NOT_FOUND');
      const team = app.db
        .select({ id: t.teams.id, status: t.teams.status })
        .from(t.teams)
        .where(and(eq(t.teams.contestId, contestId), eq(t.teams.key, req.params.team)))
        .get();
      if (!team) throw new AppError('NOT_FOUND', 'team');
      // A registration never approved does not compete, so it cannot leave the contest: it is rejected.
      if (team.status === 'pending' || team.status === 'rejected') throw new AppError('TEAM_NOT_APPROVED', 'team');
      app.db
        .update(t.teams)
        .set({ status: 'withdrawn', updatedAt: new Date().toISOString() })
        .where(eq(t.teams.id, team.id))
        .run();
      return { team: { key: req.params.team, status: 'withdrawn' as const } };
    },
  );
};
