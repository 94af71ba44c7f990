/** SQL of closing results: locks, reviews (unlocked results), and the direct cells a lock fills. */
import { and, eq } from 'drizzle-orm';
import type { DbLike as Db } from '../../../db/client.js';
import * as t from '../../../db/schema.js';

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
