/**
 * Bad input, driven by the OpenAPI document: every route gets generated invalid and oversized
 * bodies, params, queries and headers, as an organizer (so that input reaches validation).
 * Nothing may answer 5xx, crash, or leave an unhandled rejection.
 */
import Ajv from 'ajv';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../server/contract/api.js';
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

interface Declared {
  content?: Record<string, { schema?: object }>;
}
interface Operation {
  method: string;
  path: string;
  responses: Record<string, Declared>;
}
let operations: Operation[] = [];
let components: object = {};

// The document is OpenAPI 3.0 (`nullable`); its $refs point into the document's components.
const ajv = new Ajv({ nullable: true, unknownFormats: 'ignore', schemaId: 'auto' });
const validators = new Map<string, Ajv.ValidateFunction>();
/** OpenAPI 3.0 writes a nullable enum as `nullable: true` beside an enum without null: allow null in it. */
function nullableEnums(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableEnums);
  if (typeof node !== 'object' || node === null) return node;
  const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, nullableEnums(v)])) as Record<string, unknown>;
  if (out['nullable'] === true && Array.isArray(out['enum']) && !out['enum'].includes(null)) out['enum'] = [...out['enum'], null];
  return out;
}
function validatorFor(key: string, schema: object): Ajv.ValidateFunction {
  let v = validators.get(key);
  if (!v) {
    v = ajv.compile(nullableEnums({ ...schema, components }) as object);
    validators.set(key, v);
  }
  return v;
}

/** The top-level property names a declared schema allows, through $ref and anyOf/oneOf/allOf. */
function topLevelKeys(schema: unknown, seen = new Set<unknown>()): Set<string> {
  const keys = new Set<string>();
  if (typeof schema !== 'object' || schema === null || seen.has(schema)) return keys;
  seen.add(schema);
  const node = schema as Record<string, unknown>;
  if (typeof node['$ref'] === 'string') {
    const target = node['$ref']
      .replace(/^#\//, '')
      .split('/')
      .reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part], { components });
    return topLevelKeys(target, seen);
  }
  for (const k of Object.keys((node['properties'] as object | undefined) ?? {})) keys.add(k);
  for (const branch of ['anyOf', 'oneOf', 'allOf'])
    for (const sub of (node[branch] as unknown[] | undefined) ?? []) for (const k of topLevelKeys(sub, seen)) keys.add(k);
  return keys;
}

/**
 * The response against the document: its status is one the operation declares, an error is the
 * one error shape, a 204 has no body, a JSON body matches the declared schema. A reason, or null.
 */
function mismatch(op: Operation, res: { statusCode: number; body: string; headers: Record<string, unknown> }): string | null {
  const status = String(res.statusCode);
  const declared = op.responses[status] ?? op.responses['default'];
  if (!declared) return `status ${status} is not declared (declared: ${Object.keys(op.responses).join(', ')})`;
  if (res.statusCode === 204) return res.body === '' ? null : 'a 204 with a body';
  const isJson = String(res.headers['content-type'] ?? '').startsWith('application/json');
  if (res.statusCode >= 400) {
    if (!isJson) return `an error that is not JSON (${String(res.headers['content-type'])})`;
    const body = JSON.parse(res.body) as Record<string, unknown>;
    // Beside `error`, only the fields this status declares (e.g. the teams of a ROUND_INCOMPLETE).
    const allowed = topLevelKeys(declared.content?.['application/json']?.schema);
    const extra = Object.keys(body).filter((k) => k !== 'error' && !allowed.has(k));
    if (!errorBodySchema.safeParse(body).success || extra.length > 0)
      return `an error body not in the one shape {"error": {"code", "message"}} (undeclared: ${extra.join(', ')})`;
  }
  const schema = declared.content?.['application/json']?.schema;
  if (!schema || !isJson) return null;
  const validate = validatorFor(`${op.method} ${op.path} ${status}`, schema);
  return validate(JSON.parse(res.body)) ? null : `body does not match the declared schema: ${ajv.errorsText(validate.errors)}`;
}

beforeAll(async () => {
  process.on('unhandledRejection', onRejection);
  // A fresh sign-in for each operation (a logout or a password change in the sweep ends the session).
  h = await makeApp({ loginPerMinutePerIp: 100_000 });
  cookie = await login(h.app);
  const { judges } = await importDemo(h.app, cookie);
  judgeToken = judges['gk2']!;
  const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, { responses?: Record<string, Declared> }>>;
    components?: object;
  };
  components = doc.components ?? {};
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods)
      .filter((m) => ['get', 'post', 'put', 'delete', 'patch'].includes(m))
      .map((m) => ({ method: m.toUpperCase(), path, responses: methods[m]?.responses ?? {} })),
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

describe('bad input never makes a 5xx, and every answer is one the OpenAPI document declares', () => {
  it('covers the routes of the OpenAPI document', () => {
    expect(operations.length).toBeGreaterThan(40);
  });

  it('accepts the extra fields an error declares, and only those', async () => {
    const lock = operations.find((o) => o.method === 'POST' && o.path === '/api/contests/{slug}/rounds/{round}/lock')!;
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/contests/cchc-gialai-2019/rounds/gioi-thieu/lock',
      headers: { cookie, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().teams.length).toBeGreaterThan(0);
    expect(mismatch(lock, res)).toBeNull();
    const forged = JSON.stringify({ ...res.json(), secret: 1 });
    expect(mismatch(lock, { ...res, body: forged })).toMatch(/undeclared: secret/);
  });

  it('answers every generated request below 500', async () => {
    const failures: string[] = [];
    const mismatches = new Set<string>();
    for (const op of operations) {
      cookie = await login(h.app);
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
            // Collected (once per operation and status) rather than shrunk, so one run lists them all.
            const wrong = mismatch(op, res);
            if (wrong) mismatches.add(`${op.method} ${op.path} → ${res.statusCode}: ${wrong} ${res.body.slice(0, 160)}`);
            return res.statusCode < 500;
          },
        ),
        { numRuns: 25 },
      );
    }
    expect(failures).toEqual([]);
    expect([...mismatches]).toEqual([]);
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
