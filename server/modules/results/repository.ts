/**
 * SQL of results: locks, reviews (unlocked results), the direct cells a lock fills, and the
 * scoring's read of a whole contest (loadContestData in service.ts).
 */
import { and, asc, desc, eq, notInArray, sql } from 'drizzle-orm';
import { prepared, type DbLike as Db } from '../../../db/client.js';
import * as t from '../../../db/schema.js';
import type { Policy } from '../../contract/results.js';

/** What a released rubric result was made of when it was unlocked: each judge's sheet total. */
export interface ReleasedCell {
  sheets: { judgeId: number; totalHundredths: number; status: 'draft' | 'submitted' }[];
}

export function insertLock(db: Db, roundId: number, teamId: number, lockedAt: string): void {
  db.insert(t.locks).values({ roundId, teamId, lockedAt }).run();
}

export function deleteLock(db: Db, roundId: number, teamId: number): void {
  db.delete(t.locks)
    .where(and(eq(t.locks.roundId, roundId), eq(t.locks.teamId, teamId)))
    .run();
}

export function roundLocks(db: Db, roundId: number): Set<number> {
  return new Set(
    db
      .select({ teamId: t.locks.teamId })
      .from(t.locks)
      .where(eq(t.locks.roundId, roundId))
      .all()
      .map((l) => l.teamId),
  );
}

export function roundSheets(db: Db, roundId: number) {
  return db.select().from(t.sheets).where(eq(t.sheets.roundId, roundId)).all();
}

export function cellSheets(db: Db, roundId: number, teamId: number) {
  return db
    .select()
    .from(t.sheets)
    .where(and(eq(t.sheets.roundId, roundId), eq(t.sheets.teamId, teamId)))
    .all();
}

export function findReview(db: Db, roundId: number, teamId: number) {
  return db
    .select()
    .from(t.reviews)
    .where(and(eq(t.reviews.roundId, roundId), eq(t.reviews.teamId, teamId)))
    .get();
}

export function insertReview(db: Db, row: typeof t.reviews.$inferInsert): void {
  db.insert(t.reviews).values(row).run();
}

export function deleteReview(db: Db, roundId: number, teamId: number): void {
  db.delete(t.reviews)
    .where(and(eq(t.reviews.roundId, roundId), eq(t.reviews.teamId, teamId)))
    .run();
}

/** Every review of a contest's rounds, keyed `roundId/teamId`. */
export function contestReviews(db: Db, roundIds: ReadonlySet<number>) {
  const out = new Map<string, { unlockedAt: string; reason: string; released: ReleasedCell }>();
  for (const r of reviewsQuery(db).all()) {
    if (!roundIds.has(r.roundId)) continue;
    out.set(`${r.roundId}/${r.teamId}`, {
      unlockedAt: r.unlockedAt,
      reason: r.reason,
      released: JSON.parse(r.released) as ReleasedCell,
    });
  }
  return out;
}

export function findDirectScore(db: Db, roundId: number, teamId: number) {
  return db
    .select()
    .from(t.directScores)
    .where(and(eq(t.directScores.roundId, roundId), eq(t.directScores.teamId, teamId)))
    .get();
}

export function insertDirectScore(db: Db, row: typeof t.directScores.$inferInsert): void {
  db.insert(t.directScores).values(row).run();
}

export function findFreeze(db: Db, contestId: number) {
  return db.select().from(t.freezes).where(eq(t.freezes.contestId, contestId)).get();
}

// ── special prizes, the scoring policy, certificates ────────────────────

export function findPrize(db: Db, contestId: number, key: string) {
  return db
    .select()
    .from(t.prizes)
    .where(and(eq(t.prizes.contestId, contestId), eq(t.prizes.key, key)))
    .get();
}

export function awardCount(db: Db, prizeId: number): number {
  return db.select({ id: t.specialAwards.id }).from(t.specialAwards).where(eq(t.specialAwards.prizeId, prizeId)).all().length;
}

export function insertAward(db: Db, award: { prizeId: number; teamId: number; member: string | null; reason: string }) {
  return db.insert(t.specialAwards).values(award).returning().get();
}

/** A special award of a contest's prize, with the keys it is known by. */
export function findAward(db: Db, contestId: number, prizeKey: string, awardId: number) {
  return db
    .select({ award: t.specialAwards, prize: t.prizes.key, team: t.teams.key })
    .from(t.specialAwards)
    .innerJoin(t.prizes, eq(t.prizes.id, t.specialAwards.prizeId))
    .innerJoin(t.teams, eq(t.teams.id, t.specialAwards.teamId))
    .where(and(eq(t.specialAwards.id, awardId), eq(t.prizes.contestId, contestId), eq(t.prizes.key, prizeKey)))
    .get();
}

export function deleteAward(db: Db, awardId: number): void {
  db.delete(t.specialAwards).where(eq(t.specialAwards.id, awardId)).run();
}

export function prizeAwards(db: Db, contestId: number, prizeKey: string) {
  return db
    .select({
      id: t.specialAwards.id,
      prize: t.prizes.key,
      team: t.teams.key,
      member: t.specialAwards.member,
      reason: t.specialAwards.reason,
    })
    .from(t.specialAwards)
    .innerJoin(t.prizes, eq(t.prizes.id, t.specialAwards.prizeId))
    .innerJoin(t.teams, eq(t.teams.id, t.specialAwards.teamId))
    .where(and(eq(t.prizes.contestId, contestId), eq(t.prizes.key, prizeKey)))
    .all();
}

export function roundKeys(db: Db, contestId: number): Set<string> {
  return new Set(
    db
      .select({ key: t.rounds.key })
      .from(t.rounds)
      .where(eq(t.rounds.contestId, contestId))
      .all()
      .map((r) => r.key),
  );
}

export function updatePolicy(db: Db, contestId: number, policy: Policy): void {
  db.update(t.contests)
    .set({
      aggregationMethod: policy.aggregation.method,
      aggregationTrim: policy.aggregation.trim,
      aggregationDecimals: policy.aggregation.decimals,
      tiebreak: policy.tiebreak,
    })
    .where(eq(t.contests.id, contestId))
    .run();
}

export function allContests(db: Db) {
  return db.select().from(t.contests).all();
}

// ── the scoring's read of a contest ────────────────────────────────────
// Each live flush and each board runs it, for every view a screen shows, so its queries are built
// once (prepared): drizzle spent more building them than SQLite running them. The SQL is what it
// was when built at each call, with the rows in the same order.

const $ = sql.placeholder;
const reviewsQuery = prepared((db) => db.select().from(t.reviews).prepare());

const roundsQuery = prepared((db) =>
  db
    .select()
    .from(t.rounds)
    .where(eq(t.rounds.contestId, $('contestId')))
    .orderBy(asc(t.rounds.position))
    .prepare(),
);
const teamsQuery = prepared((db) =>
  db
    .select()
    .from(t.teams)
    .where(eq(t.teams.contestId, $('contestId')))
    .orderBy(asc(t.teams.position))
    .prepare(),
);
const judgesQuery = prepared((db) =>
  db
    .select()
    .from(t.judges)
    .where(eq(t.judges.contestId, $('contestId')))
    .orderBy(asc(t.judges.position))
    .prepare(),
);
const prizesQuery = prepared((db) =>
  db
    .select()
    .from(t.prizes)
    .where(eq(t.prizes.contestId, $('contestId')))
    .orderBy(asc(t.prizes.position))
    .prepare(),
);
const conflictsQuery = prepared((db) =>
  db.select({ judgeId: t.conflicts.judgeId, teamId: t.conflicts.teamId }).from(t.conflicts).prepare(),
);
const sheetsQuery = prepared((db) => db.select().from(t.sheets).prepare());
const locksQuery = prepared((db) => db.select().from(t.locks).prepare());
const closedQuestionsQuery = prepared((db) =>
  db
    .select({
      id: t.questions.id,
      roundId: t.questions.roundId,
      answer: t.questions.answer,
      points: t.questions.pointsHundredths,
      s: t.quizState,
    })
    .from(t.quizState)
    .innerJoin(t.questions, eq(t.questions.id, t.quizState.questionId))
    .prepare(),
);
const quizStatesQuery = prepared((db) => db.select({ id: t.quizState.questionId, s: t.quizState }).from(t.quizState).prepare());
const roundQuestionsQuery = prepared((db) =>
  db
    .select({ id: t.questions.id })
    .from(t.questions)
    .where(eq(t.questions.roundId, $('roundId')))
    .prepare(),
);
const quizAnswersQuery = prepared((db) => db.select().from(t.quizAnswers).prepare());
const directScoresQuery = prepared((db) => db.select().from(t.directScores).prepare());
const specialAwardsQuery = prepared((db) => db.select().from(t.specialAwards).orderBy(asc(t.specialAwards.id)).prepare());
// No `.limit(1)` (see appendEvent's queries in audit/log.ts): `.get()` reads the first row only,
// in the order of score_events_contest_idx.
const lastSeqQuery = prepared((db) =>
  db
    .select({ seq: t.scoreEvents.seq })
    .from(t.scoreEvents)
    .where(eq(t.scoreEvents.contestId, $('contestId')))
    .orderBy(desc(t.scoreEvents.seq))
    .prepare(),
);
// A judge's own sheet writes are sealed: the seq the released views know of leaves them out.
const lastReleasedSeqQuery = prepared((db) =>
  db
    .select({ seq: t.scoreEvents.seq })
    .from(t.scoreEvents)
    .where(and(eq(t.scoreEvents.contestId, $('contestId')), notInArray(t.scoreEvents.kind, ['sheet'])))
    .orderBy(desc(t.scoreEvents.seq))
    .prepare(),
);

export const contestRounds = (db: Db, contestId: number) => roundsQuery(db).all({ contestId });
export const contestTeamRows = (db: Db, contestId: number) => teamsQuery(db).all({ contestId });
export const contestJudgeRows = (db: Db, contestId: number) => judgesQuery(db).all({ contestId });
export const contestPrizeRows = (db: Db, contestId: number) => prizesQuery(db).all({ contestId });
/** Every contest's rows of these tables: the caller keeps its contest's by round, team or judge. */
export const allConflicts = (db: Db) => conflictsQuery(db).all();
export const allSheets = (db: Db) => sheetsQuery(db).all();
export const allLocks = (db: Db) => locksQuery(db).all();
/** Each question that has a state (opened once), with its answer, points and state. */
export const questionsWithState = (db: Db) => closedQuestionsQuery(db).all();
export const allQuizStates = (db: Db) => quizStatesQuery(db).all();
export const roundQuestionIds = (db: Db, roundId: number) => roundQuestionsQuery(db).all({ roundId });
export const allQuizAnswers = (db: Db) => quizAnswersQuery(db).all();
export const allDirectScores = (db: Db) => directScoresQuery(db).all();
export const allSpecialAwards = (db: Db) => specialAwardsQuery(db).all();
/** The seq of the contest's last score event, and of its last one the released views may know of. */
export const lastEventSeq = (db: Db, contestId: number) => lastSeqQuery(db).get({ contestId })?.seq ?? 0;
export const lastReleasedSeq = (db: Db, contestId: number) => lastReleasedSeqQuery(db).get({ contestId })?.seq ?? 0;
