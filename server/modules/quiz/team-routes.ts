/** A team's own link: sign a device in and out, and what the team sees of itself. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorResponses, noContentSchema } from '../../contract/api.js';
import { teamLoginBodySchema, teamLoginSchema, teamMeSchema } from '../../contract/quiz.js';
import { teamMe } from './service.js';

const errors = errorResponses(400, 401, 403, 404, 409);

export const teamRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/api/team/login',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['teams'],
        summary: 'Open a team’s private link: starts a session on this device (its cookie holds a random id, not the link)',
        body: teamLoginBodySchema,
        response: { 200: teamLoginSchema, ...errors },
      },
    },
    async (req, reply) => {
      const team = app.openTeamLink(req, reply, req.body.token);
      return { team: { key: team.key, name: team.name }, contest: team.contestSlug };
    },
  );

  app.post(
    '/api/team/logout',
    {
      schema: {
        tags: ['teams'],
        summary: 'Sign this device out of the team link: its session ends (the team’s other devices keep theirs)',
        response: { 204: noContentSchema },
      },
    },
    async (req, reply) => {
      app.closeTeamLink(req, reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/team/me',
    {
      onRequest: app.requireTeam,
      schema: {
        tags: ['teams'],
        summary: 'The team, its contest, and its own quiz answers',
        response: {
          200: teamMeSchema,
          ...errors,
        },
      },
    },
    async (req) => teamMe(app.db, req.team!.id, req.team!.contestSlug),
  );
};
