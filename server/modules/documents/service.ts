/** What the documents are made from: one contest's exact data, its results table, and its log. */
import type { DbLike as Db } from '../../../db/client.js';
import { listEvents } from '../audit/log.js';
import { loadContestData } from '../results/service.js';
import { buildResultsTable } from '../results/table.js';
import { changesAfterMarking } from './changes.js';

/** The contest's data, its results table as of `now`, and the teams in running order. */
export function documentSource(db: Db, slug: string, now: string) {
  const data = loadContestData(db, slug, Date.parse(now));
  return { data, table: buildResultsTable(db, slug, data, now), teamOrder: data.teams.map((tm) => tm.key) };
}

/** Every change made after marking began, for the minutes. */
export function changesForMinutes(db: Db, contestId: number) {
  return changesAfterMarking(listEvents(db, contestId));
}
