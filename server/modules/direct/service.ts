/**
 * Direct rounds (scoring.md §2): the host or organizer enters one score per team, with a reason
 * (bonus or penalty points, or a round judged on paper). Entered in public, so released at once.
 */
import { write, type DbLike as Db } from '../../../db/client.js';
import { isHundredths, toHundredths } from '../../contract/package.js';
import type { DirectScore } from '../../contract/results.js';
import { AppError } from '../../lib/errors.js';
import { appendEvent } from '../audit/log.js';
import { contestOr404, findLock, roundOr404, teamOr404 } from '../shared/lookups.js';
import { findDirectScore, upsertDirectScore } from './repository.js';

export function enterDirectScore(
  db: Db,
  slug: string,
  roundKey: string,
  teamKey: string,
  score: number,
  reason: string,
  actor: string,
  now: string,
): DirectScore {
  return write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    const round = roundOr404(tx, contest.id, roundKey);
    if (round.kind !== 'direct') throw new AppError('NOT_A_DIRECT_ROUND', 'round');
    const team = teamOr404(tx, contest.id, teamKey);
    // A locked result is final until it is unlocked for review (with a reason).
    if (findLock(tx, round.id, team.id)) throw new AppError('RESULT_LOCKED');
    const max = round.maxHundredths ?? 0;
    const step = round.stepHundredths ?? 1;
    if (!Number.isFinite(score) || score < 0 || score > max / 100)
      throw new AppError('VALIDATION', 'score', { rule: 'MARK_OUT_OF_RANGE', max: max / 100 });
    // Off the step, also with more than two decimals: the message names the step.
    if (!isHundredths(score) || toHundredths(score) % step !== 0)
      throw new AppError('VALIDATION', 'score', { rule: 'MARK_OFF_STEP', step: step / 100 });
    const before = findDirectScore(tx, round.id, team.id);
    const row = { roundId: round.id, teamId: team.id, scoreHundredths: toHundredths(score), reason, updatedAt: now };
    upsertDirectScore(tx, row);
    appendEvent(
      tx,
      {
        contestId: contest.id,
        actor,
        kind: 'direct',
        subject: { round: round.key, team: team.key },
        before: before ? { score: before.scoreHundredths } : null,
        after: { score: row.scoreHundredths },
        reason,
      },
      now,
    );
    return { round: round.key, team: team.key, score, reason };
  });
}
