import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { type Rational, ZERO, compare, equals, mulInt } from './rational.js';
import {
  type PrizeInput,
  type RoundKind,
  type ScoringConfig,
  type ScoringInput,
  type SheetEvent,
  type SheetInput,
  type Standings,
  type TeamStatus,
  applySheetEvent,
  computeStandings,
  initState,
  resolveSheetEvents,
  standingsFromState,
} from './engine.js';

const RUNS = { numRuns: 1000 };

interface Cell {
  readonly round: string;
  readonly team: string;
  readonly judge: string;
}

interface Contest {
  readonly config: ScoringConfig;
  /** Every (rubric round, team, judge) a sheet may exist for. */
  readonly pool: readonly Cell[];
  readonly sheets: readonly SheetInput[];
}

/** Marks in hundredths: mostly coarse (many ties), sometimes any value. */
const arbMark = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 8 }).map((x) => x * 250) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 10_000 }) },
);
const arbStatus = fc.constantFrom<'draft' | 'submitted'>('submitted', 'submitted', 'submitted', 'draft');

const arbContest: fc.Arbitrary<Contest> = fc
  .record({
    nTeams: fc.integer({ min: 1, max: 6 }),
    nJudges: fc.integer({ min: 1, max: 4 }),
    roundSpecs: fc.array(
      fc.record({
        kind: fc.constantFrom<RoundKind>('rubric', 'rubric', 'quiz', 'direct'),
        weight: fc.constantFrom(0, 0.5, 1, 1, 1.5, 2, 2.25),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    method: fc.constantFrom('mean' as const, 'trimmed_mean' as const, 'median' as const),
    trim: fc.integer({ min: 0, max: 2 }),
  })
  .chain(({ nTeams, nJudges, roundSpecs, method, trim }) => {
    const teamKeys = Array.from({ length: nTeams }, (_, i) => `t${i}`);
    const judgeKeys = Array.from({ length: nJudges }, (_, i) => `j${i}`);
    const rounds = roundSpecs.map((r, i) => ({ key: `r${i}`, kind: r.kind, weight: r.weight }));
    const roundKeys = rounds.map((r) => r.key);
    const pool: Cell[] = rounds
      .filter((r) => r.kind === 'rubric')
      .flatMap((r) => teamKeys.flatMap((team) => judgeKeys.map((judge) => ({ round: r.key, team, judge }))));
    const quizCells = rounds.filter((r) => r.kind === 'quiz').flatMap((r) => teamKeys.map((team) => ({ round: r.key, team })));
    const directCells = rounds
      .filter((r) => r.kind === 'direct')
      .flatMap((r) => teamKeys.map((team) => ({ round: r.key, team })));
    const n = (len: number) => ({ minLength: len, maxLength: len });
    return fc
      .record({
        statuses: fc.array(fc.constantFrom<TeamStatus>('active', 'active', 'active', 'withdrawn', 'disqualified'), n(nTeams)),
        conflicts: fc.array(fc.subarray(teamKeys, { maxLength: Math.min(2, nTeams) }), n(nJudges)),
        sheets: fc.array(fc.option(fc.record({ total: arbMark, status: arbStatus }), { freq: 5 }), n(pool.length)),
        quiz: fc.array(fc.option(fc.array(arbMark, { minLength: 1, maxLength: 2 }), { freq: 5 }), n(quizCells.length)),
        direct: fc.array(fc.option(arbMark, { freq: 5 }), n(directCells.length)),
        tiebreak: fc.shuffledSubarray(roundKeys),
        overall: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 4 }),
        roundBest: fc.option(fc.record({ round: fc.constantFrom(...roundKeys), count: fc.integer({ min: 1, max: 2 }) })),
        audience: fc.option(fc.integer({ min: 1, max: 2 })),
        votes: fc.array(fc.integer({ min: 0, max: 3 }), n(nTeams)),
        complete: fc.array(fc.boolean(), n(rounds.length)),
      })
      .map((g): Contest => {
        const sheets: SheetInput[] = [];
        g.sheets.forEach((s, i) => {
          const c = pool[i];
          if (s !== null && c !== undefined) sheets.push({ ...c, totalHundredths: s.total, status: s.status });
        });
        const prizes: PrizeInput[] = g.overall.map((count, i) => ({ key: `o${i}`, kind: 'overall', count }));
        if (g.roundBest !== null) prizes.push({ key: 'best', kind: 'round_best', ...g.roundBest });
        if (g.audience !== null) prizes.push({ key: 'aud', kind: 'audience', count: g.audience });
        prizes.push({ key: 'sp', kind: 'special', count: 1 });
        const config: ScoringConfig = {
          aggregation: { method, trim, decimals: 2 },
          tiebreak: g.tiebreak.map((k) => `round:${k}`),
          rounds,
          teams: teamKeys.map((key, i) => ({ key, status: g.statuses[i] ?? 'active' })),
          judges: judgeKeys.map((key, i) => ({ key, conflicts: g.conflicts[i] ?? [] })),
          quizPoints: quizCells.flatMap((c, i) => (g.quiz[i] ?? []).map((p) => ({ ...c, pointsHundredths: p }))),
          directScores: directCells.flatMap((c, i) => {
            const v = g.direct[i];
            return v === null || v === undefined ? [] : [{ ...c, scoreHundredths: v }];
          }),
          prizes,
          votes: Object.fromEntries(teamKeys.map((k, i) => [k, g.votes[i] ?? 0])),
          specialAwards: teamKeys.length > 0 ? [{ prize: 'sp', team: 't0', reason: 'x' }] : [],
          roundComplete: Object.fromEntries(roundKeys.map((k, i) => [k, g.complete[i] ?? false])),
        };
        return { config, pool, sheets };
      });
  });

function arbEvents(pool: readonly Cell[], maxLength = 16): fc.Arbitrary<SheetEvent[]> {
  if (pool.length === 0) return fc.constant([]);
  return fc.array(
    fc
      .record({
        cell: fc.constantFrom(...pool),
        version: fc.integer({ min: 1, max: 4 }),
        total: arbMark,
        status: arbStatus,
      })
      .map(({ cell, version, total, status }) => ({ ...cell, version, totalHundredths: total, status })),
    { maxLength },
  );
}

const arbContestWithEvents = arbContest.chain((contest) => arbEvents(contest.pool).map((events) => ({ contest, events })));

function withSheets(config: ScoringConfig, sheets: readonly SheetInput[]): ScoringInput {
  return { ...config, sheets };
}

function permutationOf<T>(xs: readonly T[]): fc.Arbitrary<T[]> {
  return fc.shuffledSubarray([...xs], { minLength: xs.length, maxLength: xs.length });
}

// ─────────────────────────────────────────── independent checks of ranks and prizes

function ordering(config: ScoringConfig, s: Standings, team: string): Rational[] {
  const row = s.rows.find((r) => r.team === team);
  if (row === undefined) throw new Error('no row');
  return [row.total, ...config.tiebreak.map((tb) => row.rounds[tb.slice('round:'.length)] ?? ZERO)];
}

function lexCompare(a: readonly Rational[], b: readonly Rational[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compare(a[i] ?? ZERO, b[i] ?? ZERO);
    if (c !== 0) return c;
  }
  return 0;
}

/** Recipients of a "top count, ties shared" prize among `ranked` (best first, with a tie measure). */
function expectedTop<T>(ranked: readonly T[], count: number, better: (a: T, b: T) => boolean): T[] {
  if (ranked.length === 0) return [];
  const last = ranked[Math.min(count, ranked.length) - 1] as T;
  return ranked.filter((x) => !better(last, x));
}

function checkBoard(config: ScoringConfig, s: Standings): void {
  const status = new Map(config.teams.map((t) => [t.key, t.status]));
  const hasScore = (r: Standings['rows'][number]) => Object.values(r.rounds).some((v) => v !== null);
  // Ranked: active teams with a score in some round. An active team with none has no rank yet.
  const active = s.rows.filter((r) => status.get(r.team) === 'active' && hasScore(r));
  const unscored = s.rows.filter((r) => status.get(r.team) === 'active' && !hasScore(r));
  const inactive = s.rows.filter((r) => status.get(r.team) !== 'active');
  expect(s.rows.length).toBe(config.teams.length);
  // ranked first, then unscored, then inactive; all but the ranked without a rank
  expect(s.rows.slice(0, active.length)).toEqual(active);
  expect(s.rows.slice(active.length, active.length + unscored.length)).toEqual(unscored);
  for (const r of [...unscored, ...inactive]) expect(r.rank).toBeNull();
  for (const r of unscored) for (const k of r.prizes) expect(k).toBe('sp');
  if (unscored.length > 0) expect(s.pending).toBe(true);

  // competition ranks: 1 + number of active teams strictly ahead (total, then tiebreaks)
  for (const r of active) {
    const mine = ordering(config, s, r.team);
    const ahead = active.filter((o) => lexCompare(ordering(config, s, o.team), mine) > 0).length;
    expect(r.rank).toBe(ahead + 1);
  }
  // rows sorted by rank, equal ranks by key
  for (let i = 1; i < active.length; i++) {
    const a = active[i - 1]!;
    const b = active[i]!;
    expect(a.rank!).toBeLessThanOrEqual(b.rank!);
    if (a.rank === b.rank) expect(a.team < b.team).toBe(true);
  }

  const award = (key: string) => {
    const a = s.awards.find((x) => x.prize === key);
    if (a === undefined) throw new Error(`no award ${key}`);
    return a;
  };

  // overall prizes: walk down, full count each, ties never split, at most one per team
  let remaining = active;
  const overallOf = new Map<string, string>();
  for (const p of config.prizes.filter((x) => x.kind === 'overall')) {
    const got = award(p.key).teams;
    const expected = expectedTop(remaining, p.count, (a, b) => a.rank! < b.rank!).map((r) => r.team);
    expect([...got].sort()).toEqual([...expected].sort());
    expect(got.length).toBeGreaterThanOrEqual(Math.min(p.count, remaining.length));
    if (got.length > 0) {
      const lastRank = Math.max(...got.map((t) => active.find((r) => r.team === t)!.rank!));
      // every team sharing the last recipient's rank got it; those strictly ahead are fewer than count
      for (const r of remaining) if (r.rank === lastRank) expect(got).toContain(r.team);
      expect(got.filter((t) => active.find((r) => r.team === t)!.rank! < lastRank).length).toBeLessThan(p.count);
    }
    for (const t of got) {
      expect(overallOf.has(t)).toBe(false);
      overallOf.set(t, p.key);
    }
    remaining = remaining.filter((r) => !got.includes(r.team));
  }
  // ties never split: equal rank ⇒ same overall prize (or none)
  for (const a of active)
    for (const b of active) if (a.rank === b.rank) expect(overallOf.get(a.team)).toBe(overallOf.get(b.team));

  for (const p of config.prizes) {
    const got = award(p.key).teams;
    if (p.kind === 'round_best') {
      const round = p.round!;
      if (config.roundComplete?.[round] !== true) {
        expect(got).toEqual([]);
        continue;
      }
      const scored = active
        .map((r) => ({ team: r.team, score: r.rounds[round] ?? null }))
        .filter((e): e is { team: string; score: Rational } => e.score !== null && compare(e.score, ZERO) > 0)
        .sort((a, b) => compare(b.score, a.score));
      const expected = expectedTop(scored, p.count, (a, b) => compare(a.score, b.score) > 0).map((e) => e.team);
      expect([...got].sort()).toEqual(expected.sort());
    }
    if (p.kind === 'audience') {
      const voted = active
        .map((r) => ({ team: r.team, votes: config.votes[r.team] ?? 0 }))
        .filter((e) => e.votes > 0)
        .sort((a, b) => b.votes - a.votes);
      const expected = expectedTop(voted, p.count, (a, b) => a.votes > b.votes).map((e) => e.team);
      expect([...got].sort()).toEqual(expected.sort());
    }
  }

  // withdrawn / disqualified teams hold special prizes only
  for (const r of inactive) for (const k of r.prizes) expect(k).toBe('sp');
  // row prizes agree with awards
  for (const r of s.rows) {
    const held = s.awards.filter((a) => a.teams.includes(r.team)).map((a) => a.prize);
    expect([...r.prizes].sort()).toEqual(held.sort());
  }
}

// ─────────────────────────────────────────── properties

describe('scoring engine properties', () => {
  it('ranks are competition ranks and prize counts are respected, ties never split', () => {
    fc.assert(
      fc.property(arbContest, ({ config, sheets }) => {
        checkBoard(config, computeStandings(withSheets(config, sheets)));
      }),
      RUNS,
    );
  });

  it('event order does not change the board', () => {
    fc.assert(
      fc.property(
        arbContestWithEvents.chain(({ contest, events }) => permutationOf(events).map((perm) => ({ contest, events, perm }))),
        ({ contest, events, perm }) => {
          const a = standingsFromState(initState(contest.config, events));
          const b = standingsFromState(initState(contest.config, perm));
          expect(b).toEqual(a);
          expect(resolveSheetEvents(perm)).toEqual(resolveSheetEvents(events));
          expect(computeStandings(withSheets(contest.config, resolveSheetEvents(perm)))).toEqual(a);
        },
      ),
      RUNS,
    );
  });

  it('a sheet applied twice counts once', () => {
    fc.assert(
      fc.property(
        arbContestWithEvents
          .filter(({ events }) => events.length > 0)
          .chain(({ contest, events }) =>
            fc
              .record({ i: fc.nat({ max: events.length - 1 }), j: fc.nat({ max: events.length }) })
              .map(({ i, j }) => ({ contest, events, i, j })),
          ),
        ({ contest, events, i, j }) => {
          const once = initState(contest.config, events);
          const e = events[i]!;
          // re-delivered at the end …
          expect(standingsFromState(applySheetEvent(once, e))).toEqual(standingsFromState(once));
          // … or re-delivered somewhere in the middle of the stream
          const twice = [...events.slice(0, j), e, ...events.slice(j)];
          expect(standingsFromState(initState(contest.config, twice))).toEqual(standingsFromState(once));
          // and the whole stream delivered twice
          expect(standingsFromState(initState(contest.config, [...events, ...events]))).toEqual(standingsFromState(once));
        },
      ),
      RUNS,
    );
  });

  it('incremental recompute (reducer) equals full recompute after every event', () => {
    fc.assert(
      fc.property(arbContestWithEvents, ({ contest, events }) => {
        let state = initState(contest.config);
        expect(standingsFromState(state)).toEqual(computeStandings(withSheets(contest.config, [])));
        events.forEach((e, k) => {
          state = applySheetEvent(state, e);
          const full = computeStandings(withSheets(contest.config, resolveSheetEvents(events.slice(0, k + 1))));
          expect(standingsFromState(state)).toEqual(full);
        });
      }),
      RUNS,
    );
  });

  it('multiplying every mark by the same positive integer keeps order, ranks and prizes', () => {
    fc.assert(
      fc.property(arbContest, fc.integer({ min: 2, max: 1000 }), ({ config, sheets }, f) => {
        const before = computeStandings(withSheets(config, sheets));
        const scaled: ScoringInput = {
          ...config,
          sheets: sheets.map((s) => ({ ...s, totalHundredths: s.totalHundredths * f })),
          quizPoints: config.quizPoints.map((q) => ({ ...q, pointsHundredths: q.pointsHundredths * f })),
          directScores: config.directScores.map((d) => ({ ...d, scoreHundredths: d.scoreHundredths * f })),
        };
        const after = computeStandings(scaled);
        const shape = (s: Standings) => s.rows.map((r) => ({ team: r.team, rank: r.rank, pending: r.pending, prizes: r.prizes }));
        expect(shape(after)).toEqual(shape(before));
        expect(after.awards).toEqual(before.awards);
        before.rows.forEach((r, i) => {
          const a = after.rows[i]!;
          expect(equals(a.total, mulInt(r.total, f))).toBe(true);
          for (const [k, v] of Object.entries(r.rounds)) {
            const w = a.rounds[k] ?? null;
            if (v === null) expect(w).toBeNull();
            else expect(w !== null && equals(w, mulInt(v, f))).toBe(true);
          }
        });
      }),
      RUNS,
    );
  });

  it("a conflicted judge's sheet affects no team", () => {
    fc.assert(
      fc.property(
        arbContest.chain((contest) =>
          fc
            .array(fc.option(fc.record({ total: arbMark, status: arbStatus })), {
              minLength: contest.pool.length,
              maxLength: contest.pool.length,
            })
            .map((overrides) => ({ contest, overrides })),
        ),
        ({ contest: { config, pool, sheets }, overrides }) => {
          const conflicted = (c: Cell) => config.judges.find((j) => j.key === c.judge)!.conflicts.includes(c.team);
          const key = (c: Cell) => `${c.round}/${c.team}/${c.judge}`;
          const clean = sheets.filter((s) => !conflicted(s));
          // put arbitrary sheets (or none) wherever the judge has a conflict with the team
          const noisy = [...clean];
          pool.forEach((c, i) => {
            const o = overrides[i];
            if (conflicted(c) && o !== null && o !== undefined) noisy.push({ ...c, totalHundredths: o.total, status: o.status });
          });
          expect(new Set(noisy.map(key)).size).toBe(noisy.length);
          const expected = computeStandings(withSheets(config, clean));
          expect(computeStandings(withSheets(config, sheets))).toEqual(expected);
          expect(computeStandings(withSheets(config, noisy))).toEqual(expected);
        },
      ),
      RUNS,
    );
  });
});
