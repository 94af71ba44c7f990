/**
 * Audience voting has a lifecycle (scoring.md §7 "Audience voting"): the host opens and closes it,
 * a vote outside the open window is refused, and the audience prize — with its certificate and
 * the public check of its serial — is decided only once voting has closed.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Db } from '../../db/client.js';
import * as t from '../../db/schema.js';
import type { App } from '../../server/app.js';
import { certificateSerial } from '../../server/modules/results/table.js';
import { HOST, importDemo, listenLive, login } from '../helpers/app.js';

const SLUG = 'cchc-gialai-2019';
let app: App;
let db: Db;
let base: string;
let organizer: string;
let host: string;
const sockets: WebSocket[] = [];

beforeEach(async () => {
  let port: number;
  ({ app, db, port } = await listenLive());
  base = `ws://127.0.0.1:${port}`;
  organizer = await login(app);
  host = await login(app, HOST);
  await importDemo(app, organizer);
});
afterEach(async () => {
  for (const s of sockets.splice(0)) if (s.readyState !== WebSocket.CLOSED) s.terminate();
  await app.close();
});

const call = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Record<string, string> = {}, payload?: object) =>
  app.inject({ method, url: `/api/contests/${SLUG}${url}`, headers, ...(payload ? { payload } : {}) });
const asHost = { cookie: () => ({ cookie: host }) };
const openVoting = (c = host) => call('POST', '/votes/open', { cookie: c });
const closeVoting = (c = host) => call('POST', '/votes/close', { cookie: c });
const counts = async () => (await call('GET', '/votes', asHost.cookie())).json();
/** A vote from a new device (no cookie): each call is another phone. */
const vote = (team: string, device?: string) =>
  call('POST', '/votes', device ? { cookie: `hoithi_device=${device}` } : {}, { team });
const board = async (c?: string) => (await call('GET', '/scoreboard', c ? { cookie: c } : {})).json();
const audience = (b: { awards: { prize: string; teams: string[]; provisional: boolean }[] }) =>
  b.awards.find((a) => a.prize === 'khan-gia')!;
const rowPrizes = (b: { rows: { team: string; prizes: string[] }[] }, team: string) =>
  b.rows.find((r) => r.team === team)!.prizes;
/** A score in the direct round gives a team a rank, which the audience prize needs. */
async function score(team: string, points: number) {
  const res = await call('PUT', `/direct/diem-thuong/${team}`, { cookie: host }, { score: points, reason: 'Điểm thưởng' });
  expect(res.statusCode, res.body).toBe(200);
}

describe('the voting window', () => {
  it('refuses a vote before voting opens, takes it while open, refuses it after the close', async () => {
    const before = await vote('bhxh');
    expect(before.statusCode).toBe(409);
    expect(before.json().error).toMatchObject({ code: 'VOTING_CLOSED', message: 'Bình chọn hiện không mở' });
    expect((await counts()).total).toBe(0);

    const opened = await openVoting();
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json()).toMatchObject({ open: true, state: 'open', closedAt: null, total: 0 });
    const first = await vote('bhxh');
    expect(first.statusCode, first.body).toBe(200);
    const device = first.cookies.find((c) => c.name === 'hoithi_device')!.value;
    expect((await vote('kbnn')).statusCode).toBe(200);

    const closed = await closeVoting();
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ open: false, state: 'closed', total: 2 });
    const late = await vote('sgtvt');
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('VOTING_CLOSED');
    // The refusal says the window, not "already voted", even to a device that voted.
    expect((await vote('sgtvt', device)).json().error.code).toBe('VOTING_CLOSED');
    expect((await counts()).total).toBe(2);
  });

  it('counts per team, every team that takes part listed, for staff only', async () => {
    await openVoting();
    await vote('bhxh');
    await vote('bhxh');
    await vote('kbnn');
    const c = await counts();
    expect(c).toMatchObject({ open: true, state: 'open', total: 3 });
    expect(c.counts).toMatchObject({ bhxh: 2, kbnn: 1, sgtvt: 0 });
    expect(Object.keys(c.counts)).toHaveLength(20);
    expect((await call('GET', '/votes', { cookie: organizer })).statusCode).toBe(200);
    expect((await call('GET', '/votes')).statusCode).toBe(401);
    expect((await call('GET', '/votes', { cookie: 'hoithi_device=aaaaaaaaaaaaaaaaaaaaaaaa' })).statusCode).toBe(401);
  });

  it('opens and closes for the host and the organizer only', async () => {
    expect((await call('POST', '/votes/open')).statusCode).toBe(401);
    expect((await counts()).state).toBe('idle');
    expect((await openVoting(organizer)).statusCode).toBe(200);
    expect((await call('POST', '/votes/close')).statusCode).toBe(401);
    expect((await counts()).state).toBe('open');
    expect((await closeVoting(host)).statusCode).toBe(200);
    expect((await counts()).state).toBe('closed');
  });

  it('closing voting that never opened is refused; opening or closing twice changes nothing', async () => {
    const never = await closeVoting();
    expect(never.statusCode).toBe(409);
    expect(never.json().error.code).toBe('VOTING_CLOSED');
    const a = (await openVoting()).json();
    const b = (await openVoting()).json();
    expect(b.openedAt).toBe(a.openedAt);
    const c = (await closeVoting()).json();
    const d = (await closeVoting()).json();
    expect(d.closedAt).toBe(c.closedAt);
    const kinds = (await call('GET', '/audit', { cookie: organizer })).json().events.map((e: { kind: string }) => e.kind);
    expect(kinds.filter((k: string) => k.startsWith('voting_'))).toEqual(['voting_open', 'voting_close']);
  });

  it('reopening after a close clears the close, is logged, and the log still verifies', async () => {
    await openVoting();
    await vote('bhxh');
    await closeVoting();
    const reopened = (await openVoting()).json();
    expect(reopened).toMatchObject({ open: true, state: 'open', closedAt: null, total: 1 });
    expect((await vote('kbnn')).statusCode).toBe(200);
    const row = db.select().from(t.contests).where(eq(t.contests.slug, SLUG)).get()!;
    expect(row.votingClosedAt).toBeNull();
    expect(row.votingOpenedAt).toBe(reopened.openedAt);

    const audit = (await call('GET', '/audit', { cookie: organizer })).json();
    const voting = audit.events.filter((e: { kind: string }) => e.kind.startsWith('voting_'));
    expect(voting.map((e: { kind: string }) => e.kind)).toEqual(['voting_open', 'voting_close', 'voting_open']);
    expect(voting[0].actor).toBe(`staff:${HOST.email}`);
    expect(voting[1].after).toMatchObject({ state: 'closed', total: 1, counts: { bhxh: 1 } });
    expect(voting[2].before).toMatchObject({ state: 'closed' });
    expect(audit.verified.ok, audit.verified.problems.join('\n')).toBe(true);
  });

  it('opening voting is not a mark: the contest stays freely editable', async () => {
    await openVoting();
    await closeVoting();
    expect((await call('GET', '', { cookie: organizer })).json().hasMarks).toBe(false);
    await openVoting();
    await vote('bhxh');
    expect((await call('GET', '', { cookie: organizer })).json().hasMarks).toBe(true);
  });

  it('every board says where voting stands: idle, open, closed', async () => {
    expect((await board()).voting).toBe('idle');
    expect((await board(host)).voting).toBe('idle');
    await openVoting();
    expect((await board()).voting).toBe('open');
    expect((await board(organizer)).voting).toBe('open');
    await closeVoting();
    expect((await board()).voting).toBe('closed');
    expect((await board(host)).voting).toBe('closed');
  });

  it('a frozen public board still shows the current voting state', async () => {
    await score('bhxh', 3);
    expect((await call('POST', '/freeze', { cookie: host })).statusCode).toBe(200);
    expect(await board()).toMatchObject({ frozen: true, voting: 'idle' });
    await openVoting();
    expect(await board()).toMatchObject({ frozen: true, voting: 'open' });
    await closeVoting();
    expect(await board()).toMatchObject({ frozen: true, voting: 'closed' });
  });
});

describe('the audience prize waits for the close', () => {
  beforeEach(async () => {
    await score('bhxh', 3);
    await score('kbnn', 2);
  });

  it('never opened: provisional, without a winner', async () => {
    const b = await board(organizer);
    expect(audience(b)).toEqual({ prize: 'khan-gia', teams: [], provisional: true });
  });

  it('is provisional while voting is open, decided once it closes, provisional again when reopened', async () => {
    await openVoting();
    await vote('kbnn');
    await vote('kbnn');
    await vote('bhxh');
    for (const c of [organizer, host, undefined]) {
      const b = await board(c);
      expect(audience(b)).toEqual({ prize: 'khan-gia', teams: ['kbnn'], provisional: true });
      expect(rowPrizes(b, 'kbnn')).not.toContain('khan-gia');
    }
    await closeVoting();
    for (const c of [organizer, host, undefined]) {
      const b = await board(c);
      expect(audience(b)).toEqual({ prize: 'khan-gia', teams: ['kbnn'], provisional: false });
      expect(rowPrizes(b, 'kbnn')).toContain('khan-gia');
    }
    await openVoting();
    expect(audience(await board(organizer)).provisional).toBe(true);
  });

  it('has a certificate and a serial check only once decided', async () => {
    const createdAt = db.select().from(t.contests).where(eq(t.contests.slug, SLUG)).get()!.createdAt;
    const serial = certificateSerial(createdAt, SLUG, 'khan-gia', 'kbnn');
    const check = () => app.inject({ method: 'GET', url: `/api/certificates/${serial}` });
    const pdf = () => call('GET', '/certificates.pdf', { cookie: organizer });

    await openVoting();
    await vote('kbnn');
    expect((await check()).statusCode).toBe(404);
    // Nothing else is decided (other teams have no score yet): no certificate at all.
    const before = await pdf();
    expect(before.statusCode).toBe(409);
    expect(before.json().error.code).toBe('NO_WINNERS');

    await closeVoting();
    const ok = await check();
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ serial, prize: { key: 'khan-gia' }, team: { key: 'kbnn' } });
    const after = await pdf();
    expect(after.statusCode).toBe(200);
    expect(after.headers['content-type']).toContain('application/pdf');

    await openVoting();
    expect((await check()).statusCode).toBe(404);
  });
});

describe('live', () => {
  function connect(cookie?: string) {
    const messages: Record<string, unknown>[] = [];
    const ws = new WebSocket(`${base}/api/contests/${SLUG}/live`, { headers: cookie ? { cookie } : {} });
    sockets.push(ws);
    ws.on('error', () => undefined);
    ws.on('message', (data) => messages.push(JSON.parse(data.toString()) as Record<string, unknown>));
    const until = async (test: (m: Record<string, unknown>) => boolean, ms = 3000) => {
      const start = Date.now();
      for (;;) {
        const hit = messages.find(test);
        if (hit) return hit;
        if (Date.now() - start > ms) throw new Error(`timed out; got ${JSON.stringify(messages)}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    return { messages, until };
  }

  it('the host’s socket gets the counts as votes come in; the audience’s only the state', async () => {
    const staff = connect(host);
    const phone = connect();
    await staff.until((m) => m['type'] === 'snapshot');
    await phone.until((m) => m['type'] === 'snapshot');
    expect(staff.messages[0]!['votes']).toMatchObject({ state: 'idle', total: 0 });

    await openVoting();
    await phone.until((m) => (m['scoreboard'] as { voting?: string } | undefined)?.voting === 'open');
    await vote('bhxh');
    await staff.until((m) => (m['votes'] as { counts?: Record<string, number> } | undefined)?.counts?.['bhxh'] === 1);
    await closeVoting();
    await phone.until((m) => (m['scoreboard'] as { voting?: string } | undefined)?.voting === 'closed');
    await staff.until((m) => (m['votes'] as { state?: string } | undefined)?.state === 'closed');
    expect(phone.messages.some((m) => 'votes' in m)).toBe(false);
  });
});
