/** The organizer's side of registration: review, edits, links, the running order, spreadsheet imports. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { errorBodySchema, slugParamsSchema, teamParamsSchema } from '../../contract/api.js';
import {
  drawBodySchema,
  drawSchema,
  importedTeamsSchema,
  importedUnitsSchema,
  oneRegistrationSchema,
  orderBodySchema,
  registrationListQuerySchema,
  registrationListSchema,
  rejectAddressBodySchema,
  rejectBodySchema,
  rejectedAddressSchema,
  teamEditSchema,
} from '../../contract/registration.js';
import { requestLang } from '../../lib/lang.js';
import { readSpreadsheet, SPREADSHEET_LIMITS } from '../../lib/spreadsheet/index.js';
import { contestOr404 } from '../shared/lookups.js';
import { newSeed } from './draw.js';
import { baseUrlOf, errors, sendFile, uploaded, type RegistrationOptions } from './http.js';
import { rowsToTeams, rowsToUnits } from './import.js';
import * as svc from './service.js';

/** A header, every team a contest can take, and room for blank and note lines. */
const TEAM_IMPORT_LIMITS = { ...SPREADSHEET_LIMITS, rows: svc.MAX_TEAMS * 2 };

export const registrationOrganizerRoutes: FastifyPluginAsyncZod<RegistrationOptions> = async (app, opts) => {
  const organizer = app.requireRole('organizer');
  const baseUrl = (req: FastifyRequest) => baseUrlOf(opts, req);
  const actor = (req: FastifyRequest) => `organizer:${req.account?.email ?? '?'}`;

  app.get(
    '/api/contests/:slug/registrations',
    {
      onRequest: organizer,
      schema: {
        tags: ['registration'],
        summary: 'Every team with its registration and contacts, filtered by status',
        params: slugParamsSchema,
        querystring: registrationListQuerySchema,
        response: { 200: registrationListSchema, ...errors },
      },
    },
    async (req) => {
      const contest = contestOr404(app.db, req.params.slug);
      return {
        counts: svc.countByStatus(app.db, contest.id),
        teams: svc.registrations(app.db, contest.id, { status: req.query.status }, baseUrl(req)),
      };
    },
  );

  const one = (req: FastifyRequest, slug: string, key: string) => {
    const contest = contestOr404(app.db, slug);
    return { team: svc.registrations(app.db, contest.id, { teamId: svc.teamId(app.db, slug, key) }, baseUrl(req))[0]! };
  };

  app.post(
    '/api/contests/:slug/teams/:team/approve',
    {
      onRequest: organizer,
      schema: {
        tags: ['registration'],
        summary: 'Approve a team: it takes part from now on, at the end of the running order',
        params: teamParamsSchema,
        response: { 200: oneRegistrationSchema, ...errors },
      },
    },
    async (req) => {
      svc.review(app.db, req.params.slug, req.params.team, { status: 'active' }, actor(req), app.clock.iso());
      return one(req, req.params.slug, req.params.team);
    },
  );

  app.post(
    '/api/contests/:slug/teams/:team/reject',
    {
      onRequest: organizer,
      schema: {
        tags: ['registration'],
        summary: 'Reject a registration, with a reason the team sees on its page',
        params: teamParamsSchema,
        body: rejectBodySchema,
        response: { 200: oneRegistrationSchema, ...errors },
      },
    },
    async (req) => {
      svc.review(
        app.db,
        req.params.slug,
        req.params.team,
        { status: 'rejected', reason: req.body.reason },
        actor(req),
        app.clock.iso(),
      );
      return one(req, req.params.slug, req.params.team);
    },
  );

  app.post(
    '/api/contests/:slug/registrations/reject-address',
    {
      onRequest: organizer,
      schema: {
        tags: ['registration'],
        summary:
          'Reject every pending registration from one address group (a burst), with one reason the teams see; each is logged',
        params: slugParamsSchema,
        body: rejectAddressBodySchema,
        response: { 200: rejectedAddressSchema, ...errors },
      },
    },
    async (req) => ({
      rejected: svc.rejectAddress(app.db, req.params.slug, req.body.group, req.body.reason, actor(req), app.clock.iso()),
    }),
  );

  app.put(
    '/api/contests/:slug/teams/:team',
    {
      onRequest: organizer,
      schema: {
        tags: ['registration'],
        summary: 'Edit a team: name, unit, contact, members, model or idea',
        params: teamParamsSchema,
        body: teamEditSchema,
        response: { 200: oneRegistrationSchema, ...errors },
      },
    },
    async (req) => {
      svc.editTeam(app.db, req.params.slug, req.params.team, req.body, actor(req), app.clock.iso());
      return one(req, req.params.slug, req.params.team);
    },
  );

  app.post(
    '/api/contests/:slug/teams/:team/link',
    {
      onRequest: organizer,
      schema: {
        tags: ['registration'],
        summary: 'Give a team a new private link; the old one stops working at once',
        params: teamParamsSchema,
        response: { 200: oneRegistrationSchema, ...errors },
      },
    },
    async (req) => {
      svc.reissueLink(app.db, req.params.slug, req.params.team, app.clock.iso());
      req.log.info({ slug: req.params.slug, team: req.params.team }, 'team link reissued');
      return one(req, req.params.slug, req.params.team);
    },
  );

  app.get(
    '/api/contests/:slug/teams/:team/attachment',
    {
      onRequest: organizer,
      schema: { tags: ['registration'], summary: 'Download a team’s attachment', params: teamParamsSchema },
    },
    async (req, reply) => sendFile(reply, svc.attachmentOf(app.db, svc.teamId(app.db, req.params.slug, req.params.team))),
  );

  app.get(
    '/api/contests/:slug/draw',
    {
      onRequest: app.requireRole('organizer', 'host'),
      schema: {
        tags: ['registration'],
        summary: 'The running order of the approved teams, and the seed of the draw that set it',
        params: slugParamsSchema,
        response: { 200: drawSchema, ...errors },
      },
    },
    async (req) => svc.currentDraw(app.db, req.params.slug),
  );

  app.post(
    '/api/contests/:slug/draw',
    {
      onRequest: organizer,
      schema: {
        tags: ['registration'],
        summary: 'Draw the running order from a seed (given, or picked by the server); the seed is shown and logged',
        params: slugParamsSchema,
        body: drawBodySchema,
        response: { 200: drawSchema, ...errors },
      },
    },
    async (req) => svc.draw(app.db, req.params.slug, req.body.seed ?? newSeed(), actor(req), app.clock.iso()),
  );

  app.put(
    '/api/contests/:slug/order',
    {
      onRequest: organizer,
      schema: {
        tags: ['registration'],
        summary: 'Set the running order by hand: every approved team once; logged with the reason',
        params: slugParamsSchema,
        body: orderBodySchema,
        response: { 200: drawSchema, ...errors },
      },
    },
    async (req) => svc.setOrder(app.db, req.params.slug, req.body.teams, req.body.reason ?? null, actor(req), app.clock.iso()),
  );

  app.post(
    '/api/contests/:slug/teams/import',
    {
      onRequest: organizer,
      schema: {
        tags: ['registration'],
        summary:
          'Add approved teams from an XLSX or CSV file (multipart field "file"); with any bad row nothing is added and the rows are listed',
        params: slugParamsSchema,
        response: { 200: importedTeamsSchema, ...errors, 413: errorBodySchema },
      },
    },
    async (req) => {
      const contest = contestOr404(app.db, req.params.slug);
      // A contest takes at most MAX_TEAMS teams: a longer sheet is refused before its rows are checked,
      // which would otherwise hold the event loop for the whole sheet.
      const rows = await readSpreadsheet(await uploaded(req), TEAM_IMPORT_LIMITS);
      const taken = new Set(svc.registrations(app.db, contest.id).map((r) => r.key));
      const { teams, errors: bad } = rowsToTeams(rows, taken, requestLang(req));
      if (bad.length) return { added: [], errors: bad };
      return { added: svc.addTeams(app.db, req.params.slug, teams, actor(req), app.clock.iso()), errors: [] };
    },
  );

  app.post(
    '/api/units/import',
    {
      onRequest: organizer,
      schema: {
        tags: ['registration'],
        summary: 'Read a list of units from an XLSX or CSV file (multipart field "file"); changes nothing',
        response: { 200: importedUnitsSchema, ...errors, 413: errorBodySchema },
      },
    },
    async (req) => rowsToUnits(await readSpreadsheet(await uploaded(req)), requestLang(req)),
  );
};
