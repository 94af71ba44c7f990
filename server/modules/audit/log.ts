/**
 * The append-only score event log with a hash chain: each row carries
 * sha256(previous hash + canonical JSON of the row), per contest. The JSON columns are stored as
 * canonical text and hashed byte for byte, so changing one byte of any row breaks its hash and
 * every prev_hash after it.
 */
import { createHash } from 'node:crypto';
import { asc, desc, eq, sql } from 'drizzle-orm';
import { prepared, type DbLike as Db } from '../../../db/client.js';
import * as t from '../../../db/schema.js';
import { canonicalJson } from '../../lib/canonical.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface NewEvent {
  contestId: number;
  actor: string;
  kind: string;
  subject: Record<string, unknown>;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

export type EventRow = typeof t.scoreEvents.$inferSelect;
export type HashedFields = Pick<EventRow, 'seq' | 'at' | 'actor' | 'kind' | 'subject' | 'before' | 'after' | 'reason'>;

/** The hashed bytes: canonical JSON of the row, with the stored JSON texts embedded verbatim. */
export function rowHash(prevHash: string, row: HashedFields): string {
  const body =
    `{"actor":${JSON.stringify(row.actor)},"after":${row.after},"at":${JSON.stringify(row.at)},` +
    `"before":${row.before},"kind":${JSON.stringify(row.kind)},"reason":${JSON.stringify(row.reason ?? null)},` +
    `"seq":${row.seq},"subject":${row.subject}}`;
  return createHash('sha256').update(prevHash).update(body).digest('hex');
}

export interface Receipt {
  seq: number;
  hash: string;
  at: string;
}

// Every accepted write appends: its queries are built once (prepared). They have no `.limit(1)`:
// drizzle binds a limit as a parameter, and SQLite (3.47+) re-prepares a statement whenever a
// bound LIMIT is bound again (about 3 µs each time). `.get()` reads only the first row, and both
// read in index order (score_events_contest_idx, the primary key), so nothing is sorted.
const headHashQuery = prepared((db) =>
  db
    .select({ hash: t.scoreEvents.hash })
    .from(t.scoreEvents)
    .where(eq(t.scoreEvents.contestId, sql.placeholder('contestId')))
    .orderBy(desc(t.scoreEvents.seq))
    .prepare(),
);
const lastSeqQuery = prepared((db) =>
  db.select({ seq: t.scoreEvents.seq }).from(t.scoreEvents).orderBy(desc(t.scoreEvents.seq)).prepare(),
);
const insertEventQuery = prepared((db) =>
  db
    .insert(t.scoreEvents)
    .values({
      seq: sql.placeholder('seq'),
      at: sql.placeholder('at'),
      actor: sql.placeholder('actor'),
      kind: sql.placeholder('kind'),
      subject: sql.placeholder('subject'),
      before: sql.placeholder('before'),
      after: sql.placeholder('after'),
      reason: sql.placeholder('reason'),
      contestId: sql.placeholder('contestId'),
      prevHash: sql.placeholder('prevHash'),
      hash: sql.placeholder('hash'),
    })
    .prepare(),
);

/** Appends one event at `at` (the app clock's time, passed down by the route); call it inside the transaction that makes the change it records. */
export function appendEvent(tx: Db, e: NewEvent, at: string): Receipt {
  const prev = headHashQuery(tx).get({ contestId: e.contestId })?.hash ?? GENESIS_HASH;
  // The seq is part of the hashed row, so it is taken before the insert (inside the same write
  // transaction, so no other writer can take it).
  const last = lastSeqQuery(tx).get();
  const row: HashedFields = {
    seq: (last?.seq ?? 0) + 1,
    at,
    actor: e.actor,
    kind: e.kind,
    subject: canonicalJson(e.subject),
    before: canonicalJson(e.before ?? null),
    after: canonicalJson(e.after ?? null),
    reason: e.reason ?? null,
  };
  const hash = rowHash(prev, row);
  insertEventQuery(tx).run({ ...row, contestId: e.contestId, prevHash: prev, hash });
  return { seq: row.seq, hash, at };
}

export function listEvents(db: Db, contestId: number): EventRow[] {
  return db.select().from(t.scoreEvents).where(eq(t.scoreEvents.contestId, contestId)).orderBy(asc(t.scoreEvents.seq)).all();
}

export interface ChainCheck {
  ok: boolean;
  problems: string[];
  head: string;
  events: number;
}

/** Recomputes every hash of a contest's chain from the stored rows. */
export function verifyChain(events: readonly EventRow[]): ChainCheck {
  const problems: string[] = [];
  let prev = GENESIS_HASH;
  for (const e of events) {
    if (e.prevHash !== prev) problems.push(`event ${e.seq}: prev_hash does not match the event before it`);
    if (rowHash(prev, e) !== e.hash) problems.push(`event ${e.seq}: hash does not match its content`);
    prev = e.hash;
  }
  return { ok: problems.length === 0, problems, head: prev, events: events.length };
}

/** A stored JSON text read back without throwing: `ok: false` when the text is not JSON. */
export function readJson(text: unknown): { ok: true; value: unknown } | { ok: false } {
  if (typeof text !== 'string') return { ok: false };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * An event's JSON columns for display: never throws on any stored row. A subject that is not a
 * JSON object is shown as `{ unreadable: <stored text> }`, a before/after that is not JSON as its
 * stored text; verifyContest reports both as problems.
 */
export function readEventColumns(e: Pick<EventRow, 'subject' | 'before' | 'after'>): {
  subject: Record<string, unknown>;
  before: unknown;
  after: unknown;
} {
  const subject = readJson(e.subject);
  const before = readJson(e.before);
  const after = readJson(e.after);
  return {
    subject: subject.ok && isPlainObject(subject.value) ? subject.value : { unreadable: String(e.subject) },
    before: before.ok ? before.value : String(e.before),
    after: after.ok ? after.value : String(e.after),
  };
}

/** A stored event as the audit view and the minutes show it. */
export interface ReadEvent {
  seq: number;
  at: string;
  actor: string;
  kind: string;
  subject: Record<string, unknown>;
  before: unknown;
  after: unknown;
  reason: string | null;
}

/** A stored event for display, its JSON columns read by readEventColumns: never throws on a stored row. */
export function readEvent(e: EventRow): ReadEvent {
  return { seq: e.seq, at: e.at, actor: e.actor, kind: e.kind, ...readEventColumns(e), reason: e.reason };
}
