/** The live sockets' heartbeat over a real port: a silent client is dropped, a live one kept, pings spread. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { App } from '../../server/app.js';
import { importDemo, listenLive, login } from '../helpers/app.js';

const SLUG = 'cchc-gialai-2019';
const HEARTBEAT_MS = 600;
let app: App;
let url: string;
const clients: WebSocket[] = [];

beforeEach(async () => {
  let port: number;
  ({ app, port } = await listenLive(undefined, HEARTBEAT_MS));
  url = `ws://127.0.0.1:${port}/api/contests/${SLUG}/live`;
  await importDemo(app, await login(app));
});
afterEach(async () => {
  for (const c of clients.splice(0)) if (c.readyState !== WebSocket.CLOSED) c.terminate();
  await app.close();
});

/** A client that answers pings (as browsers do) or not (a phone gone without a word), recording when it was pinged. */
async function open(answers: boolean) {
  const ws = new WebSocket(url, { autoPong: answers });
  clients.push(ws);
  ws.on('error', () => undefined);
  const pings: number[] = [];
  ws.on('ping', () => pings.push(Date.now()));
  let closedAt: number | null = null;
  ws.on('close', () => (closedAt = Date.now()));
  await new Promise((resolve, reject) => {
    ws.once('message', resolve);
    ws.once('error', reject);
  });
  return { ws, pings, closedAt: () => closedAt };
}

it('drops a socket that stops answering pings within two periods, and keeps the ones that answer', async () => {
  const silent = await open(false);
  // From the join (its snapshot received): the connect itself is not the heartbeat's to bound.
  const opened = Date.now();
  const live = await Promise.all(Array.from({ length: 3 }, () => open(true)));
  await new Promise((r) => setTimeout(r, 3 * HEARTBEAT_MS));

  expect(silent.pings.length).toBeGreaterThanOrEqual(1);
  expect(silent.closedAt()).not.toBeNull();
  expect(silent.closedAt()! - opened).toBeLessThanOrEqual(2 * HEARTBEAT_MS + 400);
  for (const c of live) {
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    // Pinged once a period: three periods, two to four pings (the first one's place in the period varies).
    expect(c.pings.length).toBeGreaterThanOrEqual(2);
    expect(c.pings.length).toBeLessThanOrEqual(4);
  }
  expect(app.live.stats().sockets).toBe(3);
});

it('pings the sockets at different moments of the period, not all at once', async () => {
  const sockets = await Promise.all(Array.from({ length: 30 }, () => open(true)));
  await new Promise((r) => setTimeout(r, 2 * HEARTBEAT_MS));
  const firsts = sockets.map((s) => s.pings[0]!);
  expect(firsts.every((t) => t !== undefined)).toBe(true);
  // Before, one timer pinged all 30 in the same turn: they arrived within a few ms of each other.
  expect(Math.max(...firsts) - Math.min(...firsts)).toBeGreaterThan(HEARTBEAT_MS / 3);
});
