/** The bench's pure helpers: percentiles, arguments, the audience's split over client processes. */
import { describe, expect, it } from 'vitest';
import { splitSockets } from './audience.js';
import { numberArg, pct } from './common.js';
import { parseEdgesArgs } from './edges.js';

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
      perClient: 5_000,
      whole: false,
      edgeNice: 10,
      clientNice: 10,
      clientIdle: true,
    });
  });
  it('reads every option', () => {
    const argv = ['--edges', '2', '--sockets', '3000', '--locks', '5', '--seconds', '4', '--per-client', '1000', '--whole'];
    argv.push('--edge-nice', '0', '--client-nice', '19', '--client-sched', 'nice');
    expect(parseEdgesArgs(argv)).toEqual({
      edges: 2,
      sockets: 3000,
      locks: 5,
      seconds: 4,
      perClient: 1000,
      whole: true,
      edgeNice: 0,
      clientNice: 19,
      clientIdle: false,
    });
  });
  it('refuses a niceness out of 0-19', () => {
    expect(() => parseEdgesArgs(['--edge-nice', '20'])).toThrow('--edge-nice needs a niceness from 0 to 19');
    expect(() => parseEdgesArgs(['--client-nice'])).toThrow('--client-nice needs a niceness from 0 to 19');
  });
  it('refuses a client scheduling other than idle or nice', () => {
    expect(() => parseEdgesArgs(['--client-sched', 'fifo'])).toThrow('--client-sched needs idle or nice');
    expect(() => parseEdgesArgs(['--client-sched'])).toThrow('--client-sched needs idle or nice');
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
