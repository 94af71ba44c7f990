import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { healthSchema } from '../../contract/api.js';
import { contestPackageSchema } from '../../contract/package.js';
import { createReadStream } from 'node:fs';
import { VERSION } from '../../lib/version.js';
import { databaseCopy } from './service.js';

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

  app.get(
    '/api/backup',
    {
      onRequest: app.requireRole('organizer'),
      config: { rateLimit: { max: 6, timeWindow: '1 minute' } },
      schema: { tags: ['system'], summary: 'Download a consistent copy of the whole database (SQLite file)' },
    },
    async (_req, reply) => {
      const copy = await databaseCopy(app.db);
      const stamp = app.clock.iso().replace(/[:.]/g, '-');
      const stream = createReadStream(copy.file);
      stream.on('close', () => void copy.remove());
      return reply
        .header('content-disposition', `attachment; filename="hoithi-${stamp}.sqlite"`)
        .type('application/vnd.sqlite3')
        .send(stream);
    },
  );

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
};
