/**
 * Group commit: writes that arrive together are committed in ONE immediate transaction, so in one
 * fsync, instead of one transaction and one fsync each. Durability is unchanged (synchronous=FULL
 * still syncs the WAL at that commit) and so is every answer: a write's promise settles only after
 * the commit, with its own result or its own error.
 *
 * `await writesOf(db).run((tx) => …)` queues the function; a flush on the next turn of the event
 * loop (setImmediate: after the requests the loop has just read) runs every queued function in its
 * own SAVEPOINT inside one BEGIN IMMEDIATE … COMMIT. A function that throws rolls back to its
 * savepoint alone and rejects only its own promise; the others commit. A failure that ends the
 * whole transaction (disk full, I/O error) or of the COMMIT itself rejects every write of the batch:
 * none of them was acknowledged.
 */
import { write, type Db, type Tx } from './client.js';

interface Queued {
  fn: (tx: Tx) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class WriteBatcher {
  #queue: Queued[] = [];
  #scheduled = false;

  /** `maxBatch` bounds one transaction: the rest waits for the next flush. */
  constructor(
    readonly db: Db,
    readonly maxBatch = 256,
  ) {}

  /** Runs `fn` in the next group commit; resolves with its result once that commit is durable. */
  run<T>(fn: (tx: Tx) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Commits everything queued now, in as many group commits as it takes (the database closing). */
  drain(): void {
    while (this.#queue.length > 0) this.flush();
  }

  /** Commits the queued writes now, each in its own savepoint, and then settles their promises. */
  flush(): void {
    this.#scheduled = false;
    const batch = this.#queue.splice(0, this.maxBatch);
    if (this.#queue.length > 0) this.#schedule();
    if (batch.length === 0) return;
    const client = this.db.$client;
    let outcomes: Outcome[];
    try {
      outcomes = write(this.db, (tx) =>
        batch.map((item): Outcome => {
          try {
            // Inside the transaction, write() is a savepoint: RELEASE, or ROLLBACK TO and rethrow.
            return { ok: true, value: write(tx, item.fn) };
          } catch (error) {
            // SQLite ended the whole transaction: nothing of the batch is committed.
            if (!client.inTransaction) throw error;
            return { ok: false, error };
          }
        }),
      );
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }
}

const batchers = new WeakMap<Db, WriteBatcher>();

/** The group commit of a database: one per opened database, created on first use. */
export function writesOf(db: Db): WriteBatcher {
  let batcher = batchers.get(db);
  if (batcher === undefined) {
    batcher = new WriteBatcher(db);
    batchers.set(db, batcher);
  }
  return batcher;
}
