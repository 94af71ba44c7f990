/** What review and editing may not do to a team or prize that others already count on. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ContestPackage } from '../../server/contract/package.js';
import { demoPackage, HOST, login, multipart, registrationForm, useApp } from '../helpers/app.js';

const SLUG = 'cchc-gialai-2019';
const session = useApp({ registration: { registrationsPerIpPerHour: 1000 } });

beforeEach(async () => {
  const pkg = { ...demoPackage(), registration: { deadline: new Date(Date.now() + 86400_000).toISOString() } };
  expect(
    (await session.h.app.inject({ method: 'POST', url: '/api/contests', headers: { cookie: session.cookie }, payload: pkg }))
      .statusCode,
  ).toBe(201);
});

const as = (cookie: string) => ({ cookie });
const current = async () =>
  (await session.h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}`, headers: as(session.cookie) })).json() as {
    package: ContestPackage;
    revision: string;
    hasMarks: boolean;
  };
const save = (pkg: ContestPackage, extra: object = {}) =>
  session.h.app.inject({
    method: 'PUT',
    url: `/api/contests/${SLUG}/package`,
    headers: as(session.cookie),
    payload: { package: pkg, ...extra },
  });

describe('a team others count on', () => {
  it('with an audience vote cannot be rejected, in review or in the editor; every board keeps working', async () => {
    expect(
      (await session.h.app.inject({ method: 'POST', url: `/api/contests/${SLUG}/votes/open`, headers: as(session.cookie) }))
        .statusCode,
    ).toBe(200);
    expect(
      (await session.h.app.inject({ method: 'POST', url: `/api/contests/${SLUG}/votes`, payload: { team: 'bhxh' } })).statusCode,
    ).toBe(200);
    const reject = await session.h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/teams/bhxh/reject`,
      headers: as(session.cookie),
      payload: { reason: 'Nhầm' },
    });
    expect(reject.statusCode).toBe(409);
    expect(reject.json().error.code).toBe('TEAM_HAS_RECORDS');
    const { package: pkg } = await current();
    const edited = { ...pkg, teams: pkg.teams.map((tm) => (tm.key === 'bhxh' ? { ...tm, status: 'rejected' as const } : tm)) };
    const res = await save(edited, { reason: 'Thử' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'TEAM_HAS_RECORDS', path: 'teams.0.status' });
    for (const url of ['/scoreboard', '/results', '/results.csv'])
      expect(
        (await session.h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}${url}`, headers: as(session.cookie) }))
          .statusCode,
        url,
      ).toBe(200);
  });

  it('on stage cannot be rejected', async () => {
    const stage = await session.h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/stage`,
      headers: as(session.cookie),
      payload: { round: 'gioi-thieu', team: 'kbnn' },
    });
    expect(stage.statusCode).toBe(200);
    const reject = await session.h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/teams/kbnn/reject`,
      headers: as(session.cookie),
      payload: { reason: 'Nhầm' },
    });
    expect(reject.json().error.code).toBe('TEAM_HAS_RECORDS');
  });

  it('that withdrew is not brought back by "approve"', async () => {
    await session.h.app.inject({ method: 'POST', url: `/api/contests/${SLUG}/teams/bhxh/withdraw`, headers: as(session.cookie) });
    const res = await session.h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/teams/bhxh/approve`,
      headers: as(session.cookie),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('REINSTATE_IN_EDITOR');
  });
});

describe('a prize already given', () => {
  it('keeps its kind and at least as many places as it was given', async () => {
    const give = await session.h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/prizes/ts-xs/awards`,
      headers: as(session.cookie),
      payload: { team: 'bhxh', member: 'Nguyễn Thị Lan', reason: 'Xuất sắc' },
    });
    expect(give.statusCode).toBe(201);
    const { package: pkg } = await current();
    const i = pkg.prizes.findIndex((p) => p.key === 'ts-xs');
    const kind = { ...pkg, prizes: pkg.prizes.map((p) => (p.key === 'ts-xs' ? { ...p, kind: 'overall' as const } : p)) };
    expect((await save(kind, { reason: 'x' })).json().error).toMatchObject({
      code: 'CHANGE_NOT_ALLOWED',
      path: `prizes.${i}.kind`,
    });
  });
});

describe('the editor and the host', () => {
  it('an edit based on an older version is refused (409) instead of undoing what came since', async () => {
    const { package: pkg, revision } = await current();
    expect(
      (
        await session.h.app.inject({
          method: 'POST',
          url: `/api/contests/${SLUG}/registrations`,
          payload: registrationForm('Đội mới'),
        })
      ).statusCode,
    ).toBe(201);
    const stale = await save({ ...pkg, title: 'Tên khác' }, { revision });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'CONTEST_CHANGED', path: 'revision' });
    const latest = await current();
    expect(latest.package.teams.map((tm) => tm.key)).toContain('doi-moi');
    const ok = await save({ ...latest.package, title: 'Tên khác' }, { revision: latest.revision });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().revision).not.toBe(latest.revision);
  });

  it('the host sees the teams that take part, without contacts or registrations', async () => {
    await session.h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/registrations`,
      payload: registrationForm('Đội mới'),
    });
    const host = await session.h.app.inject({
      method: 'GET',
      url: `/api/contests/${SLUG}`,
      headers: as(await login(session.h.app, HOST)),
    });
    expect(host.statusCode).toBe(200);
    const text = host.body;
    expect(text).not.toContain('huong@stp.gialai.gov.vn');
    expect(text).not.toContain('0912345678');
    expect(host.json().package.teams).toHaveLength(20);
  });

  it('conflicts set before any mark do not count as marks', async () => {
    const res = await session.h.app.inject({
      method: 'PUT',
      url: `/api/contests/${SLUG}/judges/gk2/conflicts`,
      headers: as(session.cookie),
      payload: { teams: ['bhxh'] },
    });
    expect(res.statusCode).toBe(200);
    expect((await current()).hasMarks).toBe(false);
  });
});

describe('registration bodies', () => {
  it('a malformed multipart body is a 400 naming the field, never a 500', async () => {
    const noBoundary = await session.h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/registrations`,
      headers: { 'content-type': 'multipart/form-data' },
      payload: 'x',
    });
    expect(noBoundary.statusCode).toBe(400);
    const noData = multipart([{ name: 'other', value: '1' }]);
    const missing = await session.h.app.inject({ method: 'POST', url: `/api/contests/${SLUG}/registrations`, ...noData });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.path).toBe('data');
    const units = await session.h.app.inject({
      method: 'POST',
      url: '/api/units/import',
      headers: { cookie: session.cookie, 'content-type': 'multipart/form-data' },
      payload: 'x',
    });
    expect(units.statusCode).toBe(400);
  });

  it('junk is refused, and no number of registrations from the contest closes its form', async () => {
    for (let i = 0; i < 5; i++)
      expect(
        (await session.h.app.inject({ method: 'POST', url: `/api/contests/${SLUG}/registrations`, payload: {} })).statusCode,
      ).toBe(400);
    for (const name of ['Đội 1', 'Đội 2', 'Đội 3', 'Đội 4'])
      expect(
        (
          await session.h.app.inject({
            method: 'POST',
            url: `/api/contests/${SLUG}/registrations`,
            payload: registrationForm(name),
          })
        ).statusCode,
      ).toBe(201);
  });

  it('a contest keeps at most 2 GB of attachments', async () => {
    // Pretend earlier teams already sent nearly 2 GB (the size column is what is summed).
    const { teams, teamAttachments } = await import('../../db/schema.js');
    const bhxh = session.h.db
      .select()
      .from(teams)
      .all()
      .find((tm) => tm.key === 'bhxh')!;
    session.h.db
      .insert(teamAttachments)
      .values({
        teamId: bhxh.id,
        name: 'x.pdf',
        type: 'application/pdf',
        size: 2 * 1024 ** 3 - 10,
        data: Buffer.from('%PDF-'),
        uploadedAt: '2026-01-01T00:00:00Z',
      })
      .run();
    const m = multipart([
      { name: 'data', value: JSON.stringify(registrationForm('Đội có tệp')) },
      { name: 'attachment', filename: 'a.pdf', type: 'application/pdf', content: Buffer.from('%PDF-1.4 more than ten bytes') },
    ]);
    const res = await session.h.app.inject({ method: 'POST', url: `/api/contests/${SLUG}/registrations`, ...m });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'STORAGE_FULL', path: 'attachment' });
    const without = await session.h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/registrations`,
      payload: registrationForm('Đội không tệp'),
    });
    expect(without.statusCode).toBe(201);
  });

  it('a contest takes at most 500 teams', async () => {
    const pkg = {
      ...demoPackage(),
      slug: 'dong-doi',
      registration: { deadline: new Date(Date.now() + 86400_000).toISOString() },
      teams: Array.from({ length: 500 }, (_, i) => ({ key: `d${i}`, name: `Đội ${i}`, unit: 'X' })),
      judges: [],
    };
    expect(
      (await session.h.app.inject({ method: 'POST', url: '/api/contests', headers: as(session.cookie), payload: pkg }))
        .statusCode,
    ).toBe(201);
    const res = await session.h.app.inject({
      method: 'POST',
      url: '/api/contests/dong-doi/registrations',
      payload: registrationForm('Đội 501'),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('TEAM_LIMIT');
  });

  it('a team sheet longer than a contest can hold is refused before its rows are checked', async () => {
    const importRows = async (n: number) => {
      const body = Array.from({ length: n }, (_, i) => `Đội nhập ${i},Sở ${i}`).join('\n');
      const csv = multipart([
        { name: 'file', filename: 'doi.csv', type: 'text/csv', content: Buffer.from(`Tên đội,Đơn vị\n${body}\n`) },
      ]);
      return session.h.app.inject({
        method: 'POST',
        url: `/api/contests/${SLUG}/teams/import`,
        headers: { cookie: session.cookie, ...csv.headers },
        payload: csv.payload,
      });
    };
    const long = await importRows(1000);
    expect(long.statusCode).toBe(400);
    expect(long.json().error).toMatchObject({ code: 'FILE_TOO_COMPLEX', path: 'file' });
    expect(long.json().error.message).toContain('1000');
    // A sheet within the limit is read and its rows checked as usual.
    const short = await importRows(3);
    expect(short.statusCode, short.body).toBe(200);
    expect(short.json().added).toHaveLength(3);
  });

  it('an imported row with a phone but no contact name is named', async () => {
    const csv = multipart([
      {
        name: 'file',
        filename: 'doi.csv',
        type: 'text/csv',
        content: Buffer.from('Tên đội,Đơn vị,Điện thoại\nĐội A,Sở A,0912345678\n'),
      },
    ]);
    const res = await session.h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/teams/import`,
      headers: { cookie: session.cookie, ...csv.headers },
      payload: csv.payload,
    });
    expect(res.json()).toMatchObject({ added: [], errors: [{ row: 2, field: 'leader' }] });
  });
});
