/** Editing a contest in place from a whole package: free before the first mark, guarded after it. */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as t from '../../db/schema.js';
import type { ContestPackage } from '../../server/contract/package.js';
import { demoPackage, importDemo, login, makeApp, type TestApp } from '../helpers/app.js';

const SLUG = 'cchc-gialai-2019';
let h: TestApp;
let organizer: string;
let tokens: Awaited<ReturnType<typeof importDemo>>;

beforeEach(async () => {
  h = await makeApp();
  organizer = await login(h.app);
  tokens = await importDemo(h.app, organizer);
});
afterEach(async () => {
  await h.app.close();
});

const current = async () =>
  (
    await h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/package`, headers: { cookie: organizer } })
  ).json() as ContestPackage;
const save = (pkg: object, reason?: string) =>
  h.app.inject({
    method: 'PUT',
    url: `/api/contests/${SLUG}/package`,
    headers: { cookie: organizer },
    payload: { package: pkg, ...(reason ? { reason } : {}) },
  });
const events = (kind: string) =>
  h.db
    .select()
    .from(t.scoreEvents)
    .all()
    .filter((e) => e.kind === kind);
const markOnce = () =>
  h.app.inject({
    method: 'PUT',
    url: `/api/contests/${SLUG}/sheets/gioi-thieu/bhxh`,
    headers: { authorization: `Bearer ${tokens.judges['gk2']}`, 'idempotency-key': randomUUID() },
    payload: { marks: { 'noi-dung': 30, 'hinh-thuc': 20, 'sang-tao': 20 }, status: 'submitted' },
  });

describe('before the first mark', () => {
  it('saves any change, keeps every private link, and gives back what was saved', async () => {
    const pkg = await current();
    const edited: ContestPackage = {
      ...pkg,
      title: 'Hội thi Cải cách hành chính 2019 (sửa)',
      units: ['Sở Nội vụ', 'Sở Tư pháp'],
      registration: { deadline: '2019-09-10T17:00:00+07:00' },
      rounds: [
        ...pkg.rounds.filter((r) => r.key !== 'diem-thuong'),
        { key: 'phu', title: 'Điểm cộng', kind: 'direct', weight: 1, max: 5, step: 0.5 },
      ],
      teams: pkg.teams.filter((x) => x.key !== 'kbnn').map((x) => (x.key === 'bhxh' ? { ...x, name: 'Đội BHXH tỉnh' } : x)),
      judges: pkg.judges.map((j) => ({ ...j, conflicts: j.conflicts.filter((c) => c !== 'kbnn') })),
    };
    const res = await save(edited);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ hasMarks: false });
    expect(res.json().package).toEqual(edited);
    expect(await current()).toEqual(edited);
    // The judge's and the team's links still work.
    const me = await h.app.inject({
      method: 'GET',
      url: '/api/judge/me',
      headers: { authorization: `Bearer ${tokens.judges['gk2']}` },
    });
    expect(me.statusCode).toBe(200);
    const team = await h.app.inject({
      method: 'GET',
      url: '/api/team/registration',
      headers: { authorization: `Bearer ${tokens.teams['bhxh']}` },
    });
    expect(team.json().team.name).toBe('Đội BHXH tỉnh');
    expect(events('contest_edit')).toHaveLength(1);
  });

  it('saving the same package changes nothing and logs nothing', async () => {
    const pkg = await current();
    expect((await save(pkg)).statusCode).toBe(200);
    expect(await current()).toEqual(pkg);
    expect(events('contest_edit')).toHaveLength(0);
  });

  it('validates like an import, with paths under "package", and keeps the slug', async () => {
    const pkg = await current();
    const bad = await save({
      ...pkg,
      rounds: [{ ...pkg.rounds[0], criteria: [{ key: 'x', title: '', max: 10, step: 3 }] }, ...pkg.rounds.slice(1)],
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['package.rounds.0.criteria.0.title', 'package.rounds.0.criteria.0.step']));
    const moved = await save({ ...pkg, slug: 'khac' });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error).toMatchObject({ code: 'SLUG_MISMATCH', path: 'slug' });
    const host = await h.app.inject({
      method: 'PUT',
      url: `/api/contests/${SLUG}/package`,
      headers: { cookie: await login(h.app, { email: 'thuky@hoithi.test', password: 'mat-khau-thu-ky' }) },
      payload: { package: pkg },
    });
    expect(host.statusCode).toBe(403);
  });
});

describe('after the first mark', () => {
  it('asks a reason for what affects scores, and logs it', async () => {
    expect((await markOnce()).statusCode).toBe(200);
    const pkg = await current();
    const heavier = { ...pkg, rounds: pkg.rounds.map((r) => (r.key === 'gioi-thieu' ? { ...r, weight: 3 } : r)) };
    const refused = await save(heavier);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'CHANGE_NEEDS_REASON', path: 'reason' });
    expect((await current()).rounds[0]!.weight).toBe(pkg.rounds[0]!.weight);

    const ok = await save(heavier, 'Thể lệ sửa đổi ngày 18/9');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().hasMarks).toBe(true);
    const [logged] = events('contest_edit');
    expect(logged!.reason).toBe('Thể lệ sửa đổi ngày 18/9');
    expect(JSON.parse(logged!.after).rounds[0].weight).toBe(3);
    expect(JSON.parse(logged!.before).rounds[0].weight).toBe(1);
  });

  it('takes names and details without a reason', async () => {
    expect((await markOnce()).statusCode).toBe(200);
    const pkg = await current();
    const renamed = {
      ...pkg,
      venue: 'Hội trường Tỉnh uỷ',
      rounds: pkg.rounds.map((r) => ({ ...r, title: r.title + ' ' })),
      teams: pkg.teams.map((x) => ({ ...x, name: x.name.toUpperCase() })),
    };
    const res = await save(renamed);
    expect(res.statusCode).toBe(200);
    expect((await current()).venue).toBe('Hội trường Tỉnh uỷ');
    expect(events('contest_edit')).toHaveLength(0);
  });

  it('refuses, even with a reason, what would orphan or invalidate marks', async () => {
    expect((await markOnce()).statusCode).toBe(200);
    const pkg = await current();
    const rubric = pkg.rounds[0]! as Extract<ContestPackage['rounds'][number], { kind: 'rubric' }>;
    const cases: [object, string][] = [
      [{ ...pkg, rounds: pkg.rounds.filter((r) => r.key !== 'diem-thuong') }, 'rounds'],
      [{ ...pkg, rounds: [{ ...rubric, criteria: rubric.criteria.slice(1) }, ...pkg.rounds.slice(1)] }, 'rounds.0.criteria'],
      [
        {
          ...pkg,
          rounds: [
            { ...rubric, criteria: rubric.criteria.map((c, i) => (i === 0 ? { ...c, max: 20 } : c)) },
            ...pkg.rounds.slice(1),
          ],
        },
        'rounds.0.criteria.0.max',
      ],
      [
        {
          ...pkg,
          rounds: [
            { ...rubric, criteria: rubric.criteria.map((c, i) => (i === 0 ? { ...c, step: 1 } : c)) },
            ...pkg.rounds.slice(1),
          ],
        },
        'rounds.0.criteria.0.step',
      ],
      [{ ...pkg, rounds: [{ ...rubric, kind: 'direct', max: 100, step: 1 }, ...pkg.rounds.slice(1)] }, 'rounds.0.kind'],
      [
        {
          ...pkg,
          teams: pkg.teams.filter((x) => x.key !== 'kbnn'),
          judges: pkg.judges.map((j) => ({ ...j, conflicts: j.conflicts.filter((c) => c !== 'kbnn') })),
        },
        'teams',
      ],
    ];
    for (const [body, path] of cases) {
      const res = await save(body, 'Lý do bất kỳ');
      expect(res.statusCode, path).toBe(409);
      expect(res.json().error, path).toMatchObject({ code: 'CHANGE_NOT_ALLOWED', path });
    }
    // A finer step (old marks stay multiples) and a higher max are fine with a reason.
    const finer = {
      ...pkg,
      rounds: [
        { ...rubric, criteria: rubric.criteria.map((c, i) => (i === 0 ? { ...c, step: 0.25, max: 45 } : c)) },
        ...pkg.rounds.slice(1),
      ],
    };
    expect((await save(finer, 'Chấm chi tiết hơn')).statusCode).toBe(200);
    expect(await current()).toEqual(finer);
  });
});

describe('the package keeps registrations', () => {
  it('round-trips units, the deadline and pending teams with their contact', async () => {
    const pkg = {
      ...demoPackage(),
      slug: 'co-dang-ky',
      units: ['Sở Tư pháp'],
      registration: { deadline: '2030-01-01T00:00:00+07:00' },
      teams: [
        ...demoPackage().teams!,
        {
          key: 'doi-moi',
          name: 'Đội mới',
          unit: 'Sở Tư pháp',
          members: [],
          status: 'pending' as const,
          leader: { name: 'Nguyễn A', phone: '0912345678', email: 'a@stp.vn' },
        },
      ],
    };
    expect(
      (await h.app.inject({ method: 'POST', url: '/api/contests', headers: { cookie: organizer }, payload: pkg })).statusCode,
    ).toBe(201);
    const back = (
      await h.app.inject({ method: 'GET', url: '/api/contests/co-dang-ky/package', headers: { cookie: organizer } })
    ).json();
    expect(back).toEqual(pkg);
    const pub = (await h.app.inject({ method: 'GET', url: '/api/contests/co-dang-ky/public' })).json();
    expect(pub.teams.map((x: { key: string }) => x.key)).not.toContain('doi-moi');
    expect(pub.registration.open).toBe(true);
  });
});
