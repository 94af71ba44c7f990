/**
 * The live client with fake sockets and clock: a snapshot then updates, reconnection with
 * backoff that resumes with ?since=<last seq>, a fresh snapshot after a gap, and no reconnection
 * once stopped or when the contest does not exist.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Stage } from '$contract/judging';
import type { ScoreboardBody } from '$contract/results';
import { FakeWebSocket, installBrowser, jsonResponse, uninstallBrowser, type FakeBrowser } from '$lib/testing/browser-fakes';
import { LiveClient } from './live.svelte';

const URL_BASE = 'ws://hoithi.test/api/contests/h%E1%BB%99i-thi/live';
const SLUG = 'hội-thi';

const stage = (team: string | null): Stage => ({
  round: team ? 'v1' : null,
  team,
  updatedAt: null,
  scene: 'stage',
  timer: { durationMs: 60_000, endsAt: null, remainingMs: 60_000 },
});

const row = (team: string, total: number, rank: number | null = null): ScoreboardBody['rows'][number] => ({
  rank,
  team,
  name: `Đội ${team}`,
  unit: '',
  status: 'active',
  total,
  rounds: { v1: total },
  prizes: [],
  pending: false,
});
const board = (rows: ScoreboardBody['rows']): ScoreboardBody => ({
  seq: 1,
  frozen: false,
  view: 'public',
  decimals: 2,
  rows,
  awards: [],
  reveal: null,
  voting: 'idle',
});

let browser: FakeBrowser;
let fetchMock: ReturnType<typeof vi.fn>;
const clients: LiveClient[] = [];
function startClient(): LiveClient {
  const c = new LiveClient(SLUG);
  clients.push(c);
  c.start();
  return c;
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-12-04T08:00:00Z') });
  browser = installBrowser();
  // The server's clock is 5 s ahead of this one.
  fetchMock = vi.fn(async () => jsonResponse(200, { now: Date.now() + 5000 }));
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => uninstallBrowser(clients));

describe('the live client', () => {
  it('applies a snapshot, then updates field by field', async () => {
    const c = startClient();
    expect(FakeWebSocket.instances.map((s) => s.url)).toEqual([URL_BASE]);
    expect(c.status).toBe('connecting');
    const ws = FakeWebSocket.last();
    ws.open();
    expect(c.status).toBe('connecting'); // a fresh socket is live with its snapshot, not before

    ws.receive({ type: 'snapshot', seq: 7, stage: stage('t1'), locks: [{ round: 'v1', team: 't2' }], progress: null });
    expect(c.status).toBe('live');
    expect(c.seq).toBe(7);
    expect(c.stage?.team).toBe('t1');
    expect(c.locks).toEqual([{ round: 'v1', team: 't2' }]);
    expect(c.version).toBe(1);

    ws.receive({ type: 'update', seq: 8, stage: stage('t3') });
    expect(c.stage?.team).toBe('t3');
    expect(c.locks).toEqual([{ round: 'v1', team: 't2' }]); // absent from the update: unchanged
    ws.receive({ type: 'update', seq: 9, locks: [] });
    expect(c.locks).toEqual([]);
    expect(c.stage?.team).toBe('t3');
    expect(c.seq).toBe(9);
    expect(c.version).toBe(3);
  });

  it('reconnects with backoff and resumes after the last seq it applied', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const c = startClient();
    const first = FakeWebSocket.last();
    first.open();
    first.receive({ type: 'snapshot', seq: 41, stage: stage('t1') });
    first.receive({ type: 'update', seq: 42, stage: stage('t2') });

    first.drop(1006);
    expect(c.status).toBe('reconnecting');
    expect(c.stage?.team).toBe('t2'); // what it shows stays, marked as not live
    await vi.advanceTimersByTimeAsync(498);
    expect(FakeWebSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2);
    expect(FakeWebSocket.instances.map((s) => s.url)).toEqual([URL_BASE, `${URL_BASE}?since=42`]);

    // It fails again: the ceiling doubles.
    FakeWebSocket.last().drop(1006);
    await vi.advanceTimersByTimeAsync(998);
    expect(FakeWebSocket.instances).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2);
    expect(FakeWebSocket.instances).toHaveLength(3);

    // Nothing was missed: the server sends nothing, the open socket is the signal.
    const resumed = FakeWebSocket.last();
    expect(resumed.url).toBe(`${URL_BASE}?since=42`);
    resumed.open();
    expect(c.status).toBe('live');

    // A message after the resume resets the backoff to its first step.
    resumed.receive({ type: 'update', seq: 43, stage: stage('t3') });
    resumed.drop(1006);
    await vi.advanceTimersByTimeAsync(500);
    expect(FakeWebSocket.instances).toHaveLength(4);
    expect(FakeWebSocket.last().url).toBe(`${URL_BASE}?since=43`);
  });

  it('takes a fresh snapshot whole when the server cannot fill the gap', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const c = startClient();
    const ws = FakeWebSocket.last();
    ws.receive({
      type: 'snapshot',
      seq: 5,
      stage: stage('t1'),
      locks: [{ round: 'v1', team: 't1' }],
      result: { round: 'v1', team: 't1', judges: [] },
      quizAnswered: ['t1'],
    });
    ws.drop(1006);
    await vi.advanceTimersByTimeAsync(0);
    const resumed = FakeWebSocket.last();
    expect(resumed.url).toBe(`${URL_BASE}?since=5`);

    // Too far behind: the server answers with a snapshot, which replaces everything.
    resumed.open();
    resumed.receive({ type: 'snapshot', seq: 90, stage: stage('t4') });
    expect(c.seq).toBe(90);
    expect(c.stage?.team).toBe('t4');
    expect(c.locks).toBeNull();
    expect(c.result).toBeNull();
    expect(c.quizAnswered).toBeNull();

    resumed.drop(1006);
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeWebSocket.last().url).toBe(`${URL_BASE}?since=90`);
  });

  it('applies scoreboard deltas to the board it holds, row by row', () => {
    const c = startClient();
    const ws = FakeWebSocket.last();
    expect(ws.protocols).toBe('hoithi.delta');
    ws.open();
    ws.receive({ type: 'snapshot', seq: 10, view: 'public', scoreboard: board([row('t1', 0), row('t2', 0), row('t3', 0)]) });
    ws.receive({
      type: 'update',
      seq: 12,
      after: 10,
      scoreboardDelta: { rows: [row('t2', 9, 1)], order: ['t2', 't1', 't3'], fields: { seq: 2 } },
    });
    expect(c.seq).toBe(12);
    expect(c.scoreboard).toEqual({ ...board([row('t2', 9, 1), row('t1', 0), row('t3', 0)]), seq: 2 });
    // A whole board (sent when smaller than its delta) still replaces it; then a row goes.
    ws.receive({ type: 'update', seq: 13, after: 12, scoreboard: board([row('t1', 1, 1), row('t2', 0)]) });
    ws.receive({ type: 'update', seq: 15, after: 13, scoreboardDelta: { removed: ['t1'], unset: ['voting'] } });
    const { voting: _voting, ...rest } = board([row('t2', 0)]);
    expect(c.scoreboard).toEqual(rest);
    expect(c.version).toBe(4);
    expect(c.status).toBe('live');
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('resumes from its seq on a gap, and takes a snapshot for a delta it cannot apply', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const c = startClient();
    const ws = FakeWebSocket.last();
    // No open event needed: the snapshot makes it live.
    ws.receive({ type: 'snapshot', seq: 10, view: 'public', scoreboard: board([row('t1', 0), row('t2', 0)]) });
    expect(c.status).toBe('live');
    // An update that follows a seq it never got: nothing applied, a new socket at once from seq 10.
    ws.receive({ type: 'update', seq: 14, after: 12, scoreboardDelta: { rows: [row('t1', 5, 1)] } });
    expect(ws.closedWith).toBe(1000);
    expect(c.status).toBe('reconnecting');
    expect(c.seq).toBe(10);
    expect(c.scoreboard?.rows.map((r) => r.total)).toEqual([0, 0]);
    await vi.advanceTimersByTimeAsync(0);
    const resumed = FakeWebSocket.last();
    expect(resumed.url).toBe(`${URL_BASE}?since=10`);
    // What the replaced socket still delivers is ignored.
    ws.receive({ type: 'update', seq: 16, after: 14, stage: stage('t9') });
    expect(c.stage).toBeNull();
    resumed.open();
    resumed.receive({ type: 'update', seq: 12, after: 10, stage: stage('t1') });
    expect(c.seq).toBe(12);

    // A delta for a team it does not hold: a fresh snapshot, after the backoff this time.
    resumed.receive({ type: 'update', seq: 13, after: 12, scoreboardDelta: { removed: ['t7'] } });
    expect(resumed.closedWith).toBe(1000);
    expect(c.seq).toBe(12);
    await vi.advanceTimersByTimeAsync(1000);
    const fresh = FakeWebSocket.last();
    expect(fresh.url).toBe(URL_BASE);
    fresh.open();
    fresh.receive({ type: 'snapshot', seq: 20, view: 'public', scoreboard: board([row('t7', 3, 1)]) });
    expect(c.scoreboard?.rows.map((r) => r.team)).toEqual(['t7']);
    expect(c.status).toBe('live');
    // And a later drop resumes from the snapshot's seq as usual.
    fresh.drop(1006);
    await vi.advanceTimersByTimeAsync(600);
    expect(FakeWebSocket.last().url).toBe(`${URL_BASE}?since=20`);
  });

  it('takes a snapshot for a delta when it holds no board', async () => {
    const c = startClient();
    const ws = FakeWebSocket.last();
    ws.receive({ type: 'snapshot', seq: 4, view: 'judge', stage: stage('t1') });
    ws.receive({ type: 'update', seq: 5, after: 4, scoreboardDelta: { fields: { frozen: true } } });
    expect(c.scoreboard).toBeNull();
    expect(c.seq).toBe(4);
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeWebSocket.last().url).toBe(URL_BASE);
  });

  it('gives up on a contest that does not exist (4404)', async () => {
    const c = startClient();
    FakeWebSocket.last().drop(4404);
    expect(c.status).toBe('closed');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('opens nothing more once stopped, not even when the network comes back', async () => {
    const d = startClient();
    const ws = FakeWebSocket.last();
    ws.receive({ type: 'snapshot', seq: 1 });
    d.stop();
    expect(ws.closedWith).toBe(1000);
    expect(d.status).toBe('closed');
    ws.drop(1000);
    browser.fire('online');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
  });

  it('reconnects at once when the network comes back, without waiting for the backoff', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const c = startClient();
    const ws = FakeWebSocket.last();
    ws.receive({ type: 'snapshot', seq: 3 });
    ws.drop(1006);
    await vi.advanceTimersByTimeAsync(0);
    expect(FakeWebSocket.instances).toHaveLength(1);
    browser.fire('online');
    expect(FakeWebSocket.instances).toHaveLength(2);
    expect(FakeWebSocket.last().url).toBe(`${URL_BASE}?since=3`);
    // The timer it replaced does not open a third socket.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeWebSocket.instances).toHaveLength(2);
    // Online while live changes nothing.
    FakeWebSocket.last().open();
    expect(c.status).toBe('live');
    browser.fire('online');
    expect(FakeWebSocket.instances).toHaveLength(2);
  });

  it('keeps a single socket when the network comes back while it is still connecting', async () => {
    const c = startClient();
    const first = FakeWebSocket.last();
    browser.fire('online');
    // At most one socket is open or connecting: any socket it replaced has been closed.
    expect(FakeWebSocket.instances.filter((s) => s.closedWith === null)).toHaveLength(1);
    const current = FakeWebSocket.last();
    current.open();
    current.receive({ type: 'snapshot', seq: 10, stage: stage('t1') });
    if (current !== first) {
      first.receive({ type: 'update', seq: 11, stage: stage('t9') });
      first.drop(1006);
    }
    expect(c.seq).toBe(10);
    expect(c.stage?.team).toBe('t1');
    expect(c.status).toBe('live');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeWebSocket.instances.filter((s) => s.closedWith === null)).toEqual([current]);
  });

  it('ignores the messages of a socket it replaced', async () => {
    const c = startClient();
    const first = FakeWebSocket.last();
    first.open();
    first.receive({ type: 'snapshot', seq: 1, stage: stage('t1') });
    c.stop();
    c.start();
    const second = FakeWebSocket.last();
    expect(second).not.toBe(first);
    // The old socket still delivers what was in flight, then its close: both are ignored.
    first.receive({ type: 'update', seq: 2, stage: stage('t9') });
    first.drop(1000);
    expect(c.seq).toBe(1);
    expect(c.stage?.team).toBe('t1');
    second.open();
    expect(c.status).toBe('live');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeWebSocket.instances).toHaveLength(2);
  });

  it('stays closed after a 4404 even when the network comes back', async () => {
    const c = startClient();
    FakeWebSocket.last().drop(4404);
    browser.fire('online');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(c.status).toBe('closed');
  });

  it('drops frames that are not live messages', async () => {
    const c = startClient();
    const ws = FakeWebSocket.last();
    ws.open();
    ws.receive({ type: 'snapshot', seq: 4, stage: stage('t1') });
    ws.onmessage?.({ type: 'message', data: 'not json' });
    ws.receive({ type: 'hello', seq: 5 });
    ws.receive({ type: 'update', seq: 'six', stage: stage('t2') });
    ws.receive({ type: 'update' });
    ws.receive(null);
    ws.receive([{ type: 'update', seq: 7 }]);
    ws.receive({ type: 'update', seq: 8, locks: 'all' });
    expect(c.seq).toBe(4);
    expect(c.stage?.team).toBe('t1');
    expect(c.version).toBe(1);
    ws.receive({ type: 'update', seq: 9, stage: stage('t3') });
    expect(c.seq).toBe(9);
    expect(c.stage?.team).toBe('t3');
  });

  it('counts down by the server’s clock', async () => {
    const c = startClient();
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchMock).toHaveBeenCalledWith('/api/time', expect.objectContaining({ method: 'GET', credentials: 'same-origin' }));
    expect(c.clockOffset).toBe(5000);
    const endsAt = new Date(Date.now() + 65_000).toISOString();
    expect(c.remaining({ durationMs: 60_000, endsAt, remainingMs: null })).toBe(60_000);
    expect(c.remaining({ durationMs: 60_000, endsAt, remainingMs: null }, Date.now() + 70_000)).toBe(0);
    expect(c.remaining({ durationMs: 60_000, endsAt: null, remainingMs: 1234 })).toBe(1234);
  });

  it('keeps the local clock when the time cannot be read', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('offline'));
    const c = startClient();
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(c.clockOffset).toBe(0);
  });
});

describe('the live client under any sequence of messages and drops', () => {
  it('always resumes after the last seq it applied, and shows the latest stage it was sent', async () => {
    const ops = fc.array(
      fc.oneof(
        fc.record({ op: fc.constant('update' as const), team: fc.constantFrom('t1', 't2', 't3') }),
        fc.record({ op: fc.constant('snapshot' as const), team: fc.constantFrom('t1', 't2', 't3') }),
        fc.constant({ op: 'drop' as const }),
        fc.constant({ op: 'online' as const }),
      ),
      { maxLength: 30 },
    );
    await fc.assert(
      fc.asyncProperty(ops, fc.double({ min: 0, max: 0.999, noNaN: true }), async (steps, jitter) => {
        vi.spyOn(Math, 'random').mockReturnValue(jitter);
        browser = installBrowser();
        const c = startClient();
        let seq = 100;
        let applied: number | null = null;
        let team: string | null = null;
        let connected = true;
        const resumeUrl = () => (applied === null ? URL_BASE : `${URL_BASE}?since=${applied}`);
        /** Every socket opened since the last look resumes after the last seq applied. */
        let checked = FakeWebSocket.instances.length;
        const checkNewSockets = () => {
          for (const ws of FakeWebSocket.instances.slice(checked)) expect(ws.url).toBe(resumeUrl());
          checked = FakeWebSocket.instances.length;
        };
        for (const step of steps) {
          if (step.op === 'drop') {
            if (!connected) continue;
            FakeWebSocket.last().drop(1006);
            connected = false;
            expect(c.status).toBe('reconnecting');
          } else if (step.op === 'online') {
            browser.fire('online');
            if (!connected) connected = true; // opened at once, without waiting for the backoff
          } else {
            if (!connected) {
              // Wait out the backoff (at most 15 s): a new socket.
              const before = FakeWebSocket.instances.length;
              await vi.advanceTimersByTimeAsync(15_000);
              expect(FakeWebSocket.instances.length).toBe(before + 1);
              connected = true;
            }
            checkNewSockets();
            seq += 1 + (step.op === 'snapshot' ? 50 : 0);
            FakeWebSocket.last().receive({ type: step.op, seq, stage: stage(step.team) });
            applied = seq;
            team = step.team;
            expect(c.status).toBe('live');
          }
          checkNewSockets();
        }
        await vi.advanceTimersByTimeAsync(15_000);
        checkNewSockets();
        expect(c.seq).toBe(applied);
        expect(c.stage?.team ?? null).toBe(team);
        c.stop();
        vi.mocked(Math.random).mockRestore();
      }),
      { numRuns: 100 },
    );
  });
});
