/**
 * From the stored marks to the standings, through the exact engine (server/scoring). Three
 * views of one contest (scoring.md §6):
 *  - organizer: everything, sealed marks included (the live board);
 *  - host: released data only (locked team-rounds), never frozen;
 *  - public: released data only, as it stood at the freeze while the board is frozen.
 */
import { dict } from '../../contract/dict.js';
import { dataVersion, type DbLike as Db } from '../../../db/client.js';
import * as t from '../../../db/schema.js';
import type { RevealState, VotingState } from '../../contract/results.js';
import { competing, type CompetingStatus } from '../../contract/package.js';
import { voteCounts } from '../votes/repository.js';
import { votingStateOf } from '../votes/state.js';
import * as repo from './repository.js';
import {
  computeStandings,
  toDisplay,
  type DirectScoreInput,
  type QuizPointsInput,
  type ScoringInput,
  type SheetInput,
  type Standings,
} from '../../scoring/engine.js';
import { contestOr404 } from '../shared/lookups.js';

export type BoardView = 'organizer' | 'host' | 'public';

export interface ContestData {
  contest: typeof t.contests.$inferSelect;
  rounds: (typeof t.rounds.$inferSelect)[];
  teams: (typeof t.teams.$inferSelect & { status: CompetingStatus })[];
  judges: (typeof t.judges.$inferSelect)[];
  prizes: (typeof t.prizes.$inferSelect & { roundKey: string | null })[];
  conflicts: { judgeId: number; teamId: number }[];
  sheets: (typeof t.sheets.$inferSelect)[];
  locks: Set<string>;
  /** Results unlocked for review, by `roundId/teamId`, with what had been released. */
  reviews: Map<string, { unlockedAt: string; reason: string; released: repo.ReleasedCell }>;
  quizPoints: Map<string, number>;
  /** Quiz rounds with at least one closed, counted question. */
  quizPlayed: Set<number>;
  /** Quiz rounds whose every question is closed or voided. */
  quizComplete: Set<number>;
  directScores: (typeof t.directScores.$inferSelect)[];
  votes: Map<number, number>;
  specialAwards: (typeof t.specialAwards.$inferSelect)[];
  /** Seq of the last event of any kind, and of the last one the released views may know of. */
  seq: number;
  releasedSeq: number;
}

const cell = (roundId: number, teamId: number) => `${roundId}/${teamId}`;

/** Reads everything the scoring needs, in one read transaction (a consistent snapshot). */
export function loadContestData(db: Db, slug: string, nowMs = Date.now()): ContestData {
  return readContestData(db, slug, nowMs).data;
}

/** A contest's data as last read, per database and slug, with what it holds for (see contestDataNow). */
const lastRead = new WeakMap<Db, Map<string, { version: string; from: number; until: number; data: ContestData }>>();

/**
 * loadContestData, read again only when the database or the clock may have changed it: the live
 * flush, the scoreboard and the certificates of one state share one read (and, through
 * standingsOf, one computation of each view's standings). Callers only read the data it gives.
 * It holds for as long as the database stands where it stood (dataVersion: any commit, on the
 * event loop or the write thread, reads it again) and the clock stays between the quiz deadlines
 * around the time it was read (a question running out changes what counts).
 */
export function contestDataNow(db: Db, slug: string, nowMs: number): ContestData {
  const version = dataVersion(db);
  if (version === null) return loadContestData(db, slug, nowMs);
  let bySlug = lastRead.get(db);
  const last = bySlug?.get(slug);
  if (last && last.version === version && last.from <= nowMs && nowMs < last.until) return last.data;
  const read = readContestData(db, slug, nowMs);
  if (!bySlug) lastRead.set(db, (bySlug = new Map()));
  freezeRows(read.data);
  bySlug.set(slug, { version, ...read });
  return read.data;
}

/**
 * The data contestDataNow shares is read by every caller until the database changes: its rows and
 * lists are frozen, so a caller that changed them (a sort in place, a field set) throws at once
 * instead of changing what the next reads see; so are the JSON columns' values in them. Its Maps
 * and Sets cannot be frozen; callers only read them too.
 */
function freezeRows(data: ContestData): void {
  for (const value of Object.values(data)) {
    if (!Array.isArray(value)) continue;
    for (const row of value) freezeRow(row as object);
    Object.freeze(value);
  }
  freezeRow(data.contest);
  Object.freeze(data);
}

/** A row and what its JSON columns hold (a sheet's marks, the contest's tiebreak), all the way down. */
function freezeRow(value: object): void {
  if (Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const field of Object.values(value)) if (field !== null && typeof field === 'object') freezeRow(field as object);
}

/** A contest's data at `nowMs`, and the times between which the clock does not change it. */
function readContestData(db: Db, slug: string, nowMs: number): { data: ContestData; from: number; until: number } {
  return db.transaction((tx) => {
    const contest = contestOr404(tx, slug);
    const rounds = repo.contestRounds(tx, contest.id);
    // Registrations that are pending or rejected take no part: no score, rank, screen or export.
    const teams = competing(repo.contestTeamRows(tx, contest.id));
    const teamIds = new Set(teams.map((tm) => tm.id));
    const judges = repo.contestJudgeRows(tx, contest.id);
    const roundKey = new Map(rounds.map((r) => [r.id, r.key]));
    const prizes = repo
      .contestPrizeRows(tx, contest.id)
      .map((p) => ({ ...p, roundKey: p.roundId === null ? null : (roundKey.get(p.roundId) ?? null) }));
    const judgeIds = new Set(judges.map((j) => j.id));
    const conflicts = repo.allConflicts(tx).filter((c) => judgeIds.has(c.judgeId) && teamIds.has(c.teamId));
    const roundIds = new Set(rounds.map((r) => r.id));
    // Only teams that take part: a record of a team rejected later must not reach the scoring.
    const sheets = repo.allSheets(tx).filter((s) => roundIds.has(s.roundId) && teamIds.has(s.teamId));
    const locks = new Set(
      repo
        .allLocks(tx)
        .filter((l) => roundIds.has(l.roundId) && teamIds.has(l.teamId))
        .map((l) => cell(l.roundId, l.teamId)),
    );
    const reviews = repo.contestReviews(tx, roundIds);
    // Quiz answers count once their question is closed (by the host, or by its time running
    // out on the server's clock) and not voided; the quiz is played in public, so a closed
    // question's result is released at once, no lock needed.
    const withState = repo.questionsWithState(tx);
    const quizStates = repo.allQuizStates(tx);
    // What depends on the clock: whether each deadline has passed.
    let from = -Infinity;
    let until = Infinity;
    for (const q of [...withState, ...quizStates]) {
      const at = q.s.closesAt ? Date.parse(q.s.closesAt) : NaN;
      if (at <= nowMs) from = Math.max(from, at);
      else if (at > nowMs) until = Math.min(until, at);
    }
    const closedQuestions = withState.filter(
      (q) =>
        roundIds.has(q.roundId) && !q.s.voidedAt && (!!q.s.closedAt || (!!q.s.closesAt && nowMs >= Date.parse(q.s.closesAt))),
    );
    const quizPlayed = new Set(closedQuestions.map((q) => q.roundId));
    const finished = new Set(
      quizStates
        .filter((q) => !!q.s.voidedAt || !!q.s.closedAt || (!!q.s.closesAt && nowMs >= Date.parse(q.s.closesAt)))
        .map((q) => q.id),
    );
    const quizComplete = new Set(
      rounds
        .filter((r) => r.kind === 'quiz')
        .filter((r) => {
          const ids = repo.roundQuestionIds(tx, r.id);
          return ids.length > 0 && ids.every((q) => finished.has(q.id));
        })
        .map((r) => r.id),
    );
    const byQuestion = new Map(closedQuestions.map((q) => [q.id, q]));
    const quizPoints = new Map<string, number>();
    for (const a of repo.allQuizAnswers(tx)) {
      const q = byQuestion.get(a.questionId);
      if (!q || !teamIds.has(a.teamId)) continue;
      const k = cell(q.roundId, a.teamId);
      quizPoints.set(k, (quizPoints.get(k) ?? 0) + (a.choice === q.answer ? q.points : 0));
    }
    const directScores = repo.allDirectScores(tx).filter((d) => roundIds.has(d.roundId) && teamIds.has(d.teamId));
    // A vote the organizer voided stops counting for the audience prize (docs/scoring.md, "Votes
    // that cannot be bought"): only counted votes reach the scoring.
    const votes = new Map([...voteCounts(tx, contest.id)].filter(([teamId]) => teamIds.has(teamId)));
    const prizeIds = new Set(prizes.map((p) => p.id));
    const specialAwards = repo.allSpecialAwards(tx).filter((a) => prizeIds.has(a.prizeId) && teamIds.has(a.teamId));
    const data: ContestData = {
      contest,
      rounds,
      teams,
      judges,
      prizes,
      conflicts,
      sheets,
      locks,
      reviews,
      quizPoints,
      quizPlayed,
      quizComplete,
      directScores,
      votes,
      specialAwards,
      seq: repo.lastEventSeq(tx, contest.id),
      // A judge's own sheet writes are sealed: they must not move the seq the public sees.
      releasedSeq: repo.lastReleasedSeq(tx, contest.id),
    };
    return { data, from, until };
  });
}

/** The engine's input for one view: sealed cells are left out of every view but the organizer's. */
export function scoringInput(d: ContestData, view: BoardView): ScoringInput {
  const released = (roundId: number, teamId: number) => view === 'organizer' || d.locks.has(cell(roundId, teamId));
  const roundKey = new Map(d.rounds.map((r) => [r.id, r.key]));
  const teamKey = new Map(d.teams.map((tm) => [tm.id, tm.key]));
  const judgeKey = new Map(d.judges.map((j) => [j.id, j.key]));
  const conflicted = new Set(d.conflicts.map((c) => `${c.judgeId}/${c.teamId}`));
  const activeTeams = d.teams.filter((tm) => tm.status === 'active');

  // A result unlocked for review stays on the released views as it was released, until locked again.
  const underReview = (roundId: number, teamId: number) => view !== 'organizer' && d.reviews.has(cell(roundId, teamId));
  const sheets: SheetInput[] = d.sheets
    .filter((s) => released(s.roundId, s.teamId) && !underReview(s.roundId, s.teamId))
    .map((s) => ({
      round: roundKey.get(s.roundId)!,
      team: teamKey.get(s.teamId)!,
      judge: judgeKey.get(s.judgeId)!,
      totalHundredths: s.totalHundredths,
      status: s.status,
    }));
  if (view !== 'organizer') {
    for (const [k, review] of d.reviews) {
      const [roundId, teamId] = k.split('/').map(Number) as [number, number];
      if (!roundKey.has(roundId) || !teamKey.has(teamId)) continue;
      for (const s of review.released.sheets) {
        const judge = judgeKey.get(s.judgeId);
        if (judge === undefined) continue;
        sheets.push({
          round: roundKey.get(roundId)!,
          team: teamKey.get(teamId)!,
          judge,
          totalHundredths: s.totalHundredths,
          status: s.status,
        });
      }
    }
  }
  // A locked cell is closed: no score there counts 0 (a team that did not perform, or a quiz
  // round closed before any answer). A result under review was closed when it was released.
  const closed: { round: string; team: string }[] = [];
  for (const r of d.rounds)
    for (const tm of d.teams)
      if (d.locks.has(cell(r.id, tm.id)) || underReview(r.id, tm.id)) closed.push({ round: r.key, team: tm.key });

  const quizPoints: QuizPointsInput[] = [];
  for (const r of d.rounds.filter((x) => x.kind === 'quiz' && d.quizPlayed.has(x.id))) {
    // Once a question of the round is closed, every team has a score there (0 when none right).
    for (const tm of d.teams)
      quizPoints.push({ round: r.key, team: tm.key, pointsHundredths: d.quizPoints.get(cell(r.id, tm.id)) ?? 0 });
  }
  // Direct scores are entered in public by the host: released as soon as they are entered.
  const directScores: DirectScoreInput[] = d.directScores.map((x) => ({
    round: roundKey.get(x.roundId)!,
    team: teamKey.get(x.teamId)!,
    scoreHundredths: x.scoreHundredths,
  }));

  // round_best is decided only when every eligible sheet of the round is in: in the released
  // views, when every active team's round is locked; in the organizer's, when every judge
  // without a conflict has submitted for every active team.
  const roundComplete: Record<string, boolean> = dict(); // keyed by round keys: data, not properties
  for (const r of d.rounds) {
    const allLocked = activeTeams.length > 0 && activeTeams.every((tm) => d.locks.has(cell(r.id, tm.id)));
    if (r.kind === 'quiz') {
      roundComplete[r.key] = d.quizComplete.has(r.id) || allLocked;
      continue;
    }
    if (r.kind === 'direct') {
      const scored = new Set(d.directScores.filter((x) => x.roundId === r.id).map((x) => x.teamId));
      roundComplete[r.key] = activeTeams.length > 0 && activeTeams.every((tm) => scored.has(tm.id));
      continue;
    }
    if (view !== 'organizer') {
      roundComplete[r.key] = allLocked;
      continue;
    }
    if (r.kind !== 'rubric') {
      roundComplete[r.key] = true;
      continue;
    }
    const submitted = new Set(
      d.sheets.filter((s) => s.roundId === r.id && s.status === 'submitted').map((s) => `${s.judgeId}/${s.teamId}`),
    );
    // A locked result is final even when the host closed it without every sheet (forced, logged).
    roundComplete[r.key] =
      activeTeams.length > 0 &&
      activeTeams.every(
        (tm) =>
          d.locks.has(cell(r.id, tm.id)) ||
          d.judges.every((j) => conflicted.has(`${j.id}/${tm.id}`) || submitted.has(`${j.id}/${tm.id}`)),
      );
  }

  return {
    aggregation: {
      method: d.contest.aggregationMethod,
      trim: d.contest.aggregationTrim,
      decimals: d.contest.aggregationDecimals,
    },
    tiebreak: d.contest.tiebreak,
    rounds: d.rounds.map((r) => ({ key: r.key, kind: r.kind, weight: (r.weightHundredths / 100).toFixed(2) })),
    teams: d.teams.map((tm) => ({ key: tm.key, status: tm.status })),
    judges: d.judges.map((j) => ({
      key: j.key,
      conflicts: d.conflicts.filter((c) => c.judgeId === j.id).map((c) => teamKey.get(c.teamId)!),
    })),
    sheets,
    quizPoints,
    directScores,
    prizes: d.prizes.map((p) => ({ key: p.key, kind: p.kind, count: p.count, ...(p.roundKey ? { round: p.roundKey } : {}) })),
    votes: Object.fromEntries([...d.votes].map(([teamId, n]) => [teamKey.get(teamId)!, n])),
    specialAwards: d.specialAwards.map((a) => ({
      prize: d.prizes.find((p) => p.id === a.prizeId)!.key,
      team: teamKey.get(a.teamId)!,
      ...(a.member ? { member: a.member } : {}),
      reason: a.reason,
    })),
    roundComplete,
    // The audience prize is decided only once voting has closed (never opened: still provisional).
    audienceDecided: votingStateOf(d.contest) === 'closed',
    closed,
  };
}

export interface Scoreboard {
  seq: number;
  frozen: boolean;
  view: BoardView;
  decimals: number;
  rows: {
    rank: number | null;
    team: string;
    name: string;
    unit: string;
    status: 'active' | 'withdrawn' | 'disqualified';
    total: number;
    rounds: Record<string, number | null>;
    prizes: string[];
    pending: boolean;
    review: string[];
  }[];
  awards: { prize: string; teams: string[]; provisional: boolean }[];
  reveal: RevealState | null;
  voting?: VotingState;
}

/** Each view's standings of a contest's data, computed once for data shared by contestDataNow. */
const computed = new WeakMap<ContestData, Partial<Record<BoardView, Standings>>>();

export function standingsOf(d: ContestData, view: BoardView): Standings {
  let byView = computed.get(d);
  if (!byView) computed.set(d, (byView = {}));
  return (byView[view] ??= computeStandings(scoringInput(d, view)));
}

/**
 * api.md's scoreboard. A row lists only prizes that are decided (not provisional); the awards
 * list says which are still provisional.
 */
export function scoreboardOf(d: ContestData, view: BoardView, standings = standingsOf(d, view)): Scoreboard {
  const display = toDisplay(standings, d.contest.aggregationDecimals);
  const final = new Set(display.awards.filter((a) => !a.provisional).map((a) => a.prize));
  const byKey = new Map(d.teams.map((tm) => [tm.key, tm]));
  const roundKeyOf = new Map(d.rounds.map((r) => [r.id, r.key]));
  const review = new Map<string, string[]>();
  for (const k of d.reviews.keys()) {
    const [roundId, teamId] = k.split('/').map(Number) as [number, number];
    const team = d.teams.find((tm) => tm.id === teamId);
    const round = roundKeyOf.get(roundId);
    if (team && round) review.set(team.key, [...(review.get(team.key) ?? []), round]);
  }
  return {
    seq: view === 'organizer' ? d.seq : d.releasedSeq,
    frozen: false,
    view,
    decimals: d.contest.aggregationDecimals,
    rows: display.rows.map((r) => {
      const team = byKey.get(r.team)!;
      return {
        rank: r.rank,
        team: r.team,
        name: team.name,
        unit: team.unit,
        status: r.status,
        total: r.total,
        rounds: { ...r.rounds },
        prizes: r.prizes.filter((p) => final.has(p)),
        pending: r.pending,
        review: review.get(r.team) ?? [],
      };
    }),
    awards: display.awards.map((a) => ({ prize: a.prize, teams: [...a.teams], provisional: a.provisional })),
    reveal: null,
    voting: votingStateOf(d.contest),
  };
}
