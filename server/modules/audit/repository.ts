/** The audit's own reads: the stored sheets as they are, for the replay. */
import { eq, sql } from 'drizzle-orm';
import type { DbLike as Db } from '../../../db/client.js';
import * as t from '../../../db/schema.js';

/**
 * A contest's stored sheets for the audit replay, with the marks as their stored text: a row
 * whose JSON does not parse is reported by the replay instead of failing the whole query.
 */
export function contestSheetsRaw(db: Db, contestId: number) {
  return db
    .select({
      marks: sql<unknown>`${t.sheets.marks}`,
      totalHundredths: sql<unknown>`${t.sheets.totalHundredths}`,
      status: sql<unknown>`${t.sheets.status}`,
      version: sql<unknown>`${t.sheets.version}`,
      comment: sql<unknown>`${t.sheets.comment}`,
      round: t.rounds.key,
      team: t.teams.key,
      judge: t.judges.key,
    })
    .from(t.sheets)
    .innerJoin(t.rounds, eq(t.rounds.id, t.sheets.roundId))
    .innerJoin(t.teams, eq(t.teams.id, t.sheets.teamId))
    .innerJoin(t.judges, eq(t.judges.id, t.sheets.judgeId))
    .where(eq(t.rounds.contestId, contestId))
    .all();
}
