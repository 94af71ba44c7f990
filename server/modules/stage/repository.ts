/** The stage as stored: who is on, the scene and the timer. */
import { eq } from 'drizzle-orm';
import type { DbLike as Db } from '../../../db/client.js';
import * as t from '../../../db/schema.js';

const NO_TIMER = { durationMs: null, endsAt: null, remainingMs: null };

export function readStage(db: Db, contestId: number) {
  const row = db.select().from(t.stage).where(eq(t.stage.contestId, contestId)).get();
  if (!row) return { round: null, team: null, updatedAt: null, scene: 'scoreboard' as const, timer: NO_TIMER };
  const round = row.roundId
    ? db.select({ key: t.rounds.key }).from(t.rounds).where(eq(t.rounds.id, row.roundId)).get()
    : undefined;
  const team = row.teamId ? db.select({ key: t.teams.key }).from(t.teams).where(eq(t.teams.id, row.teamId)).get() : undefined;
  return {
    round: round?.key ?? null,
    team: team?.key ?? null,
    updatedAt: row.updatedAt,
    scene: row.scene,
    timer: { durationMs: row.timerDurationMs, endsAt: row.timerEndsAt, remainingMs: row.timerRemainingMs },
  };
}
