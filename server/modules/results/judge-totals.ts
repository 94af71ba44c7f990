import { and, asc, eq } from 'drizzle-orm';
import type { DbLike as Db } from '../../../db/client.js';
import * as t from '../../../db/schema.js';
import { findLock, findRound, findTeam, hasConflict } from '../shared/lookups.js';

/**
 * Each judge's submitted sheet total for the team on stage, for the big screen's result scene:
 * only when the organizer chose to show them, only for a rubric round, and only once the host has
 * locked that team's round (before the lock the marks are sealed).
 */
export function releasedJudgeTotals(
  db: Db,
  contest: typeof t.contests.$inferSelect,
  stage: { round: string | null; team: string | null },
): { round: string; team: string; judges: { judge: string; name: string; total: number | null; conflict: boolean }[] } | null {
  if (!contest.showJudgeTotals || !stage.round || !stage.team) return null;
  const round = findRound(db, contest.id, stage.round);
  const team = findTeam(db, contest.id, stage.team);
  if (!round || !team || round.kind !== 'rubric' || !findLock(db, round.id, team.id)) return null;
  const judges = db.select().from(t.judges).where(eq(t.judges.contestId, contest.id)).orderBy(asc(t.judges.position)).all();
  const sheets = db
    .select()
    .from(t.sheets)
    .where(and(eq(t.sheets.roundId, round.id), eq(t.sheets.teamId, team.id), eq(t.sheets.status, 'submitted')))
    .all();
  return {
    round: round.key,
    team: team.key,
    judges: judges.map((j) => {
      const conflict = hasConflict(db, j.id, team.id);
      const sheet = sheets.find((s) => s.judgeId === j.id);
      return { judge: j.key, name: j.name, total: !conflict && sheet ? sheet.totalHundredths / 100 : null, conflict };
    }),
  };
}
