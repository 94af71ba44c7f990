/**
 * Builds the web app when web/build is missing or older than its sources (or always with --force).
 * `npm start` calls it, so a fresh clone needs no separate build step.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const webDir = join(root, 'web');
const shell = join(webDir, 'build', 'index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'build' || entry.name === '.svelte-kit') continue;
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

export function buildWeb(force = false): void {
  if (!force && !webBuildIsStale()) return;
  process.stdout.write('Building the web app (vite build)…\n');
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
    cwd: webDir,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('web build failed');
}

if (process.argv[1] && import.meta.filename === process.argv[1]) buildWeb(process.argv.includes('--force'));
