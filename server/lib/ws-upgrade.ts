/**
 * What a live socket lets go of once it is upgraded. @fastify/websocket routes the upgrade through
 * fastify with a ServerResponse assigned to the TCP socket, and installs an 'error' listener on the
 * WebSocket that closes over the fastify request and reply. Both stay for as long as the socket
 * lives, and with them the IncomingMessage (headers, the read buffer of the handshake), the
 * request's child logger and fastify's response listeners: most of the heap a live socket took
 * (about 4 KiB of the 8 KiB, measured on an edge). Nothing reads them after the upgrade: the
 * ServerResponse is never written (ws writes the handshake's answer itself) and, the upgraded
 * socket having left the HTTP server's connection list, no server code looks at it again.
 *
 * `releaseUpgrade` detaches that ServerResponse from the TCP socket and puts, in place of the
 * plugin's 'error' listener, one that does what the plugin's default does (log the error, then
 * terminate the socket) without holding the request.
 */
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/** Where a socket's errors are logged (the app's logger). */
export interface ErrorLog {
  error(obj: unknown): void;
}

type UpgradedSocket = Socket & { _httpMessage?: ServerResponse | null };

/** One 'error' listener for every socket of a logger: it keeps nothing per socket. */
const onErrorFor = new WeakMap<ErrorLog, (this: WebSocket, err: Error) => void>();

function errorListener(log: ErrorLog): (this: WebSocket, err: Error) => void {
  let listener = onErrorFor.get(log);
  if (!listener) {
    // As @fastify/websocket's default errorHandler: log it, then drop the socket.
    listener = function (this: WebSocket, err: Error) {
      log.error(err);
      this.terminate();
    };
    onErrorFor.set(log, listener);
  }
  return listener;
}

/**
 * Called first thing in a WebSocket route's handler: lets the upgrade's request and response go
 * (see above). The socket always keeps an 'error' listener, so an error never goes unhandled.
 */
export function releaseUpgrade(socket: WebSocket, log: ErrorLog): void {
  const raw = (socket as unknown as { _socket?: UpgradedSocket })._socket;
  const res = raw?._httpMessage;
  if (raw && res && res.socket === raw) res.detachSocket(raw);
  // The plugin's listener is the last one added before the route's handler runs (ws adds none to
  // the WebSocket itself); any other stays.
  const plugins = socket.listeners('error').at(-1) as ((err: Error) => void) | undefined;
  if (plugins) socket.off('error', plugins);
  socket.on('error', errorListener(log));
}
