/**
 * Group commit (db/batcher.ts): sheets that arrive together are committed in one transaction.
 * Every write lands, a failing one fails alone with its own answer, the audit chain verifies,
 * and nothing acknowledged is lost when the database is closed and opened again.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, expect, it } from 'vitest';
import { WriteBatcher, writesOf } from '../../db/batcher.js';
import { openDb } from '../../db/client.js';
import { writeThreadOf } from '../../db/write-thread.js';
import * as t from '../../db/schema.js';
import { buildApp } from '../../server/app.js';
import { verifyContest } from '../../server/modules/audit/verify.js';
import { upsertAccount } from '../../server/modules/auth/repository.js';
import { demoPackage, login, ORGANIZER } from '../helpers/app.js';

const SLUG = 'cchc-gialai-2019';
const dir = mkdtempSync(join(tmpdir(), 'hoithi-group-commit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('commits the writes queued together in one transaction; one that throws rolls back alone', async () => {
  const db = openDb(join(dir, 'unit.db'));
  const batcher = new WriteBatcher(db);
  const insertAccount = (email: string) => (tx: Parameters<Parameters<WriteBatcher['run']>[0]>[0]) =>
    tx.insert(t.accounts).values({ email, passwordHash: 'x', role: 'host' }).returning({ id: t.accounts.id }).get().id;
  const writes = Array.from({ length: 20 }, (_, i) =>
    batcher.run(
      i === 7
        ? (tx) => {
            insertAccount('rolled-back@hoithi.test')(tx);
            throw new Error('write 7 fails after its insert');
          }
        : i === 11
          ? insertAccount('a0@hoithi.test') // the same email as write 0: UNIQUE fails
          : insertAccount(`a${i}@hoithi.test`),
    ),
  );
  // Nothing is committed before the flush: the writes wait for the next turn of the event loop.
  expect(db.$client.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: 0 });
  const settled = await Promise.allSettled(writes);
  expect(settled[7]).toMatchObject({ status: 'rejected', reason: { message: 'write 7 fails after its insert' } });
  expect(settled[11]).toMatchObject({ status: 'rejected', reason: { code: 'SQLITE_CONSTRAINT_UNIQUE' } });
  const ok = settled.filter((s) => s.status === 'fulfilled');
  expect(ok).toHaveLength(18);
  const emails = (db.$client.prepare('SELECT email FROM accounts ORDER BY id').all() as { email: string }[]).map((r) => r.email);
  expect(emails).toEqual(Array.from({ length: 20 }, (_, i) => `a${i}@hoithi.test`).filter((_, i) => i !== 7 && i !== 11));
  expect(db.$client.inTransaction).toBe(false);
  db.$client.close();
});

it('HOITHI_WRITE_THREAD=0 (writeThread: false) keeps the sheets on the event loop, and they land the same', async () => {
  const db = openDb(join(dir, 'no-thread.db'));
  await upsertAccount(db, ORGANIZER.email, ORGANIZER.password, 'organizer');
  const app = await buildApp({ db, closeDb: true, webRoot: null, writeThread: false });
  expect(writeThreadOf(db)).toBeUndefined();
  const cookie = await login(app);
  const created = await app.inject({ method: 'POST', url: '/api/contests', headers: { cookie }, payload: demoPackage() });
  const judge = (created.json().judges as { key: string; token: string }[]).find((j) => j.key === 'gk1')!;
  const res = await app.inject({
    method: 'PUT',
    url: `/api/contests/${SLUG}/sheets/gioi-thieu/bhxh`,
    headers: { authorization: `Bearer ${judge.token}`, 'idempotency-key': randomUUID() },
    payload: { marks: { 'noi-dung': 30, 'hinh-thuc': 15, 'sang-tao': 15 }, status: 'submitted' },
  });
  expect(res.statusCode).toBe(200);
  expect(res.json().sheet).toMatchObject({ total: 60, version: 1 });
  expect(db.$client.prepare('SELECT total_hundredths AS t FROM sheets').get()).toEqual({ t: 6000 });
  await app.close();
});

it('closing the app commits what the event loop group commit still has queued, then closes the database', async () => {
  const file = join(dir, 'drain.db');
  const db = openDb(file);
  db.$client.exec('CREATE TABLE queued (n INTEGER)');
  const app = await buildApp({ db, closeDb: true, webRoot: null, writeThread: false });
  // 300 writes: more than one group commit holds (256), all queued for the next turn.
  const writes = Array.from({ length: 300 }, (_, n) =>
    writesOf(db).run((tx) => tx.run(sql.raw(`INSERT INTO queued (n) VALUES (${n})`))),
  );
  await app.close();
  expect(db.$client.open).toBe(false);
  expect((await Promise.allSettled(writes)).every((w) => w.status === 'fulfilled')).toBe(true);
  const reopened = openDb(file);
  expect(reopened.$client.prepare('SELECT count(*) AS n FROM queued').get()).toEqual({ n: 300 });
  reopened.$client.close();
});

it('a failed COMMIT rejects every write of the batch: none was acknowledged', async () => {
  const db = openDb(':memory:');
  const batcher = new WriteBatcher(db);
  // A deferred foreign key fails only at COMMIT.
  db.$client.exec(
    'CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (p INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)',
  );
  const good = batcher.run((tx) => tx.run(sql.raw('INSERT INTO parent (id) VALUES (1)')));
  const bad = batcher.run((tx) => tx.run(sql.raw('INSERT INTO child (p) VALUES (42)')));
  const settled = await Promise.allSettled([good, bad]);
  expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
  expect(db.$client.prepare('SELECT count(*) AS n FROM parent').get()).toEqual({ n: 0 });
  expect(db.$client.inTransaction).toBe(false);
  db.$client.close();
});

it('N parallel sheet PUTs all land, bad ones answer as alone, the chain verifies, and all survive a reopen', async () => {
  const file = join(dir, 'hoithi.db');
  let db = openDb(file);
  await upsertAccount(db, ORGANIZER.email, ORGANIZER.password, 'organizer');
  const app = await buildApp({ db, closeDb: true, webRoot: null });
  // A database on disk: the sheets commit on the app's write thread (db/write-thread.ts).
  expect(writeThreadOf(db)).toBeDefined();
  const cookie = await login(app);
  const created = await app.inject({ method: 'POST', url: '/api/contests', headers: { cookie }, payload: demoPackage() });
  const judges = created.json().judges as { key: string; token: string }[];
  const teams = demoPackage().teams!.map((tm) => tm.key);
  const conflicts = new Map(demoPackage().judges!.map((j) => [j.key, new Set(j.conflicts)]));
  const put = (token: string, team: string, body: object, key: string) =>
    app.inject({
      method: 'PUT',
      url: `/api/contests/${SLUG}/sheets/gioi-thieu/${team}`,
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': key },
      payload: body,
    });
  const good = judges.flatMap((j) =>
    teams
      .filter((team) => !conflicts.get(j.key)!.has(team))
      .map((team, i) => ({ judge: j.key, team, token: j.token, total: 40 + (i % 20) })),
  );
  const answers = await Promise.all([
    ...good.map((g) =>
      put(
        g.token,
        g.team,
        { marks: { 'noi-dung': g.total - 30, 'hinh-thuc': 15, 'sang-tao': 15 }, status: 'submitted', baseVersion: 0 },
        randomUUID(),
      ),
    ),
    // In the same batches: a mark out of range and a stale version.
    put(good[0]!.token, good[0]!.team, { marks: { 'noi-dung': 999 }, status: 'draft' }, randomUUID()),
    put(good[1]!.token, good[1]!.team, { marks: { 'hinh-thuc': 10 }, status: 'draft', baseVersion: 5 }, randomUUID()),
  ]);
  const bad = answers.splice(good.length);
  expect(answers.map((a) => a.statusCode)).toEqual(good.map(() => 200));
  expect(bad[0]!.statusCode).toBe(400);
  expect(bad[0]!.json().error).toMatchObject({ code: 'VALIDATION', path: 'marks.noi-dung' });
  expect(bad[1]!.statusCode).toBe(409);
  expect(bad[1]!.json().error).toMatchObject({ code: 'VERSION_CONFLICT' });
  const receipts = answers.map((a) => a.json().receipt as { seq: number; hash: string });
  expect(new Set(receipts.map((r) => r.seq)).size).toBe(good.length);
  expect(verifyContest(db, SLUG)).toMatchObject({ ok: true, events: good.length });

  // Close after the acknowledgements, open again: every acknowledged sheet is there.
  await app.close();
  db = openDb(file);
  const stored = db.$client
    .prepare(
      `SELECT j.key AS judge, tm.key AS team, s.version, s.total_hundredths AS total, s.last_event_seq AS seq
       FROM sheets s JOIN judges j ON j.id = s.judge_id JOIN teams tm ON tm.id = s.team_id`,
    )
    .all() as { judge: string; team: string; version: number; total: number; seq: number }[];
  expect(stored).toHaveLength(good.length);
  good.forEach((g, i) => {
    expect(stored.find((s) => s.judge === g.judge && s.team === g.team)).toEqual({
      judge: g.judge,
      team: g.team,
      version: 1,
      total: g.total * 100,
      seq: receipts[i]!.seq,
    });
  });
  expect(verifyContest(db, SLUG)).toMatchObject({ ok: true, events: good.length });
  db.$client.close();
}, 60_000);
