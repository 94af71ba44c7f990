/**
 * results.xlsx: the standings on a first sheet, then one sheet per rubric round with every judge's
 * marks per criterion. Numbers are real numbers with the contest's decimals as number format.
 */
import { own } from '../../contract/dict.js';
import ExcelJS from 'exceljs';
import type { ResultsTable } from '../results/table.js';
import { orderedRows, standingsColumns, teamCell } from './csv.js';
import { labelsFor, prizeList, type Lang } from './labels.js';

const MAX_SHEET_NAME = 31;

/**
 * Excel's rules for a sheet name: at most 31 characters, none of []:*?/\, not starting or ending
 * with an apostrophe, unique without regard to case.
 */
export function sheetName(wanted: string, taken: Set<string>, fallback: string): string {
  let base = wanted
    .replace(/[[\]:*?/\\]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^'+|'+$/g, '')
    .trim();
  if (!base) base = fallback;
  const cut = (s: string, n: number) => [...s].slice(0, n).join('').trim();
  let name = cut(base, MAX_SHEET_NAME);
  for (let i = 2; taken.has(name.toLocaleLowerCase()); i++) {
    const suffix = ` (${i})`;
    name = `${cut(base, MAX_SHEET_NAME - suffix.length)}${suffix}`;
  }
  taken.add(name.toLocaleLowerCase());
  return name;
}

const numFmtOf = (decimals: number) => (decimals > 0 ? `0.${'0'.repeat(decimals)}` : '0');

function styleHeader(ws: ExcelJS.Worksheet) {
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
  ws.views = [{ state: 'frozen', xSplit: 0, ySplit: 1, activeCell: 'A2' }];
}

export interface XlsxOptions {
  lang: Lang;
  /** Team keys in the contest's order, for the round sheets; rank order when absent. */
  teamOrder?: readonly string[];
}

export async function renderResultsXlsx(table: ResultsTable, opts: XlsxOptions): Promise<Buffer> {
  const { lang } = opts;
  const L = labelsFor(lang);
  const d = table.contest.decimals;
  const numFmt = numFmtOf(d);
  // Sheet totals and marks are exact hundredths: never show fewer places than they hold.
  const rawFmt = numFmtOf(Math.max(d, 2));

  const wb = new ExcelJS.Workbook();
  wb.creator = 'hoithi';
  wb.lastModifiedBy = 'hoithi';
  wb.title = `${table.contest.title} – ${L.standingsSheet}`;
  wb.company = table.contest.organizer;
  wb.created = new Date(table.generatedAt);
  wb.modified = new Date(table.generatedAt);
  const taken = new Set<string>();

  // ── standings ──
  const standings = wb.addWorksheet(sheetName(L.standingsSheet, taken, L.standingsSheet));
  const cols = standingsColumns(table, lang, false);
  standings.columns = cols.map((c) => ({
    header: c.header,
    key: c.kind === 'round' ? `round:${c.round}` : c.kind,
    width:
      c.kind === 'rank'
        ? 7
        : c.kind === 'teamKey'
          ? 14
          : c.kind === 'team' || c.kind === 'unit'
            ? 38
            : c.kind === 'prizes'
              ? 40
              : Math.min(24, Math.max(12, c.header.length + 2)),
  }));
  for (const row of orderedRows(table)) {
    const values: (string | number | null)[] = cols.map((c) => {
      switch (c.kind) {
        case 'rank':
          return row.status === 'active' ? row.rank : null;
        case 'teamKey':
        case 'team':
        case 'unit':
          return teamCell(row, c.kind);
        case 'round':
          return own(row.rounds, c.round) ?? null;
        case 'total':
          return row.total;
        case 'prizes':
          return prizeList(table, row.team, lang) || null;
        case 'judge':
          return null;
      }
    });
    standings.addRow(values);
  }
  cols.forEach((c, i) => {
    if (c.kind === 'round' || c.kind === 'total') standings.getColumn(i + 1).numFmt = numFmt;
    if (c.kind === 'rank') standings.getColumn(i + 1).alignment = { horizontal: 'center' };
  });
  styleHeader(standings);
  standings.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };

  // ── one sheet per rubric round ──
  const byTeam = new Map(table.rows.map((r) => [r.team, r]));
  const order = opts.teamOrder?.filter((k) => byTeam.has(k)) ?? table.rows.map((r) => r.team);
  table.rounds
    .filter((r) => r.kind === 'rubric')
    .forEach((round, i) => {
      const ws = wb.addWorksheet(sheetName(round.title, taken, L.roundSheetFallback(i + 1)));
      const criterionCols = round.criteria.map((c) => ({ header: `${c.title} (${c.max})`, key: `c:${c.key}`, width: 16 }));
      ws.columns = [
        { header: L.teamKey, key: 'teamKey', width: 14 },
        { header: L.team, key: 'team', width: 36 },
        { header: L.unit, key: 'unit', width: 36 },
        { header: L.judge, key: 'judge', width: 26 },
        ...criterionCols,
        { header: L.sheetTotal, key: 'sheetTotal', width: 12 },
        { header: L.note, key: 'note', width: 24 },
        { header: L.roundScore, key: 'roundScore', width: 14 },
      ];
      for (const key of order) {
        const row = byTeam.get(key)!;
        for (const j of table.judges) {
          const total = own(own(row.judgeTotals, round.key), j.key) ?? null;
          const marks = own(own(row.judgeMarks, round.key), j.key);
          const record: Record<string, string | number | null> = {
            teamKey: row.team,
            team: row.name,
            unit: row.unit,
            judge: j.name,
            sheetTotal: typeof total === 'number' ? total : null,
            note: total === 'conflict' ? L.conflictLong : total === null ? L.notSubmitted : null,
            roundScore: own(row.rounds, round.key) ?? null,
          };
          for (const c of round.criteria) record[`c:${c.key}`] = own(marks, c.key) ?? null;
          ws.addRow(record);
        }
      }
      for (const c of round.criteria) ws.getColumn(`c:${c.key}`).numFmt = rawFmt;
      ws.getColumn('sheetTotal').numFmt = rawFmt;
      ws.getColumn('roundScore').numFmt = numFmt;
      styleHeader(ws);
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: ws.columnCount } };
    });

  return Buffer.from(await wb.xlsx.writeBuffer());
}
