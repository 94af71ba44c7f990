/**
 * The scoreboard as a delta (api.md "Live updates", the `hoithi.delta` subprotocol): what changed
 * between two boards, keyed by team id, and how a client applies it. Zod-free: the live hub
 * (server/plugins/live.ts) computes deltas with it and the browser applies them with it.
 */
import type { ScoreboardDelta } from './live.js';
import type { ScoreboardBody } from './results.js';

/** The WebSocket subprotocol a client offers to get scoreboard deltas in its updates. */
export const LIVE_DELTA_PROTOCOL = 'hoithi.delta';

type Row = ScoreboardBody['rows'][number];
type Fields = Omit<ScoreboardBody, 'rows'>;

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** Team id → row, or null when a team id appears twice (such a board only travels whole). */
function rowsByTeam(rows: readonly Row[]): Map<string, Row> | null {
  const map = new Map<string, Row>();
  for (const row of rows) {
    if (map.has(row.team)) return null;
    map.set(row.team, row);
  }
  return map;
}

/**
 * What turns `prev` into `next`: the rows that changed or are new (whole), the team ids whose rows
 * are gone, every team id in order when the order is not the old one minus the removed rows, the
 * other fields that changed and the optional ones no longer there. Null when the boards have a
 * team id twice, so that no delta can say it.
 */
export function diffScoreboard(prev: ScoreboardBody, next: ScoreboardBody): ScoreboardDelta | null {
  const before = rowsByTeam(prev.rows);
  const after = rowsByTeam(next.rows);
  if (!before || !after) return null;
  const delta: ScoreboardDelta = {};
  const rows = next.rows.filter((row) => {
    const old = before.get(row.team);
    return old === undefined || JSON.stringify(old) !== JSON.stringify(row);
  });
  if (rows.length > 0) delta.rows = rows;
  const removed = prev.rows.map((r) => r.team).filter((id) => !after.has(id));
  if (removed.length > 0) delta.removed = removed;
  const kept = prev.rows.map((r) => r.team).filter((id) => after.has(id));
  const order = next.rows.map((r) => r.team);
  if (!sameIds(kept, order)) delta.order = order;

  const { rows: _prevRows, ...prevFields } = prev;
  const { rows: _nextRows, ...nextFields } = next;
  const fields: Partial<Fields> = {};
  const unset: string[] = [];
  const keys = new Set([...Object.keys(prevFields), ...Object.keys(nextFields)] as (keyof Fields)[]);
  for (const key of keys) {
    const value = nextFields[key];
    if (value === undefined) {
      if (prevFields[key] !== undefined) unset.push(key);
    } else if (JSON.stringify(prevFields[key]) !== JSON.stringify(value)) {
      Object.assign(fields, { [key]: value });
    }
  }
  if (Object.keys(fields).length > 0) delta.fields = fields;
  if (unset.length > 0) delta.unset = unset;
  return delta;
}

/**
 * `board` with `delta` applied, or null when the delta does not fit the board (a team it removes
 * or orders that the board does not hold, a new row with no order): the client then asks for a
 * snapshot.
 */
export function applyScoreboardDelta(board: ScoreboardBody, delta: ScoreboardDelta): ScoreboardBody | null {
  const byTeam = rowsByTeam(board.rows);
  if (!byTeam) return null;
  for (const id of delta.removed ?? []) if (!byTeam.delete(id)) return null;
  for (const row of delta.rows ?? []) byTeam.set(row.team, row);
  const order = delta.order ?? board.rows.map((r) => r.team).filter((id) => byTeam.has(id));
  // Each team held exactly once: as many ids as rows, none twice.
  if (order.length !== byTeam.size || new Set(order).size !== order.length) return null;
  const rows: Row[] = [];
  for (const id of order) {
    const row = byTeam.get(id);
    if (row === undefined) return null;
    rows.push(row);
  }
  const next: ScoreboardBody = { ...board, ...delta.fields, rows };
  for (const key of delta.unset ?? []) delete (next as Partial<Record<string, unknown>>)[key];
  return next;
}
