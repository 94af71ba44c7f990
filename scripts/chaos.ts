/**
 * Crash safety, tested the hard way: the real server, judges submitting sheets over HTTP, and
 * SIGKILL at random moments. After every restart the judges resend what was not acknowledged,
 * with the same Idempotency-Key. At the end: integrity_check is ok, every acknowledged sheet
 * version is stored exactly once with what was acknowledged, the audit chain verifies and replays
 * to the stored sheets, and the server's scoreboard equals a recompute from the file.
 *
 *   npm run chaos                 10 kills
 *   npm run chaos -- --kills 25
 * Talks only to 127.0.0.1; stops by itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../db/client.js';
import { contestPackageSchema } from '../server/contract/package.js';
import { loadContestData, scoreboardOf } from '../server/modules/results/service.js';
import { verifyContest } from '../server/modules/audit/verify.js';
import { DEMO_PACKAGE_FILE } from '../server/bootstrap.js';
import { readFileSync } from 'node:fs';

const ROOT = join(import.meta.dirname, '..');
const SLUG = 'cchc-gialai-2019';
const ADMIN = { email: 'chaos@hoithi.test', password: 'chaos-password-1' };
/** How long a request may wait for its answer while the server is up (see send). */
const ANSWER_WITHIN_MS = 15_000;

interface Pending {
  judge: string;
  round: string;
  team: string;
  key: string;
  body: { marks: Record<string, number>; status: 'draft' | 'submitted'; baseVersion: number };
}
interface Ack {
  judge: string;
  round: string;
  team: string;
  version: number;
  marks: Record<string, number>;
  status: string;
}

export interface ChaosResult {
  kills: number;
  acknowledged: number;
  retriedAfterCrash: number;
  problems: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runChaos(opts: {
  kills: number;
  log?: (s: string) => void;
  /** HOITHI_WRITE_THREAD for the server: where its group commit runs (auto, the default, picks by the disk). */
  writeThread?: '0' | '1' | 'auto';
}): Promise<ChaosResult> {
  const log = opts.log ?? (() => undefined);
  const dir = mkdtempSync(join(tmpdir(), 'hoithi-chaos-'));
  const port = 41000 + Math.floor(Math.random() * 2000);
  const base = `http://127.0.0.1:${port}`;
  const problems: string[] = [];
  const pkg = contestPackageSchema.parse(JSON.parse(readFileSync(DEMO_PACKAGE_FILE, 'utf8')));
  const rubric = pkg.rounds.filter((r) => r.kind === 'rubric');
  const acks: Ack[] = [];
  const known = new Map<string, number>(); // sheet → last acknowledged version
  let pending: Pending[] = [];
  let retriedAfterCrash = 0;
  let tokens: Record<string, string> = {};
  let server: ChildProcess | null = null;

  const startServer = async () => {
    server = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'server', 'main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        HOITHI_DATA_DIR: dir,
        HOITHI_ADMIN_EMAIL: ADMIN.email,
        HOITHI_ADMIN_PASSWORD: ADMIN.password,
        HOITHI_PUBLIC_URL: base,
        LOG_LEVEL: 'silent',
        ...(opts.writeThread ? { HOITHI_WRITE_THREAD: opts.writeThread } : {}),
      },
      stdio: 'ignore',
    });
    // A start compiles the server with tsx: seconds on a quiet machine, more on a busy one.
    const started = server;
    let exited: number | null = null;
    started.once('exit', (code) => (exited = code ?? -1));
    const t0 = Date.now();
    const deadline = t0 + 60_000;
    while (Date.now() < deadline) {
      if (exited !== null) throw new Error(`server exited with ${exited} before it answered`);
      try {
        if ((await fetch(`${base}/api/health`)).ok) return log(`server up in ${Date.now() - t0} ms`);
      } catch {
        // not up yet
      }
      await sleep(50);
    }
    throw new Error('server did not start within 60 s');
  };
  const kill = async () => {
    const s = server;
    if (!s) return;
    const exited = new Promise((r) => s.once('exit', r));
    s.kill('SIGKILL');
    await exited;
    server = null;
  };

  const send = async (p: Pending): Promise<'ok' | 'conflict' | 'down'> => {
    let res: Response;
    try {
      res = await fetch(`${base}/api/contests/${SLUG}/sheets/${p.round}/${p.team}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${tokens[p.judge]}`, 'idempotency-key': p.key, 'content-type': 'application/json' },
        body: JSON.stringify(p.body),
        // A server that is up answers in milliseconds: a request it holds for long is a problem
        // to report, not a run that hangs until the test's time limit says nothing.
        signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
      });
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError')
        problems.push(`${p.round}/${p.team}/${p.judge}: no answer within ${ANSWER_WITHIN_MS / 1000} s`);
      return 'down';
    }
    const body = (await res.json().catch((error: unknown) => {
      // The answer's head came and its body did not, within the same time.
      if (error instanceof Error && error.name === 'TimeoutError')
        problems.push(`${p.round}/${p.team}/${p.judge}: HTTP ${res.status} without its body within ${ANSWER_WITHIN_MS / 1000} s`);
      return null;
    })) as {
      sheet?: { version: number; marks: Record<string, number>; status: string };
      current?: { version: number };
    } | null;
    const id = `${p.round}/${p.team}/${p.judge}`;
    if (res.status === 200 && body?.sheet) {
      acks.push({
        judge: p.judge,
        round: p.round,
        team: p.team,
        version: body.sheet.version,
        marks: body.sheet.marks,
        status: body.sheet.status,
      });
      known.set(id, Math.max(known.get(id) ?? 0, body.sheet.version));
      return 'ok';
    }
    if (res.status === 409) {
      if (body?.current) known.set(id, body.current.version);
      return 'conflict';
    }
    if (res.status >= 500) problems.push(`${id}: HTTP ${res.status}`);
    return 'conflict';
  };

  const newRequest = (judge: string): Pending | null => {
    const j = pkg.judges.find((x) => x.key === judge)!;
    const round = rubric[Math.floor(Math.random() * rubric.length)]!;
    const teams = pkg.teams.filter((t) => !j.conflicts.includes(t.key));
    const team = teams[Math.floor(Math.random() * teams.length)]!;
    if (round.kind !== 'rubric') return null;
    const marks = Object.fromEntries(
      round.criteria.map((c) => {
        const steps = Math.round(c.max / c.step);
        return [c.key, Math.round(Math.floor(Math.random() * (steps + 1)) * c.step * 100) / 100];
      }),
    );
    const id = `${round.key}/${team.key}/${judge}`;
    return {
      judge,
      round: round.key,
      team: team.key,
      key: randomUUID(),
      body: { marks, status: Math.random() < 0.7 ? 'submitted' : 'draft', baseVersion: known.get(id) ?? 0 },
    };
  };

  try {
    // The first start creates the account and the demo contest.
    await startServer();
    const db = openDb(join(dir, 'hoithi.sqlite'));
    tokens = Object.fromEntries(
      db.$client
        .prepare('SELECT key, token FROM judges')
        .all()
        .map((r) => [(r as { key: string }).key, (r as { token: string }).token]),
    );
    db.$client.close();

    for (let cycle = 0; cycle <= opts.kills; cycle++) {
      if (!server) await startServer();
      // What was in flight at the last kill goes again, with the same key.
      const resend = pending;
      pending = [];
      for (const p of resend) {
        retriedAfterCrash++;
        if ((await send(p)) === 'down') pending.push(p);
      }
      if (cycle === opts.kills) break;
      const killAt = Date.now() + 200 + Math.random() * 900;
      const loops = pkg.judges.map(async (j) => {
        while (Date.now() < killAt + 400) {
          const p = newRequest(j.key);
          if (!p) continue;
          const outcome = await send(p);
          if (outcome === 'down') {
            pending.push(p);
            return;
          }
        }
      });
      await sleep(Math.max(0, killAt - Date.now()));
      await kill();
      await Promise.all(loops);
      log(`kill ${cycle + 1}/${opts.kills}: ${acks.length} acknowledged, ${pending.length} in flight`);
    }

    // Check the server's own view before stopping it.
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const served = (await (await fetch(`${base}/api/contests/${SLUG}/scoreboard`, { headers: { cookie } })).json()) as {
      rows: unknown[];
    };
    await kill();

    const db2 = openDb(join(dir, 'hoithi.sqlite'));
    try {
      const integrity = String(db2.$client.pragma('integrity_check', { simple: true }));
      if (integrity !== 'ok') problems.push(`integrity_check: ${integrity}`);
      const versions = db2.$client
        .prepare(
          `SELECT r.key AS round, tm.key AS team, j.key AS judge, v.version, v.marks, v.status
           FROM sheet_versions v JOIN sheets s ON s.id = v.sheet_id JOIN rounds r ON r.id = s.round_id
           JOIN teams tm ON tm.id = s.team_id JOIN judges j ON j.id = s.judge_id`,
        )
        .all() as { round: string; team: string; judge: string; version: number; marks: string; status: string }[];
      const stored = new Map<string, (typeof versions)[number][]>();
      for (const v of versions) {
        const k = `${v.round}/${v.team}/${v.judge}#${v.version}`;
        stored.set(k, [...(stored.get(k) ?? []), v]);
      }
      for (const a of acks) {
        const k = `${a.round}/${a.team}/${a.judge}#${a.version}`;
        const rows = stored.get(k) ?? [];
        if (rows.length !== 1) {
          problems.push(`acknowledged ${k} stored ${rows.length} times`);
          continue;
        }
        const row = rows[0]!;
        const marks = Object.fromEntries(
          Object.entries(JSON.parse(row.marks) as Record<string, number>).map(([c, h]) => [c, h / 100]),
        );
        if (JSON.stringify(marks) !== JSON.stringify(a.marks) || row.status !== a.status)
          problems.push(`acknowledged ${k} differs from what is stored`);
      }
      const check = verifyContest(db2, SLUG);
      if (!check.ok) problems.push(...check.problems, ...check.replayProblems);
      const recomputed = scoreboardOf(loadContestData(db2, SLUG), 'organizer');
      if (JSON.stringify(recomputed.rows) !== JSON.stringify(served.rows))
        problems.push('served scoreboard differs from a recompute from the file');
    } finally {
      db2.$client.close();
    }
    return { kills: opts.kills, acknowledged: acks.length, retriedAfterCrash, problems };
  } finally {
    await kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const i = process.argv.indexOf('--kills');
  const kills = i > 0 ? Number(process.argv[i + 1]) : 10;
  const result = await runChaos({ kills, log: (s) => process.stdout.write(`${s}\n`) });
  process.stdout.write(
    `\n${result.kills} kills, ${result.acknowledged} acknowledged sheet writes, ${result.retriedAfterCrash} resent after a crash\n`,
  );
  if (result.problems.length) {
    process.stdout.write(`PROBLEMS:\n${result.problems.map((p) => `  ${p}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write(
    'integrity ok, every acknowledged sheet stored exactly once, audit chain ok, scoreboard equals a recompute\n',
  );
}
