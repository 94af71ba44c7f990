/** All SQL of judging: sheets, their versions, locks, conflicts and judge links. */
import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { prepared, type DbLike as Db } from '../../../db/client.js';
import * as t from '../../../db/schema.js';
import { contestSheetsWith } from '../shared/lookups.js';

const $ = sql.placeholder;

// ── a sheet PUT: every query it runs is built once (prepared), as it is the write judges repeat ──

const sheetQuery = prepared((db) =>
  db
    .select()
    .from(t.sheets)
    .where(and(eq(t.sheets.roundId, $('roundId')), eq(t.sheets.teamId, $('teamId')), eq(t.sheets.judgeId, $('judgeId'))))
    .prepare(),
);
export function findSheet(db: Db, roundId: number, teamId: number, judgeId: number) {
  return sheetQuery(db).get({ roundId, teamId, judgeId });
}

const receiptQuery = prepared((db) =>
  db
    .select({ seq: t.scoreEvents.seq, hash: t.scoreEvents.hash, at: t.scoreEvents.at })
    .from(t.scoreEvents)
    .where(eq(t.scoreEvents.seq, $('seq')))
    .prepare(),
);
export function eventReceipt(db: Db, seq: number) {
  return receiptQuery(db).get({ seq });
}

const idempotentQuery = prepared((db) =>
  db
    .select()
    .from(t.idempotencyKeys)
    .where(and(eq(t.idempotencyKeys.actor, $('actor')), eq(t.idempotencyKeys.key, $('key'))))
    .prepare(),
);
export function findIdempotent(db: Db, actor: string, key: string) {
  return idempotentQuery(db).get({ actor, key });
}

const contestRoundQuery = prepared((db) =>
  db
    .select({ contestId: t.contests.id, round: { id: t.rounds.id, key: t.rounds.key, kind: t.rounds.kind } })
    .from(t.contests)
    .leftJoin(t.rounds, and(eq(t.rounds.contestId, t.contests.id), eq(t.rounds.key, $('key'))))
    .where(eq(t.contests.slug, $('slug')))
    .prepare(),
);
/**
 * The id of the contest with this slug and its round with this key (null when it has none): what a
 * sheet needs of them, in one statement.
 */
export function sheetContestRound(db: Db, slug: string, key: string) {
  return contestRoundQuery(db).get({ slug, key });
}

const teamQuery = prepared((db) =>
  db
    .select({
      id: t.teams.id,
      key: t.teams.key,
      status: t.teams.status,
      conflict: sql<number>`exists (select 1 from ${t.conflicts} where ${t.conflicts.teamId} = ${t.teams.id} and ${t.conflicts.judgeId} = ${$('judgeId')})`,
      locked: sql<number>`exists (select 1 from ${t.locks} where ${t.locks.teamId} = ${t.teams.id} and ${t.locks.roundId} = ${$('roundId')})`,
    })
    .from(t.teams)
    .where(and(eq(t.teams.contestId, $('contestId')), eq(t.teams.key, $('key'))))
    .prepare(),
);
/**
 * A team of the contest by its key (any status: the caller decides), with whether the judge has
 * a conflict of interest with it and whether it is locked in the round.
 */
export function sheetTeam(db: Db, contestId: number, key: string, judgeId: number, roundId: number) {
  const row = teamQuery(db).get({ contestId, key, judgeId, roundId });
  return row && { ...row, conflict: !!row.conflict, locked: !!row.locked };
}

const criteriaQuery = prepared((db) =>
  db
    .select({ key: t.criteria.key, maxHundredths: t.criteria.maxHundredths, stepHundredths: t.criteria.stepHundredths })
    .from(t.criteria)
    .where(eq(t.criteria.roundId, $('roundId')))
    .orderBy(asc(t.criteria.position))
    .prepare(),
);
/** The criteria of a round in the order of its sheet: what a mark is checked against. */
export function sheetCriteria(db: Db, roundId: number) {
  return criteriaQuery(db).all({ roundId });
}

type SheetValues = Pick<
  typeof t.sheets.$inferInsert,
  'marks' | 'totalHundredths' | 'status' | 'version' | 'comment' | 'updatedAt' | 'lastEventSeq'
>;
const sheetValues = {
  marks: $('marks'),
  totalHundredths: $('totalHundredths'),
  status: $('status'),
  version: $('version'),
  comment: $('comment'),
  updatedAt: $('updatedAt'),
  lastEventSeq: $('lastEventSeq'),
};

const insertSheetQuery = prepared((db) =>
  db
    .insert(t.sheets)
    .values({ roundId: $('roundId'), teamId: $('teamId'), judgeId: $('judgeId'), ...sheetValues })
    .returning({ id: t.sheets.id })
    .prepare(),
);
/** A judge's first sheet for a team in a round; its id. */
export function insertSheet(db: Db, at: { roundId: number; teamId: number; judgeId: number }, values: SheetValues): number {
  return insertSheetQuery(db).get({ ...at, ...values, comment: values.comment ?? null })!.id;
}

const updateSheetQuery = prepared((db) =>
  db
    .update(t.sheets)
    // drizzle's types take no placeholder in set(); it binds them as it does in values() (encoded by column).
    .set(sheetValues as unknown as Partial<typeof t.sheets.$inferInsert>)
    .where(eq(t.sheets.id, $('id')))
    .prepare(),
);
export function updateSheet(db: Db, id: number, values: SheetValues): void {
  updateSheetQuery(db).run({ ...values, comment: values.comment ?? null, id });
}

const insertVersionQuery = prepared((db) =>
  db
    .insert(t.sheetVersions)
    .values({
      sheetId: $('sheetId'),
      version: $('version'),
      marks: $('marks'),
      totalHundredths: $('totalHundredths'),
      status: $('status'),
      comment: $('comment'),
      reason: $('reason'),
      createdAt: $('createdAt'),
    })
    .prepare(),
);
/** Keeps a version of a sheet, as it was written. */
export function insertSheetVersion(db: Db, v: typeof t.sheetVersions.$inferInsert): void {
  insertVersionQuery(db).run({ ...v, comment: v.comment ?? null, reason: v.reason ?? null });
}

const insertIdempotentQuery = prepared((db) =>
  db
    .insert(t.idempotencyKeys)
    .values({ actor: $('actor'), key: $('key'), requestHash: $('requestHash'), response: $('response') })
    .prepare(),
);
/** Remembers the answer to a request with an Idempotency-Key, for its retries. */
export function rememberIdempotent(db: Db, row: typeof t.idempotencyKeys.$inferInsert): void {
  insertIdempotentQuery(db).run(row);
}

/** Every sheet of a contest with the keys it is known by. */
export function contestSheets(db: Db, contestId: number) {
  return contestSheetsWith(db, contestId, { sheet: t.sheets });
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

// Every request of a judge looks its link up: prepared, like the sheet PUT's queries.
const byTokenQuery = prepared((db) =>
  db
    .select(linkIdentity)
    .from(t.judges)
    .innerJoin(t.contests, eq(t.contests.id, t.judges.contestId))
    .where(and(eq(t.judges.token, $('token')), isNull(t.judges.linkRevokedAt)))
    .prepare(),
);
const byDeviceQuery = prepared((db) =>
  db
    .select(linkIdentity)
    .from(t.judges)
    .innerJoin(t.contests, eq(t.contests.id, t.judges.contestId))
    .where(and(eq(t.judges.linkDeviceHash, $('deviceHash')), isNull(t.judges.linkRevokedAt)))
    .prepare(),
);

/** The judge whose active (not revoked) private link has this secret. */
export function judgeByToken(db: Db, token: string) {
  return byTokenQuery(db).get({ token });
}

/** The judge whose active link is bound to the device holding the secret with this sha256. */
export function judgeByDevice(db: Db, deviceHash: string) {
  return byDeviceQuery(db).get({ deviceHash });
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
