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
import * as repo from './repository.js';
import { loadContestData, scoreboardOf } from '../results/service.js';
import { appendEvent } from '../audit/log.js';
import { resultIssues } from '../results/closing.js';
import type { RevealPlan } from '../results/board.js';
import { findFreeze } from '../results/repository.js';
import { contestOr404, findRound, findTeam } from '../shared/lookups.js';
import { write } from '../../../db/client.js';

type StageRow = typeof t.stage.$inferInsert;

function writeStage(tx: Db, contestId: number, change: Partial<StageRow>, now: number) {
  const updatedAt = new Date(now).toISOString();
  tx.insert(t.stage)
    .values({ contestId, updatedAt, ...change })
    .onConflictDoUpdate({ target: t.stage.contestId, set: { updatedAt, ...change } })
    .run();
}

/** Who is on stage, the scene and the timer: GET /stage's answer (public). */
export function stageOf(db: Db, slug: string) {
  return repo.readStage(db, contestOr404(db, slug).id);
}

/** Puts a team of a round on stage; a new team starts with the round's timer, not running. */
export function setStage(db: Db, slug: string, roundKey: string | null, teamKey: string | null, now: number): Stage {
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
    writeStage(tx, contest.id, change, now);
    return repo.readStage(tx, contest.id);
  });
}

export function setScene(db: Db, slug: string, scene: Scene, now: number): Stage {
  return write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    writeStage(tx, contest.id, { scene }, now);
    return repo.readStage(tx, contest.id);
  });
}

/** Start, pause or reset the timer. The end time is the server's; every screen counts down to it. */
export function controlTimer(
  db: Db,
  slug: string,
  action: 'start' | 'pause' | 'reset',
  durationSec: number | undefined,
  now: number,
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
      writeStage(
        tx,
        contest.id,
        {
          timerDurationMs: durationSec ? durationSec * 1000 : (stage.timer.durationMs ?? fallback),
          timerEndsAt: new Date(now + Math.max(0, left)).toISOString(),
          timerRemainingMs: null,
        },
        now,
      );
    } else if (action === 'pause') {
      if (!endsAt) return stage;
      writeStage(tx, contest.id, { timerEndsAt: null, timerRemainingMs: Math.max(0, Date.parse(endsAt) - now) }, now);
    } else {
      writeStage(tx, contest.id, { timerDurationMs: fallback, timerEndsAt: null, timerRemainingMs: fallback }, now);
    }
    return repo.readStage(tx, contest.id);
  });
}

// ── freeze and reveal ────────────────────────────────────────────────────

/** Freezes the public board as it stands; later locks reach the organizer and host only. */
export function freeze(db: Db, slug: string, now: number): { frozen: true; frozenAt: string } {
  return write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    const existing = findFreeze(tx, contest.id);
    if (existing) return { frozen: true as const, frozenAt: existing.frozenAt };
    const board = scoreboardOf(loadContestData(tx, slug, now), 'public');
    const frozenAt = new Date(now).toISOString();
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
export function revealNext(db: Db, slug: string, opts: RevealOptions, actor: string, now: number): RevealState {
  if (opts.override && !opts.reason) throw new AppError('VALIDATION', 'reason', { rule: 'FIELD_REQUIRED' });
  return write(db, (tx) => {
    const contest = contestOr404(tx, slug);
    const row = findFreeze(tx, contest.id);
    if (!row) throw new AppError('NOT_FROZEN');
    const data = loadContestData(tx, slug, now);
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
      appendEvent(
        tx,
        {
          contestId: contest.id,
          actor,
          kind: 'reveal_override',
          subject: { contest: contest.slug },
          after: { issues },
          reason: opts.reason ?? null,
        },
        new Date(now).toISOString(),
      );
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
