/**
 * Where the group commit runs, chosen by the disk (HOITHI_WRITE_THREAD=auto, the default).
 *
 * A group commit's COMMIT waits for the disk (synchronous=FULL: the WAL is synced), and
 * better-sqlite3 waits on the thread that asks. On the event loop that wait holds up the whole
 * server for one fsync per commit; a write thread (db/write-thread.ts) keeps the event loop free, at the
 * price of about 0.1 ms more CPU per sheet (the second connection, two crossings of the thread).
 * So the disk decides: with an fsync of a millisecond or less, the event loop's stop is shorter
 * than the thread's cost, and the writes stay on it; above, they go to the thread.
 *
 * The probe writes and syncs a few 4 KiB blocks in the database's own directory (the disk the WAL
 * is on), for about 300 ms at most on a working disk, and takes the median: one slow sync among
 * them does not decide. It runs once, at start: a disk near 1 ms may be judged either way on a
 * given day, and the banner gives the figure.
 *
 * What the choice covers: the judges' sheets, the writes that come in bursts. The other writes
 * (locks, votes, the organizer's changes) commit on the event loop in either mode.
 */
import { closeSync, fsyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** At or under this median fsync, the writes stay on the event loop. */
export const EVENT_LOOP_FSYNC_MS = 1;

export interface FsyncProbe {
  /** Each measured overwrite + fsync of one block, in ms (the file's first write and sync are not measured). */
  samples: number[];
  median: number;
}

export interface WriteMode {
  thread: boolean;
  /** Why: what HOITHI_WRITE_THREAD said, or the probe's median. */
  probe: FsyncProbe | null;
  /** auto, when the disk could not be measured: why (the thread is then the safe choice). */
  unmeasured?: string;
}

/** The median of at least one number. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of no samples');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Whether the probe's syncs are slow enough that a write thread costs less than the event loop's stops. */
export const threadFor = (probe: FsyncProbe): boolean => probe.median > EVENT_LOOP_FSYNC_MS;

/**
 * Measures an overwrite + fsync of a 4 KiB block in `dir`: at least 3 and at most `samples`, no
 * new one begun after `budgetMs` (a sync itself cannot be cut short). The file is written and
 * synced whole first, unmeasured, so that each measured sync carries a block and not the file's
 * growth, as a WAL written over again does.
 */
export function probeFsync(dir: string, { samples = 9, budgetMs = 300 } = {}): FsyncProbe {
  const file = join(dir, `.hoithi-fsync-probe-${process.pid}`);
  const block = Buffer.alloc(4096, 0x5a);
  const fd = openSync(file, 'w');
  const taken: number[] = [];
  try {
    writeSync(fd, Buffer.alloc(block.length * samples, 0x5a), 0, block.length * samples, 0);
    fsyncSync(fd);
    const start = performance.now();
    for (let i = 0; i < samples && (taken.length < 3 || performance.now() - start < budgetMs); i++) {
      const t0 = performance.now();
      writeSync(fd, block, 0, block.length, i * block.length);
      fsyncSync(fd);
      taken.push(performance.now() - t0);
    }
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
  return { samples: taken, median: median(taken) };
}

/**
 * The write mode for HOITHI_WRITE_THREAD: '1' the thread, '0' the event loop, 'auto' by the disk
 * of `dir` (a database in memory never has a thread: db/write-thread.ts).
 */
export function writeModeFor(setting: '0' | '1' | 'auto', dir: string): WriteMode {
  if (setting !== 'auto') return { thread: setting === '1', probe: null };
  let probe: FsyncProbe;
  try {
    probe = probeFsync(dir);
  } catch (error) {
    // A disk that cannot be measured may be a slow one: the thread keeps its fsyncs off the event loop.
    return { thread: true, probe: null, unmeasured: error instanceof Error ? error.message : String(error) };
  }
  return { thread: threadFor(probe), probe };
}

/** The start banner's line: where the writes run, and why. */
export function writeModeLine(mode: WriteMode): string {
  const where = mode.thread ? 'on a write thread' : 'on the event loop';
  const why = mode.probe
    ? `fsync ${mode.probe.median.toFixed(2)} ms, ${mode.thread ? 'over' : 'at most'} ${EVENT_LOOP_FSYNC_MS} ms; HOITHI_WRITE_THREAD=auto`
    : mode.unmeasured !== undefined
      ? `the disk could not be measured: ${mode.unmeasured}; HOITHI_WRITE_THREAD=auto`
      : `HOITHI_WRITE_THREAD=${mode.thread ? '1' : '0'}`;
  return `  writes: group commit ${where} (${why})`;
}
