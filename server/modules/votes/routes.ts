/**
 * Audience votes (scoring.md §5 "audience"): one vote per device, only while the host has voting
 * open. A device is a random id in an HttpOnly cookie; the limits are keyed by that id, so
 * hundreds of phones behind the venue's one NAT address can all vote, while one device cannot
 * hammer the route.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema, slugParamsSchema } from '../../contract/api.js';
import { voteBodySchema, votingSummarySchema } from '../../contract/votes.js';
import { randomToken } from '../../lib/password.js';
import { castVote, closeVoting, myVote, openVoting, readVoting } from './service.js';

export const DEVICE_COOKIE = 'hoithi_device';
const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  429: errorBodySchema,
};

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
  const staff = app.requireRole('organizer', 'host');
  const actor = (email?: string) => `staff:${email ?? '?'}`;

  app.get(
    '/api/contests/:slug/votes',
    {
      onRequest: staff,
      schema: {
        tags: ['audience'],
        summary: 'Whether voting is open, and the votes per team (staff)',
        params: slugParamsSchema,
        response: { 200: votingSummarySchema, ...errors },
      },
    },
    async (req) => readVoting(app.db, req.params.slug),
  );

  app.post(
    '/api/contests/:slug/votes/open',
    {
      onRequest: staff,
      schema: {
        tags: ['audience'],
        summary: 'Open audience voting (again after a close: logged as a reopen); open already changes nothing',
        params: slugParamsSchema,
        response: { 200: votingSummarySchema, ...errors },
      },
    },
    async (req) => openVoting(app.db, req.params.slug, actor(req.account?.email)),
  );

  app.post(
    '/api/contests/:slug/votes/close',
    {
      onRequest: staff,
      schema: {
        tags: ['audience'],
        summary: 'Close audience voting: the audience prize is decided from now on (409 if it was never opened)',
        params: slugParamsSchema,
        response: { 200: votingSummarySchema, ...errors },
      },
    },
    async (req) => closeVoting(app.db, req.params.slug, actor(req.account?.email)),
  );

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
    async (req, reply) => ({ team: myVote(app.db, req.params.slug, hashDevice(deviceId(req, reply))) }),
  );

  app.post(
    '/api/contests/:slug/votes',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute', keyGenerator: byDevice } },
      schema: {
        tags: ['audience'],
        summary: 'Vote for the audience prize while voting is open (409 VOTING_CLOSED otherwise): one vote per device',
        params: slugParamsSchema,
        body: voteBodySchema,
        response: { 200: z.object({ team: z.string() }), ...errors },
      },
    },
    async (req, reply) => castVote(app.db, req.params.slug, req.body.team, hashDevice(deviceId(req, reply))),
  );
};
