/**
 * The live hub: every screen of a contest follows it over one WebSocket. Per (contest, view) a
 * channel keeps the last state it sent and a short history of updates. A change anywhere asks
 * for a flush; flushes are coalesced (the latest state wins) and each one loads the contest once,
 * computes each view that has listeners, and sends an update only when that view changed: the
 * message is serialised once and the same bytes go to every socket of the channel.
 *
 * A socket that took the `hoithi.delta` subprotocol gets the same updates with the scoreboard as
 * a delta from the board before (server/contract/live-delta.ts) and the seq each one follows:
 * that text too is built once per update, from the last part sent, so the primary and an edge
 * (whose parts come from Redis through `receive`) both send deltas.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { WebSocket } from 'ws';
import { diffScoreboard } from '../contract/live-delta.js';
import type { LiveParts, LiveView } from '../contract/live.js';
import type { ScoreboardBody } from '../contract/results.js';
import { AppError } from '../lib/errors.js';
import { Heartbeat } from '../lib/heartbeat.js';
import { textFrame, writeFrame } from '../lib/ws-frame.js';
import type { LiveEntry, LivePublisher, LiveSink } from '../lib/live-relay.js';
import type { LiveLoad, LiveSource } from '../lib/live-source.js';
import { viewsChangedBy } from '../lib/write-scope.js';
import {
  addressOf,
  defaultSocketLimits,
  FD_HARD_RESERVE,
  HTTP_ROOM_PER_ADDRESS,
  openFileLimits,
  SocketGuard,
  type SocketLimits,
} from '../lib/sockets.js';

const HISTORY = 256;
/** A socket with this much unsent data is too slow to keep: it is dropped and re-snapshots. */
export const MAX_BUFFERED_BYTES = 1 << 20;

interface Channel {
  slug: string;
  view: LiveView;
  sockets: Set<WebSocket>;
  /** JSON text of each part as last sent, to send only what changed. */
  last: Record<string, string>;
  seq: number;
  /**
   * Kept up to date with nobody listening here: the public view when the primary publishes to
   * Redis, and every channel of an edge, which follows the primary instead of a database.
   */
  kept: boolean;
  /** The scoreboard last sent, parsed, to compute the next delta from. */
  board: { json: string; value: ScoreboardBody } | null;
  /** Recent updates, each with the seq it follows, so a client can resume exactly. */
  history: Frame[];
  /**
   * Messages still being delivered, each with the sockets it has yet to reach. A large audience
   * is served in batches that yield to the event loop, so a judge's submit is not kept waiting
   * behind thousands of sends; one message reaches every socket before the next one starts, so
   * each socket sees the updates in order. A socket that joins later is not on the list: its
   * snapshot already holds that state.
   */
  outbox: (Frame & { sockets: WebSocket[]; framed?: { bytes?: Framed; delta?: Framed } })[];
}

/** A message as UTF-8 bytes, and framed once for every socket (server/lib/ws-frame.ts). */
interface Framed {
  payload: Buffer;
  frame: Buffer;
}

const framed = (text: string): Framed => {
  const payload = Buffer.from(text);
  return { payload, frame: textFrame(payload) };
};

/** An update as sent: whole parts (`bytes`), and with the scoreboard as a delta (`delta`). */
interface Frame {
  seq: number;
  after: number;
  bytes: string;
  delta: string;
}

/** The heartbeat's period (heartbeatMs) is this many ticks, each pinging that share of the sockets. */
const HEARTBEAT_SLICES = 15;

/** Sockets served per turn of the event loop during a broadcast. */
const BATCH = 500;

export interface LiveOptions {
  /** Minimum time between two flushes of one contest, in ms. */
  coalesceMs?: number;
  heartbeatMs?: number;
  /** Caps on live sockets (server/lib/sockets.ts); unset ones follow the process's file limits. */
  sockets?: Partial<SocketLimits>;
}

export interface LivePluginOptions extends LiveOptions {
  /** What each view shows, as the domain modules compute it (server/modules/live/source.ts). */
  source: (app: FastifyInstance) => LiveSource;
  /** Where the public view's updates also go (the primary with HOITHI_REDIS_URL; server/lib/redis/). */
  publisher?: (app: FastifyInstance) => LivePublisher;
}

/** The view an audience sees, the only one published beyond this process. */
const PUBLIC: LiveView = 'public';
/** With a publisher, how often contests nobody has written to yet are looked for, in ms. */
const SWEEP_MS = 5_000;

export class LiveHub implements LiveSink {
  private readonly channels = new Map<string, Channel>();
  /** A flush to come per contest, with the views it recomputes (null: every view). */
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; views: Set<LiveView> | null }>();
  private readonly heartbeat = new Heartbeat<WebSocket>(HEARTBEAT_SLICES);
  /** Sockets that took the `hoithi.delta` subprotocol. */
  private readonly deltas = new WeakSet<WebSocket>();
  /** The channel each socket joined, for the 'close' listener that every socket shares. */
  private readonly joinedTo = new WeakMap<WebSocket, Channel>();
  /**
   * A socket's 'pong' and 'close' listeners, one of each for every socket (`this` is the socket):
   * a closure per socket and listener was kept for as long as the socket lived.
   */
  private readonly onPong: (this: WebSocket) => void;
  private readonly onClose: (this: WebSocket) => void;
  private readonly wakes = new Map<string, number>();
  private readonly lastFlush = new Map<string, number>();
  private beats: NodeJS.Timeout | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  /** Sequence numbers start at the clock, so they keep growing across restarts. */
  private nextSeq = Date.now();

  constructor(
    private readonly app: FastifyInstance,
    private readonly source: LiveSource,
    private readonly coalesceMs: number,
    heartbeatMs: number,
    private readonly publisher?: LivePublisher,
  ) {
    const { heartbeat, joinedTo } = this;
    this.onPong = function () {
      heartbeat.pong(this);
    };
    this.onClose = function () {
      joinedTo.get(this)?.sockets.delete(this);
      heartbeat.delete(this);
    };
    this.beats = setInterval(() => this.heartbeat.tick(), heartbeatMs / HEARTBEAT_SLICES);
    this.beats.unref();
    if (publisher) {
      // Every contest is published from the start, so an edge finds its snapshot before any write.
      this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
      this.sweeper.unref();
      setImmediate(() => this.sweep());
    }
  }

  /** Publishes the contests not published yet (new ones, or all of them at start). */
  sweep(): void {
    try {
      for (const slug of this.source.slugs()) {
        const waiting = this.pending.get(slug);
        // A flush to come publishes it anyway, unless it recomputes only other views.
        if (this.channels.get(`${slug}\u0000${PUBLIC}`)?.kept || (waiting && (!waiting.views || waiting.views.has(PUBLIC))))
          continue;
        this.flush(slug);
      }
    } catch (err) {
      this.app.log.error({ err }, 'live sweep failed');
    }
  }

  /** The current state of a view, computed from the database. */
  /** `load` shares one read of the contest among the views of one flush. */
  parts(slug: string, view: LiveView, load: LiveLoad = this.source.loader(slug)): LiveParts {
    const { parts, wakeAt } = this.source.view(slug, view, load);
    if (wakeAt !== null) this.wakeAt(slug, wakeAt);
    return parts;
  }

  private channel(slug: string, view: LiveView): Channel {
    const id = `${slug}\u0000${view}`;
    let ch = this.channels.get(id);
    if (!ch) {
      ch = {
        slug,
        view,
        sockets: new Set(),
        last: {},
        seq: this.nextSeq++,
        kept: false,
        board: null,
        history: [],
        outbox: [],
      };
      this.channels.set(id, ch);
    }
    return ch;
  }

  /**
   * Adds a socket: a snapshot, or the updates it missed when it resumes with a seq still held.
   * With `delta` its updates carry the scoreboard as a delta (the `hoithi.delta` subprotocol).
   */
  join(socket: WebSocket, slug: string, view: LiveView, since?: number, delta = false): void {
    const ch = this.channel(slug, view);
    if (delta) this.deltas.add(socket);
    // Nobody was listening, so nothing was kept up to date: start from the current state.
    if (ch.sockets.size === 0 && !ch.kept) this.reset(ch, this.parts(slug, view));
    ch.sockets.add(socket);
    this.joinedTo.set(socket, ch);
    this.heartbeat.add(socket);
    socket.on('pong', this.onPong);
    socket.on('close', this.onClose);

    if (since !== undefined) {
      const from = since === ch.seq ? ch.history.length : ch.history.findIndex((h) => h.after === since);
      if (from !== -1) {
        for (const h of ch.history.slice(from)) this.send(socket, delta ? h.delta : h.bytes);
        return;
      }
    }
    const snapshot = `{"type":"snapshot","seq":${ch.seq},"view":${JSON.stringify(view)}${Object.entries(ch.last)
      .map(([k, v]) => `,${JSON.stringify(k)}:${v}`)
      .join('')}}`;
    this.send(socket, snapshot);
  }

  private reset(ch: Channel, parts: LiveParts): void {
    ch.last = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, JSON.stringify(v)]));
    ch.history = [];
    ch.seq = this.nextSeq++;
  }

  /** A question's time runs out without any write: flush then, so screens show its answer. */
  private wakeAt(slug: string, at: number): void {
    if (this.wakes.get(slug) === at) return;
    this.wakes.set(slug, at);
    const timer = setTimeout(
      () => {
        if (this.wakes.get(slug) === at) this.wakes.delete(slug);
        this.notify(slug);
      },
      Math.max(0, at - this.app.clock.now()) + 20,
    );
    timer.unref();
  }

  /**
   * Something of this contest changed: flush soon, once for a burst of changes. `views` names the
   * only views the change can alter (a judge's sheet: the staff's, never the released ones), so a
   * flush recomputes nothing else; unset, every view. A burst's flush covers all its changes' views.
   */
  notify(slug: string, views?: readonly LiveView[]): void {
    const waiting = this.pending.get(slug);
    if (waiting) {
      if (!views) waiting.views = null;
      else for (const v of views) waiting.views?.add(v);
      return;
    }
    // Leading edge: a change after a quiet spell goes out at once (next tick, so the write's
    // own reply leaves first); changes within coalesceMs of a flush wait for the next one, and
    // then the latest state wins.
    const since = Date.now() - (this.lastFlush.get(slug) ?? 0);
    const delay = since >= this.coalesceMs ? 0 : this.coalesceMs - since;
    const flush = {
      views: views ? new Set(views) : null,
      timer: setTimeout(() => {
        this.pending.delete(slug);
        this.lastFlush.set(slug, Date.now());
        this.flush(slug, flush.views ?? undefined);
      }, delay),
    };
    this.pending.set(slug, flush);
  }

  /**
   * Recomputes every listened (or kept) view of the contest, or only those of `views`, and sends
   * what changed.
   */
  flush(slug: string, views?: ReadonlySet<LiveView>): void {
    // One read of the contest serves every view of this flush.
    const load = this.source.loader(slug);
    if (this.publisher && (!views || views.has(PUBLIC))) {
      const ch = this.channel(slug, PUBLIC);
      if (!ch.kept) {
        // Published from now on, listened or not: its whole state first.
        try {
          if (ch.sockets.size === 0) this.reset(ch, this.parts(slug, PUBLIC, load));
        } catch (err) {
          if (!(err instanceof AppError && err.code === 'CONTEST_NOT_FOUND'))
            this.app.log.error({ err, slug }, 'live flush failed');
          if (ch.sockets.size === 0) this.channels.delete(`${slug}\u0000${PUBLIC}`);
          return;
        }
        ch.kept = true;
        this.publisher.publish(slug, { type: 'snapshot', seq: ch.seq, parts: { ...ch.last } });
      }
    }
    const listened = [...this.channels.values()].filter(
      (c) => c.slug === slug && (c.sockets.size > 0 || c.kept) && (!views || views.has(c.view)),
    );
    if (listened.length === 0) return;
    let contestGone = false;
    for (const ch of listened) {
      let parts: LiveParts;
      try {
        parts = this.parts(slug, ch.view, load);
      } catch (err) {
        if (err instanceof AppError && err.code === 'CONTEST_NOT_FOUND') {
          contestGone = true;
          break;
        }
        this.app.log.error({ err, slug }, 'live flush failed');
        continue;
      }
      const changed = this.update(ch, Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, JSON.stringify(v)])));
      if (changed && ch.kept && ch.view === PUBLIC)
        this.publisher?.publish(slug, { type: 'update', seq: ch.seq, parts: changed });
    }
    if (contestGone) {
      for (const ch of listened) for (const s of ch.sockets) s.close(4404, 'contest deleted');
      if (this.channels.get(`${slug}\u0000${PUBLIC}`)?.kept) {
        this.channels.delete(`${slug}\u0000${PUBLIC}`);
        this.publisher?.publish(slug, { type: 'gone', seq: this.nextSeq++, parts: {} });
      }
    }
  }

  /**
   * Takes a channel's new state (each part as JSON text) and sends the parts that changed to its
   * sockets as one update, with the next seq or the one given (an edge takes the primary's).
   * Returns the parts that changed, or null when none did.
   */
  private update(ch: Channel, parts: Record<string, string>, seq = this.nextSeq++): Record<string, string> | null {
    const changed: Record<string, string> = {};
    let board: string | undefined;
    for (const [k, json] of Object.entries(parts)) {
      if (ch.last[k] !== json) {
        if (k === 'scoreboard') board = ch.last[k];
        ch.last[k] = json;
        changed[k] = json;
      }
    }
    if (Object.keys(changed).length === 0) return null;
    const after = ch.seq;
    ch.seq = seq;
    const bytes = `{"type":"update","seq":${seq}${Object.entries(changed)
      .map(([k, v]) => `,${JSON.stringify(k)}:${v}`)
      .join('')}}`;
    const delta = `{"type":"update","seq":${seq},"after":${after}${Object.entries(changed)
      .map(([k, v]) => (k === 'scoreboard' ? this.boardDelta(ch, board, v) : `,${JSON.stringify(k)}:${v}`))
      .join('')}}`;
    const frame = { seq, after, bytes, delta };
    ch.history.push(frame);
    if (ch.history.length > HISTORY) ch.history.shift();
    this.broadcast(ch, frame);
    return changed;
  }

  /**
   * The scoreboard's entry in a delta update: `"scoreboardDelta"` from the board sent before, or
   * the whole `"scoreboard"` when there was none, no delta can say it, or it is not smaller.
   */
  private boardDelta(ch: Channel, prev: string | undefined, next: string): string {
    const before = prev === undefined ? null : ch.board?.json === prev ? ch.board.value : (JSON.parse(prev) as ScoreboardBody);
    const value = JSON.parse(next) as ScoreboardBody;
    ch.board = { json: next, value };
    const diff = before && diffScoreboard(before, value);
    const text = diff ? JSON.stringify(diff) : null;
    return text !== null && text.length < next.length ? `,"scoreboardDelta":${text}` : `,"scoreboard":${next}`;
  }

  /**
   * An edge's hub follows the primary (server/lib/live-relay.ts): its public channels take the
   * primary's entries, with the primary's seq, so a client resumes on any process. An entry not
   * newer than the channel's state is ignored (an edge reads some again after an outage).
   */
  receive(slug: string, entry: LiveEntry): void {
    const id = `${slug}\u0000${PUBLIC}`;
    if (entry.type === 'gone') {
      const ch = this.channels.get(id);
      this.channels.delete(id);
      for (const s of ch?.sockets ?? []) s.close(4404, 'contest deleted');
      return;
    }
    const ch = this.channel(slug, PUBLIC);
    if (!ch.kept) {
      // The first state of a channel is its snapshot: nobody here has seen anything yet.
      ch.kept = true;
      ch.last = { ...entry.parts };
      ch.seq = entry.seq;
      ch.history = [];
      return;
    }
    if (entry.seq <= ch.seq) return;
    this.update(ch, entry.parts, entry.seq);
  }

  /** Whether this hub holds the public view of a contest (an edge follows it). */
  follows(slug: string): boolean {
    return this.channels.get(`${slug}\u0000${PUBLIC}`)?.kept === true;
  }

  private broadcast(ch: Channel, frame: Frame): void {
    ch.outbox.push({ ...frame, sockets: [...ch.sockets] });
    if (ch.outbox.length === 1) this.drain(ch);
  }

  private drain(ch: Channel): void {
    const job = ch.outbox[0];
    if (!job) return;
    // Encoded and framed once for every socket: ws would do both again for each one.
    const f = (job.framed ??= {});
    for (const socket of job.sockets.splice(0, BATCH))
      this.send(socket, this.deltas.has(socket) ? (f.delta ??= framed(job.delta)) : (f.bytes ??= framed(job.bytes)));
    if (job.sockets.length === 0) ch.outbox.shift();
    if (ch.outbox.length > 0) setImmediate(() => this.drain(ch));
  }

  /** Sends a text message (given as text, or as its UTF-8 bytes and frame). */
  private send(socket: WebSocket, message: string | Framed): void {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      // Too slow to keep up: drop it; it reconnects and starts again from a snapshot.
      socket.terminate();
      return;
    }
    if (typeof message === 'string') socket.send(message);
    else if (!writeFrame(socket, message.frame)) socket.send(message.payload, { binary: false });
  }

  stats(): { channels: number; sockets: number } {
    let sockets = 0;
    for (const ch of this.channels.values()) sockets += ch.sockets.size;
    return { channels: this.channels.size, sockets };
  }

  close(): void {
    clearInterval(this.beats);
    clearInterval(this.sweeper);
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.clear();
    for (const ch of this.channels.values()) for (const s of ch.sockets) s.close(1001, 'server closing');
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    live: LiveHub;
    /** Live sockets by address and kind, against their caps. */
    liveSockets: SocketGuard;
  }
}

const CONTEST_WRITE = /^\/api\/contests\/([a-z0-9-]{3,64})(?:\/|$)/;

export default fp<LivePluginOptions>(
  async (app, opts) => {
    const publisher = opts.publisher?.(app);
    const hub = new LiveHub(app, opts.source(app), opts.coalesceMs ?? 100, opts.heartbeatMs ?? 15_000, publisher);
    app.decorate('live', hub);
    const files = openFileLimits();
    const guard = new SocketGuard(defaultSocketLimits(files, opts.sockets));
    app.decorate('liveSockets', guard);
    // Below the live sockets, every TCP connection: an address holds at most its live sockets, the
    // staff's reserve and some room for HTTP (a trusted balancer excepted); in all, the process
    // keeps descriptors for its files.
    const perAddressTcp = guard.limits.perAddress + guard.limits.staffReserve + HTTP_ROOM_PER_ADDRESS;
    const tcp = new Map<string, number>();
    if (files) app.server.maxConnections = Math.max(64, Math.min(files.soft, 1 << 20) - FD_HARD_RESERVE);
    app.server.on('connection', (socket: import('node:net').Socket) => {
      // A trusted balancer's connections carry many clients: each is counted by its request.ip (live routes).
      if (app.trustedPeer(socket.remoteAddress)) return;
      const address = addressOf(socket.remoteAddress);
      const held = tcp.get(address) ?? 0;
      if (held >= perAddressTcp) {
        socket.destroy();
        return;
      }
      tcp.set(address, held + 1);
      // A TCP socket closes once: `on`, without the two objects `once` keeps per connection.
      socket.on('close', () => {
        const left = (tcp.get(address) ?? 1) - 1;
        if (left > 0) tcp.set(address, left);
        else tcp.delete(address);
      });
    });
    // Every accepted write to a contest may change what its screens show.
    app.addHook('onResponse', async (req, reply) => {
      if (req.method === 'GET' || req.method === 'HEAD' || reply.statusCode >= 400) return;
      const m = CONTEST_WRITE.exec(req.url);
      if (m?.[1]) hub.notify(m[1], viewsChangedBy(req));
      // A new contest (an import) is published at once rather than at the next sweep.
      else if (publisher) setImmediate(() => hub.sweep());
    });
    app.addHook('onClose', async () => {
      hub.close();
      await publisher?.close();
    });
  },
  { name: 'live', dependencies: ['clock'] },
);
