/**
 * What the modes of `npm run bench` share: the arguments, percentiles, a process's CPU and memory
 * from /proc, the real server started on a temp copy of the demo contest, and the judges' submits.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_PACKAGE_FILE } from '../../server/bootstrap.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const SLUG = 'cchc-gialai-2019';
export const ADMIN = { email: 'bench@hoithi.test', password: 'bench-password-1' };
const CLK_TCK = 100;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `--name <number>` in `argv`, or `fallback`; a value that is not a positive number is an error. */
export function numberArg(argv: readonly string[], name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const value = Number(argv[i + 1]);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`--${name} needs a positive number, got ${argv[i + 1] ?? 'nothing'}`);
  return value;
}

/** The p-th percentile (nearest rank) of `xs`; NaN for none. */
export function pct(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1))]!;
}
export const ms = (x: number) => `${x.toFixed(1).padStart(7)} ms`;

/** One clock for every process of a bench: milliseconds since the epoch, sub-millisecond precise. */
export const now = () => performance.timeOrigin + performance.now();

/** CPU seconds (user + system) and resident memory of a process, from /proc; zeros once it is gone. */
export function usage(pid: number): { cpu: number; rss: number } {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpu = (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
    const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    return { cpu, rss };
  } catch {
    return { cpu: 0, rss: 0 };
  }
}

/**
 * Waits until `pids` together take under 5% of a core (CPU over half a second), at most
 * `maxMs`: e.g. servers closing 20,000 sockets before a phase that must not see it.
 */
export async function settledCpu(pids: () => number[], maxMs = 10_000): Promise<void> {
  const cpu = () => pids().reduce((s, p) => s + usage(p).cpu, 0);
  for (let waited = 0; waited < maxMs; waited += 500) {
    const before = cpu();
    await sleep(500);
    if (cpu() - before < 0.025) return;
  }
}

/** The cores this process may run on (Linux's Cpus_allowed_list, e.g. "0-1" or "2,5-7"), each once. */
export function allowedCpus(): number[] {
  const list = /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '0';
  return list.split(',').flatMap((part) => {
    const [a, b] = part.split('-').map(Number) as [number, number | undefined];
    return Array.from({ length: (b ?? a) - a + 1 }, (_, i) => a + i);
  });
}

/**
 * Pins every thread of each process to the cores `cpus` (taskset's list, e.g. "0" or "1-3"); the
 * threads and children they start later inherit it. Throws when taskset fails: a bench that meant
 * to separate the cores must not run with them shared.
 */
export function pinTo(pids: readonly number[], cpus: string): void {
  for (const pid of pids) {
    // taskset --all-tasks says nothing of a pid that has no tasks.
    if (!existsSync(`/proc/${pid}/task`)) throw new Error(`taskset ${cpus}: no process ${pid}`);
    const r = spawnSync('taskset', ['--all-tasks', '--cpu-list', '--pid', cpus, String(pid)], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`taskset ${cpus} failed for pid ${pid}: ${r.stderr || r.error?.message}`);
  }
}

/** The pids of a process's children, from /proc (Linux). */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(50);
  }
  throw new Error(`${url} did not come up`);
}

/** The environment of a server the bench starts: 127.0.0.1, no logs, the bench's organizer. */
export function serverEnv(dir: string, port: number, env: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    HOITHI_DATA_DIR: dir,
    HOITHI_DEMO: '0',
    HOITHI_ADMIN_EMAIL: ADMIN.email,
    HOITHI_ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'silent',
    ...env,
  };
}

/**
 * Runs server/main.ts with `env` until `${base}/api/health` answers and, when `ready` is given,
 * until it has printed that text. Its own process group (detached), so that killGroup stops it
 * with any process it forked (edge workers).
 */
export async function startServer(
  env: NodeJS.ProcessEnv,
  base: string,
  ready?: string,
): Promise<ChildProcess & { output: () => string }> {
  // HOITHI_BENCH_NODE_ARGS: e.g. --cpu-prof --cpu-prof-dir=/tmp/prof, to see where the server's time goes.
  const nodeArgs = (process.env.HOITHI_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const server = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(ROOT, 'server', 'main.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', ready ? 'pipe' : 'ignore', 'ignore'],
    detached: true,
  });
  let printed = '';
  server.stdout?.on('data', (d: Buffer) => (printed += d.toString()));
  try {
    await waitFor(`${base}/api/health`);
    for (let i = 0; ready && !printed.includes(ready); i++) {
      if (i > 1200) throw new Error(`${base} did not print ${ready}`);
      await sleep(50);
    }
  } catch (error) {
    killGroup(server);
    throw error;
  }
  return Object.assign(server, { output: () => printed });
}

/** The `writes:` line a primary printed at start (where its group commit runs, and why). */
export const writesLine = (server: { output: () => string }) => /writes: (.*)/.exec(server.output())?.[1] ?? '(not printed)';

/** SIGKILL to a child and its process group (when it leads one). */
export function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL') {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

/** Imports the demo contest (with `extraJudges` more judges) into `dir` and starts the real server on it. */
export async function startHoithi(dir: string, port: number, extraJudges: number, env: Record<string, string>) {
  const pkg = JSON.parse(readFileSync(DEMO_PACKAGE_FILE, 'utf8')) as {
    judges: { key: string; name: string; conflicts: string[] }[];
  };
  for (let i = 0; i < extraJudges; i++) {
    const n = pkg.judges.length + 1;
    pkg.judges.push({ key: `gk${n}`, name: `Giám khảo ${n}`, conflicts: [] });
  }
  const file = join(dir, 'bench.json');
  writeFileSync(file, JSON.stringify(pkg));
  const fullEnv = serverEnv(dir, port, env);
  await new Promise<void>((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'hoithi.ts'), 'import', file], {
      cwd: ROOT,
      env: fullEnv,
      stdio: 'ignore',
    });
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error('import failed'))));
  });
  // The start banner comes after the health route answers: its `writes:` line says the mode.
  return startServer(fullEnv, `http://127.0.0.1:${port}`, 'writes:');
}

/** Signs the bench's organizer in: the session cookie, the judges with their links, the teams. */
export async function contestAccess(base: string) {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const judges = (
    (await (await fetch(`${base}/api/contests/${SLUG}/judges`, { headers: { cookie } })).json()) as {
      judges: { key: string; url: string; conflicts: string[] }[];
    }
  ).judges;
  const teams = ((await (await fetch(`${base}/api/contests/${SLUG}/public`)).json()) as { teams: { key: string }[] }).teams.map(
    (t) => t.key,
  );
  return { cookie, judges, teams };
}

type Judge = Awaited<ReturnType<typeof contestAccess>>['judges'][number];

/**
 * The judges of a contest day and the host: `submit` saves a judge's sheet (its latency when
 * accepted), `judgeLoop` submits until `until`, `lock` locks a team of the first round. Answers
 * other than 200 (and 409 SHEET_LOCKED for a team locked meanwhile) count in `errors`.
 */
export function contestDay(base: string, cookie: string) {
  const state = { errors: 0 };
  const versions = new Map<string, number>();
  const submit = async (judge: Judge, team: string) => {
    const token = judge.url.split('/j/')[1]!;
    const id = `${judge.key}/${team}`;
    const started = performance.now();
    const res = await fetch(`${base}/api/contests/${SLUG}/sheets/gioi-thieu/${team}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID(), 'content-type': 'application/json' },
      body: JSON.stringify({
        marks: { 'noi-dung': Math.floor(Math.random() * 80) / 2, 'hinh-thuc': 20, 'sang-tao': 20 },
        status: 'submitted',
        baseVersion: versions.get(id) ?? 0,
      }),
    });
    const took = performance.now() - started;
    const body = (await res.json()) as { sheet?: { version: number }; error?: { code: string } };
    if (res.status === 200 && body.sheet) versions.set(id, body.sheet.version);
    else if (!(res.status === 409 && body.error?.code === 'SHEET_LOCKED')) state.errors++;
    return res.status === 200 ? took : null;
  };
  const judgeLoop = async (judge: Judge, until: number, pool: string[], out: number[]) => {
    const mine = pool.filter((t) => !judge.conflicts.includes(t));
    while (Date.now() < until) {
      const took = await submit(judge, mine[Math.floor(Math.random() * mine.length)]!);
      if (took !== null) out.push(took);
    }
  };
  const lock = async (team: string) => {
    const res = await fetch(`${base}/api/contests/${SLUG}/rounds/gioi-thieu/teams/${team}/lock`, {
      method: 'POST',
      headers: { cookie },
    });
    if (!res.ok) state.errors++;
  };
  const unlock = async (team: string) => {
    const res = await fetch(`${base}/api/contests/${SLUG}/rounds/gioi-thieu/teams/${team}/unlock`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'bench: the next phase locks it again' }),
    });
    if (!res.ok) state.errors++;
  };
  /**
   * A phase of `seconds` of the contest day: every judge submits in a loop (latencies into `out`)
   * while the host locks each of `hostLocks` in turn, evenly spread; then the host unlocks them,
   * unmeasured, so that the next phase can lock them again. The phases "nobody watching" and
   * "the audience watching" both run it on teams locked and unlocked once before (`rehearse`),
   * so that they do the same work and differ by the audience only.
   */
  const phase = async (judges: Judge[], seconds: number, pool: string[], hostLocks: string[], out: number[]) => {
    const until = Date.now() + seconds * 1000;
    const host = (async () => {
      for (const team of hostLocks) {
        await sleep((seconds * 1000) / (hostLocks.length + 1));
        await lock(team);
      }
    })();
    await Promise.all([...judges.map((j) => judgeLoop(j, until, pool, out)), host]);
    for (const team of hostLocks) await unlock(team);
  };
  /** Locks and unlocks each team once, unmeasured: every phase's lock is then a lock again after a review. */
  const rehearse = async (teams: string[]) => {
    for (const team of teams) {
      await lock(team);
      await unlock(team);
    }
  };
  return { state, submit, judgeLoop, lock, phase, rehearse };
}

/**
 * Stops what a bench started, then removes its data dir: SIGTERM first, so a server closes as it
 * does in production (and a profile asked for with HOITHI_BENCH_NODE_ARGS=--cpu-prof is written),
 * then SIGKILL for whatever is still running 3 s later.
 */
export async function cleanUp(children: ChildProcess[], dir?: string) {
  const running = children.filter((c) => c.pid !== undefined && c.exitCode === null && c.signalCode === null);
  for (const c of running) killGroup(c, 'SIGTERM');
  await Promise.race([
    Promise.all(
      running.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r)))),
    ),
    sleep(3000),
  ]);
  for (const c of children) killGroup(c);
  await sleep(200);
  if (dir) rmSync(dir, { recursive: true, force: true });
}
