import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../db/client.js';
import { buildApp } from '../../server/app.js';
import { backupTo, integrityOf } from '../../server/lib/backup.js';
import { upsertAccount } from '../../server/modules/auth/repository.js';
import { DEMO_FILE, HOST, login, ORGANIZER } from '../helpers/app.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
let dir: string;
const cli = (args: string[]) =>
  run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'hoithi.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, HOITHI_DATA_DIR: dir },
  });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hoithi-backup-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('backup and restore', () => {
  it('copies the database while it is open and being written, and restores it', async () => {
    await cli(['import', DEMO_FILE]);
    // A writer holds the database open (as the server does) and keeps writing during the backup.
    const writer = new Database(join(dir, 'hoithi.sqlite'));
    writer.pragma('journal_mode = WAL');
    const writing = setInterval(() => writer.prepare("UPDATE contests SET venue = 'Pleiku ' || abs(random() % 1000)").run(), 1);
    const backup = join(dir, 'copy.sqlite');
    const { stdout } = await cli(['backup', backup]);
    clearInterval(writing);
    expect(stdout).toContain('integrity ok');
    expect(integrityOf(backup)).toBe('ok');
    writer.prepare('DELETE FROM contests').run();
    writer.close();
    expect((await cli(['list'])).stdout).toBe('');
    const restored = await cli(['restore', backup]);
    expect(restored.stdout).toContain('restored');
    expect((await cli(['list'])).stdout).toContain('cchc-gialai-2019');
  });

  it('a copy ends even when another connection writes between each of its steps', async () => {
    const file = join(dir, 'busy.sqlite');
    const db = openDb(file);
    db.$client.exec('CREATE TABLE filler (x TEXT)');
    const fill = db.$client.prepare('INSERT INTO filler VALUES (?)');
    db.$client.transaction(() => {
      for (let i = 0; i < 2000; i++) fill.run('x'.repeat(4000));
    })();
    // As the write thread does (db/write-thread.ts): its own connection, writing all the time.
    const other = new Database(file);
    let writes = 0;
    let writing = true;
    const write = () => {
      if (!writing) return;
      other.prepare("INSERT INTO filler VALUES ('y')").run();
      writes++;
      setImmediate(write);
    };
    write();
    const copy = join(dir, 'busy-copy.sqlite');
    await backupTo(db.$client, copy);
    writing = false;
    expect(writes).toBeGreaterThan(0);
    expect(integrityOf(copy)).toBe('ok');
    const rows = new Database(copy, { readonly: true });
    expect(rows.prepare('SELECT count(*) FROM filler').pluck().get()).toBeGreaterThanOrEqual(2000);
    rows.close();
    other.close();
    db.$client.close();
  }, 30_000);

  it('refuses to restore a file that is not a sound database', async () => {
    const junk = join(dir, 'junk.sqlite');
    writeFileSync(junk, 'not a database at all');
    await expect(cli(['restore', junk])).rejects.toThrow();
    expect((await cli(['list'])).stdout).toContain('cchc-gialai-2019');
  });

  it('offers the organizer a download of a consistent copy, and nobody else', async () => {
    const db = openDb(':memory:');
    await upsertAccount(db, ORGANIZER.email, ORGANIZER.password, 'organizer');
    await upsertAccount(db, HOST.email, HOST.password, 'host');
    const app = await buildApp({ db, closeDb: true, webRoot: null });
    const cookie = await login(app);
    const res = await app.inject({ method: 'GET', url: '/api/backup', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="hoithi-.*\.sqlite"/);
    const file = join(dir, 'download.sqlite');
    writeFileSync(file, res.rawPayload);
    expect(integrityOf(file)).toBe('ok');
    const copy = new Database(file, { readonly: true });
    expect(copy.prepare('SELECT email FROM accounts ORDER BY id').pluck().all()).toEqual([ORGANIZER.email, HOST.email]);
    copy.close();
    expect(
      (await app.inject({ method: 'GET', url: '/api/backup', headers: { cookie: await login(app, HOST) } })).statusCode,
    ).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/backup' })).statusCode).toBe(401);
    await app.close();
  });
});
