/**
 * The run of show: who is on stage, the big-screen scene, the round timer held by the server, and
 * the freeze and reveal of the public board (scoring.md §6).
 */
import { eq } from 'drizzle-orm';
import type { DbLike as Db } from '../../../db/client.js';
import * as t from '../../../db/schema.js';
import type { Scene, Stage } from '../../contract/judging.js';
import type { RevealState, ScoreboardBody } from '../../contract/results.js';
import { AppError } from '../../lib/errors.js';
import * as repo from '../judging/repository.js';
import { loadContestData, scoreboardOf, type BoardView, type ContestData } from '../results/service.js';
import { votingStateOf } from '../votes/state.js';
import { appendEvent } from '../audit/log.js';
import { resultIssues } from '../results/closing.js';
import { contestOr404, findRound, findTeam } from '../shared/lookups.js';
import { write } from '../../../db/client.js';

type StageRow = typeof t.stage.$inferInsert;

function writeStage(tx: Db, contestId: number, change: Partial<StageRow>) {
  const updatedAt = new Date().toISOString();
  tx.insert(t.stage)
    .values({ contestId, updatedAt, ...change })
    .onConflictDoUpdate({ target: t.stage.contestId, set: { updatedAt, ...change } })
    .run();
}

/** Puts a team of a round on stage; a new team starts with the round's timer, not running. */
export function setStage(db: Db, slug: string, roundKey: string | null, teamKey: string | null): Stage {
  return write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    const round = roundKey === null ? null : findRound(tx, contest.id, roundKey);
    if (roundKey !== null && !round) throw new AppError('ROUND_NOT_FOUND', 'round');
    const team = teamKey === null ? null : findTeam(tx, contest.id, teamKey);
    if (teamKey !== null && !team) throw new AppError('TEAM_NOT_FOUND', 'team');
    const before = repo.readStage(tx, contest.id);
    const change: Partial<StageRow> = { roundId: round?.id ?? null, teamId: team?.id ?? null };
    if (before.round !== (round?.key ?? null) || before.team !== (team?.key ?? null)) {
      const duration = round?.timeLimitSec ? round.timeLimitSec * 1000 : null;
      Object.assign(change, { timerDurationMs: duration, timerEndsAt: null, timerRemainingMs: duration });
    }
    writeStage(tx, contest.id, change);
    return repo.readStage(tx, contest.id);
  });
}

export function setScene(db: Db, slug: string, scene: Scene): Stage {
  return write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    writeStage(tx, contest.id, { scene });
    return repo.readStage(tx, contest.id);
  });
}

/** Start, pause or reset the timer. The end time is the server's; every screen counts down to it. */
export function controlTimer(
  db: Db,
  slug: string,
  action: 'start' | 'pause' | 'reset',
  durationSec?: number,
  now = Date.now(),
): Stage {
  return write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    const stage = repo.readStage(tx, contest.id);
    const round = stage.round ? findRound(tx, contest.id, stage.round) : undefined;
    const fallback = durationSec ? durationSec * 1000 : (stage.timer.durationMs ?? (round?.timeLimitSec ?? 300) * 1000);
    const { endsAt, remainingMs } = stage.timer;
    if (action === 'start') {
      if (endsAt) return stage; // already running
      const left = durationSec ? durationSec * 1000 : (remainingMs ?? fallback);
      writeStage(tx, contest.id, {
        timerDurationMs: durationSec ? durationSec * 1000 : (stage.timer.durationMs ?? fallback),
        timerEndsAt: new Date(now + Math.max(0, left)).toISOString(),
        timerRemainingMs: null,
      });
    } else if (action === 'pause') {
      if (!endsAt) return stage;
      writeStage(tx, contest.id, { timerEndsAt: null, timerRemainingMs: Math.max(0, Date.parse(endsAt) - now) });
    } else {
      writeStage(tx, contest.id, { timerDurationMs: fallback, timerEndsAt: null, timerRemainingMs: fallback });
    }
    return repo.readStage(tx, contest.id);
  });
}

// ── freeze and reveal ────────────────────────────────────────────────────

interface RevealPlan {
  final: ScoreboardBody;
  steps: ({ kind: 'team'; team: string } | { kind: 'prize'; prize: string })[];
}

export function readFreeze(db: Db, contestId: number) {
  return db.select().from(t.freezes).where(eq(t.freezes.contestId, contestId)).get();
}

/** Freezes the public board as it stands; later locks reach the organizer and host only. */
export function freeze(db: Db, slug: string): { frozen: true; frozenAt: string } {
  return write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    const existing = readFreeze(tx, contest.id);
    if (existing) return { frozen: true as const, frozenAt: existing.frozenAt };
    const board = scoreboardOf(loadContestData(tx, slug), 'public');
    const frozenAt = new Date().toISOString();
    tx.insert(t.freezes)
      .values({ contestId: contest.id, frozenAt, board: JSON.stringify(board) })
      .run();
    return { frozen: true as const, frozenAt };
  });
}

export function unfreeze(db: Db, slug: string): { frozen: false } {
  write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    tx.delete(t.freezes).where(eq(t.freezes.contestId, contest.id)).run();
  });
  return { frozen: false };
}

/**
 * The reveal: first every team from the last place up, then the prizes — side prizes, then the
 * overall prizes from the last to the first — one step per click. The final board is the
 * released board at the moment the reveal starts.
 */
function planReveal(final: ScoreboardBody, prizeOrder: { key: string; kind: string }[]): RevealPlan {
  const ranked = final.rows.filter((r) => r.rank !== null);
  const teamSteps = [...ranked].reverse().map((r) => ({ kind: 'team' as const, team: r.team }));
  const decided = new Set(final.awards.filter((a) => !a.provisional && a.teams.length > 0).map((a) => a.prize));
  const side = prizeOrder.filter((p) => p.kind !== 'overall' && decided.has(p.key));
  const overall = prizeOrder.filter((p) => p.kind === 'overall' && decided.has(p.key)).reverse();
  return { final, steps: [...teamSteps, ...[...side, ...overall].map((p) => ({ kind: 'prize' as const, prize: p.key }))] };
}

export interface RevealOptions {
  override?: true | undefined;
  reason?: string | undefined;
}

/** The board a plan was made from, without what changes on every event. */
const boardShape = (b: ScoreboardBody) => JSON.stringify({ rows: b.rows, awards: b.awards });

/**
 * Keeps the steps already taken and plans the rest from the current board: a team unlocked and
 * locked again before its turn is revealed with its new result.
 */
function replan(plan: RevealPlan, pos: number, current: RevealPlan): RevealPlan {
  const done = plan.steps.slice(0, pos);
  const shown = new Set(done.map((s) => (s.kind === 'team' ? `team:${s.team}` : `prize:${s.prize}`)));
  const rest = current.steps.filter((s) => !shown.has(s.kind === 'team' ? `team:${s.team}` : `prize:${s.prize}`));
  const teamsLeft = rest.filter((s) => s.kind === 'team');
  const prizesLeft = rest.filter((s) => s.kind === 'prize');
  return { final: current.final, steps: [...done, ...teamsLeft, ...prizesLeft] };
}

/**
 * One step of the reveal. The first step is refused (409 RESULTS_NOT_FINAL with the checklist)
 * while the results are not final, unless overridden with a reason, which is logged; a later step
 * waits while a result is under review. If the released board changed since the plan was made,
 * the steps not yet taken are planned again.
 */
export function revealNext(db: Db, slug: string, opts: RevealOptions = {}, actor = 'staff:?'): RevealState {
  if (opts.override && !opts.reason) throw new AppError('VALIDATION', 'reason', { rule: 'FIELD_REQUIRED' });
  return write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    const row = readFreeze(tx, contest.id);
    if (!row) throw new AppError('NOT_FROZEN');
    const data = loadContestData(tx, slug);
    const board = scoreboardOf(data, 'host');
    const fresh = planReveal(
      board,
      data.prizes.map((p) => ({ key: p.key, kind: p.kind })),
    );
    const all = resultIssues(data, board);
    // Once running, only a result reopened for review holds the reveal back.
    const issues = row.reveal ? all.filter((i) => i.kind === 'under_review') : all;
    if (issues.length > 0) {
      if (!opts.override) throw new AppError('RESULTS_NOT_FINAL', undefined, {}, { issues });
      appendEvent(tx, {
        contestId: contest.id,
        actor,
        kind: 'reveal_override',
        subject: { contest: contest.slug },
        after: { issues },
        reason: opts.reason ?? null,
      });
    }
    let plan: RevealPlan;
    if (!row.reveal) plan = fresh;
    else {
      plan = JSON.parse(row.reveal) as RevealPlan;
      if (boardShape(plan.final) !== boardShape(fresh.final)) plan = replan(plan, row.revealPos, fresh);
    }
    const pos = Math.min(row.revealPos + 1, plan.steps.length);
    tx.update(t.freezes)
      .set({ reveal: JSON.stringify(plan), revealPos: pos })
      .where(eq(t.freezes.contestId, contest.id))
      .run();
    return { pos, total: plan.steps.length, step: plan.steps[pos - 1] ?? null };
  });
}

/**
 * What the public sees while frozen: the frozen board, and as the reveal goes on, the revealed
 * teams (from the bottom) with their final rows and ranks, under the teams still hidden, which
 * keep their frozen rows without a rank. Prizes appear as they are revealed.
 */
export function frozenPublicBoard(row: NonNullable<ReturnType<typeof readFreeze>>): ScoreboardBody {
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
export function boardFor(
  db: Db,
  slug: string,
  view: BoardView,
  load: () => ContestData = () => loadContestData(db, slug),
): ScoreboardBody {
  const contest = contestOr404(db, slug);
  const row = readFreeze(db, contest.id);
  // The frozen board keeps the results of its moment but says where voting stands now.
  if (row && view === 'public') return { ...frozenPublicBoard(row), voting: votingStateOf(contest) };
  const data = load();
  const board = scoreboardOf(data, view);
  if (!row) return board;
  const reveal = row.reveal ? frozenPublicBoard(row).reveal : null;
  return { ...board, frozen: true, reveal };
}
