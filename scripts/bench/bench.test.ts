/** The bench's pure helpers: percentiles, arguments, the audience's split over client processes. */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { splitSockets } from './audience.js';
import { allowedCpus, numberArg, pct, pinTo } from './common.js';
import { coreSets, parseEdgesArgs } from './edges.js';

describe('pct', () => {
  it('takes the nearest rank, whatever the order', () => {
    const xs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(pct(xs, 50)).toBe(5);
    expect(pct(xs, 99)).toBe(10);
    expect(pct(xs, 100)).toBe(10);
    expect(pct(xs, 0)).toBe(1);
    expect(pct([42], 99)).toBe(42);
    expect(xs[0]).toBe(5); // not sorted in place
  });
  it('is NaN for no values', () => {
    expect(pct([], 50)).toBeNaN();
  });
});

describe('numberArg', () => {
  it('reads --name <number>, or the fallback', () => {
    expect(numberArg(['--sockets', '5000'], 'sockets', 2000)).toBe(5000);
    expect(numberArg(['--writes'], 'sockets', 2000)).toBe(2000);
  });
  it('refuses a value that is not a positive number', () => {
    expect(() => numberArg(['--sockets'], 'sockets', 1)).toThrow('--sockets needs a positive number, got nothing');
    expect(() => numberArg(['--sockets', 'many'], 'sockets', 1)).toThrow('got many');
    expect(() => numberArg(['--sockets', '0'], 'sockets', 1)).toThrow('got 0');
  });
});

describe('parseEdgesArgs', () => {
  it('has the issue defaults: 4 edges, 20,000 sockets, deltas', () => {
    expect(parseEdgesArgs([])).toEqual({
      edges: 4,
      sockets: 20_000,
      locks: 10,
      seconds: 10,
      warmUp: 5,
      perClient: 5_000,
      whole: false,
      edgeNice: 'idle',
      clientNice: 10,
      clientIdle: true,
      splitCores: false,
      cpus: allowedCpus(),
    });
  });
  it('reads every option', () => {
    const argv = [
      '--edges',
      '2',
      '--sockets',
      '3000',
      '--locks',
      '5',
      '--seconds',
      '4',
      '--warm-up',
      '2',
      '--per-client',
      '1000',
    ];
    argv.push('--whole');
    argv.push('--edge-nice', '0', '--client-nice', '19', '--client-sched', 'nice', '--cores', 'shared');
    expect(parseEdgesArgs(argv)).toEqual({
      edges: 2,
      sockets: 3000,
      locks: 5,
      seconds: 4,
      warmUp: 2,
      perClient: 1000,
      whole: true,
      edgeNice: 0,
      clientNice: 19,
      clientIdle: false,
      splitCores: false,
      cpus: allowedCpus(),
    });
  });
  it('refuses a niceness out of 0-19', () => {
    expect(() => parseEdgesArgs(['--edge-nice', '20'])).toThrow('--edge-nice needs idle or a niceness from 0 to 19');
    expect(parseEdgesArgs(['--edge-nice', 'idle']).edgeNice).toBe('idle');
    expect(() => parseEdgesArgs(['--client-nice'])).toThrow('--client-nice needs a niceness from 0 to 19');
  });
  it('refuses a client scheduling other than idle or nice', () => {
    expect(() => parseEdgesArgs(['--client-sched', 'fifo'])).toThrow('--client-sched needs idle or nice');
    expect(() => parseEdgesArgs(['--client-sched'])).toThrow('--client-sched needs idle or nice');
  });
});

describe('--cores', () => {
  it('splits them on request, on a machine of 2 cores or more', () => {
    if (allowedCpus().length >= 2) expect(parseEdgesArgs(['--cores', 'split']).splitCores).toBe(true);
    else expect(() => parseEdgesArgs(['--cores', 'split'])).toThrow('--cores split needs at least 2 cores');
  });
  it('refuses anything but split or shared', () => {
    expect(() => parseEdgesArgs(['--cores', 'half'])).toThrow('--cores needs split or shared');
    expect(() => parseEdgesArgs(['--cores'])).toThrow('--cores needs split or shared');
  });
  it('gives the primary the first core and the audience the rest', () => {
    expect(coreSets([0, 1])).toEqual({ primary: '0', audience: '1' });
    expect(coreSets([2, 3, 4, 5])).toEqual({ primary: '2', audience: '3,4,5' });
  });
  it('reads the cores this process may use', () => {
    const cpus = allowedCpus();
    expect(cpus).toHaveLength(availableParallelism());
    expect(new Set(cpus).size).toBe(cpus.length);
    for (const c of cpus) expect(Number.isInteger(c) && c >= 0).toBe(true);
  });
});

describe('pinTo', () => {
  it('pins every thread of a process to the cores given, and throws when it cannot', async () => {
    // It says so once it runs: node's own threads have started by then.
    const child = spawn(process.execPath, ['-e', 'console.log("up"); setTimeout(() => {}, 20000)'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      await new Promise((r) => child.stdout.once('data', r));
      const first = String(allowedCpus()[0]);
      pinTo([child.pid!], first);
      const tasks = readdirSync(`/proc/${child.pid}/task`);
      expect(tasks.length).toBeGreaterThan(1); // node's own threads too
      for (const task of tasks)
        expect(/Cpus_allowed_list:\s*(\S+)/.exec(readFileSync(`/proc/${child.pid}/task/${task}/status`, 'utf8'))?.[1]).toBe(
          first,
        );
    } finally {
      child.kill('SIGKILL');
    }
    expect(() => pinTo([2 ** 30], '0')).toThrow(`taskset 0: no process ${2 ** 30}`);
  });
});

describe('splitSockets', () => {
  it('spreads the sockets evenly over as few clients as the cap allows', () => {
    expect(splitSockets(20_000, 5_000)).toEqual([5000, 5000, 5000, 5000]);
    expect(splitSockets(20_001, 5_000)).toEqual([4001, 4000, 4000, 4000, 4000]);
    expect(splitSockets(1000, 5_000)).toEqual([1000]);
    expect(splitSockets(7, 3).reduce((a, b) => a + b, 0)).toBe(7);
  });
});
