/**
 * Builds the web app when web/build is missing or older than its sources (or always with --force).
 * `npm start` calls it, so a fresh clone needs no separate build step. The build is quiet: its
 * output goes to a log file (BUILD_LOG), so that what `npm start` prints last is the addresses and
 * the organizer's password; `--verbose` or HOITHI_BUILD_VERBOSE=1 shows it, and a failed build
 * prints the end of the log.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { precompress } from './precompress.js';

const root = join(import.meta.dirname, '..');
const webDir = join(root, 'web');
const shell = join(webDir, 'build', 'index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'build', '.svelte-kit', '.build-lock'].includes(entry.name)) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function webBuildIsStale(): boolean {
  if (!existsSync(shell)) return true;
  const sources = Math.max(newestMtime(webDir), newestMtime(join(root, 'server', 'contract')));
  return sources > statSync(shell).mtimeMs;
}

const LOCK = join(webDir, '.build-lock');
/** Outside the folders the staleness check reads, so that writing it never makes the build stale. */
export const BUILD_LOG = join(webDir, '.svelte-kit', 'build.log');

/** One build at a time: parallel test runs and `npm start` must not write web/build together. */
function withBuildLock(fn: () => void): void {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock left by a killed build is stale after 10 minutes.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 10 * 60_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`web build lock ${LOCK} held for too long`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

export function buildWeb(force = false, verbose = process.env.HOITHI_BUILD_VERBOSE === '1'): void {
  if (!force && !webBuildIsStale()) return;
  withBuildLock(() => {
    // Another process may have built it while this one waited for the lock.
    if (!force && !webBuildIsStale()) return;
    const started = Date.now();
    mkdirSync(join(webDir, '.svelte-kit'), { recursive: true });
    process.stdout.write(
      verbose
        ? 'Building the web app (vite build)…\n'
        : `Building the web app (about a minute the first time; log: ${relative(process.cwd(), BUILD_LOG)})…\n`,
    );
    const log = verbose ? undefined : openSync(BUILD_LOG, 'w');
    try {
      const result = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
        cwd: webDir,
        stdio: log === undefined ? 'inherit' : ['ignore', log, log],
      });
      if (result.status !== 0) {
        if (log !== undefined) process.stderr.write(tail(readFileSync(BUILD_LOG, 'utf8'), 40));
        throw new Error(`web build failed${log === undefined ? '' : ` (full log: ${relative(process.cwd(), BUILD_LOG)})`}`);
      }
    } finally {
      if (log !== undefined) closeSync(log);
    }
    const packed = precompress(join(webDir, 'build'));
    const kb = (n: number) => `${Math.round(n / 1024)} kB`;
    process.stdout.write(
      `Web app built in ${((Date.now() - started) / 1000).toFixed(0)} s ` +
        `(${packed.files} files, ${kb(packed.bytes)}; brotli ${kb(packed.brotli)}, gzip ${kb(packed.gzip)}).\n`,
    );
  });
}

function tail(text: string, lines: number): string {
  return text.split('\n').slice(-lines).join('\n') + '\n';
}

if (process.argv[1] && import.meta.filename === process.argv[1])
  buildWeb(process.argv.includes('--force'), process.argv.includes('--verbose') || process.env.HOITHI_BUILD_VERBOSE === '1');
