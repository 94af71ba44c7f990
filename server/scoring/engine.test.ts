import { describe, it, expect } from 'vitest';
import { type Rational, compare, formatFixed, fromHundredths, rational, toString } from './rational.js';
import {
  type DirectScoreInput,
  type ScoringInput,
  type SheetInput,
  type Standings,
  ScoringInputError,
  aggregate,
  applySheetEvent,
  computeStandings,
  initState,
  parseWeight,
  standingsFromState,
  toDisplay,
} from './engine.js';

/** A contest with sensible empty defaults; override what a test needs. */
function contest(over: Partial<ScoringInput>): ScoringInput {
  return {
    aggregation: { method: 'mean', trim: 0, decimals: 2 },
    tiebreak: [],
    rounds: [],
    teams: [],
    judges: [],
    sheets: [],
    quizPoints: [],
    directScores: [],
    prizes: [],
    votes: {},
    specialAwards: [],
    ...over,
  };
}

const h = (points: number): number => Math.round(points * 100); // test helper: points → hundredths
const teams = (...keys: string[]) => keys.map((key) => ({ key, status: 'active' as const }));
const judges = (...keys: string[]) => keys.map((key) => ({ key, conflicts: [] as string[] }));
const sheet = (
  round: string,
  team: string,
  judge: string,
  points: number,
  status: 'draft' | 'submitted' = 'submitted',
): SheetInput => ({
  round,
  team,
  judge,
  totalHundredths: h(points),
  status,
});
const direct = (round: string, team: string, points: number): DirectScoreInput => ({ round, team, scoreHundredths: h(points) });

const ranks = (s: Standings) => s.rows.map((r) => [r.team, r.rank] as const);
const totalOf = (s: Standings, team: string): Rational => s.rows.find((r) => r.team === team)!.total;
const awarded = (s: Standings, prize: string) => s.awards.find((a) => a.prize === prize)!.teams;

describe('aggregate (scoring.md §3)', () => {
  it('mean', () => {
    expect(aggregate('mean', 0, [1000n, 2000n, 2500n])).toEqual(rational(55, 3)); // (10+20+25)/3
    expect(aggregate('mean', 0, [])).toBeNull();
  });

  it('trimmed mean: trims k lowest and k highest only when n > 2k', () => {
    // n = 3 > 2: drop 10 and 60 → 20
    expect(aggregate('trimmed_mean', 1, [6000n, 1000n, 2000n])).toEqual(rational(20));
    // n = 2 <= 2: plain mean (10+20)/2 = 15
    expect(aggregate('trimmed_mean', 1, [1000n, 2000n])).toEqual(rational(15));
    // n = 4 <= 2·2: plain mean (1+2+3+10)/4 = 4
    expect(aggregate('trimmed_mean', 2, [100n, 200n, 300n, 1000n])).toEqual(rational(4));
    // n = 5 > 4: only the middle one
    expect(aggregate('trimmed_mean', 2, [100n, 200n, 300n, 1000n, 9900n])).toEqual(rational(3));
    // k = 0 is the plain mean
    expect(aggregate('trimmed_mean', 0, [100n, 200n])).toEqual(rational(3, 2));
  });

  it('median: middle value, or mean of the two middle values for even n', () => {
    expect(aggregate('median', 0, [500n, 100n, 900n])).toEqual(rational(5));
    // sorted 10, 20, 30, 70 → (20+30)/2 = 25
    expect(aggregate('median', 0, [7000n, 1000n, 3000n, 2000n])).toEqual(rational(25));
    // 10.01 and 10.02 → 10.015 exactly (2003/200), shown 10.02 (half up)
    const m = aggregate('median', 0, [1001n, 1002n])!;
    expect(m).toEqual(rational(2003, 200));
    expect(formatFixed(m, 2)).toBe('10.02');
  });

  it('accepts rationals as well as hundredths', () => {
    expect(aggregate('mean', 0, [rational(1, 3), rational(2, 3)])).toEqual(rational(1, 2));
  });
});

describe('computeStandings: round scores', () => {
  it('uses only submitted sheets of non-conflicted judges; no sheet → "—", 0, pending', () => {
    const s = computeStandings(
      contest({
        rounds: [{ key: 'tt', kind: 'rubric', weight: 1 }],
        teams: teams('a', 'b', 'c'),
        judges: [
          { key: 'g1', conflicts: ['a'] },
          { key: 'g2', conflicts: [] },
        ],
        sheets: [
          sheet('tt', 'a', 'g1', 90), // conflicted: ignored
          sheet('tt', 'a', 'g2', 60),
          sheet('tt', 'b', 'g1', 50),
          sheet('tt', 'b', 'g2', 70, 'draft'), // draft: ignored
          sheet('tt', 'c', 'g2', 80, 'draft'), // only a draft: no score
        ],
      }),
    );
    expect(s.rows.map((r) => [r.team, r.rank, r.rounds.tt, r.pending])).toEqual([
      ['a', 1, rational(60), false],
      ['b', 2, rational(50), false],
      ['c', null, null, true], // no score in any round: no rank yet
    ]);
    expect(totalOf(s, 'c')).toEqual(rational(0));
    expect(s.pending).toBe(true);
    expect(toDisplay(s, 2).rows[2]).toMatchObject({ team: 'c', total: 0, rounds: { tt: null }, pending: true });
  });

  it('trimmed mean with n <= 2k in a full board', () => {
    // trim 1: team a has 3 sheets (trimmed), team b only 2 (plain mean)
    const s = computeStandings(
      contest({
        aggregation: { method: 'trimmed_mean', trim: 1, decimals: 2 },
        rounds: [{ key: 'tt', kind: 'rubric', weight: 1 }],
        teams: teams('a', 'b'),
        judges: judges('g1', 'g2', 'g3'),
        sheets: [
          sheet('tt', 'a', 'g1', 10),
          sheet('tt', 'a', 'g2', 20),
          sheet('tt', 'a', 'g3', 90), // a: 20 (10 and 90 trimmed)
          sheet('tt', 'b', 'g1', 10),
          sheet('tt', 'b', 'g2', 40), // b: (10+40)/2 = 25
        ],
      }),
    );
    expect(s.rows.map((r) => [r.team, r.rank, toString(r.total)])).toEqual([
      ['b', 1, '25'],
      ['a', 2, '20'],
    ]);
  });

  it('median with even n in a full board', () => {
    const s = computeStandings(
      contest({
        aggregation: { method: 'median', trim: 0, decimals: 2 },
        rounds: [{ key: 'tt', kind: 'rubric', weight: 2 }],
        teams: teams('a'),
        judges: judges('g1', 'g2', 'g3', 'g4'),
        sheets: [
          sheet('tt', 'a', 'g1', 80),
          sheet('tt', 'a', 'g2', 61.5),
          sheet('tt', 'a', 'g3', 70.25),
          sheet('tt', 'a', 'g4', 99),
        ],
      }),
    );
    // sorted 61.5, 70.25, 80, 99 → (70.25 + 80)/2 = 75.125; total = 2 × 75.125 = 150.25
    expect(s.rows[0]!.rounds.tt).toEqual(rational(601, 8));
    expect(s.rows[0]!.total).toEqual(fromHundredths(15025));
    expect(toDisplay(s, 2).rows[0]!.rounds.tt).toBe(75.13);
  });

  it('quiz rounds sum the points; direct rounds take the score; no entry → pending', () => {
    const s = computeStandings(
      contest({
        rounds: [
          { key: 'kt', kind: 'quiz', weight: 1 },
          { key: 'phu', kind: 'direct', weight: 1 },
        ],
        teams: teams('a', 'b'),
        quizPoints: [
          { round: 'kt', team: 'a', pointsHundredths: 1000 },
          { round: 'kt', team: 'a', pointsHundredths: 2000 },
          { round: 'kt', team: 'b', pointsHundredths: 0 },
        ],
        directScores: [direct('phu', 'a', 2.5)],
      }),
    );
    expect(s.rows.map((r) => [r.team, r.rounds.kt, r.rounds.phu, r.pending, toString(r.total)])).toEqual([
      ['a', rational(30), rational(5, 2), false, '65/2'],
      ['b', rational(0), null, true, '0'],
    ]);
  });

  it('fractional weights are exact', () => {
    expect(parseWeight(1.5)).toEqual(rational(3, 2));
    expect(parseWeight('0.05')).toEqual(rational(1, 20));
    expect(() => parseWeight(0.125)).toThrow(ScoringInputError);
    expect(() => parseWeight(-1)).toThrow(ScoringInputError);
    const s = computeStandings(
      contest({
        rounds: [
          { key: 'x', kind: 'direct', weight: 0.1 },
          { key: 'y', kind: 'direct', weight: 0.2 },
        ],
        teams: teams('a', 'b'),
        directScores: [direct('x', 'a', 1), direct('y', 'a', 1), direct('x', 'b', 3), direct('y', 'b', 0)],
      }),
    );
    // 0.1 + 0.2 = 0.3 = 0.1 × 3 exactly: a shared rank, not a float artefact
    expect(totalOf(s, 'a')).toEqual(rational(3, 10));
    expect(ranks(s)).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
  });
});

describe('computeStandings: ranks and ties (scoring.md §4)', () => {
  it('a three-way tie on total is settled by the second tiebreak', () => {
    // weights 1: totals a = b = c = 60, d = 70; r1 equal for a, b, c; r2 decides
    const s = computeStandings(
      contest({
        tiebreak: ['round:r1', 'round:r2'],
        rounds: [
          { key: 'r1', kind: 'rubric', weight: 1 },
          { key: 'r2', kind: 'direct', weight: 1 },
          { key: 'r3', kind: 'direct', weight: 1 },
        ],
        teams: teams('a', 'b', 'c', 'd'),
        judges: judges('g1', 'g2'),
        sheets: [
          ...['a', 'b', 'c'].flatMap((t) => [sheet('r1', t, 'g1', 8), sheet('r1', t, 'g2', 12)]), // 10 each
          sheet('r1', 'd', 'g1', 10),
          sheet('r1', 'd', 'g2', 10),
        ],
        directScores: [
          direct('r2', 'a', 30),
          direct('r3', 'a', 20),
          direct('r2', 'b', 20),
          direct('r3', 'b', 30),
          direct('r2', 'c', 25),
          direct('r3', 'c', 25),
          direct('r2', 'd', 30),
          direct('r3', 'd', 30),
        ],
      }),
    );
    expect(s.rows.map((r) => [r.team, r.rank, toString(r.total)])).toEqual([
      ['d', 1, '70'],
      ['a', 2, '60'],
      ['c', 3, '60'],
      ['b', 4, '60'],
    ]);
  });

  it('teams equal on total and every tiebreak share a competition rank (1, 2, 2, 4)', () => {
    const s = computeStandings(
      contest({
        tiebreak: ['round:x'],
        rounds: [{ key: 'x', kind: 'direct', weight: 1 }],
        teams: teams('d', 'c', 'b', 'a'),
        directScores: [direct('x', 'a', 9), direct('x', 'b', 5), direct('x', 'c', 5), direct('x', 'd', 1)],
      }),
    );
    expect(ranks(s)).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', 4],
    ]);
  });

  it('a round of weight 0 does not move the total but keeps its score, tiebreak and prize', () => {
    const s = computeStandings(
      contest({
        tiebreak: ['round:show'],
        rounds: [
          { key: 'main', kind: 'direct', weight: 1 },
          { key: 'show', kind: 'direct', weight: 0 },
        ],
        teams: teams('a', 'b', 'c'),
        directScores: [
          direct('main', 'a', 50),
          direct('show', 'a', 1),
          direct('main', 'b', 50),
          direct('show', 'b', 99),
          direct('main', 'c', 60),
          direct('show', 'c', 0),
        ],
        prizes: [{ key: 'best-show', kind: 'round_best', round: 'show', count: 1 }],
        roundComplete: { show: true },
      }),
    );
    expect(s.rows.map((r) => [r.team, r.rank, toString(r.total), toString(r.rounds.show!)])).toEqual([
      ['c', 1, '60', '0'],
      ['b', 2, '50', '99'],
      ['a', 3, '50', '1'],
    ]);
    expect(awarded(s, 'best-show')).toEqual(['b']);
  });

  it('totals equal after rounding to 2 decimals but not exactly are ranked apart', () => {
    // a: (10 + 10 + 10.01)/3 = 10.00333…; b: 10 exactly. Both show 10.00.
    const s = computeStandings(
      contest({
        rounds: [{ key: 'tt', kind: 'rubric', weight: 1 }],
        teams: teams('b', 'a'),
        judges: judges('g1', 'g2', 'g3'),
        sheets: [
          sheet('tt', 'a', 'g1', 10),
          sheet('tt', 'a', 'g2', 10),
          sheet('tt', 'a', 'g3', 10.01),
          sheet('tt', 'b', 'g1', 10),
        ],
        prizes: [{ key: 'nhat', kind: 'overall', count: 1 }],
      }),
    );
    expect(totalOf(s, 'a')).toEqual(rational(3001, 300));
    expect(compare(totalOf(s, 'a'), totalOf(s, 'b'))).toBe(1);
    expect(ranks(s)).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(awarded(s, 'nhat')).toEqual(['a']);
    const d = toDisplay(s, 2);
    expect(d.rows.map((r) => [r.team, r.rank, r.total])).toEqual([
      ['a', 1, 10],
      ['b', 2, 10],
    ]);
    expect(formatFixed(totalOf(s, 'a'), 2)).toBe('10.00');
  });

  it('withdrawn and disqualified teams are listed last without a rank and take no ranked prize', () => {
    const s = computeStandings(
      contest({
        rounds: [{ key: 'x', kind: 'direct', weight: 1 }],
        teams: [
          { key: 'zz', status: 'active' },
          { key: 'top', status: 'withdrawn' },
          { key: 'aa', status: 'active' },
          { key: 'dq', status: 'disqualified' },
        ],
        directScores: [direct('x', 'top', 100), direct('x', 'dq', 99), direct('x', 'aa', 20), direct('x', 'zz', 30)],
        prizes: [
          { key: 'nhat', kind: 'overall', count: 1 },
          { key: 'nhi', kind: 'overall', count: 1 },
          { key: 'best', kind: 'round_best', round: 'x', count: 1 },
          { key: 'aud', kind: 'audience', count: 1 },
          { key: 'ts', kind: 'special', count: 3 },
        ],
        votes: { top: 50, aa: 3 },
        roundComplete: { x: true },
        specialAwards: [{ prize: 'ts', team: 'top', member: 'Nguyễn Thị Lan', reason: 'Dẫn dắt xuất sắc' }],
      }),
    );
    expect(s.rows.map((r) => [r.team, r.rank, r.prizes])).toEqual([
      ['zz', 1, ['nhat', 'best']],
      ['aa', 2, ['nhi', 'aud']],
      ['dq', null, []],
      ['top', null, ['ts']],
    ]);
    expect(toString(totalOf(s, 'top'))).toBe('100');
    expect(s.special).toEqual([{ prize: 'ts', team: 'top', member: 'Nguyễn Thị Lan', reason: 'Dẫn dắt xuất sắc' }]);
  });
});

describe('computeStandings: prizes (scoring.md §5)', () => {
  const board = (points: Record<string, number>, prizes: ScoringInput['prizes']) =>
    computeStandings(
      contest({
        rounds: [{ key: 'x', kind: 'direct', weight: 1 }],
        teams: teams(...Object.keys(points)),
        directScores: Object.entries(points).map(([t, p]) => direct('x', t, p)),
        prizes,
      }),
    );
  const ladder: ScoringInput['prizes'] = [
    { key: 'nhat', kind: 'overall', count: 1 },
    { key: 'nhi', kind: 'overall', count: 2 },
    { key: 'ba', kind: 'overall', count: 3 },
    { key: 'kk', kind: 'overall', count: 4 },
  ];

  it('Nhì count 2 but three teams share rank 2: all three get Nhì, Ba keeps its full count', () => {
    const s = board({ t1: 100, t2: 90, t3: 90, t4: 90, t5: 80, t6: 70, t7: 60, t8: 50 }, ladder);
    expect(ranks(s).map(([, r]) => r)).toEqual([1, 2, 2, 2, 5, 6, 7, 8]);
    expect(awarded(s, 'nhat')).toEqual(['t1']);
    expect(awarded(s, 'nhi')).toEqual(['t2', 't3', 't4']);
    expect(awarded(s, 'ba')).toEqual(['t5', 't6', 't7']);
    expect(awarded(s, 'kk')).toEqual(['t8']); // only one team left
    expect(s.rows.map((r) => r.prizes)).toEqual([['nhat'], ['nhi'], ['nhi'], ['nhi'], ['ba'], ['ba'], ['ba'], ['kk']]);
  });

  it('a tie across the last Ba place gives Ba to every tied team', () => {
    const s = board({ a: 10, b: 9, c: 8, d: 7, e: 6, f: 6, g: 5, h: 4 }, ladder);
    // nhat a; nhi b, c; ba d, e, f (e and f tied at the 3rd Ba place); kk g, h
    expect(awarded(s, 'ba')).toEqual(['d', 'e', 'f']);
    const s2 = board({ a: 10, b: 9, c: 8, d: 7, e: 6, f: 5, g: 5, h: 4 }, ladder);
    // ba d, e, then f and g share the 3rd place → 4 Ba; kk h
    expect(awarded(s2, 'ba')).toEqual(['d', 'e', 'f', 'g']);
    expect(awarded(s2, 'kk')).toEqual(['h']);
  });

  it('a tie for first takes Nhất for everyone tied; Nhì still has its full count', () => {
    const s = board({ a: 10, b: 10, c: 9, d: 8, e: 7 }, ladder.slice(0, 2));
    expect(awarded(s, 'nhat')).toEqual(['a', 'b']);
    expect(awarded(s, 'nhi')).toEqual(['c', 'd']);
    expect(s.rows.find((r) => r.team === 'e')!.prizes).toEqual([]);
  });

  it('round_best: top count with ties shared, only once the round is complete', () => {
    const input = contest({
      rounds: [{ key: 'gt', kind: 'rubric', weight: 1 }],
      teams: teams('a', 'b', 'c', 'd'),
      judges: judges('g1'),
      sheets: [sheet('gt', 'a', 'g1', 30), sheet('gt', 'b', 'g1', 40), sheet('gt', 'c', 'g1', 40)],
      prizes: [{ key: 'gt-xs', kind: 'round_best', round: 'gt', count: 1 }],
    });
    const open = computeStandings(input);
    expect(open.awards[0]).toMatchObject({ teams: [], provisional: true });
    const done = computeStandings({ ...input, roundComplete: { gt: true } });
    expect(done.awards[0]).toMatchObject({ prize: 'gt-xs', round: 'gt', teams: ['b', 'c'], provisional: false });
  });

  it('round_best: a score of 0 wins nothing, so a closed round nobody scored in crowns no one', () => {
    const input = contest({
      rounds: [{ key: 'd', kind: 'direct', weight: 1 }],
      teams: teams('a', 'b', 'c'),
      directScores: [direct('d', 'a', 0), direct('d', 'b', 0), direct('d', 'c', 0)],
      prizes: [{ key: 'd-xs', kind: 'round_best', round: 'd', count: 1 }],
      roundComplete: { d: true },
    });
    expect(computeStandings(input).awards[0]).toMatchObject({ teams: [], provisional: false });
    const one = computeStandings({ ...input, directScores: [direct('d', 'a', 0), direct('d', 'b', 1), direct('d', 'c', 0)] });
    expect(one.awards[0]!.teams).toEqual(['b']);
  });

  it('audience: most votes, ties shared, zero votes win nothing', () => {
    const played = {
      rounds: [{ key: 'd', kind: 'direct' as const, weight: 1 }],
      directScores: [direct('d', 'a', 1), direct('d', 'b', 1), direct('d', 'c', 1)],
    };
    const s = computeStandings(
      contest({
        ...played,
        teams: teams('a', 'b', 'c'),
        prizes: [{ key: 'aud', kind: 'audience', count: 1 }],
        votes: { a: 7, b: 7, c: 2 },
      }),
    );
    expect(awarded(s, 'aud')).toEqual(['a', 'b']);
    expect(s.awards[0]!.provisional).toBe(false);
    const none = computeStandings(
      contest({ ...played, teams: teams('a', 'b', 'c'), prizes: [{ key: 'aud', kind: 'audience', count: 2 }], votes: { a: 0 } }),
    );
    expect(awarded(none, 'aud')).toEqual([]);
  });

  it('audience: provisional while voting is open; a team with no score takes no prize', () => {
    const input = contest({
      rounds: [{ key: 'd', kind: 'direct', weight: 1 }],
      directScores: [direct('d', 'a', 1)],
      teams: teams('a', 'b'),
      prizes: [
        { key: 'nhat', kind: 'overall', count: 2 },
        { key: 'aud', kind: 'audience', count: 1 },
      ],
      votes: { a: 1, b: 9 },
    });
    const open = computeStandings({ ...input, audienceDecided: false });
    expect(open.awards[1]).toMatchObject({ prize: 'aud', teams: ['a'], provisional: true });
    // b has no score at all: no rank, no overall prize even though two are on offer
    expect(ranks(open)).toEqual([
      ['a', 1],
      ['b', null],
    ]);
    expect(open.awards[0]).toMatchObject({ teams: ['a'], provisional: true });
    const closed = computeStandings({ ...input, audienceDecided: true });
    expect(closed.awards[1]).toMatchObject({ teams: ['a'], provisional: false });
  });

  it('overall prizes are provisional while some score is missing or a rubric round is open', () => {
    const input = contest({
      rounds: [{ key: 'tt', kind: 'rubric', weight: 1 }],
      teams: teams('a', 'b'),
      judges: judges('g1'),
      sheets: [sheet('tt', 'a', 'g1', 5)],
      prizes: [{ key: 'nhat', kind: 'overall', count: 1 }],
    });
    expect(computeStandings(input).awards[0]).toMatchObject({ teams: ['a'], provisional: true });
    const full = { ...input, sheets: [...input.sheets, sheet('tt', 'b', 'g1', 4)], roundComplete: { tt: true } };
    expect(computeStandings(full).awards[0]).toMatchObject({ teams: ['a'], provisional: false });
  });
});

describe('events and validation', () => {
  it('the latest version of a sheet wins, whatever the arrival order', () => {
    const config = contest({
      rounds: [{ key: 'tt', kind: 'rubric', weight: 1 }],
      teams: teams('a'),
      judges: judges('g1'),
    });
    const v1 = { ...sheet('tt', 'a', 'g1', 10), version: 1 };
    const v2 = { ...sheet('tt', 'a', 'g1', 20), version: 2 };
    const v3 = { ...sheet('tt', 'a', 'g1', 30, 'draft'), version: 3 }; // reopened as draft
    const forward = standingsFromState(initState(config, [v1, v2]));
    const backward = standingsFromState(initState(config, [v2, v1]));
    expect(forward.rows[0]!.rounds.tt).toEqual(rational(20));
    expect(backward).toEqual(forward);
    const reopened = applySheetEvent(initState(config, [v1, v2]), v3);
    expect(standingsFromState(reopened).rows[0]!.rounds.tt).toBeNull();
  });

  it('refuses dangling references and duplicates', () => {
    const base = contest({
      rounds: [
        { key: 'tt', kind: 'rubric', weight: 1 },
        { key: 'phu', kind: 'direct', weight: 1 },
      ],
      teams: teams('a'),
      judges: judges('g1'),
    });
    expect(() => computeStandings({ ...base, sheets: [sheet('tt', 'zz', 'g1', 1)] })).toThrow(ScoringInputError);
    expect(() => computeStandings({ ...base, sheets: [sheet('tt', 'a', 'gx', 1)] })).toThrow(/unknown judge/);
    expect(() => computeStandings({ ...base, sheets: [sheet('phu', 'a', 'g1', 1)] })).toThrow(/not rubric/);
    expect(() => computeStandings({ ...base, sheets: [sheet('tt', 'a', 'g1', 1), sheet('tt', 'a', 'g1', 2)] })).toThrow(
      /duplicates/,
    );
    expect(() => computeStandings({ ...base, directScores: [direct('phu', 'a', 1), direct('phu', 'a', 2)] })).toThrow(
      /duplicates/,
    );
    expect(() => computeStandings({ ...base, tiebreak: ['round:nope'] })).toThrow(/tiebreak\[0\]/);
    expect(() => computeStandings({ ...base, sheets: [{ ...sheet('tt', 'a', 'g1', 1), totalHundredths: 10.5 }] })).toThrow(
      /safe integer/,
    );
  });
});
