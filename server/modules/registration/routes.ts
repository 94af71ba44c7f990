/** Registration, review, the running order, and spreadsheet imports of units and teams. */
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBodySchema, slugParamsSchema, teamParamsSchema } from '../../contract/api.js';
import { stripDiacritics } from '../../contract/text.js';
import {
  ATTACHMENT_MAX_BYTES,
  drawBodySchema,
  drawSchema,
  importedTeamsSchema,
  importedUnitsSchema,
  oneRegistrationSchema,
  orderBodySchema,
  registeredSchema,
  registrationContestSchema,
  type RegistrationForm,
  registrationFormSchema,
  registrationListQuerySchema,
  registrationListSchema,
  rejectAddressBodySchema,
  rejectBodySchema,
  rejectedAddressSchema,
  teamEditSchema,
  teamRegistrationSchema,
} from '../../contract/registration.js';
import { AppError, RequestValidationError } from '../../lib/errors.js';
import { requestLang } from '../../lib/lang.js';
import { randomToken } from '../../lib/password.js';
import { registrationOpen, teamLinkPath } from '../contests/service.js';
import { cleanFileName, sniffAttachment } from './files.js';
import { newSeed } from './draw.js';
import { rowsToTeams, rowsToUnits } from './import.js';
import { readSpreadsheet, SPREADSHEET_LIMITS } from '../../lib/spreadsheet/index.js';
import * as svc from './service.js';
import { contestOr404, type Contest } from '../shared/lookups.js';

/** A header, every team a contest can take, and room for blank and note lines. */
const TEAM_IMPORT_LIMITS = { ...SPREADSHEET_LIMITS, rows: svc.MAX_TEAMS * 2 };

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

export interface RegistrationOptions {
  publicUrl?: string;
  /**
   * Registrations (and edits) accepted per client address per hour. There is no per-contest cap:
   * it let a flood from a few addresses lock out every new one; bursts are flagged for review instead.
   */
  registrationsPerIpPerHour?: number;
}

/** RFC 6266: an ASCII fallback and the UTF-8 name, so Vietnamese file names survive. */
function sendFile(reply: FastifyReply, file: { name: string; type: string; data: Buffer }) {
  const ascii = stripDiacritics(file.name).replace(/[^\x20-\x7e]|["\\]/g, '_');
  return reply
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .type(file.type)
    .send(file.data);
}

export const registrationRoutes: FastifyPluginAsyncZod<RegistrationOptions> = async (app, opts) => {
  await app.register(multipart, {
    limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1, fields: 4, fieldSize: 64 * 1024, parts: 6 },
  });
  const organizer = app.requireRole('organizer');
  const perIp = { max: opts.registrationsPerIpPerHour ?? 10, timeWindow: '1 hour' };
  const baseUrl = (req: FastifyRequest) => (opts.publicUrl ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');
  const actor = (req: FastifyRequest) => `organizer:${req.account?.email ?? '?'}`;

  /** The form (JSON, or multipart with a "data" JSON field and an optional "attachment" file). */
  async function readForm(req: FastifyRequest): Promise<{ form: RegistrationForm; file?: svc.Upload }> {
    let data: unknown = req.body;
    let file: svc.Upload | undefined;
    if (req.isMultipart()) {
      data = undefined;
      try {
        for await (const part of req.parts()) {
          if (part.type === 'file') {
            if (part.fieldname !== 'attachment') throw new AppError('VALIDATION', part.fieldname, { rule: 'UNKNOWN_FIELD' });
            file = await readAttachment(part);
          } else if (part.fieldname === 'data') {
            if (part.valueTruncated) throw new AppError('BODY_TOO_LARGE', 'data');
            try {
              data = JSON.parse(String(part.value));
            } catch {
              throw new AppError('BAD_JSON', 'data');
            }
          }
        }
      } catch (err) {
        throw multipartError(err, 'attachment');
      }
      if (data === undefined) throw new AppError('VALIDATION', 'data', { rule: 'FIELD_REQUIRED' });
    }
    const parsed = registrationFormSchema.safeParse(data);
    if (!parsed.success) throw new RequestValidationError(parsed.error.issues);
    return { form: parsed.data, file };
  }

  async function readAttachment(part: MultipartFile): Promise<svc.Upload | undefined> {
    const data = await part.toBuffer();
    // A form whose file input was left empty still sends an empty part.
    if (data.length === 0 && !part.filename) return undefined;
    const type = sniffAttachment(data);
    if (!type) throw new AppError('UNSUPPORTED_FILE', 'attachment');
    return { name: cleanFileName(part.filename || 'tep-dinh-kem', type), type, data };
  }

  const formBody = {
    description:
      'JSON (the form), or multipart/form-data with a field "data" holding the form as JSON and an optional file ' +
      '"attachment" (PDF or PPTX, at most 20 MB, its type checked by content). "website" must stay empty.',
  };

  // ── public ─────────────────────────────────────────────────────────────

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

  // ── the team, through its private link ─────────────────────────────────

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

  // ── the organizer ──────────────────────────────────────────────────────

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
      svc.review(app.db, req.params.slug, req.params.team, { status: 'active' }, actor(req));
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
      svc.review(app.db, req.params.slug, req.params.team, { status: 'rejected', reason: req.body.reason }, actor(req));
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
    async (req) => ({ rejected: svc.rejectAddress(app.db, req.params.slug, req.body.group, req.body.reason, actor(req)) }),
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
      svc.editTeam(app.db, req.params.slug, req.params.team, req.body, actor(req));
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
      svc.reissueLink(app.db, req.params.slug, req.params.team);
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
    async (req) => svc.draw(app.db, req.params.slug, req.body.seed ?? newSeed(), actor(req)),
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
    async (req) => svc.setOrder(app.db, req.params.slug, req.body.teams, req.body.reason ?? null, actor(req)),
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
      return { added: svc.addTeams(app.db, req.params.slug, teams, actor(req)), errors: [] };
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

  async function uploaded(req: FastifyRequest): Promise<Buffer> {
    if (!req.isMultipart()) throw new AppError('VALIDATION', 'file', { rule: 'FILE_REQUIRED' });
    try {
      const file = await req.file({ limits: { fileSize: 5 * 1024 * 1024 } });
      if (!file) throw new AppError('VALIDATION', 'file', { rule: 'FILE_REQUIRED' });
      return await file.toBuffer();
    } catch (err) {
      throw multipartError(err, 'file');
    }
  }
};

/** Errors of reading a multipart body, each a 4xx naming the field (busboy's own have no status). */
function multipartError(err: unknown, fileField: string): unknown {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE')
    return new AppError(fileField === 'attachment' ? 'FILE_TOO_LARGE' : 'BODY_TOO_LARGE', fileField);
  if (code === 'FST_FILES_LIMIT') return new AppError('VALIDATION', fileField, { rule: 'ONE_FILE' });
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') return new AppError('BODY_TOO_LARGE', 'data');
  if (typeof (err as { statusCode?: unknown }).statusCode === 'number') return err;
  return new AppError('VALIDATION', fileField, { rule: 'MULTIPART_FORMAT' });
}

function contestFacts(c: Contest, now: number) {
  return {
    slug: c.slug,
    title: c.title,
    organizer: c.organizer,
    date: c.date,
    venue: c.venue,
    locale: c.locale,
    deadline: c.registrationDeadline,
    open: registrationOpen(c.registrationDeadline, now),
    units: c.units,
  };
}
