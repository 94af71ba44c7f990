/** Write operations that cannot load on a worker thread: the write thread's failed start (db/write-thread.test.ts). */
import { isMainThread, threadId } from 'node:worker_threads';
import type { WriteOps } from '../../db/write-thread.js';

if (!isMainThread) throw new Error('this module does not load on a worker thread');

export default {
  thread: () => threadId,
} satisfies WriteOps;
