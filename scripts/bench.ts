/**
 * npm run bench: the mixed load of a contest day against the real server on 127.0.0.1.
 * 7 judges submit sheets, a host locks teams, 2,000 audience sockets watch the board. Prints
 * submit and broadcast latency next to a baseline measured in the same run (the same submits
 * with no audience connected, and GET /api/health), and the errors. Bounded: about 30 s.
 *
 *   npm run bench [-- --sockets 2000 --seconds 10]
 * Targets (issue 8): 0 errors, submit p99 under 50 ms.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { DEMO_PACKAGE_FILE } from '../server/bootstrap.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SOCKETS = arg('sockets', 2000);
const SECONDS = arg('seconds', 10);
const ROOT = join(import.meta.dirname, '..');
const SLUG = 'cchc-gialai-2019';
const ADMIN = { email: 'bench@hoithi.test', password: 'bench-password-1' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pct(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms  p99 ${pct(xs, 99).toFixed(1)} ms  (n=${xs.length})`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'hoithi-bench-'));
  const port = 43000 + Math.floor(Math.random() * 1000);
  const base = `http://127.0.0.1:${port}`;
  let server: ChildProcess | null = null;
  try {
    // Seven judges, as a real panel can have: the demo's five and two more.
    const pkg = JSON.parse(readFileSync(DEMO_PACKAGE_FILE, 'utf8')) as { judges: { key: string; name: string; conflicts: string[] }[] };
    pkg.judges.push({ key: 'gk6', name: 'Giám khảo 6', conflicts: [] }, { key: 'gk7', name: 'Giám khảo 7', conflicts: [] });
    const file = join(dir, 'bench.json');
    writeFileSync(file, JSON.stringify(pkg));
    const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', HOITHI_DATA_DIR: dir, HOITHI_DEMO: '0', HOITHI_ADMIN_EMAIL: ADMIN.email, HOITHI_ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'silent' };
    await new Promise<void>((resolve, reject) => {
      const p = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'hoithi.ts'), 'import', file], { cwd: ROOT, env, stdio: 'ignore' });
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error('import failed'))));
    });
    server = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'main.ts')], { cwd: ROOT, env, stdio: 'ignore' });
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) break;
      } catch {
        if (i > 200) throw new Error('server did not start');
      }
      await sleep(50);
    }
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const judges = ((await (await fetch(`${base}/api/contests/${SLUG}/judges`, { headers: { cookie } })).json()) as { judges: { key: string; url: string; conflicts: string[] }[] }).judges;
    const teams = ((await (await fetch(`${base}/api/contests/${SLUG}/public`)).json()) as { teams: { key: string }[] }).teams.map((t) => t.key);

    let errors = 0;
    const submitOnce = async (judge: (typeof judges)[number], team: string, versions: Map<string, number>) => {
      const token = judge.url.split('/j/')[1]!;
      const started = performance.now();
      const res = await fetch(`${base}/api/contests/${SLUG}/sheets/gioi-thieu/${team}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'idempotency-key': randomUUID(), 'content-type': 'application/json' },
        body: JSON.stringify({ marks: { 'noi-dung': Math.floor(Math.random() * 80) / 2, 'hinh-thuc': 20, 'sang-tao': 20 }, status: 'submitted', baseVersion: versions.get(team) ?? 0 }),
      });
      const ms = performance.now() - started;
      const body = (await res.json()) as { sheet?: { version: number } };
      if (res.status === 200 && body.sheet) versions.set(team, body.sheet.version);
      else if (res.status !== 409) errors++;
      return { ms, status: res.status };
    };
    const judgeLoop = async (judge: (typeof judges)[number], until: number, pool: string[], out: number[]) => {
      const versions = new Map<string, number>();
      const mine = pool.filter((t) => !judge.conflicts.includes(t));
      while (Date.now() < until) {
        const r = await submitOnce(judge, mine[Math.floor(Math.random() * mine.length)]!, versions);
        if (r.status === 200) out.push(r.ms);
      }
    };
    const healthLatency: number[] = [];
    for (let i = 0; i < 300; i++) {
      const s = performance.now();
      await fetch(`${base}/api/health`);
      healthLatency.push(performance.now() - s);
    }

    // Baseline: the same submits, nobody watching. The teams the load phase locks are not used here.
    const baseline: number[] = [];
    const locked = teams.slice(10);
    const open = teams.slice(0, 10);
    const t0 = Date.now() + 3000;
    await Promise.all(judges.map((j) => judgeLoop(j, t0, open, baseline)));

    // The audience arrives.
    const sockets: WebSocket[] = [];
    const received: number[] = [];
    let pendingLock: { at: number } | null = null;
    const broadcast: number[] = [];
    let opened = 0;
    for (let i = 0; i < SOCKETS; i++) {
      const ws = new WebSocket(`${base.replace('http', 'ws')}/api/contests/${SLUG}/live`);
      ws.on('open', () => opened++);
      ws.on('error', () => errors++);
      ws.on('message', (data) => {
        received.push(1);
        if (pendingLock && String(data).includes('"scoreboard"')) broadcast.push(performance.now() - pendingLock.at);
      });
      sockets.push(ws);
      if (i % 200 === 199) await sleep(50);
    }
    for (let i = 0; i < 200 && opened < SOCKETS; i++) await sleep(50);

    const loaded: number[] = [];
    const until = Date.now() + SECONDS * 1000;
    const host = (async () => {
      for (const team of locked) {
        if (Date.now() > until - 500) break;
        await sleep((SECONDS * 1000) / locked.length);
        // Make sure the team has sheets to release, then lock it and time the fan-out.
        pendingLock = { at: performance.now() };
        const res = await fetch(`${base}/api/contests/${SLUG}/rounds/gioi-thieu/teams/${team}/lock`, { method: 'POST', headers: { cookie } });
        if (!res.ok) errors++;
      }
    })();
    await Promise.all([...judges.map((j) => judgeLoop(j, until, [...open, ...locked], loaded)), host]);
    await sleep(500);
    for (const ws of sockets) ws.terminate();

    process.stdout.write(
      [
        '',
        `hoithi bench: ${judges.length} judges submitting, a host locking, ${opened}/${SOCKETS} audience sockets, ${SECONDS} s`,
        '',
        `  baseline  GET /api/health            ${fmt(healthLatency)}`,
        `  baseline  submit, no audience        ${fmt(baseline)}`,
        `  loaded    submit, with audience      ${fmt(loaded)}`,
        `  loaded    lock → board on a socket   ${fmt(broadcast)}`,
        `  messages received by the audience    ${received.length}`,
        `  errors                               ${errors}`,
        '',
        `  target: 0 errors, submit p99 < 50 ms → ${errors === 0 && pct(loaded, 99) < 50 ? 'met' : 'NOT met'}`,
        '',
      ].join('\n'),
    );
  } finally {
    server?.kill('SIGTERM');
    await sleep(300);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
