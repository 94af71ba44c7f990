/**
 * Scoreboard deltas (live-delta.ts): a snapshot with every delta of a sequence of boards applied
 * in order is the last board, whatever changes between them (rows, order, teams coming and going,
 * the other fields, an optional field dropped); a delta that does not fit its board is refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyScoreboardDelta, diffScoreboard } from './live-delta.js';
import type { ScoreboardBody } from './results.js';

const TEAMS = ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8'];

const row = (team: string) =>
  fc.record({
    rank: fc.option(fc.integer({ min: 1, max: 8 }), { nil: null }),
    team: fc.constant(team),
    name: fc.constantFrom(`Đội ${team}`, `Team ${team}`),
    unit: fc.constantFrom('', 'CĐCS'),
    status: fc.constantFrom('active' as const, 'withdrawn' as const, 'disqualified' as const),
    total: fc.integer({ min: 0, max: 300 }).map((n) => n / 2),
    rounds: fc.record({ v1: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }) }),
    prizes: fc.subarray(['nhat', 'nhi', 'ba']),
    pending: fc.boolean(),
    review: fc.option(fc.subarray(['v1']), { nil: undefined }),
  });

const board: fc.Arbitrary<ScoreboardBody> = fc
  .tuple(
    fc.shuffledSubarray(TEAMS).chain((teams) => fc.tuple(...teams.map(row))),
    fc.record({
      seq: fc.integer({ min: 0, max: 50 }),
      frozen: fc.boolean(),
      view: fc.constantFrom('organizer' as const, 'host' as const, 'public' as const),
      decimals: fc.integer({ min: 0, max: 3 }),
      awards: fc.array(
        fc.record({ prize: fc.constantFrom('nhat', 'nhi'), teams: fc.subarray(TEAMS), provisional: fc.boolean() }),
        {
          maxLength: 2,
        },
      ),
      reveal: fc.option(fc.record({ pos: fc.nat(9), total: fc.nat(9), step: fc.constant(null) }), { nil: null }),
      voting: fc.option(fc.constantFrom('idle' as const, 'open' as const, 'closed' as const), { nil: undefined }),
    }),
  )
  .map(([rows, fields]) => {
    const b: ScoreboardBody = { ...fields, rows };
    if (b.voting === undefined) delete b.voting;
    return b;
  });

/** A board and small edits of it, so that consecutive boards share most rows. */
const edited = (b: ScoreboardBody): fc.Arbitrary<ScoreboardBody> =>
  fc.oneof(
    board,
    fc.tuple(fc.nat(), row('t1'), fc.boolean()).map(([i, r, move]) => {
      const rows = [...b.rows];
      if (rows.length === 0) return { ...b, rows: [r] };
      const at = i % rows.length;
      rows[at] = { ...r, team: rows[at]!.team };
      if (move) rows.push(...rows.splice(at, 1));
      return { ...b, rows, seq: b.seq + 1 };
    }),
  );

const sequence = board.chain((first) =>
  fc
    .array(fc.nat(), { maxLength: 6 })
    .chain((steps) =>
      steps.reduce<fc.Arbitrary<ScoreboardBody[]>>(
        (acc) => acc.chain((boards) => edited(boards.at(-1)!).map((next) => [...boards, next])),
        fc.constant([first]),
      ),
    ),
);

describe('scoreboard deltas', () => {
  it('a snapshot with the deltas of a sequence applied in order equals the last board', () => {
    fc.assert(
      fc.property(sequence, (boards) => {
        let held: ScoreboardBody = structuredClone(boards[0]!);
        for (let i = 1; i < boards.length; i++) {
          const delta = diffScoreboard(boards[i - 1]!, boards[i]!);
          expect(delta).not.toBeNull();
          // Through JSON, as it travels.
          const next = applyScoreboardDelta(held, JSON.parse(JSON.stringify(delta)));
          expect(next).not.toBeNull();
          held = next!;
          expect(held).toEqual(boards[i]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('sends a row only when it changed', () => {
    fc.assert(
      fc.property(board, (b) => {
        const same = diffScoreboard(b, structuredClone(b));
        expect(same).toEqual({});
      }),
    );
  });

  it('refuses a delta that does not fit the board, and a board with a team twice', () => {
    const b: ScoreboardBody = {
      seq: 1,
      frozen: false,
      view: 'public',
      decimals: 2,
      awards: [],
      reveal: null,
      rows: ['t1', 't2'].map((team) => ({
        rank: null,
        team,
        name: team,
        unit: '',
        status: 'active' as const,
        total: 0,
        rounds: {},
        prizes: [],
        pending: false,
      })),
    };
    const newRow = { ...b.rows[0]!, team: 't9' };
    expect(applyScoreboardDelta(b, { removed: ['t9'] })).toBeNull();
    expect(applyScoreboardDelta(b, { rows: [newRow] })).toBeNull();
    expect(applyScoreboardDelta(b, { order: ['t1', 't1'] })).toBeNull();
    expect(applyScoreboardDelta(b, { order: ['t1', 't9'] })).toBeNull();
    expect(applyScoreboardDelta(b, { order: ['t2', 't1'] })?.rows.map((r) => r.team)).toEqual(['t2', 't1']);
    expect(applyScoreboardDelta(b, { rows: [newRow], order: ['t9', 't2', 't1'] })?.rows.map((r) => r.team)).toEqual([
      't9',
      't2',
      't1',
    ]);
    const twice = { ...b, rows: [b.rows[0]!, b.rows[0]!] };
    expect(diffScoreboard(twice, b)).toBeNull();
    expect(applyScoreboardDelta(twice, {})).toBeNull();
  });
});
