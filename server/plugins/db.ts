import fp from 'fastify-plugin';
import { writesOf } from '../../db/batcher.js';
import type { Db } from '../../db/client.js';
import { startWriteThread, stopWriteThread, type WriteThreadOptions } from '../../db/write-thread.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

/**
 * Shares the opened database with every module; closes it when the app closes. With `writes` (the
 * domain's write operations), a database on disk gets a write thread for its group commits
 * (db/write-thread.ts), stopped when the app closes, after the writes it holds; the event loop's
 * group commit (db/batcher.ts) commits what it has queued then too.
 */
export default fp<{ db: Db; closeDb: boolean; writes?: Omit<WriteThreadOptions, 'db' | 'onFailedStart'> }>(
  async (app, opts) => {
    app.decorate('db', opts.db);
    if (opts.writes) {
      startWriteThread(opts.db, {
        ...opts.writes,
        onFailedStart: (error) =>
          app.log.error({ err: error }, 'the write thread did not start: sheets commit on the event loop'),
      });
    }
    app.addHook('onClose', async () => {
      await stopWriteThread(opts.db);
      // The event loop's group commit (HOITHI_WRITE_THREAD=0, or auto on a fast disk): what is
      // queued for its next turn commits before the database closes.
      writesOf(opts.db).drain();
      if (opts.closeDb) opts.db.$client.close();
    });
  },
  { name: 'db' },
);
