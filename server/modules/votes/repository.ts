/** SQL of audience voting: the contest's voting window, the votes and their counts. */
import { and, asc, count, eq, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { prepared, type DbLike as Db } from '../../../db/client.js';
import * as t from '../../../db/schema.js';

export function setVotingWindow(db: Db, contestId: number, window: { openedAt: string | null; closedAt: string | null }): void {
  db.update(t.contests)
    .set({ votingOpenedAt: window.openedAt, votingClosedAt: window.closedAt })
    .where(eq(t.contests.id, contestId))
    .run();
}

// Every board and every staff screen counts the votes, at each live update: built once.
const voteCountsQuery = prepared((db) =>
  db
    .select({ teamId: t.votes.teamId, n: count() })
    .from(t.votes)
    .where(and(eq(t.votes.contestId, sql.placeholder('contestId')), isNull(t.votes.voidedAt)))
    .groupBy(t.votes.teamId)
    .prepare(),
);
const voidedCountQuery = prepared((db) =>
  db
    .select({ n: count() })
    .from(t.votes)
    .where(and(eq(t.votes.contestId, sql.placeholder('contestId')), isNotNull(t.votes.voidedAt)))
    .prepare(),
);

/** Votes per team id, the voided ones left out. */
export function voteCounts(db: Db, contestId: number): Map<number, number> {
  return new Map(
    voteCountsQuery(db)
      .all({ contestId })
      .map((r) => [r.teamId, r.n]),
  );
}

/** Votes the organizer voided. */
export function voidedCount(db: Db, contestId: number): number {
  return voidedCountQuery(db).get({ contestId })?.n ?? 0;
}

/** Records a device's (or a ticket's) vote; false when it has voted already. */
export function insertVote(
  db: Db,
  contestId: number,
  deviceHash: string,
  teamId: number,
  extra: { address: string | null; ticketId?: number | null; at?: string },
): boolean {
  return (
    db
      .insert(t.votes)
      .values({
        contestId,
        deviceHash,
        teamId,
        address: extra.address,
        ticketId: extra.ticketId ?? null,
        ...(extra.at ? { createdAt: extra.at } : {}),
      })
      .onConflictDoNothing()
      .run().changes > 0
  );
}

/** Every vote of a contest with its address, team and time, oldest first. */
export function votesWithAddress(db: Db, contestId: number) {
  return db
    .select({ address: t.votes.address, team: t.teams.key, at: t.votes.createdAt, voidedAt: t.votes.voidedAt })
    .from(t.votes)
    .innerJoin(t.teams, eq(t.teams.id, t.votes.teamId))
    .where(eq(t.votes.contestId, contestId))
    .orderBy(asc(t.votes.createdAt))
    .all();
}

/** Counted votes from one address per team key (before voiding them). */
export function addressCounts(db: Db, contestId: number, address: string): Record<string, number> {
  const rows = db
    .select({ team: t.teams.key, n: count() })
    .from(t.votes)
    .innerJoin(t.teams, eq(t.teams.id, t.votes.teamId))
    .where(and(eq(t.votes.contestId, contestId), eq(t.votes.address, address), isNull(t.votes.voidedAt)))
    .groupBy(t.teams.key)
    .all();
  return Object.fromEntries(rows.map((r) => [r.team, r.n]));
}

/** Voids every counted vote from one address; the number voided. */
export function voidAddress(db: Db, contestId: number, address: string, reason: string, at: string): number {
  return db
    .update(t.votes)
    .set({ voidedAt: at, voidReason: reason })
    .where(and(eq(t.votes.contestId, contestId), eq(t.votes.address, address), isNull(t.votes.voidedAt)))
    .run().changes;
}

export function setTicketMode(db: Db, contestId: number, on: boolean): void {
  db.update(t.contests).set({ votingTickets: on }).where(eq(t.contests.id, contestId)).run();
}

export function insertTickets(db: Db, contestId: number, codes: readonly string[]): void {
  if (codes.length)
    db.insert(t.voteTickets)
      .values(codes.map((code) => ({ contestId, code })))
      .run();
}

export function tickets(db: Db, contestId: number) {
  return db
    .select({ id: t.voteTickets.id, code: t.voteTickets.code, usedAt: t.voteTickets.usedAt })
    .from(t.voteTickets)
    .where(eq(t.voteTickets.contestId, contestId))
    .orderBy(asc(t.voteTickets.id))
    .all();
}

export function findTicket(db: Db, contestId: number, code: string) {
  return db
    .select()
    .from(t.voteTickets)
    .where(and(eq(t.voteTickets.contestId, contestId), eq(t.voteTickets.code, code)))
    .get();
}

/** Marks a ticket used; false when it was used already. */
export function useTicket(db: Db, ticketId: number, at: string): boolean {
  return (
    db
      .update(t.voteTickets)
      .set({ usedAt: at })
      .where(and(eq(t.voteTickets.id, ticketId), isNull(t.voteTickets.usedAt)))
      .run().changes > 0
  );
}

/** The key of the team the vote that `voter` picks out went to. */
function votedTeam(db: Db, contestId: number, voter: SQL): string | undefined {
  return db
    .select({ team: t.teams.key })
    .from(t.votes)
    .innerJoin(t.teams, eq(t.teams.id, t.votes.teamId))
    .where(and(eq(t.votes.contestId, contestId), voter))
    .get()?.team;
}

/** The key of the team a ticket voted for. */
export const ticketVote = (db: Db, contestId: number, ticketId: number) =>
  votedTeam(db, contestId, eq(t.votes.ticketId, ticketId));

export const ticketsUnused = (db: Db, contestId: number) =>
  db.get<{ n: number }>(sql`SELECT count(*) AS n FROM ${t.voteTickets} WHERE contest_id = ${contestId} AND used_at IS NULL`)?.n ??
  0;

/** The key of the team a device voted for. */
export const deviceVote = (db: Db, contestId: number, deviceHash: string) =>
  votedTeam(db, contestId, eq(t.votes.deviceHash, deviceHash));
