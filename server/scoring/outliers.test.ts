import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { panelOutliers } from './outliers.js';

const panel = (...totals: number[]) => totals.map((t, i) => ({ judge: `gk${i + 1}`, totalHundredths: Math.round(t * 100) }));

describe('panel outliers', () => {
  it('flags the one judge far from four who agree', () => {
    expect(panelOutliers(panel(72, 73, 71.5, 72.5, 55), '2')).toEqual([
      { judge: 'gk5', totalHundredths: 5500, othersMeanHundredths: 7225 },
    ]);
  });

  it('flags nobody in a panel that spreads evenly', () => {
    expect(panelOutliers(panel(60, 65, 70, 75, 80), '2')).toEqual([]);
  });

  it('does not flag a half point against a unanimous panel (the floor)', () => {
    expect(panelOutliers(panel(70, 70, 70, 70, 70.5), '2')).toEqual([]);
    expect(panelOutliers(panel(70, 70, 70, 70, 73), '2').map((o) => o.judge)).toEqual(['gk5']);
  });

  it('needs four judges to speak of a panel', () => {
    expect(panelOutliers(panel(10, 90, 50), '1')).toEqual([]);
  });

  it('a looser tolerance never flags more judges (monotone)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10000 }), { minLength: 4, maxLength: 9 }), (totals) => {
        const sheets = totals.map((t, i) => ({ judge: `j${i}`, totalHundredths: t }));
        const strict = new Set(panelOutliers(sheets, '1.5').map((o) => o.judge));
        const loose = panelOutliers(sheets, '3').map((o) => o.judge);
        return loose.every((j) => strict.has(j));
      }),
      { numRuns: 1000 },
    );
  });

  it('is unchanged when every total moves by the same amount', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 4, maxLength: 9 }),
        fc.integer({ min: 0, max: 5000 }),
        (totals, shift) => {
          const a = panelOutliers(
            totals.map((t, i) => ({ judge: `j${i}`, totalHundredths: t })),
            '2',
          ).map((o) => o.judge);
          const b = panelOutliers(
            totals.map((t, i) => ({ judge: `j${i}`, totalHundredths: t + shift })),
            '2',
          ).map((o) => o.judge);
          expect(b).toEqual(a);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
