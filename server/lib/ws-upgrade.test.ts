import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { releaseUpgrade } from './ws-upgrade.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Seen {
  socket: WebSocket;
  request: WeakRef<object>;
  raw: WeakRef<object>;
  /** After releaseUpgrade: what the TCP socket still points at, and the 'error' listeners. */
  httpMessage: unknown;
  errorListeners: number;
}

/** A server with one WebSocket route that calls releaseUpgrade (or not), recording what it sees. */
async function serve(release: boolean, log = { error: vi.fn() }) {
  const app = Fastify();
  await app.register(websocket);
  const seen: Seen[] = [];
  app.get('/ws', { websocket: true }, (socket, req) => {
    if (release) releaseUpgrade(socket, log);
    const tcp = (socket as unknown as { _socket: { _httpMessage?: unknown } })._socket;
    seen.push({
      socket,
      request: new WeakRef(req),
      raw: new WeakRef(req.raw),
      httpMessage: tcp._httpMessage,
      errorListeners: socket.listenerCount('error'),
    });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return { app, seen, log, url: `ws://127.0.0.1:${port}/ws` };
}

async function open(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return ws;
}

/** Whether the request and its IncomingMessage survive a few full collections. */
async function retained(s: Seen): Promise<boolean> {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setImmediate(r));
    gc();
  }
  return s.request.deref() !== undefined || s.raw.deref() !== undefined;
}

let apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.map((a) => a.close()));
  apps = [];
});

describe('releaseUpgrade', () => {
  it('lets the upgrade request go while the socket lives (without it, the socket keeps it)', async () => {
    const kept = await serve(false);
    const freed = await serve(true);
    apps.push(kept.app, freed.app);
    const clients = [await open(kept.url), await open(freed.url)];
    await vi.waitFor(() => expect(kept.seen.length + freed.seen.length).toBe(2));
    // The control: @fastify/websocket alone keeps the request for the socket's lifetime.
    expect(kept.seen[0]!.httpMessage).toBeTruthy();
    expect(await retained(kept.seen[0]!)).toBe(true);
    expect(freed.seen[0]!.httpMessage).toBeNull();
    expect(await retained(freed.seen[0]!)).toBe(false);
    // Both sockets still work.
    for (const c of clients) c.close(1000);
    await Promise.all(clients.map((c) => new Promise((r) => c.once('close', r))));
  });

  it('keeps one error listener that logs the error and terminates the socket, as the plugin did', async () => {
    const { app, seen, log, url } = await serve(true);
    apps.push(app);
    const client = await open(url);
    await vi.waitFor(() => expect(seen.length).toBe(1));
    expect(seen[0]!.errorListeners).toBe(1);
    const closed = new Promise<number>((r) => client.once('close', (code) => r(code)));
    const err = new Error('boom');
    seen[0]!.socket.emit('error', err);
    expect(log.error).toHaveBeenCalledWith(err);
    // Terminated: no close frame, the connection just ends.
    expect(await closed).toBe(1006);
  });

  it('answers an oversized frame with 1009 and logs it', async () => {
    const app = Fastify();
    await app.register(websocket, { options: { maxPayload: 16 } });
    const log = { error: vi.fn() };
    app.get('/ws', { websocket: true }, (socket) => releaseUpgrade(socket, log));
    await app.listen({ port: 0, host: '127.0.0.1' });
    apps.push(app);
    const client = await open(`ws://127.0.0.1:${(app.server.address() as { port: number }).port}/ws`);
    const closed = new Promise<number>((r) => client.once('close', (code) => r(code)));
    client.send('x'.repeat(100));
    expect(await closed).toBe(1009);
    expect(log.error).toHaveBeenCalledTimes(1);
  });
});
