/**
 * HOITHI_EDGE_WORKERS=N: N edge processes share one port through node:cluster (the primary of the
 * cluster hands each new connection to a worker in turn). A worker that dies is started again, so
 * its clients, which reconnect, find a worker. The cluster's primary serves nothing itself; on
 * SIGINT/SIGTERM it stops every worker (each closes as a lone edge does) and exits.
 */
import cluster, { type Worker } from 'node:cluster';

/** Forks the workers, which run `exec` (this process's entry point). Resolves once all listen. */
export function runEdgeWorkers(count: number, exec: string): Promise<void> {
  cluster.setupPrimary({ exec });
  const startedAt = new Map<Worker, number>();
  let closing = false;
  let listening = 0;
  const fork = () => startedAt.set(cluster.fork(), Date.now());
  const alive = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);

  const stop = (code: number) => {
    if (closing) return;
    closing = true;
    for (const w of alive()) w.kill('SIGTERM');
    if (alive().length === 0) process.exit(code);
    cluster.on('exit', () => {
      if (alive().length === 0) process.exit(code);
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));

  return new Promise((resolve) => {
    cluster.on('listening', (worker) => {
      process.stdout.write(`  edge worker ${worker.process.pid} listening\n`);
      if (++listening === count) resolve();
    });
    cluster.on('exit', (worker, code, signal) => {
      const lived = Date.now() - (startedAt.get(worker) ?? 0);
      startedAt.delete(worker);
      if (closing) return;
      if (listening === 0) {
        // None ever came up (the port taken, Redis URL refused): restarting would only loop.
        process.stderr.write(`edge worker ${worker.process.pid} failed at start (${signal ?? code}); stopping\n`);
        stop(1);
        return;
      }
      process.stderr.write(`edge worker ${worker.process.pid} exited (${signal ?? code}); starting another\n`);
      // One that dies right after its start waits a second, so a crash on start does not spin.
      setTimeout(fork, lived < 1_000 ? 1_000 : 0);
    });
    for (let i = 0; i < count; i++) fork();
  });
}
