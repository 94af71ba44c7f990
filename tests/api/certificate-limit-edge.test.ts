/**
 * The certificate check's limit (60 a minute per address) on edges and the primary, against a
 * real redis-server (issue #14): one count for every process on one Redis, so the 61st check from
 * one address answers 429 whichever process gets it; another address is not held back; while
 * Redis is away each process counts in its own memory again (60 each), as a lone process does.
 */
import { describe, expect, it } from 'vitest';
import type { App } from '../../server/app.js';
import { buildEdge, type Edge } from '../../server/edge.js';
import { primaryAndEdge } from '../helpers/edge.js';

const env = primaryAndEdge();
const UNKNOWN = '/api/certificates/CCHC-GIALAI-0000000000';

const check = async (on: App | Edge, address: string) =>
  (await on.inject({ method: 'GET', url: UNKNOWN, remoteAddress: address })).statusCode;

describe('the certificate check’s limit with edges on one Redis', () => {
  it('is one count for two edges and the primary: the 61st check from an address is 429 on each', async () => {
    const other = await buildEdge({ redisUrl: env.redis.url, webRoot: null });
    await other.ready();
    try {
      const processes = [env.edge, other, env.primary];
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++) statuses.push(await check(processes[i % 3]!, '10.7.0.1'));
      expect(statuses).toEqual(Array(60).fill(404));
      for (const on of processes) {
        const refused = await on.inject({ method: 'GET', url: UNKNOWN, remoteAddress: '10.7.0.1' });
        expect(refused.statusCode).toBe(429);
        expect(refused.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
      }
      // Another address is not held back.
      for (const on of processes) expect(await check(on, '10.7.0.2')).toBe(404);
    } finally {
      await other.close();
    }
  });

  it('while Redis is away each process counts in its own memory', async () => {
    await env.redis.kill();
    try {
      // The edge cannot read the certificates meanwhile (503), the primary can (404 for this serial).
      for (const [on, answer] of [
        [env.edge, 503],
        [env.primary, 404],
      ] as const) {
        const statuses: number[] = [];
        for (let i = 0; i < 61; i++) statuses.push(await check(on, '10.7.1.1'));
        expect(statuses.slice(0, 60)).toEqual(Array(60).fill(answer));
        expect(statuses[60]).toBe(429);
      }
    } finally {
      await env.redis.start();
    }
  });
});
