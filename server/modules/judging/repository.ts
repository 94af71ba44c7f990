/** All SQL of judging: sheets, their versions, locks, conflicts and judge links. */
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { DbLike as Db } from '../../../db/client.js';
import * as t from '../../../db/schema.js';

export function findSheet(db: Db, roundId: number, teamId: number, judgeId: number) {
  return db
    .select()
    .from(t.sheets)
    .where(and(eq(t.sheets.roundId, roundId), eq(t.sheets.teamId, teamId), eq(t.sheets.judgeId, judgeId)))
    .get();
}

export function eventReceipt(db: Db, seq: number) {
  return db
    .select({ seq: t.scoreEvents.seq, hash: t.scoreEvents.hash, at: t.scoreEvents.at })
    .from(t.scoreEvents)
    .where(eq(t.scoreEvents.seq, seq))
    .get();
}

export function findIdempotent(db: Db, actor: string, key: string) {
  return db
    .select()
    .from(t.idempotencyKeys)
    .where(and(eq(t.idempotencyKeys.actor, actor), eq(t.idempotencyKeys.key, key)))
    .get();
}

/** Every sheet of a contest with the keys it is known by. */
export function contestSheets(db: Db, contestId: number) {
  return db
    .select({
      sheet: t.sheets,
      round: t.rounds.key,
      team: t.teams.key,
      judge: t.judges.key,
    })
    .from(t.sheets)
    .innerJoin(t.rounds, eq(t.rounds.id, t.sheets.roundId))
    .innerJoin(t.teams, eq(t.teams.id, t.sheets.teamId))
    .innerJoin(t.judges, eq(t.judges.id, t.sheets.judgeId))
    .where(eq(t.rounds.contestId, contestId))
    .all();
}

// ── private links and the one tablet each is bound to ───────────────────

const linkIdentity = {
  id: t.judges.id,
  key: t.judges.key,
  name: t.judges.name,
  title: t.judges.title,
  contestId: t.judges.contestId,
  contestSlug: t.contests.slug,
  linkDeviceHash: t.judges.linkDeviceHash,
  linkBoundAt: t.judges.linkBoundAt,
  linkSeenAt: t.judges.linkSeenAt,
};

/** The judge whose active (not revoked) private link has this secret. */
export function judgeByToken(db: Db, token: string) {
  return db
    .select(linkIdentity)
    .from(t.judges)
    .innerJoin(t.contests, eq(t.contests.id, t.judges.contestId))
    .where(and(eq(t.judges.token, token), isNull(t.judges.linkRevokedAt)))
    .get();
}

/** The judge whose active link is bound to the device holding the secret with this sha256. */
export function judgeByDevice(db: Db, deviceHash: string) {
  return db
    .select(linkIdentity)
    .from(t.judges)
    .innerJoin(t.contests, eq(t.contests.id, t.judges.contestId))
    .where(and(eq(t.judges.linkDeviceHash, deviceHash), isNull(t.judges.linkRevokedAt)))
    .get();
}

/** Binds an active link that no device holds yet; false when one got there first. */
export function bindLink(db: Db, judgeId: number, deviceHash: string, now: string): boolean {
  return (
    db
      .update(t.judges)
      .set({ linkDeviceHash: deviceHash, linkBoundAt: now, linkSeenAt: now })
      .where(and(eq(t.judges.id, judgeId), isNull(t.judges.linkDeviceHash), isNull(t.judges.linkRevokedAt)))
      .run().changes > 0
  );
}

/** Records the bound device's last contact. */
export function touchLink(db: Db, judgeId: number, deviceHash: string, now: string): void {
  db.update(t.judges)
    .set({ linkSeenAt: now })
    .where(and(eq(t.judges.id, judgeId), eq(t.judges.linkDeviceHash, deviceHash)))
    .run();
}

/** Frees a link from its device (only if bound to `deviceHash`, when given); true when it was bound. */
export function unbindLink(db: Db, judgeId: number, deviceHash?: string): boolean {
  return (
    db
      .update(t.judges)
      .set({ linkDeviceHash: null, linkBoundAt: null, linkSeenAt: null })
      .where(
        and(
          eq(t.judges.id, judgeId),
          deviceHash === undefined ? isNotNull(t.judges.linkDeviceHash) : eq(t.judges.linkDeviceHash, deviceHash),
        ),
      )
      .run().changes > 0
  );
}

/** A new secret for a link, revoked (`revokedAt`) or not; the device it was bound to is signed out. */
export function setLinkToken(db: Db, judgeId: number, token: string, revokedAt: string | null): void {
  db.update(t.judges)
    .set({ token, linkRevokedAt: revokedAt, linkDeviceHash: null, linkBoundAt: null, linkSeenAt: null })
    .where(eq(t.judges.id, judgeId))
    .run();
}

/** The rubric rounds of a contest, in running order: the ones a judge marks. */
export function rubricRounds(db: Db, contestId: number) {
  return db
    .select()
    .from(t.rounds)
    .where(and(eq(t.rounds.contestId, contestId), eq(t.rounds.kind, 'rubric')))
    .orderBy(t.rounds.position)
    .all();
}
