/**
 * The hoithi scoring engine: marks → round scores → totals → ranks → prizes.
 * Pure and exact: no I/O, and every sum, mean and comparison is done on `Rational` (bigint).
 * Normative source: docs/scoring.md §2–§5. This file implements it literally; where that page is
 * silent, these are the choices made here (an organizer of a provincial contest would expect them):
 *
 *  1. Marks arrive as integer hundredths. Round weights (at most 2 decimals, e.g. 1.5) are parsed
 *     from their decimal string into an exact rational; a negative weight, or one with more than
 *     2 decimals or in exponent notation, is an input error.
 *  2. Every reference in the input (sheet/quiz/direct round, team, judge, tiebreak, prize round,
 *     special award prize and team, votes) must name an existing key, and rubric sheets may only
 *     target rubric rounds (quiz points quiz rounds, direct scores direct rounds); otherwise
 *     `computeStandings` throws `ScoringInputError`. A snapshot may hold at most one sheet per
 *     (round, team, judge) and at most one direct score per (round, team): duplicates are errors
 *     (use the event reducer below to resolve histories).
 *  3. Quiz round: the score is the sum of all `quizPoints` entries for (round, team) (one entry per
 *     team with the already-summed points, or one per correct answer: both work). No entry at all
 *     → null ("—", counted 0, pending). So a team that took part and answered nothing right must
 *     be given an explicit 0 entry by the caller once the quiz round has been played.
 *     Direct round: the single entry, or null (pending) when there is none.
 *  3a. A cell listed in `closed` (its round was locked for that team) with no score counts 0.
 *  4. A round of weight 0 adds nothing to the total, but it is still a round: a missing score
 *     there makes the row pending, it may be used as a tiebreak and it can have a round_best prize.
 *  5. Tiebreak `round:<key>` compares the unweighted round score; a null score counts as 0.
 *     Teams equal on total and every tiebreak share a competition rank (1, 2, 2, 4); among them
 *     the rows are listed by team key (code-unit order), for display only.
 *  6a. An active team with no score in any round (every round null) has no rank, is listed after
 *     the ranked teams (by team key), and takes no overall, round_best or audience prize.
 *  6. Withdrawn and disqualified teams: round scores and total are still computed (for the
 *     record), rank is null, they are listed after all active teams, ordered by team key. They
 *     take no overall, round_best or audience prize, and do not occupy a place in those lists.
 *     Special awards are given by hand and are listed as given, whatever the team's status.
 *  7. Overall prizes are computed on the current board, even while it is still pending; such an
 *     award is flagged `provisional: true` (some active team has a null round score, or some
 *     rubric round is not marked complete in `roundComplete`). The app decides what to show.
 *  8. round_best uses the unweighted round score, only active teams with a score above 0, ties
 *     shared (no tiebreak list); it is awarded only when `roundComplete[round] === true`,
 *     otherwise the award lists no team and is `provisional`.
 *  9. audience: the `count` highest vote counts among ranked active teams, ties shared the same
 *     way; a team with 0 votes never wins it. Votes must be non-negative integers. The award is
 *     provisional until `audienceDecided` (voting closed).
 * 10. special: the engine does not enforce `count` (the organizer hands them out); the same team
 *     may appear once per special prize in `awards`, every (team, member) entry in `special`.
 * 11. Events (incremental recompute): a sheet is identified by (round, team, judge); of all its
 *     versions the one with the highest `version` wins, so the result does not depend on arrival
 *     order and applying an event twice counts once. Two different events with the same version
 *     should not happen; if they do, the winner is chosen deterministically (submitted over draft,
 *     then the higher total) so the board still does not depend on the order.
 * 12. `Standings.rows[].prizes` lists prize keys in the order of the contest's prize list.
 */

import {
  type Rational,
  ZERO,
  add,
  compare,
  divInt,
  fromDecimalString,
  fromHundredths,
  mul,
  roundHalfUp,
  sum,
} from './rational.js';

// ───────────────────────────────────────────── input types

export type AggregationMethod = 'mean' | 'trimmed_mean' | 'median';
export type RoundKind = 'rubric' | 'quiz' | 'direct';
export type TeamStatus = 'active' | 'withdrawn' | 'disqualified';
export type SheetStatus = 'draft' | 'submitted';
export type PrizeKind = 'overall' | 'round_best' | 'audience' | 'special';

export interface AggregationInput {
  readonly method: AggregationMethod;
  /** k for trimmed_mean (ignored otherwise); integer >= 0. */
  readonly trim: number;
  /** Places shown at display/export; integer >= 0. */
  readonly decimals: number;
}

export interface RoundInput {
  readonly key: string;
  readonly kind: RoundKind;
  /** >= 0, at most 2 decimals; a decimal string such as "1.5" is accepted too. */
  readonly weight: number | string;
}

export interface TeamInput {
  readonly key: string;
  readonly status: TeamStatus;
}

export interface JudgeInput {
  readonly key: string;
  /** Team keys this judge may not mark. */
  readonly conflicts: readonly string[];
}

export interface SheetInput {
  readonly round: string;
  readonly team: string;
  readonly judge: string;
  /** Sum of the sheet's marks, in hundredths (integer). */
  readonly totalHundredths: number;
  readonly status: SheetStatus;
}

export interface QuizPointsInput {
  readonly round: string;
  readonly team: string;
  readonly pointsHundredths: number;
}

export interface DirectScoreInput {
  readonly round: string;
  readonly team: string;
  readonly scoreHundredths: number;
}

export interface PrizeInput {
  readonly key: string;
  readonly kind: PrizeKind;
  readonly count: number;
  /** Required for round_best. */
  readonly round?: string;
}

export interface SpecialAwardInput {
  readonly prize: string;
  readonly team: string;
  readonly member?: string;
  readonly reason: string;
}

/** Everything except the judges' sheets: the part of the input the event reducer keeps fixed. */
export interface ScoringConfig {
  readonly aggregation: AggregationInput;
  /** E.g. ["round:thuyet-trinh", "round:kien-thuc"]. */
  readonly tiebreak: readonly string[];
  readonly rounds: readonly RoundInput[];
  readonly teams: readonly TeamInput[];
  readonly judges: readonly JudgeInput[];
  readonly quizPoints: readonly QuizPointsInput[];
  readonly directScores: readonly DirectScoreInput[];
  readonly prizes: readonly PrizeInput[];
  /** Audience votes per team key (missing = 0). */
  readonly votes: Readonly<Record<string, number>>;
  readonly specialAwards: readonly SpecialAwardInput[];
  /** Whether every eligible sheet of that rubric round is in; round_best needs `true`. */
  readonly roundComplete?: Readonly<Record<string, boolean>>;
  /** Whether audience voting is over; until then the audience prize is provisional. Default true. */
  readonly audienceDecided?: boolean;
  /**
   * Cells closed by a lock (rubric or quiz): a team with no score there when the round was closed
   * scores 0 there, so that closing every cell decides the board.
   */
  readonly closed?: readonly { readonly round: string; readonly team: string }[];
}

export interface ScoringInput extends ScoringConfig {
  readonly sheets: readonly SheetInput[];
}

// ───────────────────────────────────────────── output types

export interface StandingRow {
  readonly team: string;
  readonly status: TeamStatus;
  /** Competition rank among active teams with a score; null for withdrawn / disqualified teams and for active teams with no score in any round. */
  readonly rank: number | null;
  /** Σ weight × round score (null scores count 0). */
  readonly total: Rational;
  /** Round score per round key, in round order; null = no score yet ("—"). */
  readonly rounds: Readonly<Record<string, Rational | null>>;
  /** Some round has no score yet. */
  readonly pending: boolean;
  /** Prize keys held by this team, in prize-list order. */
  readonly prizes: readonly string[];
}

export interface PrizeAward {
  readonly prize: string;
  readonly kind: PrizeKind;
  readonly round?: string;
  readonly count: number;
  /** Team keys, in board order (special: in the order given). */
  readonly teams: readonly string[];
  /** The engine knows this result may still change (see header, points 7 and 8). */
  readonly provisional: boolean;
}

export interface SpecialAward {
  readonly prize: string;
  readonly team: string;
  readonly member?: string;
  readonly reason: string;
}

export interface Standings {
  /** Active teams in rank order, then withdrawn / disqualified teams. */
  readonly rows: readonly StandingRow[];
  /** One entry per prize, in prize-list order. */
  readonly awards: readonly PrizeAward[];
  readonly special: readonly SpecialAward[];
  /** Some active team still has a round without a score. */
  readonly pending: boolean;
}

export class ScoringInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScoringInputError';
  }
}

// ───────────────────────────────────────────── aggregation

/**
 * Aggregates the eligible sheet totals of one (team, rubric round) (scoring.md §3).
 * `totals` are rationals, or bigints read as hundredths. Returns null when there is none.
 */
export function aggregate(method: AggregationMethod, trim: number, totals: readonly (Rational | bigint)[]): Rational | null {
  if (!Number.isSafeInteger(trim) || trim < 0) {
    throw new ScoringInputError(`aggregation.trim must be an integer >= 0, got ${String(trim)}`);
  }
  const xs = totals.map((t) => (typeof t === 'bigint' ? fromHundredths(t) : t)).sort(compare);
  const n = xs.length;
  if (n === 0) return null;
  switch (method) {
    case 'mean':
      return divInt(sum(xs), n);
    case 'trimmed_mean':
      return n > 2 * trim ? divInt(sum(xs.slice(trim, n - trim)), n - 2 * trim) : divInt(sum(xs), n);
    case 'median': {
      if (n % 2 === 1) return at(xs, (n - 1) / 2);
      return divInt(add(at(xs, n / 2 - 1), at(xs, n / 2)), 2);
    }
    default:
      throw new ScoringInputError(`unknown aggregation method ${JSON.stringify(method as string)}`);
  }
}

function at<T>(xs: readonly T[], i: number): T {
  const v = xs[i];
  if (v === undefined) throw new Error(`internal: index ${i} out of range`);
  return v;
}

// ───────────────────────────────────────────── preparation (validation, indexes)

interface PreparedRound {
  readonly key: string;
  readonly kind: RoundKind;
  readonly weight: Rational;
}

/** The validated, indexed form of a `ScoringConfig`. Opaque to callers. */
export interface PreparedConfig {
  readonly method: AggregationMethod;
  readonly trim: number;
  readonly decimals: number;
  readonly rounds: readonly PreparedRound[];
  readonly roundByKey: ReadonlyMap<string, PreparedRound>;
  readonly teams: readonly TeamInput[];
  readonly teamByKey: ReadonlyMap<string, TeamInput>;
  readonly conflicts: ReadonlyMap<string, ReadonlySet<string>>;
  readonly tiebreakRounds: readonly string[];
  /** cellKey(round, team) → score, for quiz and direct rounds. */
  readonly fixedCells: ReadonlyMap<string, Rational>;
  readonly prizes: readonly PrizeInput[];
  readonly votes: ReadonlyMap<string, number>;
  readonly specialAwards: readonly SpecialAwardInput[];
  readonly complete: ReadonlySet<string>;
  readonly audienceDecided: boolean;
  /** cellKey(round, team) of every closed cell. */
  readonly closed: ReadonlySet<string>;
}

function cellKey(round: string, team: string): string {
  return `${round}\u0000${team}`;
}

function sheetKey(round: string, team: string, judge: string): string {
  return `${round}\u0000${team}\u0000${judge}`;
}

function fail(message: string): never {
  throw new ScoringInputError(message);
}

function checkInt(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    fail(`${path} must be a safe integer, got ${String(value)}`);
  }
  return value;
}

/** Exact weight from a number or decimal string with at most 2 decimals. */
export function parseWeight(weight: number | string, path = 'weight'): Rational {
  const text = typeof weight === 'number' ? String(weight) : weight.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(text)) {
    fail(`${path} must be >= 0 with at most 2 decimals, got ${JSON.stringify(weight)}`);
  }
  return fromDecimalString(text);
}

function uniqueKeys<T extends { readonly key: string }>(items: readonly T[], what: string): Map<string, T> {
  const map = new Map<string, T>();
  items.forEach((item, i) => {
    if (typeof item.key !== 'string' || item.key === '') fail(`${what}[${i}].key must be a non-empty string`);
    if (map.has(item.key)) fail(`${what}[${i}].key duplicates ${JSON.stringify(item.key)}`);
    map.set(item.key, item);
  });
  return map;
}

function ownEntries<V>(record: Readonly<Record<string, V>> | undefined): Array<[string, V]> {
  return record === undefined ? [] : Object.entries(record);
}

export function prepareConfig(config: ScoringConfig): PreparedConfig {
  const { method, trim, decimals } = config.aggregation;
  if (method !== 'mean' && method !== 'trimmed_mean' && method !== 'median') {
    fail(`aggregation.method must be mean, trimmed_mean or median, got ${JSON.stringify(method)}`);
  }
  if (checkInt(trim, 'aggregation.trim') < 0) fail('aggregation.trim must be >= 0');
  if (checkInt(decimals, 'aggregation.decimals') < 0 || decimals > 100) {
    fail('aggregation.decimals must be in [0, 100]');
  }

  uniqueKeys(config.rounds, 'rounds');
  const rounds: PreparedRound[] = config.rounds.map((r, i) => {
    if (r.kind !== 'rubric' && r.kind !== 'quiz' && r.kind !== 'direct') {
      fail(`rounds[${i}].kind must be rubric, quiz or direct`);
    }
    return { key: r.key, kind: r.kind, weight: parseWeight(r.weight, `rounds[${i}].weight`) };
  });
  const roundByKey = new Map(rounds.map((r) => [r.key, r] as const));

  const teamByKey = uniqueKeys(config.teams, 'teams');
  config.teams.forEach((t, i) => {
    if (t.status !== 'active' && t.status !== 'withdrawn' && t.status !== 'disqualified') {
      fail(`teams[${i}].status must be active, withdrawn or disqualified`);
    }
  });

  uniqueKeys(config.judges, 'judges');
  const conflicts = new Map<string, ReadonlySet<string>>();
  config.judges.forEach((j, i) => {
    j.conflicts.forEach((team, c) => {
      if (!teamByKey.has(team)) fail(`judges[${i}].conflicts[${c}] names unknown team ${JSON.stringify(team)}`);
    });
    conflicts.set(j.key, new Set(j.conflicts));
  });

  const tiebreakRounds = config.tiebreak.map((tb, i) => {
    const m = /^round:(.+)$/.exec(tb);
    const key = m?.[1];
    if (key === undefined) fail(`tiebreak[${i}] must look like "round:<key>", got ${JSON.stringify(tb)}`);
    if (!roundByKey.has(key)) fail(`tiebreak[${i}] names unknown round ${JSON.stringify(key)}`);
    return key;
  });

  const checkCell = (round: string, team: string, kind: RoundKind, path: string): void => {
    const r = roundByKey.get(round);
    if (r === undefined) fail(`${path}.round names unknown round ${JSON.stringify(round)}`);
    if (r.kind !== kind) fail(`${path}.round ${JSON.stringify(round)} is a ${r.kind} round, not ${kind}`);
    if (!teamByKey.has(team)) fail(`${path}.team names unknown team ${JSON.stringify(team)}`);
  };

  const fixedCells = new Map<string, Rational>();
  config.quizPoints.forEach((q, i) => {
    checkCell(q.round, q.team, 'quiz', `quizPoints[${i}]`);
    const pts = fromHundredths(checkInt(q.pointsHundredths, `quizPoints[${i}].pointsHundredths`));
    const k = cellKey(q.round, q.team);
    fixedCells.set(k, add(fixedCells.get(k) ?? ZERO, pts));
  });
  config.directScores.forEach((d, i) => {
    checkCell(d.round, d.team, 'direct', `directScores[${i}]`);
    const score = fromHundredths(checkInt(d.scoreHundredths, `directScores[${i}].scoreHundredths`));
    const k = cellKey(d.round, d.team);
    if (fixedCells.has(k))
      fail(`directScores[${i}] duplicates the score of team ${JSON.stringify(d.team)} in ${JSON.stringify(d.round)}`);
    fixedCells.set(k, score);
  });

  const prizeByKey = uniqueKeys(config.prizes, 'prizes');
  config.prizes.forEach((p, i) => {
    if (!['overall', 'round_best', 'audience', 'special'].includes(p.kind)) {
      fail(`prizes[${i}].kind must be overall, round_best, audience or special`);
    }
    if (checkInt(p.count, `prizes[${i}].count`) < 1) fail(`prizes[${i}].count must be >= 1`);
    if (p.kind === 'round_best') {
      if (p.round === undefined || !roundByKey.has(p.round)) {
        fail(`prizes[${i}].round must name an existing round`);
      }
    }
  });

  const votes = new Map<string, number>();
  for (const [team, n] of ownEntries(config.votes)) {
    if (!teamByKey.has(team)) fail(`votes names unknown team ${JSON.stringify(team)}`);
    if (checkInt(n, `votes.${team}`) < 0) fail(`votes.${team} must be >= 0`);
    votes.set(team, n);
  }

  config.specialAwards.forEach((s, i) => {
    const p = prizeByKey.get(s.prize);
    if (p === undefined) fail(`specialAwards[${i}].prize names unknown prize ${JSON.stringify(s.prize)}`);
    if (p.kind !== 'special') fail(`specialAwards[${i}].prize ${JSON.stringify(s.prize)} is not a special prize`);
    if (!teamByKey.has(s.team)) fail(`specialAwards[${i}].team names unknown team ${JSON.stringify(s.team)}`);
  });

  const complete = new Set<string>();
  for (const [round, done] of ownEntries(config.roundComplete)) {
    if (!roundByKey.has(round)) fail(`roundComplete names unknown round ${JSON.stringify(round)}`);
    if (done === true) complete.add(round);
  }

  const closed = new Set<string>();
  (config.closed ?? []).forEach((c, i) => {
    if (!roundByKey.has(c.round)) fail(`closed[${i}].round names unknown round ${JSON.stringify(c.round)}`);
    if (!teamByKey.has(c.team)) fail(`closed[${i}].team names unknown team ${JSON.stringify(c.team)}`);
    closed.add(cellKey(c.round, c.team));
  });

  return {
    method,
    trim,
    decimals,
    rounds,
    roundByKey,
    teams: config.teams,
    teamByKey,
    conflicts,
    tiebreakRounds,
    fixedCells,
    prizes: config.prizes,
    votes,
    specialAwards: config.specialAwards,
    complete,
    audienceDecided: config.audienceDecided ?? true,
    closed,
  };
}

function checkSheet(p: PreparedConfig, s: SheetInput, path: string): void {
  const r = p.roundByKey.get(s.round);
  if (r === undefined) fail(`${path}.round names unknown round ${JSON.stringify(s.round)}`);
  if (r.kind !== 'rubric') fail(`${path}.round ${JSON.stringify(s.round)} is a ${r.kind} round, not rubric`);
  if (!p.teamByKey.has(s.team)) fail(`${path}.team names unknown team ${JSON.stringify(s.team)}`);
  if (!p.conflicts.has(s.judge)) fail(`${path}.judge names unknown judge ${JSON.stringify(s.judge)}`);
  checkInt(s.totalHundredths, `${path}.totalHundredths`);
  if (s.status !== 'draft' && s.status !== 'submitted') fail(`${path}.status must be draft or submitted`);
}

/** Is this sheet counted for its (team, round)? Submitted, and its judge has no conflict with the team. */
export function isEligible(p: PreparedConfig, s: SheetInput): boolean {
  return s.status === 'submitted' && !(p.conflicts.get(s.judge)?.has(s.team) ?? true);
}

/** The round score of one (rubric round, team) from all its sheets (any judge, any status). */
function rubricCell(p: PreparedConfig, sheets: Iterable<SheetInput>): Rational | null {
  const totals: Rational[] = [];
  for (const s of sheets) if (isEligible(p, s)) totals.push(fromHundredths(s.totalHundredths));
  return aggregate(p.method, p.trim, totals);
}

// ───────────────────────────────────────────── ranking and prizes

interface WorkRow {
  team: string;
  status: TeamStatus;
  rank: number | null;
  total: Rational;
  rounds: Array<[string, Rational | null]>;
  scoreByRound: Map<string, Rational | null>;
  pending: boolean;
  prizes: Set<string>;
}

function byKey(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two active rows for rank (higher first): total, then each tiebreak round. 0 = shared rank. */
function rankCompare(p: PreparedConfig, a: WorkRow, b: WorkRow): number {
  const c = compare(b.total, a.total);
  if (c !== 0) return c;
  for (const round of p.tiebreakRounds) {
    const t = compare(b.scoreByRound.get(round) ?? ZERO, a.scoreByRound.get(round) ?? ZERO);
    if (t !== 0) return t;
  }
  return 0;
}

/**
 * The winners of a "top `count`, ties shared" prize among `sorted` (best first), where `same(i, j)`
 * says two entries tie: the first `count`, extended while the next ties with the last taken.
 */
function takeTop<T>(sorted: readonly T[], start: number, count: number, same: (a: T, b: T) => boolean): number {
  let end = Math.min(start + count, sorted.length);
  while (end > start && end < sorted.length && same(at(sorted, end), at(sorted, end - 1))) end += 1;
  return end;
}

function buildStandings(p: PreparedConfig, cell: (round: string, team: string) => Rational | null): Standings {
  const rows: WorkRow[] = p.teams.map((t) => {
    let total = ZERO;
    let pending = false;
    const rounds: Array<[string, Rational | null]> = [];
    const scoreByRound = new Map<string, Rational | null>();
    for (const r of p.rounds) {
      const k = cellKey(r.key, t.key);
      const score = (r.kind === 'rubric' ? cell(r.key, t.key) : (p.fixedCells.get(k) ?? null)) ?? (p.closed.has(k) ? ZERO : null);
      rounds.push([r.key, score]);
      scoreByRound.set(r.key, score);
      if (score === null) pending = true;
      else total = add(total, mul(r.weight, score));
    }
    return { team: t.key, status: t.status, rank: null, total, rounds, scoreByRound, pending, prizes: new Set() };
  });

  // A team with no score in any round has no place yet: it is not ranked and takes no computed
  // prize, so an empty board never shows twenty teams "1st at 0".
  const scored = (r: WorkRow) => r.rounds.some(([, v]) => v !== null);
  const active = rows.filter((r) => r.status === 'active' && scored(r));
  const unscored = rows.filter((r) => r.status === 'active' && !scored(r)).sort((a, b) => byKey(a.team, b.team));
  const inactive = rows.filter((r) => r.status !== 'active').sort((a, b) => byKey(a.team, b.team));
  active.sort((a, b) => rankCompare(p, a, b) || byKey(a.team, b.team));
  active.forEach((row, i) => {
    const prev = active[i - 1];
    row.rank = prev !== undefined && rankCompare(p, prev, row) === 0 ? prev.rank : i + 1;
  });

  const boardPending = active.some((r) => r.pending) || unscored.length > 0;
  const allRubricComplete = p.rounds.every((r) => r.kind !== 'rubric' || p.complete.has(r.key));

  const awards: PrizeAward[] = [];
  let overallNext = 0;
  for (const prize of p.prizes) {
    let teams: string[] = [];
    let provisional = false;
    switch (prize.kind) {
      case 'overall': {
        const end = takeTop(active, overallNext, prize.count, (a, b) => a.rank === b.rank);
        teams = active.slice(overallNext, end).map((r) => r.team);
        overallNext = end;
        provisional = boardPending || !allRubricComplete;
        break;
      }
      case 'round_best': {
        const round = prize.round ?? '';
        if (!p.complete.has(round)) {
          provisional = true;
          break;
        }
        const scored = active
          .map((r) => ({ team: r.team, score: r.scoreByRound.get(round) ?? null }))
          // A score of 0 wins nothing: closing a round nobody scored in must not crown everyone.
          .filter((e): e is { team: string; score: Rational } => e.score !== null && compare(e.score, ZERO) > 0);
        // Stable sort keeps board order among equal scores.
        scored.sort((a, b) => compare(b.score, a.score));
        teams = scored
          .slice(
            0,
            takeTop(scored, 0, prize.count, (a, b) => compare(a.score, b.score) === 0),
          )
          .map((e) => e.team);
        break;
      }
      case 'audience': {
        const voted = active.map((r) => ({ team: r.team, votes: p.votes.get(r.team) ?? 0 })).filter((e) => e.votes > 0);
        voted.sort((a, b) => b.votes - a.votes);
        teams = voted
          .slice(
            0,
            takeTop(voted, 0, prize.count, (a, b) => a.votes === b.votes),
          )
          .map((e) => e.team);
        provisional = !p.audienceDecided;
        break;
      }
      case 'special': {
        const seen = new Set<string>();
        for (const s of p.specialAwards) {
          if (s.prize === prize.key && !seen.has(s.team)) {
            seen.add(s.team);
            teams.push(s.team);
          }
        }
        break;
      }
    }
    const award: PrizeAward =
      prize.round === undefined
        ? { prize: prize.key, kind: prize.kind, count: prize.count, teams, provisional }
        : { prize: prize.key, kind: prize.kind, round: prize.round, count: prize.count, teams, provisional };
    awards.push(award);
  }

  const rowByTeam = new Map(rows.map((r) => [r.team, r] as const));
  for (const a of awards) for (const team of a.teams) rowByTeam.get(team)?.prizes.add(a.prize);
  const prizeOrder = new Map(p.prizes.map((pr, i) => [pr.key, i] as const));

  const out = (r: WorkRow): StandingRow => ({
    team: r.team,
    status: r.status,
    rank: r.rank,
    total: r.total,
    rounds: Object.fromEntries(r.rounds),
    pending: r.pending,
    prizes: [...r.prizes].sort((a, b) => (prizeOrder.get(a) ?? 0) - (prizeOrder.get(b) ?? 0)),
  });

  const special: SpecialAward[] = p.specialAwards.map((s) =>
    s.member === undefined
      ? { prize: s.prize, team: s.team, reason: s.reason }
      : { prize: s.prize, team: s.team, member: s.member, reason: s.reason },
  );

  return { rows: [...active, ...unscored, ...inactive].map(out), awards, special, pending: boardPending };
}

// ───────────────────────────────────────────── full computation

/** The whole board from a snapshot of the contest's marks. Throws `ScoringInputError` on bad input. */
export function computeStandings(input: ScoringInput): Standings {
  const p = prepareConfig(input);
  const byCell = new Map<string, SheetInput[]>();
  const seen = new Set<string>();
  input.sheets.forEach((s, i) => {
    checkSheet(p, s, `sheets[${i}]`);
    const sk = sheetKey(s.round, s.team, s.judge);
    if (seen.has(sk))
      fail(
        `sheets[${i}] duplicates the sheet of judge ${JSON.stringify(s.judge)} for team ${JSON.stringify(s.team)} in ${JSON.stringify(s.round)}`,
      );
    seen.add(sk);
    const ck = cellKey(s.round, s.team);
    const list = byCell.get(ck);
    if (list === undefined) byCell.set(ck, [s]);
    else list.push(s);
  });
  return buildStandings(p, (round, team) => rubricCell(p, byCell.get(cellKey(round, team)) ?? []));
}

// ───────────────────────────────────────────── events and incremental recompute

/** One stored version of a judge's sheet. `version` grows with every save of that sheet. */
export interface SheetEvent extends SheetInput {
  readonly version: number;
}

function statusRank(s: SheetStatus): number {
  return s === 'submitted' ? 1 : 0;
}

/** Does `a` replace `b` (same sheet)? Highest version wins; equal versions are settled deterministically. */
export function supersedes(a: SheetEvent, b: SheetEvent): boolean {
  if (a.version !== b.version) return a.version > b.version;
  if (a.status !== b.status) return statusRank(a.status) > statusRank(b.status);
  return a.totalHundredths > b.totalHundredths;
}

/** The winning version of every sheet, as a snapshot for `computeStandings` (sorted by key). */
export function resolveSheetEvents(events: readonly SheetEvent[]): SheetInput[] {
  const latest = new Map<string, SheetEvent>();
  for (const e of events) {
    const k = sheetKey(e.round, e.team, e.judge);
    const cur = latest.get(k);
    if (cur === undefined || supersedes(e, cur)) latest.set(k, e);
  }
  return [...latest.entries()]
    .sort(([a], [b]) => byKey(a, b))
    .map(([, e]) => ({ round: e.round, team: e.team, judge: e.judge, totalHundredths: e.totalHundredths, status: e.status }));
}

/**
 * Immutable state for incremental recompute. Applying a sheet event touches only its
 * (round, team) cell; `standingsFromState` then re-ranks from the cached cells.
 */
export interface ScoringState {
  readonly config: PreparedConfig;
  /** cellKey → judge → winning event. */
  readonly sheets: ReadonlyMap<string, ReadonlyMap<string, SheetEvent>>;
  /** cellKey → cached rubric round score. */
  readonly cells: ReadonlyMap<string, Rational | null>;
}

export function initState(config: ScoringConfig, events: readonly SheetEvent[] = []): ScoringState {
  return applySheetEvents({ config: prepareConfig(config), sheets: new Map(), cells: new Map() }, events);
}

/** Pure reducer: returns a new state (or the same one when the event changes nothing). */
export function applySheetEvent(state: ScoringState, event: SheetEvent): ScoringState {
  const p = state.config;
  checkSheet(p, event, 'event');
  checkInt(event.version, 'event.version');
  const ck = cellKey(event.round, event.team);
  const judges = state.sheets.get(ck);
  const cur = judges?.get(event.judge);
  if (cur !== undefined && !supersedes(event, cur)) return state;
  const nextJudges = new Map(judges ?? []);
  nextJudges.set(event.judge, event);
  const sheets = new Map(state.sheets);
  sheets.set(ck, nextJudges);
  const cells = new Map(state.cells);
  cells.set(ck, rubricCell(p, nextJudges.values()));
  return { config: p, sheets, cells };
}

export function applySheetEvents(state: ScoringState, events: readonly SheetEvent[]): ScoringState {
  return events.reduce(applySheetEvent, state);
}

/** Same name as a generic reducer, for `events.reduce(applyEvent, state)`. */
export const applyEvent = applySheetEvent;

export function standingsFromState(state: ScoringState): Standings {
  return buildStandings(state.config, (round, team) => state.cells.get(cellKey(round, team)) ?? null);
}

// ───────────────────────────────────────────── display

export interface DisplayRow {
  readonly team: string;
  readonly status: TeamStatus;
  readonly rank: number | null;
  readonly total: number;
  readonly rounds: Readonly<Record<string, number | null>>;
  readonly pending: boolean;
  readonly prizes: readonly string[];
}

export interface DisplayStandings {
  readonly rows: readonly DisplayRow[];
  readonly awards: readonly PrizeAward[];
  readonly special: readonly SpecialAward[];
  readonly pending: boolean;
}

/**
 * The board with every number rounded half-up to `decimals` places (scoring.md §4: only at
 * display). Order and ranks are those of the exact standings and are never recomputed from the
 * rounded numbers, so two teams may show the same total with different ranks.
 */
export function toDisplay(standings: Standings, decimals: number): DisplayStandings {
  return {
    rows: standings.rows.map((r) => ({
      team: r.team,
      status: r.status,
      rank: r.rank,
      total: roundHalfUp(r.total, decimals),
      rounds: Object.fromEntries(
        Object.entries(r.rounds).map(([k, v]) => [k, v === null ? null : roundHalfUp(v, decimals)] as const),
      ),
      pending: r.pending,
      prizes: r.prizes,
    })),
    awards: standings.awards,
    special: standings.special,
    pending: standings.pending,
  };
}
