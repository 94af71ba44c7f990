/**
 * The group commit on a thread of its own (db/write-thread.ts): the writes run on another thread
 * with its own connection (synchronous=FULL there too), errors come back as their class with their
 * fields, closing waits for every posted write, and a database in memory keeps its writes on the
 * event loop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { afterAll, expect, it } from 'vitest';
import { AppError, reviveError } from '../server/lib/errors.js';
import { openDb } from './client.js';
import { startWriteThread, stopWriteThread, writeThreadOf } from './write-thread.js';

const dir = mkdtempSync(join(tmpdir(), 'hoithi-write-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ops = new URL('../tests/helpers/write-ops-fixture.ts', import.meta.url);

it('runs the writes on another thread, with FULL, and they are committed when answered', async () => {
  const db = openDb(join(dir, 'a.db'));
  const thread = startWriteThread(db, { ops, reviveError })!;
  expect(writeThreadOf(db)).toBe(thread);
  expect(await thread.run<number>('thread', null)).not.toBe(threadId);
  expect(await thread.run<number>('synchronous', null)).toBe(2);
  const ids = await Promise.all(Array.from({ length: 30 }, (_, i) => thread.run<number>('insert', `w${i}@hoithi.test`)));
  expect(new Set(ids).size).toBe(30);
  // Answered means committed: this connection sees every row.
  expect(db.$client.prepare('SELECT count(*) AS n FROM accounts').get()).toEqual({ n: 30 });
  await stopWriteThread(db);
  expect(writeThreadOf(db)).toBeUndefined();
  db.$client.close();
});

it('errors come back as their class and fields; one failing write fails alone', async () => {
  const db = openDb(join(dir, 'b.db'));
  const thread = startWriteThread(db, { ops, reviveError })!;
  const [ok, refused, duplicate, unknown] = await Promise.allSettled([
    thread.run('insert', 'same@hoithi.test'),
    thread.run('refuse', null),
    thread.run('insert', 'same@hoithi.test'),
    thread.run('no-such-op', null),
  ]);
  expect(ok.status).toBe('fulfilled');
  const appError = (refused as PromiseRejectedResult).reason as AppError;
  expect(appError).toBeInstanceOf(AppError);
  expect(appError).toMatchObject({
    code: 'VERSION_CONFLICT',
    path: 'baseVersion',
    statusCode: 409,
    body: { current: { version: 3 } },
  });
  expect((duplicate as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
  expect((unknown as PromiseRejectedResult).reason).toMatchObject({ message: 'no write operation "no-such-op"' });
  await stopWriteThread(db);
  db.$client.close();
});

it('closing waits for every write already posted, then refuses new ones', async () => {
  const file = join(dir, 'c.db');
  const db = openDb(file);
  const thread = startWriteThread(db, { ops, reviveError })!;
  const writes = Array.from({ length: 50 }, (_, i) => thread.run<number>('insert', `c${i}@hoithi.test`));
  const closed = thread.close();
  await expect(thread.run('insert', 'late@hoithi.test')).rejects.toThrow('the write thread is closed');
  await closed;
  expect((await Promise.allSettled(writes)).every((w) => w.status === 'fulfilled')).toBe(true);
  db.$client.close();
  // Everything answered is in the file.
  const again = openDb(file);
  expect(again.$client.prepare("SELECT count(*) AS n FROM accounts WHERE email LIKE 'c%'").get()).toEqual({ n: 50 });
  again.$client.close();
});

it('a thread that cannot start takes no write: they run on the event loop, and the failure is told once', async () => {
  const db = openDb(join(dir, 'd.db'));
  const failures: Error[] = [];
  const thread = startWriteThread(db, {
    ops: new URL('../tests/helpers/write-ops-no-thread.ts', import.meta.url),
    onFailedStart: (error) => failures.push(error),
  })!;
  // Posted before the thread failed, and after: all answered, on this thread.
  expect(await Promise.all([thread.run('thread', null), thread.run('thread', null)])).toEqual([threadId, threadId]);
  expect(await thread.run('thread', null)).toBe(threadId);
  expect(failures).toHaveLength(1);
  expect(failures[0]!.message).toContain('does not load on a worker thread');
  await stopWriteThread(db);
  db.$client.close();
});

it('a thread lost in the middle of a write fails that write (its fate unknown); the next write gets a new thread', async () => {
  const db = openDb(join(dir, 'f.db'));
  const thread = startWriteThread(db, { ops, reviveError })!;
  const first = await thread.run<number>('thread', null);
  await expect(thread.run('crash', null)).rejects.toThrow('the write thread stopped (exit code 1)');
  const second = await thread.run<number>('thread', null);
  expect(second).not.toBe(first);
  expect(second).not.toBe(threadId);
  await stopWriteThread(db);
  db.$client.close();
});

it('closing a thread before it is ready is no failure', async () => {
  const db = openDb(join(dir, 'e.db'));
  const failures: Error[] = [];
  startWriteThread(db, { ops, onFailedStart: (error) => failures.push(error) });
  await stopWriteThread(db);
  expect(failures).toEqual([]);
  db.$client.close();
});

it('a database in memory has no write thread: its writes stay on the event loop', () => {
  const db = openDb(':memory:');
  expect(startWriteThread(db, { ops, reviveError })).toBeNull();
  expect(writeThreadOf(db)).toBeUndefined();
});
