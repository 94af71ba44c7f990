/** The public registration form: what it needs, and registering a team. */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBodySchema, slugParamsSchema } from '../../contract/api.js';
import { registeredSchema, registrationContestSchema } from '../../contract/registration.js';
import { randomToken } from '../../lib/password.js';
import { teamLinkPath } from '../contests/service.js';
import { contestOr404 } from '../shared/lookups.js';
import { baseUrlOf, contestFacts, errors, formBody, readForm, type RegistrationOptions } from './http.js';
import * as svc from './service.js';

export const registrationPublicRoutes: FastifyPluginAsyncZod<RegistrationOptions> = async (app, opts) => {
  const perIp = { max: opts.registrationsPerIpPerHour ?? 10, timeWindow: '1 hour' };
  const baseUrl = (req: FastifyRequest) => baseUrlOf(opts, req);

  app.get(
    '/api/contests/:slug/registration',
    {
      schema: {
        tags: ['registration'],
        summary: 'What the registration form needs: the contest, the deadline, the list of units',
        params: slugParamsSchema,
        response: { 200: registrationContestSchema, ...errors },
      },
    },
    async (req) => contestFacts(contestOr404(app.db, req.params.slug), app.clock.now()),
  );

  app.post(
    '/api/contests/:slug/registrations',
    {
      config: { rateLimit: perIp },
      schema: {
        tags: ['registration'],
        summary: 'Register a team: it is pending until the organizer approves it; returns its private link',
        ...formBody,
        params: slugParamsSchema,
        response: { 201: registeredSchema, ...errors, 413: errorBodySchema, 429: errorBodySchema },
      },
    },
    async (req, reply) => {
      const { form, file } = await readForm(req);
      if (form.website) {
        // The honeypot was filled in: a robot. It is told nothing, and nothing is kept.
        req.log.warn({ slug: req.params.slug }, 'registration honeypot filled; dropped');
        const token = randomToken();
        return reply.code(201).send({ team: 'doi', token, url: baseUrl(req) + teamLinkPath(token), status: 'pending' });
      }
      const made = svc.register(app.db, req.params.slug, form, file, app.clock.date(), svc.hashAddress(req.ip));
      req.log.info({ slug: req.params.slug, team: made.key }, 'team registered');
      return reply
        .code(201)
        .send({ team: made.key, token: made.token, url: baseUrl(req) + teamLinkPath(made.token), status: made.status });
    },
  );
};
