/**
 * The judge's outbox with a fake storage, network and clock: what is queued survives a reload,
 * failures are retried with backoff under the same Idempotency-Key, refusals stop, and a stale
 * base is parked as a conflict rather than merged.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '$lib/api';
import { FakeStorage, installBrowser, uninstallBrowser, type FakeBrowser } from '$lib/testing/browser-fakes';
import { testSheet } from '$lib/testing/fixtures';
import type { PutOutcome, Sheet, SheetResult } from './api';
import { Outbox, type OutboxEntry, type OutboxHooks, type Rejection } from './outbox.svelte';
import { storageKey } from './storage';

const SCOPE = 'thu.gk1';
const KEY = storageKey(SCOPE, 'outbox');

type Body = Parameters<OutboxHooks['send']>[1];
interface Request {
  entry: OutboxEntry;
  body: Body;
  answer(outcome: PutOutcome): void;
}

const sheet = testSheet;
const okOutcome = (s: Sheet, seq = s.version): PutOutcome => ({
  ok: true,
  result: { sheet: s, receipt: { seq, hash: `h${seq}`, at: s.updatedAt } },
});
const failure = (status: number, code: string, extra: { retryAfter?: number; current?: Sheet } = {}): PutOutcome => ({
  ok: false,
  error: new ApiError(status, code, code, undefined, [], extra.retryAfter),
  current: extra.current ?? null,
});

/** Hooks whose sends wait for the test to answer them. */
function recordingHooks(known: Record<string, number> = {}) {
  const requests: Request[] = [];
  const acked: { entry: OutboxEntry; result: SheetResult }[] = [];
  const rejected: Rejection[] = [];
  const reachable: boolean[] = [];
  let unauthorized = 0;
  const hooks: OutboxHooks = {
    send: (entry, body) => new Promise<PutOutcome>((resolve) => requests.push({ entry, body, answer: resolve })),
    acked: (entry, result) => acked.push({ entry, result }),
    rejected: (r) => rejected.push(r),
    reachable: (ok) => reachable.push(ok),
    unauthorized: () => {
      unauthorized += 1;
    },
    knownVersion: (round, team) => known[`${round}/${team}`] ?? 0,
  };
  return {
    hooks,
    requests,
    acked,
    rejected,
    reachable,
    unauthorizedCount: () => unauthorized,
    /** Answers the oldest unanswered request and lets the outbox act on it. */
    async answer(outcome: PutOutcome | ((r: Request) => PutOutcome)) {
      const r = requests.shift();
      if (!r) throw new Error('no request is waiting');
      r.answer(typeof outcome === 'function' ? outcome(r) : outcome);
      await vi.advanceTimersByTimeAsync(0);
      return r;
    },
  };
}

let browser: FakeBrowser;
const outboxes: Outbox[] = [];
function open(hooks: OutboxHooks, storage = browser.storage): Outbox {
  if (storage !== browser.storage) browser = installBrowser(storage);
  const o = new Outbox(SCOPE, hooks);
  outboxes.push(o);
  o.start();
  return o;
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-12-04T08:00:00Z') });
  // Jitter at its lowest: each backoff is exactly half its ceiling.
  vi.spyOn(Math, 'random').mockReturnValue(0);
  browser = installBrowser();
});
afterEach(() => uninstallBrowser(outboxes));

describe('the outbox', () => {
  it('stores a change before add returns, and a reload sends it with the same key', async () => {
    const first = recordingHooks({ 'v1/t1': 3 });
    const o = open(first.hooks);
    const entry = o.add('v1', 't1', { nd: 7 }, 'submitted', 3, 'Tốt');
    expect(entry).not.toBeNull();
    expect(browser.storage.json<{ entries: OutboxEntry[] }>(KEY)?.entries).toMatchObject([
      { id: entry!.id, round: 'v1', team: 't1', marks: { nd: 7 }, status: 'submitted', baseVersion: 3, comment: 'Tốt' },
    ]);
    await vi.advanceTimersByTimeAsync(0);
    expect(first.requests).toHaveLength(1);
    expect(first.requests[0]!.body).toEqual({ marks: { nd: 7 }, status: 'submitted', baseVersion: 3, comment: 'Tốt' });

    // The page reloads before the answer: the tab's objects are gone, the storage is not.
    o.stop();
    const second = recordingHooks();
    const again = open(second.hooks, browser.storage);
    expect(again.entries.map((e) => e.id)).toEqual([entry!.id]);
    expect(again.pendingCount).toBe(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(second.requests.map((r) => r.entry.id)).toEqual([entry!.id]);
    expect(second.requests[0]!.entry.attempts).toBe(2);

    await second.answer(okOutcome(sheet('v1', 't1', 4, { nd: 7 }, 'submitted')));
    expect(second.acked.map((a) => a.entry.id)).toEqual([entry!.id]);
    expect(again.entries).toEqual([]);
    expect(again.pendingCount).toBe(0);
    expect(browser.storage.json<{ entries: OutboxEntry[] }>(KEY)?.entries).toEqual([]);
  });

  it('retries a 503 with doubling backoff under the same Idempotency-Key, then sends the rest', async () => {
    const h = recordingHooks();
    const o = open(h.hooks);
    const a = o.add('v1', 't1', { nd: 5 }, 'draft', 0)!;
    o.add('v1', 't2', { nd: 6 }, 'draft', 0);
    await vi.advanceTimersByTimeAsync(0);

    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      await h.answer(failure(503, 'UNAVAILABLE'));
      expect(h.requests).toHaveLength(0);
      const due = o.nextRetryAt! - Date.now();
      delays.push(due);
      await vi.advanceTimersByTimeAsync(due - 1);
      expect(h.requests).toHaveLength(0); // not a moment early
      await vi.advanceTimersByTimeAsync(1);
      expect(h.requests.map((r) => r.entry.id)).toEqual([a.id]);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000]);
    expect(o.entries[0]).toMatchObject({ id: a.id, attempts: 5, lastError: 'UNAVAILABLE' });
    expect(h.reachable).toEqual([true, true, true, true]);

    await h.answer(okOutcome(sheet('v1', 't1', 1, { nd: 5 })));
    expect(h.requests.map((r) => r.entry.team)).toEqual(['t2']);
    await h.answer(okOutcome(sheet('v1', 't2', 1, { nd: 6 })));
    expect(o.entries).toEqual([]);
    expect(o.nextRetryAt).toBeNull();
  });

  it('caps the backoff at 30 s and waits at least what Retry-After asks', async () => {
    const h = recordingHooks();
    const o = open(h.hooks);
    o.add('v1', 't1', { nd: 5 }, 'draft', 0);
    await vi.advanceTimersByTimeAsync(0);
    await h.answer(failure(429, 'RATE_LIMITED', { retryAfter: 7 }));
    expect(o.nextRetryAt! - Date.now()).toBe(7000);
    await vi.advanceTimersByTimeAsync(7000);

    vi.mocked(Math.random).mockReturnValue(0.999999);
    for (let i = 0; i < 8; i++) {
      await h.answer(failure(0, 'NETWORK'));
      await vi.advanceTimersByTimeAsync(o.nextRetryAt! - Date.now());
    }
    await h.answer(failure(502, 'UNEXPECTED'));
    const due = o.nextRetryAt! - Date.now();
    expect(due).toBeGreaterThan(29_999);
    expect(due).toBeLessThanOrEqual(30_000);
    // An unreachable server is said so; a 5xx came from a server that is there.
    expect(h.reachable.slice(-2)).toEqual([false, true]);
  });

  it('stops on a 4xx refusal: the entry leaves the queue as a rejection and is never sent again', async () => {
    const h = recordingHooks();
    const o = open(h.hooks);
    const a = o.add('v1', 't1', { nd: 5 }, 'submitted', 2, 'x')!;
    o.add('v1', 't2', { nd: 6 }, 'draft', 0);
    await vi.advanceTimersByTimeAsync(0);
    await h.answer(failure(423, 'SHEET_LOCKED'));

    expect(h.rejected).toMatchObject([
      { id: a.id, round: 'v1', team: 't1', status: 423, code: 'SHEET_LOCKED', marks: { nd: 5 } },
    ]);
    expect(o.rejections.map((r) => r.id)).toEqual([a.id]);
    expect(o.pendingFor('v1', 't1')).toBeUndefined();
    // The next sheet goes at once: a refusal is no reason to wait.
    expect(h.requests.map((r) => r.entry.team)).toEqual(['t2']);
    await h.answer(okOutcome(sheet('v1', 't2', 1, { nd: 6 })));
    await vi.advanceTimersByTimeAsync(120_000);
    expect(h.requests).toEqual([]);

    // The rejection is kept across a reload until the judge dismisses it.
    o.stop();
    const again = open(recordingHooks().hooks, browser.storage);
    expect(again.rejections.map((r) => r.code)).toEqual(['SHEET_LOCKED']);
    again.dismissRejection(a.id);
    expect(browser.storage.json<{ rejections: Rejection[] }>(KEY)?.rejections).toEqual([]);
  });

  it('parks a 409 version conflict with the judge’s latest version and the server’s sheet', async () => {
    const h = recordingHooks();
    const o = open(h.hooks);
    const a = o.add('v1', 't1', { nd: 5 }, 'draft', 1)!;
    await vi.advanceTimersByTimeAsync(0);
    // A later edit of the same sheet while the first is on its way: chained behind it.
    const b = o.add('v1', 't1', { nd: 8 }, 'submitted', 1)!;
    expect(b).toMatchObject({ baseVersion: null, after: a.id });
    const theirs = sheet('v1', 't1', 4, { nd: 2 }, 'submitted');
    await h.answer(failure(409, 'VERSION_CONFLICT', { current: theirs }));

    expect(h.requests).toEqual([]); // b is not sent on a base nobody checked
    expect(o.entries).toEqual([]);
    expect(o.conflictFor('v1', 't1')).toMatchObject({ id: a.id, mine: { marks: { nd: 8 }, status: 'submitted' }, theirs });
    expect(h.rejected).toEqual([]);

    // Further edits of a sheet in conflict change "mine", they queue nothing.
    expect(o.add('v1', 't1', { nd: 9 }, 'submitted', 1)).toBeNull();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.requests).toEqual([]);

    // The conflict survives a reload.
    o.stop();
    const h2 = recordingHooks();
    const again = open(h2.hooks, browser.storage);
    expect(again.conflictFor('v1', 't1')?.mine.marks).toEqual({ nd: 9 });

    // Keeping mine sends it again, based on the server's current version.
    again.resolve(a.id, 'mine');
    expect(again.conflicts).toEqual([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(h2.requests.map((r) => r.body)).toEqual([{ marks: { nd: 9 }, status: 'submitted', baseVersion: 4, comment: null }]);
  });

  it('taking the server’s version drops the judge’s change and sends nothing', async () => {
    const h = recordingHooks();
    const o = open(h.hooks);
    const a = o.add('v1', 't1', { nd: 5 }, 'draft', 1)!;
    await vi.advanceTimersByTimeAsync(0);
    await h.answer(failure(409, 'VERSION_CONFLICT', { current: sheet('v1', 't1', 2, { nd: 1 }) }));
    const resolved = o.resolve(a.id, 'theirs');
    expect(resolved?.theirs?.version).toBe(2);
    expect(o.resolve(a.id, 'theirs')).toBeUndefined();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(h.requests).toEqual([]);
    expect(browser.storage.json<{ entries: unknown[]; conflicts: unknown[] }>(KEY)).toMatchObject({ entries: [], conflicts: [] });
  });

  it('bases a chained entry on the version its predecessor produced', async () => {
    const h = recordingHooks();
    const o = open(h.hooks);
    o.add('v1', 't1', { nd: 5 }, 'draft', 3);
    await vi.advanceTimersByTimeAsync(0);
    o.add('v1', 't1', { nd: 6 }, 'draft', 3);
    await h.answer(okOutcome(sheet('v1', 't1', 4, { nd: 5 })));
    expect(h.requests.map((r) => r.body.baseVersion)).toEqual([4]);
  });

  it('replaces an entry never sent instead of queueing a second one', () => {
    browser.navigator.onLine = false;
    const h = recordingHooks();
    const o = open(h.hooks);
    const a = o.add('v1', 't1', { nd: 5 }, 'draft', 0)!;
    const b = o.add('v1', 't1', { nd: 6 }, 'submitted', 0, 'c')!;
    expect(b.id).toBe(a.id);
    expect(o.entries).toHaveLength(1);
    expect(o.entries[0]).toMatchObject({ marks: { nd: 6 }, status: 'submitted', comment: 'c', attempts: 0 });
  });

  it('waits while the browser is offline and sends at once when it comes back', async () => {
    browser.navigator.onLine = false;
    const h = recordingHooks();
    const o = open(h.hooks);
    o.add('v1', 't1', { nd: 5 }, 'draft', 0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(h.requests).toEqual([]);
    expect(h.reachable.at(-1)).toBe(false);
    expect(o.nextRetryAt! - Date.now()).toBe(10_000); // looked at 0 s, looks again at 15 s

    browser.navigator.onLine = true;
    browser.fire('online');
    await vi.advanceTimersByTimeAsync(0);
    expect(h.requests).toHaveLength(1);
  });

  it('keeps the entry on a 401, says so, and tries again later', async () => {
    const h = recordingHooks();
    const o = open(h.hooks);
    o.add('v1', 't1', { nd: 5 }, 'draft', 0);
    await vi.advanceTimersByTimeAsync(0);
    await h.answer(failure(401, 'JUDGE_SIGNED_OUT'));
    expect(o.authFailed).toBe(true);
    expect(h.unauthorizedCount()).toBe(1);
    expect(o.entries).toHaveLength(1);
    expect(o.nextRetryAt! - Date.now()).toBe(30_000);
    await vi.advanceTimersByTimeAsync(30_000);
    await h.answer(okOutcome(sheet('v1', 't1', 1, { nd: 5 })));
    expect(o.authFailed).toBe(false);
    expect(o.entries).toEqual([]);
  });

  it('sends nothing after stop', async () => {
    const h = recordingHooks();
    const o = open(h.hooks);
    o.add('v1', 't1', { nd: 5 }, 'draft', 0);
    await vi.advanceTimersByTimeAsync(0);
    await h.answer(failure(503, 'UNAVAILABLE'));
    o.stop();
    o.kick();
    browser.fire('online');
    await vi.advanceTimersByTimeAsync(120_000);
    expect(h.requests).toEqual([]);
    expect(o.entries).toHaveLength(1);
  });

  it('reads the outbox again when another tab of the tablet changes it', async () => {
    browser.navigator.onLine = false;
    const h = recordingHooks();
    const o = open(h.hooks);
    const other = new Outbox(SCOPE, recordingHooks().hooks); // the other tab, not started
    other.add('v1', 't9', { nd: 1 }, 'draft', 0);
    expect(o.entries).toEqual([]);
    browser.fire('storage', { key: 'some.other.key' });
    expect(o.entries).toEqual([]);
    browser.fire('storage', { key: KEY });
    expect(o.entries.map((e) => e.team)).toEqual(['t9']);
  });
});

/**
 * A model server for the property: a sheet has a version; a write on another base is a 409; a
 * key already answered gets the same answer again and commits nothing.
 */
class ModelServer {
  readonly sheets = new Map<string, Sheet>();
  readonly answers = new Map<string, PutOutcome>();
  conflicts = 0;
  commits = 0;

  put(entry: OutboxEntry, body: Body): PutOutcome {
    const seen = this.answers.get(entry.id);
    if (seen) return seen;
    const key = `${entry.round}/${entry.team}`;
    const current = this.sheets.get(key) ?? null;
    if ((current?.version ?? 0) !== body.baseVersion) {
      this.conflicts += 1;
      return failure(409, 'VERSION_CONFLICT', current ? { current } : {});
    }
    this.commits += 1;
    const next = sheet(entry.round, entry.team, (current?.version ?? 0) + 1, body.marks, body.status);
    this.sheets.set(key, next);
    const outcome = okOutcome(next, this.commits);
    this.answers.set(entry.id, outcome);
    return outcome;
  }
}

type Op =
  | { op: 'add'; team: string; mark: number }
  | { op: 'answer'; fate: 'ok' | 'unavailable' | 'lost' | 'committedButLost' }
  | { op: 'reload' }
  | { op: 'wait'; ms: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('add' as const), team: fc.constantFrom('t1', 't2', 't3'), mark: fc.integer({ min: 0, max: 10 }) }),
  fc.record({ op: fc.constant('answer' as const), fate: fc.constantFrom('ok', 'ok', 'unavailable', 'lost', 'committedButLost') }),
  fc.constant({ op: 'reload' as const }),
  fc.record({ op: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 40_000 }) }),
);

describe('the outbox under any sequence of edits, failures and reloads', () => {
  it('ends with the last edit of every sheet on the server, once, and never a false conflict', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 40 }), async (ops) => {
        const server = new ModelServer();
        const storage = new FakeStorage();
        const known: Record<string, number> = {};
        let h = recordingHooks(known);
        const track = (hooks: ReturnType<typeof recordingHooks>) => {
          hooks.hooks.acked = (entry, result) => {
            const k = `${entry.round}/${entry.team}`;
            known[k] = Math.max(known[k] ?? 0, result.sheet.version);
          };
        };
        track(h);
        let o = open(h.hooks, storage);
        const last = new Map<string, number>();
        // Requests of a stopped page still reach the server; their answers go nowhere.
        const orphans: Request[] = [];

        for (const step of ops) {
          if (step.op === 'add') {
            o.add('v1', step.team, { nd: step.mark }, 'draft', known[`v1/${step.team}`] ?? 0);
            last.set(step.team, step.mark);
          } else if (step.op === 'answer') {
            const r = orphans.shift() ?? h.requests.shift();
            if (!r) continue;
            if (step.fate === 'ok') r.answer(server.put(r.entry, r.body));
            else if (step.fate === 'unavailable') r.answer(failure(503, 'UNAVAILABLE'));
            else if (step.fate === 'lost') r.answer(failure(0, 'NETWORK'));
            else {
              server.put(r.entry, r.body);
              r.answer(failure(0, 'NETWORK'));
            }
          } else if (step.op === 'reload') {
            o.stop();
            orphans.push(...h.requests.splice(0));
            h = recordingHooks(known);
            track(h);
            o = open(h.hooks, storage);
          } else {
            await vi.advanceTimersByTimeAsync(step.ms);
          }
          await vi.advanceTimersByTimeAsync(0);
        }

        // The network heals: every request is answered by the server until the queue is empty.
        for (const r of orphans.splice(0)) r.answer(server.put(r.entry, r.body));
        for (let i = 0; i < 200 && (o.entries.length > 0 || h.requests.length > 0); i++) {
          const r = h.requests.shift();
          if (r) r.answer(server.put(r.entry, r.body));
          await vi.advanceTimersByTimeAsync(r ? 0 : 30_000);
        }

        expect(o.entries).toEqual([]);
        expect(o.conflicts).toEqual([]);
        expect(o.rejections).toEqual([]);
        expect(server.conflicts).toBe(0);
        for (const [team, mark] of last) expect(server.sheets.get(`v1/${team}`)?.marks).toEqual({ nd: mark });
        expect([...server.sheets.keys()].sort()).toEqual([...last.keys()].map((t) => `v1/${t}`).sort());
        o.stop();
      }),
      { numRuns: 150 },
    );
  });
});
