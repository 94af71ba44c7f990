/**
 * Registration, review, the running order, and spreadsheet imports of units and teams: the public
 * form, a team's own registration, then the organizer's routes, in that order.
 */
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ATTACHMENT_MAX_BYTES } from '../../contract/registration.js';
import type { RegistrationOptions } from './http.js';
import { registrationOrganizerRoutes } from './organizer-routes.js';
import { registrationPublicRoutes } from './public-routes.js';
import { registrationTeamRoutes } from './team-routes.js';

export type { RegistrationOptions } from './http.js';

export const registrationRoutes: FastifyPluginAsyncZod<RegistrationOptions> = async (app, opts) => {
  await app.register(multipart, {
    limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 4, fieldSize: 64 * 1024, parts: 6 },
  });
  await app.register(registrationPublicRoutes, opts);
  await app.register(registrationTeamRoutes);
  await app.register(registrationOrganizerRoutes, opts);
};
