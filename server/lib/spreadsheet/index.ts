/**
 * Bounded reading of an uploaded spreadsheet (units, teams, quiz bank): the rows of an XLSX's
 * first sheet or of a CSV, as text. The work happens in a worker thread with a heap limit and a
 * deadline, one file at a time, so a hostile file can neither block the event loop nor grow the
 * server past the limits below; what the worker refuses is a 400 FILE_TOO_COMPLEX naming the limit.
 */
import { Worker } from 'node:worker_threads';
import { AppError } from '../errors.js';

const MB = 1024 * 1024;

export interface SpreadsheetLimits {
  /** Size of the uploaded file. */
  fileBytes: number;
  /** Entries in the XLSX's ZIP directory. */
  zipEntries: number;
  /** Uncompressed size of one ZIP entry, declared or actual. */
  entryBytes: number;
  /** Uncompressed size of all entries declared, and of those inflated. */
  totalBytes: number;
  rows: number;
  columns: number;
  cells: number;
  /** The worker is terminated after this long. */
  deadlineMs: number;
  /** Heap of the worker (V8 old generation). */
  heapMb: number;
}

export const SPREADSHEET_LIMITS: SpreadsheetLimits = {
  fileBytes: 5 * MB,
  zipEntries: 1000,
  entryBytes: 16 * MB,
  totalBytes: 48 * MB,
  rows: 20_000,
  columns: 200,
  cells: 200_000,
  deadlineMs: 8_000,
  heapMb: 96,
};

type Answer =
  | { ok: true; rows: string[][] }
  | { ok: false; kind: 'too-complex' | 'unsupported'; rule?: string; params?: Record<string, unknown> };

const WORKER = new URL('./worker.js', import.meta.url);

/** One file is read at a time: the memory a hostile file may take is bounded once, not per upload. */
let queue: Promise<unknown> = Promise.resolve();

function tooComplex(rule: string, params: Record<string, unknown>): AppError {
  return new AppError('FILE_TOO_COMPLEX', 'file', { rule, ...params });
}

function runWorker(buffer: Buffer, limits: SpreadsheetLimits): Promise<string[][]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      workerData: { buffer: new Uint8Array(buffer), limits },
      resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
      // The worker needs no loader: it is plain JavaScript, whatever runs the server.
      execArgv: [],
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(
      () => settle(() => reject(tooComplex('SHEET_TOO_SLOW', { max: limits.deadlineMs / 1000 }))),
      limits.deadlineMs,
    );
    worker.once('message', (answer: Answer) =>
      settle(() => {
        if (answer.ok) resolve(answer.rows);
        else if (answer.kind === 'too-complex') reject(tooComplex(answer.rule ?? 'SHEET_TOO_LARGE', answer.params ?? {}));
        else reject(new AppError('UNSUPPORTED_FILE', 'file'));
      }),
    );
    worker.once('error', (err: NodeJS.ErrnoException) =>
      settle(() =>
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? tooComplex('SHEET_TOO_LARGE', { max: limits.heapMb })
            : new AppError('UNSUPPORTED_FILE', 'file'),
        ),
      ),
    );
    worker.once('exit', () => settle(() => reject(new AppError('UNSUPPORTED_FILE', 'file'))));
  });
}

/** The rows of an uploaded XLSX (first sheet) or CSV (UTF-8, comma or semicolon); anything else is refused. */
export function readSpreadsheet(buffer: Buffer, limits: SpreadsheetLimits = SPREADSHEET_LIMITS): Promise<string[][]> {
  if (buffer.length > limits.fileBytes) return Promise.reject(tooComplex('FILE_TOO_BIG', { max: limits.fileBytes / MB }));
  const run = queue.then(() => runWorker(buffer, limits));
  queue = run.catch(() => undefined);
  return run;
}
