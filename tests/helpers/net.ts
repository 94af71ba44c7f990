/** Raw TCP connections for the tests of the per-address connection caps (server/plugins/live.ts). */
import { connect, type Socket } from 'node:net';

/**
 * Opens `n` TCP connections to 127.0.0.1:`port` from the local address `from`, each pushed to
 * `keep` (the caller destroys them); resolves once each has connected or failed, with a reading of
 * how many the server has closed so far.
 */
export async function rawConnections(
  port: number,
  from: string,
  n: number,
  keep: { push(s: Socket): unknown },
): Promise<() => number> {
  let cut = 0;
  await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<void>((resolve) => {
          const s = connect({ host: '127.0.0.1', port, localAddress: from }, () => resolve());
          s.on('close', () => cut++);
          s.on('error', () => resolve());
          keep.push(s);
        }),
    ),
  );
  return () => cut;
}
