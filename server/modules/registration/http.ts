/** What the registration routes share: reading the form and uploads, sending a file, the contest's facts. */
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses } from '../../contract/api.js';
import { stripDiacritics } from '../../contract/text.js';
import { type RegistrationForm, registrationFormSchema } from '../../contract/registration.js';
import { AppError, RequestValidationError } from '../../lib/errors.js';
import { registrationOpen } from '../contests/service.js';
import type { Contest } from '../shared/lookups.js';
import { cleanFileName, sniffAttachment } from './files.js';
import type { Upload } from './service.js';

export const errors = errorResponses(400, 401, 403, 404, 409);

export interface RegistrationOptions {
  publicUrl?: string;
  /**
   * Registrations (and edits) accepted per client address per hour. There is no per-contest cap:
   * it let a flood from a few addresses lock out every new one; bursts are flagged for review instead.
   */
  registrationsPerIpPerHour?: number;
}

/** Where tablets and phones reach this server, without a trailing slash. */
export const baseUrlOf = (opts: RegistrationOptions, req: FastifyRequest) =>
  (opts.publicUrl ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');

/** RFC 6266: an ASCII fallback and the UTF-8 name, so Vietnamese file names survive. */
export function sendFile(reply: FastifyReply, file: { name: string; type: string; data: Buffer }) {
  const ascii = stripDiacritics(file.name).replace(/[^\x20-\x7e]|["\\]/g, '_');
  return reply
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`)
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .type(file.type)
    .send(file.data);
}

/** The form (JSON, or multipart with a "data" JSON field and an optional "attachment" file). */
export async function readForm(req: FastifyRequest): Promise<{ form: RegistrationForm; file?: Upload }> {
  let data: unknown = req.body;
  let file: Upload | undefined;
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

async function readAttachment(part: MultipartFile): Promise<Upload | undefined> {
  const data = await part.toBuffer();
  // A form whose file input was left empty still sends an empty part.
  if (data.length === 0 && !part.filename) return undefined;
  const type = sniffAttachment(data);
  if (!type) throw new AppError('UNSUPPORTED_FILE', 'attachment');
  return { name: cleanFileName(part.filename || 'tep-dinh-kem', type), type, data };
}

export const formBody = {
  description:
    'JSON (the form), or multipart/form-data with a field "data" holding the form as JSON and an optional file ' +
    '"attachment" (PDF or PPTX, at most 20 MB, its type checked by content). "website" must stay empty.',
};

export async function uploaded(req: FastifyRequest): Promise<Buffer> {
  if (!req.isMultipart()) throw new AppError('VALIDATION', 'file', { rule: 'FILE_REQUIRED' });
  try {
    const file = await req.file({ limits: { fileSize: 5 * 1024 * 1024 } });
    if (!file) throw new AppError('VALIDATION', 'file', { rule: 'FILE_REQUIRED' });
    return await file.toBuffer();
  } catch (err) {
    throw multipartError(err, 'file');
  }
}

/** Errors of reading a multipart body, each a 4xx naming the field (busboy's own have no status). */
export function multipartError(err: unknown, fileField: string): unknown {
  if (err instanceof AppError) return err;
  const code = (err as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE')
    return new AppError(fileField === 'attachment' ? 'FILE_TOO_LARGE' : 'BODY_TOO_LARGE', fileField);
  if (code === 'FST_FILES_LIMIT') return new AppError('VALIDATION', fileField, { rule: 'ONE_FILE' });
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') return new AppError('BODY_TOO_LARGE', 'data');
  if (typeof (err as { statusCode?: unknown }).statusCode === 'number') return err;
  return new AppError('VALIDATION', fileField, { rule: 'MULTIPART_FORMAT' });
}

export function contestFacts(c: Contest, now: number) {
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
