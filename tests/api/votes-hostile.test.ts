/**
 * Votes that cannot be bought (scoring.md §7 "Votes that cannot be bought"): device ids are issued
 * and signed by the server, made-up ones are ignored, new ids are issued at most N a minute per
 * address, the organizer sees votes per address and per minute and can void one address's votes
 * with a logged reason, and ticket mode lets only printed one-time codes vote.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { buildApp, type App, type AppOptions } from '../../server/app.js';
import { upsertAccount } from '../../server/modules/auth/repository.js';
import { listEvents } from '../../server/modules/audit/log.js';
import { changesAfterMarking } from '../../server/modules/documents/changes.js';
import { describeChange } from '../../server/modules/documents/labels.js';
import { DeviceIds, loadInstallSecret, SECRET_FILE } from '../../server/modules/votes/device.js';
import { HOST, importDemo, login, ORGANIZER } from '../helpers/app.js';
import { loadContestData } from '../../server/modules/results/service.js';
import { findContest } from '../../server/modules/shared/lookups.js';

const SLUG = 'cchc-gialai-2019';
const apps: App[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function setup(votes: AppOptions['votes'] = {}, db?: Db) {
  const fresh = !db;
  db ??= openDb(':memory:');
  if (fresh) {
    await upsertAccount(db, ORGANIZER.email, ORGANIZER.password, 'organizer');
    await upsertAccount(db, HOST.email, HOST.password, 'host');
  }
  const app = await buildApp({ db, closeDb: false, webRoot: null, publicUrl: 'http://hoithi.test', votes });
  apps.push(app);
  const organizer = await login(app);
  const host = await login(app, HOST);
  if (fresh) await importDemo(app, organizer);
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, opt: { cookie?: string; ip?: string; payload?: object } = {}) =>
    app.inject({
      method,
      url: `/api/contests/${SLUG}${url}`,
      headers: opt.cookie ? { cookie: opt.cookie } : {},
      remoteAddress: opt.ip ?? '127.0.0.1',
      ...(opt.payload ? { payload: opt.payload } : {}),
    });
  const vote = (team: string, opt: { device?: string; ip?: string; ticket?: string } = {}) =>
    call('POST', '/votes', {
      ip: opt.ip,
      cookie: opt.device ? `hoithi_device=${opt.device}` : undefined,
      payload: { team, ...(opt.ticket ? { ticket: opt.ticket } : {}) },
    });
  const total = async () => (await call('GET', '/votes', { cookie: host })).json().total as number;
  return { app, db, organizer, host, call, vote, total };
}

const deviceOf = (res: { cookies: { name: string; value: string }[] }) =>
  res.cookies.find((c) => c.name === 'hoithi_device')?.value;

describe('signed device ids', () => {
  it('100 votes with made-up cookies from one address count at most 20 (the default issuance limit)', async () => {
    const s = await setup();
    expect((await s.call('POST', '/votes/open', { cookie: s.host })).statusCode).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) {
      // Half look like the old unsigned ids, half like signed ones with a made-up signature.
      const fake = randomBytes(24).toString('base64url') + (i % 2 ? `.${randomBytes(32).toString('base64url')}` : '');
      statuses.push((await s.vote('bhxh', { device: fake, ip: '10.9.0.7' })).statusCode);
    }
    expect(statuses.filter((c) => c === 200)).toHaveLength(20);
    expect(statuses.filter((c) => c === 429)).toHaveLength(80);
    expect(await s.total()).toBe(20);
    const refused = await s.vote('bhxh', { ip: '10.9.0.7' });
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('DEVICE_LIMIT');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not held back by the first one's flood.
    expect((await s.vote('kbnn', { ip: '10.9.0.8' })).statusCode).toBe(200);
  });

  it('a signed id is the same device on its next vote, and survives a restart with the same secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hoithi-secret-'));
    dirs.push(dir);
    const secret = loadInstallSecret(dir);
    const s = await setup({ deviceSecret: secret });
    await s.call('POST', '/votes/open', { cookie: s.host });
    const first = await s.vote('bhxh');
    expect(first.statusCode, first.body).toBe(200);
    const device = deviceOf(first)!;
    expect(device).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect((await s.vote('kbnn', { device })).json().error.code).toBe('ALREADY_VOTED');

    // The same data folder gives the same secret: the phone is still the same device after a restart.
    const again = await setup({ deviceSecret: loadInstallSecret(dir) }, s.db);
    expect((await again.vote('kbnn', { device })).json().error.code).toBe('ALREADY_VOTED');
    // Another install's secret does not know it: a new device is issued instead.
    const other = await setup({ deviceSecret: randomBytes(32) }, s.db);
    const res = await other.vote('kbnn', { device });
    expect(res.statusCode, res.body).toBe(200);
    expect(deviceOf(res)).not.toBe(device);
  });

  it('the secret file is created once with mode 0600 and read back on the next start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hoithi-secret-'));
    dirs.push(dir);
    const a = loadInstallSecret(join(dir, 'data'));
    const file = join(dir, 'data', SECRET_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(a.length).toBe(32);
    expect(loadInstallSecret(join(dir, 'data')).equals(a)).toBe(true);
    expect(readFileSync(file, 'utf8').trim()).toBe(a.toString('hex'));
  });

  it('a tampered id or signature is no device', async () => {
    const ids = new DeviceIds(randomBytes(32), 5);
    const { id, cookie } = (await ids.issue('1.2.3.4'))!;
    expect(ids.verify(cookie)).toBe(id);
    const [raw, mac] = cookie.split('.') as [string, string];
    // The first character, not the last: the last base64url character of a value may carry only
    // padding bits, so changing it may not change the bytes at all.
    const flip = (s: string) => `${s.startsWith('A') ? 'B' : 'A'}${s.slice(1)}`;
    expect(ids.verify(`${flip(raw)}.${mac}`)).toBeNull();
    expect(ids.verify(`${raw}.${flip(mac)}`)).toBeNull();
    expect(ids.verify(raw)).toBeNull();
    expect(new DeviceIds(randomBytes(32)).verify(cookie)).toBeNull();
  });

  it('the limit is configurable: 150 phones behind one venue NAT all vote when it is raised', async () => {
    const s = await setup({ devicesPerMinutePerIp: 200 });
    await s.call('POST', '/votes/open', { cookie: s.host });
    for (let i = 0; i < 150; i++) {
      const res = await s.vote(i % 2 ? 'bhxh' : 'kbnn', { ip: '10.1.1.1' });
      expect(res.statusCode, res.body).toBe(200);
    }
    expect(await s.total()).toBe(150);
  });

  it('opening the phone page issues the id ahead of the vote, and a phone without one sees no vote', async () => {
    const s = await setup({ devicesPerMinutePerIp: 1 });
    const me = await s.call('GET', '/votes/me', { ip: '10.2.2.2' });
    expect(me.json()).toEqual({ team: null });
    const device = deviceOf(me)!;
    expect(device).toBeTruthy();
    // The address has had its one new id this minute: a second phone is not given one yet.
    const second = await s.call('GET', '/votes/me', { ip: '10.2.2.2' });
    expect(second.statusCode).toBe(200);
    expect(deviceOf(second)).toBeUndefined();
    await s.call('POST', '/votes/open', { cookie: s.host });
    expect((await s.vote('bhxh', { device, ip: '10.2.2.2' })).statusCode).toBe(200);
    expect((await s.call('GET', '/votes/me', { cookie: `hoithi_device=${device}` })).json()).toEqual({ team: 'bhxh' });
  });
});

describe('votes per address, and voiding one address', () => {
  it('shows votes per address and per minute; the organizer voids one address with a reason, logged and in the minutes', async () => {
    const s = await setup({ devicesPerMinutePerIp: 100 });
    await s.call('POST', '/votes/open', { cookie: s.host });
    for (let i = 0; i < 12; i++) expect((await s.vote('bhxh', { ip: '10.0.0.66' })).statusCode).toBe(200);
    expect((await s.vote('kbnn', { ip: '10.0.0.2' })).statusCode).toBe(200);
    expect((await s.vote('sgtvt', { ip: '10.0.0.3' })).statusCode).toBe(200);

    const view = await s.call('GET', '/votes/addresses', { cookie: s.host });
    expect(view.statusCode, view.body).toBe(200);
    const body = view.json();
    expect(body.addresses[0]).toMatchObject({ address: '10.0.0.66', votes: 12, voided: 0, counts: { bhxh: 12 } });
    expect(body.addresses[0].peakPerMinute).toBeGreaterThanOrEqual(6);
    expect(body.addresses.map((a: { address: string }) => a.address).sort()).toEqual(['10.0.0.2', '10.0.0.3', '10.0.0.66']);
    expect(body.perMinute.reduce((n: number, m: { votes: number }) => n + m.votes, 0)).toBe(14);
    expect(body.perMinute[0].minute).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);

    // Only the organizer voids, and only with a reason.
    const asHost = await s.call('POST', '/votes/void', { cookie: s.host, payload: { address: '10.0.0.66', reason: 'x' } });
    expect(asHost.statusCode).toBe(403);
    const noReason = await s.call('POST', '/votes/void', { cookie: s.organizer, payload: { address: '10.0.0.66', reason: ' ' } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.path).toBe('reason');
    const unknown = await s.call('POST', '/votes/void', { cookie: s.organizer, payload: { address: '10.7.7.7', reason: 'x' } });
    expect(unknown.statusCode).toBe(404);

    const voided = await s.call('POST', '/votes/void', {
      cookie: s.organizer,
      payload: { address: '10.0.0.66', reason: 'Một máy gửi 12 phiếu trong một phút' },
    });
    expect(voided.statusCode, voided.body).toBe(200);
    expect(voided.json()).toMatchObject({ voidedNow: 12, total: 2, voided: 12, counts: { bhxh: 0, kbnn: 1, sgtvt: 1 } });
    const after = (await s.call('GET', '/votes/addresses', { cookie: s.host })).json();
    expect(after.addresses.find((a: { address: string }) => a.address === '10.0.0.66')).toMatchObject({ votes: 0, voided: 12 });
    // Voiding again finds nothing left to void.
    const twice = await s.call('POST', '/votes/void', { cookie: s.organizer, payload: { address: '10.0.0.66', reason: 'x' } });
    expect(twice.statusCode).toBe(404);
    // The scoring counts no voided vote: the audience prize is decided on the others.
    const data = loadContestData(s.db, SLUG);
    const scored = Object.fromEntries(data.teams.map((tm) => [tm.key, data.votes.get(tm.id) ?? 0]));
    expect(scored).toMatchObject({ bhxh: 0, kbnn: 1, sgtvt: 1 });

    const audit = (await s.call('GET', '/audit', { cookie: s.organizer })).json();
    const ev = audit.events.find((e: { kind: string }) => e.kind === 'votes_void');
    expect(ev).toMatchObject({
      actor: `staff:${ORGANIZER.email}`,
      reason: 'Một máy gửi 12 phiếu trong một phút',
      subject: { address: '10.0.0.66' },
      before: { votes: 12, counts: { bhxh: 12 } },
    });
    expect(audit.verified.ok, audit.verified.problems?.join('\n')).toBe(true);

    const contest = findContest(s.db, SLUG)!;
    const changes = changesAfterMarking(listEvents(s.db, contest.id));
    const change = changes.find((c) => c.kind === 'votes_void');
    expect(change?.reason).toBe('Một máy gửi 12 phiếu trong một phút');
    const table = { rows: [], rounds: [], judges: [], prizes: [], contest: { decimals: 2 } };
    expect(describeChange(change!, table as never, 'vi')).toBe('Hủy 12 phiếu bình chọn của khán giả gửi từ địa chỉ 10.0.0.66');
  });

  it('the per-address view is for staff only', async () => {
    const s = await setup();
    expect((await s.call('GET', '/votes/addresses')).statusCode).toBe(401);
  });
});

describe('ticket mode', () => {
  it('a vote needs a valid unused printed code; each code votes once', async () => {
    const s = await setup();
    const made = await s.call('POST', '/votes/tickets', { cookie: s.organizer, payload: { count: 3 } });
    expect(made.statusCode, made.body).toBe(200);
    const tickets = made.json().tickets as { code: string; url: string; usedAt: string | null }[];
    expect(tickets).toHaveLength(3);
    expect(new Set(tickets.map((x) => x.code)).size).toBe(3);
    expect(tickets[0]!.url).toBe(`http://hoithi.test/live/${SLUG}?ve=${tickets[0]!.code}`);
    expect((await s.call('POST', '/votes/tickets', { cookie: s.host, payload: { count: 3 } })).statusCode).toBe(403);
    expect((await s.call('POST', '/votes/tickets', { cookie: s.organizer, payload: { count: 0 } })).statusCode).toBe(400);

    const mode = await s.call('PUT', '/votes/mode', { cookie: s.organizer, payload: { tickets: true } });
    expect(mode.json()).toMatchObject({ tickets: true });
    await s.call('POST', '/votes/open', { cookie: s.host });

    const none = await s.vote('bhxh');
    expect(none.statusCode).toBe(403);
    expect(none.json().error.code).toBe('TICKET_REQUIRED');
    const wrong = await s.vote('bhxh', { ticket: 'ABCDEFGHJK' });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().error.code).toBe('TICKET_INVALID');

    const code = tickets[0]!.code;
    // Typed by hand: lower case, with a dash.
    const typed = `${code.slice(0, 5).toLowerCase()}-${code.slice(5)}`;
    expect((await s.vote('bhxh', { ticket: typed })).statusCode).toBe(200);
    const reused = await s.vote('kbnn', { ticket: code });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('TICKET_USED');
    expect((await s.vote('kbnn', { ticket: tickets[1]!.code })).statusCode).toBe(200);
    expect(await s.total()).toBe(2);
    expect((await s.call('GET', `/votes/me?ticket=${code}`)).json()).toEqual({ team: 'bhxh' });
    const list = (await s.call('GET', '/votes/tickets', { cookie: s.organizer })).json().tickets;
    expect(list.map((x: { usedAt: string | null }) => x.usedAt !== null)).toEqual([true, true, false]);

    // Ticket mode off again: devices vote as before.
    await s.call('PUT', '/votes/mode', { cookie: s.organizer, payload: { tickets: false } });
    expect((await s.vote('sgtvt')).statusCode).toBe(200);
  });
});
