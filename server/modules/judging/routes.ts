/** Organizer and host routes of judging: amendments, private links, conflicts, progress. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBodySchema, errorResponses, slugParamsSchema } from '../../contract/api.js';
import {
  amendBodySchema,
  amendParamsSchema,
  conflictsBodySchema,
  judgeConflictsSchema,
  judgeLinkSchema,
  judgeLinksSchema,
  judgeParamsSchema,
  linkActionBodySchema,
  progressSchema,
  roundParamsSchema,
  sheetResultSchema,
  versionConflictSchema,
} from '../../contract/judging.js';
import { AppError } from '../../lib/errors.js';
import { judgeLinkPath } from '../contests/service.js';
import { changeLink } from './links.js';
import { commitSheet, roundProgress, setConflicts } from './service.js';
import { contestConflicts, contestJudges, contestOr404, findJudge } from '../shared/lookups.js';

const errors = errorResponses(400, 401, 403, 404);

export const judgingRoutes: FastifyPluginAsyncZod<{ publicUrl?: string }> = async (app, opts) => {
  const organizer = app.requireRole('organizer');
  const actorOf = (email: string | undefined) => `organizer:${email ?? '?'}`;

  // ── organizer: amendments, links, conflicts ───────────────────────

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
      return commitSheet(
        app.db,
        {
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
        },
        app.clock,
      );
    },
  );

  const linkOf = (j: NonNullable<ReturnType<typeof findJudge>>, conflicts: string[], base: string) => ({
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
        app.clock.iso(),
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
        app.clock.iso(),
      ),
  );
};

/** The host's view of a round: who has submitted (registered after the audit routes, as before they moved). */
export const judgingProgressRoutes: FastifyPluginAsyncZod = async (app) => {
  const staff = app.requireRole('organizer', 'host');

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
