/**
 * The OpenAPI document lists each route's real statuses. Routes declare what their handlers
 * answer; the statuses the framework itself may answer on any route are added here, all in the
 * one error shape (server/plugins/errors.ts):
 *  - 400 (a path that is not valid URL encoding, a bad body) and 414 (a parameter over the
 *    router's limit) on routes with path parameters;
 *  - 400 (not JSON), 413 (too large) and 415 (another content type; a file route given JSON) on
 *    routes that take a body;
 *  - 404 on routes with path parameters; 401 and 403 on guarded routes; 403 on every write
 *    (a request from another site);
 *  - 429 on rate-limited routes;
 *  - a 200 without JSON content on routes that answer a file.
 * A 204 has no body: its response carries no content in the document.
 */
import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { errorBodySchema } from '../contract/api.js';

type Transform = NonNullable<FastifyDynamicSwaggerOptions['transform']>;
type TransformObject = NonNullable<FastifyDynamicSwaggerOptions['transformObject']>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Error statuses of a route that answers a file, so has no response schema: for the document only. */
    errorStatuses?: number[];
  }
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

export const declareStatuses: Transform = (input) => {
  const { schema, route, url } = input;
  if (!schema || schema.hide) return jsonSchemaTransform(input);
  const methods = new Set((Array.isArray(route.method) ? route.method : [route.method]).map((m) => String(m).toUpperCase()));
  const extra: Record<number, typeof errorBodySchema> = {};
  // A key in the path: not valid URL encoding or not a key (400), over the router's limit (414), no such thing (404).
  if (url.includes(':')) Object.assign(extra, { 400: errorBodySchema, 404: errorBodySchema, 414: errorBodySchema });
  // A guard (a role, a judge's or a team's link) before the handler.
  if (route.onRequest) Object.assign(extra, { 401: errorBodySchema, 403: errorBodySchema });
  // A write from another site is refused (403 FOREIGN_ORIGIN).
  if ([...methods].some((m) => BODY_METHODS.has(m) || m === 'DELETE')) extra[403] = errorBodySchema;
  if ([...methods].some((m) => BODY_METHODS.has(m)))
    Object.assign(extra, { 400: errorBodySchema, 413: errorBodySchema, 415: errorBodySchema });
  const config = route.config as { rateLimit?: unknown; errorStatuses?: number[] } | undefined;
  if (config?.rateLimit) extra[429] = errorBodySchema;
  for (const status of config?.errorStatuses ?? []) extra[status] = errorBodySchema;
  const declared = (schema.response ?? {}) as Record<string, unknown>;
  const response = { ...extra, ...declared };
  const result = jsonSchemaTransform({ ...input, schema: { ...schema, response } });
  // A route answering a file or a page declares no 2xx schema: its 200 is listed, without JSON content.
  if (!Object.keys(declared).some((k) => k.startsWith('2'))) {
    const out = result.schema as { response?: Record<string, unknown> };
    out.response = { ...out.response, 200: { type: 'null', description: 'A file or a document, not JSON' } };
  }
  return result;
};

/** A 204 carries no body: no content in the document (not a JSON null). */
export const noContentWithoutBody: TransformObject = (input) => {
  const doc = ('openapiObject' in input ? input.openapiObject : input.swaggerObject) as {
    paths?: Record<string, Record<string, { responses?: Record<string, { content?: unknown; description?: string }> }>>;
  };
  for (const methods of Object.values(doc.paths ?? {}))
    for (const op of Object.values(methods)) {
      const noContent = op?.responses?.['204'];
      if (noContent) {
        delete noContent.content;
        noContent.description = 'No content';
      }
    }
  return doc as ReturnType<TransformObject>;
};
