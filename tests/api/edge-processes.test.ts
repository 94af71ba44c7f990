/**
 * Edges as real processes (issue #14, items 3 and 7), against a real redis-server and a primary in
 * the test: `HOITHI_EDGE_WORKERS=2` runs two workers on one port, and a worker killed while its
 * clients are connected is started again while they reconnect and get the board; an edge killed
 * while its clients are connected, whose clients reconnect to another edge (resuming with
 * `since`, or with a fresh snapshot) and get the current board, changes made meanwhile included.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { autogroupNice, schedIdle } from '../../server/lib/priority.js';
import { primaryAndEdge } from '../helpers/edge.js';
import { freePort, waitFor } from '../helpers/redis.js';

const ROOT = join(import.meta.dirname, '..', '..');
const EDGE_NICE = 3;
const SLUG = 'cchc-gialai-2019';
const env = primaryAndEdge({ listen: true });

interface EdgeProcess {
  port: number;
  pid: number;
  /** Everything it printed so far. */
  output: () => string;
  /** The pids of its workers, in the order they said they listen. */
  workers: () => number[];
  /** SIGKILL, as a crash would. */
  kill: () => Promise<void>;
}

/** Starts `HOITHI_ROLE=edge` as its own process (server/main.ts) and waits until it serves. */
async function startEdge(
  redisUrl: string,
  workers = 1,
  { detached = false, nice = String(EDGE_NICE) } = {},
): Promise<EdgeProcess> {
  const port = await freePort();
  const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      HOITHI_ROLE: 'edge',
      HOITHI_REDIS_URL: redisUrl,
      HOITHI_EDGE_WORKERS: String(workers),
      // Lower than the test's own priority, as an edge sharing a machine with its primary runs.
      HOITHI_EDGE_NICE: nice,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // In a session of its own, as a service manager or setsid starts it.
    detached,
  });
  let output = '';
  proc.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  started.push({ proc, exited, workers: () => pids(output) });
  await waitFor('the edge to start', () => (/hoithi edge is running/.test(output) ? true : undefined), 90_000).catch(
    (err: Error) => {
      throw new Error(`${err.message}:\n${output}`);
    },
  );
  return {
    port,
    pid: proc.pid!,
    output: () => output,
    workers: () => pids(output),
    kill: async () => {
      proc.kill('SIGKILL');
      await exited;
    },
  };
}
const pids = (output: string) => [...output.matchAll(/edge worker (\d+) listening/g)].map((m) => Number(m[1]));
const started: { proc: ChildProcess; exited: Promise<void>; workers: () => number[] }[] = [];

interface Msg {
  type: 'snapshot' | 'update';
  seq: number;
  [part: string]: unknown;
}

/**
 * An audience phone as the web live client behaves: it applies the snapshot and updates to its
 * state and, when its socket closes, reconnects (to `url()`, which a test may point elsewhere)
 * with `since` = the last seq it holds.
 */
function phone(url: () => string) {
  const state: Record<string, unknown> = {};
  const received: Msg[] = [];
  let seq: number | undefined;
  let socket: WebSocket | undefined;
  let stopped = false;
  const open = () => {
    if (stopped) return;
    const ws = new WebSocket(`${url()}/api/contests/${SLUG}/live${seq === undefined ? '' : `?since=${seq}`}`);
    socket = ws;
    ws.on('message', (data) => {
      const msg = JSON.parse(data.toString()) as Msg;
      received.push(msg);
      if (msg.type === 'snapshot') for (const k of Object.keys(state)) delete state[k];
      for (const [k, v] of Object.entries(msg)) if (k !== 'type' && k !== 'seq' && k !== 'view') state[k] = v;
      seq = msg.seq;
    });
    ws.on('error', () => undefined);
    ws.on('close', () => setTimeout(open, 50));
  };
  open();
  return {
    state,
    received,
    seq: () => seq,
    socket: () => socket,
    stop() {
      stopped = true;
      socket?.terminate();
    },
  };
}

/** The public view a fresh client of the in-test edge gets now: the current board and stage. */
async function current(): Promise<{ seq: number; scoreboard: unknown; stage: unknown }> {
  const port = (env.edge.server.address() as { port: number }).port;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/contests/${SLUG}/live`);
  try {
    return await new Promise((resolve, reject) => {
      ws.once('message', (data) => resolve(JSON.parse(data.toString()) as { seq: number; scoreboard: unknown; stage: unknown }));
      ws.once('error', reject);
    });
  } finally {
    ws.terminate();
  }
}

/** Waits until a phone holds the current board and stage, with `team` on stage. */
async function holdsCurrent(p: ReturnType<typeof phone>, team: string) {
  await waitFor(`a phone with ${team} on stage`, () =>
    (p.state.stage as { team?: string } | undefined)?.team === team ? true : undefined,
  );
  const now = await current();
  expect(p.seq()).toBe(now.seq);
  expect(p.state.scoreboard).toEqual(now.scoreboard);
  expect(p.state.stage).toEqual(now.stage);
}

async function stopAll(phones: ReturnType<typeof phone>[]) {
  for (const p of phones) p.stop();
  for (const s of started.splice(0)) {
    s.proc.kill('SIGTERM');
    await Promise.race([s.exited, new Promise((r) => setTimeout(r, 5_000))]);
    for (const pid of [s.proc.pid, ...s.workers()])
      try {
        if (pid) process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
  }
}

/** Linux's autogroup scheduling: CPU is shared between sessions first (server/lib/priority.ts). */
const autogroupsOn = () => {
  try {
    return readFileSync('/proc/sys/kernel/sched_autogroup_enabled', 'utf8').trim() === '1';
  } catch {
    return false;
  }
};
const autogroupOf = (pid: number) => autogroupNice(readFileSync(`/proc/${pid}/autogroup`, 'utf8'));
const ownAutogroup = autogroupsOn() ? autogroupOf(process.pid) : null;

describe('edge processes', () => {
  it('an edge in a session of its own yields its session’s autogroup too, where the kernel groups by session', async () => {
    const edge = await startEdge(env.redis.url, 1, { detached: true });
    try {
      const nice = Math.max(EDGE_NICE, getPriority());
      expect(getPriority(edge.pid)).toBe(nice);
      if (autogroupsOn()) {
        expect(autogroupOf(edge.pid)).toBe(Math.max(EDGE_NICE, ownAutogroup ?? 0));
        expect(edge.output()).toContain(`autogroup nice ${Math.max(EDGE_NICE, ownAutogroup ?? 0)}`);
        expect(autogroupOf(process.pid)).toBe(ownAutogroup);
      } else expect(edge.output()).not.toContain('autogroup');
    } finally {
      await stopAll([]);
    }
  });

  it('HOITHI_EDGE_WORKERS=2 serves the board from two workers on one port and starts a killed worker again', async () => {
    const edge = await startEdge(env.redis.url, 2);
    const phones = [0, 1].map(() => phone(() => `ws://127.0.0.1:${edge.port}`));
    try {
      expect(edge.workers()).toHaveLength(2);
      // HOITHI_EDGE_NICE: the workers inherit the edge's lowered priority (never raised above the test's own).
      const nice = Math.max(EDGE_NICE, getPriority());
      expect(edge.output()).toContain(`priority: nice ${nice}`);
      for (const pid of edge.workers()) expect(getPriority(pid)).toBe(nice);
      // An edge in the test's own session leaves the session's autogroup (the test's) alone.
      if (autogroupsOn()) expect(autogroupOf(process.pid)).toBe(ownAutogroup);
      await env.stage('bhxh');
      for (const p of phones) await holdsCurrent(p, 'bhxh');
      expect(phones[0]!.state).toEqual(phones[1]!.state);

      const [victim, survivor] = edge.workers();
      process.kill(victim!, 'SIGKILL');
      const replacement = await waitFor(
        'a worker started again',
        () => edge.workers().find((pid) => pid !== victim && pid !== survivor),
        30_000,
      );
      expect(edge.output()).toMatch(new RegExp(`edge worker ${victim} exited \\(SIGKILL\\); starting another`));
      expect(replacement).toBeGreaterThan(0);

      // Whichever worker each phone reached again, both follow the next change.
      await env.stage('kbnn');
      for (const p of phones) await holdsCurrent(p, 'kbnn');
    } finally {
      await stopAll(phones);
    }
  }, 240_000);

  it('HOITHI_EDGE_NICE=idle: every thread of the edge and of its workers runs at SCHED_IDLE, and they serve', async () => {
    const edge = await startEdge(env.redis.url, 2, { nice: 'idle' });
    const phones = [0, 1].map(() => phone(() => `ws://127.0.0.1:${edge.port}`));
    try {
      expect(edge.output()).toContain('priority: SCHED_IDLE, nice 19');
      expect(edge.workers()).toHaveLength(2);
      for (const pid of [edge.pid, ...edge.workers()]) {
        const tasks = readdirSync(`/proc/${pid}/task`);
        expect(tasks.length).toBeGreaterThan(1);
        for (const task of tasks) expect(schedIdle(readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8'))).toBe(true);
      }
      // This process is left as it was.
      expect(schedIdle(readFileSync('/proc/self/stat', 'utf8'))).toBe(false);
      await env.stage('bhxh');
      for (const p of phones) await holdsCurrent(p, 'bhxh');
    } finally {
      await stopAll(phones);
    }
  }, 240_000);

  it('an edge killed while its phones are connected: they reconnect to another edge and get the current board', async () => {
    const first = await startEdge(env.redis.url);
    const secondPort = (env.edge.server.address() as { port: number }).port;
    let target = `ws://127.0.0.1:${first.port}`;
    const phones = [0, 1, 2].map(() => phone(() => target));
    try {
      await env.stage('bhxh');
      for (const p of phones) await holdsCurrent(p, 'bhxh');
      const before = phones.map((p) => p.received.length);

      // The load balancer now sends them to the other edge, as the first dies.
      target = `ws://127.0.0.1:${secondPort}`;
      await first.kill();
      // A change while they are away: they must get it once back.
      await env.stage('kbnn');
      for (const p of phones) await holdsCurrent(p, 'kbnn');
      for (const [i, p] of phones.entries()) {
        // Back with a resume (the missed update) or a fresh snapshot; either way nothing older.
        const after = p.received.slice(before[i]);
        expect(after.length).toBeGreaterThan(0);
        expect(after.every((m) => m.seq > p.received[before[i]! - 1]!.seq)).toBe(true);
      }
    } finally {
      await stopAll(phones);
    }
  }, 240_000);
});
