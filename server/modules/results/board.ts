/**
 * The board each view sees: the organizer the live board, the host released results, the public
 * released results as they stood at the freeze, with the reveal's progress. The stage freezes and
 * reveals; this module only reads what it stored.
 */
import type { DbLike as Db } from '../../../db/client.js';
import type { ScoreboardBody } from '../../contract/results.js';
import { contestOr404 } from '../shared/lookups.js';
import { votingStateOf } from '../votes/state.js';
import { findFreeze } from './repository.js';
import { contestDataNow, scoreboardOf, type BoardView, type ContestData } from './service.js';

/** The order of the reveal, planned at its first step from the final board. */
export interface RevealPlan {
  final: ScoreboardBody;
  steps: ({ kind: 'team'; team: string } | { kind: 'prize'; prize: string })[];
}

/**
 * What the public sees while frozen: the frozen board, and as the reveal goes on, the revealed
 * teams (from the bottom) with their final rows and ranks, under the teams still hidden, which
 * keep their frozen rows without a rank. Prizes appear as they are revealed.
 */
export function frozenPublicBoard(row: NonNullable<ReturnType<typeof findFreeze>>): ScoreboardBody {
  const frozen = JSON.parse(row.board) as ScoreboardBody;
  if (!row.reveal) return { ...frozen, frozen: true, reveal: null };
  const plan = JSON.parse(row.reveal) as RevealPlan;
  const done = plan.steps.slice(0, row.revealPos);
  const revealedTeams = new Set(done.flatMap((s) => (s.kind === 'team' ? [s.team] : [])));
  const revealedPrizes = new Set(done.flatMap((s) => (s.kind === 'prize' ? [s.prize] : [])));
  const finalRows = plan.final.rows.map((r) => ({ ...r, prizes: r.prizes.filter((p) => revealedPrizes.has(p)) }));
  // Teams still to be revealed keep their frozen rows, in the frozen order (the final order would
  // give the result away), without a rank; a team that had no score at the freeze is one of them.
  const toReveal = new Set(plan.final.rows.filter((r) => r.rank !== null && !revealedTeams.has(r.team)).map((r) => r.team));
  const hidden = frozen.rows.filter((r) => toReveal.has(r.team)).map((r) => ({ ...r, rank: null, prizes: [] as string[] }));
  const shown = finalRows.filter((r) => revealedTeams.has(r.team));
  const inactive = finalRows.filter((r) => r.rank === null);
  return {
    ...plan.final,
    seq: Math.max(frozen.seq, plan.final.seq),
    frozen: true,
    rows: [...hidden, ...shown, ...inactive],
    awards: plan.final.awards.filter((a) => revealedPrizes.has(a.prize)),
    reveal: { pos: row.revealPos, total: plan.steps.length, step: plan.steps[row.revealPos - 1] ?? null },
  };
}

/**
 * The board a view sees now: the public one honours the freeze and the reveal. `load` lets a
 * caller computing several views share one read of the contest.
 */
export function boardFor(db: Db, slug: string, view: BoardView, load: () => ContestData): ScoreboardBody {
  const contest = contestOr404(db, slug);
  const row = findFreeze(db, contest.id);
  // The frozen board keeps the results of its moment but says where voting stands now.
  if (row && view === 'public') return { ...frozenPublicBoard(row), voting: votingStateOf(contest) };
  const data = load();
  const board = scoreboardOf(data, view);
  if (!row) return board;
  const reveal = row.reveal ? frozenPublicBoard(row).reveal : null;
  return { ...board, frozen: true, reveal };
}

/** The board a view sees at `nowMs`: the scoreboard route's answer (and the public reads' on the primary). */
export function boardNow(db: Db, slug: string, view: BoardView, nowMs: number): ScoreboardBody {
  return boardFor(db, slug, view, () => contestDataNow(db, slug, nowMs));
}
