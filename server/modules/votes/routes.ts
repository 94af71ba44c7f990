/**
 * Audience votes (scoring.md §5 "audience"): one vote per device. A device is a random id in an
 * HttpOnly cookie; the limits are keyed by that id, so hundreds of phones behind the venue's one
 * NAT address can all vote, while one device cannot hammer the route.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as t from '../../../db/schema.js';
import { errorBodySchema, slugParamsSchema } from '../../contract/api.js';
import { keySchema } from '../../contract/package.js';
import { AppError } from '../../lib/errors.js';
import { randomToken } from '../../lib/password.js';
import * as repo from '../judging/repository.js';

export const DEVICE_COOKIE = 'hoithi_device';
const errors = { 400: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 429: errorBodySchema };

/** The device's id, set on first contact; the database keeps only its hash. */
function deviceId(req: FastifyRequest, reply: FastifyReply): string {
  const existing = req.cookies[DEVICE_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{20,64}$/.test(existing)) return existing;
  const id = randomToken();
  reply.setCookie(DEVICE_COOKIE, id, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: req.protocol === 'https',
    maxAge: 365 * 24 * 3600,
  });
  req.cookies[DEVICE_COOKIE] = id;
  return id;
}
const hashDevice = (id: string) => createHash('sha256').update(`hoithi-device:${id}`).digest('hex');

export const voteRoutes: FastifyPluginAsyncZod = async (app) => {
  const byDevice = (req: FastifyRequest) => req.cookies[DEVICE_COOKIE] ?? req.ip;

  app.get(
    '/api/contests/:slug/votes/me',
    {
      schema: {
        tags: ['audience'],
        summary: 'The team this device voted for, if any',
        params: slugParamsSchema,
        response: { 200: z.object({ team: z.string().nullable() }), ...errors },
      },
    },
    async (req, reply) => {
      const contest = repo.findContest(app.db, req.params.slug);
      if (!contest) throw new AppError('CONTEST_NOT_FOUND');
      const device = hashDevice(deviceId(req, reply));
      const row = app.db
        .select({ team: t.teams.key })
        .from(t.votes)
        .innerJoin(t.teams, eq(t.teams.id, t.votes.teamId))
        .where(and(eq(t.votes.contestId, contest.id), eq(t.votes.deviceHash, device)))
        .get();
      return { team: row?.team ?? null };
    },
  );

  app.post(
    '/api/contests/:slug/votes',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: byDevice } },
      schema: {
        tags: ['audience'],
        summary: 'Vote for the audience prize: one vote per device (409 for a second one)',
        params: slugParamsSchema,
        body: z.object({ team: keySchema }),
        response: { 200: z.object({ team: z.string() }), ...errors },
      },
    },
    async (req, reply) => {
      const device = hashDevice(deviceId(req, reply));
      return app.db.transaction(
        (tx) => {
          const contest = repo.findContest(tx, req.params.slug);
          if (!contest) throw new AppError('CONTEST_NOT_FOUND');
          const team = repo.findTeam(tx, contest.id, req.body.team);
          if (!team) throw new AppError('TEAM_NOT_FOUND', 'team');
          if (team.status !== 'active') throw new AppError('TEAM_WITHDRAWN', 'team');
          const inserted = tx
            .insert(t.votes)
            .values({ contestId: contest.id, deviceHash: device, teamId: team.id })
            .onConflictDoNothing()
            .run();
          if (inserted.changes === 0) throw new AppError('ALREADY_VOTED');
          return { team: team.key };
        },
        { behavior: 'immediate' },
      );
    },
  );
};
