/** The live hub with real WebSocket clients over a real port. */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { App } from '../../server/app.js';
import { applyScoreboardDelta, LIVE_DELTA_PROTOCOL } from '../../server/contract/live-delta.js';
import type { ScoreboardDelta } from '../../server/contract/live.js';
import type { ScoreboardBody } from '../../server/contract/results.js';
import { HOST, importDemo, listenLive, login } from '../helpers/app.js';

const SLUG = 'cchc-gialai-2019';
let app: App;
let base: string;
let organizer: string;
let host: string;
let judges: Record<string, string>;
const clients: WebSocket[] = [];

/** A server with the demo contest, signed in as the organizer and the host. */
async function start(coalesceMs?: number) {
  let port: number;
  ({ app, port } = await listenLive(undefined, undefined, coalesceMs));
  base = `ws://127.0.0.1:${port}`;
  organizer = await login(app);
  host = await login(app, HOST);
  ({ judges } = await importDemo(app, organizer));
}
beforeEach(() => start());
afterEach(async () => {
  // A socket refused at the handshake may still be connecting: terminating it then emits an
  // error event, which every client below listens to.
  for (const c of clients.splice(0)) if (c.readyState !== WebSocket.CLOSED) c.terminate();
  await app.close();
});

interface Msg {
  type: 'snapshot' | 'update';
  seq: number;
  after?: number;
  scoreboardDelta?: ScoreboardDelta;
  view?: string;
  scoreboard?: { rows: { team: string; total: number; rounds: Record<string, number | null> }[]; frozen: boolean };
  stage?: { round: string | null; team: string | null };
  progress?: unknown;
}

/** A client that records every frame it receives, raw and parsed (with a subprotocol when given). */
function connect(headers: Record<string, string> = {}, since?: number, protocol?: string) {
  const frames: string[] = [];
  const messages: Msg[] = [];
  const ws = new WebSocket(`${base}/api/contests/${SLUG}/live${since === undefined ? '' : `?since=${since}`}`, protocol, {
    headers,
  });
  clients.push(ws);
  ws.on('error', () => undefined);
  const kinds = { binary: 0 };
  ws.on('message', (data, isBinary) => {
    // Browsers get a binary frame as a Blob, which the pages do not read: every frame is text.
    if (isBinary) kinds.binary++;
    frames.push(data.toString());
    messages.push(JSON.parse(data.toString()) as Msg);
  });
  const next = async (n = messages.length + 1, ms = 2000) => {
    const start = Date.now();
    while (messages.length < n) {
      if (Date.now() - start > ms) throw new Error(`timed out waiting for message ${n}; got ${JSON.stringify(messages)}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return messages[n - 1]!;
  };
  return { ws, frames, messages, next, kinds };
}

/** Closes a client and waits until it is closed. */
async function leave(ws: WebSocket) {
  const gone = new Promise((resolve) => ws.once('close', resolve));
  ws.close();
  await gone;
}

async function api(method: string, url: string, cookie: string, payload?: object) {
  const res = await app.inject({ method: method as 'POST', url, headers: { cookie }, ...(payload ? { payload } : {}) });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res;
}
async function submit(judge: string, team: string, marks: [number, number, number]) {
  const res = await app.inject({
    method: 'PUT',
    url: `/api/contests/${SLUG}/sheets/gioi-thieu/${team}`,
    headers: { authorization: `Bearer ${judges[judge]}`, 'idempotency-key': randomUUID() },
    payload: { marks: { 'noi-dung': marks[0], 'hinh-thuc': marks[1], 'sang-tao': marks[2] }, status: 'submitted' },
  });
  expect(res.statusCode, res.body).toBe(200);
}

describe('live updates', () => {
  it('sends a snapshot, then an update per change with a strictly increasing seq', async () => {
    const audience = connect();
    const first = await audience.next(1);
    expect(first).toMatchObject({ type: 'snapshot', view: 'public', stage: { round: null, team: null } });
    expect(first.scoreboard?.rows).toHaveLength(20);
    await api('POST', `/api/contests/${SLUG}/stage`, host, { round: 'gioi-thieu', team: 'bhxh' });
    const second = await audience.next(2);
    expect(second).toMatchObject({ type: 'update', stage: { round: 'gioi-thieu', team: 'bhxh' } });
    expect(second.scoreboard).toBeUndefined();
    await api('POST', `/api/contests/${SLUG}/stage`, host, { round: 'gioi-thieu', team: 'kbnn' });
    const third = await audience.next(3);
    expect(audience.kinds.binary).toBe(0);
    expect(second.seq).toBeGreaterThan(first.seq);
    expect(third.seq).toBeGreaterThan(second.seq);
  });

  it('never sends sealed marks to an audience socket; the organizer sees them live; the lock releases them', async () => {
    const audience = connect();
    const boss = connect({ cookie: organizer });
    await audience.next(1);
    await boss.next(1);
    for (const j of ['gk1', 'gk2', 'gk3', 'gk4', 'gk5']) await submit(j, 'bhxh', [33.5, 21, 22]);
    const live = await boss.next(2);
    expect(live.scoreboard?.rows.find((r) => r.team === 'bhxh')?.total).toBe(76.5);
    // The positive control: a change made after the sheets (the stage) reaches the audience. Each
    // channel gets its changes in order, so had the sealed marks leaked, they came with it or before.
    await api('POST', `/api/contests/${SLUG}/stage`, host, { round: 'gioi-thieu', team: 'kbnn' });
    const control = await audience.next(2);
    expect(control.stage?.team).toBe('kbnn');
    // Frames captured on the audience socket: nothing about the sealed sheets.
    expect(audience.messages).toHaveLength(2);
    expect(control.scoreboard).toBeUndefined();
    expect(audience.frames.join('')).not.toContain('76.5');

    await api('POST', `/api/contests/${SLUG}/rounds/gioi-thieu/teams/bhxh/lock`, host);
    const released = await audience.next(3);
    expect(released.scoreboard?.rows.find((r) => r.team === 'bhxh')).toMatchObject({
      total: 76.5,
      rounds: { 'gioi-thieu': 76.5 },
    });
  });

  it('gives hosts judges’ progress, judges only the stage', async () => {
    await api('POST', `/api/contests/${SLUG}/stage`, host, { round: 'gioi-thieu', team: 'bhxh' });
    const hostSocket = connect({ cookie: host });
    const judgeSocket = connect({ authorization: `Bearer ${judges['gk2']}` });
    const h = await hostSocket.next(1);
    const j = await judgeSocket.next(1);
    expect(h.view).toBe('host');
    expect(h.progress).toMatchObject({ round: 'gioi-thieu' });
    expect(j).toMatchObject({ view: 'judge', stage: { round: 'gioi-thieu', team: 'bhxh' } });
    expect(j.scoreboard).toBeUndefined();
    await submit('gk3', 'bhxh', [30, 20, 20]);
    const progress = (await hostSocket.next(2)) as {
      progress: { teams: { team: string; judges: { judge: string; status: string }[] }[] };
    };
    const bhxh = progress.progress.teams.find((x) => x.team === 'bhxh')!;
    expect(bhxh.judges.find((x) => x.judge === 'gk3')?.status).toBe('submitted');
    expect(JSON.stringify(progress)).not.toContain('"noi-dung"');
  });

  it('recomputes only the staff’s views for a judge’s sheet; a change in the same burst still reaches everyone', async () => {
    const audience = connect();
    const hostSocket = connect({ cookie: host });
    await audience.next(1);
    await hostSocket.next(1);
    const computed: string[] = [];
    const parts = app.live.parts.bind(app.live);
    vi.spyOn(app.live, 'parts').mockImplementation((slug, view, load) => {
      computed.push(view);
      return parts(slug, view, load);
    });
    await api('POST', `/api/contests/${SLUG}/stage`, host, { round: 'gioi-thieu', team: 'bhxh' });
    await hostSocket.next(2);
    await audience.next(2);
    expect(computed).toContain('public');
    // A sheet: the host's progress changes, and the audience's view is not even computed.
    computed.length = 0;
    await submit('gk3', 'bhxh', [30, 20, 20]);
    await hostSocket.next(3);
    expect(computed).toEqual(['host']);
    // A sheet and a stage change in one burst: the flush covers both, so the audience gets the stage.
    computed.length = 0;
    await Promise.all([
      submit('gk4', 'bhxh', [30, 20, 20]),
      api('POST', `/api/contests/${SLUG}/stage`, host, { round: 'gioi-thieu', team: 'kbnn' }),
    ]);
    await vi.waitFor(() => expect(audience.messages.at(-1)?.stage?.team).toBe('kbnn'), { timeout: 2000, interval: 5 });
    expect(computed).toContain('public');
    expect(audience.messages).toHaveLength(3);
  });

  it('resumes with ?since: the missed updates and no snapshot; an unknown seq gets a snapshot', async () => {
    const a = connect();
    const snap = await a.next(1);
    await api('POST', `/api/contests/${SLUG}/stage`, host, { round: 'gioi-thieu', team: 'bhxh' });
    const seen = await a.next(2);
    // Keep one listener so the channel keeps its history while the other client is away.
    const keeper = connect();
    await keeper.next(1);
    await leave(a.ws);
    await api('POST', `/api/contests/${SLUG}/stage`, host, { round: 'gioi-thieu', team: 'kbnn' });
    await keeper.next(2);
    await api('POST', `/api/contests/${SLUG}/stage`, host, { round: 'gioi-thieu', team: 'sgtvt' });
    await keeper.next(3);

    const resumed = connect({}, seen.seq);
    const m1 = await resumed.next(1);
    const m2 = await resumed.next(2);
    expect([m1.type, m2.type]).toEqual(['update', 'update']);
    expect([m1.stage?.team, m2.stage?.team]).toEqual(['kbnn', 'sgtvt']);
    expect(m1.seq).toBeGreaterThan(seen.seq);
    // Nothing else (no snapshot) came: the next message is the next change.
    await api('POST', `/api/contests/${SLUG}/stage`, host, { round: 'gioi-thieu', team: 'vp-ubnd' });
    const m3 = await resumed.next(3);
    expect([m3.type, m3.stage?.team]).toEqual(['update', 'vp-ubnd']);
    expect(resumed.messages).toHaveLength(3);

    const stale = connect({}, snap.seq - 12345);
    expect((await stale.next(1)).type).toBe('snapshot');
    const future = connect({}, Number.MAX_SAFE_INTEGER);
    expect((await future.next(1)).type).toBe('snapshot');
  });

  it('coalesces a burst into few updates, the latest state winning, with no seq gap per channel', async () => {
    // A window wide enough for the ten writes to fall in two or three of them even on a loaded
    // machine (at 20 ms they may spread over more windows than the bound below allows).
    await app.close();
    await start(250);
    const a = connect();
    await a.next(1);
    const teams = ['bhxh', 'kbnn', 'sgtvt', 'vp-ubnd', 'noi-vu', 'bhxh', 'kbnn', 'sgtvt', 'vp-ubnd', 'noi-vu'];
    await Promise.all(teams.map((team) => api('POST', `/api/contests/${SLUG}/stage`, host, { round: 'gioi-thieu', team })));
    await vi.waitFor(() => expect(a.messages.at(-1)?.stage?.team).toBe('noi-vu'), { timeout: 2000, interval: 5 });
    // The positive control: a later change is the next message, so the burst sent nothing more.
    await api('POST', `/api/contests/${SLUG}/stage`, host, { round: 'gioi-thieu', team: 'bhxh' });
    await vi.waitFor(() => expect(a.messages.at(-1)?.stage?.team).toBe('bhxh'), { timeout: 2000, interval: 5 });
    const burst = a.messages.slice(0, -1);
    expect(burst.length).toBeLessThanOrEqual(4);
    expect(burst.at(-1)?.stage?.team).toBe('noi-vu');
    const seqs = a.messages.map((m) => m.seq);
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
  });

  it('drops a stalled client while the others keep receiving', async () => {
    const slow = connect();
    const fast = connect();
    await slow.next(1);
    await fast.next(1);
    // Find the server side of the slow client and make its send buffer look full.
    const hub = app.live as unknown as { channels: Map<string, { sockets: Set<WebSocket> }> };
    const serverSockets = [...[...hub.channels.values()][0]!.sockets];
    expect(serverSockets).toHaveLength(2);
    const closed = new Promise<number>((resolve) => slow.ws.on('close', (code) => resolve(code)));
    Object.defineProperty(serverSockets[0], 'bufferedAmount', { get: () => 10 << 20 });
    await api('POST', `/api/contests/${SLUG}/stage`, host, { round: 'gioi-thieu', team: 'kbnn' });
    expect(await closed).toBe(1006);
    const m = await fast.next(2);
    expect(m.stage?.team).toBe('kbnn');
  });

  it('refuses an upgrade from a foreign origin, and an unknown contest', async () => {
    const foreign = new WebSocket(`${base}/api/contests/${SLUG}/live`, { headers: { origin: 'http://evil.example' } });
    clients.push(foreign);
    foreign.on('error', () => undefined);
    const status = await new Promise<number>((resolve) =>
      foreign.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
    );
    expect(status).toBe(403);
    const missing = new WebSocket(`${base}/api/contests/khong-co/live`);
    clients.push(missing);
    missing.on('error', () => undefined);
    expect(
      await new Promise<number>((resolve) => missing.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))),
    ).toBe(404);
  });

  it('closes with 1009 a socket that sends a frame over the limit', async () => {
    const a = connect();
    await a.next(1);
    const code = new Promise<number>((resolve) => a.ws.on('close', (c) => resolve(c)));
    a.ws.send('x'.repeat(10_000));
    expect(await code).toBe(1009);
  });

  it('shows each judge’s total with a released result only when the organizer enables it', async () => {
    await api('POST', `/api/contests/${SLUG}/stage`, host, { round: 'gioi-thieu', team: 'bhxh' });
    const audience = connect();
    await audience.next(1);
    for (const j of ['gk1', 'gk2', 'gk3']) await submit(j, 'bhxh', [30, 20, 20]);
    await api('PUT', `/api/contests/${SLUG}/settings`, organizer, { showJudgeTotals: true });
    // The positive control: a change made after the setting (the scene) reaches the audience.
    expect(audience.frames.join('')).not.toContain('"scene":"result"');
    await api('POST', `/api/contests/${SLUG}/scene`, host, { scene: 'result' });
    await vi.waitFor(() => expect(audience.frames.join('')).toContain('"scene":"result"'), { timeout: 2000, interval: 5 });
    // Enabled, but not locked yet: still sealed.
    expect(audience.frames.join('')).not.toContain('"result":{');
    await api('POST', `/api/contests/${SLUG}/rounds/gioi-thieu/teams/bhxh/lock`, host, {
      force: true,
      reason: 'Hai giám khảo chấm giấy',
    });
    const released = () =>
      audience.messages
        .map((m) => (m as { result?: { judges: { judge: string; total: number | null }[] } | null }).result)
        .filter(Boolean)
        .at(-1);
    await vi.waitFor(() => expect(released()).toBeTruthy(), { timeout: 2000, interval: 5 });
    const result = released();
    expect(result?.judges.map((j) => [j.judge, j.total])).toEqual([
      ['gk1', 70],
      ['gk2', 70],
      ['gk3', 70],
      ['gk4', null],
      ['gk5', null],
    ]);
    await api('PUT', `/api/contests/${SLUG}/settings`, organizer, { showJudgeTotals: false });
    await vi.waitFor(() => expect((audience.messages.at(-1) as { result?: unknown }).result).toBeNull(), {
      timeout: 2000,
      interval: 5,
    });
  });
});

describe('live deltas (the hoithi.delta subprotocol)', () => {
  const lock = (team: string) => api('POST', `/api/contests/${SLUG}/rounds/gioi-thieu/teams/${team}/lock`, host);
  async function score(team: string, marks: [number, number, number]) {
    for (const j of ['gk1', 'gk2', 'gk3', 'gk4', 'gk5']) await submit(j, team, marks);
    await lock(team);
  }
  /** The board a delta client holds after applying its messages in order. */
  function replay(messages: Msg[], from: ScoreboardBody): ScoreboardBody {
    let board = from;
    for (const m of messages) {
      if (m.scoreboard) board = m.scoreboard as unknown as ScoreboardBody;
      else if (m.scoreboardDelta) board = applyScoreboardDelta(board, m.scoreboardDelta)!;
    }
    return board;
  }

  it('sends only the rows that changed, with the seq each update follows; the same snapshot; whole sockets unchanged', async () => {
    const whole = connect();
    const delta = connect({}, undefined, LIVE_DELTA_PROTOCOL);
    await whole.next(1);
    const d1 = await delta.next(1);
    expect(delta.ws.protocol).toBe(LIVE_DELTA_PROTOCOL);
    expect(whole.ws.protocol).toBe('');
    expect(delta.frames[0]).toBe(whole.frames[0]);
    expect(d1.scoreboard?.rows).toHaveLength(20);

    await score('bhxh', [33.5, 21, 22]);
    const w2 = await whole.next(2);
    const d2 = await delta.next(2);
    expect(w2.scoreboard?.rows).toHaveLength(20);
    expect(w2.after).toBeUndefined();
    expect(d2).toMatchObject({ type: 'update', seq: w2.seq, after: d1.seq });
    expect(d2.scoreboard).toBeUndefined();
    expect(d2.scoreboardDelta?.rows?.map((r) => r.team)).toContain('bhxh');
    expect(d2.scoreboardDelta?.rows?.length).toBeLessThan(20);
    const board1 = d1.scoreboard as unknown as ScoreboardBody;
    expect(applyScoreboardDelta(board1, d2.scoreboardDelta!)).toEqual(w2.scoreboard);

    // A team moves up: its row, the new order and the fields that changed.
    await score('kbnn', [30, 20, 20]);
    const w3 = await whole.next(3);
    const d3 = await delta.next(3);
    expect(d3.after).toBe(d2.seq);
    expect(d3.scoreboardDelta?.rows?.map((r) => r.team)).toEqual(['kbnn']);
    expect(d3.scoreboardDelta?.order).toEqual(w3.scoreboard?.rows.map((r) => r.team));
    // One team's score changes on the 20-team board, its place unchanged: that row, no order.
    await score('bqlkkt', [25, 15, 15]);
    const w4 = await whole.next(4);
    const d4 = await delta.next(4);
    expect(d4.scoreboardDelta?.rows?.map((r) => r.team)).toEqual(['bqlkkt']);
    expect(d4.scoreboardDelta?.order).toBeUndefined();
    expect(replay([d2, d3, d4], board1)).toEqual(w4.scoreboard);
    const size = (i: number) => `whole ${whole.frames[i]!.length} B, delta ${delta.frames[i]!.length} B`;
    console.info(`live frames, 20-team board: a team moves up: ${size(2)}; one team's score, same place: ${size(3)}`);
    expect(delta.frames[3]!.length * 5).toBeLessThan(whole.frames[3]!.length);

    // A change with no scoreboard: the same parts, with `after`.
    await api('POST', `/api/contests/${SLUG}/stage`, host, { round: 'gioi-thieu', team: 'sgtvt' });
    const w5 = await whole.next(5);
    const d5 = await delta.next(5);
    expect(d5).toEqual({ ...w5, after: d4.seq });
  });

  it('resumes a delta socket with ?since exactly: the missed deltas, chained from its seq', async () => {
    const a = connect({}, undefined, LIVE_DELTA_PROTOCOL);
    const snap = await a.next(1);
    const keeper = connect();
    await keeper.next(1);
    await leave(a.ws);
    await score('bhxh', [33.5, 21, 22]);
    await keeper.next(2);
    await score('kbnn', [30, 20, 20]);
    await keeper.next(3);
    await api('POST', `/api/contests/${SLUG}/stage`, host, { round: 'gioi-thieu', team: 'sgtvt' });
    await keeper.next(4);

    const resumed = connect({}, snap.seq, LIVE_DELTA_PROTOCOL);
    await resumed.next(3);
    expect(resumed.messages.map((m) => m.type)).toEqual(['update', 'update', 'update']);
    expect(resumed.messages.map((m) => m.after)).toEqual([snap.seq, ...resumed.messages.slice(0, -1).map((m) => m.seq)]);
    expect(resumed.messages.map((m) => m.seq)).toEqual(keeper.messages.slice(1).map((m) => m.seq));
    expect(resumed.messages.some((m) => m.scoreboard)).toBe(false);
    expect(replay(resumed.messages, snap.scoreboard as unknown as ScoreboardBody)).toEqual(
      replay(keeper.messages, snap.scoreboard as unknown as ScoreboardBody),
    );
    // Nothing else came: the next message is the next change.
    await api('POST', `/api/contests/${SLUG}/stage`, host, { round: 'gioi-thieu', team: 'kbnn' });
    expect(await resumed.next(4)).toMatchObject({ type: 'update', after: keeper.messages[3]!.seq, stage: { team: 'kbnn' } });
    expect(resumed.messages).toHaveLength(4);
  });
});
