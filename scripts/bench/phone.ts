/**
 * The bench's phone: the least a WebSocket client does to follow a live board (RFC 6455 over a
 * plain TCP socket), so that 20,000 of them on the servers' own two cores take as little of the
 * CPU being measured as they can. It opens with the upgrade handshake (and a subprotocol), hands
 * each text or binary message to `onMessage` as the bytes received, answers pings, and ends on a
 * close frame. The server never fragments nor masks its frames (ws, permessage-deflate off), so
 * neither case is handled: a continuation frame is given to `onMessage` as a message of its own.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

const EMPTY: Buffer = Buffer.alloc(0);
const HEAD_END = Buffer.from('\r\n\r\n');

export interface Phone {
  socket: Socket;
  /** The subprotocol the server chose, or null. */
  protocol: string | null;
}

export interface PhoneEvents {
  onOpen(phone: Phone): void;
  onMessage(phone: Phone, data: Buffer): void;
  /** The socket closed; `opened` says whether the handshake had completed. */
  onClose(phone: Phone, opened: boolean): void;
}

/** A masked pong (clients mask every frame) carrying the ping's payload, at most 125 bytes. */
function pong(payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const frame = Buffer.alloc(6 + payload.length);
  frame[0] = 0x8a;
  frame[1] = 0x80 | payload.length;
  mask.copy(frame, 2);
  for (let i = 0; i < payload.length; i++) frame[6 + i] = payload[i]! ^ mask[i % 4]!;
  return frame;
}

export function openPhone(url: string, protocol: string | null, events: PhoneEvents): Phone {
  const u = new URL(url);
  const socket = connect({ host: u.hostname, port: Number(u.port) });
  socket.setNoDelay(true);
  const phone: Phone = { socket, protocol: null };
  let opened = false;
  let pending: Buffer = EMPTY;
  socket.on('connect', () => {
    socket.write(
      `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n` +
        (protocol ? `Sec-WebSocket-Protocol: ${protocol}\r\n` : '') +
        '\r\n',
    );
  });
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    if (!opened) {
      const end = pending.indexOf(HEAD_END);
      if (end < 0) return;
      const head = pending.toString('latin1', 0, end);
      if (!head.startsWith('HTTP/1.1 101')) {
        socket.destroy();
        return;
      }
      phone.protocol = /\r\nsec-websocket-protocol:\s*([^\r]+)/i.exec(head)?.[1]?.trim() ?? null;
      opened = true;
      pending = pending.subarray(end + HEAD_END.length);
      events.onOpen(phone);
    }
    while (pending.length >= 2) {
      const opcode = pending[0]! & 0x0f;
      let length = pending[1]! & 0x7f;
      let at = 2;
      if (length === 126) {
        if (pending.length < 4) break;
        length = pending.readUInt16BE(2);
        at = 4;
      } else if (length === 127) {
        if (pending.length < 10) break;
        length = Number(pending.readBigUInt64BE(2));
        at = 10;
      }
      if (pending.length < at + length) break;
      const payload = pending.subarray(at, at + length);
      pending = pending.length === at + length ? EMPTY : pending.subarray(at + length);
      if (opcode <= 2) events.onMessage(phone, payload);
      else if (opcode === 9) socket.write(pong(payload));
      else if (opcode === 8) socket.end();
    }
  });
  socket.on('error', () => undefined);
  socket.on('close', () => events.onClose(phone, opened));
  return phone;
}
