/**
 * All SQL of team link sessions (api.md "Teams"): a device that opened a team's private link holds
 * a random session id in its cookie; the table keeps only its sha256. A team may hold several.
 */
import { and, desc, eq, gt, notInArray } from 'drizzle-orm';
import type { DbLike as Db } from '../../../db/client.js';
import * as t from '../../../db/schema.js';
import { write } from '../../../db/client.js';
import type { TeamSessionStore } from '../../plugins/team-auth.js';

/** A session unseen for this long is over (the cookie's own lifetime). */
export const TEAM_SESSION_TTL_MS = 90 * 24 * 3600 * 1000;
/** At most this many live sessions per team: opening the link again drops the longest unseen. */
export const TEAM_SESSIONS_MAX = 30;

const teamColumns = {
  id: t.teams.id,
  key: t.teams.key,
  name: t.teams.name,
  contestId: t.teams.contestId,
  contestSlug: t.contests.slug,
};

export function teamByToken(db: Db, token: string) {
  return db
    .select(teamColumns)
    .from(t.teams)
    .innerJoin(t.contests, eq(t.contests.id, t.teams.contestId))
    .where(eq(t.teams.token, token))
    .get();
}

export function teamBySession(db: Db, idHash: string, now: number) {
  return db
    .select({ ...teamColumns, seenAt: t.teamSessions.seenAt })
    .from(t.teamSessions)
    .innerJoin(t.teams, eq(t.teams.id, t.teamSessions.teamId))
    .innerJoin(t.contests, eq(t.contests.id, t.teams.contestId))
    .where(and(eq(t.teamSessions.idHash, idHash), gt(t.teamSessions.seenAt, new Date(now - TEAM_SESSION_TTL_MS).toISOString())))
    .get();
}

export function openSession(db: Db, teamId: number, idHash: string, now: Date) {
  write(db, (tx) => {
    tx.insert(t.teamSessions).values({ idHash, teamId, seenAt: now.toISOString() }).run();
    const keep = tx
      .select({ idHash: t.teamSessions.idHash })
      .from(t.teamSessions)
      .where(eq(t.teamSessions.teamId, teamId))
      .orderBy(desc(t.teamSessions.seenAt))
      .limit(TEAM_SESSIONS_MAX)
      .all()
      .map((r) => r.idHash);
    tx.delete(t.teamSessions)
      .where(and(eq(t.teamSessions.teamId, teamId), notInArray(t.teamSessions.idHash, keep)))
      .run();
  });
}

export function touchSession(db: Db, idHash: string, now: Date) {
  db.update(t.teamSessions).set({ seenAt: now.toISOString() }).where(eq(t.teamSessions.idHash, idHash)).run();
}

export function endSession(db: Db, idHash: string) {
  db.delete(t.teamSessions).where(eq(t.teamSessions.idHash, idHash)).run();
}

/** Every device of the team is signed out (a reissued link). */
export function endTeamSessions(db: Db, teamId: number) {
  return db.delete(t.teamSessions).where(eq(t.teamSessions.teamId, teamId)).run().changes;
}

export function countTeamSessions(db: Db, teamId: number) {
  return db.select({ idHash: t.teamSessions.idHash }).from(t.teamSessions).where(eq(t.teamSessions.teamId, teamId)).all().length;
}

/** The sessions as the team-auth plugin reads and writes them. */
export const teamSessionStore: TeamSessionStore = {
  ttlMs: TEAM_SESSION_TTL_MS,
  teamByToken,
  teamBySession,
  openSession,
  touchSession,
  endSession,
};
