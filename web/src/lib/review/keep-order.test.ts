/** keepOrder: the organizer's moves survive a change of the server's list, which it always matches. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keepOrder } from './keep-order';

const keys = fc.uniqueArray(fc.constantFrom(...'abcdefghijklmnop'.split('')), { maxLength: 16 });

describe('keepOrder', () => {
  it('keeps the moves, adds the new teams at the end in the server’s order, drops the gone ones', () => {
    expect(keepOrder(['c', 'a', 'b'], ['a', 'b', 'c'])).toEqual(['c', 'a', 'b']);
    expect(keepOrder(['c', 'a', 'b'], ['a', 'b', 'c', 'e', 'd'])).toEqual(['c', 'a', 'b', 'e', 'd']);
    expect(keepOrder(['c', 'a', 'b'], ['a', 'c'])).toEqual(['c', 'a']);
  });

  it('is always an order of exactly the server’s teams, with the edited ones in the edited order', () => {
    fc.assert(
      fc.property(keys, keys, (edited, server) => {
        const out = keepOrder(edited, server);
        expect([...out].sort()).toEqual([...server].sort());
        const stayed = edited.filter((k) => server.includes(k));
        expect(out.slice(0, stayed.length)).toEqual(stayed);
        expect(out.slice(stayed.length)).toEqual(server.filter((k) => !edited.includes(k)));
      }),
    );
  });

  it('with no moves of its own, it is the server’s order', () => {
    fc.assert(
      fc.property(keys, (server) => {
        expect(keepOrder(server, server)).toEqual(server);
      }),
    );
  });
});
