/** The process: configuration, database, first start, listen, graceful close. */
import type { FastifyInstance } from 'fastify';
import { networkInterfaces } from 'node:os';
import { dirname } from 'node:path';
import { openDb } from '../db/client.js';
import { writeModeFor, writeModeLine } from '../db/fsync-probe.js';
import { buildApp } from './app.js';
import { ensureFirstAdmin, seedDemo } from './bootstrap.js';
import { loadConfig, type Config } from './config.js';
import { yieldCpu } from './lib/priority.js';
import { defaultSocketLimits, raiseOpenFileLimit } from './lib/sockets.js';
import { loadTls } from './lib/tls.js';
import { loadInstallSecret } from './modules/votes/device.js';

function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a): a is NonNullable<typeof a> => !!a && a.family === 'IPv4' && !a.internal)
    .map((a) => a.address);
}

/** Closes the app on SIGINT/SIGTERM, within ten seconds. */
function closeOnSignals(app: {
  log: { info(o: object, m: string): void; error(o: object, m: string): void };
  close(): Promise<unknown>;
}) {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'closing');
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'close failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/** The live sockets' caps, from the configuration and the open-file limit (raised first when it can be). */
function liveSocketLimits(config: Config) {
  const files = raiseOpenFileLimit();
  const sockets = defaultSocketLimits(files, {
    perAddress: config.HOITHI_LIVE_SOCKETS_PER_ADDRESS,
    ...(config.HOITHI_LIVE_SOCKETS_MAX ? { total: config.HOITHI_LIVE_SOCKETS_MAX } : {}),
  });
  return { files, sockets };
}

/**
 * Listens without Fastify's own "Server listening at …" log lines: the block printed next names
 * every address, and the log (written out asynchronously) would otherwise land after it, pushing
 * the organizer's one-time password up the terminal.
 */
async function listenQuietly(app: FastifyInstance, config: Config): Promise<number> {
  const level = app.log.level;
  app.log.level = 'warn';
  try {
    await app.listen({ port: config.PORT, host: config.HOST });
  } finally {
    app.log.level = level;
  }
  return (app.server.address() as { port: number }).port;
}

/** HOITHI_TRUST_PROXY, as the start-up message says it (a line, or nothing when unset). */
const trustLine = (config: Config) =>
  config.HOITHI_TRUST_PROXY ? `  client addresses from X-Forwarded-For of: ${config.HOITHI_TRUST_PROXY.join(', ')}\n` : '';

/**
 * HOITHI_ROLE=edge: no database; the audience's live view followed from Redis (server/edge.ts).
 * With HOITHI_EDGE_WORKERS > 1 this process forks that many edges on the port (server/edge/workers.ts),
 * each of which runs this function again as a worker.
 */
async function edge(config: Config) {
  const { sockets } = liveSocketLimits(config);
  // Before the workers fork: they inherit it.
  const { nice, autogroup, idle } = yieldCpu(config.HOITHI_EDGE_NICE);
  const schedLine = idle === true ? 'SCHED_IDLE, ' : idle !== undefined ? `SCHED_IDLE not in force (${idle}), so only ` : '';
  const banner = (port: number | string, workers: string) =>
    `\nhoithi edge is running / máy chủ phụ đang chạy: http://localhost:${port}/${workers}\n` +
    `  following the primary through Redis at ${new URL(config.HOITHI_REDIS_URL!).host}\n` +
    `  priority: ${schedLine}nice ${nice}${autogroup !== null ? `, its session's autogroup nice ${autogroup}` : ''}${nice > 0 ? ' (a primary on this machine serves its judges first)' : ''}\n` +
    `  live sockets: ${sockets.perAddress} per address (all edges together), ${sockets.total} in all${config.HOITHI_EDGE_WORKERS > 1 ? ' (each worker)' : ''}\n` +
    trustLine(config) +
    '\n';
  const cluster = config.HOITHI_EDGE_WORKERS > 1 ? (await import('node:cluster')).default : null;
  if (cluster?.isPrimary) {
    const { runEdgeWorkers } = await import('./edge/workers.js');
    await runEdgeWorkers(config.HOITHI_EDGE_WORKERS, import.meta.filename);
    process.stdout.write(banner(config.PORT, ` (${config.HOITHI_EDGE_WORKERS} workers)`));
    return;
  }
  const { buildEdge, edgeVotes } = await import('./edge.js');
  const app = await buildEdge({
    redisUrl: config.HOITHI_REDIS_URL!,
    logger: { level: config.LOG_LEVEL },
    live: { sockets },
    votes: edgeVotes(config),
    ...(config.HOITHI_TRUST_PROXY ? { trustProxy: config.HOITHI_TRUST_PROXY } : {}),
  });
  const port = await listenQuietly(app, config);
  if (!cluster) process.stdout.write(banner(port, ''));
  closeOnSignals(app);
  // A worker whose cluster primary is gone can no longer be reached: it closes.
  if (cluster) process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

async function main() {
  const config = loadConfig();
  if (config.HOITHI_ROLE === 'edge') return edge(config);
  const db = openDb(config.dbFile);
  const lan = lanAddresses();
  const wildcard = config.HOST === '0.0.0.0' || config.HOST === '::';
  const shownHost = wildcard ? (lan[0] ?? 'localhost') : config.HOST;
  // The HTTPS mode (HOITHI_TLS_CERT/KEY): a file that cannot be read stops the start with its name.
  const https = config.HOITHI_TLS_CERT ? loadTls(config.HOITHI_TLS_CERT, config.HOITHI_TLS_KEY!) : undefined;
  const scheme = https ? 'https' : 'http';

  // The soft open-file limit is raised to the hard one when it can be (server/lib/sockets.ts); the
  // live sockets' caps follow whatever limit is in force.
  const { files, sockets } = liveSocketLimits(config);
  // Measured before the app starts: nothing else writes to the disk yet.
  const writeMode = writeModeFor(config.HOITHI_WRITE_THREAD, dirname(config.dbFile));
  const admin = await ensureFirstAdmin(db, config.HOITHI_ADMIN_EMAIL, config.HOITHI_ADMIN_PASSWORD);
  const app = await buildApp({
    db,
    closeDb: true,
    logger: { level: config.LOG_LEVEL },
    publicUrl: config.HOITHI_PUBLIC_URL ?? `${scheme}://${shownHost}:${config.PORT}`,
    votes: {
      deviceSecret: loadInstallSecret(config.HOITHI_DATA_DIR),
      devicesPerMinutePerIp: config.HOITHI_VOTE_DEVICES_PER_MINUTE,
    },
    live: { sockets },
    writeThread: writeMode.thread,
    ...(config.HOITHI_REDIS_URL ? { redisUrl: config.HOITHI_REDIS_URL } : {}),
    ...(https ? { https } : {}),
    ...(config.HOITHI_TRUST_PROXY ? { trustProxy: config.HOITHI_TRUST_PROXY } : {}),
  });
  const demo =
    config.HOITHI_DEMO === '1' ? seedDemo(db, config.HOITHI_PUBLIC_URL ?? `${scheme}://${shownHost}:${config.PORT}`) : null;

  const port = await listenQuietly(app, config);

  const lines = ['', 'hoithi is running / hoithi đang chạy:', `  ${scheme}://localhost:${port}/`];
  if (wildcard) for (const ip of lan) lines.push(`  ${scheme}://${ip}:${port}/   (LAN: tablets, phones, projector)`);
  lines.push(`  data: ${config.dbFile}`, writeModeLine(writeMode));
  if (config.HOITHI_REDIS_URL)
    lines.push(`  publishing the audience's live view to Redis at ${new URL(config.HOITHI_REDIS_URL).host} (edges follow it)`);
  lines.push(
    `  live sockets: ${sockets.perAddress} per address, ${sockets.total} in all` +
      (files ? ` (open files: ${files.soft}${files.raised ? ', raised' : ''})` : ''),
  );
  if (config.HOITHI_TRUST_PROXY) lines.push(trustLine(config).trimEnd());
  if (demo) lines.push(`  demo contest loaded / đã nạp hội thi mẫu: ${demo}`);
  if (admin) {
    lines.push('', `  First organizer account / Tài khoản Ban Tổ chức đầu tiên: ${admin.email}`);
    if (admin.generatedPassword)
      lines.push(
        `  Password / Mật khẩu: ${admin.generatedPassword}`,
        '  (shown only this once; change it with: npm run hoithi -- create-admin <email>)',
      );
  }
  process.stdout.write(lines.join('\n') + '\n\n');

  closeOnSignals(app);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
