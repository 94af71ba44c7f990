/**
 * Link sessions (issue #13 item 3, api.md "Judges" and "Teams"): opening a private link sets a
 * cookie holding a random session id stored only as its sha256, never the link's token; logout
 * ends that session on the server, and a reissue ends every session of the link.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as t from '../../db/schema.js';
import { importDemo, login, makeApp, type TestApp } from '../helpers/app.js';

const SLUG = 'cchc-gialai-2019';
let h: TestApp;
let organizer: string;
let judges: Record<string, string>;
let teams: Record<string, string>;

beforeEach(async () => {
  h = await makeApp();
  organizer = await login(h.app);
  ({ judges, teams } = await importDemo(h.app, organizer));
});
afterEach(async () => {
  await h.app.close();
});

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const teamId = (key: string) => h.db.select().from(t.teams).where(eq(t.teams.key, key)).get()!.id;
const sessionsOf = (key: string) =>
  h.db
    .select()
    .from(t.teamSessions)
    .where(eq(t.teamSessions.teamId, teamId(key)))
    .all();

async function openTeam(token: string, held?: string) {
  const res = await h.app.inject({
    method: 'POST',
    url: '/api/team/login',
    payload: { token },
    headers: held ? { cookie: `hoithi_team=${held}` } : {},
  });
  return { res, cookie: res.cookies.filter((c) => c.name === 'hoithi_team').at(-1)?.value };
}
const teamMe = (id: string) => h.app.inject({ method: 'GET', url: '/api/team/me', headers: { cookie: `hoithi_team=${id}` } });
const teamLogout = (id: string) =>
  h.app.inject({ method: 'POST', url: '/api/team/logout', headers: { cookie: `hoithi_team=${id}` } });

describe('judge link sessions', () => {
  it('logout ends the session: the old cookie gets 401 afterwards', async () => {
    const open = await h.app.inject({ method: 'POST', url: '/api/judge/login', payload: { token: judges['gk1'] } });
    const device = open.cookies.find((c) => c.name === 'hoithi_judge')!.value;
    expect(device).not.toBe(judges['gk1']);
    const me = () => h.app.inject({ method: 'GET', url: '/api/judge/me', headers: { cookie: `hoithi_judge=${device}` } });
    expect((await me()).statusCode).toBe(200);
    const out = await h.app.inject({ method: 'POST', url: '/api/judge/logout', headers: { cookie: `hoithi_judge=${device}` } });
    expect(out.statusCode).toBe(204);
    const after = await me();
    expect(after.statusCode).toBe(401);
    // The same cookie cannot score either.
    const round = h.db.select().from(t.rounds).all()[0]!;
    const put = await h.app.inject({
      method: 'PUT',
      url: `/api/contests/${SLUG}/sheets/${round.key}/bhxh`,
      headers: { cookie: `hoithi_judge=${device}`, 'idempotency-key': 'sessions-test-0001' },
      payload: { marks: {}, status: 'draft' },
    });
    expect(put.statusCode).toBe(401);
  });
});

describe('team link sessions', () => {
  it('the cookie is a random session id, stored only as its sha256, never the link token', async () => {
    const { res, cookie } = await openTeam(teams['bhxh']!);
    expect(res.statusCode).toBe(200);
    expect(cookie).toBeTruthy();
    expect(cookie).not.toBe(teams['bhxh']);
    const rows = sessionsOf('bhxh');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.idHash).toBe(sha256(cookie!));
    expect(JSON.stringify(h.db.select().from(t.teamSessions).all())).not.toContain(cookie);
    expect((await teamMe(cookie!)).statusCode).toBe(200);
    // The link's token is no cookie.
    expect((await teamMe(teams['bhxh']!)).statusCode).toBe(401);
  });

  it('several phones of one team each hold a session; logout ends only its own', async () => {
    const captain = (await openTeam(teams['bhxh']!)).cookie!;
    const member = (await openTeam(teams['bhxh']!)).cookie!;
    expect(captain).not.toBe(member);
    expect(sessionsOf('bhxh')).toHaveLength(2);
    expect((await teamMe(captain)).statusCode).toBe(200);
    expect((await teamMe(member)).statusCode).toBe(200);

    const out = await teamLogout(captain);
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'hoithi_team')?.value).toBe('');
    expect((await teamMe(captain)).statusCode).toBe(401);
    expect((await teamMe(member)).statusCode).toBe(200);
    expect(sessionsOf('bhxh')).toHaveLength(1);
  });

  it('opening the link again on the same phone keeps its session; a phone moving to another team leaves the first', async () => {
    const phone = (await openTeam(teams['bhxh']!)).cookie!;
    const again = await openTeam(teams['bhxh']!, phone);
    expect(again.cookie).toBe(phone);
    expect(sessionsOf('bhxh')).toHaveLength(1);
    const other = Object.keys(teams).find((k) => k !== 'bhxh')!;
    const moved = (await openTeam(teams[other]!, phone)).cookie!;
    expect(moved).not.toBe(phone);
    expect(sessionsOf('bhxh')).toHaveLength(0);
    expect((await teamMe(phone)).statusCode).toBe(401);
    expect(((await teamMe(moved)).json() as { team: { key: string } }).team.key).toBe(other);
  });

  it('a reissue of the link ends every session of the team, and the old token opens nothing', async () => {
    const a = (await openTeam(teams['bhxh']!)).cookie!;
    const b = (await openTeam(teams['bhxh']!)).cookie!;
    const other = Object.keys(teams).find((k) => k !== 'bhxh')!;
    const c = (await openTeam(teams[other]!)).cookie!;
    const re = await h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/teams/bhxh/link`,
      headers: { cookie: organizer },
    });
    expect(re.statusCode).toBe(200);
    expect((await teamMe(a)).statusCode).toBe(401);
    expect((await teamMe(b)).statusCode).toBe(401);
    expect(sessionsOf('bhxh')).toHaveLength(0);
    // Another team's phone is untouched.
    expect((await teamMe(c)).statusCode).toBe(200);
    expect((await openTeam(teams['bhxh']!)).res.statusCode).toBe(401);
  });

  it('programs keep Bearer access with the link token, which starts no session', async () => {
    const res = await h.app.inject({
      method: 'GET',
      url: '/api/team/me',
      headers: { authorization: `Bearer ${teams['bhxh']}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.cookies.find((c) => c.name === 'hoithi_team')).toBeUndefined();
    expect(sessionsOf('bhxh')).toHaveLength(0);
  });

  it('an unknown or forged session id is refused with 401', async () => {
    expect((await teamMe('not-a-session-id-at-all-0123456789')).statusCode).toBe(401);
  });
});
