/** HOITHI_WRITE_THREAD=auto: the fsync probe, the choice it makes, and the line `npm start` prints. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.js';
import { freePort } from '../tests/helpers/redis.js';
import { EVENT_LOOP_FSYNC_MS, median, probeFsync, threadFor, writeModeFor, writeModeLine } from './fsync-probe.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hoithi-fsync-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('median', () => {
  it('is the middle of the sorted samples, whatever their order, and never moves them', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e4, noNaN: true }), { minLength: 1, maxLength: 30 }), (xs) => {
        const before = [...xs];
        const m = median(xs);
        const s = [...xs].sort((a, b) => a - b);
        expect(m).toBeGreaterThanOrEqual(s[0]!);
        expect(m).toBeLessThanOrEqual(s[s.length - 1]!);
        // As many samples on each side of it.
        expect(xs.filter((x) => x < m).length).toBeLessThanOrEqual(Math.floor(xs.length / 2));
        expect(xs.filter((x) => x > m).length).toBeLessThanOrEqual(Math.floor(xs.length / 2));
        expect(median([...xs].reverse())).toBe(m);
        expect(xs).toEqual(before);
      }),
    );
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow('median of no samples');
  });
});

describe('the choice', () => {
  it('keeps the writes on the event loop up to 1 ms, and sends them to the thread above', () => {
    const probe = (m: number) => ({ samples: [m], median: m });
    expect(EVENT_LOOP_FSYNC_MS).toBe(1);
    expect(threadFor(probe(0.05))).toBe(false);
    expect(threadFor(probe(1))).toBe(false);
    expect(threadFor(probe(1.01))).toBe(true);
    expect(threadFor(probe(25))).toBe(true);
  });

  it('does what HOITHI_WRITE_THREAD says without probing when it is 0 or 1', () => {
    expect(writeModeFor('1', '/nonexistent/dir')).toEqual({ thread: true, probe: null });
    expect(writeModeFor('0', '/nonexistent/dir')).toEqual({ thread: false, probe: null });
  });

  it('probes the directory for auto, and says why in the start banner', () => {
    const mode = writeModeFor('auto', tempDir());
    expect(mode.probe).not.toBeNull();
    expect(mode.thread).toBe(threadFor(mode.probe!));
    expect(writeModeLine(mode)).toMatch(
      /^ {2}writes: group commit on (a write thread|the event loop) \(fsync \d+\.\d\d ms, (over|at most) 1 ms; HOITHI_WRITE_THREAD=auto\)$/,
    );
    expect(writeModeLine({ thread: true, probe: null })).toBe('  writes: group commit on a write thread (HOITHI_WRITE_THREAD=1)');
    expect(writeModeLine({ thread: false, probe: null })).toBe(
      '  writes: group commit on the event loop (HOITHI_WRITE_THREAD=0)',
    );
    expect(writeModeLine({ thread: false, probe: { samples: [0.3], median: 0.3 } })).toContain('at most 1 ms');
    expect(writeModeLine({ thread: true, probe: { samples: [4.2], median: 4.2 } })).toContain('fsync 4.20 ms, over 1 ms');
  });
});

describe('probeFsync', () => {
  it('takes 3 to 9 timed syncs in the directory and leaves no file behind', () => {
    const dir = tempDir();
    const probe = probeFsync(dir);
    expect(probe.samples.length).toBeGreaterThanOrEqual(3);
    expect(probe.samples.length).toBeLessThanOrEqual(9);
    for (const s of probe.samples) expect(Number.isFinite(s) && s > 0).toBe(true);
    expect(probe.median).toBe(median(probe.samples));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('stops after 3 syncs once its budget is spent', () => {
    expect(probeFsync(tempDir(), { samples: 9, budgetMs: 0 }).samples).toHaveLength(3);
  });

  it('names the directory it cannot write to', () => {
    expect(() => probeFsync(join(tempDir(), 'missing'))).toThrow(/missing/);
  });

  it('auto takes the thread when the disk cannot be measured, and says why', () => {
    const mode = writeModeFor('auto', join(tempDir(), 'missing'));
    expect(mode).toMatchObject({ thread: true, probe: null });
    expect(writeModeLine(mode)).toMatch(
      /^ {2}writes: group commit on a write thread \(the disk could not be measured: .*missing.*; HOITHI_WRITE_THREAD=auto\)$/,
    );
  });
});

describe('HOITHI_WRITE_THREAD', () => {
  it('is auto by default, takes 0 and 1, and refuses anything else by name', () => {
    expect(loadConfig({}).HOITHI_WRITE_THREAD).toBe('auto');
    expect(loadConfig({ HOITHI_WRITE_THREAD: '0' }).HOITHI_WRITE_THREAD).toBe('0');
    expect(() => loadConfig({ HOITHI_WRITE_THREAD: 'yes' })).toThrow(/HOITHI_WRITE_THREAD/);
  });

  it('npm start prints where its writes go', async () => {
    const dir = tempDir();
    const port = await freePort();
    const proc = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'server', 'main.ts')], {
      env: {
        ...process.env,
        HOITHI_ROLE: 'primary',
        HOITHI_WRITE_THREAD: 'auto',
        HOITHI_DATA_DIR: dir,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        HOITHI_DEMO: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise((r) => proc.once('exit', r));
    try {
      await expect
        .poll(() => output, { timeout: 60_000, interval: 100 })
        .toMatch(
          /writes: group commit on (a write thread|the event loop) \(fsync \d+\.\d\d ms, (over|at most) 1 ms; HOITHI_WRITE_THREAD=auto\)/,
        );
      // The probe cleaned up after itself: only the database's own files are in the data dir.
      expect(readdirSync(dir).filter((f) => f.includes('fsync'))).toEqual([]);
    } finally {
      proc.kill('SIGTERM');
      await exited;
    }
  }, 90_000);
});
