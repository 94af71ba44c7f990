/**
 * The bench's audience in child processes (audience-child.ts): `count` sockets spread over
 * ceil(count / perChild) children and, in each, round-robin over `urls`. A lock is timed from the
 * parent's request to the last socket of all children having the update, on one clock (`now`).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { LIVE_DELTA_PROTOCOL } from '../../server/contract/live-delta.js';
import { toSchedIdle } from '../../server/lib/priority.js';
import { now, pinTo } from './common.js';

export type AudienceMessage =
  | { type: 'connect'; urls: string[]; offset: number; count: number; protocol: string | null; batch: number; pauseMs: number }
  | { type: 'arm'; id: number }
  | { type: 'stats' }
  | { type: 'close' };

export type ChildReport =
  | { type: 'connected'; opened: number; refusedProtocol: number }
  | { type: 'armed'; id: number; open: number }
  | { type: 'arrived'; id: number; first: number; last: number; seqs: string[] }
  | { type: 'stats'; open: number; messages: number; bytes: number };

/** How many sockets each of `children` client processes opens so that they hold `total` in all. */
export function splitSockets(total: number, perChild: number): number[] {
  const children = Math.max(1, Math.ceil(total / perChild));
  return Array.from({ length: children }, (_, i) => Math.floor(total / children) + (i < total % children ? 1 : 0));
}

export interface Fleet {
  children: ChildProcess[];
  opened: number;
  /** Sockets that asked for `hoithi.delta` and were not given it. */
  refusedProtocol: number;
  /** Arms every child, runs `act` (e.g. a lock), and resolves with the times of the first and last socket to get the next scoreboard update. */
  time(act: () => Promise<void>, timeoutMs: number): Promise<{ t0: number; first: number; last: number; seqs: Set<string> }>;
  stats(): Promise<{ open: number; messages: number; bytes: number }>;
  close(): void;
}

/** The next report of `type` from a child (with `id` when given), or an error after `timeoutMs`. */
function next<T extends ChildReport['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
  id?: number,
): Promise<Extract<ChildReport, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', listen);
      reject(new Error(`audience client ${child.pid}: no ${type} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listen = (m: ChildReport) => {
      if (m.type !== type || (id !== undefined && 'id' in m && m.id !== id)) return;
      clearTimeout(timer);
      child.off('message', listen);
      resolve(m as Extract<ChildReport, { type: T }>);
    };
    child.on('message', listen);
  });
}

export async function connectFleet(opts: {
  urls: string[];
  count: number;
  perChild: number;
  whole: boolean;
  /** The client processes' niceness (they stand for phones on other machines). */
  nice: number;
  /** Also SCHED_IDLE, every thread (chrt): they run only on CPU time no server wants. */
  idle?: boolean;
  /** The cores the client processes run on (taskset's list), when the bench splits them. */
  cpus?: string;
  /** Every child process started is pushed here at once, so that the bench's clean-up kills it even on failure. */
  started: ChildProcess[];
}): Promise<Fleet> {
  const counts = splitSockets(opts.count, opts.perChild);
  /** SCHED_IDLE and the cores, for every thread of a client process that exists now. */
  const place = (pid: number) => {
    if (opts.idle) {
      const idle = toSchedIdle(pid);
      if (idle !== true) throw new Error(`chrt --idle failed for a client process: ${idle}`);
    }
    if (opts.cpus) pinTo([pid], opts.cpus);
  };
  const children = counts.map(() => {
    const child = fork(join(import.meta.dirname, 'audience-child.ts'), [], {
      // HOITHI_BENCH_CLIENT_NODE_ARGS: e.g. --cpu-prof --cpu-prof-dir=/tmp/prof, as for the servers.
      execArgv: [...(process.env.HOITHI_BENCH_CLIENT_NODE_ARGS ?? '').split(' ').filter(Boolean), '--import', 'tsx'],
      env: { ...process.env, HOITHI_BENCH_NICE: String(opts.nice) },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      // Each in a session of its own, as the servers are: its niceness then applies to its
      // session's autogroup too (server/lib/priority.ts), as on a machine of phones elsewhere.
      detached: true,
    });
    opts.started.push(child);
    if (child.pid !== undefined) place(child.pid);
    return child;
  });
  let offset = 0;
  const connected = await Promise.all(
    children.map((child, i) => {
      const reply = next(child, 'connected', 180_000);
      // About 2,500 new sockets a second in all, so that the servers' accept queues keep up.
      child.send({
        type: 'connect',
        urls: opts.urls,
        offset,
        count: counts[i]!,
        protocol: opts.whole ? null : LIVE_DELTA_PROTOCOL,
        batch: 50,
        pauseMs: 20 * children.length,
      } satisfies AudienceMessage);
      offset += counts[i]!;
      return reply;
    }),
  );
  // Again, now that each has started all its threads: one started while the first call ran its
  // course would have kept the bench's own scheduling and cores.
  for (const child of children) place(child.pid!);
  let armed = 0;
  return {
    children,
    opened: connected.reduce((s, c) => s + c.opened, 0),
    refusedProtocol: connected.reduce((s, c) => s + c.refusedProtocol, 0),
    async time(act, timeoutMs) {
      const id = ++armed;
      await Promise.all(
        children.map((child) => {
          const reply = next(child, 'armed', 60_000, id);
          child.send({ type: 'arm', id } satisfies AudienceMessage);
          return reply;
        }),
      );
      const arrived = Promise.all(children.map((child) => next(child, 'arrived', timeoutMs, id)));
      const t0 = now();
      await act();
      const reports = await arrived;
      return {
        t0,
        first: Math.min(...reports.map((r) => r.first)),
        last: Math.max(...reports.map((r) => r.last)),
        seqs: new Set(reports.flatMap((r) => r.seqs)),
      };
    },
    async stats() {
      const all = await Promise.all(
        children.map((child) => {
          const reply = next(child, 'stats', 60_000);
          child.send({ type: 'stats' } satisfies AudienceMessage);
          return reply;
        }),
      );
      return {
        open: all.reduce((s, r) => s + r.open, 0),
        messages: all.reduce((s, r) => s + r.messages, 0),
        bytes: all.reduce((s, r) => s + r.bytes, 0),
      };
    },
    close() {
      for (const child of children) if (child.connected) child.send({ type: 'close' } satisfies AudienceMessage);
    },
  };
}
