/**
 * Builds the web app when web/build is missing or older than its sources (or always with --force).
 * `npm start` calls it, so a fresh clone needs no separate build step.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

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

export function buildWeb(force = false): void {
  if (!force && !webBuildIsStale()) return;
  withBuildLock(() => {
    // Another process may have built it while this one waited for the lock.
    if (!force && !webBuildIsStale()) return;
    process.stdout.write('Building the web app (vite build)…\n');
    const result = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
      cwd: webDir,
      stdio: 'inherit',
    });
    if (result.status !== 0) throw new Error('web build failed');
  });
}

if (process.argv[1] && import.meta.filename === process.argv[1]) buildWeb(process.argv.includes('--force'));
