/**
 * Audience voting has a lifecycle: the host opens it, the audience votes (one vote per device)
 * while it is open, the host closes it, and only then is the audience prize decided. Opening again
 * after closing is allowed (a mistake, or a second voting period): it clears the close, and both
 * moves are score events, so the log tells when votes could be cast.
 */
import type { DbLike as Db } from '../../../db/client.js';
import type { VotingSummary } from '../../contract/votes.js';
import { AppError } from '../../lib/errors.js';
import { appendEvent } from '../audit/log.js';
import * as judging from '../judging/repository.js';
import { contestOr404 } from '../judging/service.js';
import * as repo from './repository.js';
import { votingStateOf } from './state.js';

type Contest = NonNullable<ReturnType<typeof judging.findContest>>;

/** The state and the counts per team that takes part (0 included); votes of others are not counted. */
export function votingSummary(db: Db, contest: Contest): VotingSummary {
  const state = votingStateOf(contest);
  const byTeam = repo.voteCounts(db, contest.id);
  const counts: Record<string, number> = {};
  let total = 0;
  for (const tm of judging.contestTeams(db, contest.id)) {
    const n = byTeam.get(tm.id) ?? 0;
    counts[tm.key] = n;
    total += n;
  }
  return {
    open: state === 'open',
    state,
    openedAt: contest.votingOpenedAt,
    closedAt: state === 'closed' ? contest.votingClosedAt : null,
    total,
    counts,
  };
}

export function readVoting(db: Db, slug: string): VotingSummary {
  return votingSummary(db, contestOr404(db, slug));
}

/** Opens voting; already open changes nothing; after a close it opens again (logged as a reopen). */
export function openVoting(db: Db, slug: string, actor: string, now = new Date().toISOString()): VotingSummary {
  return db.transaction(
    (tx) => {
      const contest = contestOr404(tx, slug);
      const before = votingStateOf(contest);
      if (before === 'open') return votingSummary(tx, contest);
      repo.setVotingWindow(tx, contest.id, { openedAt: now, closedAt: null });
      appendEvent(
        tx,
        {
          contestId: contest.id,
          actor,
          kind: 'voting_open',
          subject: { voting: 'audience' },
          before: { state: before, openedAt: contest.votingOpenedAt, closedAt: contest.votingClosedAt },
          after: { state: 'open', openedAt: now },
        },
        now,
      );
      return votingSummary(tx, contestOr404(tx, slug));
    },
    { behavior: 'immediate' },
  );
}

/** Closes voting: the audience prize is decided from now on. Never opened → 409 VOTING_CLOSED. */
export function closeVoting(db: Db, slug: string, actor: string, now = new Date().toISOString()): VotingSummary {
  return db.transaction(
    (tx) => {
      const contest = contestOr404(tx, slug);
      const before = votingStateOf(contest);
      if (before === 'closed') return votingSummary(tx, contest);
      if (before === 'idle') throw new AppError('VOTING_CLOSED');
      // Never before the opening it ends, even on a clock that stepped back.
      const closedAt = now < contest.votingOpenedAt! ? contest.votingOpenedAt! : now;
      repo.setVotingWindow(tx, contest.id, { openedAt: contest.votingOpenedAt, closedAt });
      const summary = votingSummary(tx, contestOr404(tx, slug));
      appendEvent(
        tx,
        {
          contestId: contest.id,
          actor,
          kind: 'voting_close',
          subject: { voting: 'audience' },
          before: { state: before, openedAt: contest.votingOpenedAt },
          // The count at the close is part of the record: the audience prize is decided on it.
          after: { state: 'closed', closedAt, total: summary.total, counts: summary.counts },
        },
        closedAt,
      );
      return summary;
    },
    { behavior: 'immediate' },
  );
}

/** One vote per device, only while voting is open. */
export function castVote(db: Db, slug: string, teamKey: string, deviceHash: string): { team: string } {
  return db.transaction(
    (tx) => {
      const contest = contestOr404(tx, slug);
      if (votingStateOf(contest) !== 'open') throw new AppError('VOTING_CLOSED');
      const team = judging.findTeam(tx, contest.id, teamKey);
      if (!team) throw new AppError('TEAM_NOT_FOUND', 'team');
      if (team.status !== 'active') throw new AppError('TEAM_WITHDRAWN', 'team');
      if (!repo.insertVote(tx, contest.id, deviceHash, team.id)) throw new AppError('ALREADY_VOTED');
      return { team: team.key };
    },
    { behavior: 'immediate' },
  );
}

export function myVote(db: Db, slug: string, deviceHash: string): string | null {
  return repo.deviceVote(db, contestOr404(db, slug).id, deviceHash) ?? null;
}
