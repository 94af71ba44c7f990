/**
 * Consistent copies of the database while the server runs, through SQLite's online backup API
 * (pages are copied under SQLite's own locking, so a copy is never torn by a concurrent write).
 */
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';

export async function backupTo(source: Database.Database, file: string): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  // The rest in one step: a step restarts the copy when another connection (the write thread,
  // db/write-thread.ts) wrote since the last one, and judges saving all the time would keep a copy
  // of 100 pages a step from ever ending. One step holds a read lock and copies consistently.
  await source.backup(partial, { progress: () => 0x7fffffff });
  const check = integrityOf(partial);
  if (check !== 'ok') throw new Error(`backup copy failed its integrity check: ${check}`);
  // Only a complete, checked copy takes the file's name.
  renameSync(partial, file);
}

export function integrityOf(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

/**
 * Brings a backup back as the database file. Stop the server first: the copy replaces the file
 * it has open. The current file is kept beside it as <file>.before-restore.
 */
export async function restoreFrom(backup: string, dataFile: string): Promise<void> {
  if (!existsSync(backup)) throw new Error(`no such file: ${backup}`);
  const check = integrityOf(backup);
  if (check !== 'ok') throw new Error(`${backup} failed its integrity check: ${check}`);
  mkdirSync(dirname(dataFile), { recursive: true });
  if (existsSync(dataFile)) {
    // Fold the WAL into the file before keeping it aside, so the kept copy is whole.
    const current = new Database(dataFile);
    current.pragma('wal_checkpoint(TRUNCATE)');
    current.close();
    copyFileSync(dataFile, `${dataFile}.before-restore`);
  }
  const src = new Database(backup, { readonly: true });
  try {
    await src.backup(dataFile);
  } finally {
    src.close();
  }
  for (const side of ['-wal', '-shm']) rmSync(`${dataFile}${side}`, { force: true });
}
