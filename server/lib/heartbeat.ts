/**
 * The live sockets' heartbeat: each socket is pinged once per period and dropped when it has not
 * answered the previous ping (a phone gone without closing: out of coverage, asleep, killed).
 *
 * The pings are spread over the period, one slice of the sockets per tick, instead of all of
 * them at once: 5,000 sockets of an edge worker pinged together (and their 5,000 pongs) held an
 * update to that audience back by as long as the burst took, once every period.
 */

export interface Beating {
  ping(): void;
  terminate(): void;
}

export class Heartbeat<S extends Beating> {
  private readonly slices: Set<S>[];
  private readonly sliceOf = new Map<S, Set<S>>();
  private readonly alive = new WeakMap<S, boolean>();
  /** The slice the next socket joins (round robin) and the slice the next tick pings. */
  private joinAt = 0;
  private turn = 0;

  /** `slices` ticks make one period: each socket is pinged once every `slices` ticks. */
  constructor(slices: number) {
    if (!Number.isInteger(slices) || slices < 1) throw new Error('Heartbeat needs at least one slice');
    this.slices = Array.from({ length: slices }, () => new Set<S>());
  }

  add(socket: S): void {
    if (this.sliceOf.has(socket)) return;
    const slice = this.slices[this.joinAt]!;
    this.joinAt = (this.joinAt + 1) % this.slices.length;
    slice.add(socket);
    this.sliceOf.set(socket, slice);
    this.alive.set(socket, true);
  }

  /** The socket answered (a pong): it lives until its next ping goes unanswered. */
  pong(socket: S): void {
    if (this.sliceOf.has(socket)) this.alive.set(socket, true);
  }

  delete(socket: S): void {
    this.sliceOf.get(socket)?.delete(socket);
    this.sliceOf.delete(socket);
  }

  get size(): number {
    return this.sliceOf.size;
  }

  /** Pings the next slice; a socket of it that has not answered its last ping is terminated. */
  tick(): void {
    const slice = this.slices[this.turn]!;
    this.turn = (this.turn + 1) % this.slices.length;
    for (const socket of [...slice]) {
      if (this.alive.get(socket) === false) {
        this.delete(socket);
        socket.terminate();
        continue;
      }
      this.alive.set(socket, false);
      socket.ping();
    }
  }
}
