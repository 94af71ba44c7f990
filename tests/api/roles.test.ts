/**
 * One table says who may call each route; a test checks every cell: anonymous, audience device,
 * team, judge, host and organizer, and a judge or team of another contest. A route added to the
 * API without a row here fails the test.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoPackage, HOST, login, makeApp, type TestApp } from '../helpers/app.js';

type Who = 'anyone' | 'judge' | 'team' | 'staff' | 'organizer' | 'teamOrStaff';

/** method path → who may call it. */
const TABLE: Record<string, Who> = {
  'GET /api/health': 'anyone',
  'GET /api/schema/contest.json': 'anyone',
  'GET /api/backup': 'organizer',
  'POST /api/auth/login': 'anyone',
  'POST /api/auth/logout': 'anyone',
  'GET /api/auth/me': 'staff',
  'POST /api/auth/password': 'staff',
  'GET /api/contests': 'staff',
  'POST /api/contests': 'organizer',
  'GET /api/contests/{slug}': 'staff',
  'DELETE /api/contests/{slug}': 'organizer',
  'GET /api/contests/{slug}/public': 'anyone',
  'PUT /api/contests/{slug}/settings': 'organizer',
  'GET /api/contests/{slug}/settings': 'staff',
  'GET /api/contests/{slug}/package': 'organizer',
  'POST /api/contests/{slug}/teams/{team}/withdraw': 'organizer',
  'POST /api/judge/login': 'anyone',
  'POST /api/judge/logout': 'anyone',
  'GET /api/judge/me': 'judge',
  'GET /api/judge/sheets': 'judge',
  'PUT /api/contests/{slug}/sheets/{round}/{team}': 'judge',
  'PUT /api/contests/{slug}/sheets/{round}/{team}/{judge}': 'organizer',
  'GET /api/contests/{slug}/judges': 'organizer',
  'POST /api/contests/{slug}/judges/{judge}/link': 'organizer',
  'PUT /api/contests/{slug}/judges/{judge}/conflicts': 'organizer',
  'GET /api/contests/{slug}/audit': 'organizer',
  'GET /api/contests/{slug}/rounds/{round}/progress': 'staff',
  'POST /api/contests/{slug}/rounds/{round}/teams/{team}/lock': 'staff',
  'POST /api/contests/{slug}/rounds/{round}/lock': 'staff',
  'POST /api/contests/{slug}/rounds/{round}/teams/{team}/unlock': 'staff',
  'GET /api/contests/{slug}/reveal/check': 'staff',
  'GET /api/contests/{slug}/scoreboard': 'anyone',
  'POST /api/contests/{slug}/prizes/{prize}/awards': 'organizer',
  'GET /api/contests/{slug}/prizes/{prize}/awards': 'organizer',
  'DELETE /api/contests/{slug}/prizes/{prize}/awards/{award}': 'organizer',
  'GET /api/certificates/{serial}': 'anyone',
  'GET /api/contests/{slug}/results': 'organizer',
  'GET /api/contests/{slug}/what-if': 'organizer',
  'PUT /api/contests/{slug}/policy': 'organizer',
  'GET /api/contests/{slug}/results.csv': 'organizer',
  'GET /api/contests/{slug}/results.xlsx': 'organizer',
  'GET /api/contests/{slug}/results.pdf': 'organizer',
  'GET /api/contests/{slug}/score-sheets.pdf': 'organizer',
  'GET /api/contests/{slug}/certificates.pdf': 'organizer',
  'GET /api/time': 'anyone',
  'GET /api/contests/{slug}/stage': 'anyone',
  'POST /api/contests/{slug}/stage': 'staff',
  'POST /api/contests/{slug}/scene': 'staff',
  'POST /api/contests/{slug}/timer': 'staff',
  'POST /api/contests/{slug}/freeze': 'staff',
  'POST /api/contests/{slug}/unfreeze': 'staff',
  'POST /api/contests/{slug}/reveal/next': 'staff',
  'GET /api/contests/{slug}/votes/me': 'anyone',
  'POST /api/contests/{slug}/votes': 'anyone',
  'GET /api/contests/{slug}/votes': 'staff',
  'POST /api/contests/{slug}/votes/open': 'staff',
  'POST /api/contests/{slug}/votes/close': 'staff',
  'POST /api/contests/{slug}/registrations/reject-address': 'organizer',
  'GET /api/contests/{slug}/votes/addresses': 'staff',
  'POST /api/contests/{slug}/votes/void': 'organizer',
  'PUT /api/contests/{slug}/votes/mode': 'organizer',
  'GET /api/contests/{slug}/votes/tickets': 'organizer',
  'POST /api/contests/{slug}/votes/tickets': 'organizer',
  'PUT /api/contests/{slug}/quiz/{round}/{question}/answers': 'staff',
  'GET /api/contests/{slug}/quiz/{round}': 'staff',
  'POST /api/contests/{slug}/quiz/{round}/{question}/open': 'staff',
  'POST /api/contests/{slug}/quiz/{round}/{question}/close': 'staff',
  'POST /api/contests/{slug}/quiz/{round}/{question}/void': 'staff',
  'POST /api/contests/{slug}/quiz/{round}/{question}/answers': 'teamOrStaff',
  'PUT /api/contests/{slug}/quiz/{round}/questions': 'organizer',
  'POST /api/contests/{slug}/quiz/{round}/import': 'organizer',
  'PUT /api/contests/{slug}/quiz/{round}/{question}/image': 'organizer',
  'GET /api/contests/{slug}/quiz/{round}/{question}/image': 'anyone',
  'POST /api/team/login': 'anyone',
  'POST /api/team/logout': 'anyone',
  'GET /api/team/me': 'team',
  'PUT /api/contests/{slug}/direct/{round}/{team}': 'staff',
  'PUT /api/contests/{slug}/package': 'organizer',
  'GET /api/contests/{slug}/registration': 'anyone',
  'POST /api/contests/{slug}/registrations': 'anyone',
  'GET /api/team/registration': 'team',
  'PUT /api/team/registration': 'team',
  'GET /api/team/registration/attachment': 'team',
  'GET /api/contests/{slug}/registrations': 'organizer',
  'POST /api/contests/{slug}/teams/{team}/approve': 'organizer',
  'POST /api/contests/{slug}/teams/{team}/reject': 'organizer',
  'PUT /api/contests/{slug}/teams/{team}': 'organizer',
  'GET /api/contests/{slug}/teams/{team}/attachment': 'organizer',
  'POST /api/contests/{slug}/teams/{team}/link': 'organizer',
  'GET /api/contests/{slug}/draw': 'staff',
  'POST /api/contests/{slug}/draw': 'organizer',
  'PUT /api/contests/{slug}/order': 'organizer',
  'POST /api/contests/{slug}/teams/import': 'organizer',
  'POST /api/units/import': 'organizer',
};

type Role = 'anonymous' | 'audience' | 'team' | 'judge' | 'host' | 'organizer';
const ROLES: Role[] = ['anonymous', 'audience', 'team', 'judge', 'host', 'organizer'];
const allowed = (who: Who, role: Role) =>
  who === 'anyone' ||
  (who === 'judge' && role === 'judge') ||
  (who === 'team' && role === 'team') ||
  (who === 'staff' && (role === 'host' || role === 'organizer')) ||
  (who === 'teamOrStaff' && (role === 'team' || role === 'host' || role === 'organizer')) ||
  (who === 'organizer' && role === 'organizer');

const PARAMS: Record<string, string> = {
  slug: 'cchc-gialai-2019',
  round: 'gioi-thieu',
  team: 'kbnn',
  judge: 'gk3',
  question: 'c1',
  prize: 'ts-xs',
  award: '999',
  serial: 'CCHC-GIALAI-0000000000',
};

let h: TestApp;
const headers: Partial<Record<Role, Record<string, string>>> = {};
let other: { judge: string; team: string };

beforeAll(async () => {
  // Every sweep signs the staff in again, more often than the per-IP login limit allows.
  h = await makeApp({ loginPerMinutePerIp: 1000 });
  const organizer = await login(h.app);
  const create = async (slug: string) => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/contests',
      headers: { cookie: organizer },
      payload: { ...demoPackage(), slug },
    });
    return res.json() as { judges: { key: string; token: string }[]; teams: { key: string; token: string }[] };
  };
  const mine = await create('cchc-gialai-2019');
  const theirs = await create('hoi-thi-khac');
  other = { judge: theirs.judges[1]!.token, team: theirs.teams[0]!.token };
  headers.organizer = { cookie: organizer };
  headers.host = { cookie: await login(h.app, HOST) };
  headers.judge = { authorization: `Bearer ${mine.judges[1]!.token}` };
  headers.team = { authorization: `Bearer ${mine.teams[1]!.token}` };
  headers.audience = { cookie: 'hoithi_device=aaaaaaaaaaaaaaaaaaaaaaaa' };
  headers.anonymous = {};
});
afterAll(async () => {
  await h.app.close();
});

const call = (op: string, hdrs: Record<string, string>) => {
  const [method, path] = op.split(' ') as [string, string];
  const url = path.replace(/\{(\w+)\}/g, (_, n: string) => PARAMS[n] ?? 'x');
  return h.app.inject({
    method: method as 'GET',
    url,
    headers: { ...hdrs, 'idempotency-key': randomUUID() },
    // DELETE of a contest is called with a body no contest route reads, so it stays harmless.
    ...(method === 'GET' ? {} : { payload: {} }),
  });
};

describe('roles, route by route', () => {
  // Each role's sweep ends by signing out: sign the staff in again for the next one.
  beforeEach(async () => {
    headers.organizer = { cookie: await login(h.app) };
    headers.host = { cookie: await login(h.app, HOST) };
  });

  it('the table names every route of the OpenAPI document', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, object> };
    const ops = Object.entries(doc.paths).flatMap(([p, m]) => Object.keys(m).map((k) => `${k.toUpperCase()} ${p}`));
    expect(ops.filter((o) => !(o in TABLE))).toEqual([]);
    expect(Object.keys(TABLE).filter((o) => !ops.includes(o))).toEqual([]);
  });

  for (const role of ROLES) {
    it(`as ${role}: allowed routes pass the door, the others answer 401 or 403`, async () => {
      const wrong: string[] = [];
      // Signing out and deleting the contest would leave the other calls nothing to act with: last.
      const last = (op: string) => Number(op === 'POST /api/auth/logout') * 2 + Number(op === 'DELETE /api/contests/{slug}');
      const ops = Object.keys(TABLE).sort((a, b) => last(a) - last(b));
      for (const op of ops) {
        if (op === 'DELETE /api/contests/{slug}' && allowed(TABLE[op]!, role)) continue;
        const res = await call(op, headers[role]!);
        const ok = allowed(TABLE[op]!, role);
        const refused = res.statusCode === 401 || res.statusCode === 403;
        if (ok && refused && !(op === 'POST /api/auth/logout' || op.endsWith('/login')))
          wrong.push(`${op}: ${res.statusCode} but ${role} may call it`);
        if (!ok && !refused) wrong.push(`${op}: ${res.statusCode} but ${role} may not call it`);
        if (res.statusCode >= 500) wrong.push(`${op}: ${res.statusCode}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it('a host is refused with 403 (known, but not allowed), an anonymous caller with 401', async () => {
    expect((await call('GET /api/contests/{slug}/results', headers.host!)).statusCode).toBe(403);
    expect((await call('GET /api/contests/{slug}/results', {})).statusCode).toBe(401);
  });

  it('a judge or team of another contest learns nothing of this one', async () => {
    const sheet = await h.app.inject({
      method: 'PUT',
      url: '/api/contests/cchc-gialai-2019/sheets/gioi-thieu/kbnn',
      headers: { authorization: `Bearer ${other.judge}`, 'idempotency-key': randomUUID() },
      payload: { marks: {}, status: 'draft' },
    });
    expect(sheet.statusCode).toBe(404);
    await h.app.inject({ method: 'POST', url: '/api/contests/cchc-gialai-2019/quiz/kien-thuc/c1/open', headers: headers.host! });
    const answer = await h.app.inject({
      method: 'POST',
      url: '/api/contests/cchc-gialai-2019/quiz/kien-thuc/c1/answers',
      headers: { authorization: `Bearer ${other.team}` },
      payload: { choice: 0 },
    });
    expect(answer.statusCode).toBe(404);
    const sheets = (
      await h.app.inject({ method: 'GET', url: '/api/judge/sheets', headers: { authorization: `Bearer ${other.judge}` } })
    ).json();
    expect(sheets.sheets).toEqual([]);
  });
});
