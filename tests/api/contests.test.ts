import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as t from '../../db/schema.js';
import { contestPackageSchema } from '../../server/contract/package.js';
import { demoPackage, HOST, login, useApp } from '../helpers/app.js';

const session = useApp();

const post = (payload: unknown, c: string | null = session.cookie) =>
  session.h.app.inject({ method: 'POST', url: '/api/contests', payload: payload as object, headers: c ? { cookie: c } : {} });
/** A request with no body, as the organizer unless another cookie (or none) is given. */
const call = (method: 'GET' | 'POST' | 'DELETE', url: string, c: string | null = session.cookie) =>
  session.h.app.inject({ method, url, headers: c ? { cookie: c } : {} });
const get = (url: string, c: string | null = session.cookie) => call('GET', url, c);

describe('importing a contest package', () => {
  it('creates the demo contest and hands out one private link per judge and team', async () => {
    const res = await post(demoPackage());
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.slug).toBe('cchc-gialai-2019');
    expect(body.judges).toHaveLength(5);
    expect(body.teams).toHaveLength(20);
    const tokens = [...body.judges, ...body.teams].map((l: { token: string }) => l.token);
    expect(new Set(tokens).size).toBe(25);
    for (const link of body.judges) expect(link.url).toBe(`http://hoithi.test/j/${link.token}`);
    for (const link of body.teams) expect(link.url).toBe(`http://hoithi.test/t/${link.token}`);
  });

  it('exports a package equal to the one imported, diacritics and order included', async () => {
    const pkg = demoPackage();
    await post(pkg);
    const res = await get('/api/contests/cchc-gialai-2019/package');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.json()).toEqual(contestPackageSchema.parse(pkg));
    expect(res.body).toContain('CĐCS Bảo hiểm xã hội tỉnh');
  });

  it('offers the export as a download', async () => {
    await post(demoPackage());
    const res = await get('/api/contests/cchc-gialai-2019/package?download=1');
    expect(res.headers['content-disposition']).toBe('attachment; filename="cchc-gialai-2019.json"');
  });

  it('refuses a second contest with the same slug with 409 naming the slug', async () => {
    expect((await post(demoPackage())).statusCode).toBe(201);
    const again = await post(demoPackage());
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'SLUG_TAKEN', path: 'slug' });
  });

  it('stores nothing at all when the package is invalid', async () => {
    const pkg = demoPackage();
    pkg.judges![0]!.conflicts = ['no-such-team'];
    expect((await post(pkg)).statusCode).toBe(400);
    expect(session.h.db.select().from(t.contests).all()).toHaveLength(0);
    expect(session.h.db.select().from(t.teams).all()).toHaveLength(0);
  });

  it('lists contests with their counts', async () => {
    await post(demoPackage());
    const res = await get('/api/contests');
    expect(res.statusCode).toBe(200);
    expect(res.json().contests).toEqual([
      expect.objectContaining({ slug: 'cchc-gialai-2019', rounds: 4, teams: 20, judges: 5, hasMarks: false }),
    ]);
  });

  it('shows one contest with its package and state, and 404 for an unknown slug', async () => {
    await post(demoPackage());
    const res = await get('/api/contests/cchc-gialai-2019');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ hasMarks: false, package: { slug: 'cchc-gialai-2019' } });
    expect(res.json().package.teams).toHaveLength(20);
    const missing = await get('/api/contests/khong-co');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('CONTEST_NOT_FOUND');
  });
});

describe('deleting a contest', () => {
  it('deletes a contest without marks, and everything that belonged to it', async () => {
    await post(demoPackage());
    const res = await call('DELETE', '/api/contests/cchc-gialai-2019');
    expect(res.statusCode).toBe(204);
    expect((await get('/api/contests/cchc-gialai-2019')).statusCode).toBe(404);
    expect(session.h.db.select().from(t.teams).all()).toHaveLength(0);
    expect(session.h.db.select().from(t.criteria).all()).toHaveLength(0);
  });

  it('keeps a contest once a judge has marked a sheet', async () => {
    await post(demoPackage());
    const round = session.h.db.select().from(t.rounds).where(eq(t.rounds.key, 'gioi-thieu')).get()!;
    const team = session.h.db.select().from(t.teams).where(eq(t.teams.key, 'bhxh')).get()!;
    const judge = session.h.db.select().from(t.judges).where(eq(t.judges.key, 'gk2')).get()!;
    session.h.db
      .insert(t.sheets)
      .values({
        roundId: round.id,
        teamId: team.id,
        judgeId: judge.id,
        marks: { 'noi-dung': 3000 },
        totalHundredths: 3000,
        status: 'draft',
        version: 1,
        updatedAt: new Date().toISOString(),
        lastEventSeq: 0,
      })
      .run();
    const res = await call('DELETE', '/api/contests/cchc-gialai-2019');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CONTEST_HAS_MARKS');
    expect((await get('/api/contests/cchc-gialai-2019')).json().hasMarks).toBe(true);
  });

  it('answers 404 for a contest that does not exist', async () => {
    const res = await call('DELETE', '/api/contests/khong-co');
    expect(res.statusCode).toBe(404);
  });
});

describe('withdrawing a team', () => {
  it('marks the team withdrawn, and 404 for an unknown team', async () => {
    await post(demoPackage());
    const ok = await call('POST', '/api/contests/cchc-gialai-2019/teams/bhxh/withdraw');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ team: { key: 'bhxh', status: 'withdrawn' } });
    expect(session.h.db.select().from(t.teams).where(eq(t.teams.key, 'bhxh')).get()?.status).toBe('withdrawn');
    const missing = await call('POST', '/api/contests/cchc-gialai-2019/teams/khong-co/withdraw');
    expect(missing.statusCode).toBe(404);
  });
});

describe('roles', () => {
  it('refuses every contest route to an anonymous caller with 401, before reading the body', async () => {
    const anonymous = [
      await post({}, null),
      await get('/api/contests', null),
      await get('/api/contests/cchc-gialai-2019', null),
      await get('/api/contests/cchc-gialai-2019/package', null),
      await session.h.app.inject({ method: 'DELETE', url: '/api/contests/cchc-gialai-2019' }),
      await session.h.app.inject({ method: 'POST', url: '/api/contests/cchc-gialai-2019/teams/bhxh/withdraw' }),
    ];
    expect(anonymous.map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 401, 401]);
    for (const r of anonymous) expect(r.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('lets a host read contests but not create, export, withdraw or delete them', async () => {
    await post(demoPackage());
    const host = await login(session.h.app, HOST);
    expect((await get('/api/contests', host)).statusCode).toBe(200);
    expect((await get('/api/contests/cchc-gialai-2019', host)).statusCode).toBe(200);
    expect((await post({ ...demoPackage(), slug: 'khac' }, host)).statusCode).toBe(403);
    expect((await get('/api/contests/cchc-gialai-2019/package', host)).statusCode).toBe(403);
    const del = await call('DELETE', '/api/contests/cchc-gialai-2019', host);
    expect(del.statusCode).toBe(403);
    const withdraw = await call('POST', '/api/contests/cchc-gialai-2019/teams/bhxh/withdraw', host);
    expect(withdraw.statusCode).toBe(403);
  });
});

describe('the public facts of a contest', () => {
  it('are readable by anyone, with titles and names but no judge, token or answer', async () => {
    await post(demoPackage());
    await call('POST', '/api/contests/cchc-gialai-2019/teams/bhxh/withdraw');
    const res = await get('/api/contests/cchc-gialai-2019/public', null);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.title).toContain('cải cách hành chính');
    expect(body.teams).toHaveLength(20);
    expect(body.teams[0]).toMatchObject({ key: 'bhxh', status: 'withdrawn' });
    expect(body.rounds.map((r: { key: string }) => r.key)).toEqual(['gioi-thieu', 'kien-thuc', 'thuyet-trinh', 'diem-thuong']);
    expect(body.prizes.find((p: { key: string }) => p.key === 'gt-xs')).toMatchObject({
      kind: 'round_best',
      round: 'gioi-thieu',
    });
    expect(res.body).not.toMatch(/"judges"|"token"|"answer"|"choices"/);
  });
});
