/**
 * Closing results (scoring.md §6–§7): lock one team's round or a whole round, unlock one for
 * review with a reason, and say what still keeps the results from being final.
 */
import type { DbLike as Db } from '../../../db/client.js';
import * as t from '../../../db/schema.js';
import type { ResultIssue } from '../../contract/results.js';
import { AppError } from '../../lib/errors.js';
import { appendEvent } from '../audit/log.js';
import { votingStateOf } from '../votes/state.js';
import * as repo from './repository.js';
import type { ContestData, Scoreboard } from './service.js';
import {
  contestConflicts,
  contestJudges,
  contestOr404,
  contestTeams,
  findLock,
  roundOr404,
  teamOr404,
} from '../shared/lookups.js';
import { write } from '../../../db/client.js';

type Round = typeof t.rounds.$inferSelect;
type Team = ReturnType<typeof teamOr404>;

export interface LockOptions {
  force?: true | undefined;
  reason?: string | undefined;
}

/** The text logged for a direct cell that a lock fills with 0 (printed in the minutes). */
export const ZERO_ON_LOCK_REASON = 'Khoá phần thi khi đội chưa có điểm: tính 0 điểm';

function checkForce(opts: LockOptions): void {
  if (opts.force && !opts.reason) throw new AppError('VALIDATION', 'reason', { rule: 'FIELD_REQUIRED' });
}

/** Teams of a rubric round whose judges (without a conflict) have not all submitted. */
function incompleteTeams(tx: Db, contestId: number, round: Round, teams: readonly Team[]) {
  if (round.kind !== 'rubric') return [];
  const judges = contestJudges(tx, contestId);
  const conflicted = new Set(contestConflicts(tx, contestId).map((c) => `${c.judgeId}/${c.teamId}`));
  const submitted = new Set(
    repo
      .roundSheets(tx, round.id)
      .filter((s) => s.status === 'submitted')
      .map((s) => `${s.judgeId}/${s.teamId}`),
  );
  return teams
    .map((tm) => ({
      team: tm.key,
      name: tm.name,
      missing: judges.filter((j) => !conflicted.has(`${j.id}/${tm.id}`) && !submitted.has(`${j.id}/${tm.id}`)).map((j) => j.key),
    }))
    .filter((x) => x.missing.length > 0);
}

/**
 * Locks one cell: a direct cell without an entry gets 0 (logged), a review ends, and the lock is
 * logged, with the reason when it was forced past missing sheets.
 */
function lockCell(
  tx: Db,
  contestId: number,
  round: Round,
  team: Team,
  actor: string,
  forcedReason: string | null,
  now: string,
): { zeroed: boolean } {
  let zeroed = false;
  if (round.kind === 'direct' && !repo.findDirectScore(tx, round.id, team.id)) {
    repo.insertDirectScore(tx, {
      roundId: round.id,
      teamId: team.id,
      scoreHundredths: 0,
      reason: ZERO_ON_LOCK_REASON,
      updatedAt: now,
    });
    appendEvent(
      tx,
      {
        contestId,
        actor,
        kind: 'direct',
        subject: { round: round.key, team: team.key },
        before: null,
        after: { score: 0 },
        reason: ZERO_ON_LOCK_REASON,
      },
      now,
    );
    zeroed = true;
  }
  const review = repo.findReview(tx, round.id, team.id);
  if (review) repo.deleteReview(tx, round.id, team.id);
  repo.insertLock(tx, round.id, team.id, now);
  appendEvent(
    tx,
    {
      contestId,
      actor,
      kind: 'lock',
      subject: { round: round.key, team: team.key },
      ...(forcedReason !== null ? { after: { forced: true }, reason: forcedReason } : {}),
    },
    now,
  );
  return { zeroed };
}

/** Locks a team's round result, which releases it. Locking twice changes nothing. */
export function lockTeamRound(
  db: Db,
  slug: string,
  roundKey: string,
  teamKey: string,
  actor: string,
  opts: LockOptions = {},
  now: string,
) {
  checkForce(opts);
  return write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    const round = roundOr404(tx, contest.id, roundKey);
    const team = teamOr404(tx, contest.id, teamKey);
    const existing = findLock(tx, round.id, team.id);
    if (existing) return { round: round.key, team: team.key, locked: true as const, lockedAt: existing.lockedAt };
    const missing = team.status === 'active' ? incompleteTeams(tx, contest.id, round, [team]) : [];
    if (missing.length > 0 && !opts.force) throw new AppError('ROUND_INCOMPLETE', undefined, {}, { teams: missing });
    lockCell(tx, contest.id, round, team, actor, missing.length > 0 ? (opts.reason ?? null) : null, now);
    return { round: round.key, team: team.key, locked: true as const, lockedAt: now };
  });
}

/** Closes a round for every active team at once (all or nothing). */
export function lockRound(db: Db, slug: string, roundKey: string, actor: string, opts: LockOptions = {}, now: string) {
  checkForce(opts);
  return write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    const round = roundOr404(tx, contest.id, roundKey);
    const teams = contestTeams(tx, contest.id).filter((tm) => tm.status === 'active');
    const locked = repo.roundLocks(tx, round.id);
    const open = teams.filter((tm) => !locked.has(tm.id));
    const missing = incompleteTeams(tx, contest.id, round, open);
    if (missing.length > 0 && !opts.force) throw new AppError('ROUND_INCOMPLETE', undefined, {}, { teams: missing });
    const forced = new Set(missing.map((m) => m.team));
    const zeroed: string[] = [];
    for (const tm of open) {
      const r = lockCell(tx, contest.id, round, tm, actor, forced.has(tm.key) ? (opts.reason ?? null) : null, now);
      if (r.zeroed) zeroed.push(tm.key);
    }
    return {
      round: round.key,
      locked: open.map((tm) => tm.key),
      already: teams.filter((tm) => locked.has(tm.id)).map((tm) => tm.key),
      zeroed,
    };
  });
}

/** The teams the running reveal has announced (empty when no reveal runs). */
export function announcedTeams(db: Db, contestId: number): Set<string> {
  const row = repo.findFreeze(db, contestId);
  if (!row?.reveal) return new Set();
  const plan = JSON.parse(row.reveal) as { steps: { kind: string; team?: string }[] };
  return new Set(plan.steps.slice(0, row.revealPos).flatMap((s) => (s.kind === 'team' && s.team !== undefined ? [s.team] : [])));
}

/**
 * Unlocks a team's round for review: judges may amend again, the released views keep the released
 * result marked "under review" until the next lock. Refused for a team the reveal has announced.
 */
export function unlockTeamRound(
  db: Db,
  slug: string,
  roundKey: string,
  teamKey: string,
  actor: string,
  reason: string,
  now: string,
) {
  return write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    const round = roundOr404(tx, contest.id, roundKey);
    const team = teamOr404(tx, contest.id, teamKey);
    const lock = findLock(tx, round.id, team.id);
    if (!lock) throw new AppError('NOT_LOCKED');
    if (announcedTeams(tx, contest.id).has(team.key)) throw new AppError('ALREADY_REVEALED', 'team');
    const released: repo.ReleasedCell = {
      sheets: repo
        .cellSheets(tx, round.id, team.id)
        .map((s) => ({ judgeId: s.judgeId, totalHundredths: s.totalHundredths, status: s.status })),
    };
    repo.deleteLock(tx, round.id, team.id);
    repo.insertReview(tx, { roundId: round.id, teamId: team.id, unlockedAt: now, reason, released: JSON.stringify(released) });
    appendEvent(
      tx,
      {
        contestId: contest.id,
        actor,
        kind: 'unlock',
        subject: { round: round.key, team: team.key },
        before: { lockedAt: lock.lockedAt },
        reason,
      },
      now,
    );
    return { round: round.key, team: team.key, locked: false as const, unlockedAt: now };
  });
}

/**
 * What keeps the results from being final (the reveal's checklist): every active team's round not
 * locked, every result under review, open voting, and every provisional overall prize (and any
 * other provisional prize) of the released board.
 */
export function resultIssues(d: ContestData, board: Pick<Scoreboard, 'awards'>): ResultIssue[] {
  const issues: ResultIssue[] = [];
  const active = d.teams.filter((tm) => tm.status === 'active');
  for (const r of d.rounds)
    for (const tm of active) {
      const k = `${r.id}/${tm.id}`;
      if (d.reviews.has(k)) issues.push({ kind: 'under_review', round: r.key, team: tm.key });
      else if (!d.locks.has(k)) issues.push({ kind: 'round_not_locked', round: r.key, team: tm.key });
    }
  if (votingStateOf(d.contest) === 'open') issues.push({ kind: 'voting_open' });
  const kindOf = new Map(d.prizes.map((p) => [p.key, p.kind]));
  for (const a of board.awards)
    if (a.provisional && kindOf.get(a.prize) !== 'special') issues.push({ kind: 'prize_provisional', prize: a.prize });
  return issues;
}
