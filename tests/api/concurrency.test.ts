/**
 * 7 judges × 20 teams submitting at once over real HTTP, with random retries of the same request
 * (same Idempotency-Key, as a tablet resends after a dropped answer): every acknowledged sheet is
 * stored exactly once and the audit chain verifies.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDb, type Db } from '../../db/client.js';
import { buildApp, type App } from '../../server/app.js';
import { upsertAccount } from '../../server/modules/auth/repository.js';
import { verifyContest } from '../../server/modules/audit/verify.js';
import { demoPackage, login, ORGANIZER } from '../helpers/app.js';

const SLUG = 'cchc-gialai-2019';
let app: App;
let db: Db;
let base: string;
let judges: { key: string; token: string }[];

beforeAll(async () => {
  db = openDb(':memory:');
  await upsertAccount(db, ORGANIZER.email, ORGANIZER.password, 'organizer');
  app = await buildApp({ db, closeDb: true, webRoot: null });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const pkg = demoPackage();
  pkg.judges!.push({ key: 'gk6', name: 'Giám khảo 6', conflicts: [] }, { key: 'gk7', name: 'Giám khảo 7', conflicts: [] });
  const cookie = await login(app);
  const res = await app.inject({ method: 'POST', url: '/api/contests', headers: { cookie }, payload: pkg });
  judges = res.json().judges;
});
afterAll(async () => {
  await app.close();
});

it('stores every acknowledged sheet exactly once under concurrent submits and retries', async () => {
  const teams = demoPackage().teams!.map((t) => t.key);
  const conflicts = new Map(demoPackage().judges!.map((j) => [j.key, new Set(j.conflicts)]));
  const acknowledged: { judge: string; team: string; version: number; total: number }[] = [];
  const send = (token: string, team: string, key: string, body: object) =>
    fetch(`${base}/api/contests/${SLUG}/sheets/gioi-thieu/${team}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': key, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  await Promise.all(
    judges.flatMap((j) =>
      teams
        .filter((team) => !conflicts.get(j.key)?.has(team))
        .map(async (team) => {
          const key = randomUUID();
          const body = {
            marks: { 'noi-dung': 20 + (team.length % 20), 'hinh-thuc': 15, 'sang-tao': 10.5 },
            status: 'submitted',
            baseVersion: 0,
          };
          // Some requests go twice at once, some again after the first answer: all with one key.
          const tries = 1 + Math.floor(Math.random() * 3);
          const answers = await Promise.all(Array.from({ length: tries }, () => send(j.token, team, key, body)));
          const again = Math.random() < 0.5 ? [await send(j.token, team, key, body)] : [];
          for (const res of [...answers, ...again]) {
            expect([200, 409]).toContain(res.status);
            if (res.status === 200) {
              const { sheet } = (await res.json()) as { sheet: { version: number; total: number } };
              acknowledged.push({ judge: j.key, team, version: sheet.version, total: sheet.total });
            }
          }
        }),
    ),
  );

  const stored = db.$client
    .prepare(
      `SELECT j.key AS judge, tm.key AS team, v.version, v.total_hundredths AS total
       FROM sheet_versions v JOIN sheets s ON s.id = v.sheet_id JOIN judges j ON j.id = s.judge_id JOIN teams tm ON tm.id = s.team_id`,
    )
    .all() as { judge: string; team: string; version: number; total: number }[];
  // 7 judges × 20 teams, less the one conflict: one version each, whatever the retries.
  expect(stored).toHaveLength(7 * 20 - 1);
  expect(new Set(stored.map((s) => `${s.judge}/${s.team}`)).size).toBe(139);
  for (const a of acknowledged) {
    const row = stored.find((s) => s.judge === a.judge && s.team === a.team && s.version === a.version);
    expect(row?.total).toBe(Math.round(a.total * 100));
  }
  expect(new Set(acknowledged.map((a) => `${a.judge}/${a.team}`)).size).toBe(139);
  const check = verifyContest(db, SLUG);
  expect(check).toMatchObject({ ok: true, events: 139 });
}, 60_000);
