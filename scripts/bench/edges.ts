/**
 * npm run bench -- --edges 4 --sockets 20000 [--whole] [--locks 10] [--seconds 10] [--warm-up 5]
 *   [--cores split|shared] (issue #14, item 8):
 * the audience on edges beside the audience on the one process, in the same invocation.
 *
 * Each run starts its own server(s) on 127.0.0.1: "one process" is the default `npm start` (no
 * Redis) holding the audience itself; "edges" is a primary publishing to a private redis-server
 * (tests/helpers/redis.ts) and one edge with HOITHI_EDGE_WORKERS=N on one port, as docs/deploy.md
 * describes it (node:cluster hands each new connection to a worker in turn). The audience is
 * client processes of at most 5,000 sockets each (a process may open 20,000 files), offering the
 * `hoithi.delta` subprotocol as the web app does (`--whole`: without it, whole boards).
 *
 * Per run: the time from the host's lock request to the LAST socket having the update that carries
 * it (p50, p99 over the locks), the CPU per delivered message of the processes holding the audience
 * and of the primary, the audience processes' RSS growth per connection, and the judges' submit
 * latency while the host locks five teams: with nobody watching (after a warm-up), with the
 * audience watching, and with nobody watching again once it has gone (the same locks in all three:
 * they differ by the audience only). The target compares the audience's phase with both quiet ones.
 *
 * `--cores shared` (the default): every process on every core. `--cores split`: the primary and the
 * judges' clients on the first core, the edges, Redis and the phones on the others, as separate
 * machines would have them; within one machine they still share its caches, memory and kernel.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startRedis, type TestRedis } from '../../tests/helpers/redis.js';
import { connectFleet } from './audience.js';
import {
  childPids,
  cleanUp,
  contestAccess,
  contestDay,
  ms,
  numberArg,
  pct,
  serverEnv,
  settledCpu,
  SLUG,
  sleep,
  startHoithi,
  startServer,
  pinTo,
  usage,
  allowedCpus,
  writesLine,
} from './common.js';

/** The one process's sockets: its open-file limit (20,000 here) less its own files and the staff's reserve. */
export const ONE_PROCESS_MAX_SOCKETS = 19_000;

export interface EdgesArgs {
  edges: number;
  sockets: number;
  locks: number;
  seconds: number;
  /**
   * Seconds of judges submitting (and the host locking) before anything is measured, as `--writes`
   * does: the first measured phase otherwise ran while V8 still optimized the judges' path, and
   * counted that against the audience.
   */
  warmUp: number;
  perClient: number;
  whole: boolean;
  /**
   * HOITHI_EDGE_NICE of the edges: `idle` unless given (`--edge-nice 10` for the product's
   * default), as docs/deploy.md sets an edge on the primary's machine, which is where this bench
   * puts them.
   */
  edgeNice: number | 'idle';
  /** The niceness of the client processes: they stand for phones on other machines. */
  clientNice: number;
  /**
   * The client processes at SCHED_IDLE (`--client-sched idle`, the default): they run only on CPU
   * time no server wants, the nearest this one machine gets to phones on machines of their own.
   * `--client-sched nice`: at `clientNice` only, competing with the servers by weight.
   */
  clientIdle: boolean;
  /**
   * `--cores split`: the primary and the judges' clients (this process) on the first core, the
   * audience's side (edges, Redis, the phones) on the others, each set pinned with taskset: the
   * nearest one machine gets to a primary on a machine of its own (they still share its caches,
   * memory and kernel, and the edges get fewer cores than they would have). `--cores shared`, the
   * default: every process on every core, competing by priority only, as the issue measures.
   */
  splitCores: boolean;
  /** The cores this process may run on when the bench starts (before `--cores split` pins it). */
  cpus: number[];
}

/** A niceness, 0-19; 10 (an edge's default) unless given. */
function niceArg(argv: readonly string[], name: string): number {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return 10;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 0 || n > 19) throw new Error(`--${name} needs a niceness from 0 to 19`);
  return n;
}

/** `--edge-nice idle` or 0-19; idle unless given. */
function edgeNiceArg(argv: readonly string[]): number | 'idle' {
  const i = argv.indexOf('--edge-nice');
  if (i < 0 || argv[i + 1] === 'idle') return 'idle';
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 0 || n > 19) throw new Error('--edge-nice needs idle or a niceness from 0 to 19');
  return n;
}

export function parseEdgesArgs(argv: readonly string[]): EdgesArgs {
  return {
    edges: Math.floor(numberArg(argv, 'edges', 4)),
    sockets: Math.floor(numberArg(argv, 'sockets', 20_000)),
    locks: Math.floor(numberArg(argv, 'locks', 10)),
    seconds: numberArg(argv, 'seconds', 10),
    warmUp: numberArg(argv, 'warm-up', 5),
    perClient: Math.floor(numberArg(argv, 'per-client', 5_000)),
    whole: argv.includes('--whole'),
    edgeNice: edgeNiceArg(argv),
    clientNice: niceArg(argv, 'client-nice'),
    clientIdle: schedArg(argv),
    splitCores: coresArg(argv),
    cpus: allowedCpus(),
  };
}

function coresArg(argv: readonly string[]): boolean {
  const i = argv.indexOf('--cores');
  if (i < 0) return false;
  const v = argv[i + 1];
  if (v !== 'split' && v !== 'shared') throw new Error('--cores needs split or shared');
  if (v === 'split' && allowedCpus().length < 2) throw new Error('--cores split needs at least 2 cores');
  return v === 'split';
}

/** The cores of each side with `--cores split`: the primary's the first allowed, the audience's the rest. */
export function coreSets(cpus: readonly number[]): { primary: string; audience: string } {
  return { primary: String(cpus[0]), audience: cpus.slice(1).join(',') };
}

function schedArg(argv: readonly string[]): boolean {
  const i = argv.indexOf('--client-sched');
  if (i < 0) return true;
  const v = argv[i + 1];
  if (v !== 'idle' && v !== 'nice') throw new Error('--client-sched needs idle or nice');
  return v === 'idle';
}

interface Figures {
  sockets: number;
  opened: number;
  lockToFirst: number[];
  lockToLast: number[];
  /** µs of CPU per delivered message: the processes holding the audience, and the primary. */
  audienceCpu: number;
  primaryCpu: number;
  /** Bytes of RSS per connection, over the processes holding the audience. */
  memory: number;
  quiet: number[];
  loaded: number[];
  /** ms of the primary's CPU per accepted submit in each phase (the host's locks included). */
  submitCpu: { before: number; quiet: number; loaded: number };
  /** The judges' submits with nobody watching before the audience came (the same phase). */
  quietBefore: number[];
  /** The primary's `writes:` line: where its group commit ran (HOITHI_WRITE_THREAD=auto picks by the disk). */
  writes: string;
  errors: number;
  frameBytes: number;
  lostSockets: number;
  sameSeq: boolean;
  /** The lock phase: its wall time and the CPU seconds the servers (audience's and primary) and the client processes took in it. */
  lockPhase: { wall: number; servers: number; clients: number };
}

const sum = (pids: number[], f: (u: { cpu: number; rss: number }) => number) => pids.reduce((s, p) => s + f(usage(p)), 0);

/** The RSS of `pids` once it has settled (two readings half a second apart within 1 MiB), at most 10 s on. */
async function settledRss(pids: () => number[]): Promise<number> {
  let last = sum(pids(), (u) => u.rss);
  for (let i = 0; i < 20; i++) {
    await sleep(500);
    const rss = sum(pids(), (u) => u.rss);
    if (Math.abs(rss - last) < 1024 * 1024) return rss;
    last = rss;
  }
  return last;
}

/** Everything a run started, so that a failure, SIGINT or the time limit stops it all. */
const started: { children: ChildProcess[]; redis: TestRedis[]; dirs: string[] } = { children: [], redis: [], dirs: [] };

async function stopAll() {
  const { children, redis, dirs } = started;
  started.children = [];
  started.redis = [];
  started.dirs = [];
  await cleanUp(children);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  await Promise.all(redis.map((r) => r.stop()));
}

/** Where a run is, on stderr: at 20,000 sockets on a busy machine a run takes minutes. */
const progress = (what: string) => process.stderr.write(`  ${new Date().toISOString().slice(11, 19)} ${what}\n`);

async function run(args: EdgesArgs, edges: number): Promise<Figures> {
  const name = edges > 0 ? `${edges} edge workers` : 'one process';
  const sockets = edges > 0 ? args.sockets : Math.min(args.sockets, ONE_PROCESS_MAX_SOCKETS);
  const dir = mkdtempSync(join(tmpdir(), 'hoithi-bench-'));
  started.dirs.push(dir);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const cores = args.splitCores ? coreSets(args.cpus) : null;
  try {
    const redis = edges > 0 ? await startRedis() : null;
    if (redis) started.redis.push(redis);
    if (redis && cores) pinTo([redis.pid()!], cores.audience);
    // Seven judges, as a large panel has: the demo's five and two more.
    const primary = await startHoithi(dir, port, 2, {
      HOITHI_LIVE_SOCKETS_PER_ADDRESS: String(sockets + 100),
      ...(redis ? { HOITHI_REDIS_URL: redis.url } : {}),
    });
    started.children.push(primary);
    if (cores) pinTo([primary.pid!], cores.primary);
    let audienceBase = base;
    let audiencePids = () => [primary.pid!];
    if (redis) {
      const edgePort = await freePort();
      audienceBase = `http://127.0.0.1:${edgePort}`;
      const edge = await startServer(
        serverEnv(dir, edgePort, {
          HOITHI_ROLE: 'edge',
          HOITHI_REDIS_URL: redis.url,
          HOITHI_EDGE_WORKERS: String(edges),
          HOITHI_EDGE_NICE: String(args.edgeNice),
          // Every socket of the bench comes from 127.0.0.1.
          HOITHI_LIVE_SOCKETS_PER_ADDRESS: '100000',
        }),
        audienceBase,
        edges > 1 ? 'workers)' : 'edge is running',
      );
      started.children.push(edge);
      // The cluster's primary (it accepts and hands out the connections) and its workers.
      audiencePids = () => [edge.pid!, ...childPids(edge.pid!)];
      if (cores) pinTo(audiencePids(), cores.audience);
    }

    progress(`${name}: servers up`);
    const { cookie, judges, teams } = await contestAccess(base);
    const day = contestDay(base, cookie);
    // Every team gets sheets first, so each lock releases a new result to the audience.
    await Promise.all(
      judges.map(async (j) => Promise.all(teams.filter((t) => !j.conflicts.includes(t)).map((t) => day.submit(j, t)))),
    );
    const lockTeams = teams.slice(0, args.locks + 1);
    const openTeams = teams.slice(args.locks + 1);
    const moreLocks = openTeams.slice(0, 5);
    if (openTeams.length < 5) throw new Error(`--locks ${args.locks} leaves too few teams (${teams.length} in the demo)`);

    // The judges' path warm, before any phase is measured: the same work as a phase, unmeasured.
    progress(`${name}: ${args.warmUp} s of warm-up`);
    await day.rehearse(moreLocks);
    await day.phase(judges, args.warmUp, openTeams, moreLocks, []);
    // Nobody watching, before the audience comes: with the same phase after it has gone, this
    // shows what the order of the phases does (a server warming up, a database growing).
    const quietBefore: number[] = [];
    await day.rehearse(moreLocks);
    const quietBeforeCpu0 = usage(primary.pid!).cpu;
    await day.phase(judges, args.seconds, openTeams, moreLocks, quietBefore);
    const quietBeforeCpu = usage(primary.pid!).cpu - quietBeforeCpu0;

    progress(`${name}: connecting ${sockets} sockets`);
    const rssBefore = await settledRss(audiencePids);
    const fleet = await connectFleet({
      urls: [`${audienceBase.replace('http', 'ws')}/api/contests/${SLUG}/live`],
      count: sockets,
      perChild: args.perClient,
      whole: args.whole,
      nice: args.clientNice,
      idle: args.clientIdle,
      ...(cores ? { cpus: cores.audience } : {}),
      started: started.children,
    });
    if (fleet.opened < sockets) throw new Error(`only ${fleet.opened}/${sockets} sockets opened`);
    if (fleet.refusedProtocol > 0) throw new Error(`${fleet.refusedProtocol} sockets were not given hoithi.delta`);
    const rssConnected = await settledRss(audiencePids);

    progress(`${name}: ${fleet.opened} sockets open; locking`);
    const lockToFirst: number[] = [];
    const lockToLast: number[] = [];
    const seqs = new Set<string>();
    const stats0 = await fleet.stats();
    const clientPids = fleet.children.map((c) => c.pid!);
    const wall0 = performance.now();
    const cpu0 = {
      audience: sum(audiencePids(), (u) => u.cpu),
      primary: usage(primary.pid!).cpu,
      clients: sum(clientPids, (u) => u.cpu),
    };
    for (const [i, team] of lockTeams.entries()) {
      const t = await fleet.time(() => day.lock(team), 30_000);
      if (i > 0) {
        // The first lock warms up.
        lockToFirst.push(t.first - t.t0);
        lockToLast.push(t.last - t.t0);
      }
      for (const s of t.seqs) seqs.add(`${i}:${s}`);
      if (t.seqs.size > 1) seqs.add(`${i}:split`);
      await sleep(300);
    }
    const stats1 = await fleet.stats();
    const delivered = stats1.messages - stats0.messages;
    const cpu1 = {
      audience: sum(audiencePids(), (u) => u.cpu),
      primary: usage(primary.pid!).cpu,
      clients: sum(clientPids, (u) => u.cpu),
    };
    const wall = (performance.now() - wall0) / 1000;

    // Mixed load: the judges submit while the host locks and the audience watches.
    await day.rehearse(moreLocks);
    progress(`${name}: lock → last ${lockToLast.map((x) => x.toFixed(0)).join(', ')} ms; mixed load`);
    const loaded: number[] = [];
    const loadedCpu0 = usage(primary.pid!).cpu;
    await day.phase(judges, args.seconds, openTeams, moreLocks, loaded);
    const loadedCpu = usage(primary.pid!).cpu - loadedCpu0;
    const end = await fleet.stats();
    fleet.close();

    // The same again with nobody watching: the same judges, the host locking the same teams (the
    // phase unlocked them), once the phones have gone. The two differ by the audience only.
    await Promise.all(fleet.children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r)))));
    await settledCpu(audiencePids);
    progress(`${name}: ${loaded.length} loaded submits; the same with nobody watching`);
    const quiet: number[] = [];
    const quietCpu0 = usage(primary.pid!).cpu;
    await day.phase(judges, args.seconds, openTeams, moreLocks, quiet);
    const quietCpu = usage(primary.pid!).cpu - quietCpu0;

    return {
      sockets,
      opened: fleet.opened,
      lockToFirst,
      lockToLast,
      audienceCpu: ((cpu1.audience - cpu0.audience) / delivered) * 1e6,
      primaryCpu: ((cpu1.primary - cpu0.primary) / delivered) * 1e6,
      memory: (rssConnected - rssBefore) / fleet.opened,
      quiet,
      loaded,
      quietBefore,
      writes: writesLine(primary),
      submitCpu: {
        before: (quietBeforeCpu / quietBefore.length) * 1000,
        quiet: (quietCpu / quiet.length) * 1000,
        loaded: (loadedCpu / loaded.length) * 1000,
      },
      errors: day.state.errors,
      frameBytes: (stats1.bytes - stats0.bytes) / delivered,
      lostSockets: fleet.opened - end.open,
      sameSeq: ![...seqs].some((s) => s.endsWith(':split')),
      lockPhase: {
        wall,
        servers: cpu1.audience - cpu0.audience + (edges > 0 ? cpu1.primary - cpu0.primary : 0),
        clients: cpu1.clients - cpu0.clients,
      },
    };
  } finally {
    await stopAll();
  }
}

const KiB = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const us = (x: number) => `${x.toFixed(2)} µs`;
const cpuSplit = (f: Figures) => `${f.lockPhase.servers.toFixed(1)} / ${f.lockPhase.clients.toFixed(1)}`;
const submits = (f: Figures) => `${f.quietBefore.length}/${f.loaded.length}/${f.quiet.length}`;
const cpuMs = (x: number) => `${x.toFixed(3)} ms`;
const verdict = (ok: boolean) => (ok ? 'pass' : 'FAIL');

/** The table of both runs and the issue's targets, checked on the edges' run. */
export function report(args: EdgesArgs, one: Figures, edges: Figures): string[] {
  const col = (a: string, b: string) => `${a.padStart(16)}  ${b.padStart(16)}`;
  const row = (label: string, a: string, b: string) => `    ${label.padEnd(32)}${col(a, b)}`;
  const lastP99 = pct(edges.lockToLast, 99);
  // Nobody watching: both quiet phases, the one before the audience came and the one after it
  // left (A B A), so that neither the server warming up nor the database growing favours a side.
  const quietP99 = pct([...edges.quietBefore, ...edges.quiet], 99);
  const loadedP99 = pct(edges.loaded, 99);
  return [
    '',
    `hoithi bench --edges ${args.edges} — ${args.sockets} audience sockets from ${Math.ceil(args.sockets / args.perClient)} client processes,` +
      ` ${args.locks} measured locks, 7 judges, ${args.whole ? 'whole boards (--whole)' : 'hoithi.delta frames'},` +
      ` phases of ${args.seconds} s after ${args.warmUp} s of warm-up`,
    `  edges: one edge process with HOITHI_EDGE_WORKERS=${args.edges} on one port (node:cluster), a private redis-server`,
    `  priorities: edges at ${args.edgeNice === 'idle' ? 'SCHED_IDLE' : `nice ${args.edgeNice}`} (HOITHI_EDGE_NICE=${args.edgeNice}, as on the primary's machine), the phones' client processes at nice ${args.clientNice}` +
      `${args.clientIdle ? ' and SCHED_IDLE (--client-sched idle)' : ''}` +
      ` (they stand for phones on other machines), the primary and the judges' clients at 0`,
    `  the primary's writes: ${one.writes} (one process); ${edges.writes} (edges)`,
    args.splitCores
      ? `  cores (--cores split): the primary and the judges' clients (this process) on core ${coreSets(args.cpus).primary},` +
        ` the edges, Redis and the phones on ${coreSets(args.cpus).audience}, as on machines of their own`
      : `  cores (--cores shared): every process on all ${args.cpus.length} cores`,
    '',
    row('', 'one process', `${args.edges} edge workers`),
    row('sockets', String(one.opened), String(edges.opened)),
    row('lock → first socket p50', ms(pct(one.lockToFirst, 50)), ms(pct(edges.lockToFirst, 50))),
    row('lock → last socket p50', ms(pct(one.lockToLast, 50)), ms(pct(edges.lockToLast, 50))),
    row('lock → last socket p99', ms(pct(one.lockToLast, 99)), ms(lastP99)),
    row('CPU / delivered msg, audience', us(one.audienceCpu), us(edges.audienceCpu)),
    row('CPU / delivered msg, primary', us(one.primaryCpu), us(edges.primaryCpu)),
    row('memory / connection', KiB(one.memory), KiB(edges.memory)),
    row('frame (bytes, mean)', one.frameBytes.toFixed(0), edges.frameBytes.toFixed(0)),
    row('submit p50, nobody (before)', ms(pct(one.quietBefore, 50)), ms(pct(edges.quietBefore, 50))),
    row('submit p99, nobody (before)', ms(pct(one.quietBefore, 99)), ms(pct(edges.quietBefore, 99))),
    row('submit p50, audience + locks', ms(pct(one.loaded, 50)), ms(pct(edges.loaded, 50))),
    row('submit p99, audience + locks', ms(pct(one.loaded, 99)), ms(loadedP99)),
    row('submit p50, nobody (after)', ms(pct(one.quiet, 50)), ms(pct(edges.quiet, 50))),
    row('submit p99, nobody (after)', ms(pct(one.quiet, 99)), ms(pct(edges.quiet, 99))),
    row('submit p99, nobody (both)', ms(pct([...one.quietBefore, ...one.quiet], 99)), ms(quietP99)),
    row('submits before/audience/after', submits(one), submits(edges)),
    row('primary CPU/submit, before', cpuMs(one.submitCpu.before), cpuMs(edges.submitCpu.before)),
    row('primary CPU/submit, audience', cpuMs(one.submitCpu.loaded), cpuMs(edges.submitCpu.loaded)),
    row('primary CPU/submit, after', cpuMs(one.submitCpu.quiet), cpuMs(edges.submitCpu.quiet)),
    row('errors', String(one.errors), String(edges.errors)),
    row('sockets lost', String(one.lostSockets), String(edges.lostSockets)),
    row('each lock one seq everywhere', one.sameSeq ? 'yes' : 'no', edges.sameSeq ? 'yes' : 'no'),
    row('locks: CPU s servers / clients', cpuSplit(one), cpuSplit(edges)),
    row(`locks: wall s (${args.cpus.length} cores)`, one.lockPhase.wall.toFixed(1), edges.lockPhase.wall.toFixed(1)),
    '',
    `  targets (the edges' run):`,
    `    submit p99 with ${edges.opened} watching within 1.5× of none (both quiet phases): ${(loadedP99 / quietP99).toFixed(2)}× → ${verdict(loadedP99 <= 1.5 * quietP99)}`,
    `    lock → last of ${edges.opened} p99 under 1 s: ${ms(lastP99).trim()} → ${verdict(lastP99 < 1000)}`,
    `    at most 12 KiB per connection: ${KiB(edges.memory)} → ${verdict(edges.memory <= 12 * 1024)}`,
    `    0 errors, no socket lost: ${verdict(edges.errors === 0 && edges.lostSockets === 0)}`,
    one.sockets < args.sockets
      ? `  (the one process held ${one.sockets}: its open-file limit is 20,000, so ${args.sockets} cannot watch one process here)`
      : '',
    '',
  ];
}

export async function benchEdges(argv: readonly string[]): Promise<string[]> {
  const args = parseEdgesArgs(argv);
  const onSignal = () => void stopAll().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // Bounded: whatever hangs, everything is stopped after ten minutes.
  const limit = setTimeout(() => {
    process.stderr.write('bench --edges: time limit reached, stopping\n');
    onSignal();
  }, 600_000);
  limit.unref();
  // The judges' clients run in this process: with --cores split they sit with the primary.
  if (args.splitCores) pinTo([process.pid], coreSets(args.cpus).primary);
  try {
    const one = await run(args, 0);
    const edges = await run(args, args.edges);
    return report(args, one, edges);
  } finally {
    clearTimeout(limit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
