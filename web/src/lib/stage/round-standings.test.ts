import { describe, expect, it } from 'vitest';
import type { ScoreboardBody } from '$contract/results';
import { roundStandings } from './round-standings';

type Row = ScoreboardBody['rows'][number];
const row = (team: string, quiz: number | null, extra: Partial<Row> = {}): Row => ({
  rank: 1,
  team,
  name: `Đội ${team}`,
  unit: `CĐCS ${team}`,
  status: 'active',
  total: 99,
  rounds: { intro: 50, quiz },
  prizes: ['p1'],
  pending: false,
  ...extra,
});
const board = (rows: Row[]): ScoreboardBody => ({
  seq: 3,
  frozen: false,
  view: 'public',
  decimals: 2,
  rows,
  awards: [{ prize: 'p1', teams: ['a'], provisional: false }],
  reveal: null,
});

describe('roundStandings', () => {
  it('ranks the teams on the round alone, equal scores sharing a rank, unscored teams last without one', () => {
    const out = roundStandings(
      board([row('a', 10), row('b', 30), row('c', null), row('d', 30), row('e', 20, { status: 'withdrawn' }), row('f', 0)]),
      'quiz',
    );
    expect(out.rows.map((r) => [r.team, r.rank, r.total])).toEqual([
      ['b', 1, 30],
      ['d', 1, 30],
      ['a', 3, 10],
      ['f', 4, 0],
      ['c', null, 0],
      ['e', null, 20],
    ]);
    // Only the round's score is shown: no other round, prize or award comes along.
    expect(out.rows.every((r) => Object.keys(r.rounds).length === 0 && r.prizes.length === 0)).toBe(true);
    expect(out.awards).toEqual([]);
  });
});
