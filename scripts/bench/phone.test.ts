/** The bench's minimal phone against a real ws server: handshake, subprotocol, messages of every length class, pings, close. */
import { afterEach, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { openPhone, type Phone } from './phone.js';

let server: WebSocketServer | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

it('opens with the subprotocol, gets each message whole, answers pings and ends on a close', async () => {
  server = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (p) => (p.has('hoithi.delta') ? 'hoithi.delta' : false),
  });
  await new Promise((r) => server!.once('listening', r));
  const port = (server.address() as { port: number }).port;
  const messages = ['{"type":"snapshot"}', 'é'.repeat(100), 'x'.repeat(70_000), 'Giám khảo'.repeat(3000)];
  const pongs: string[] = [];
  server.on('connection', (ws) => {
    ws.on('pong', (data) => {
      pongs.push(String(data));
      for (const m of messages) ws.send(m);
      ws.close(1000);
    });
    ws.ping('are you there');
  });

  const got: string[] = [];
  let phone: Phone | undefined;
  const closed = new Promise<boolean>((resolve) =>
    openPhone(`ws://127.0.0.1:${port}/live?since=1`, 'hoithi.delta', {
      onOpen: (p) => (phone = p),
      onMessage: (_p, data) => got.push(data.toString()),
      onClose: (_p, opened) => resolve(opened),
    }),
  );
  expect(await closed).toBe(true);
  expect(phone?.protocol).toBe('hoithi.delta');
  expect(pongs).toEqual(['are you there']);
  expect(got).toEqual(messages);
});

it('reports a refused upgrade as a close before it opened', async () => {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0, verifyClient: () => false });
  await new Promise((r) => server!.once('listening', r));
  const port = (server.address() as { port: number }).port;
  const opened = await new Promise<boolean>((resolve) =>
    openPhone(`ws://127.0.0.1:${port}/`, null, {
      onOpen: () => undefined,
      onMessage: () => undefined,
      onClose: (_p, o) => resolve(o),
    }),
  );
  expect(opened).toBe(false);
});
