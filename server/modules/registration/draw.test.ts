import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawOrder, newSeed } from './draw.js';

const keys = fc.uniqueArray(fc.stringMatching(/^[a-z0-9-]{1,12}$/), { maxLength: 40 });
const seed = fc.stringMatching(/^[A-Za-z0-9-]{4,20}$/);

describe('the running-order draw', () => {
  it('is a permutation of the approved teams', () => {
    fc.assert(
      fc.property(seed, keys, (s, k) => {
        expect([...drawOrder(s, k)].sort()).toEqual([...k].sort());
      }),
      { numRuns: 500 },
    );
  });

  it('depends only on the seed and the set of teams, not on the order they are listed in', () => {
    fc.assert(
      fc.property(seed, keys, (s, k) => {
        expect(drawOrder(s, [...k].reverse())).toEqual(drawOrder(s, k));
      }),
      { numRuns: 500 },
    );
  });

  it('gives different orders for different seeds (20 teams)', () => {
    const teams = Array.from({ length: 20 }, (_, i) => `doi-${i}`);
    const orders = new Set(Array.from({ length: 50 }, (_, i) => drawOrder(`seed-${i}`, teams).join()));
    expect(orders.size).toBe(50);
  });

  it('puts each team first about equally often', () => {
    const teams = ['a', 'b', 'c', 'd'];
    const first = new Map<string, number>();
    for (let i = 0; i < 4000; i++) {
      const top = drawOrder(`s${i}`, teams)[0]!;
      first.set(top, (first.get(top) ?? 0) + 1);
    }
    for (const team of teams) expect(first.get(team)).toBeGreaterThan(850);
  });

  it('is pinned: the documented algorithm gives this order for this seed', () => {
    // Recomputing by hand from docs/scoring.md §8 must give the same; a change here breaks old draws.
    expect(drawOrder('GIALAI-2019', ['a', 'b', 'c', 'd', 'e'])).toEqual(['c', 'e', 'd', 'a', 'b']);
  });

  it('makes seeds of three readable groups', () => {
    for (let i = 0; i < 50; i++) expect(newSeed()).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
  });
});
