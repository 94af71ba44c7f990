/**
 * The changes made once marking began, as the minutes list them ("Các thay đổi sau khi chấm"):
 * picked from the score event log by kind, so a kind added later is listed by the same rules.
 * Amendments, unlocks, reveal overrides, forced locks, policy changes, score-affecting contest
 * edits, conflicts changed with a reason, direct scores that replaced a previous one, special
 * prizes taken back and voided questions; anything else logged with a reason after the first mark.
 */
import { readEvent, type EventRow, type ReadEvent } from '../audit/log.js';
import { SETUP_EVENT_KINDS } from '../contests/repository.js';

/** An event the minutes list as a change. */
export type ChangeEvent = ReadEvent;

type Rule = (e: ChangeEvent, afterFirstMark: boolean) => boolean;
const always: Rule = () => true;
const never: Rule = () => false;
const withReason: Rule = (e) => e.reason !== null;
const onceMarked: Rule = (_, marked) => marked;

/** Which events of each kind are changes; a kind not named here counts when it has a reason after the first mark. */
export const CHANGE_RULES: Readonly<Record<string, Rule>> = {
  sheet_amended: always,
  unlock: always,
  reveal_override: always,
  /** A lock is a change only when forced (locked without every sheet, with a reason). */
  lock: withReason,
  policy: onceMarked,
  contest_edit: onceMarked,
  conflicts: withReason,
  /** Entering a direct score is the normal course; replacing one is a change. */
  direct: (e) => e.before !== null,
  special_award_removed: always,
  quiz_void: always,
  // The normal course of a contest: a judge's own sheet, the quiz, awards given, voting, registrations.
  sheet: never,
  quiz_open: never,
  quiz_close: never,
  quiz_answer: never,
  special_award: never,
  /** Opening voting is the normal course; reopening it after a close takes back a decided prize. */
  voting_open: (e) => (e.before as { state?: string } | null)?.state === 'closed',
  voting_close: never,
  /** Voiding an address's votes takes votes out of the audience prize's count. */
  votes_void: always,
  voting_mode: never,
  team_review: never,
  team_edit: never,
  teams_import: never,
  draw: never,
  order: never,
  link_release: never,
};

const fallback: Rule = (e, marked) => marked && e.reason !== null;

/** The changes among a contest's events, oldest first. Marking begins with the first event that is not set-up. */
export function changesAfterMarking(events: readonly EventRow[]): ChangeEvent[] {
  const setup = new Set(SETUP_EVENT_KINDS);
  let marked = false;
  const out: ChangeEvent[] = [];
  for (const row of events) {
    const e = readEvent(row);
    const rule = (Object.hasOwn(CHANGE_RULES, e.kind) ? CHANGE_RULES[e.kind] : undefined) ?? fallback;
    if (rule(e, marked)) out.push(e);
    if (!setup.has(e.kind)) marked = true;
  }
  return out;
}
