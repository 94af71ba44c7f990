/**
 * Bad input, driven by the OpenAPI document: every route gets generated invalid and oversized
 * bodies, params, queries and headers, as an organizer (so that input reaches validation).
 * Nothing may answer 5xx, crash, or leave an unhandled rejection.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDemo, login, makeApp, type TestApp } from '../helpers/app.js';

let h: TestApp;
let cookie: string;
let judgeToken: string;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

const VALID: Record<string, string> = {
  slug: 'cchc-gialai-2019',
  round: 'gioi-thieu',
  team: 'bhxh',
  judge: 'gk2',
  question: 'c1',
  prize: 'ts-xs',
  award: '1',
  serial: 'CCHC-GIALAI-0000000000',
};

interface Operation {
  method: string;
  path: string;
}
let operations: Operation[] = [];

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  h = await makeApp();
  cookie = await login(h.app);
  const { judges } = await importDemo(h.app, cookie);
  judgeToken = judges['gk2']!;
  const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods)
      .filter((m) => ['get', 'post', 'put', 'delete', 'patch'].includes(m))
      .map((m) => ({ method: m.toUpperCase(), path })),
  );
  // Destructive routes last, so the others keep a contest to work on.
  operations.sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
});
afterAll(async () => {
  process.off('unhandledRejection', onRejection);
  await h.app.close();
});

const fill = (path: string, pick: (name: string) => string) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(pick(name)));

const junkValue = fc.oneof(
  fc.anything({ maxDepth: 3 }),
  fc.string({ maxLength: 20_000 }),
  fc.constantFrom(null, -1, 0, 1e308, -0, '', '\u0000', '../../etc/passwd', '<script>alert(1)</script>', 'Đội 🏆', [], {}),
);
const junkBody = fc.oneof(
  junkValue,
  fc.dictionary(
    fc.constantFrom(
      'marks',
      'status',
      'baseVersion',
      'team',
      'choice',
      'score',
      'reason',
      'round',
      'scene',
      'action',
      'email',
      'password',
      'token',
      'questions',
      'aggregation',
      'tiebreak',
      'teams',
      'format',
      'slug',
    ),
    junkValue,
  ),
);
const junkParam = fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('A B', '%', '..', 'x'.repeat(200), 'ĐỘI', '-1', '0'));

describe('bad input never makes a 5xx', () => {
  it('covers the routes of the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(40);
  });

  it('answers every generated request below 500', async () => {
    const failures: string[] = [];
    for (const op of operations) {
      await fc.assert(
        fc.asyncProperty(
          junkBody,
          fc.boolean(),
          junkParam,
          fc.constantFrom<Record<string, string>>({ cookie }, { authorization: `Bearer ${judgeToken}` }, {}),
          fc.constantFrom(
            'application/json',
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
          ),
          fc.dictionary(
            fc.constantFrom('idempotency-key', 'accept-language', 'origin', 'x-forwarded-for'),
            fc.string({ maxLength: 200 }),
          ),
          async (body, validParams, badParam, auth, contentType, headers) => {
            const url =
              fill(op.path, (name) => (validParams ? (VALID[name] ?? 'x') : badParam)) +
              (validParams ? '' : `?since=${encodeURIComponent(badParam)}&tolerance=${encodeURIComponent(badParam)}`);
            const payload =
              op.method === 'GET' || op.method === 'DELETE'
                ? undefined
                : typeof body === 'string' && contentType !== 'application/json'
                  ? body
                  : (JSON.stringify(body ?? null) ?? 'null');
            const safeHeaders = Object.fromEntries(
              Object.entries(headers).filter(([k, v]) => k !== 'origin' || /^[\x20-\x7e]*$/.test(v)),
            );
            const res = await h.app.inject({
              method: op.method as 'GET',
              url,
              headers: { ...safeHeaders, ...auth, ...(payload !== undefined ? { 'content-type': contentType } : {}) },
              ...(payload !== undefined ? { payload } : {}),
            });
            if (res.statusCode >= 500) failures.push(`${op.method} ${url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
            return res.statusCode < 500;
          },
        ),
        { numRuns: 25 },
      );
    }
    expect(failures).toEqual([]);
    expect(rejections).toEqual([]);
  }, 120_000);

  it('answers 413 to an oversized body on any JSON route', async () => {
    // The sweep above may have signed the organizer out and reissued links: start afresh.
    const fresh = await login(h.app);
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/contests/cchc-gialai-2019/stage',
      headers: { cookie: fresh, 'content-type': 'application/json' },
      payload: JSON.stringify({ round: null, team: null, pad: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('BODY_TOO_LARGE');
  });
});
