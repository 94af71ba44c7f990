/**
 * Live sockets per address on edges (issue #14), against a real redis-server: two edges on one
 * Redis share one cap per address (HOITHI_LIVE_SOCKETS_PER_ADDRESS), so the (N+1)th public socket
 * of an address is refused (429 TOO_MANY_SOCKETS) whichever edge gets it; places free up as
 * sockets close; an edge process killed while it holds sockets frees its places once its TTL has
 * run out; with Redis stopped each edge admits up to its own cap, nothing crashes, and once Redis
 * is back the edges count together again (each writes its counts again).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildEdge, type Edge } from '../../server/edge.js';
import { publishingPrimary, startRedis, waitFor, type TestRedis } from '../helpers/redis.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SLUG = 'cchc-gialai-2019';
const CAP = 4;
const TTL_MS = 600;
const EDGE = {
  webRoot: null,
  live: { coalesceMs: 20, heartbeatMs: 60_000, sockets: { perAddress: CAP } },
  sharedSockets: { ttlMs: TTL_MS },
};

let redis: TestRedis;
let primary: Awaited<ReturnType<typeof publishingPrimary>>['app'];
let edges: { app: Edge; port: number }[];
const open: WebSocket[] = [];

beforeAll(async () => {
  redis = await startRedis();
  ({ app: primary } = await publishingPrimary(redis.url));
  edges = [];
  for (let i = 0; i < 2; i++) {
    const app = await buildEdge({ redisUrl: redis.url, ...EDGE });
    await app.listen({ port: 0, host: '127.0.0.1' });
    edges.push({ app, port: (app.server.address() as { port: number }).port });
  }
}, 60_000);

afterEach(async () => {
  await closeAll([...open]);
  // Every place given back, here and in Redis, before the next test.
  await waitFor('the places given back', async () =>
    edges.every(({ app }) => app.liveSockets.of('127.0.0.1') === 0) && (await countedInRedis()) === 0 ? true : undefined,
  );
});

afterAll(async () => {
  for (const { app } of edges ?? []) await app.close();
  await primary?.close();
  await redis?.stop();
});

/** Opens a live socket to the edge on `port`; resolves with it, or with the refusal's status and code. */
function attempt(port: number): Promise<{ ws?: WebSocket; status?: number; code?: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/contests/${SLUG}/live`);
    ws.on('open', () => {
      open.push(ws);
      resolve({ ws });
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => {
        const code = (JSON.parse(body) as { error?: { code?: string } }).error?.code;
        resolve({ status: res.statusCode, ...(code ? { code } : {}) });
      });
    });
    ws.on('error', () => resolve({ status: 0 }));
  });
}

/** Opens `n` sockets one after another on `port`; each must open. */
async function openOn(port: number, n: number): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < n; i++) {
    const r = await attempt(port);
    expect(r).toHaveProperty('ws');
    sockets.push(r.ws!);
  }
  return sockets;
}

async function closeAll(sockets: WebSocket[]): Promise<void> {
  await Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === WebSocket.CLOSED) return resolve();
          ws.once('close', () => resolve());
          ws.terminate();
        }),
    ),
  );
  for (const ws of sockets) open.splice(open.indexOf(ws), 1);
}

/** Until an edge admits a socket again (the socket is kept open and returned). */
const admittedAgain = (port: number) =>
  waitFor(`a place on the edge at ${port}`, async () => {
    const r = await attempt(port);
    return r.ws;
  });

/** The sockets of 127.0.0.1 that Redis counts for the live edge processes. */
async function countedInRedis(): Promise<number> {
  const client = new Redis(redis.url);
  try {
    const ids = await client.zrangebyscore('hoithi:sockets:processes', Date.now(), '+inf');
    let n = 0;
    for (const id of ids) n += Number((await client.hget(`hoithi:sockets:${id}`, '127.0.0.1')) ?? 0);
    return n;
  } finally {
    client.disconnect();
  }
}

const refusedOnBoth = async () => {
  for (const { port } of edges) expect(await attempt(port), `edge at ${port}`).toEqual({ status: 429, code: 'TOO_MANY_SOCKETS' });
};

describe('live sockets per address on edges over one Redis', () => {
  it('are one cap for both edges: the (N+1)th is refused whichever edge gets it; closed sockets free their places', async () => {
    const [a, b] = edges as [(typeof edges)[0], (typeof edges)[0]];
    const onA = await openOn(a.port, 2);
    await openOn(b.port, 2);
    await refusedOnBoth();
    expect(a.app.liveSockets.of('127.0.0.1') + b.app.liveSockets.of('127.0.0.1')).toBe(CAP);

    // A socket closed on one edge is a place on the other.
    await closeAll(onA.slice(0, 1));
    await admittedAgain(b.port);
    await refusedOnBoth();
    expect([a.app.liveSockets.of('127.0.0.1'), b.app.liveSockets.of('127.0.0.1')]).toEqual([1, 3]);
    // Refusals hold no place.
    expect(await countedInRedis()).toBe(CAP);
  });

  it('an edge killed while it holds sockets frees its places once its TTL has run out', async () => {
    const [a] = edges as [(typeof edges)[0]];
    const crashing = await startEdgeProcess();
    try {
      await openOn(crashing.port, 3);
      await openOn(a.port, 1);
      expect(await attempt(a.port)).toEqual({ status: 429, code: 'TOO_MANY_SOCKETS' });
      await crashing.kill();
      // Its places free up within its TTL (its sockets still counted until then).
      const start = Date.now();
      for (let i = 0; i < 3; i++) await admittedAgain(a.port);
      expect(Date.now() - start).toBeLessThan(5_000);
      expect(await attempt(a.port)).toEqual({ status: 429, code: 'TOO_MANY_SOCKETS' });
    } finally {
      await crashing.kill();
    }
  }, 60_000);

  it('with Redis stopped each edge admits up to its own cap; once it is back they count together again', async () => {
    const [a, b] = edges as [(typeof edges)[0], (typeof edges)[0]];
    await redis.kill();
    try {
      await openOn(a.port, CAP);
      const onB = await openOn(b.port, CAP);
      for (const { port } of edges) expect(await attempt(port)).toEqual({ status: 429, code: 'TOO_MANY_SOCKETS' });
      const health = await fetch(`http://127.0.0.1:${a.port}/api/health`);
      expect(health.status).toBe(200);

      await redis.start();
      // Each edge writes its counts again once its connection is back (the Redis came back empty).
      await waitFor('both edges counted again', async () => ((await countedInRedis()) === 2 * CAP ? true : undefined), 15_000);
      await refusedOnBoth();
      // The edge that had room by its own count now sees the other's sockets too.
      await closeAll(onB);
      await waitFor('the closed sockets taken off', async () => ((await countedInRedis()) === CAP ? true : undefined));
      expect(await attempt(b.port)).toEqual({ status: 429, code: 'TOO_MANY_SOCKETS' });
    } finally {
      await redis.start().catch(() => undefined);
    }
  }, 60_000);
});

/** An edge as its own process (SIGKILL leaves its counts in Redis, as a crash does). */
async function startEdgeProcess(): Promise<{ port: number; kill: () => Promise<void> }> {
  const script = `
    const { buildEdge } = await import(${JSON.stringify(join(ROOT, 'server', 'edge.ts'))});
    const app = await buildEdge({ redisUrl: ${JSON.stringify(redis.url)}, ...${JSON.stringify(EDGE)} });
    await app.listen({ port: 0, host: '127.0.0.1' });
    console.log('listening on ' + app.server.address().port);
  `;
  const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const kill = async () => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await exited;
  };
  const port = await waitFor(
    'the edge process to listen',
    () => {
      const m = /listening on (\d+)/.exec(output);
      return m ? Number(m[1]) : undefined;
    },
    60_000,
  ).catch(async (err: Error) => {
    await kill();
    throw new Error(`${err.message}:\n${output}`);
  });
  return { port, kill };
}
