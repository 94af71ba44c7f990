/** Pure look-ups over the results table and the what-if boards (no runes: plain data in, plain data out). */
import type { Outlier, ResultsTable, ScoreboardBody } from './api';

export const cellKey = (round: string, team: string, judge: string) => `${round}\u0000${team}\u0000${judge}`;

/** Outliers by round, team and judge. */
export function outlierIndex(outliers: readonly Outlier[]): ReadonlyMap<string, Outlier> {
  return new Map(outliers.map((o) => [cellKey(o.round, o.team, o.judge), o]));
}

/** A judge's number in the panel (1-based), for "GK3". */
export function judgeNumbers(table: ResultsTable): ReadonlyMap<string, number> {
  return new Map(table.judges.map((j, i) => [j.key, i + 1]));
}

export interface TeamPrize {
  key: string;
  title: string;
  provisional: boolean;
  member?: string;
}

/** Every prize a team holds or is about to hold, in the contest's order of prizes. */
export function prizesByTeam(table: ResultsTable): ReadonlyMap<string, TeamPrize[]> {
  const map = new Map<string, TeamPrize[]>();
  for (const prize of table.prizes) {
    for (const w of prize.winners) {
      const list = map.get(w.team) ?? [];
      list.push({ key: prize.key, title: prize.title, provisional: prize.provisional, member: w.member });
      map.set(w.team, list);
    }
  }
  return map;
}

export interface RankChange {
  team: string;
  /** Places gained under the preview (negative: lost); null when a side has no rank. */
  delta: number | null;
}

/** Each preview row's change of rank against the current board. */
export function rankChanges(current: ScoreboardBody, preview: ScoreboardBody): ReadonlyMap<string, RankChange> {
  const before = new Map(current.rows.map((r) => [r.team, r.rank]));
  const out = new Map<string, RankChange>();
  for (const row of preview.rows) {
    const was = before.get(row.team) ?? null;
    out.set(row.team, { team: row.team, delta: was === null || row.rank === null ? null : was - row.rank });
  }
  return out;
}
