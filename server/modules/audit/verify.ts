/**
 * The audit of a contest: its score event log's hash chain, and a replay of the log against the
 * stored sheets and locks (api.md "Audit"; `hoithi verify`).
 */
import { z } from 'zod';
import type { DbLike as Db } from '../../../db/client.js';
import { sheetStatusSchema, type SheetStatus } from '../../contract/judging.js';
import { canonicalJson } from '../../lib/canonical.js';
import { contestLocks, contestOr404 } from '../shared/lookups.js';
import { listEvents, readJson, verifyChain, type ChainCheck } from './log.js';
import { contestSheetsRaw } from './repository.js';

/** A sheet's state as its score events record it; the comment is part of it (null when none). */
interface ReplayedSheet {
  marks: Record<string, number>;
  total: number;
  status: SheetStatus;
  version: number;
  comment: string | null;
}

export interface ContestVerification extends ChainCheck {
  replayProblems: string[];
}

const eventSubjectSchema = z.object({ round: z.string(), team: z.string(), judge: z.string().optional() });
const sheetEventStateSchema = z.object({
  marks: z.record(z.string(), z.number()),
  total: z.number(),
  status: sheetStatusSchema,
  version: z.number(),
  comment: z.string().nullable().optional(),
});
const REPLAYED_KINDS = new Set(['sheet', 'sheet_amended', 'lock', 'unlock']);

/**
 * Checks the hash chain, then that the stored sheets and locks equal a replay of the log: the
 * last recorded state of each sheet is the stored one, and nothing is stored that the log lacks.
 * Never throws on what is stored: an event or a sheet that cannot be read (not JSON, an
 * unexpected shape) is reported as a problem, and the replay goes on.
 */
export function verifyContest(db: Db, slug: string): ContestVerification {
  const contest = contestOr404(db, slug);
  const events = listEvents(db, contest.id);
  const chain = verifyChain(events);
  const problems: string[] = [];
  // Keys are data: Maps and Sets, never object properties. null = a state the log cannot tell.
  const replayed = new Map<string, ReplayedSheet | null>();
  const lockedInLog = new Set<string>();
  for (const e of events) {
    const cols = { subject: readJson(e.subject), before: readJson(e.before), after: readJson(e.after) };
    for (const [name, col] of Object.entries(cols)) if (!col.ok) problems.push(`event ${e.seq}: its ${name} is not JSON`);
    if (!REPLAYED_KINDS.has(e.kind)) continue;
    const subject = cols.subject.ok ? eventSubjectSchema.safeParse(cols.subject.value) : undefined;
    if (!subject?.success) {
      problems.push(`event ${e.seq} (${e.kind}): its subject does not name a round and a team`);
      continue;
    }
    const { round, team, judge } = subject.data;
    if (e.kind === 'lock') lockedInLog.add(`${round}/${team}`);
    if (e.kind === 'unlock') lockedInLog.delete(`${round}/${team}`);
    if (e.kind !== 'sheet' && e.kind !== 'sheet_amended') continue;
    if (judge === undefined) {
      problems.push(`event ${e.seq} (${e.kind}): its subject does not name a judge`);
      continue;
    }
    const id = `${round}/${team}/${judge}`;
    const after = cols.after.ok ? cols.after.value : undefined;
    if (!cols.after.ok || !sheetEventStateSchema.safeParse(after).success) {
      if (cols.after.ok) problems.push(`event ${e.seq} (${e.kind}): its state is not a sheet`);
      replayed.set(id, null);
      continue;
    }
    // The validated value itself (not zod's copy), so that every key is kept as it was stored.
    const state = after as Omit<ReplayedSheet, 'comment'> & { comment?: string | null };
    replayed.set(id, { ...state, comment: state.comment ?? null });
  }
  for (const s of contestSheetsRaw(db, contest.id)) {
    const id = `${s.round}/${s.team}/${s.judge}`;
    const marks = readJson(s.marks);
    const r = replayed.get(id);
    replayed.delete(id);
    if (!marks.ok) {
      problems.push(`sheet ${id}: its stored marks are not JSON`);
      continue;
    }
    const state = {
      marks: marks.value,
      total: s.totalHundredths,
      status: s.status,
      version: s.version,
      comment: s.comment ?? null,
    };
    if (r === undefined) problems.push(`sheet ${id}: stored but not in the log`);
    else if (r !== null && canonicalJson(r) !== canonicalJson(state))
      problems.push(`sheet ${id}: stored state differs from the log`);
  }
  for (const id of replayed.keys()) problems.push(`sheet ${id}: in the log but not stored`);
  const locks = contestLocks(db, contest.id).map((l) => `${l.round}/${l.team}`);
  for (const l of locks) if (!lockedInLog.delete(l)) problems.push(`lock ${l}: stored but not in the log`);
  for (const l of lockedInLog) problems.push(`lock ${l}: in the log but not stored`);
  return { ...chain, ok: chain.ok && problems.length === 0, replayProblems: problems };
}
