/**
 * The standings of one round so far, from the public board: the knowledge round's points are
 * released as each question closes (scoring.md §7), so the big screen can rank the teams on them
 * between questions. Ranks are shared by equal scores (1, 1, 3); a team without a score in the
 * round, or no longer competing, has no rank.
 */
import type { ScoreboardBody } from '$contract/results';

type Row = ScoreboardBody['rows'][number];

export function roundStandings(board: ScoreboardBody, round: string): ScoreboardBody {
  const scoreOf = (row: Row) => {
    const v = row.rounds[round];
    return row.status === 'active' && v !== null && v !== undefined ? v : null;
  };
  const scored = board.rows.filter((r) => scoreOf(r) !== null);
  const rest = board.rows.filter((r) => scoreOf(r) === null);
  // Stable: equal scores keep the board's order (its tiebreaks), then the team key.
  const sorted = [...scored].sort((a, b) => scoreOf(b)! - scoreOf(a)!);
  const rows: Row[] = [];
  sorted.forEach((row, i) => {
    const score = scoreOf(row)!;
    const prev = rows[i - 1];
    const rank = prev && prev.total === score ? prev.rank : i + 1;
    rows.push({ ...row, rank, total: score, rounds: {}, prizes: [], pending: false, review: [] });
  });
  for (const row of rest)
    rows.push({ ...row, rank: null, total: row.rounds[round] ?? 0, rounds: {}, prizes: [], pending: true, review: [] });
  return { ...board, rows, awards: [], reveal: null };
}
