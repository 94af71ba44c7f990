/**
 * The staff's contest routes (the organizer's, and what the host may read); the public facts of a
 * contest are registered among them, from public-routes.ts, so the route order stays as it was.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  contestCreatedSchema,
  contestDetailSchema,
  contestListSchema,
  contestSettingsSchema,
  errorBodySchema,
  errorResponses,
  noContentSchema,
  packageDownloadQuerySchema,
  packageEditBodySchema,
  slugParamsSchema,
  teamParamsSchema,
  withdrawnTeamSchema,
} from '../../contract/api.js';
import { contestPackageSchema } from '../../contract/package.js';
import { updateContest } from './editor.js';
import { listContests } from './repository.js';
import {
  contestDetail,
  contestSettings,
  exportPackage,
  importContest,
  removeContest,
  updateContestSettings,
  withdrawTeam,
} from './service.js';
import { contestPublicRoutes } from './public-routes.js';

const errors = errorResponses(400, 401, 403, 404);

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
    async (req) => contestDetail(app.db, req.params.slug, req.account?.role),
  );

  await app.register(contestPublicRoutes, opts);

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
      const pkg = exportPackage(app.db, req.params.slug);
      if (req.query.download === '1') reply.header('content-disposition', `attachment; filename="${pkg.slug}.json"`);
      return pkg;
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
        app.clock.iso(),
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
    async (req) => updateContestSettings(app.db, req.params.slug, req.body),
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
    async (req) => contestSettings(app.db, req.params.slug),
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
      removeContest(app.db, req.params.slug);
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
    async (req) => withdrawTeam(app.db, req.params.slug, req.params.team, app.clock.iso()),
  );
};
