import { EventEmitter } from 'node:events';
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

describe('a socket guard sharing its count (edges over Redis)', () => {
  /** A shared count of `cap` places held elsewhere by `others`, recording what it is given back. */
  const sharedCount = (others: number) => {
    const held = new Map<string, number>();
    const given: string[] = [];
    return {
      given,
      count: {
        async take(address: string, cap: number) {
          const mine = held.get(address) ?? 0;
          if (others + mine >= cap) return false;
          held.set(address, mine + 1);
          return true;
        },
        give(address: string) {
          given.push(address);
          held.set(address, (held.get(address) ?? 1) - 1);
        },
        close: async () => undefined,
      },
    };
  };

  it('refuses a public socket the other processes leave no place for, and holds nothing for it', async () => {
    const g = new SocketGuard({ perAddress: 3, total: 100, staffReserve: 1 });
    const shared = sharedCount(2);
    g.share(shared.count);
    const conn = () => new EventEmitter();
    const first = conn();
    expect(await g.enter('a', false, first)).toBeNull();
    expect(await g.enter('a', false, conn())).toBe('address');
    expect(g.of('a')).toBe(1);
    expect(shared.given).toEqual([]);
    // Authenticated sockets never ask the shared count.
    expect(await g.enter('a', true, conn())).toBeNull();
    expect(g.stats()).toEqual({ sockets: 2, authenticated: 1, addresses: 1 });
    // Its place is given back, here and in the shared count, when its connection closes.
    first.emit('close');
    expect(g.of('a')).toBe(0);
    expect(shared.given).toEqual(['a']);
    expect(await g.enter('a', false, conn())).toBeNull();
  });

  it('gives a place back at once when the connection closed while it was being taken, or before', async () => {
    const g = new SocketGuard({ perAddress: 3, total: 100, staffReserve: 1 });
    const shared = sharedCount(0);
    g.share(shared.count);
    const early = new EventEmitter();
    const entering = g.enter('a', false, early);
    early.emit('close');
    expect(await entering).toBeNull();
    expect(g.of('a')).toBe(0);
    expect(shared.given).toEqual(['a']);
    const gone = Object.assign(new EventEmitter(), { closed: true });
    expect(await g.enter('b', false, gone)).toBeNull();
    expect(g.of('b')).toBe(0);
    expect(g.stats().sockets).toBe(0);
  });
});
