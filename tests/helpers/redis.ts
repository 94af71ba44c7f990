/**
 * A private redis-server for one test file: Debian's package (`.ci/run` installs it), on a free
 * port, in a temp dir, with no config file and no persistence unless asked. A test can kill it
 * and start it again on the same port, as an outage would. A machine without redis-server fails
 * the test loudly: these tests are never skipped.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServerOptions {
  /** Keep the data across a restart (RDB snapshot on shutdown), as a server with persistence would. */
  persist?: boolean;
  /** An append-only file fsynced at every write (appendfsync always): what an acknowledged write survives a SIGKILL with. */
  appendOnly?: boolean;
}

export interface TestRedis {
  port: number;
  url: string;
  /** The running server's pid (undefined while it is down). */
  pid(): number | undefined;
  /** Kills the server at once (SIGKILL): no save, connections cut. */
  kill(): Promise<void>;
  /** Starts it again on the same port and waits until it accepts connections. */
  start(): Promise<void>;
  /** Kills it and removes its temp dir. */
  stop(): Promise<void>;
}

const BINARY = process.env.REDIS_SERVER ?? 'redis-server';

function requireBinary(): void {
  const probe = spawnSync(BINARY, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0)
    throw new Error(
      `redis-server is missing (${probe.error?.message ?? `exit ${probe.status}`}): install Debian's redis-server package (.ci/run does)`,
    );
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startRedis(opts: RedisServerOptions = {}): Promise<TestRedis> {
  requireBinary();
  const dir = mkdtempSync(join(tmpdir(), 'hoithi-redis-'));
  const port = await freePort();
  let child: ChildProcess | null = null;
  let output = '';

  const start = async () => {
    if (child) throw new Error('redis-server is already running');
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      opts.appendOnly ? 'yes' : 'no',
      '--appendfsync',
      'always',
      '--save',
      opts.persist ? '3600 1' : '',
    ];
    const proc = spawn(BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    output = '';
    proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
    proc.once('exit', () => {
      if (child === proc) child = null;
    });
    const deadline = Date.now() + 10_000;
    while (!(await accepts(port))) {
      if (child !== proc) throw new Error(`redis-server exited at start:\n${output}`);
      if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}:\n${output}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  const kill = async () => {
    const proc = child;
    if (!proc) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill(opts.persist ? 'SIGTERM' : 'SIGKILL');
    });
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    pid: () => child?.pid,
    kill,
    start,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A primary that publishes to Redis at `url`, with the demo contest and the host signed in. */
export async function publishingPrimary(url: string) {
  // Imported here so that the redis-server helper alone loads no app.
  const [{ openDb }, { buildApp }, { upsertAccount }, { HOST, ORGANIZER, importDemo, login }] = await Promise.all([
    import('../../db/client.js'),
    import('../../server/app.js'),
    import('../../server/modules/auth/repository.js'),
    import('./app.js'),
  ]);
  const db = openDb(':memory:');
  await upsertAccount(db, ORGANIZER.email, ORGANIZER.password, 'organizer');
  await upsertAccount(db, HOST.email, HOST.password, 'host');
  const app = await buildApp({ db, closeDb: true, webRoot: null, live: { coalesceMs: 20, heartbeatMs: 60_000 }, redisUrl: url });
  await app.ready();
  const organizer = await login(app);
  const host = await login(app, HOST);
  await importDemo(app, organizer);
  /** The host puts a team of the first round on stage. */
  const stage = async (team: string) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/contests/cchc-gialai-2019/stage',
      headers: { cookie: host },
      payload: { round: 'gioi-thieu', team },
    });
    if (res.statusCode !== 200) throw new Error(`stage failed: ${res.statusCode} ${res.body}`);
  };
  return { app, stage };
}

/** Polls `get` until it gives a value (an error counts as none yet). */
export async function waitFor<T>(what: string, get: () => T | undefined | Promise<T | undefined>, ms = 8000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await Promise.resolve()
      .then(get)
      .catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
