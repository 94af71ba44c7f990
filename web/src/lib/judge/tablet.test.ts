/**
 * The judge's tablet with a fake server (fetch), storage, socket and clock: it starts from the
 * server or, offline, from what it stored; unsaved marks survive a reload; a save goes through the
 * outbox and comes back as a receipt; a refusal gives the marks back; a lock pushed on the live
 * socket shows at once; a version conflict waits for the judge.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Stage } from '$contract/judging';
import {
  FakeStorage,
  FakeWebSocket,
  installBrowser,
  jsonResponse,
  uninstallBrowser,
  type FakeBrowser,
} from '$lib/testing/browser-fakes';
import type { JudgeMe, JudgeSheets, ServerSheet, Sheet, SheetWrite } from './api';
import { testSheet } from '$lib/testing/fixtures';
import { LAST_SCOPE_KEY, storageKey } from './storage';
import { JudgeTablet } from './tablet.svelte';

const SCOPE = 'thu.gk1';

const stage = (team: string | null): Stage => ({
  round: team ? 'v1' : null,
  team,
  updatedAt: null,
  scene: 'stage',
  timer: { durationMs: null, endsAt: null, remainingMs: null },
});
const team = (key: string, extra: { conflict?: boolean; withdrawn?: boolean } = {}) => ({
  key,
  name: `Đội ${key}`,
  unit: 'Đơn vị',
  ideaTitle: null,
  conflict: extra.conflict ?? false,
  withdrawn: extra.withdrawn ?? false,
});
const me = (onStage: string | null = 't1'): JudgeMe => ({
  contest: {
    slug: 'thu',
    title: 'Hội thi thử',
    organizer: 'Ban tổ chức',
    date: '2026-12-04',
    venue: null,
    rounds: [
      {
        key: 'v1',
        title: 'Vòng 1',
        timeLimitSec: null,
        criteria: [
          { key: 'nd', title: 'Nội dung', description: null, max: 10, step: 0.5 },
          { key: 'ht', title: 'Hình thức', description: null, max: 5, step: 1 },
        ],
      },
      {
        key: 'v2',
        title: 'Vòng 2',
        timeLimitSec: null,
        criteria: [{ key: 'a', title: 'A', description: null, max: 10, step: 1 }],
      },
    ],
    teams: [team('t1'), team('t2'), team('t3', { conflict: true }), team('t4', { withdrawn: true })],
  },
  judge: { key: 'gk1', name: 'Giám khảo 1', title: null },
  stage: stage(onStage),
});
const serverSheet = (
  t: string,
  version: number,
  marks: Record<string, number>,
  status: Sheet['status'] = 'draft',
): ServerSheet => ({
  ...testSheet('v1', t, version, marks, status),
  receipt: version > 0 ? { seq: version * 10, hash: `h${version}`, at: '2026-12-04T08:00:00.000Z' } : null,
});

interface Put {
  url: string;
  key: string;
  body: SheetWrite;
}

/** The API as the tablet sees it; each answer can be changed by the test. */
class FakeServer {
  me: JudgeMe | { status: number; code: string } | 'down' = me();
  sheets: JudgeSheets = { sheets: [serverSheet('t1', 2, { nd: 5, ht: 3 })], locked: [] };
  puts: Put[] = [];
  /** How a PUT is answered; by default it commits on the version sent. */
  onPut: (put: Put) => Response | Promise<Response> = (put) => {
    const s = { ...serverSheet(put.url.split('/').at(-1)!, (put.body.baseVersion ?? 0) + 1, put.body.marks, put.body.status) };
    const { receipt, ...sheet } = s;
    return jsonResponse(200, { sheet: { ...sheet, comment: put.body.comment ?? null }, receipt });
  };

  /** One-off answers, each taken by the next request to its path (e.g. one held back to arrive late). */
  next: Record<string, Promise<Response>[]> = {};

  readonly fetch = vi.fn(async (url: string, init: RequestInit = {}): Promise<Response> => {
    const method = init.method ?? 'GET';
    if (url === '/api/time') return jsonResponse(200, { now: Date.now() });
    const oneOff = method === 'GET' ? this.next[url]?.shift() : undefined;
    if (oneOff) return oneOff;
    if (this.me === 'down') throw new TypeError('Failed to fetch');
    if (url === '/api/judge/me' && method === 'GET') {
      if ('status' in this.me) return jsonResponse(this.me.status, { error: { code: this.me.code, message: '' } });
      return jsonResponse(200, this.me);
    }
    if (url === '/api/judge/sheets' && method === 'GET') return jsonResponse(200, this.sheets);
    if (method === 'PUT' && url.startsWith('/api/contests/thu/sheets/')) {
      const headers = init.headers as Record<string, string>;
      const put = { url, key: headers['idempotency-key']!, body: JSON.parse(String(init.body)) as SheetWrite };
      this.puts.push(put);
      return this.onPut(put);
    }
    return jsonResponse(404, { error: { code: 'NOT_FOUND', message: url } });
  });
}

let browser: FakeBrowser;
let server: FakeServer;
const tablets: JudgeTablet[] = [];
async function startTablet(storage?: FakeStorage): Promise<JudgeTablet> {
  if (storage) browser = installBrowser(storage);
  vi.stubGlobal('fetch', server.fetch);
  const t = new JudgeTablet();
  tablets.push(t);
  await t.start();
  await vi.advanceTimersByTimeAsync(0);
  return t;
}
/** A reload: this page's objects end, a new one starts on the same storage. */
async function reload(t: JudgeTablet): Promise<JudgeTablet> {
  t.stop();
  return startTablet(browser.storage);
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-12-04T08:00:00Z') });
  browser = installBrowser();
  server = new FakeServer();
});
afterEach(() => uninstallBrowser(tablets));

describe('the judge’s tablet', () => {
  it('starts from the server: the judge, the team on stage, the sheets, a cache for offline starts', async () => {
    const t = await startTablet();
    expect(t.phase).toBe('ready');
    expect(t.fromCache).toBe(false);
    expect([t.roundKey, t.teamKey]).toEqual(['v1', 't1']);
    expect(t.stateOf('v1', 't1')).toBe('draft');
    expect(t.stateOf('v1', 't2')).toBe('none');
    expect(t.stateOf('v1', 't3')).toBe('conflict');
    expect(t.stateOf('v1', 't4')).toBe('withdrawn');
    expect(t.working('v1', 't1')).toEqual({ nd: 5, ht: 3 });
    expect(t.receipts.map((r) => r.seq)).toEqual([20]);
    expect(browser.storage.json(LAST_SCOPE_KEY)).toBe(SCOPE);
    expect(browser.storage.json<{ me: JudgeMe }>(storageKey(SCOPE, 'cache'))?.me.judge.key).toBe('gk1');
    expect(FakeWebSocket.last().url).toBe('ws://hoithi.test/api/contests/thu/live');
  });

  it('keeps unsaved marks and the comment being typed across a reload', async () => {
    const t = await startTablet();
    t.selectTeam('t2');
    t.setMark('v1', 't2', 'nd', 7.5);
    t.setComment('v1', 't2', 'Ý tưởng hay');
    expect(t.hasUnsaved('v1', 't2')).toBe(true);

    const again = await reload(t);
    expect(again.teamKey).toBe('t2');
    expect(again.working('v1', 't2')).toEqual({ nd: 7.5 });
    expect(again.workingComment('v1', 't2')).toBe('Ý tưởng hay');
    expect(again.hasUnsaved('v1', 't2')).toBe(true);
    expect(again.stateOf('v1', 't2')).toBe('draft');
    // The team on stage is another one: the reload still offers it.
    expect(again.stageOffer).toBe(true);
  });

  it('saves through the outbox: pending, then submitted with its receipt, on the version it knew', async () => {
    const t = await startTablet();
    const answers: (() => void)[] = [];
    const commit = server.onPut;
    server.onPut = (put) => new Promise<Response>((resolve) => answers.push(() => resolve(commit(put))));
    t.setMark('v1', 't1', 'nd', 8.26); // snapped to the step on save
    t.setComment('v1', 't1', '  Tốt  ');
    t.save('v1', 't1', 'submitted');
    expect(t.hasUnsaved('v1', 't1')).toBe(false);
    expect(t.stateOf('v1', 't1')).toBe('pending');
    expect(t.saved('v1', 't1')).toEqual({ marks: { nd: 8.5, ht: 3 }, status: 'submitted', comment: 'Tốt' });
    await vi.advanceTimersByTimeAsync(0);
    expect(server.puts).toMatchObject([
      {
        url: '/api/contests/thu/sheets/v1/t1',
        body: { marks: { nd: 8.5, ht: 3 }, status: 'submitted', baseVersion: 2, comment: 'Tốt' },
      },
    ]);
    expect(server.puts[0]!.key).toMatch(/^[0-9a-f-]{36}$/);

    answers.shift()!();
    await vi.advanceTimersByTimeAsync(0);
    expect(t.stateOf('v1', 't1')).toBe('submitted');
    expect(t.sheets['v1/t1']?.version).toBe(3);
    expect(t.lastAck).toMatchObject({ key: 'v1/t1', status: 'submitted' });
    expect(t.receipts.map((r) => r.seq)).toEqual([30, 20]);
    expect(browser.storage.json<{ seq: number }[]>(storageKey(SCOPE, 'receipts'))?.map((r) => r.seq)).toEqual([30, 20]);
  });

  it('a save made offline is sent after a reload that is online', async () => {
    const t = await startTablet();
    browser.navigator.onLine = false;
    t.setMark('v1', 't2', 'nd', 4);
    t.save('v1', 't2', 'draft');
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.puts).toEqual([]);

    browser.navigator.onLine = true;
    const again = await reload(t);
    expect(server.puts.map((p) => p.body)).toEqual([{ marks: { nd: 4 }, status: 'draft', baseVersion: 0, comment: null }]);
    expect(again.stateOf('v1', 't2')).toBe('draft');
    expect(again.sheets['v1/t2']?.version).toBe(1);
    expect(again.outbox?.entries).toEqual([]);
  });

  it('starts offline from what it stored, and says so', async () => {
    await reload(await startTablet()).then((t) => t.stop());
    server.me = 'down';
    const t = await startTablet(browser.storage);
    expect(t.phase).toBe('ready');
    expect(t.fromCache).toBe(true);
    expect(t.online).toBe(false);
    expect(t.working('v1', 't1')).toEqual({ nd: 5, ht: 3 });
  });

  it('fails plainly when offline with nothing stored', async () => {
    server.me = 'down';
    const t = await startTablet();
    expect(t.phase).toBe('failed');
    expect(t.outbox).toBeNull();
  });

  it('a link no longer valid says how many sheets the tablet still keeps', async () => {
    const t = await startTablet();
    browser.navigator.onLine = false;
    t.setMark('v1', 't1', 'nd', 1);
    t.save('v1', 't1', 'draft');
    t.setMark('v1', 't2', 'nd', 2);
    t.save('v1', 't2', 'draft');
    t.stop();

    server.me = { status: 401, code: 'LINK_INVALID' };
    browser.navigator.onLine = true;
    const again = await startTablet(browser.storage);
    expect(again.phase).toBe('invalidLink');
    expect(again.kept).toBe(2);
    expect(server.puts).toEqual([]);
  });

  it('gives back the marks of a refused save and shows the sheet locked', async () => {
    const t = await startTablet();
    // The host locks the team between the judge's edit and the save.
    server.onPut = () => jsonResponse(423, { error: { code: 'SHEET_LOCKED', message: 'locked' } });
    server.sheets = { ...server.sheets, locked: [{ round: 'v1', team: 't2' }] };
    t.setMark('v1', 't2', 'nd', 6);
    t.save('v1', 't2', 'submitted');
    await vi.advanceTimersByTimeAsync(0);
    expect(server.puts).toHaveLength(1);
    expect(t.stateOf('v1', 't2')).toBe('locked');
    expect(t.lastRejection).toMatchObject({ team: 't2', code: 'SHEET_LOCKED' });
    expect(t.working('v1', 't2')).toEqual({ nd: 6 });
    expect(t.hasUnsaved('v1', 't2')).toBe(true);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(server.puts).toHaveLength(1);
  });

  it('shows a lock pushed on the live socket at once, and the new team on stage', async () => {
    const t = await startTablet();
    expect(t.stateOf('v1', 't2')).toBe('none');
    const ws = FakeWebSocket.last();
    ws.open();
    ws.receive({ type: 'snapshot', seq: 1, stage: stage('t1'), locks: [] });
    expect(t.stageOffer).toBe(false);
    ws.receive({ type: 'update', seq: 2, stage: stage('t2'), locks: [{ round: 'v1', team: 't2' }] });
    expect(t.stateOf('v1', 't2')).toBe('locked');
    expect(t.stageOffer).toBe(true);
    t.jumpToStage();
    expect([t.roundKey, t.teamKey, t.stageOffer]).toEqual(['v1', 't2', false]);
  });

  it('an unlock pushed on the live socket frees a sheet the last refresh said was locked', async () => {
    server.sheets = { sheets: [serverSheet('t1', 2, { nd: 5, ht: 3 })], locked: [{ round: 'v1', team: 't1' }] };
    const t = await startTablet();
    const ws = FakeWebSocket.last();
    ws.open();
    ws.receive({ type: 'snapshot', seq: 1, stage: stage('t1'), locks: [{ round: 'v1', team: 't1' }] });
    expect(t.stateOf('v1', 't1')).toBe('locked');
    // The host unlocks the team for review: the judge may change the marks now, not 30 s later.
    server.sheets = { ...server.sheets, locked: [] };
    ws.receive({ type: 'update', seq: 2, locks: [] });
    expect(t.stateOf('v1', 't1')).toBe('draft');
    // While the socket says nothing newer, the refresh's word stands (e.g. it is down).
    server.sheets = { ...server.sheets, locked: [{ round: 'v1', team: 't2' }] };
    await t.refresh();
    expect(t.stateOf('v1', 't2')).toBe('locked');
  });

  it('holds a version conflict for the judge, and taking the server’s version shows it', async () => {
    const t = await startTablet();
    const theirs = serverSheet('t1', 5, { nd: 1, ht: 1 }, 'submitted');
    const { receipt: _receipt, ...current } = theirs;
    server.onPut = () => jsonResponse(409, { error: { code: 'VERSION_CONFLICT', message: '' }, current });
    t.setMark('v1', 't1', 'nd', 9);
    t.save('v1', 't1', 'submitted');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.stateOf('v1', 't1')).toBe('versionConflict');
    const conflict = t.outbox!.conflictFor('v1', 't1')!;
    expect(conflict.mine.marks).toEqual({ nd: 9, ht: 3 });
    expect(conflict.theirs?.version).toBe(5);

    server.sheets = { sheets: [theirs], locked: [] };
    t.resolveConflict(conflict.id, 'theirs');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.stateOf('v1', 't1')).toBe('submitted');
    expect(t.working('v1', 't1')).toEqual({ nd: 1, ht: 1 });
    expect(server.puts).toHaveLength(1);
  });

  it('an earlier refresh failing after a later one succeeded does not show the tablet offline', async () => {
    const t = await startTablet();
    let failLate!: (err: unknown) => void;
    // The first refresh's read of the judge is held back and fails late; the second answers at once.
    server.next['/api/judge/me'] = [new Promise<Response>((_, reject) => (failLate = reject))];
    const first = t.refresh();
    await t.refresh();
    expect(t.unreachable).toBe(false);
    failLate(new TypeError('Failed to fetch'));
    await first;
    await vi.advanceTimersByTimeAsync(0);
    expect(t.unreachable).toBe(false);
    expect(t.online).toBe(true);
  });

  it('a read of the sheets from before an unlock, answering after a later read, does not put the lock back', async () => {
    const t = await startTablet();
    let answerLate!: (res: Response) => void;
    server.next['/api/judge/sheets'] = [new Promise<Response>((resolve) => (answerLate = resolve))];
    const before = t.refresh();
    await vi.advanceTimersByTimeAsync(0);
    server.sheets = { sheets: [serverSheet('t1', 2, { nd: 5, ht: 3 })], locked: [] };
    await t.refresh();
    expect(t.stateOf('v1', 't1')).not.toBe('locked');
    answerLate(jsonResponse(200, { sheets: [serverSheet('t1', 2, { nd: 5, ht: 3 })], locked: [{ round: 'v1', team: 't1' }] }));
    await before;
    await vi.advanceTimersByTimeAsync(0);
    expect(t.stateOf('v1', 't1')).not.toBe('locked');
  });

  it('refreshes the judge’s sheets every 30 s', async () => {
    const t = await startTablet();
    server.sheets = {
      sheets: [serverSheet('t1', 2, { nd: 5, ht: 3 }), serverSheet('t2', 1, { nd: 3 })],
      locked: [{ round: 'v1', team: 't1' }],
    };
    await vi.advanceTimersByTimeAsync(29_000);
    expect(t.stateOf('v1', 't2')).toBe('none');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(t.stateOf('v1', 't2')).toBe('draft');
    expect(t.stateOf('v1', 't1')).toBe('locked');
  });
});
