/**
 * score-sheets.pdf: the printable score sheets ("Phiếu chấm điểm"), one page per judge per rubric
 * round, teams in the contest's order, filled with the marks the judge has submitted, blank
 * boxes otherwise; a conflict row is shaded and says so. Under the table, the judge's comments
 * (nhận xét) on the submitted sheets, one per team, numbered as the table is.
 */
import { own } from '../../contract/dict.js';
import type { ResultsTable } from '../results/table.js';
import { fmtNumber, judgeWithTitle, labelsFor, type Lang } from './labels.js';
import {
  A4,
  BOLD,
  bodyHeight,
  contentWidth,
  createDoc,
  drawTable,
  fitColumns,
  FONT,
  ITALIC,
  headerHeight,
  numberPages,
  type Cell,
  type Doc,
  type Layout,
  type TableRow,
  type TableSpec,
} from './pdf.js';

export interface SheetsOptions {
  lang: Lang;
  /** Team keys in the contest's order; rank order when absent. */
  teamOrder?: readonly string[];
}

const MARGINS = { top: 40, bottom: 40, left: 50, right: 36 };
/** Room under the table for "GIÁM KHẢO", the hint, the signature and the name. */
const SIGNATURE_HEIGHT = 90;

export async function renderScoreSheetsPdf(table: ResultsTable, opts: SheetsOptions): Promise<Buffer> {
  const { lang } = opts;
  const L = labelsFor(lang);
  const dec = table.contest.decimals;
  const rubric = table.rounds.filter((r) => r.kind === 'rubric');
  const maxCriteria = Math.max(0, ...rubric.map((r) => r.criteria.length));
  const layout: Layout = 22 + 150 + maxCriteria * 56 + 52 > A4.width - MARGINS.left - MARGINS.right ? 'landscape' : 'portrait';
  const { doc, done } = createDoc({
    layout,
    margins: MARGINS,
    title: `${L.sheetDocTitle} – ${table.contest.title}`,
    author: table.contest.organizer,
    lang,
  });
  const byTeam = new Map(table.rows.map((r) => [r.team, r]));
  const teams = (opts.teamOrder?.filter((k) => byTeam.has(k)) ?? table.rows.map((r) => r.team)).map((k) => byTeam.get(k)!);

  if (!rubric.length || !table.judges.length) {
    doc.font(ITALIC).fontSize(11).text(L.noRubricRound);
    numberPages(doc, lang);
    return done();
  }

  let first = true;
  for (const round of rubric) {
    for (const judge of table.judges) {
      if (!first) doc.addPage();
      first = false;
      sheetPage(doc, table, round, judge, teams, lang, dec);
    }
  }
  numberPages(doc, lang);
  return done();
}

function sheetPage(
  doc: Doc,
  table: ResultsTable,
  round: ResultsTable['rounds'][number],
  judge: ResultsTable['judges'][number],
  teams: ResultsTable['rows'],
  lang: Lang,
  dec: number,
) {
  const L = labelsFor(lang);
  const left = doc.page.margins.left;
  const width = contentWidth(doc);

  doc.font(FONT).fontSize(9.5).fillColor('#333333');
  doc.text(table.contest.organizer.toLocaleUpperCase('vi'), left, doc.page.margins.top, { width, align: 'left' });
  doc.fillColor('#000000');
  doc.moveDown(0.6);
  doc.font(BOLD).fontSize(16).text(L.sheetTitle, left, doc.y, { width, align: 'center' });
  doc.font(BOLD).fontSize(11).text(table.contest.title, left, doc.y, { width, align: 'center' });
  doc.moveDown(0.5);
  const line = (label: string, value: string) => {
    doc.font(BOLD).fontSize(10.5).text(`${label}: `, left, doc.y, { width, continued: true });
    doc.font(FONT).text(value, { width });
  };
  line(L.roundLabel, round.title);
  line(L.judgeLabel, `${judgeWithTitle(judge)}${judge.unit ? ` (${judge.unit})` : ''}`);
  doc
    .font(ITALIC)
    .fontSize(8.5)
    .fillColor('#444444')
    .text(L.sheetHint, left, doc.y + 2, { width });
  doc.fillColor('#000000');
  doc.moveDown(0.5);

  const widths = fitColumns(width, [
    { min: 24 },
    { min: 150, grow: 4 },
    ...round.criteria.map(() => ({ min: 52, grow: 1 })),
    { min: 52, grow: 0.5 },
  ]);
  const span = round.criteria.length + 1;
  const mark = (v: number) => fmtNumber(v, dec, lang, true);
  const maxTotal = round.criteria.reduce((sum, c) => sum + c.max, 0);

  const spec = (size: number, minHeight: number): TableSpec => ({
    columns: widths.map((w, i) => ({ width: w, align: i === 0 ? 'center' : i === 1 ? 'left' : 'center' })),
    fontSize: size,
    padding: 2.5,
    header: [
      {
        cells: [
          { text: L.no, align: 'center' },
          { text: `${L.team} / ${L.unit}`, align: 'center' },
          ...round.criteria.map((c) => ({
            text: `${c.title}\n${L.maxPoints(fmtNumber(c.max, 0, lang, true))}`,
            align: 'center' as const,
            size: 8,
          })),
          { text: `${L.sheetTotal}\n${L.maxPoints(fmtNumber(maxTotal, 0, lang, true))}`, align: 'center', size: 8 },
        ],
      },
    ],
    rows: teams.map((team, i): TableRow => {
      const total = own(own(team.judgeTotals, round.key), judge.key) ?? null;
      const marks = own(own(team.judgeMarks, round.key), judge.key);
      const who: Cell = { text: team.name, sub: team.unit };
      if (total === 'conflict')
        return {
          minHeight,
          fill: '#E2E2E2',
          cells: [String(i + 1), who, { text: L.conflictNotMarked, colSpan: span, align: 'center', font: ITALIC }],
        };
      if (team.status !== 'active' && !marks)
        return {
          minHeight,
          fill: '#F0F0F0',
          cells: [
            String(i + 1),
            who,
            { text: team.status === 'withdrawn' ? L.withdrawn : L.disqualified, colSpan: span, align: 'center', font: ITALIC },
          ],
        };
      return {
        minHeight,
        cells: [
          String(i + 1),
          who,
          ...round.criteria.map((c) => {
            const v = own(marks, c.key);
            return v === undefined ? '' : mark(v);
          }),
          { text: typeof total === 'number' ? mark(total) : '', font: BOLD },
        ],
      };
    }),
  });

  // The judge's comments, numbered as the rows of the table.
  const comments = teams
    .map((team, i) => ({ no: i + 1, name: team.name, text: own(own(team.judgeComments, round.key), judge.key) }))
    .filter((c): c is { no: number; name: string; text: string } => !!c.text);
  const commentLine = (c: (typeof comments)[number]) => `${c.no}. ${c.name}: ${c.text}`;
  doc.font(FONT).fontSize(9);
  const commentsHeight = comments.length
    ? 22 + comments.reduce((h, c) => h + doc.heightOfString(commentLine(c), { width }) + 2, 0)
    : 0;

  // Keep every team, the comments and the signature on one page when they fit: the largest type
  // that does, with rows tall enough to write in.
  const available = doc.page.height - doc.page.margins.bottom - doc.y - SIGNATURE_HEIGHT - commentsHeight;
  let chosen = spec(7, 18);
  for (const size of [9.5, 9, 8.5, 8, 7.5]) {
    const rowMin = Math.min(
      32,
      Math.max(20, Math.floor((available - headerHeight(doc, spec(size, 0))) / Math.max(1, teams.length))),
    );
    const candidate = spec(size, rowMin);
    if (headerHeight(doc, candidate) + bodyHeight(doc, candidate) <= available) {
      chosen = candidate;
      break;
    }
  }
  drawTable(doc, chosen);

  if (comments.length) {
    doc.moveDown(0.6);
    doc.font(BOLD).fontSize(10);
    if (doc.y + 40 > doc.page.height - doc.page.margins.bottom) doc.addPage();
    doc.text(`${L.commentsHeading}:`, left, doc.y, { width });
    for (const c of comments) {
      doc
        .font(BOLD)
        .fontSize(9)
        .text(`${c.no}. ${c.name}: `, left, doc.y + 2, { width, continued: true });
      doc.font(FONT).text(c.text, { width });
    }
  }

  // Signature: "GIÁM KHẢO (Ký, ghi rõ họ tên)" and the printed name.
  const colW = width * 0.45;
  const x = left + width - colW;
  let y = doc.y + 12;
  if (y + SIGNATURE_HEIGHT - 12 > doc.page.height - doc.page.margins.bottom + 1) {
    doc.addPage();
    y = doc.page.margins.top;
  }
  doc.font(BOLD).fontSize(10.5).text(L.judgeSignature, x, y, { width: colW, align: 'center' });
  doc.font(ITALIC).fontSize(9).text(L.signHint, x, doc.y, { width: colW, align: 'center' });
  doc
    .font(BOLD)
    .fontSize(10.5)
    .text(judge.name, x, y + 62, { width: colW, align: 'center' });
  doc.x = left;
}
