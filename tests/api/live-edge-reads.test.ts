/**
 * The public reads on an edge (issue #14, item 3) against a real redis-server: the scoreboard,
 * the stage, the public facts and the certificate check answer on an edge with the primary's
 * status and body, before and after changes on the primary (a team on stage, a withdrawal, the
 * freeze, a special prize given and taken back) and across a restart of Redis (503 while it is
 * away); an unknown contest or serial and a bad param get the primary's 404 and 400; a route that
 * is not public is still 421 NOT_ON_EDGE.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import type { App } from '../../server/app.js';
import type { Edge } from '../../server/edge.js';
import { contestCertificates } from '../../server/modules/results/awards.js';
import { HOST, login } from '../helpers/app.js';
import { primaryAndEdge } from '../helpers/edge.js';
import { waitFor } from '../helpers/redis.js';

const SLUG = 'cchc-gialai-2019';
const READS = ['scoreboard', 'stage', 'public'].map((r) => `/api/contests/${SLUG}/${r}`);
const env = primaryAndEdge();

/** What an anonymous caller gets from each: status, content type and body. */
async function answers(url: string) {
  const get = async (app: App | Edge) => {
    const res = await app.inject({ method: 'GET', url, headers: { 'accept-language': 'en' } });
    return { status: res.statusCode, type: res.headers['content-type'], body: res.body };
  };
  return { primary: await get(env.primary), edge: await get(env.edge) };
}

/** Waits until the edge answers `url` as the primary does now, and returns that answer. */
async function sameOnEdge(url: string) {
  let last: Awaited<ReturnType<typeof answers>> | undefined;
  try {
    return await waitFor(`the edge to answer ${url} as the primary`, async () => {
      last = await answers(url);
      return last.edge.body === last.primary.body && last.edge.status === last.primary.status ? last.edge : undefined;
    });
  } catch (err) {
    // Show the difference rather than only the time-out.
    expect(last?.edge).toEqual(last?.primary);
    throw err;
  }
}

describe('public reads on an edge', () => {
  it('answer the scoreboard, stage and public facts as the primary, before and after changes there', async () => {
    for (const url of READS) {
      const answer = await sameOnEdge(url);
      expect(answer.status, url).toBe(200);
      expect(answer.type).toBe('application/json; charset=utf-8');
    }
    const before = await Promise.all(READS.map(async (url) => (await answers(url)).edge.body));

    const organizer = await login(env.primary);
    const host = await login(env.primary, HOST);
    await env.stage('bhxh');
    const withdraw = await env.primary.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/teams/kbnn/withdraw`,
      headers: { cookie: organizer },
    });
    expect(withdraw.statusCode, withdraw.body).toBe(200);
    const freeze = await env.primary.inject({ method: 'POST', url: `/api/contests/${SLUG}/freeze`, headers: { cookie: host } });
    expect(freeze.statusCode, freeze.body).toBe(200);

    for (const [i, url] of READS.entries()) {
      const answer = await sameOnEdge(url);
      expect(answer.status, url).toBe(200);
      // Each of them did change, so the edge followed a change rather than matching an old body.
      expect(answer.body, url).not.toBe(before[i]);
    }
    expect(JSON.parse((await answers(READS[0]!)).edge.body)).toMatchObject({ frozen: true });
    expect(JSON.parse((await answers(READS[1]!)).edge.body)).toMatchObject({ team: 'bhxh' });
  });

  it('are not taken again for a judge’s sheet, which the public cannot see; a change on stage is', async () => {
    const organizer = await login(env.primary);
    const link = await env.primary.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/judges/gk1/link`,
      headers: { cookie: organizer },
      payload: { action: 'reissue', reason: 'bench' },
    });
    expect(link.statusCode, link.body).toBe(200);
    const token = (link.json() as { url: string }).url.split('/j/')[1]!;
    await sameOnEdge(READS[0]!);
    // Let the reissue's own refresh pass (at most one per 100 ms), then count the reads taken.
    await new Promise((r) => setTimeout(r, 300));
    const taken: string[] = [];
    const take = env.primary.publicReads.take.bind(env.primary.publicReads);
    const spy = vi.spyOn(env.primary.publicReads, 'take').mockImplementation((slug) => {
      taken.push(slug);
      return take(slug);
    });
    try {
      for (const team of ['bhxh', 'kbnn', 'sgtvt']) {
        const sheet = await env.primary.inject({
          method: 'PUT',
          url: `/api/contests/${SLUG}/sheets/gioi-thieu/${team}`,
          headers: { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID() },
          payload: { marks: { 'noi-dung': 30, 'hinh-thuc': 20, 'sang-tao': 20 }, status: 'submitted' },
        });
        expect(sheet.statusCode, sheet.body).toBe(200);
      }
      await new Promise((r) => setTimeout(r, 300));
      expect(taken).toEqual([]);
      // The positive control: a change the public sees is taken again, with the same spy.
      await env.stage('kbnn');
      await vi.waitFor(() => expect(taken).toContain(SLUG), { timeout: 3000, interval: 20 });
    } finally {
      spy.mockRestore();
    }
  });

  it('are taken after the live update of the same write is out: the audience does not wait for them', async () => {
    await sameOnEdge(READS[1]!);
    // Past the hub's coalescing and the reads' refresh interval: both go at once after the write.
    await new Promise((r) => setTimeout(r, 300));
    const order: string[] = [];
    const take = env.primary.publicReads.take.bind(env.primary.publicReads);
    const takeSpy = vi.spyOn(env.primary.publicReads, 'take').mockImplementation((slug) => {
      order.push('reads');
      return take(slug);
    });
    const flush = env.primary.live.flush.bind(env.primary.live);
    const flushSpy = vi.spyOn(env.primary.live, 'flush').mockImplementation((slug, views) => {
      order.push('live');
      flush(slug, views);
    });
    try {
      await env.stage('sgtvt');
      await vi.waitFor(() => expect(order).toContain('reads'), { timeout: 3000, interval: 20 });
      // Before, the reads' timer (its hook registered first) took them ahead of the flush.
      expect(order[0]).toBe('live');
    } finally {
      takeSpy.mockRestore();
      flushSpy.mockRestore();
    }
  });

  it('answer a certificate as the primary while its prize is given, and 404 as the primary once taken back', async () => {
    const organizer = await login(env.primary);
    const give = await env.primary.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/prizes/ts-xs/awards`,
      headers: { cookie: organizer },
      payload: { team: 'bhxh', member: 'Nguyễn Thị Thanh Hương', reason: 'Phần thuyết trình thuyết phục' },
    });
    expect(give.statusCode, give.body).toBe(201);
    const [certificate] = contestCertificates(env.primary.db, SLUG, env.primary.clock.iso());
    expect(certificate).toMatchObject({ prize: { key: 'ts-xs' }, team: { key: 'bhxh' } });
    const url = `/api/certificates/${certificate!.serial}`;
    const answer = await sameOnEdge(url);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ serial: certificate!.serial, member: 'Nguyễn Thị Thanh Hương' });

    const take = await env.primary.inject({
      method: 'DELETE',
      url: `/api/contests/${SLUG}/prizes/ts-xs/awards/${(give.json() as { id: number }).id}`,
      headers: { cookie: organizer },
      payload: { reason: 'Trao nhầm' },
    });
    expect(take.statusCode, take.body).toBe(204);
    expect((await sameOnEdge(url)).status).toBe(404);
  });

  it('answer 503 while Redis is away, and the primary’s current bodies once it is back empty', async () => {
    await sameOnEdge(READS[1]!);
    await env.redis.kill();
    const away = await env.edge.inject({ method: 'GET', url: READS[1]! });
    expect(away.statusCode).toBe(503);
    expect(away.json()).toMatchObject({ error: { code: 'SERVER_BUSY' } });
    // A change while Redis is away reaches the edge once it is back, though it came back empty.
    await env.stage('kbnn');
    await env.redis.start();
    for (const url of READS) expect((await sameOnEdge(url)).status, url).toBe(200);
    expect(JSON.parse((await answers(READS[1]!)).edge.body)).toMatchObject({ team: 'kbnn' });
  });

  it('answer an unknown contest or serial and a bad param with the primary’s error; other routes stay 421', async () => {
    await sameOnEdge(READS[0]!);
    for (const url of [
      '/api/contests/khong-co/scoreboard',
      '/api/contests/khong-co/stage',
      '/api/contests/khong-co/public',
      '/api/certificates/CCHC-GIALAI-0000000000',
      '/api/contests/Not_A_Slug!/scoreboard',
      '/api/certificates/bad',
    ]) {
      const { primary: p, edge: e } = await answers(url);
      expect(p.status, url).toBeGreaterThanOrEqual(400);
      expect(e, url).toEqual(p);
    }
    for (const [method, url] of [
      ['GET', `/api/contests/${SLUG}`],
      ['GET', `/api/contests/${SLUG}/results`],
      ['POST', `/api/contests/${SLUG}/stage`],
      ['GET', `/api/contests/${SLUG}/registration`],
    ] as const) {
      const res = await env.edge.inject({ method, url });
      expect(res.statusCode, url).toBe(421);
      expect(res.json()).toMatchObject({ error: { code: 'NOT_ON_EDGE' }, lives: 'primary' });
    }
  });
});
