/** Write operations for db/write-thread.test.ts: what the write thread runs, and who runs it. */
import { threadId } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import type { WriteOps } from '../../db/write-thread.js';
import * as t from '../../db/schema.js';
import { AppError } from '../../server/lib/errors.js';

export default {
  insert: (tx: Tx, email: string) =>
    tx.insert(t.accounts).values({ email, passwordHash: 'x', role: 'host' }).returning({ id: t.accounts.id }).get().id,
  thread: () => threadId,
  synchronous: (tx: Tx) => tx.get<{ synchronous: number }>(sql.raw('PRAGMA synchronous')).synchronous,
  /** On a worker thread, process.exit ends that thread alone: a crash in the middle of a write. */
  crash: () => process.exit(1),
  refuse: () => {
    throw new AppError('VERSION_CONFLICT', 'baseVersion', {}, { current: { version: 3 } });
  },
} satisfies WriteOps;
