import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as t from '../../db/schema.js';
import { HOST, importDemo, login, makeApp, type TestApp } from '../helpers/app.js';

const SLUG = 'cchc-gialai-2019';
// The demo's first round: noi-dung (max 40), hinh-thuc (max 30), third criterion (max 30), step 0.5.
let h: TestApp;
let cookie: string;
let judges: Record<string, string>;
let criteria: string[];

beforeEach(async () => {
  h = await makeApp();
  cookie = await login(h.app);
  ({ judges } = await importDemo(h.app, cookie));
  const round = h.db.select().from(t.rounds).where(eq(t.rounds.key, 'gioi-thieu')).get()!;
  criteria = h.db
    .select()
    .from(t.criteria)
    .where(eq(t.criteria.roundId, round.id))
    .orderBy(t.criteria.position)
    .all()
    .map((c) => c.key);
});
afterEach(async () => {
  await h.app.close();
});

const fullMarks = () => Object.fromEntries(criteria.map((k, i) => [k, [32.5, 25, 20][i] ?? 10]));
const bearer = (judge: string) => ({ authorization: `Bearer ${judges[judge]}` });

function put(judge: string, body: object, opts: { key?: string; team?: string; round?: string; slug?: string } = {}) {
  return h.app.inject({
    method: 'PUT',
    url: `/api/contests/${opts.slug ?? SLUG}/sheets/${opts.round ?? 'gioi-thieu'}/${opts.team ?? 'bhxh'}`,
    headers: { ...bearer(judge), 'idempotency-key': opts.key ?? randomUUID() },
    payload: body,
  });
}
const versions = () => h.db.select().from(t.sheetVersions).all();

describe('a judge opens the private link', () => {
  it('sets a cookie that then identifies the judge, and names the contest and stage', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/judge/login', payload: { token: judges['gk2'] } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ judge: { key: 'gk2' }, contest: SLUG });
    const c = res.cookies.find((x) => x.name === 'hoithi_judge')!;
    expect(c.httpOnly).toBe(true);
    const me = await h.app.inject({ method: 'GET', url: '/api/judge/me', headers: { cookie: `hoithi_judge=${c.value}` } });
    expect(me.statusCode).toBe(200);
    const body = me.json();
    expect(body.judge.key).toBe('gk2');
    expect(body.contest.rounds.map((r: { key: string }) => r.key)).toEqual(['gioi-thieu', 'thuyet-trinh']);
    expect(body.contest.teams).toHaveLength(20);
    expect(body.stage).toMatchObject({ round: null, team: null, scene: 'scoreboard' });
  });

  it('refuses an unknown link with a message for the judge', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/judge/login', payload: { token: 'khong-phai-link-that' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('LINK_INVALID');
    const me = await h.app.inject({
      method: 'GET',
      url: '/api/judge/me',
      headers: { authorization: 'Bearer khong-phai-link-that' },
    });
    expect(me.statusCode).toBe(401);
  });

  it('shows conflicts plainly: the Sở Nội vụ judge sees the conflict with that team', async () => {
    const me = (await h.app.inject({ method: 'GET', url: '/api/judge/me', headers: bearer('gk1') })).json();
    const conflicted = me.contest.teams.filter((x: { conflict: boolean }) => x.conflict).map((x: { key: string }) => x.key);
    expect(conflicted).toEqual(['noi-vu']);
  });
});

describe('sheets', () => {
  it('submits a sheet and returns it with a receipt', async () => {
    const res = await put('gk2', { marks: fullMarks(), status: 'submitted' });
    expect(res.statusCode).toBe(200);
    const { sheet, receipt } = res.json();
    expect(sheet).toMatchObject({
      round: 'gioi-thieu',
      team: 'bhxh',
      judge: 'gk2',
      status: 'submitted',
      version: 1,
      total: 77.5,
    });
    expect(receipt.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(receipt.seq).toBeGreaterThan(0);
  });

  it('a retry with the same key and body returns the same response and makes one version', async () => {
    const body = { marks: fullMarks(), status: 'submitted' };
    const a = await put('gk2', body, { key: 'retry-key-0001' });
    const b = await put('gk2', body, { key: 'retry-key-0001' });
    expect(b.statusCode).toBe(200);
    expect(b.json()).toEqual(a.json());
    expect(versions()).toHaveLength(1);
    expect(h.db.select().from(t.scoreEvents).all()).toHaveLength(1);
  });

  it('the same key with another body is refused with 422', async () => {
    await put('gk2', { marks: fullMarks(), status: 'draft' }, { key: 'retry-key-0002' });
    const res = await put('gk2', { marks: fullMarks(), status: 'submitted' }, { key: 'retry-key-0002' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(versions()).toHaveLength(1);
  });

  it('requires an Idempotency-Key', async () => {
    const res = await h.app.inject({
      method: 'PUT',
      url: `/api/contests/${SLUG}/sheets/gioi-thieu/bhxh`,
      headers: bearer('gk2'),
      payload: { marks: {}, status: 'draft' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.path).toBe('idempotency-key');
  });

  it('each amendment is a new version; a stale baseVersion gets 409 with the current sheet', async () => {
    await put('gk2', { marks: fullMarks(), status: 'submitted' });
    const amended = await put('gk2', { marks: { ...fullMarks(), [criteria[0]!]: 40 }, status: 'submitted', baseVersion: 1 });
    expect(amended.json().sheet.version).toBe(2);
    const stale = await put('gk2', { marks: fullMarks(), status: 'submitted', baseVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    expect(stale.json().current).toMatchObject({ version: 2, marks: { [criteria[0]!]: 40 } });
    expect(versions().map((v) => v.version)).toEqual([1, 2]);
  });

  it('saving the same content again makes no new version', async () => {
    await put('gk2', { marks: fullMarks(), status: 'draft' });
    const again = await put('gk2', { marks: fullMarks(), status: 'draft', baseVersion: 1 });
    expect(again.json().sheet.version).toBe(1);
    expect(versions()).toHaveLength(1);
  });

  it.each([
    ['off its step', 32.3, 'MARK_OFF_STEP'],
    ['above max', 40.5, 'MARK_OUT_OF_RANGE'],
    ['negative', -1, 'MARK_OUT_OF_RANGE'],
    ['more than two decimals', 10.001, 'MARK_OUT_OF_RANGE'],
  ])('a mark %s is a 400 naming the criterion', async (_name, value) => {
    const res = await put('gk2', { marks: { ...fullMarks(), [criteria[0]!]: value }, status: 'submitted' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.path).toBe(`marks.${criteria[0]}`);
    expect(res.json().error.message).toContain(`marks.${criteria[0]}`);
    expect(versions()).toHaveLength(0);
  });

  it('an unknown criterion, or a missing one on submit, is a 400 naming it; a partial draft is fine', async () => {
    const unknown = await put('gk2', { marks: { 'khong-co': 1 }, status: 'draft' });
    expect(unknown.json().error.path).toBe('marks.khong-co');
    const missing = await put('gk2', { marks: { [criteria[0]!]: 10 }, status: 'submitted' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.path).toBe(`marks.${criteria[1]}`);
    const draft = await put('gk2', { marks: { [criteria[0]!]: 10 }, status: 'draft' });
    expect(draft.statusCode).toBe(200);
  });

  it('refuses a judge with a conflict of interest with 403', async () => {
    const res = await put('gk1', { marks: fullMarks(), status: 'submitted' }, { team: 'noi-vu' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CONFLICT_OF_INTEREST');
  });

  it('answers 404 for another contest, an unknown round or team, and 409 for a quiz round', async () => {
    const cookie2 = cookie;
    const other = { ...(await import('../helpers/app.js')).demoPackage(), slug: 'hoi-thi-khac' };
    await h.app.inject({ method: 'POST', url: '/api/contests', payload: other, headers: { cookie: cookie2 } });
    expect((await put('gk2', { marks: {}, status: 'draft' }, { slug: 'hoi-thi-khac' })).statusCode).toBe(404);
    expect((await put('gk2', { marks: {}, status: 'draft' }, { round: 'khong-co' })).statusCode).toBe(404);
    expect((await put('gk2', { marks: {}, status: 'draft' }, { team: 'khong-co' })).statusCode).toBe(404);
    expect((await put('gk2', { marks: {}, status: 'draft' }, { round: 'kien-thuc' })).statusCode).toBe(409);
    // Which one: the contest and its round are read together (one statement), the checks stay in this order.
    const code = async (opts: Parameters<typeof put>[2]) =>
      (await put('gk2', { marks: {}, status: 'draft' }, opts)).json().error.code;
    expect(await code({ slug: 'hoi-thi-khac' })).toBe('CONTEST_NOT_FOUND');
    expect(await code({ slug: 'khong-ton-tai', round: 'khong-co' })).toBe('CONTEST_NOT_FOUND');
    expect(await code({ round: 'khong-co' })).toBe('ROUND_NOT_FOUND');
    expect(await code({ team: 'khong-co' })).toBe('TEAM_NOT_FOUND');
    expect(await code({ round: 'kien-thuc' })).toBe('NOT_A_RUBRIC_ROUND');
    expect(await code({ round: 'kien-thuc', team: 'khong-co' })).toBe('NOT_A_RUBRIC_ROUND');
  });

  it('a judge reads only their own sheets', async () => {
    await put('gk2', { marks: fullMarks(), status: 'submitted' });
    await put('gk3', { marks: fullMarks(), status: 'draft' });
    const own = (await h.app.inject({ method: 'GET', url: '/api/judge/sheets', headers: bearer('gk3') })).json();
    expect(own.sheets.map((s: { judge: string }) => s.judge)).toEqual(['gk3']);
    expect(own.sheets[0].receipt.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('lock and amendment', () => {
  // These tests lock before every judge has submitted: that needs force and a reason.
  const lock = (c: string, team = 'bhxh') =>
    h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/rounds/gioi-thieu/teams/${team}/lock`,
      headers: { cookie: c },
      payload: { force: true, reason: 'Thử khoá khi chưa đủ phiếu' },
    });

  it('after the host locks, the judge can no longer change the sheet', async () => {
    await put('gk2', { marks: fullMarks(), status: 'submitted' });
    const host = await login(h.app, HOST);
    const locked = await lock(host);
    expect(locked.statusCode).toBe(200);
    expect(locked.json()).toMatchObject({ round: 'gioi-thieu', team: 'bhxh', locked: true });
    expect((await lock(host)).statusCode).toBe(200);
    const res = await put('gk2', { marks: fullMarks(), status: 'draft', baseVersion: 1 });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('SHEET_LOCKED');
    const sheets = (await h.app.inject({ method: 'GET', url: '/api/judge/sheets', headers: bearer('gk2') })).json();
    expect(sheets.locked).toEqual([{ round: 'gioi-thieu', team: 'bhxh' }]);
  });

  it('the organizer amends a locked sheet with a reason, which is logged', async () => {
    await put('gk2', { marks: fullMarks(), status: 'submitted' });
    await lock(cookie);
    const url = `/api/contests/${SLUG}/sheets/gioi-thieu/bhxh/gk2`;
    const noReason = await h.app.inject({
      method: 'PUT',
      url,
      headers: { cookie },
      payload: { marks: fullMarks(), status: 'submitted' },
    });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.path).toBe('reason');
    const res = await h.app.inject({
      method: 'PUT',
      url,
      headers: { cookie },
      payload: {
        marks: { ...fullMarks(), [criteria[0]!]: 30 },
        status: 'submitted',
        reason: 'Giám khảo ghi nhầm điểm, đã xác nhận với Trưởng ban',
        baseVersion: 1,
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().sheet).toMatchObject({ version: 2, total: 75 });
    const audit = (await h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/audit`, headers: { cookie } })).json();
    const last = audit.events.at(-1);
    expect(last).toMatchObject({
      kind: 'sheet_amended',
      actor: 'organizer:btc@hoithi.test',
      reason: 'Giám khảo ghi nhầm điểm, đã xác nhận với Trưởng ban',
    });
    expect(last.before.version).toBe(1);
    expect(audit.verified).toMatchObject({ ok: true, problems: [] });
  });

  it('a host may lock but may not amend', async () => {
    const host = await login(h.app, HOST);
    const res = await h.app.inject({
      method: 'PUT',
      url: `/api/contests/${SLUG}/sheets/gioi-thieu/bhxh/gk2`,
      headers: { cookie: host },
      payload: { marks: fullMarks(), status: 'submitted', reason: 'x' },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('progress, stage, links and conflicts', () => {
  it('the host sees who has submitted for the team on stage, never the marks', async () => {
    await put('gk2', { marks: fullMarks(), status: 'submitted' });
    await put('gk3', { marks: { [criteria[0]!]: 10 }, status: 'draft' });
    const host = await login(h.app, HOST);
    const stage = await h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/stage`,
      headers: { cookie: host },
      payload: { round: 'gioi-thieu', team: 'bhxh' },
    });
    expect(stage.json()).toMatchObject({ round: 'gioi-thieu', team: 'bhxh' });
    const me = (await h.app.inject({ method: 'GET', url: '/api/judge/me', headers: bearer('gk4') })).json();
    expect(me.stage).toMatchObject({ round: 'gioi-thieu', team: 'bhxh' });
    const res = await h.app.inject({
      method: 'GET',
      url: `/api/contests/${SLUG}/rounds/gioi-thieu/progress`,
      headers: { cookie: host },
    });
    const bhxh = res.json().teams.find((x: { team: string }) => x.team === 'bhxh');
    expect(bhxh.judges.map((j: { status: string }) => j.status)).toEqual(['none', 'submitted', 'draft', 'none', 'none']);
    expect(res.body).not.toContain('32.5');
    const noiVu = res.json().teams.find((x: { team: string }) => x.team === 'noi-vu');
    expect(noiVu.judges[0].status).toBe('conflict');
  });

  it('reissuing a link kills the old one; revoking leaves none', async () => {
    const old = judges['gk2']!;
    const reissued = await h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/judges/gk2/link`,
      headers: { cookie },
      payload: { action: 'reissue' },
    });
    expect(reissued.statusCode).toBe(200);
    expect(reissued.json().url).toMatch(/^http:\/\/hoithi\.test\/j\//);
    expect(reissued.json().url).not.toContain(old);
    expect(
      (await h.app.inject({ method: 'GET', url: '/api/judge/me', headers: { authorization: `Bearer ${old}` } })).statusCode,
    ).toBe(401);
    const fresh = reissued.json().url.split('/j/')[1];
    expect(
      (await h.app.inject({ method: 'GET', url: '/api/judge/me', headers: { authorization: `Bearer ${fresh}` } })).statusCode,
    ).toBe(200);
    const revoked = await h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/judges/gk2/link`,
      headers: { cookie },
      payload: { action: 'revoke' },
    });
    expect(revoked.json()).toMatchObject({ revoked: true, url: null });
    expect(
      (await h.app.inject({ method: 'GET', url: '/api/judge/me', headers: { authorization: `Bearer ${fresh}` } })).statusCode,
    ).toBe(401);
    const list = (await h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/judges`, headers: { cookie } })).json();
    expect(list.judges).toHaveLength(5);
    expect(list.judges[1]).toMatchObject({ key: 'gk2', revoked: true });
  });

  it('the organizer sets conflicts; an unknown team is named; the change is logged', async () => {
    const url = `/api/contests/${SLUG}/judges/gk3/conflicts`;
    const bad = await h.app.inject({ method: 'PUT', url, headers: { cookie }, payload: { teams: ['bhxh', 'khong-co'] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.path).toBe('teams.1');
    const ok = await h.app.inject({
      method: 'PUT',
      url,
      headers: { cookie },
      payload: { teams: ['bhxh'], reason: 'Vợ công tác tại BHXH tỉnh' },
    });
    expect(ok.json()).toEqual({ judge: 'gk3', conflicts: ['bhxh'] });
    expect((await put('gk3', { marks: fullMarks(), status: 'submitted' })).statusCode).toBe(403);
    const audit = (await h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/audit`, headers: { cookie } })).json();
    expect(audit.events.at(-1)).toMatchObject({ kind: 'conflicts', after: ['bhxh'], before: [] });
  });
});

describe('roles on every judging route', () => {
  const routes: [string, string, object?][] = [
    ['GET', `/api/contests/${SLUG}/judges`],
    ['POST', `/api/contests/${SLUG}/judges/gk2/link`, { action: 'reissue' }],
    ['PUT', `/api/contests/${SLUG}/judges/gk2/conflicts`, { teams: [] }],
    ['GET', `/api/contests/${SLUG}/audit`],
    ['PUT', `/api/contests/${SLUG}/sheets/gioi-thieu/bhxh/gk2`, { marks: {}, status: 'draft', reason: 'x' }],
    ['POST', `/api/contests/${SLUG}/stage`, { round: null, team: null }],
    ['GET', `/api/contests/${SLUG}/rounds/gioi-thieu/progress`],
    ['POST', `/api/contests/${SLUG}/rounds/gioi-thieu/teams/bhxh/lock`, { force: true, reason: 'Chấm trên giấy' }],
  ];
  const organizerOnly = new Set([0, 1, 2, 3, 4]);

  it('anonymous callers and judges get 401 on staff routes; hosts get 403 on organizer routes', async () => {
    const host = await login(h.app, HOST);
    for (const [i, [method, url, payload]] of routes.entries()) {
      const call = (headers: Record<string, string>) =>
        h.app.inject({ method: method as 'GET', url, headers, ...(payload ? { payload } : {}) });
      expect((await call({})).statusCode, `${method} ${url} anonymous`).toBe(401);
      expect((await call(bearer('gk2'))).statusCode, `${method} ${url} judge`).toBe(401);
      const asHost = (await call({ cookie: host })).statusCode;
      if (organizerOnly.has(i)) expect(asHost, `${method} ${url} host`).toBe(403);
      else expect(asHost, `${method} ${url} host`).toBeLessThan(300);
    }
  });

  it('organizers and hosts are not judges: the judge routes want a judge link', async () => {
    const res = await h.app.inject({
      method: 'PUT',
      url: `/api/contests/${SLUG}/sheets/gioi-thieu/bhxh`,
      headers: { cookie, 'idempotency-key': randomUUID() },
      payload: { marks: {}, status: 'draft' },
    });
    expect(res.statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/api/judge/me', headers: { cookie } })).statusCode).toBe(401);
  });
});
