/**
 * npm run bench -- --edges 4 --sockets 20000 [--whole] [--locks 10] [--seconds 10] (issue #14, item 8):
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
 * latency while the host locks five teams, with the audience watching and, once it has gone, with
 * nobody watching (the same locks: the two differ by the audience only).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
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
  usage,
} from './common.js';

/** The one process's sockets: its open-file limit (20,000 here) less its own files and the staff's reserve. */
export const ONE_PROCESS_MAX_SOCKETS = 19_000;

export interface EdgesArgs {
  edges: number;
  sockets: number;
  locks: number;
  seconds: number;
  perClient: number;
  whole: boolean;
  /** HOITHI_EDGE_NICE of the edges (the product's default 10). */
  edgeNice: number;
  /** The niceness of the client processes: they stand for phones on other machines. */
  clientNice: number;
  /**
   * The client processes at SCHED_IDLE (`--client-sched idle`, the default): they run only on CPU
   * time no server wants, the nearest this one machine gets to phones on machines of their own.
   * `--client-sched nice`: at `clientNice` only, competing with the servers by weight.
   */
  clientIdle: boolean;
}

/** A niceness, 0-19; 10 (an edge's default) unless given. */
function niceArg(argv: readonly string[], name: string): number {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return 10;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 0 || n > 19) throw new Error(`--${name} needs a niceness from 0 to 19`);
  return n;
}

export function parseEdgesArgs(argv: readonly string[]): EdgesArgs {
  return {
    edges: Math.floor(numberArg(argv, 'edges', 4)),
    sockets: Math.floor(numberArg(argv, 'sockets', 20_000)),
    locks: Math.floor(numberArg(argv, 'locks', 10)),
    seconds: numberArg(argv, 'seconds', 10),
    perClient: Math.floor(numberArg(argv, 'per-client', 5_000)),
    whole: argv.includes('--whole'),
    edgeNice: niceArg(argv, 'edge-nice'),
    clientNice: niceArg(argv, 'client-nice'),
    clientIdle: schedArg(argv),
  };
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
  try {
    const redis = edges > 0 ? await startRedis() : null;
    if (redis) started.redis.push(redis);
    // Seven judges, as a large panel has: the demo's five and two more.
    const primary = await startHoithi(dir, port, 2, {
      HOITHI_LIVE_SOCKETS_PER_ADDRESS: String(sockets + 100),
      ...(redis ? { HOITHI_REDIS_URL: redis.url } : {}),
    });
    started.children.push(primary);
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

    progress(`${name}: connecting ${sockets} sockets`);
    const rssBefore = await settledRss(audiencePids);
    const fleet = await connectFleet({
      urls: [`${audienceBase.replace('http', 'ws')}/api/contests/${SLUG}/live`],
      count: sockets,
      perChild: args.perClient,
      whole: args.whole,
      nice: args.clientNice,
      idle: args.clientIdle,
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
    await day.phase(judges, args.seconds, openTeams, moreLocks, loaded);
    const end = await fleet.stats();
    fleet.close();

    // The same again with nobody watching: the same judges, the host locking the same teams (the
    // phase unlocked them), once the phones have gone. The two differ by the audience only.
    await Promise.all(fleet.children.map((c) => (c.exitCode !== null ? null : new Promise((r) => c.once('exit', r)))));
    await settledCpu(audiencePids);
    progress(`${name}: ${loaded.length} loaded submits; the same with nobody watching`);
    const quiet: number[] = [];
    await day.phase(judges, args.seconds, openTeams, moreLocks, quiet);

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
const verdict = (ok: boolean) => (ok ? 'pass' : 'FAIL');

/** The table of both runs and the issue's targets, checked on the edges' run. */
export function report(args: EdgesArgs, one: Figures, edges: Figures): string[] {
  const col = (a: string, b: string) => `${a.padStart(16)}  ${b.padStart(16)}`;
  const row = (label: string, a: string, b: string) => `    ${label.padEnd(32)}${col(a, b)}`;
  const lastP99 = pct(edges.lockToLast, 99);
  const quietP99 = pct(edges.quiet, 99);
  const loadedP99 = pct(edges.loaded, 99);
  return [
    '',
    `hoithi bench --edges ${args.edges} — ${args.sockets} audience sockets from ${Math.ceil(args.sockets / args.perClient)} client processes,` +
      ` ${args.locks} measured locks, 7 judges, ${args.whole ? 'whole boards (--whole)' : 'hoithi.delta frames'}`,
    `  edges: one edge process with HOITHI_EDGE_WORKERS=${args.edges} on one port (node:cluster), a private redis-server`,
    `  priorities: edges at nice ${args.edgeNice} (HOITHI_EDGE_NICE), the phones' client processes at nice ${args.clientNice}` +
      `${args.clientIdle ? ' and SCHED_IDLE (--client-sched idle)' : ''}` +
      ` (they stand for phones on other machines), the primary and the judges' clients at 0`,
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
    row('submit p50, nobody watching', ms(pct(one.quiet, 50)), ms(pct(edges.quiet, 50))),
    row('submit p99, nobody watching', ms(pct(one.quiet, 99)), ms(quietP99)),
    row('submit p50, audience + locks', ms(pct(one.loaded, 50)), ms(pct(edges.loaded, 50))),
    row('submit p99, audience + locks', ms(pct(one.loaded, 99)), ms(loadedP99)),
    row(
      'submits (quiet / loaded)',
      `${one.quiet.length} / ${one.loaded.length}`,
      `${edges.quiet.length} / ${edges.loaded.length}`,
    ),
    row('errors', String(one.errors), String(edges.errors)),
    row('sockets lost', String(one.lostSockets), String(edges.lostSockets)),
    row('each lock one seq everywhere', one.sameSeq ? 'yes' : 'no', edges.sameSeq ? 'yes' : 'no'),
    row('locks: CPU s servers / clients', cpuSplit(one), cpuSplit(edges)),
    row(`locks: wall s (${availableParallelism()} cores)`, one.lockPhase.wall.toFixed(1), edges.lockPhase.wall.toFixed(1)),
    '',
    `  targets (the edges' run):`,
    `    submit p99 with ${edges.opened} watching within 1.5× of none: ${(loadedP99 / quietP99).toFixed(2)}× → ${verdict(loadedP99 <= 1.5 * quietP99)}`,
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
