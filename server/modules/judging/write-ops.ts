/**
 * The judging writes the write thread runs (db/write-thread.ts): a sheet, in the thread's group
 * commit, exactly as `writeSheet` runs it on the event loop for a database in memory.
 */
import type { Tx } from '../../../db/client.js';
import type { WriteOps } from '../../../db/write-thread.js';
import { writeSheet, type SheetWrite } from './service.js';

export default {
  sheet: (tx: Tx, input: { w: SheetWrite; at: string }) => writeSheet(tx, input.w, input.at),
} satisfies WriteOps;
