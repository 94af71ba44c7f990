/**
 * Registration floods (issue #13 item 6): per-address limits stay, there is no per-contest cap to
 * lock out a new address, bursts from one address are flagged for review and rejected together,
 * and a team name equal to another in the contest once folded is 409 DUPLICATE_TEAM.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Registration } from '../../server/contract/registration.js';
import { foldTeamName } from '../../server/modules/registration/service.js';
import { demoPackage, HOST, login, makeApp, multipart, registrationForm, type TestApp } from '../helpers/app.js';

const SLUG = 'cchc-gialai-2019';
let h: TestApp;
let organizer: string;

async function start(perIp?: number) {
  h = await makeApp(perIp ? { registration: { registrationsPerIpPerHour: perIp } } : {});
  organizer = await login(h.app);
  const pkg = { ...demoPackage(), registration: { deadline: new Date(Date.now() + 86400_000).toISOString() } };
  const res = await h.app.inject({ method: 'POST', url: '/api/contests', headers: { cookie: organizer }, payload: pkg });
  expect(res.statusCode).toBe(201);
}
afterEach(async () => {
  await h.app.close();
});

const register = (name: string, ip = '127.0.0.1', lang = 'vi') =>
  h.app.inject({
    method: 'POST',
    url: `/api/contests/${SLUG}/registrations`,
    payload: registrationForm(name),
    remoteAddress: ip,
    headers: { 'accept-language': lang },
  });
const pending = async () =>
  (
    await h.app.inject({
      method: 'GET',
      url: `/api/contests/${SLUG}/registrations?status=pending`,
      headers: { cookie: organizer },
    })
  ).json().teams as Registration[];

describe('no per-contest cap', () => {
  beforeEach(() => start());

  it('140 registrations from 14 addresses do not lock out a real team from a new address', async () => {
    for (let a = 0; a < 14; a++)
      for (let i = 0; i < 10; i++) expect((await register(`Rác ${a}.${i}`, `10.5.0.${a}`)).statusCode).toBe(201);
    // The per-address limit (10 an hour by default) still holds for the flooding addresses…
    expect((await register('Rác nữa', '10.5.0.3')).statusCode).toBe(429);
    // …and a real team from anywhere else still gets in.
    const real = await register('Đội Công an tỉnh', '10.6.0.1');
    expect(real.statusCode, real.body).toBe(201);
  });
});

describe('bursts from one address', () => {
  beforeEach(() => start(1000));

  it('are flagged, grouped, and rejected together with one reason, each logged', async () => {
    for (let i = 0; i < 4; i++) expect((await register(`Rác ${i}`, '10.7.0.1')).statusCode).toBe(201);
    expect((await register('Đội Công an tỉnh', '10.7.0.2')).statusCode).toBe(201);
    const list = await pending();
    const junk = list.filter((r) => r.name.startsWith('Rác'));
    expect(junk).toHaveLength(4);
    const group = junk[0]!.address!.group;
    expect(group).toMatch(/^[0-9a-f]{16}$/);
    for (const r of junk) expect(r.address).toEqual({ group, registrations: 4, pending: 4, burst: true });
    const real = list.find((r) => r.name === 'Đội Công an tỉnh')!;
    expect(real.address).toMatchObject({ registrations: 1, burst: false });
    expect(real.address!.group).not.toBe(group);
    // The address itself is not shown, only its group.
    expect(JSON.stringify(list)).not.toContain('10.7.0.1');

    const url = `/api/contests/${SLUG}/registrations/reject-address`;
    const host = await login(h.app, HOST);
    expect(
      (await h.app.inject({ method: 'POST', url, headers: { cookie: host }, payload: { group, reason: 'x' } })).statusCode,
    ).toBe(403);
    const noReason = await h.app.inject({ method: 'POST', url, headers: { cookie: organizer }, payload: { group } });
    expect(noReason.statusCode).toBe(400);
    const res = await h.app.inject({
      method: 'POST',
      url,
      headers: { cookie: organizer },
      payload: { group, reason: 'Đăng ký hàng loạt từ một máy' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rejected.sort()).toEqual(junk.map((r) => r.key).sort());
    expect((await pending()).map((r) => r.name)).toEqual(['Đội Công an tỉnh']);
    const again = await h.app.inject({ method: 'POST', url, headers: { cookie: organizer }, payload: { group, reason: 'x' } });
    expect(again.statusCode).toBe(404);

    const events = (
      await h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/audit`, headers: { cookie: organizer } })
    ).json().events as { kind: string; reason: string; subject: { team: string }; after: { status: string } }[];
    const reviews = events.filter((e) => e.kind === 'team_review');
    expect(reviews).toHaveLength(4);
    for (const e of reviews) expect(e).toMatchObject({ reason: 'Đăng ký hàng loạt từ một máy', after: { status: 'rejected' } });
  });

  it('two registrations from one address are not a burst', async () => {
    expect((await register('Đội Một', '10.8.0.1')).statusCode).toBe(201);
    expect((await register('Đội Hai', '10.8.0.1')).statusCode).toBe(201);
    for (const r of await pending()) expect(r.address).toMatchObject({ registrations: 2, burst: false });
  });
});

describe('DUPLICATE_TEAM', () => {
  beforeEach(() => start(1000));

  it('folds case, whitespace, punctuation and Unicode forms, not accents', () => {
    const base = foldTeamName('Đội Sở Tư pháp');
    expect(foldTeamName('  đội  sở TƯ-PHÁP!! ')).toBe(base);
    expect(foldTeamName('Đội Sở Tư pháp'.normalize('NFD'))).toBe(base);
    expect(foldTeamName('Đội Sở\u200B Tư\u00A0pháp.')).toBe(base);
    expect(foldTeamName('Đội Sở Tư phap')).not.toBe(base);
    expect(foldTeamName('Đội Hà')).not.toBe(foldTeamName('Đội Hạ'));
  });

  it('refuses a registration named like an existing team, naming it (vi and en)', async () => {
    const vi = await register('  đội sở TƯ-PHÁP!! ');
    expect(vi.statusCode).toBe(409);
    expect(vi.json().error).toMatchObject({
      code: 'DUPLICATE_TEAM',
      path: 'name',
      message: 'name: Đã có đội “Đội Sở Tư pháp” trong hội thi',
    });
    const en = await register('Đội Sở Tư pháp'.normalize('NFD'), '127.0.0.1', 'en');
    expect(en.statusCode).toBe(409);
    expect(en.json().error.message).toBe('name: The contest already has a team named “Đội Sở Tư pháp”');
    // Two registrations with one name: the second is refused.
    expect((await register('Đội Công an tỉnh')).statusCode).toBe(201);
    expect((await register('ĐỘI CÔNG AN TỈNH')).statusCode).toBe(409);
    // Nothing was kept of the refused ones.
    expect((await pending()).map((r) => r.name)).toEqual(['Đội Công an tỉnh']);
  });

  it('a rejected registration does not hold its name: a flood cannot squat a real team’s name', async () => {
    const squat = (await register('Đội Công an tỉnh', '10.9.9.9')).json() as { team: string };
    const rej = await h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/teams/${squat.team}/reject`,
      headers: { cookie: organizer },
      payload: { reason: 'Giả mạo' },
    });
    expect(rej.statusCode).toBe(200);
    expect((await register('Đội Công an tỉnh', '10.1.2.3')).statusCode).toBe(201);
  });

  it('the team’s own edit and the organizer’s edit are refused on another team’s name, not on their own', async () => {
    const made = (await register('Đội Công an tỉnh')).json() as { team: string; token: string };
    const own = (name: string) =>
      h.app.inject({
        method: 'PUT',
        url: '/api/team/registration',
        headers: { authorization: `Bearer ${made.token}` },
        payload: registrationForm(name),
      });
    const clash = await own('Đội Sở  Y tế');
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.code).toBe('DUPLICATE_TEAM');
    expect((await own('Đội công an tỉnh!')).statusCode).toBe(200);

    const edit = (key: string, name: string) =>
      h.app.inject({
        method: 'PUT',
        url: `/api/contests/${SLUG}/teams/${key}`,
        headers: { cookie: organizer },
        payload: { name, unit: 'Sở Tư pháp', members: [{ name: 'A' }] },
      });
    const byOrganizer = await edit('bhxh', 'Đội Sở Y TẾ');
    expect(byOrganizer.statusCode).toBe(409);
    expect(byOrganizer.json().error.message).toContain('Đội Sở Y tế');
    expect((await edit('bhxh', 'Đội Bảo hiểm xã hội tỉnh Gia Lai')).statusCode).toBe(200);
    expect((await edit('bhxh', 'Đội Bảo hiểm xã hội tỉnh Gia Lai.')).statusCode).toBe(200);
  });

  it('an import is refused when a row repeats an existing team or an earlier row', async () => {
    const header = 'Tên đội,Đơn vị,Trưởng nhóm,Điện thoại,Email,Thành viên,Tên mô hình';
    const upload = (rows: string[]) => {
      const m = multipart([{ name: 'file', filename: 'doi.csv', type: 'text/csv', content: Buffer.from(rows.join('\r\n')) }]);
      return h.app.inject({
        method: 'POST',
        url: `/api/contests/${SLUG}/teams/import`,
        headers: { cookie: organizer, ...m.headers },
        payload: m.payload,
      });
    };
    const row = (name: string) => `${name},Sở Y tế,Lê Văn An,0905123456,an@syt.vn,"Lê Văn An; Hồ Thị Bé",Mô hình`;
    const existing = await upload([header, row('Đội Công an'), row('đội sở y tế')]);
    expect(existing.statusCode).toBe(409);
    expect(existing.json().error.message).toContain('Đội Sở Y tế');
    const twice = await upload([header, row('Đội Công an'), row('ĐỘI CÔNG AN')]);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message).toContain('Đội Công an');
    const ok = await upload([header, row('Đội Công an')]);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().added).toHaveLength(1);
  });
});
