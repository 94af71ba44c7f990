/** The one error handler: api.md's error body, worded in the caller's language; never leaks a 5xx. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ERRORS, formatRule, type ErrorCode, type Lang } from '../contract/errors.js';
import { AppError, RequestValidationError } from '../lib/errors.js';
import { wordIssue } from '../contract/issues.js';
import { requestLang } from '../lib/lang.js';

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION',
  // Router errors (the frameworkErrors hook below).
  FST_ERR_BAD_URL: 'BAD_URL',
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
  // @fastify/multipart: a JSON (or any other) body where a file is expected is a 415 that says so.
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'MULTIPART_REQUIRED',
  FST_INVALID_JSON_FIELD_ERROR: 'VALIDATION',
  FST_PROTO_VIOLATION: 'VALIDATION',
  FST_PARTS_LIMIT: 'BODY_TOO_LARGE',
  FST_FILES_LIMIT: 'BODY_TOO_LARGE',
  FST_FIELDS_LIMIT: 'BODY_TOO_LARGE',
  FST_REQ_FILE_TOO_LARGE: 'BODY_TOO_LARGE',
};

function byStatus(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 406) return 'NOT_ACCEPTABLE';
  if (status === 413) return 'BODY_TOO_LARGE';
  if (status === 414) return 'URI_TOO_LONG';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (status === 429) return 'RATE_LIMITED';
  return 'VALIDATION';
}

/** A framework error's code; a known one answers with the registry's status, another keeps its own. */
function frameworkCode(err: FastifyError, status: number): { code: ErrorCode; status: number } {
  const known = typeof err.code === 'string' && Object.hasOwn(FASTIFY_CODES, err.code) ? FASTIFY_CODES[err.code] : undefined;
  return known ? { code: known, status: ERRORS[known].status } : { code: byStatus(status), status };
}

/**
 * Fastify's `frameworkErrors` option: errors of the router (a path that is not valid URL
 * encoding, a parameter over maxParamLength) that never reach the error handler, in the one shape.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const { code, status } = frameworkCode(err, err.statusCode ?? 400);
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ error: { code, message: ERRORS[code][requestLang(req)] } });
}

export function sendError(
  reply: FastifyReply,
  lang: Lang,
  code: ErrorCode,
  extra: { path?: string; params?: Record<string, unknown>; rule?: string; body?: Record<string, unknown> } = {},
) {
  const base = ERRORS[code];
  const detail = extra.rule ? formatRule(extra.rule, lang, extra.params) : undefined;
  const message = detail && extra.path ? `${extra.path}: ${detail}` : base[lang];
  return reply.code(base.status).send({
    ...extra.body,
    error: { code, message, ...(extra.path ? { path: extra.path } : {}) },
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Set by the web plugin when a built web app is served. */
    spaShell?: (reply: FastifyReply) => FastifyReply;
  }
}

export default fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError | AppError | RequestValidationError, req: FastifyRequest, reply) => {
      const lang = requestLang(req);
      if (err instanceof RequestValidationError) {
        const issues = err.issues.map((i) => wordIssue(i, lang));
        const first = issues[0];
        return reply.code(400).send({
          error: {
            code: 'VALIDATION',
            message: first ? `${first.path || err.validationContext || ''}: ${first.message}` : ERRORS.VALIDATION[lang],
            ...(first ? { path: first.path } : {}),
            issues,
          },
        });
      }
      if (err instanceof AppError)
        return sendError(reply, lang, err.code, {
          path: err.path,
          params: err.params,
          rule: typeof err.params['rule'] === 'string' ? err.params['rule'] : undefined,
          body: err.body,
        });
      const status = (err as FastifyError).statusCode ?? 500;
      if (status >= 400 && status < 500) {
        // A known framework code answers with the registry's status (a non-multipart upload: 415, not 406).
        const { code, status: out } = frameworkCode(err as FastifyError, status);
        if (status === 429 && err.message) reply.header('retry-after', reply.getHeader('retry-after') ?? '60');
        return reply.code(out).send({ error: { code, message: ERRORS[code][lang] } });
      }
      req.log.error({ err }, 'unhandled error');
      return reply.code(500).send({ error: { code: 'INTERNAL', message: ERRORS.INTERNAL[lang] } });
    });

    app.setNotFoundHandler((req, reply) => {
      // Pages of the single-page app are routed in the browser: hand them the app's shell.
      const isPage = (req.method === 'GET' || req.method === 'HEAD') && !req.url.startsWith('/api');
      if (isPage && app.spaShell) return app.spaShell(reply);
      return sendError(reply, requestLang(req), 'NOT_FOUND');
    });
  },
  { name: 'errors' },
);
