/**
 * Judging decisions: who may write which sheet, what a valid mark is, versions, receipts,
 * idempotent retries, locks and the stage. Every accepted change is one immediate transaction
 * that also appends its score event, so an acknowledged sheet is committed with its receipt.
 */
import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { DbLike as Db } from '../../../db/client.js';
import * as t from '../../../db/schema.js';
import { type Sheet, type SheetResult, type SheetStatus } from '../../contract/judging.js';
import { isCompeting, isHundredths, toHundredths } from '../../contract/package.js';
import { canonicalJson } from '../../lib/canonical.js';
import { AppError } from '../../lib/errors.js';
import { appendEvent } from '../audit/log.js';
import * as repo from './repository.js';
import { contestOr404, contestConflicts, contestJudges, contestTeams, findJudge, roundOr404 } from '../shared/lookups.js';
import { writesOf } from '../../../db/batcher.js';
import { writeThreadOf } from '../../../db/write-thread.js';
import { write, type Db as Database, type Tx } from '../../../db/client.js';

type SheetRow = typeof t.sheets.$inferSelect;

const fromHundredths = (n: number) => n / 100;
const marksToNumbers = (marks: Record<string, number>) =>
  Object.fromEntries(Object.entries(marks).map(([k, v]) => [k, fromHundredths(v)]));

export function sheetView(row: SheetRow, keys: { round: string; team: string; judge: string }): Sheet {
  return {
    ...keys,
    marks: marksToNumbers(row.marks),
    total: fromHundredths(row.totalHundredths),
    status: row.status,
    version: row.version,
    updatedAt: row.updatedAt,
    comment: row.comment ?? null,
  };
}

export interface SheetWrite {
  slug: string;
  round: string;
  team: string;
  judge: { id: number; key: string; contestId: number };
  actor: string;
  marks: Record<string, number>;
  status: SheetStatus;
  baseVersion?: number;
  /** The judge's comment: a string sets it, null or "" clears it, undefined keeps the stored one. */
  comment?: string | null;
  /** The organizer amends with a reason, also after the lock. */
  amendment?: { reason: string };
  /**
   * The request, whose hash (`requestHash`) a retry with the same key must match: hashed by the
   * group commit (on the write thread when there is one), not on the event loop.
   */
  idempotency?: { key: string; request: { method: string; path: string; body: unknown } };
}

export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(canonicalJson({ method, path, body })).digest('hex');
}

/** Checks every mark against its criterion; returns the marks in hundredths. */
function checkMarks(
  criteria: { key: string; maxHundredths: number; stepHundredths: number }[],
  marks: Record<string, number>,
  status: SheetStatus,
): Record<string, number> {
  const byKey = new Map(criteria.map((c) => [c.key, c]));
  // Criterion keys are data: a Map, so that a key such as "constructor" is never a property.
  const out = new Map<string, number>();
  for (const [key, value] of Object.entries(marks)) {
    const c = byKey.get(key);
    const path = `marks.${key}`;
    if (!c) throw new AppError('VALIDATION', path, { rule: 'UNKNOWN_CRITERION', key });
    const max = fromHundredths(c.maxHundredths);
    if (!Number.isFinite(value) || value < 0 || value > max)
      throw new AppError('VALIDATION', path, { rule: 'MARK_OUT_OF_RANGE', max });
    // In range but off the step, also with more than two decimals (10.004): the message names the step.
    const h = toHundredths(value);
    if (!isHundredths(value) || h % c.stepHundredths !== 0)
      throw new AppError('VALIDATION', path, { rule: 'MARK_OFF_STEP', step: fromHundredths(c.stepHundredths) });
    out.set(key, h);
  }
  if (status === 'submitted') {
    for (const c of criteria) if (!out.has(c.key)) throw new AppError('VALIDATION', `marks.${c.key}`, { rule: 'MARK_MISSING' });
  }
  // Keep the rubric's order, so that stored marks read in the order of the sheet.
  return Object.fromEntries(criteria.filter((c) => out.has(c.key)).map((c) => [c.key, out.get(c.key)!]));
}

const sameMarks = (a: Record<string, number>, b: Record<string, number>) => canonicalJson(a) === canonicalJson(b);

/** A sheet's state as its score events record it; the comment is part of it (null when none). */
export interface SheetState {
  marks: Record<string, number>;
  total: number;
  status: SheetStatus;
  version: number;
  comment: string | null;
}
const sheetState = (s: {
  marks: Record<string, number>;
  totalHundredths: number;
  status: SheetStatus;
  version: number;
  comment: string | null;
}): SheetState => ({ marks: s.marks, total: s.totalHundredths, status: s.status, version: s.version, comment: s.comment });

/**
 * A sheet's write, in a group commit (`commitSheet`): the group commit already runs each write in
 * a savepoint of its own, which rolls this one back alone when it throws, so it opens none.
 */
export function writeSheet(tx: Tx, w: SheetWrite, now = new Date().toISOString()): SheetResult {
  const idempotency = w.idempotency && {
    key: w.idempotency.key,
    hash: requestHash(w.idempotency.request.method, w.idempotency.request.path, w.idempotency.request.body),
  };
  if (idempotency) {
    const seen = repo.findIdempotent(tx, w.actor, idempotency.key);
    if (seen) {
      if (seen.requestHash !== idempotency.hash) throw new AppError('IDEMPOTENCY_KEY_REUSED', 'Idempotency-Key');
      return JSON.parse(seen.response) as SheetResult;
    }
  }
  const found = repo.sheetContestRound(tx, w.slug, w.round);
  // A judge learns nothing about contests other than their own.
  if (found === undefined || found.contestId !== w.judge.contestId) throw new AppError('CONTEST_NOT_FOUND');
  const { contestId, round } = found;
  if (!round) throw new AppError('ROUND_NOT_FOUND', 'round');
  if (round.kind !== 'rubric') throw new AppError('NOT_A_RUBRIC_ROUND', 'round');
  // Pending and rejected registrations are unknown to judging, as teamOr404 has it.
  const team = repo.sheetTeam(tx, contestId, w.team, w.judge.id, round.id);
  if (!team || !isCompeting(team.status)) throw new AppError('TEAM_NOT_FOUND', 'team');
  if (team.status !== 'active') throw new AppError('TEAM_WITHDRAWN', 'team');
  if (team.conflict) throw new AppError('CONFLICT_OF_INTEREST', 'team');
  if (!w.amendment && team.locked) throw new AppError('SHEET_LOCKED');

  const marks = checkMarks(repo.sheetCriteria(tx, round.id), w.marks, w.status);
  const keys = { round: round.key, team: team.key, judge: w.judge.key };
  const current = repo.findSheet(tx, round.id, team.id, w.judge.id);
  if (w.baseVersion !== undefined && w.baseVersion !== (current?.version ?? 0)) {
    throw new AppError('VERSION_CONFLICT', 'baseVersion', {}, current ? { current: sheetView(current, keys) } : {});
  }

  // Left out, the comment stays as it is; "" clears it like null.
  const comment = w.comment === undefined ? (current?.comment ?? null) : w.comment || null;
  let result: SheetResult;
  if (
    current &&
    current.status === w.status &&
    sameMarks(current.marks, marks) &&
    (current.comment ?? null) === comment &&
    !w.amendment
  ) {
    // Nothing changed: no new version; the receipt is the one of the stored version.
    const receipt = repo.eventReceipt(tx, current.lastEventSeq)!;
    result = { sheet: sheetView(current, keys), receipt };
  } else {
    const total = Object.values(marks).reduce((a, b) => a + b, 0);
    const version = (current?.version ?? 0) + 1;
    // A changed comment alone is a new version with its own event and receipt, like a mark.
    const after = { marks, totalHundredths: total, status: w.status, version, comment };
    const receipt = appendEvent(
      tx,
      {
        contestId,
        actor: w.actor,
        kind: w.amendment ? 'sheet_amended' : 'sheet',
        subject: keys,
        before: current ? sheetState({ ...current, comment: current.comment ?? null }) : null,
        after: sheetState(after),
        reason: w.amendment?.reason ?? null,
      },
      now,
    );
    const values = {
      marks,
      totalHundredths: total,
      status: w.status,
      version,
      comment,
      updatedAt: now,
      lastEventSeq: receipt.seq,
    };
    let sheetId: number;
    if (current) {
      repo.updateSheet(tx, current.id, values);
      sheetId = current.id;
    } else {
      sheetId = repo.insertSheet(tx, { roundId: round.id, teamId: team.id, judgeId: w.judge.id }, values);
    }
    repo.insertSheetVersion(tx, {
      sheetId,
      version,
      marks,
      totalHundredths: total,
      status: w.status,
      comment,
      reason: w.amendment?.reason ?? null,
      createdAt: now,
    });
    result = {
      sheet: sheetView({ ...(current ?? ({} as SheetRow)), ...after, updatedAt: now } as SheetRow, keys),
      receipt,
    };
  }
  if (idempotency) {
    repo.rememberIdempotent(tx, {
      actor: w.actor,
      key: idempotency.key,
      requestHash: idempotency.hash,
      response: JSON.stringify(result),
    });
  }
  return result;
}

/**
 * writeSheet in the next group commit: on the app's write thread when it has one (a database on
 * disk: db/write-thread.ts, so the commit's fsync does not stop the event loop), else on the event
 * loop (db/batcher.ts). Either way the sheets that arrive together share one transaction and one
 * fsync, and each answer waits for that commit. On the thread a sheet is stamped when it is posted,
 * and the thread commits in that order.
 */
export function commitSheet(db: Database, w: SheetWrite, clock: { iso(): string }): Promise<SheetResult> {
  const thread = writeThreadOf(db);
  if (thread) return thread.run<SheetResult>('sheet', { w, at: clock.iso() });
  return writesOf(db).run((tx) => writeSheet(tx, w, clock.iso()));
}

/** The module of judging writes the write thread runs (`commitSheet`). */
export const JUDGING_WRITE_OPS = new URL(`./write-ops${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** Which judges have submitted, per team of a round; never the marks themselves. */
export function roundProgress(db: Db, slug: string, roundKey: string) {
  const contest = contestOr404(db, slug);
  const round = roundOr404(db, contest.id, roundKey);
  const teams = contestTeams(db, contest.id).filter((tm) => tm.status === 'active');
  const judges = contestJudges(db, contest.id);
  const conflicts = new Set(contestConflicts(db, contest.id).map((c) => `${c.judgeId}/${c.teamId}`));
  const sheets = db.select().from(t.sheets).where(eq(t.sheets.roundId, round.id)).all();
  const sheetBy = new Map(sheets.map((s) => [`${s.judgeId}/${s.teamId}`, s]));
  const locked = new Set(
    db
      .select({ teamId: t.locks.teamId })
      .from(t.locks)
      .where(eq(t.locks.roundId, round.id))
      .all()
      .map((l) => l.teamId),
  );
  return {
    round: round.key,
    teams: teams.map((tm) => ({
      team: tm.key,
      locked: locked.has(tm.id),
      judges: judges.map((j) => {
        const s = sheetBy.get(`${j.id}/${tm.id}`);
        const status = conflicts.has(`${j.id}/${tm.id}`) ? ('conflict' as const) : (s?.status ?? ('none' as const));
        return { judge: j.key, status, version: s?.version ?? 0 };
      }),
    })),
  };
}

export function setConflicts(
  db: Db,
  slug: string,
  judgeKey: string,
  teamKeys: string[],
  actor: string,
  reason: string | null,
  now: string,
) {
  return write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    const judge = findJudge(tx, contest.id, judgeKey);
    if (!judge) throw new AppError('JUDGE_NOT_FOUND', 'judge');
    const unique = [...new Set(teamKeys)];
    const teams = unique.length
      ? tx
          .select()
          .from(t.teams)
          .where(and(eq(t.teams.contestId, contest.id), inArray(t.teams.key, unique)))
          .all()
      : [];
    const byKey = new Map(teams.map((tm) => [tm.key, tm]));
    unique.forEach((k, i) => {
      if (!byKey.has(k)) throw new AppError('VALIDATION', `teams.${i}`, { rule: 'UNKNOWN_TEAM', key: k });
    });
    const before = contestConflicts(tx, contest.id)
      .filter((c) => c.judgeId === judge.id)
      .map((c) => c.teamKey);
    if (canonicalJson(before) === canonicalJson(unique)) return { judge: judge.key, conflicts: unique };
    tx.delete(t.conflicts).where(eq(t.conflicts.judgeId, judge.id)).run();
    if (unique.length)
      tx.insert(t.conflicts)
        .values(unique.map((k, position) => ({ judgeId: judge.id, teamId: byKey.get(k)!.id, position })))
        .run();
    // Conflicts decide which sheets count, so a change is a score event.
    appendEvent(
      tx,
      {
        contestId: contest.id,
        actor,
        kind: 'conflicts',
        subject: { judge: judge.key },
        before,
        after: unique,
        reason,
      },
      now,
    );
    return { judge: judge.key, conflicts: unique };
  });
}
