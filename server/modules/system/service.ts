/** The whole database as one file: a consistent copy in a temporary folder, removed once sent. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../../db/client.js';
import { backupTo } from '../../lib/backup.js';

/** A checked copy of the database; `remove` deletes it and its folder. */
export async function databaseCopy(db: Db): Promise<{ file: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'hoithi-backup-'));
  const file = join(dir, 'hoithi.sqlite');
  await backupTo(db.$client, file);
  return { file, remove: () => rm(dir, { recursive: true, force: true }) };
}
