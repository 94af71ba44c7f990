/** SQL of closing results: locks, reviews (unlocked results), and the direct cells a lock fills. */
import { and, eq } from 'drizzle-orm';
import type { DbLike as Db } from '../../../db/client.js';
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
  for (const r of db.select().from(t.reviews).all()) {
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
