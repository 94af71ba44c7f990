/**
 * Issue #13: a hostile phone on the venue Wi-Fi, or an innocent-looking file, cannot change an
 * outcome or stop the contest. Each helper adds its own `describe` blocks.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../db/client.js';
import * as t from '../../db/schema.js';
import { verifyContest } from '../../server/modules/audit/verify.js';
import { importDemo, login, makeApp, type TestApp } from '../helpers/app.js';

// ── item 2: user keys are data, never properties ─────────────────────────────

/** Names that are properties of every object or function; only some pass the key format. */
const HOSTILE_KEYS = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'prototype',
  'name',
  'length',
  'call',
  'apply',
  'bind',
  'caller',
  'arguments',
  'a',
  'b-2',
] as const;
const KEY_FORMAT = /^[a-z0-9-]{1,64}$/;
const SLUG = 'hostile-keys';

interface Shape {
  round: string;
  criteria: string[];
  teams: string[];
  judges: string[];
  prize: string;
}

function hostilePackage(s: Shape) {
  return {
    format: 'hoithi/contest@1',
    slug: SLUG,
    title: 'Hội thi khoá lạ',
    organizer: 'Ban Tổ chức',
    date: '2026-03-01',
    aggregation: { method: 'mean', trim: 0, decimals: 2 },
    tiebreak: [`round:${s.round}`],
    rounds: [
      {
        key: s.round,
        title: 'Phần thi',
        kind: 'rubric',
        weight: 1,
        criteria: s.criteria.map((k) => ({ key: k, title: `Tiêu chí ${k}`, max: 10, step: 0.5 })),
      },
    ],
    prizes: [{ key: s.prize, title: 'Giải phần thi', kind: 'round_best', round: s.round, count: 1 }],
    teams: s.teams.map((k) => ({ key: k, name: `Đội ${k}`, unit: `Đơn vị ${k}` })),
    judges: s.judges.map((k) => ({ key: k, name: `Giám khảo ${k}` })),
  };
}

/** Keys from a list: the whole list (some refused by the key format), or only those it accepts. */
const shapeFrom = (keys: readonly string[]): fc.Arbitrary<Shape> => {
  const list = (min: number, max: number) => fc.uniqueArray(fc.constantFrom(...keys), { minLength: min, maxLength: max });
  return fc.record({
    round: fc.constantFrom(...keys),
    criteria: list(1, 4),
    teams: list(1, 3),
    judges: list(1, 2),
    prize: fc.constantFrom(...keys),
  });
};
const shapeArb = fc.oneof(shapeFrom(HOSTILE_KEYS), shapeFrom(HOSTILE_KEYS.filter((k) => KEY_FORMAT.test(k))));

async function putSheet(h: TestApp, token: string, round: string, team: string, body: unknown) {
  return h.app.inject({
    method: 'PUT',
    url: `/api/contests/${SLUG}/sheets/${round}/${team}`,
    headers: { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID(), 'content-type': 'application/json' },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('user keys are data, never properties (issue #13, item 2)', () => {
  it('keys named like object properties work end to end, or the key format refuses them with 400', async () => {
    await fc.assert(
      fc.asyncProperty(shapeArb, async (shape) => {
        const h = await makeApp();
        try {
          const cookie = await login(h.app);
          const created = await h.app.inject({
            method: 'POST',
            url: '/api/contests',
            headers: { cookie },
            payload: hostilePackage(shape),
          });
          const all = [shape.round, shape.prize, ...shape.criteria, ...shape.teams, ...shape.judges];
          if (!all.every((k) => KEY_FORMAT.test(k))) {
            // "__proto__", "toString"…: refused by the key format, naming the field, never a 500.
            expect(created.statusCode, created.body).toBe(400);
            expect(created.json().error.code).toBe('VALIDATION');
            expect(created.json().error.path).toMatch(/key|round|tiebreak/);
            return;
          }
          expect(created.statusCode, created.body).toBe(201);
          const tokens = new Map<string, string>(
            (created.json() as { judges: { key: string; token: string }[] }).judges.map((j) => [j.key, j.token]),
          );

          // A submitted sheet must mark every criterion, whatever its key.
          const firstToken = tokens.get(shape.judges[0]!)!;
          const partial = Object.fromEntries(shape.criteria.slice(1).map((k) => [k, 1]));
          const missing = await putSheet(h, firstToken, shape.round, shape.teams[0]!, { marks: partial, status: 'submitted' });
          expect(missing.statusCode, missing.body).toBe(400);
          expect(missing.json().error.path).toBe(`marks.${shape.criteria[0]}`);
          // A draft keeps only what was marked: no inherited value sneaks into the marks or the total.
          const draft = await putSheet(h, firstToken, shape.round, shape.teams[0]!, { marks: partial, status: 'draft' });
          expect(draft.statusCode, draft.body).toBe(200);
          expect(draft.json().sheet.marks).toEqual(partial);
          expect(draft.json().sheet.total).toBe(shape.criteria.length - 1);
          // A mark for a criterion the round lacks, named like a property, is refused by name.
          for (const stray of ['constructor', 'valueof']) {
            if (shape.criteria.includes(stray)) continue;
            const res = await putSheet(h, firstToken, shape.round, shape.teams[0]!, {
              marks: { ...partial, [stray]: 1 },
              status: 'draft',
            });
            expect(res.statusCode, res.body).toBe(400);
            expect(res.json().error.path).toBe(`marks.${stray}`);
          }
          // "__proto__" in a body never reaches the marks as a prototype: a clear 400.
          const proto = await putSheet(
            h,
            firstToken,
            shape.round,
            shape.teams[0]!,
            '{"marks":{"__proto__":{"x":1}},"status":"draft"}',
          );
          expect(proto.statusCode, proto.body).toBe(400);
          expect(proto.json().error.code).toMatch(/^(BAD_JSON|VALIDATION)$/);

          // Every judge submits every team: marks 0.5, 1, 1.5… by criterion, so each total is known.
          const expected = new Map<string, number>();
          for (const [j, judge] of shape.judges.entries()) {
            for (const [ti, team] of shape.teams.entries()) {
              const marks = Object.fromEntries(shape.criteria.map((k, ci) => [k, ((ci + j + ti) % 20) * 0.5]));
              const total = Object.values(marks).reduce((a, b) => a + b, 0);
              const res = await putSheet(h, tokens.get(judge)!, shape.round, team, { marks, status: 'submitted' });
              expect(res.statusCode, res.body).toBe(200);
              expect(res.json().sheet.total).toBe(total);
              expect(res.json().sheet.marks).toEqual(marks);
              expected.set(team, (expected.get(team) ?? 0) + total / shape.judges.length);
            }
          }

          const board = await h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/scoreboard`, headers: { cookie } });
          expect(board.statusCode, board.body).toBe(200);
          const rows = board.json().rows as { team: string; total: number; rounds: Record<string, number | null> }[];
          expect(rows.map((r) => r.team).sort()).toEqual([...shape.teams].sort());
          for (const r of rows) {
            expect(Object.hasOwn(r.rounds, shape.round)).toBe(true);
            expect(r.total).toBeCloseTo(expected.get(r.team)!, 2);
            expect(r.rounds[shape.round]).toBeCloseTo(expected.get(r.team)!, 2);
          }

          const csv = await h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/results.csv`, headers: { cookie } });
          expect(csv.statusCode).toBe(200);
          expect(csv.body).not.toMatch(/function|native code|\[object/);

          const audit = await h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/audit`, headers: { cookie } });
          expect(audit.statusCode, audit.body).toBe(200);
          expect(audit.json().verified).toMatchObject({ ok: true, problems: [] });
          const check = verifyContest(h.db, SLUG);
          expect(check.replayProblems).toEqual([]);
          expect(check.ok).toBe(true);
        } finally {
          await h.app.close();
        }
      }),
      {
        numRuns: 12,
        examples: [
          [
            {
              round: 'constructor',
              criteria: ['constructor', 'a'],
              teams: ['name', 'length'],
              judges: ['call', 'constructor'],
              prize: 'prototype',
            },
          ],
        ],
      },
    );
  }, 180_000);
});

describe('the audit replay reports, never crashes, on any stored event (issue #13, item 2)', () => {
  /** A contest with one submitted sheet, then rows damaged behind the server's back. */
  async function damaged(db: TestApp['db'] | ReturnType<typeof openDb>, contestId: number) {
    const raw = db.$client;
    const ins = raw.prepare(
      `INSERT INTO score_events (contest_id, at, actor, kind, subject, before, after, reason, prev_hash, hash)
       VALUES (?, '2026-03-01T00:00:00Z', 'x', ?, ?, 'null', ?, NULL, 'p', 'h')`,
    );
    ins.run(contestId, 'sheet', 'not json {', '{}');
    ins.run(contestId, 'sheet', '{"round":"r","team":"t","judge":"j"}', '{"marks":"a lot"}');
    ins.run(contestId, 'sheet', '{"round":"r","team":"t","judge":"k"}', 'not json either');
    ins.run(contestId, 'lock', '[1,2]', 'null');
    ins.run(contestId, 'sheet', '{"round":5,"team":null}', '{"marks":{"constructor":1}}');
    ins.run(contestId, 'constructor', '{"__proto__":{"polluted":1}}', '{"__proto__":1}');
    raw.prepare(`UPDATE sheets SET marks = 'broken' WHERE id = (SELECT min(id) FROM sheets)`).run();
  }

  async function contestWithSheet(h: TestApp) {
    const cookie = await login(h.app);
    const shape = { round: 'constructor', criteria: ['constructor', 'a'], teams: ['name'], judges: ['call'], prize: 'p' };
    const created = await h.app.inject({
      method: 'POST',
      url: '/api/contests',
      headers: { cookie },
      payload: hostilePackage(shape),
    });
    expect(created.statusCode, created.body).toBe(201);
    const token = (created.json() as { judges: { token: string }[] }).judges[0]!.token;
    const res = await putSheet(h, token, 'constructor', 'name', { marks: { constructor: 5, a: 2 }, status: 'submitted' });
    expect(res.statusCode, res.body).toBe(200);
    return { cookie, contestId: h.db.select().from(t.contests).where(eq(t.contests.slug, SLUG)).get()!.id };
  }

  it('GET .../audit answers 200 with the problems, and the damaged rows shown as stored', async () => {
    const h = await makeApp();
    try {
      const { cookie, contestId } = await contestWithSheet(h);
      await damaged(h.db, contestId);
      const res = await h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/audit`, headers: { cookie } });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as {
        events: { kind: string; subject: unknown; after: unknown }[];
        verified: { ok: boolean; problems: string[] };
      };
      expect(body.verified.ok).toBe(false);
      const problems = body.verified.problems.join('\n');
      expect(problems).toMatch(/event \d+: its subject is not JSON/);
      expect(problems).toMatch(/event \d+ \(sheet\): its state is not a sheet/);
      expect(problems).toMatch(/event \d+: its after is not JSON/);
      expect(problems).toMatch(/event \d+ \(lock\): its subject does not name a round and a team/);
      expect(problems).toMatch(/sheet constructor\/name\/call: its stored marks are not JSON/);
      expect(body.events.map((e) => e.subject)).toContainEqual({ unreadable: 'not json {' });
      expect(body.events.map((e) => e.after)).toContain('not json either');
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      const check = verifyContest(h.db, SLUG);
      expect(check.ok).toBe(false);
      expect(check.replayProblems.length).toBeGreaterThanOrEqual(6);
    } finally {
      await h.app.close();
    }
  });

  it('hoithi verify reports the problems and exits 1, without a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hoithi-hostile-'));
    try {
      const root = join(import.meta.dirname, '..', '..');
      const pkgFile = join(dir, 'p.json');
      writeFileSync(
        pkgFile,
        JSON.stringify(
          hostilePackage({ round: 'constructor', criteria: ['constructor'], teams: ['name'], judges: ['call'], prize: 'p' }),
        ),
      );
      const run = (args: string[]) =>
        promisify(execFile)(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'hoithi.ts'), ...args], {
          cwd: root,
          env: { ...process.env, HOITHI_DATA_DIR: dir, LANG: 'en_US.UTF-8' },
        }).then(
          (r) => ({ code: 0, ...r }),
          (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
        );
      expect((await run(['import', pkgFile])).code).toBe(0);
      const db = openDb(join(dir, 'hoithi.sqlite'));
      const contestId = db.select().from(t.contests).where(eq(t.contests.slug, SLUG)).get()!.id;
      const round = db.select().from(t.rounds).where(eq(t.rounds.contestId, contestId)).get()!;
      const team = db.select().from(t.teams).where(eq(t.teams.contestId, contestId)).get()!;
      const judge = db.select().from(t.judges).where(eq(t.judges.contestId, contestId)).get()!;
      db.insert(t.sheets)
        .values({
          roundId: round.id,
          teamId: team.id,
          judgeId: judge.id,
          marks: { constructor: 100 },
          totalHundredths: 100,
          status: 'submitted',
          version: 1,
          updatedAt: 'x',
          lastEventSeq: 0,
        })
        .run();
      await damaged(db, contestId);
      db.$client.close();
      const res = await run(['verify', SLUG]);
      expect(res.code, res.stderr).toBe(1);
      expect(res.stderr).toContain(`${SLUG}: NOT OK`);
      expect(res.stderr).toContain('its subject is not JSON');
      expect(res.stderr).toContain('its stored marks are not JSON');
      expect(res.stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

// ── item 9: one error shape ──────────────────────────────────────────────────

describe('one error shape, framework errors included (issue #13, item 9)', () => {
  const DEMO = '/api/contests/cchc-gialai-2019';
  const oneShape = (res: { headers: Record<string, unknown>; json: () => unknown }) => {
    expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
    const body = res.json() as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['error']);
    const error = body['error'] as Record<string, unknown>;
    expect(typeof error['code']).toBe('string');
    expect(typeof error['message']).toBe('string');
    return error as { code: string; message: string; path?: string };
  };

  it('answers router, parser and multipart errors as {"error": {"code", "message"}}, in the caller’s language', async () => {
    const h = await makeApp();
    try {
      const cookie = await login(h.app);
      await importDemo(h.app, cookie);
      const json = { cookie, 'content-type': 'application/json' };
      const cases: [
        string,
        { method: 'GET' | 'POST'; url: string; headers: Record<string, string>; payload?: string },
        number,
        string,
        RegExp,
      ][] = [
        [
          'a 3,000-character path',
          { method: 'GET', url: `${DEMO}/rounds/${'x'.repeat(3000)}/progress`, headers: { cookie } },
          414,
          'URI_TOO_LONG',
          /too long/,
        ],
        [
          'a path that is not URL encoding',
          { method: 'GET', url: `${DEMO}/rounds/%E0%A4%A/progress`, headers: { cookie } },
          400,
          'BAD_URL',
          /not valid/,
        ],
        ['an unknown route', { method: 'GET', url: '/api/khong-co', headers: { cookie } }, 404, 'NOT_FOUND', /Not found/],
        [
          'XML on a JSON route',
          { method: 'POST', url: `${DEMO}/stage`, headers: { cookie, 'content-type': 'application/xml' }, payload: '<a/>' },
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          /content type/,
        ],
        [
          'a body that is not JSON',
          { method: 'POST', url: `${DEMO}/stage`, headers: json, payload: '{"round":' },
          400,
          'BAD_JSON',
          /not valid JSON/,
        ],
        [
          'a quiz import sent as JSON',
          { method: 'POST', url: `${DEMO}/quiz/kien-thuc/import`, headers: json, payload: '{"file":"x"}' },
          415,
          'MULTIPART_REQUIRED',
          /multipart\/form-data/,
        ],
        [
          'a body over the limit',
          { method: 'POST', url: `${DEMO}/stage`, headers: json, payload: JSON.stringify({ pad: 'x'.repeat(1_100_000) }) },
          413,
          'BODY_TOO_LARGE',
          /too large/,
        ],
      ];
      for (const [what, req, status, code, english] of cases) {
        const vi = await h.app.inject(req);
        expect(vi.statusCode, `${what}: ${vi.body.slice(0, 200)}`).toBe(status);
        const e = oneShape(vi);
        expect(e.code, what).toBe(code);
        expect(e.message, what).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i);
        const en = await h.app.inject({ ...req, headers: { ...req.headers, 'accept-language': 'en' } });
        expect(oneShape(en).message, what).toMatch(english);
      }
    } finally {
      await h.app.close();
    }
  });

  it('a rate-limited route answers 429 in the one shape, with Retry-After, as its document declares', async () => {
    const h = await makeApp();
    try {
      const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      };
      expect(Object.keys(doc.paths['/api/judge/login']!['post']!.responses)).toContain('429');
      let last: Awaited<ReturnType<TestApp['app']['inject']>> | undefined;
      for (let i = 0; i < 31; i++)
        last = await h.app.inject({ method: 'POST', url: '/api/judge/login', payload: { token: `khong-phai-link-${i}` } });
      expect(last!.statusCode).toBe(429);
      expect(oneShape(last!).code).toBe('RATE_LIMITED');
      expect(last!.headers['retry-after']).toBeDefined();
    } finally {
      await h.app.close();
    }
  });

  it('a mark off its step, also with three decimals, gets a message that names the step', async () => {
    const h = await makeApp();
    try {
      const cookie = await login(h.app);
      const { judges } = await importDemo(h.app, cookie);
      // gioi-thieu: noi-dung (max 40, step 0.5).
      for (const [mark, rule] of [
        [10.004, /bội số của 0\.5/],
        [10.25, /bội số của 0\.5/],
        [40.5, /từ 0 đến 40/],
        [-1, /từ 0 đến 40/],
      ] as const) {
        const res = await h.app.inject({
          method: 'PUT',
          url: `${DEMO}/sheets/gioi-thieu/bhxh`,
          headers: { authorization: `Bearer ${judges['gk2']}`, 'idempotency-key': randomUUID() },
          payload: { marks: { 'noi-dung': mark }, status: 'draft' },
        });
        expect(res.statusCode, String(mark)).toBe(400);
        const e = oneShape(res);
        expect(e.path).toBe('marks.noi-dung');
        expect(e.message, String(mark)).toMatch(rule);
      }
      const en = await h.app.inject({
        method: 'PUT',
        url: `${DEMO}/sheets/gioi-thieu/bhxh`,
        headers: { authorization: `Bearer ${judges['gk2']}`, 'idempotency-key': randomUUID(), 'accept-language': 'en' },
        payload: { marks: { 'noi-dung': 10.004 }, status: 'draft' },
      });
      expect(en.json().error.message).toBe('marks.noi-dung: The mark must be a multiple of 0.5');
    } finally {
      await h.app.close();
    }
  });

  it('the OpenAPI document lists the real statuses: 204 without a body for logouts, 429 where limited, 409/413 where they happen', async () => {
    const h = await makeApp();
    try {
      const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
        paths: Record<string, Record<string, { responses: Record<string, { content?: unknown }> }>>;
      };
      for (const path of ['/api/auth/logout', '/api/judge/logout']) {
        const responses = doc.paths[path]!['post']!.responses;
        expect(Object.keys(responses)).toContain('204');
        expect(responses['204']!.content, path).toBeUndefined();
        expect(Object.keys(responses).filter((s) => s.startsWith('2'))).toEqual(['204']);
        const res = await h.app.inject({ method: 'POST', url: path });
        expect(res.statusCode).toBe(204);
        expect(res.body).toBe('');
      }
      expect(Object.keys(doc.paths['/api/auth/login']!['post']!.responses)).toContain('429');
      const sheet = Object.keys(doc.paths['/api/contests/{slug}/sheets/{round}/{team}']!['put']!.responses);
      for (const s of ['400', '401', '403', '404', '409', '413', '414', '415', '422']) expect(sheet).toContain(s);
      expect(Object.keys(doc.paths['/api/backup']!['get']!.responses)).toEqual(
        expect.arrayContaining(['200', '401', '403', '429']),
      );
    } finally {
      await h.app.close();
    }
  });
});
