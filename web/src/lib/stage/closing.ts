/**
 * Closing the results, as the pages read it: which rows have no score yet (no rank, no prize), a
 * board with no score at all, the extra fields of the closing errors (ROUND_INCOMPLETE names the
 * teams lacking sheets, RESULTS_NOT_FINAL the issues), and the reveal's checklist grouped for
 * reading. Plain data in, plain data out.
 */
import type { IncompleteTeam, ResultIssue, ScoreboardBody } from '$contract/results';
import { ApiError } from '$lib/api';

type Row = ScoreboardBody['rows'][number];

/** A team still in the contest with no score in any round: no rank, no prize, "chưa có điểm". */
export function unscored(row: Row): boolean {
  return row.status === 'active' && row.rank === null && Object.values(row.rounds).every((v) => v === null || v === undefined);
}

/**
 * The teams the running reveal has not announced yet. The public board lists them first, without
 * a rank, above the teams already announced (from the last place up) and the teams with no score;
 * a team that had no score at the freeze may be one of them.
 */
export function revealMasked(board: ScoreboardBody): ReadonlySet<string> {
  const masked = new Set<string>();
  if (!board.reveal) return masked;
  for (const row of board.rows) {
    if (row.rank !== null) break;
    if (row.status === 'active') masked.add(row.team);
  }
  // Nobody announced yet (no ranked row follows): nothing to tell apart, nothing masked.
  return board.rows.some((r) => r.rank !== null) ? masked : new Set();
}

/** True when some team has a released score: until then a board is an honest empty state. */
export function hasScores(board: ScoreboardBody): boolean {
  return board.rows.some((r) => r.rank !== null || Object.values(r.rounds).some((v) => v !== null && v !== undefined));
}

/** The round keys of a row under review ("đang xem xét"), none when the server sends none. */
export function underReview(row: Row): readonly string[] {
  return row.review ?? [];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The teams of a ROUND_INCOMPLETE answer, or null for any other failure. */
export function incompleteTeamsOf(err: unknown): IncompleteTeam[] | null {
  if (!(err instanceof ApiError) || err.code !== 'ROUND_INCOMPLETE') return null;
  const teams = err.extra['teams'];
  if (!Array.isArray(teams)) return [];
  return teams.flatMap((v: unknown) => {
    if (!isRecord(v)) return [];
    if (typeof v['team'] !== 'string' || !isStrings(v['missing'])) return [];
    return [{ team: v['team'], name: typeof v['name'] === 'string' ? v['name'] : v['team'], missing: v['missing'] }];
  });
}

const KINDS: readonly ResultIssue['kind'][] = ['round_not_locked', 'under_review', 'voting_open', 'prize_provisional'];
const isKind = (v: unknown): v is ResultIssue['kind'] => KINDS.some((k) => k === v);

/** The issues of a RESULTS_NOT_FINAL answer, or null for any other failure. */
export function resultIssuesOf(err: unknown): ResultIssue[] | null {
  if (!(err instanceof ApiError) || err.code !== 'RESULTS_NOT_FINAL') return null;
  const issues = err.extra['issues'];
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((v: unknown) => {
    if (!isRecord(v)) return [];
    const kind = v['kind'];
    if (!isKind(kind)) return [];
    const issue: ResultIssue = { kind };
    if (typeof v['round'] === 'string') issue.round = v['round'];
    if (typeof v['team'] === 'string') issue.team = v['team'];
    if (typeof v['prize'] === 'string') issue.prize = v['prize'];
    return [issue];
  });
}

/** One line of the reveal's checklist. */
export type CheckLine =
  | { kind: 'round_not_locked' | 'under_review'; round: string; teams: string[] }
  | { kind: 'voting_open' }
  | { kind: 'prize_provisional'; prizes: string[] };

/**
 * The checklist, grouped: per round the teams not locked, then per round the teams under review,
 * open voting, and the provisional prizes together; in the contest's order of rounds.
 */
export function groupIssues(issues: readonly ResultIssue[], roundOrder: readonly string[]): CheckLine[] {
  const byRound = (kind: 'round_not_locked' | 'under_review'): CheckLine[] => {
    const map = new Map<string, string[]>();
    for (const i of issues) {
      if (i.kind !== kind || i.round === undefined) continue;
      const list = map.get(i.round) ?? [];
      if (i.team !== undefined) list.push(i.team);
      map.set(i.round, list);
    }
    const rank = (r: string) => {
      const n = roundOrder.indexOf(r);
      return n < 0 ? roundOrder.length : n;
    };
    return [...map.entries()].sort((a, b) => rank(a[0]) - rank(b[0])).map(([round, teams]) => ({ kind, round, teams }));
  };
  const lines: CheckLine[] = [...byRound('round_not_locked'), ...byRound('under_review')];
  if (issues.some((i) => i.kind === 'voting_open')) lines.push({ kind: 'voting_open' });
  const prizes = [...new Set(issues.flatMap((i) => (i.kind === 'prize_provisional' && i.prize ? [i.prize] : [])))];
  if (prizes.length > 0) lines.push({ kind: 'prize_provisional', prizes });
  return lines;
}

/** "A, B, C and 4 others": at most `max` names, then a count. */
export function someNames(names: readonly string[], max: number, more: (n: number) => string): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} ${more(names.length - max)}`;
}
