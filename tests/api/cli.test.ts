/** The command line, run as a user runs it: a real process on a real database file. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/client.js';
import { contestPackageSchema } from '../../server/contract/package.js';
import { verifyPassword } from '../../server/lib/password.js';
import { findAccountByEmail } from '../../server/modules/auth/repository.js';
import { DEMO_FILE, demoPackage } from '../helpers/app.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
let dir: string;

async function hoithi(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'hoithi.ts'), ...args], {
      cwd: ROOT,
      env: { ...process.env, HOITHI_DATA_DIR: dir, LANG: 'en_US.UTF-8', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hoithi-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run hoithi', () => {
  it('imports a package file and exports an equal one', async () => {
    const imported = await hoithi(['import', DEMO_FILE]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('imported cchc-gialai-2019: 20 teams, 5 judges');
    const out = join(dir, 'export.json');
    expect((await hoithi(['export', 'cchc-gialai-2019', out])).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(contestPackageSchema.parse(demoPackage()));
    const toStdout = await hoithi(['export', 'cchc-gialai-2019']);
    expect(JSON.parse(toStdout.stdout).slug).toBe('cchc-gialai-2019');
  });

  it('reports each problem of an invalid package by its path and exits non-zero', async () => {
    const pkg = demoPackage();
    pkg.slug = 'Sai Slug';
    pkg.judges![0]!.conflicts = ['khong-co'];
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(pkg));
    const res = await hoithi(['import', file]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('slug: A slug is 3–64 characters');
    expect(res.stderr).toContain('judges.0.conflicts.0: No team with key "khong-co"');
  });

  it('creates an organizer account with the given password, and resets it later', async () => {
    const created = await hoithi(['create-admin', 'Chanh.VP@hoithi.test'], { HOITHI_ADMIN_PASSWORD: 'mot-mat-khau-dai' });
    expect(created.stdout).toContain('created organizer chanh.vp@hoithi.test');
    expect(created.stdout).not.toContain('mot-mat-khau-dai');
    const generated = await hoithi(['create-admin', 'chanh.vp@hoithi.test'], { HOITHI_ADMIN_PASSWORD: '' });
    expect(generated.code).toBe(1);
    const reset = await hoithi(['create-admin', 'chanh.vp@hoithi.test']);
    const password = /password: (\S+)/.exec(reset.stdout)?.[1];
    expect(reset.stdout).toContain('updated organizer');
    const db = openDb(join(dir, 'hoithi.sqlite'));
    try {
      const account = findAccountByEmail(db, 'chanh.vp@hoithi.test')!;
      expect(account.role).toBe('organizer');
      expect(await verifyPassword(password!, account.passwordHash)).toBe(true);
      expect(await verifyPassword('mot-mat-khau-dai', account.passwordHash)).toBe(false);
    } finally {
      db.$client.close();
    }
  });

  it('explains an unknown command', async () => {
    const res = await hoithi(['frobnicate']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('usage: npm run hoithi');
  });
});
