// The write thread's entry (db/write-thread.ts): TypeScript sources load through tsx, as the
// server's own do (`npm start` runs them with tsx); a built .js entry loads as it is.
import { workerData } from 'node:worker_threads';

if (workerData.entry.endsWith('.ts')) (await import('tsx/esm/api')).register();
await import(workerData.entry);
