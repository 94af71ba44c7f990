import fp from 'fastify-plugin';
import type { Db } from '../../db/client.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

/** Shares the opened database with every module; closes it when the app closes. */
export default fp<{ db: Db; closeDb: boolean }>(
  async (app, opts) => {
    app.decorate('db', opts.db);
    if (opts.closeDb) app.addHook('onClose', async () => void opts.db.$client.close());
  },
  { name: 'db' },
);
