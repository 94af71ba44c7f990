import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIN_ROW_PX, pageAt, pageLayout, repeats, unitsRepeatNames } from './board-pages';

const words = (s: string) => s.split(' ');

describe('pageLayout', () => {
  it('keeps every row on one page when they fit at the smallest row', () => {
    expect(pageLayout(20, 20 * MIN_ROW_PX)).toEqual({ pages: 1, perPage: 20 });
    expect(pageLayout(3, 900)).toEqual({ pages: 1, perPage: 3 });
  });
  it('spreads the rows evenly over as few pages as hold them', () => {
    // 650 px holds 16 rows of 40 px: 20 rows make two pages of 10.
    expect(pageLayout(20, 650)).toEqual({ pages: 2, perPage: 10 });
    expect(pageLayout(41, 650)).toEqual({ pages: 3, perPage: 14 });
    expect(pageLayout(5, 10)).toEqual({ pages: 5, perPage: 1 });
  });
  it('shows each page in turn', () => {
    expect([0, 7999, 8000, 16000, 24000].map((t) => pageAt(t, 3))).toEqual([0, 0, 1, 2, 0]);
    expect(pageAt(123_456, 1)).toBe(0);
  });
});

describe('unitsRepeatNames', () => {
  it('finds a unit in its name, as words or initials', () => {
    expect(repeats(words('so y te'), words('doi so y te'))).toBe(true);
    expect(repeats(words('so nong nghiep va ptnt'), words('doi so nong nghiep va phat trien nong thon'))).toBe(true);
    expect(repeats(words('buu dien tinh'), words('doi buu dien tinh gia lai'))).toBe(true);
    expect(repeats(words('so tai chinh'), words('doi so y te'))).toBe(false);
    expect(repeats(words('te y'), words('doi so y te'))).toBe(false);
  });

  it('hides the demo’s unit column: every unit repeats its team name once "CĐCS" is set aside', () => {
    const seed = JSON.parse(readFileSync(join(import.meta.dirname, '../../../../db/seed/cchc-gialai-2019.json'), 'utf8')) as {
      teams: { name: string; unit: string }[];
    };
    expect(seed.teams.length).toBe(20);
    expect(unitsRepeatNames(seed.teams)).toBe(true);
  });

  it('keeps the column when one unit says something the name does not', () => {
    const rows = [
      { name: 'Đội Sở Y tế', unit: 'CĐCS Sở Y tế' },
      { name: 'Đội Hoa Sen', unit: 'CĐCS Sở Tư pháp' },
    ];
    expect(unitsRepeatNames(rows)).toBe(false);
    // One team alone: nothing tells "CĐCS" apart as the units' common lead, so it is new there.
    expect(unitsRepeatNames(rows.slice(0, 1))).toBe(false);
    expect(unitsRepeatNames([{ name: 'Đội Sở Y tế', unit: 'Sở Y tế' }])).toBe(true);
    // A single unit keeps its last word: "Sở" alone is not in "Đội Hoa Sen".
    expect(unitsRepeatNames([{ name: 'Đội Hoa Sen', unit: 'Sở' }])).toBe(false);
    expect(unitsRepeatNames([{ name: 'Đội A', unit: '' }])).toBe(true);
    expect(unitsRepeatNames([])).toBe(false);
  });
});
