import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { healthSchema } from '../../contract/api.js';
import { contestPackageSchema } from '../../contract/package.js';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupTo } from '../../lib/backup.js';
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

  app.get(
    '/api/backup',
    {
      onRequest: app.requireRole('organizer'),
      config: { rateLimit: { max: 6, timeWindow: '1 minute' } },
      schema: { tags: ['system'], summary: 'Download a consistent copy of the whole database (SQLite file)' },
    },
    async (_req, reply) => {
      const dir = await mkdtemp(join(tmpdir(), 'hoithi-backup-'));
      const file = join(dir, 'hoithi.sqlite');
      await backupTo(app.db.$client, file);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const stream = createReadStream(file);
      stream.on('close', () => void rm(dir, { recursive: true, force: true }));
      return reply
        .header('content-disposition', `attachment; filename="hoithi-${stamp}.sqlite"`)
        .type('application/vnd.sqlite3')
        .send(stream);
    },
  );

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
};
