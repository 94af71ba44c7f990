/**
 * A broadcast's message framed once for all its sockets. ws frames each `send` anew (a header
 * allocated, the socket corked, two writes, a writev); for the same bytes going to 5,000 sockets
 * of an edge worker, the frame is built once here and each socket gets one write of it.
 *
 * A server's frame is never masked (RFC 6455 §5.1), so the bytes are the same for every socket.
 * The frame is written to the WebSocket's TCP socket (ws's `_socket`), as ws's own sender does;
 * without compression (permessage-deflate is off on this server) ws writes every frame at once,
 * so a frame written here never lands inside another. Where that socket is not there, the caller
 * sends with ws.
 */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

/** A final, unmasked text frame carrying `payload` (RFC 6455 §5.2). */
export function textFrame(payload: Buffer): Buffer {
  const n = payload.length;
  const head = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + n);
  frame[0] = 0x81; // FIN, opcode 1 (text)
  if (n < 126) frame[1] = n;
  else if (n < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  payload.copy(frame, head);
  return frame;
}

/** Writes a frame from textFrame to an open WebSocket; false when it cannot (send it with ws then). */
export function writeFrame(socket: WebSocket, frame: Buffer): boolean {
  const raw = (socket as unknown as { _socket?: Duplex })._socket;
  if (!raw || typeof raw.write !== 'function' || raw.destroyed || !raw.writable) return false;
  raw.write(frame);
  return true;
}
