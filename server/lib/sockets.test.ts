import { describe, expect, it } from 'vitest';
import { defaultSocketLimits, FD_RESERVE, openFileLimits, SocketGuard } from './sockets.js';

describe('socket limits', () => {
  it('follow the soft open-file limit, keeping a reserve of descriptors and a tenth for staff', () => {
    expect(defaultSocketLimits({ soft: 1024, hard: 4096 })).toEqual({
      perAddress: 1000,
      total: 1024 - FD_RESERVE,
      staffReserve: 76,
    });
    expect(defaultSocketLimits({ soft: 65536, hard: 65536 })).toEqual({
      perAddress: 1000,
      total: 65536 - FD_RESERVE,
      staffReserve: 200,
    });
    // A configured total never goes past what the descriptors allow.
    expect(defaultSocketLimits({ soft: 1024, hard: 1024 }, { total: 50_000, perAddress: 10 }).total).toBe(1024 - FD_RESERVE);
    expect(defaultSocketLimits({ soft: 100_000, hard: 100_000 }, { total: 500 })).toMatchObject({ total: 500, staffReserve: 50 });
  });

  it('read this process’s limits where the system tells them', () => {
    const limits = openFileLimits();
    if (process.platform === 'linux') {
      expect(limits?.soft).toBeGreaterThan(0);
      expect(limits!.hard).toBeGreaterThanOrEqual(limits!.soft);
    }
  });

  it('count by address and kind: public sockets stop short of the staff reserve, staff do not count against an address', () => {
    const g = new SocketGuard({ perAddress: 2, total: 4, staffReserve: 1 });
    expect(g.admit('a', false)).toBeNull();
    expect(g.admit('a', false)).toBeNull();
    expect(g.admit('a', false)).toBe('address');
    expect(g.admit('a', true)).toBeNull();
    expect(g.admit('b', false)).toBe('total');
    expect(g.admit('b', true)).toBeNull();
    expect(g.admit('c', true)).toBe('total');
    expect(g.stats()).toEqual({ sockets: 4, authenticated: 2, addresses: 1 });
    g.release('a', false);
    g.release('a', true);
    expect(g.admit('b', false)).toBeNull();
    expect(g.of('a')).toBe(1);
    expect(g.of('b')).toBe(1);
  });
});
