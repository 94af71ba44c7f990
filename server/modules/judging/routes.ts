import { and, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as t from '../../../db/schema.js';
import { errorBodySchema, noContentSchema, slugParamsSchema } from '../../contract/api.js';
import {
  amendBodySchema,
  amendParamsSchema,
  auditSchema,
  conflictsBodySchema,
  idempotencyHeadersSchema,
  judgeConflictsSchema,
  judgeLinkSchema,
  judgeLinksSchema,
  judgeLoginBodySchema,
  judgeLoginSchema,
  judgeMeSchema,
  judgeParamsSchema,
  judgeSheetsSchema,
  linkActionBodySchema,
  progressSchema,
  roundParamsSchema,
  sheetBodySchema,
  sheetParamsSchema,
  sheetResultSchema,
  versionConflictSchema,
} from '../../contract/judging.js';
import { AppError } from '../../lib/errors.js';
import { listEvents, readEventColumns } from '../audit/log.js';
import { judgeLinkPath } from '../contests/service.js';
import { changeLink } from './links.js';
import * as repo from './repository.js';
import { requestHash, roundProgress, setConflicts, sheetView, verifyContest, writeSheet } from './service.js';
import {
  contestConflicts,
  contestJudges,
  contestLocks,
  contestOr404,
  contestTeams,
  findContest,
  findJudge,
  roundCriteria,
} from '../shared/lookups.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

export const judgingRoutes: FastifyPluginAsyncZod<{ publicUrl?: string }> = async (app, opts) => {
  const organizer = app.requireRole('organizer');
  const staff = app.requireRole('organizer', 'host');
  const actorOf = (email: string | undefined) => `organizer:${email ?? '?'}`;

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
    async (req) => {
      const judge = req.judge!;
      const contest = findContest(app.db, judge.contestSlug)!;
      const rounds = app.db
        .select()
        .from(t.rounds)
        .where(and(eq(t.rounds.contestId, contest.id), eq(t.rounds.kind, 'rubric')))
        .orderBy(t.rounds.position)
        .all();
      const conflicted = new Set(
        contestConflicts(app.db, contest.id)
          .filter((c) => c.judgeId === judge.id)
          .map((c) => c.teamKey),
      );
      return {
        contest: {
          slug: contest.slug,
          title: contest.title,
          organizer: contest.organizer,
          date: contest.date,
          venue: contest.venue,
          rounds: rounds.map((r) => ({
            key: r.key,
            title: r.title,
            timeLimitSec: r.timeLimitSec,
            criteria: roundCriteria(app.db, r.id).map((c) => ({
              key: c.key,
              title: c.title,
              description: c.description,
              max: c.maxHundredths / 100,
              step: c.stepHundredths / 100,
            })),
          })),
          teams: contestTeams(app.db, contest.id).map((tm) => ({
            key: tm.key,
            name: tm.name,
            unit: tm.unit,
            ideaTitle: tm.ideaTitle,
            conflict: conflicted.has(tm.key),
            withdrawn: tm.status !== 'active',
          })),
        },
        judge: { key: judge.key, name: judge.name, title: judge.title },
        stage: repo.readStage(app.db, contest.id),
      };
    },
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
    async (req) => {
      const judge = req.judge!;
      const own = repo.contestSheets(app.db, judge.contestId).filter((s) => s.sheet.judgeId === judge.id);
      return {
        sheets: own.map((s) => ({
          ...sheetView(s.sheet, { round: s.round, team: s.team, judge: s.judge }),
          receipt: repo.eventReceipt(app.db, s.sheet.lastEventSeq) ?? null,
        })),
        locked: contestLocks(app.db, judge.contestId).map((l) => ({ round: l.round, team: l.team })),
      };
    },
  );

  app.put(
    '/api/contests/:slug/sheets/:round/:team',
    {
      onRequest: app.requireJudge,
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
      return writeSheet(app.db, {
        slug: req.params.slug,
        round: req.params.round,
        team: req.params.team,
        judge,
        actor: `judge:${judge.key}`,
        marks: req.body.marks,
        status: req.body.status,
        baseVersion: req.body.baseVersion,
        comment: req.body.comment,
        idempotency: { key: req.headers['idempotency-key'], requestHash: requestHash('PUT', req.url.split('?')[0]!, req.body) },
      });
    },
  );

  // ── organizer: amendments, links, conflicts, audit ───────────────────────

  app.put(
    '/api/contests/:slug/sheets/:round/:team/:judge',
    {
      onRequest: organizer,
      schema: {
        tags: ['judges'],
        summary: 'The organizer amends a judge’s sheet, also after the lock, with a reason (logged)',
        params: amendParamsSchema,
        body: amendBodySchema,
        response: { 200: sheetResultSchema, ...errors, 409: versionConflictSchema.or(errorBodySchema) },
      },
    },
    async (req) => {
      const contest = contestOr404(app.db, req.params.slug);
      const judge = findJudge(app.db, contest.id, req.params.judge);
      if (!judge) throw new AppError('JUDGE_NOT_FOUND', 'judge');
      return writeSheet(app.db, {
        slug: req.params.slug,
        round: req.params.round,
        team: req.params.team,
        judge: { id: judge.id, key: judge.key, contestId: contest.id },
        actor: actorOf(req.account?.email),
        marks: req.body.marks,
        status: req.body.status,
        baseVersion: req.body.baseVersion,
        comment: req.body.comment,
        amendment: { reason: req.body.reason },
      });
    },
  );

  const linkOf = (j: typeof t.judges.$inferSelect, conflicts: string[], base: string) => ({
    key: j.key,
    name: j.name,
    title: j.title,
    unit: j.unit,
    url: j.linkRevokedAt ? null : base + judgeLinkPath(j.token),
    revoked: !!j.linkRevokedAt,
    conflicts,
    device: j.linkDeviceHash && j.linkBoundAt ? { boundAt: j.linkBoundAt, seenAt: j.linkSeenAt } : null,
  });
  const baseUrl = (host: string, protocol: string) => (opts.publicUrl ?? `${protocol}://${host}`).replace(/\/+$/, '');

  app.get(
    '/api/contests/:slug/judges',
    {
      onRequest: organizer,
      schema: {
        tags: ['judges'],
        summary: 'Judges with their private links and conflicts',
        params: slugParamsSchema,
        response: { 200: judgeLinksSchema, ...errors },
      },
    },
    async (req) => {
      const contest = contestOr404(app.db, req.params.slug);
      const conflicts = contestConflicts(app.db, contest.id);
      const base = baseUrl(req.host, req.protocol);
      return {
        judges: contestJudges(app.db, contest.id).map((j) =>
          linkOf(
            j,
            conflicts.filter((c) => c.judgeId === j.id).map((c) => c.teamKey),
            base,
          ),
        ),
      };
    },
  );

  app.post(
    '/api/contests/:slug/judges/:judge/link',
    {
      onRequest: organizer,
      schema: {
        tags: ['judges'],
        summary: 'Reissue a judge’s private link (the old one stops working), revoke it, or release it from its device',
        params: judgeParamsSchema,
        body: linkActionBodySchema,
        response: { 200: judgeLinkSchema, ...errors },
      },
    },
    async (req) => {
      const { action, reason } = req.body;
      const { contest, judge, changed } = changeLink(
        app.db,
        req.params.slug,
        req.params.judge,
        action,
        actorOf(req.account?.email),
        reason,
      );
      req.log.info({ slug: contest.slug, judge: judge.key, action, changed, by: req.account?.email }, 'judge link changed');
      const conflicts = contestConflicts(app.db, contest.id)
        .filter((c) => c.judgeId === judge.id)
        .map((c) => c.teamKey);
      return linkOf(judge, conflicts, baseUrl(req.host, req.protocol));
    },
  );

  app.put(
    '/api/contests/:slug/judges/:judge/conflicts',
    {
      onRequest: organizer,
      schema: {
        tags: ['judges'],
        summary: 'Set the teams a judge has a conflict of interest with (logged)',
        params: judgeParamsSchema,
        body: conflictsBodySchema,
        response: { 200: judgeConflictsSchema, ...errors },
      },
    },
    async (req) =>
      setConflicts(
        app.db,
        req.params.slug,
        req.params.judge,
        req.body.teams,
        actorOf(req.account?.email),
        req.body.reason ?? null,
      ),
  );

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
        events: listEvents(app.db, contest.id).map((e) => ({
          seq: e.seq,
          at: e.at,
          actor: e.actor,
          kind: e.kind,
          // Never throws on a stored row: what does not parse is shown as stored, and reported.
          ...readEventColumns(e),
          reason: e.reason,
          hash: e.hash,
        })),
        verified: { ok: check.ok, problems: [...check.problems, ...check.replayProblems], head: check.head },
      };
    },
  );

  // ── host: stage, progress, lock ─────────────────────────────────────────

  app.get(
    '/api/contests/:slug/rounds/:round/progress',
    {
      onRequest: staff,
      schema: {
        tags: ['host'],
        summary: 'Which judges have submitted, per team (never the marks)',
        params: roundParamsSchema,
        response: { 200: progressSchema, ...errors },
      },
    },
    async (req) => roundProgress(app.db, req.params.slug, req.params.round),
  );
};
