/**
 * The lookups every domain module needs: a contest by slug, a round, team or judge by key, a
 * round's criteria, the teams, judges, conflicts and locks of a contest.
 *
 * Neutral ground: this module imports no other domain module, so any module (and the app's
 * composition in server/app.ts) may import it without creating a cycle. A lookup that belongs to
 * one domain only stays in that domain's repository.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { SelectedFields } from 'drizzle-orm/sqlite-core';
import { prepared, type DbLike as Db } from '../../../db/client.js';
import * as t from '../../../db/schema.js';
import { competing, isCompeting } from '../../contract/package.js';
import { AppError } from '../../lib/errors.js';

// Every contest request and every live view looks its contest up: the query is built once.
const contestBySlug = prepared((db) =>
  db
    .select()
    .from(t.contests)
    .where(eq(t.contests.slug, sql.placeholder('slug')))
    .prepare(),
);

export function findContest(db: Db, slug: string) {
  return contestBySlug(db).get({ slug });
}

export type Contest = NonNullable<ReturnType<typeof findContest>>;

/** The contest with this slug, or the 404 CONTEST_NOT_FOUND every contest route answers. */
export function contestOr404(db: Db, slug: string): Contest {
  const contest = findContest(db, slug);
  if (!contest) throw new AppError('CONTEST_NOT_FOUND');
  return contest;
}

/** Every contest's slug. */
export const contestSlugs = (db: Db) =>
  db
    .select({ slug: t.contests.slug })
    .from(t.contests)
    .all()
    .map((c) => c.slug);

export function findContestId(db: Db, slug: string): number | undefined {
  return db.select({ id: t.contests.id }).from(t.contests).where(eq(t.contests.slug, slug)).get()?.id;
}

export function findRound(db: Db, contestId: number, key: string) {
  return db
    .select()
    .from(t.rounds)
    .where(and(eq(t.rounds.contestId, contestId), eq(t.rounds.key, key)))
    .get();
}

export function roundCriteria(db: Db, roundId: number) {
  return db.select().from(t.criteria).where(eq(t.criteria.roundId, roundId)).orderBy(asc(t.criteria.position)).all();
}

/** A team that takes part; pending and rejected registrations are unknown to judging, stage and scores. */
export function findTeam(db: Db, contestId: number, key: string) {
  const row = db
    .select()
    .from(t.teams)
    .where(and(eq(t.teams.contestId, contestId), eq(t.teams.key, key)))
    .get();
  return row && isCompeting(row.status) ? { ...row, status: row.status } : undefined;
}

/** The round with this key, or 404 ROUND_NOT_FOUND naming `round`. */
export function roundOr404(db: Db, contestId: number, key: string) {
  const round = findRound(db, contestId, key);
  if (!round) throw new AppError('ROUND_NOT_FOUND', 'round');
  return round;
}

/** The team with this key that takes part, or 404 TEAM_NOT_FOUND naming `team`. */
export function teamOr404(db: Db, contestId: number, key: string) {
  const team = findTeam(db, contestId, key);
  if (!team) throw new AppError('TEAM_NOT_FOUND', 'team');
  return team;
}

export function findJudge(db: Db, contestId: number, key: string) {
  return db
    .select()
    .from(t.judges)
    .where(and(eq(t.judges.contestId, contestId), eq(t.judges.key, key)))
    .get();
}

export function hasConflict(db: Db, judgeId: number, teamId: number): boolean {
  return !!db
    .select({ one: t.conflicts.judgeId })
    .from(t.conflicts)
    .where(and(eq(t.conflicts.judgeId, judgeId), eq(t.conflicts.teamId, teamId)))
    .get();
}

export function findLock(db: Db, roundId: number, teamId: number) {
  return db
    .select()
    .from(t.locks)
    .where(and(eq(t.locks.roundId, roundId), eq(t.locks.teamId, teamId)))
    .get();
}

/** The teams that take part, in running order. */
export function contestTeams(db: Db, contestId: number) {
  return competing(db.select().from(t.teams).where(eq(t.teams.contestId, contestId)).orderBy(asc(t.teams.position)).all());
}

export function contestJudges(db: Db, contestId: number) {
  return db.select().from(t.judges).where(eq(t.judges.contestId, contestId)).orderBy(asc(t.judges.position)).all();
}

export function contestConflicts(db: Db, contestId: number) {
  return db
    .select({ judgeId: t.conflicts.judgeId, teamId: t.conflicts.teamId, teamKey: t.teams.key })
    .from(t.conflicts)
    .innerJoin(t.teams, eq(t.teams.id, t.conflicts.teamId))
    .where(eq(t.teams.contestId, contestId))
    .orderBy(asc(t.conflicts.position))
    .all();
}

/**
 * Every sheet of a contest with the round, team and judge keys it is known by; `columns` picks
 * what of the sheet to read (the tablet the parsed row, the audit replay the stored text).
 */
export function contestSheetsWith<C extends SelectedFields>(db: Db, contestId: number, columns: C) {
  return db
    .select({ ...columns, round: t.rounds.key, team: t.teams.key, judge: t.judges.key })
    .from(t.sheets)
    .innerJoin(t.rounds, eq(t.rounds.id, t.sheets.roundId))
    .innerJoin(t.teams, eq(t.teams.id, t.sheets.teamId))
    .innerJoin(t.judges, eq(t.judges.id, t.sheets.judgeId))
    .where(eq(t.rounds.contestId, contestId))
    .all();
}

export function contestLocks(db: Db, contestId: number) {
  return db
    .select({
      round: t.rounds.key,
      team: t.teams.key,
      roundId: t.locks.roundId,
      teamId: t.locks.teamId,
      lockedAt: t.locks.lockedAt,
    })
    .from(t.locks)
    .innerJoin(t.rounds, eq(t.rounds.id, t.locks.roundId))
    .innerJoin(t.teams, eq(t.teams.id, t.locks.teamId))
    .where(eq(t.rounds.contestId, contestId))
    .all();
}
