/** A team's own registration, through its private link. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBodySchema } from '../../contract/api.js';
import { teamRegistrationSchema } from '../../contract/registration.js';
import { contestFacts, errors, formBody, readForm, sendFile } from './http.js';
import * as svc from './service.js';

export const registrationTeamRoutes: FastifyPluginAsyncZod = async (app) => {
  const teamView = (teamId: number) => {
    const contest = svc.contestOfTeam(app.db, teamId);
    const reg = svc.registrations(app.db, contest.id, { teamId })[0]!;
    return {
      contest: contestFacts(contest, app.clock.now()),
      team: reg,
      editable: svc.editableBy(reg.status, contest.registrationDeadline, app.clock.now()),
    };
  };

  app.get(
    '/api/team/registration',
    {
      onRequest: app.requireTeam,
      schema: {
        tags: ['registration'],
        summary: 'The team’s own registration, its status and whether it may still edit it',
        response: { 200: teamRegistrationSchema, ...errors },
      },
    },
    async (req) => teamView(req.team!.id),
  );

  app.put(
    '/api/team/registration',
    {
      onRequest: app.requireTeam,
      config: { rateLimit: { max: 60, timeWindow: '1 hour' } },
      schema: {
        tags: ['registration'],
        summary: 'The team edits its registration (until it is approved or the deadline passes)',
        ...formBody,
        response: { 200: teamRegistrationSchema, ...errors, 413: errorBodySchema, 429: errorBodySchema },
      },
    },
    async (req) => {
      const { form, file } = await readForm(req);
      svc.editOwn(app.db, req.team!.id, form, file, app.clock.date());
      return teamView(req.team!.id);
    },
  );

  app.get(
    '/api/team/registration/attachment',
    {
      onRequest: app.requireTeam,
      schema: { tags: ['registration'], summary: 'The team’s own attachment' },
    },
    async (req, reply) => sendFile(reply, svc.attachmentOf(app.db, req.team!.id)),
  );
};
