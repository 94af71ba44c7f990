/**
 * The official documents of a contest (organizer only): results.csv, results.xlsx, the minutes
 * (results.pdf), the printable score sheets and the certificates. All come from one
 * ResultsTable, built from exact data; the renderers live in this folder.
 */
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema, errorResponses, slugParamsSchema } from '../../contract/api.js';
import { AppError } from '../../lib/errors.js';
import { requestLang } from '../../lib/lang.js';
import { renderResultsCsv } from './csv.js';
import { certificateEntries, renderCertificatesPdf } from './pdf-certificates.js';
import { renderMinutesPdf } from './pdf-minutes.js';
import { renderScoreSheetsPdf } from './pdf-sheets.js';
import { renderResultsXlsx } from './xlsx.js';
import { changesForMinutes, documentSource } from './service.js';

const errors = errorResponses(401, 403, 404);
const file = (description: string) => z.string().meta({ format: 'binary', description });

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The document as an attachment; slugs are ASCII, so the file name needs no encoding. */
function attachment(reply: FastifyReply, type: string, filename: string, body: Buffer) {
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

export const documentRoutes: FastifyPluginAsyncZod<{ publicUrl?: string }> = async (app, opts) => {
  const organizer = app.requireRole('organizer');
  const load = (slug: string) => documentSource(app.db, slug, app.clock.iso());

  app.get(
    '/api/contests/:slug/results.csv',
    {
      onRequest: organizer,
      schema: {
        tags: ['documents'],
        summary: 'The results as CSV (UTF-8 with BOM): standings with every judge’s sheet totals per round',
        params: slugParamsSchema,
        produces: ['text/csv'],
        response: { 200: file('CSV, RFC 4180, CRLF'), ...errors },
      },
    },
    async (req, reply) => {
      const { table } = load(req.params.slug);
      const csv = renderResultsCsv(table, requestLang(req));
      return attachment(reply, 'text/csv; charset=utf-8', `${table.contest.slug}-ket-qua.csv`, Buffer.from(csv, 'utf8'));
    },
  );

  app.get(
    '/api/contests/:slug/results.xlsx',
    {
      onRequest: organizer,
      schema: {
        tags: ['documents'],
        summary: 'The results as an Excel workbook: standings, then every judge’s marks per rubric round',
        params: slugParamsSchema,
        produces: [XLSX],
        response: { 200: file('XLSX workbook'), ...errors },
      },
    },
    async (req, reply) => {
      const { table, teamOrder } = load(req.params.slug);
      const body = await renderResultsXlsx(table, { lang: requestLang(req), teamOrder });
      return attachment(reply, XLSX, `${table.contest.slug}-ket-qua.xlsx`, body);
    },
  );

  app.get(
    '/api/contests/:slug/results.pdf',
    {
      onRequest: organizer,
      schema: {
        tags: ['documents'],
        summary:
          'The minutes of the scoring results (biên bản) as PDF: standings, judges’ totals, prizes, every change after marking began, and a signature block',
        params: slugParamsSchema,
        produces: ['application/pdf'],
        response: { 200: file('PDF'), ...errors },
      },
    },
    async (req, reply) => {
      const { table, data } = load(req.params.slug);
      const body = await renderMinutesPdf(table, {
        lang: requestLang(req),
        tiebreak: data.contest.tiebreak,
        changes: changesForMinutes(app.db, data.contest.id),
        signatories: { chair: data.contest.chairName, secretary: data.contest.secretaryName },
      });
      return attachment(reply, 'application/pdf', `${table.contest.slug}-bien-ban.pdf`, body);
    },
  );

  app.get(
    '/api/contests/:slug/score-sheets.pdf',
    {
      onRequest: organizer,
      schema: {
        tags: ['documents'],
        summary: 'Printable score sheets (phiếu chấm điểm): one page per judge per rubric round',
        params: slugParamsSchema,
        produces: ['application/pdf'],
        response: { 200: file('PDF'), ...errors },
      },
    },
    async (req, reply) => {
      const { table, teamOrder } = load(req.params.slug);
      const body = await renderScoreSheetsPdf(table, { lang: requestLang(req), teamOrder });
      return attachment(reply, 'application/pdf', `${table.contest.slug}-phieu-cham.pdf`, body);
    },
  );

  app.get(
    '/api/contests/:slug/certificates.pdf',
    {
      onRequest: organizer,
      schema: {
        tags: ['documents'],
        summary: 'Certificates (giấy khen) for every winner of every decided prize, with serial and QR code',
        params: slugParamsSchema,
        produces: ['application/pdf'],
        response: { 200: file('PDF'), ...errors, 409: errorBodySchema },
      },
    },
    async (req, reply) => {
      const { table, data } = load(req.params.slug);
      const entries = certificateEntries(table, data.contest.createdAt);
      if (!entries.length) throw new AppError('NO_WINNERS');
      const publicBase = opts.publicUrl ?? `${req.protocol}://${req.host}`;
      const body = await renderCertificatesPdf(table, entries, { lang: requestLang(req), publicBase });
      return attachment(reply, 'application/pdf', `${table.contest.slug}-giay-khen.pdf`, body);
    },
  );
};
