/** The demo contest a first start loads: its dates make sense together. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../db/client.js';
import { seedDemo } from '../../server/bootstrap.js';
import { exportPackage } from '../../server/modules/contests/service.js';

const DAY = 86_400_000;

describe('the demo contest', () => {
  it('opens its form for a month from the first start and holds the contest a week after it closes', () => {
    const db = openDb(':memory:');
    const now = Date.parse('2026-12-04T19:00:00Z');
    const slug = seedDemo(db, 'http://hoithi.test', now);
    expect(slug).toBe('cchc-gialai-2019');
    const pkg = exportPackage(db, slug!);
    expect(pkg.registration?.deadline).toBe('2027-01-03T19:00:00.000Z');
    expect(pkg.date).toBe('2027-01-11');
    expect(pkg.units.length).toBeGreaterThan(0);
    expect(seedDemo(db, 'http://hoithi.test', now)).toBeNull();
    db.$client.close();
  });

  it('always closes its form before the contest day, in Vietnam time', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.parse('2024-01-01'), max: Date.parse('2040-01-01') }), (now) => {
        const db = openDb(':memory:');
        try {
          const pkg = exportPackage(db, seedDemo(db, 'http://hoithi.test', now)!);
          const deadline = Date.parse(pkg.registration!.deadline!);
          const dayStartsInVietnam = Date.parse(`${pkg.date}T00:00:00+07:00`);
          expect(deadline).toBeLessThan(dayStartsInVietnam);
          expect(dayStartsInVietnam - deadline).toBeLessThan(8 * DAY);
        } finally {
          db.$client.close();
        }
      }),
      { numRuns: 15 },
    );
  });
});
