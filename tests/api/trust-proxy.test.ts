/**
 * HOITHI_TRUST_PROXY (docs/deploy.md "Addresses behind a balancer"): from a trusted balancer,
 * X-Forwarded-For names the client, so every limit per address (sign-in attempts, new voting
 * devices) counts each client and each vote keeps its client's address; from any other peer the
 * header changes nothing, and without the setting it is never trusted. The balancer's own TCP
 * connections are not capped per address; each client's live sockets are.
 */
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openDb } from '../../db/client.js';
import { buildApp, type App, type AppOptions } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { trustedPeerCheck } from '../../server/lib/trust-proxy.js';
import { upsertAccount } from '../../server/modules/auth/repository.js';
import { HOST, importDemo, login, ORGANIZER } from '../helpers/app.js';
import { rawConnections } from '../helpers/net.js';
import { waitFor } from '../helpers/redis.js';

const SLUG = 'cchc-gialai-2019';
const BALANCER = '10.0.0.2';
const apps: App[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

async function setup(opts: Pick<AppOptions, 'trustProxy'>) {
  const db = openDb(':memory:');
  await upsertAccount(db, ORGANIZER.email, ORGANIZER.password, 'organizer');
  await upsertAccount(db, HOST.email, HOST.password, 'host');
  const app = await buildApp({
    db,
    closeDb: true,
    webRoot: null,
    loginPerMinutePerIp: 3,
    votes: { devicesPerMinutePerIp: 2 },
    ...opts,
  });
  apps.push(app);
  const organizer = await login(app);
  const host = await login(app, HOST);
  await importDemo(app, organizer);
  expect(
    (await app.inject({ method: 'POST', url: `/api/contests/${SLUG}/votes/open`, headers: { cookie: host } })).statusCode,
  ).toBe(200);
  /** A request from the TCP peer `peer`, saying X-Forwarded-For `forwarded` when given. */
  const from = (peer: string, forwarded?: string) => ({
    remoteAddress: peer,
    headers: { 'accept-language': 'en', ...(forwarded ? { 'x-forwarded-for': forwarded } : {}) },
  });
  const vote = (peer: string, forwarded?: string) =>
    app.inject({ method: 'POST', url: `/api/contests/${SLUG}/votes`, payload: { team: 'bhxh' }, ...from(peer, forwarded) });
  const wrongPassword = (peer: string, forwarded?: string) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'nobody@hoithi.test', password: 'sai-mat-khau' },
      ...from(peer, forwarded),
    });
  const addresses = async () =>
    (
      (await app.inject({ method: 'GET', url: `/api/contests/${SLUG}/votes/addresses`, headers: { cookie: host } })).json() as {
        addresses: { address: string; votes: number }[];
      }
    ).addresses
      .map((a) => `${a.address}:${a.votes}`)
      .sort();
  return { vote, wrongPassword, addresses };
}

const codes = (res: { statusCode: number }[]) => res.map((r) => r.statusCode);

describe('behind a trusted balancer', () => {
  it('each client has its own limits, and its votes keep its own address', async () => {
    const s = await setup({ trustProxy: [BALANCER] });
    // Two new devices a minute per client: the third of one client is refused, another client is not.
    const a = [
      await s.vote(BALANCER, '203.0.113.5'),
      await s.vote(BALANCER, '203.0.113.5'),
      await s.vote(BALANCER, '203.0.113.5'),
    ];
    expect(codes(a)).toEqual([200, 200, 429]);
    expect((await s.vote(BALANCER, '203.0.113.6')).statusCode).toBe(200);
    // nginx appends the address it saw: what the client wrote before it is not trusted.
    expect((await s.vote(BALANCER, '198.51.100.1, 203.0.113.5')).statusCode).toBe(429);
    expect(await s.addresses()).toEqual(['203.0.113.5:2', '203.0.113.6:1']);

    const tries = [];
    for (let i = 0; i < 4; i++) tries.push(await s.wrongPassword(BALANCER, '203.0.113.7'));
    expect(codes(tries)).toEqual([401, 401, 401, 429]);
    expect((await s.wrongPassword(BALANCER, '203.0.113.8')).statusCode).toBe(401);
  });

  it('a ranged entry trusts its whole range, an IPv4-mapped peer included', async () => {
    const s = await setup({ trustProxy: ['10.0.0.0/24'] });
    expect((await s.vote('::ffff:10.0.0.9', '203.0.113.9')).statusCode).toBe(200);
    expect(await s.addresses()).toEqual(['203.0.113.9:1']);
  });
});

describe('a forged X-Forwarded-For changes nothing', () => {
  for (const [name, trustProxy] of [
    ['from a peer that is not a trusted balancer', [BALANCER]],
    ['without HOITHI_TRUST_PROXY, even from the balancer', undefined],
  ] as const) {
    it(name, async () => {
      const s = await setup(trustProxy ? { trustProxy: [...trustProxy] } : {});
      const peer = trustProxy ? '192.0.2.50' : BALANCER;
      const votes = [];
      for (let i = 0; i < 3; i++) votes.push(await s.vote(peer, `203.0.113.${20 + i}`));
      expect(codes(votes)).toEqual([200, 200, 429]);
      expect(await s.addresses()).toEqual([`${peer}:2`]);
      const tries = [];
      for (let i = 0; i < 4; i++) tries.push(await s.wrongPassword(peer, `203.0.113.${30 + i}`));
      expect(codes(tries)).toEqual([401, 401, 401, 429]);
    });
  }
});

describe('HOITHI_TRUST_PROXY', () => {
  it('is a comma-separated list of addresses and ranges; unset or empty trusts no one', () => {
    expect(loadConfig({}).HOITHI_TRUST_PROXY).toBeUndefined();
    expect(loadConfig({ HOITHI_TRUST_PROXY: ' ' }).HOITHI_TRUST_PROXY).toBeUndefined();
    expect(loadConfig({ HOITHI_TRUST_PROXY: '10.0.0.2, 10.0.1.0/24,::1, fd00::/8' }).HOITHI_TRUST_PROXY).toEqual([
      '10.0.0.2',
      '10.0.1.0/24',
      '::1',
      'fd00::/8',
    ]);
    expect(loadConfig({ HOITHI_TRUST_PROXY: 'loopback' }).HOITHI_TRUST_PROXY).toEqual(['127.0.0.1/8', '::1/128']);
  });

  it('a malformed entry stops the start, naming the setting and the entry', () => {
    for (const bad of ['10.0.0.300', '10.0.0.0/33', '::1/129', 'nginx.local', '10.0.0.0/8/1', '10.0.0.0/']) {
      expect(() => loadConfig({ HOITHI_TRUST_PROXY: `10.0.0.2,${bad}` })).toThrow(
        `HOITHI_TRUST_PROXY: "${bad}" is not an address`,
      );
    }
  });

  it('tells a trusted TCP peer, whose connections are not capped per address', () => {
    const trusted = trustedPeerCheck(['10.0.0.2', '10.0.1.0/24', 'fd00::/8']);
    expect(['10.0.0.2', '::ffff:10.0.0.2', '10.0.1.77', 'fd00::5'].map(trusted)).toEqual([true, true, true, true]);
    expect(['10.0.0.3', '10.0.2.1', '::1', undefined].map(trusted)).toEqual([false, false, false, false]);
    expect(trustedPeerCheck(undefined)('10.0.0.2')).toBe(false);
  });
});

describe('live sockets behind a trusted balancer', () => {
  const LIMITS = { perAddress: 3, total: 500, staffReserve: 2 };
  const sockets: (WebSocket | Socket)[] = [];
  afterEach(() => {
    for (const s of sockets.splice(0)) {
      if (s instanceof WebSocket) s.terminate();
      else s.destroy();
    }
  });

  it('count each client against its cap, and the balancer connections beyond any one address share', async () => {
    const db = openDb(':memory:');
    await upsertAccount(db, ORGANIZER.email, ORGANIZER.password, 'organizer');
    const app = await buildApp({
      db,
      closeDb: true,
      webRoot: null,
      trustProxy: ['127.0.0.8'],
      live: { coalesceMs: 20, heartbeatMs: 60_000, sockets: LIMITS },
    });
    apps.push(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    await importDemo(app, await login(app));

    /** A live socket from local address `from`, saying X-Forwarded-For `client`: opened, or the refusal's status. */
    const live = (from: string, client: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/api/contests/${SLUG}/live`, {
          localAddress: from,
          headers: { 'x-forwarded-for': client },
        });
        sockets.push(ws);
        ws.on('open', () => resolve(101));
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('error', () => resolve(0));
      });
    const opened = async (from: string, clients: string[]) => {
      const statuses = [];
      for (const client of clients) statuses.push(await live(from, client));
      return statuses;
    };
    // Through the balancer: three sockets per client, whatever the client, then 429.
    expect(await opened('127.0.0.8', ['203.0.113.1', '203.0.113.1', '203.0.113.1', '203.0.113.1', '203.0.113.2'])).toEqual([
      101, 101, 101, 429, 101,
    ]);
    // From any other peer the header names nobody: one address, whatever it says.
    expect(await opened('127.0.0.9', ['203.0.113.3', '203.0.113.4', '203.0.113.5', '203.0.113.6'])).toEqual([101, 101, 101, 429]);

    // TCP connections: an address's share is its live sockets, the staff's reserve and 100 for HTTP;
    // the balancer carries every client and is not cut at it.
    const share = LIMITS.perAddress + LIMITS.staffReserve + 100;
    const flood = (from: string) => rawConnections(port, from, share + 20, sockets);
    const cutOther = await flood('127.0.0.9');
    const cutBalancer = await flood('127.0.0.8');
    // The other address already held its live sockets: all beyond its share are cut.
    await waitFor('the other address cut at its share', () => (cutOther() >= 20 ? true : undefined));
    await new Promise((r) => setTimeout(r, 200));
    expect(cutBalancer()).toBe(0);
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(health.status).toBe(200);
  });
});
