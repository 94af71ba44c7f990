/**
 * results.csv: the standings with every judge's sheet totals, for a spreadsheet. UTF-8 with a BOM
 * (so Excel reads the diacritics), CRLF, RFC 4180 quoting, and cells that a spreadsheet would run
 * as a formula neutralised with a leading apostrophe.
 */
import { own } from '../../contract/dict.js';
import type { ResultsTable } from '../results/table.js';
import { fmtNumber, labelsFor, prizeList, type Lang } from './labels.js';

const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** A cell a spreadsheet would read as a formula (=, +, -, @, tab, CR) gets a leading apostrophe. */
export function neutralise(value: string): string {
  if (value === '' || PLAIN_NUMBER.test(value)) return value;
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF; quotes doubled. */
export function csvField(value: string): string {
  const safe = neutralise(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',');
}

/** The columns shared by the CSV and the XLSX standings: which value each one takes from a row. */
export type Column =
  | { kind: 'rank' | 'teamKey' | 'team' | 'unit' | 'total' | 'prizes'; header: string }
  | { kind: 'judge'; header: string; round: string; judge: string }
  | { kind: 'round'; header: string; round: string };

export function standingsColumns(table: ResultsTable, lang: Lang, withJudges: boolean): Column[] {
  const L = labelsFor(lang);
  const cols: Column[] = [
    { kind: 'rank', header: L.rank },
    { kind: 'teamKey', header: L.teamKey },
    { kind: 'team', header: L.team },
    { kind: 'unit', header: L.unit },
  ];
  for (const round of table.rounds) {
    if (withJudges && round.kind === 'rubric')
      for (const j of table.judges)
        cols.push({ kind: 'judge', header: `${round.title} – ${j.name}`, round: round.key, judge: j.key });
    cols.push({ kind: 'round', header: round.title, round: round.key });
  }
  cols.push({ kind: 'total', header: L.total }, { kind: 'prizes', header: L.prizes });
  return cols;
}

/** What a row shows in the team's own columns (key, name, unit): the same text in the CSV and the XLSX. */
export function teamCell(row: ResultsTable['rows'][number], kind: 'teamKey' | 'team' | 'unit'): string {
  return kind === 'teamKey' ? row.team : kind === 'team' ? row.name : row.unit;
}

/** Rows in rank order, withdrawn and disqualified teams last (the engine already lists them so). */
export function orderedRows(table: ResultsTable): ResultsTable['rows'] {
  const active = table.rows.filter((r) => r.status === 'active');
  return [...active, ...table.rows.filter((r) => r.status !== 'active')];
}

export function renderResultsCsv(table: ResultsTable, lang: Lang): string {
  const L = labelsFor(lang);
  const d = table.contest.decimals;
  const cols = standingsColumns(table, lang, true);
  const lines = [csvLine(cols.map((c) => c.header))];
  for (const row of orderedRows(table)) {
    const cells = cols.map((c): string => {
      switch (c.kind) {
        case 'rank':
          return row.status === 'active' && row.rank !== null ? String(row.rank) : '';
        case 'teamKey':
        case 'team':
        case 'unit':
          return teamCell(row, c.kind);
        case 'judge': {
          const v = own(own(row.judgeTotals, c.round), c.judge) ?? null;
          return v === null ? '' : v === 'conflict' ? L.conflictShort : fmtNumber(v, d, 'plain', true);
        }
        case 'round': {
          const v = own(row.rounds, c.round) ?? null;
          return v === null ? '' : fmtNumber(v, d, 'plain');
        }
        case 'total':
          return fmtNumber(row.total, d, 'plain');
        case 'prizes':
          return prizeList(table, row.team, lang);
      }
    });
    lines.push(csvLine(cells));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
