/** SQL of audience voting: the contest's voting window, the votes and their counts. */
import { and, count, eq } from 'drizzle-orm';
import type { DbLike as Db } from '../../../db/client.js';
import * as t from '../../../db/schema.js';

export function setVotingWindow(db: Db, contestId: number, window: { openedAt: string | null; closedAt: string | null }): void {
  db.update(t.contests)
    .set({ votingOpenedAt: window.openedAt, votingClosedAt: window.closedAt })
    .where(eq(t.contests.id, contestId))
    .run();
}

/** Votes per team id. */
export function voteCounts(db: Db, contestId: number): Map<number, number> {
  const rows = db
    .select({ teamId: t.votes.teamId, n: count() })
    .from(t.votes)
    .where(eq(t.votes.contestId, contestId))
    .groupBy(t.votes.teamId)
    .all();
  return new Map(rows.map((r) => [r.teamId, r.n]));
}

/** Records a device's vote; false when this device has voted already. */
export function insertVote(db: Db, contestId: number, deviceHash: string, teamId: number): boolean {
  return db.insert(t.votes).values({ contestId, deviceHash, teamId }).onConflictDoNothing().run().changes > 0;
}

/** The key of the team a device voted for. */
export function deviceVote(db: Db, contestId: number, deviceHash: string): string | undefined {
  return db
    .select({ team: t.teams.key })
    .from(t.votes)
    .innerJoin(t.teams, eq(t.teams.id, t.votes.teamId))
    .where(and(eq(t.votes.contestId, contestId), eq(t.votes.deviceHash, deviceHash)))
    .get()?.team;
}
