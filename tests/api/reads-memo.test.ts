/**
 * The reads a change of a contest takes again (the live flush, the scoreboard, the certificates,
 * issue #14 item 8) share one read of the contest while the database and the clock stand still
 * (contestDataNow in server/modules/results/service.ts). That memo must never serve what was:
 * each way a contest changes is made here between two reads, and the second read must follow —
 * a sheet committed on the write thread, a write on the event loop, a special prize given and
 * taken back, a contest deleted and imported again, and a quiz question running out on the clock
 * alone (and the clock set back).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { dataVersion, openDb, write } from '../../db/client.js';
import { writeThreadOf } from '../../db/write-thread.js';
import type { App } from '../../server/app.js';
import { buildApp } from '../../server/app.js';
import { upsertAccount } from '../../server/modules/auth/repository.js';
import { contestCertificates } from '../../server/modules/results/awards.js';
import { contestDataNow, loadContestData } from '../../server/modules/results/service.js';
import { demoPackage, HOST, login, makeApp, manualClock, ORGANIZER } from '../helpers/app.js';

const SLUG = 'cchc-gialai-2019';
const dir = mkdtempSync(join(tmpdir(), 'hoithi-reads-memo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let app: App | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

type Board = { rows: { team: string; pending: boolean; rounds: Record<string, number | null> }[] };
const scoreboard = async (cookie?: string) =>
  (
    await app!.inject({ method: 'GET', url: `/api/contests/${SLUG}/scoreboard`, headers: cookie ? { cookie } : {} })
  ).json() as Board;
const cell = (b: Board, team: string, round: string) => b.rows.find((r) => r.team === team)?.rounds[round];

async function importDemo(cookie: string, pkg: object = demoPackage()) {
  const res = await app!.inject({ method: 'POST', url: '/api/contests', headers: { cookie }, payload: pkg });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { judges: { key: string; token: string }[]; teams: { key: string; token: string }[] };
}

describe('the shared read of a contest', () => {
  it('follows a sheet committed on the write thread (another connection)', async () => {
    const db = openDb(join(dir, 'thread.db'));
    await upsertAccount(db, ORGANIZER.email, ORGANIZER.password, 'organizer');
    app = await buildApp({ db, closeDb: true, webRoot: null });
    await app.ready();
    expect(writeThreadOf(db)).toBeDefined();
    const organizer = await login(app);
    const { judges } = await importDemo(organizer);
    const before = await scoreboard(organizer);
    expect(cell(before, 'bhxh', 'gioi-thieu')).toBeNull();
    // Read twice: the second is the memo's.
    expect(await scoreboard(organizer)).toEqual(before);
    for (const j of judges) {
      const res = await app.inject({
        method: 'PUT',
        url: `/api/contests/${SLUG}/sheets/gioi-thieu/bhxh`,
        headers: { authorization: `Bearer ${j.token}`, 'idempotency-key': randomUUID() },
        payload: { marks: { 'noi-dung': 30, 'hinh-thuc': 15, 'sang-tao': 15 }, status: 'submitted' },
      });
      // A judge with a conflict on the team is refused; the others' sheets land.
      expect([200, 403], res.body).toContain(res.statusCode);
    }
    // The organizer's live board shows sealed sheets: it reads what the write thread committed.
    expect(cell(await scoreboard(organizer), 'bhxh', 'gioi-thieu')).toBe(60);
  });

  it('follows writes on the event loop: a lock, a special prize given and taken back', async () => {
    ({ app } = await makeApp());
    const organizer = await login(app);
    const host = await login(app, HOST);
    const { judges } = await importDemo(organizer);
    for (const j of judges) {
      await app.inject({
        method: 'PUT',
        url: `/api/contests/${SLUG}/sheets/gioi-thieu/bhxh`,
        headers: { authorization: `Bearer ${j.token}`, 'idempotency-key': randomUUID() },
        payload: { marks: { 'noi-dung': 30, 'hinh-thuc': 15, 'sang-tao': 15 }, status: 'submitted' },
      });
    }
    expect(cell(await scoreboard(), 'bhxh', 'gioi-thieu')).toBeNull();
    const lock = await app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/rounds/gioi-thieu/teams/bhxh/lock`,
      headers: { cookie: host },
    });
    expect(lock.statusCode, lock.body).toBe(200);
    expect(cell(await scoreboard(), 'bhxh', 'gioi-thieu')).toBe(60);

    const now = () => app!.clock.iso();
    expect(contestCertificates(app.db, SLUG, now()).map((c) => c.prize.key)).not.toContain('ts-xs');
    const give = await app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/prizes/ts-xs/awards`,
      headers: { cookie: organizer },
      payload: { team: 'bhxh', reason: 'Phần thuyết trình thuyết phục' },
    });
    expect(give.statusCode, give.body).toBe(201);
    expect(contestCertificates(app.db, SLUG, now()).map((c) => c.prize.key)).toContain('ts-xs');
    const take = await app.inject({
      method: 'DELETE',
      url: `/api/contests/${SLUG}/prizes/ts-xs/awards/${(give.json() as { id: number }).id}`,
      headers: { cookie: organizer },
      payload: { reason: 'Trao nhầm' },
    });
    expect(take.statusCode, take.body).toBe(204);
    expect(contestCertificates(app.db, SLUG, now()).map((c) => c.prize.key)).not.toContain('ts-xs');
  });

  it('follows a contest deleted and imported again under its slug', async () => {
    ({ app } = await makeApp());
    const organizer = await login(app);
    await importDemo(organizer);
    expect((await scoreboard()).rows.map((r) => r.team)).toContain('bhxh');
    const del = await app.inject({ method: 'DELETE', url: `/api/contests/${SLUG}`, headers: { cookie: organizer } });
    expect(del.statusCode, del.body).toBe(204);
    const gone = await app.inject({ method: 'GET', url: `/api/contests/${SLUG}/scoreboard` });
    expect(gone.statusCode).toBe(404);
    const pkg = demoPackage() as { teams: { key: string }[]; judges: { conflicts: string[] }[] };
    pkg.teams = pkg.teams.filter((tm) => tm.key !== 'bhxh');
    for (const j of pkg.judges) j.conflicts = j.conflicts.filter((k) => k !== 'bhxh');
    await importDemo(organizer, pkg);
    const rows = (await scoreboard()).rows.map((r) => r.team);
    expect(rows).not.toContain('bhxh');
    expect(rows).toContain('kbnn');
  });

  it('follows a quiz question running out on the clock alone, and the clock set back', async () => {
    const clock = manualClock();
    ({ app } = await makeApp({ clock }));
    const organizer = await login(app);
    const host = await login(app, HOST);
    const pkg = demoPackage();
    (pkg.rounds[1] as { questions: { timeLimitSec?: number }[] }).questions[0]!.timeLimitSec = 1;
    const { teams } = await importDemo(organizer, pkg);
    const open = await app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/quiz/kien-thuc/c1/open`,
      headers: { cookie: host },
    });
    expect(open.statusCode, open.body).toBe(200);
    const right = (pkg.rounds[1] as { questions: { answer: number }[] }).questions[0]!.answer;
    const answer = await app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/quiz/kien-thuc/c1/answers`,
      headers: { authorization: `Bearer ${teams.find((tm) => tm.key === 'bhxh')!.token}` },
      payload: { choice: right },
    });
    expect(answer.statusCode, answer.body).toBe(200);
    const start = clock.now();
    expect(cell(await scoreboard(), 'bhxh', 'kien-thuc')).toBeNull();
    const version = dataVersion(app.db);
    clock.advance(1100);
    // Nothing was written: the clock alone closed the question.
    expect(dataVersion(app.db)).toBe(version);
    expect(cell(await scoreboard(), 'bhxh', 'kien-thuc')).toBe(10);
    clock.set(start);
    expect(cell(await scoreboard(), 'bhxh', 'kien-thuc')).toBeNull();
  });
});

describe('the shared data is read-only', () => {
  it('a caller that changes its rows or lists throws, and the next read is unchanged', async () => {
    const made = await makeApp();
    app = made.app;
    const db = made.db;
    const { judges } = await importDemo(await login(app));
    const res = await app.inject({
      method: 'PUT',
      url: `/api/contests/${SLUG}/sheets/gioi-thieu/bhxh`,
      headers: { authorization: `Bearer ${judges[0]!.token}`, 'idempotency-key': randomUUID() },
      payload: { marks: { 'noi-dung': 30, 'hinh-thuc': 15, 'sang-tao': 15 }, status: 'draft' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const data = contestDataNow(db, SLUG, Date.now());
    expect(contestDataNow(db, SLUG, Date.now())).toBe(data); // the memo's
    const first = data.teams[0]!;
    expect(() => data.teams.sort((a, b) => b.id - a.id)).toThrow(TypeError);
    expect(() => data.teams.push(first)).toThrow(TypeError);
    expect(() => Object.assign(first, { name: 'changed' })).toThrow(TypeError);
    expect(() => Object.assign(data.contest, { title: 'changed' })).toThrow(TypeError);
    expect(() => Object.assign(data, { seq: -1 })).toThrow(TypeError);
    // So are the JSON columns' values: a sheet's marks.
    expect(data.sheets).toHaveLength(1);
    expect(() => Object.assign(data.sheets[0]!.marks as object, { 'noi-dung': -1 })).toThrow(TypeError);
    const again = contestDataNow(db, SLUG, Date.now());
    expect(again.teams[0]).toBe(first);
    expect(first.name).not.toBe('changed');
    // A read of its own (loadContestData, not shared) is the caller's to change.
    expect(Object.isFrozen(loadContestData(db, SLUG).teams)).toBe(false);
  });
});

describe('dataVersion', () => {
  it('changes with each commit of this connection, and is null inside a transaction', async () => {
    ({ app } = await makeApp());
    const organizer = await login(app);
    const v0 = dataVersion(app.db);
    expect(v0).not.toBeNull();
    await importDemo(organizer);
    const v1 = dataVersion(app.db);
    expect(v1).not.toBe(v0);
    const data = contestDataNow(app.db, SLUG, Date.now());
    expect(contestDataNow(app.db, SLUG, Date.now())).toBe(data);
    write(app.db, (tx) => {
      expect(dataVersion(tx)).toBeNull();
      expect(dataVersion(app!.db)).toBeNull();
      // Read inside a transaction: never the memo, never kept.
      expect(contestDataNow(tx, SLUG, Date.now())).not.toBe(data);
    });
    expect(contestDataNow(app.db, SLUG, Date.now())).toBe(data);
  });

  it('changes with a commit of another connection to the same file', () => {
    const file = join(dir, 'two.db');
    const a = openDb(file);
    const b = openDb(file, { migrate: false });
    try {
      const v0 = dataVersion(a);
      b.$client.prepare("INSERT INTO accounts (email, password_hash, role) VALUES ('x@hoithi.test', 'x', 'host')").run();
      expect(dataVersion(a)).not.toBe(v0);
    } finally {
      b.$client.close();
      a.$client.close();
    }
  });
});
