/**
 * The public reads the primary keeps for edges are computed without a request
 * (server/modules/public-reads/source.ts): each must be, byte for byte, the body its route answers
 * an anonymous GET, and null exactly when the route answers 404. Checked through the states a
 * contest goes through: fresh, with registration open, a team on stage with its timer, sheets
 * locked, a team withdrawn, a special prize (its certificate), the freeze and a reveal step, a
 * quiz question open and answered.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { App } from '../../server/app.js';
import { CONTEST_READS, type ContestRead } from '../../server/lib/public-reads.js';
import { publicReadsOf } from '../../server/modules/public-reads/source.js';
import { demoPackage, HOST, login, makeApp } from '../helpers/app.js';

const SLUG = 'cchc-gialai-2019';
/** makeApp's publicUrl: the public facts name it. */
const PUBLIC_URL = 'http://hoithi.test';
let app: App;
let organizer: string;
let host: string;

beforeEach(async () => {
  ({ app } = await makeApp());
  organizer = await login(app);
  host = await login(app, HOST);
});
afterEach(async () => {
  await app.close();
});

/** The reads as taken without a request equal the routes' anonymous answers; gives them. */
async function sameAsRoutes(slug = SLUG) {
  const taken = publicReadsOf(app, PUBLIC_URL)(slug);
  for (const [read, path] of Object.entries(CONTEST_READS) as [ContestRead, (s: string) => string][]) {
    const res = await app.inject({ method: 'GET', url: path(slug) });
    if (taken === null) expect(res.statusCode, path(slug)).toBe(404);
    else {
      expect(res.statusCode, path(slug)).toBe(200);
      expect(taken.bodies[read], path(slug)).toBe(res.body);
    }
  }
  for (const [serial, body] of Object.entries(taken?.certificates ?? {})) {
    const res = await app.inject({ method: 'GET', url: `/api/certificates/${serial}` });
    expect(res.statusCode).toBe(200);
    expect(body).toBe(res.body);
  }
  return taken;
}

const staff = async (method: 'POST' | 'DELETE', url: string, payload?: object, cookie = host) => {
  const res = await app.inject({
    method,
    url: `/api/contests/${SLUG}${url}`,
    headers: { cookie },
    ...(payload ? { payload } : {}),
  });
  expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
  return res;
};

it('are the routes’ answers through a contest’s day', async () => {
  expect(await sameAsRoutes()).toBeNull();
  const pkg = { ...demoPackage(), registration: { deadline: new Date(Date.now() + 86_400_000).toISOString() } };
  const created = await app.inject({ method: 'POST', url: '/api/contests', headers: { cookie: organizer }, payload: pkg });
  expect(created.statusCode, created.body).toBe(201);
  const first = await sameAsRoutes();
  expect(JSON.parse(first!.bodies.public)).toMatchObject({ publicUrl: PUBLIC_URL, registration: { open: true } });

  await staff('POST', '/stage', { round: 'gioi-thieu', team: 'bhxh' });
  await staff('POST', '/timer', { action: 'start' });
  for (const j of (created.json() as { judges: { token: string }[] }).judges)
    await app.inject({
      method: 'PUT',
      url: `/api/contests/${SLUG}/sheets/gioi-thieu/bhxh`,
      headers: { authorization: `Bearer ${j.token}`, 'idempotency-key': randomUUID() },
      payload: { marks: { 'noi-dung': 30, 'hinh-thuc': 15, 'sang-tao': 15 }, status: 'submitted' },
    });
  await staff('POST', '/rounds/gioi-thieu/teams/bhxh/lock');
  const locked = await sameAsRoutes();
  expect(JSON.parse(locked!.bodies.stage)).toMatchObject({ team: 'bhxh' });
  expect(locked!.bodies.scoreboard).not.toBe(first!.bodies.scoreboard);

  await staff('POST', '/teams/kbnn/withdraw', undefined, organizer);
  await staff(
    'POST',
    '/prizes/ts-xs/awards',
    { team: 'bhxh', member: 'Nguyễn Thị Thanh Hương', reason: 'Phần thuyết trình thuyết phục' },
    organizer,
  );
  const awarded = await sameAsRoutes();
  expect(Object.keys(awarded!.certificates)).toHaveLength(1);

  await staff('POST', '/quiz/kien-thuc/c1/open');
  await sameAsRoutes();
  await staff('POST', '/freeze');
  await staff('POST', '/reveal/next', { override: true, reason: 'Thử công bố' });
  const revealed = await sameAsRoutes();
  expect(JSON.parse(revealed!.bodies.scoreboard)).toMatchObject({ frozen: true, reveal: { pos: 1 } });
  expect(await sameAsRoutes('khong-co')).toBeNull();
});
