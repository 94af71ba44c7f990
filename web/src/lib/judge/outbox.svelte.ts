/**
 * The judge's offline outbox. Every save of a sheet is written here (localStorage) before anything
 * is sent; a sender drains the entries in order, one at a time, with exponential backoff and jitter,
 * and at once when the browser says it is online again. Each entry keeps the Idempotency-Key it was
 * given when it was made, on every retry, so a retry whose first answer was lost gets the same
 * answer and never a second version.
 *
 * Entries of one sheet form a chain: each is based on the version the one before it produces, so
 * the first is sent with the version the tablet knew and the next ones learn theirs from the answer.
 * A stale base (someone else changed the sheet) is parked as a conflict for the judge to decide;
 * nothing is merged silently.
 */
import type { ApiError } from '$lib/api';
import type { PutOutcome, Sheet, SheetResult, SheetStatus } from './api';
import { nowIso } from './format';
import { newIdempotencyKey } from './ids';
import type { Marks } from './marks';
import { readJson, storageKey, writeJson } from './storage';

export interface OutboxEntry {
  /** The Idempotency-Key: made once, sent with every retry. */
  id: string;
  round: string;
  team: string;
  marks: Marks;
  status: SheetStatus;
  /** The judge's comment, sent with the marks (absent in entries stored before comments existed). */
  comment?: string | null;
  /** The version this change is based on; null while the entry ahead of it (`after`) is unanswered. */
  baseVersion: number | null;
  /** The entry of the same sheet ahead of this one in the queue. */
  after: string | null;
  createdAt: string;
  /** Sends tried so far; once above 0 the body never changes again. */
  attempts: number;
  lastError: string | null;
}

export interface VersionConflict {
  id: string;
  round: string;
  team: string;
  /** The judge's own latest version, not sent. */
  mine: { marks: Marks; status: SheetStatus; comment?: string | null };
  /** The server's current sheet (null if it has none). */
  theirs: Sheet | null;
  at: string;
}

export interface Rejection {
  id: string;
  round: string;
  team: string;
  status: number;
  code: string;
  message: string;
  path?: string;
  marks: Marks;
  comment?: string | null;
  at: string;
}

export interface OutboxHooks {
  send(
    entry: OutboxEntry,
    body: { marks: Marks; status: SheetStatus; baseVersion: number; comment?: string | null },
  ): Promise<PutOutcome>;
  /** The server committed the entry (or had committed it before: same answer). */
  acked(entry: OutboxEntry, result: SheetResult): void;
  /** The server refused the entry for good (locked, conflict of interest, invalid mark…). */
  rejected(rejection: Rejection): void;
  /** Whether the last request reached the server. */
  reachable(ok: boolean): void;
  /** The server refused the tablet's session (401): the entry stays and is tried again later. */
  unauthorized?(): void;
  /** The version of a sheet the tablet knows, for an entry whose predecessor vanished. */
  knownVersion(round: string, team: string): number;
}

interface Stored {
  entries: OutboxEntry[];
  conflicts: VersionConflict[];
  rejections: Rejection[];
}

const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;
/** While the browser says it is offline, look again now and then in case no `online` event comes. */
const OFFLINE_RECHECK_MS = 15_000;
const MAX_REJECTIONS = 20;

function isRetryable(err: ApiError): boolean {
  return (
    err.status === 0 ||
    err.status >= 500 ||
    err.status === 429 ||
    err.status === 408 ||
    err.status === 401 ||
    err.code === 'UNEXPECTED'
  );
}

export class Outbox {
  entries = $state<OutboxEntry[]>([]);
  conflicts = $state<VersionConflict[]>([]);
  rejections = $state<Rejection[]>([]);
  /** A request is on its way. */
  sending = $state(false);
  /** When the next try is due after a failure (ms since epoch), or null. */
  nextRetryAt = $state<number | null>(null);
  /** The server said the judge's link is no longer valid: entries wait for a new link. */
  authFailed = $state(false);

  /** Sheets with something waiting to be sent. */
  pendingCount = $derived(
    this.entries.filter((e, i, all) => all.findIndex((x) => x.round === e.round && x.team === e.team) === i).length,
  );

  private readonly key: string;
  private running = false;
  private stopped = true;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    scope: string,
    private readonly hooks: OutboxHooks,
  ) {
    this.key = storageKey(scope, 'outbox');
    this.load();
  }

  start(): void {
    this.stopped = false;
    window.addEventListener('online', this.onOnline);
    window.addEventListener('storage', this.onStorage);
    void this.drain();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
    window.removeEventListener('online', this.onOnline);
    window.removeEventListener('storage', this.onStorage);
  }

  /** Try now, without waiting for the backoff. */
  kick(): void {
    if (this.stopped) return;
    this.clearTimer();
    void this.drain();
  }

  pendingFor(round: string, team: string): OutboxEntry | undefined {
    return this.entries.findLast((e) => e.round === round && e.team === team);
  }

  conflictFor(round: string, team: string): VersionConflict | undefined {
    return this.conflicts.find((c) => c.round === round && c.team === team);
  }

  /**
   * Queues a change of a sheet; stored before this returns. `knownVersion` is the server version
   * the tablet last saw for the sheet. A sheet in conflict takes the change into "mine" instead.
   */
  add(
    round: string,
    team: string,
    marks: Marks,
    status: SheetStatus,
    knownVersion: number,
    comment: string | null = null,
  ): OutboxEntry | null {
    const conflict = this.conflictFor(round, team);
    if (conflict) {
      conflict.mine = { marks: { ...marks }, status, comment };
      this.persist();
      return null;
    }
    const prev = this.pendingFor(round, team);
    if (prev && prev.attempts === 0) {
      // Never sent: replace its content rather than queue a version nobody will need.
      prev.marks = { ...marks };
      prev.status = status;
      prev.comment = comment;
      prev.createdAt = nowIso();
      this.persist();
      this.kick();
      return prev;
    }
    const entry: OutboxEntry = {
      id: newIdempotencyKey(),
      round,
      team,
      marks: { ...marks },
      status,
      comment,
      baseVersion: prev ? null : knownVersion,
      after: prev ? prev.id : null,
      createdAt: nowIso(),
      attempts: 0,
      lastError: null,
    };
    this.entries.push(entry);
    this.persist();
    this.kick();
    return entry;
  }

  /**
   * The judge's choice in a version conflict: keep their own version (sent again, based on the
   * server's current version) or take the server's.
   */
  resolve(id: string, keep: 'mine' | 'theirs'): VersionConflict | undefined {
    const conflict = this.conflicts.find((c) => c.id === id);
    if (!conflict) return undefined;
    const plain = $state.snapshot(conflict) as VersionConflict;
    this.conflicts = this.conflicts.filter((c) => c.id !== id);
    if (keep === 'mine') {
      this.entries.push({
        id: newIdempotencyKey(),
        round: plain.round,
        team: plain.team,
        marks: plain.mine.marks,
        status: plain.mine.status,
        ...(plain.mine.comment !== undefined ? { comment: plain.mine.comment } : {}),
        baseVersion: plain.theirs?.version ?? 0,
        after: null,
        createdAt: nowIso(),
        attempts: 0,
        lastError: null,
      });
    }
    this.persist();
    if (keep === 'mine') this.kick();
    return plain;
  }

  dismissRejection(id: string): void {
    this.rejections = this.rejections.filter((r) => r.id !== id);
    this.persist();
  }

  private onOnline = () => {
    this.failures = 0;
    this.kick();
  };

  /** Another tab of this tablet changed the outbox. */
  private onStorage = (event: StorageEvent) => {
    if (event.key !== this.key) return;
    this.load();
    this.kick();
  };

  private load(): void {
    const stored = readJson<Partial<Stored>>(this.key);
    this.entries = Array.isArray(stored?.entries) ? stored.entries : [];
    this.conflicts = Array.isArray(stored?.conflicts) ? stored.conflicts : [];
    this.rejections = Array.isArray(stored?.rejections) ? stored.rejections : [];
  }

  private persist(): void {
    writeJson(this.key, $state.snapshot({ entries: this.entries, conflicts: this.conflicts, rejections: this.rejections }));
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.nextRetryAt = null;
  }

  private schedule(ms: number): void {
    this.clearTimer();
    if (this.stopped) return;
    this.nextRetryAt = Date.now() + ms;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.nextRetryAt = null;
      void this.drain();
    }, ms);
  }

  private backoff(retryAfterSec?: number): number {
    this.failures += 1;
    const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.min(this.failures - 1, 10));
    const jittered = ceiling / 2 + Math.random() * (ceiling / 2);
    return Math.max(jittered, (retryAfterSec ?? 0) * 1000);
  }

  private async drain(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      while (!this.stopped) {
        const entry = this.entries[0];
        if (!entry) break;
        if (navigator.onLine === false) {
          this.hooks.reachable(false);
          this.schedule(OFFLINE_RECHECK_MS);
          break;
        }
        if (entry.baseVersion === null) {
          // The entry it waited for is gone without an answer (another tab, an old format).
          entry.baseVersion = this.hooks.knownVersion(entry.round, entry.team);
          entry.after = null;
        }
        entry.attempts += 1;
        this.persist();
        const body = {
          marks: $state.snapshot(entry.marks),
          status: entry.status,
          baseVersion: entry.baseVersion,
          // An entry stored before comments existed leaves the stored comment as it is.
          ...(entry.comment !== undefined ? { comment: entry.comment } : {}),
        };
        this.sending = true;
        const outcome = await this.hooks.send($state.snapshot(entry) as OutboxEntry, body);
        this.sending = false;
        if (this.stopped) break;
        if (!this.entries.some((e) => e.id === entry.id)) continue; // another tab finished it

        if (outcome.ok) {
          this.failures = 0;
          this.authFailed = false;
          this.hooks.reachable(true);
          this.remove(entry.id, { version: outcome.result.sheet.version });
          this.persist();
          this.hooks.acked($state.snapshot(entry) as OutboxEntry, outcome.result);
          continue;
        }
        const err = outcome.error;
        if (isRetryable(err)) {
          this.hooks.reachable(err.status !== 0);
          this.authFailed = err.status === 401;
          entry.lastError = err.code;
          this.persist();
          this.schedule(err.status === 401 ? MAX_DELAY_MS : this.backoff(err.retryAfter));
          if (err.status === 401) this.hooks.unauthorized?.();
          break;
        }
        this.hooks.reachable(true);
        if (err.code === 'VERSION_CONFLICT') this.park(entry, outcome.current);
        else this.reject(entry, err);
        this.persist();
      }
    } finally {
      this.running = false;
      this.sending = false;
    }
  }

  /** Takes an entry out; the next one of its sheet is based on what this one produced (or on its own base). */
  private remove(id: string, produced: { version: number } | null): void {
    const gone = this.entries.find((e) => e.id === id);
    if (!gone) return;
    for (const e of this.entries) {
      if (e.after !== id) continue;
      e.after = produced ? null : gone.after;
      e.baseVersion = produced ? produced.version : gone.baseVersion;
    }
    this.entries = this.entries.filter((e) => e.id !== id);
  }

  private park(entry: OutboxEntry, current: Sheet | null): void {
    // The judge's latest version of this sheet is what they compare with the server's.
    const same = this.entries.filter((e) => e.round === entry.round && e.team === entry.team);
    const latest = same[same.length - 1] ?? entry;
    const conflict: VersionConflict = {
      id: entry.id,
      round: entry.round,
      team: entry.team,
      mine: { marks: $state.snapshot(latest.marks), status: latest.status, comment: latest.comment },
      theirs: current,
      at: nowIso(),
    };
    this.entries = this.entries.filter((e) => !(e.round === entry.round && e.team === entry.team));
    this.conflicts = [...this.conflicts.filter((c) => !(c.round === entry.round && c.team === entry.team)), conflict];
  }

  private reject(entry: OutboxEntry, err: ApiError): void {
    const rejection: Rejection = {
      id: entry.id,
      round: entry.round,
      team: entry.team,
      status: err.status,
      code: err.code,
      message: err.message,
      path: err.path,
      marks: $state.snapshot(entry.marks),
      comment: entry.comment,
      at: nowIso(),
    };
    this.remove(entry.id, null);
    this.rejections = [rejection, ...this.rejections].slice(0, MAX_REJECTIONS);
    this.hooks.rejected(rejection);
  }
}
