/**
 * The write thread's side (db/write-thread.ts): its own connection to the database file, the same
 * group commit as the event loop's (db/batcher.ts), and the operations of the module it was given.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { writesOf } from './batcher.js';
import { openDb } from './client.js';
import { errorFields, type ThreadReply, type ThreadRequest, type WriteOps } from './write-thread.js';

const { file, ops: opsUrl } = workerData as { file: string; ops: string };
const ops = ((await import(opsUrl)) as { default: WriteOps }).default;
const db = openDb(file, { migrate: false });
const port = parentPort!;

// Before any write is read: a thread that dies before this never ran one (db/write-thread.ts).
port.postMessage({ ready: true } satisfies ThreadReply);
port.on('message', ({ id, op, input }: ThreadRequest) => {
  const fn = ops[op];
  const reply = (r: ThreadReply) => port.postMessage(r);
  if (!fn) return reply({ id, ok: false, error: { name: 'Error', message: `no write operation "${op}"` } });
  writesOf(db)
    .run((tx) => fn(tx, input as never))
    .then(
      (value) => reply({ id, ok: true, value }),
      (error: unknown) => reply({ id, ok: false, error: errorFields(error) }),
    );
});
