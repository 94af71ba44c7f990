/** The audit's own reads: the stored sheets as they are, for the replay. */
import { sql } from 'drizzle-orm';
import type { DbLike as Db } from '../../../db/client.js';
import * as t from '../../../db/schema.js';
import { contestSheetsWith } from '../shared/lookups.js';

/**
 * A contest's stored sheets for the audit replay, with the marks as their stored text: a row
 * whose JSON does not parse is reported by the replay instead of failing the whole query.
 */
export function contestSheetsRaw(db: Db, contestId: number) {
  return contestSheetsWith(db, contestId, {
    marks: sql<unknown>`${t.sheets.marks}`,
    totalHundredths: sql<unknown>`${t.sheets.totalHundredths}`,
    status: sql<unknown>`${t.sheets.status}`,
    version: sql<unknown>`${t.sheets.version}`,
    comment: sql<unknown>`${t.sheets.comment}`,
  });
}
