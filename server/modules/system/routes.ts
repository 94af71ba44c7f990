import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { healthSchema } from '../../contract/api.js';
import { contestPackageSchema } from '../../contract/package.js';
import { VERSION } from '../../lib/version.js';

export const systemRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/health', { schema: { tags: ['system'], summary: 'Liveness', response: { 200: healthSchema } } }, async () => ({
    ok: true as const,
    version: VERSION,
  }));

  const packageJsonSchema = {
    $id: '/api/schema/contest.json',
    title: 'hoithi contest package (hoithi/contest@1)',
    ...z.toJSONSchema(contestPackageSchema, { io: 'input', unrepresentable: 'any' }),
  };
  app.get(
    '/api/schema/contest.json',
    { schema: { tags: ['system'], summary: 'JSON Schema of the contest package' } },
    async () => packageJsonSchema,
  );

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
};
