/** The one error handler: api.md's error body, worded in the caller's language; never leaks a 5xx. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ERRORS, formatRule, type ErrorCode, type Lang } from '../contract/errors.js';
import { AppError, RequestValidationError } from '../lib/errors.js';
import { wordIssue } from '../lib/issues.js';
import { requestLang } from '../lib/lang.js';

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION',
};

function byStatus(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 413) return 'BODY_TOO_LARGE';
  if (status === 415) return 'UNSUPPORTED_MEDIA_TYPE';
  if (status === 429) return 'RATE_LIMITED';
  return 'VALIDATION';
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
        const code = FASTIFY_CODES[(err as FastifyError).code] ?? byStatus(status);
        if (status === 429 && err.message) reply.header('retry-after', reply.getHeader('retry-after') ?? '60');
        return reply.code(status).send({ error: { code, message: ERRORS[code][lang] } });
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
