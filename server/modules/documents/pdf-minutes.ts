/**
 * results.pdf: the minutes of the scoring results ("Biên bản tổng hợp kết quả chấm thi") that the
 * jury signs: standings, every judge's sheet totals per rubric round, the prize list, every change
 * made after marking began (from the score event log), a signature block for the head of the
 * organizing committee, the secretary and every judge, and the audit chain's final hash.
 */
import { own } from '../../contract/dict.js';
import { shortDate, timestamp } from '../../contract/format.js';
import type { ResultsTable } from '../results/table.js';
import type { ChangeEvent } from './changes.js';
import {
  actorInWords,
  describeChange,
  fmtNumber,
  fmtWeight,
  headOfJury,
  judgeWithTitle,
  labelsFor,
  methodInWords,
  placeAndDate,
  prizeList,
  tiebreakInWords,
  type Lang,
} from './labels.js';
import {
  A4,
  BOLD,
  bottomLimit,
  contentWidth,
  createDoc,
  drawTable,
  ensureSpace,
  fitColumns,
  FONT,
  heading,
  ITALIC,
  labelled,
  numberPages,
  officialHeader,
  textAt,
  type Cell,
  type Layout,
  type TableRow,
} from './pdf.js';

export interface MinutesOptions {
  lang: Lang;
  /** The contest's tiebreak list ("round:<key>"), worded under the method. */
  tiebreak?: readonly string[];
  /** The changes after marking began (changesAfterMarking); the section is left out when absent. */
  changes?: readonly ChangeEvent[];
  /** Who signs for the organizing committee; a blank line to sign on when not named. */
  signatories?: { chair: string | null; secretary: string | null };
}

const MARGINS: Record<Layout, { top: number; bottom: number; left: number; right: number }> = {
  portrait: { top: 50, bottom: 48, left: 70, right: 42 },
  landscape: { top: 42, bottom: 42, left: 56, right: 42 },
};
const widthOf = (layout: Layout) => (layout === 'portrait' ? A4.width : A4.height) - MARGINS[layout].left - MARGINS[layout].right;

export async function renderMinutesPdf(table: ResultsTable, opts: MinutesOptions): Promise<Buffer> {
  const { lang } = opts;
  const L = labelsFor(lang);
  const dec = table.contest.decimals;
  const num = (v: number | null | undefined) => (v === null || v === undefined ? L.none : fmtNumber(v, dec, lang));
  const raw = (v: number) => fmtNumber(v, dec, lang, true);
  /** A score cell: the number right-aligned, "—" centred when there is none yet. */
  const numCell = (v: number | null | undefined, font?: typeof BOLD): Cell =>
    v === null || v === undefined ? { text: L.none, align: 'center' } : { text: num(v), font };
  const rubric = table.rounds.filter((r) => r.kind === 'rubric');
  const rows = [...table.rows.filter((r) => r.status === 'active'), ...table.rows.filter((r) => r.status !== 'active')];

  // Column plans; the page turns landscape when one of the tables does not fit a portrait page.
  const standingsSpec = [
    { min: 30 },
    { min: 120, grow: 3 },
    { min: 110, grow: 3 },
    ...table.rounds.map(() => ({ min: 46, grow: 0.4 })),
    { min: 48, grow: 0.4 },
    { min: 90, grow: 2 },
  ];
  const judgeSpec = [{ min: 30 }, { min: 140, grow: 3 }, ...table.judges.map(() => ({ min: 50, grow: 1 })), { min: 56 }];
  const need = (s: { min: number }[]) => s.reduce((a, c) => a + c.min, 0);
  const layout: Layout =
    need(standingsSpec) > widthOf('portrait') || (rubric.length > 0 && need(judgeSpec) > widthOf('portrait'))
      ? 'landscape'
      : 'portrait';

  const { doc, done } = createDoc({
    layout,
    margins: MARGINS[layout],
    title: `${L.minutesDocTitle} – ${table.contest.title}`,
    author: table.contest.organizer,
    lang,
  });
  const left = doc.page.margins.left;
  const width = contentWidth(doc);

  officialHeader(doc, {
    lang,
    organizer: table.contest.organizer,
    committee: L.organizingCommittee,
    placeDate: placeAndDate(table.contest.venue, table.contest.date, lang),
  });

  doc.font(BOLD).fontSize(15).text(L.minutesTitle, left, doc.y, { width, align: 'center' });
  doc.moveDown(0.2);
  doc.font(BOLD).fontSize(12).text(table.contest.title, left, doc.y, { width, align: 'center' });
  doc.moveDown(0.8);

  labelled(doc, L.dateLabel, shortDate(table.contest.date, lang));
  if (table.contest.venue) labelled(doc, L.venueLabel, table.contest.venue);
  if (table.judges.length) {
    doc.font(BOLD).fontSize(10).text(`${L.jury}:`, left, doc.y, { width });
    doc.font(FONT).fontSize(10);
    table.judges.forEach((j, i) => {
      doc.text(`${i + 1}. ${judgeWithTitle(j)}${j.unit ? `, ${j.unit}` : ''}`, left + 14, doc.y, { width: width - 14 });
    });
  }
  labelled(doc, L.methodLabel, methodInWords(table, lang));
  const tb = opts.tiebreak ? tiebreakInWords(table, opts.tiebreak, lang) : null;
  if (tb) labelled(doc, L.tiebreakLabel, tb);
  doc.moveDown(0.8);

  // ── I. standings ──
  heading(doc, L.sectionStandings);
  doc.moveDown(0.3);
  const sw = fitColumns(width, standingsSpec);
  const statusNote = (s: string) =>
    s === 'withdrawn' ? ` (${L.withdrawn})` : s === 'disqualified' ? ` (${L.disqualified})` : '';
  drawTable(doc, {
    columns: sw.map((w, i) => ({ width: w, align: i === 0 ? 'center' : i >= 3 && i < sw.length - 1 ? 'right' : 'left' })),
    fontSize: 8.5,
    header: [
      {
        cells: [
          { text: L.rank, align: 'center' },
          { text: L.team, align: 'center' },
          { text: L.unit, align: 'center' },
          ...table.rounds.map((r) => ({ text: `${r.title} (×${fmtWeight(r.weight, lang)})`, align: 'center' as const })),
          { text: L.total, align: 'center' },
          { text: L.prizes, align: 'center' },
        ],
      },
    ],
    rows: rows.map((r): TableRow => ({
      cells: [
        r.status === 'active' && r.rank !== null ? String(r.rank) : L.none,
        `${r.name}${statusNote(r.status)}`,
        r.unit,
        ...table.rounds.map((round) => numCell(own(r.rounds, round.key) ?? null)),
        numCell(r.total, BOLD),
        prizeList(table, r.team, lang),
      ],
      fill: r.status === 'active' ? undefined : '#F0F0F0',
    })),
  });
  doc.moveDown(0.8);

  // ── II. each judge's sheet totals per rubric round ──
  if (rubric.length) {
    heading(doc, L.sectionJudges);
    doc.moveDown(0.2);
    const jw = fitColumns(width, judgeSpec);
    rubric.forEach((round, i) => {
      heading(doc, L.roundHeading(i + 1, round.title, fmtWeight(round.weight, lang)), { size: 10, keep: 80 });
      doc.moveDown(0.2);
      drawTable(doc, {
        columns: jw.map((w, k) => ({ width: w, align: k === 0 ? 'center' : k === 1 ? 'left' : 'right' })),
        fontSize: 8.5,
        header: [
          {
            cells: [
              { text: L.rank, align: 'center' },
              { text: L.team, align: 'center' },
              ...table.judges.map((j) => ({ text: j.name, align: 'center' as const })),
              { text: L.roundScore, align: 'center' },
            ],
          },
        ],
        rows: rows.map((r) => ({
          cells: [
            r.status === 'active' && r.rank !== null ? String(r.rank) : L.none,
            `${r.name}${statusNote(r.status)}`,
            ...table.judges.map((j) => {
              const v = own(own(r.judgeTotals, round.key), j.key) ?? null;
              return v === 'conflict'
                ? { text: L.conflictShort, align: 'center' as const, fill: '#EDEDED' }
                : v === null
                  ? { text: L.none, align: 'center' as const }
                  : raw(v);
            }),
            numCell(own(r.rounds, round.key) ?? null, BOLD),
          ],
        })),
      });
      doc.moveDown(0.6);
    });
    doc.font(ITALIC).fontSize(8.5).text(L.legend, left, doc.y, { width });
    doc.moveDown(0.8);
  }

  // ── III. prizes ──
  heading(doc, L.sectionPrizes);
  doc.moveDown(0.3);
  const pw = fitColumns(width, [
    { min: 30 },
    { min: 130, grow: 2 },
    { min: 150, grow: 3 },
    { min: 120, grow: 2 },
    { min: 90, grow: 2 },
  ]);
  const totalOf = new Map(table.rows.map((r) => [r.team, r.total]));
  const prizeRows: TableRow[] = [];
  table.prizes.forEach((p, i) => {
    const title = p.provisional ? `${p.title} (${L.provisional})` : p.title;
    if (!p.winners.length) {
      prizeRows.push({
        cells: [String(i + 1), { text: title, font: BOLD }, { text: L.noWinnerYet, font: ITALIC, colSpan: 3, color: '#555555' }],
      });
      return;
    }
    p.winners.forEach((w, k) => {
      const who = w.member ? `${w.member} – ${w.name}` : w.name;
      const note =
        p.kind === 'overall' ? `${L.total}: ${num(totalOf.get(w.team))}` : p.kind === 'special' ? (w.reason ?? '') : '';
      prizeRows.push({
        cells: [k === 0 ? String(i + 1) : '', k === 0 ? { text: title, font: BOLD } : '', who, w.unit, note],
      });
    });
  });
  drawTable(doc, {
    columns: pw.map((w, i) => ({ width: w, align: i === 0 ? 'center' : 'left' })),
    fontSize: 8.5,
    header: [
      {
        cells: [
          { text: L.no, align: 'center' },
          { text: L.prizes, align: 'center' },
          { text: L.team, align: 'center' },
          { text: L.unit, align: 'center' },
          { text: L.note, align: 'center' },
        ],
      },
    ],
    rows: prizeRows,
  });
  doc.moveDown(0.8);

  // ── IV. every change after marking began ──
  if (opts.changes) {
    heading(doc, L.sectionChanges);
    doc.font(ITALIC).fontSize(8.5).text(L.changesIntro, left, doc.y, { width });
    doc.moveDown(0.3);
    if (!opts.changes.length) {
      doc.font(FONT).fontSize(9.5).text(L.noChanges, left, doc.y, { width });
    } else {
      const cw = fitColumns(width, [
        { min: 26 },
        { min: 96 },
        { min: 150, grow: 3 },
        { min: 80, grow: 1 },
        { min: 110, grow: 2 },
      ]);
      drawTable(doc, {
        columns: cw.map((w, i) => ({ width: w, align: i === 0 ? 'center' : 'left' })),
        fontSize: 8.5,
        header: [
          {
            cells: [L.no, L.changeTime, L.changeWhat, L.changeWho, L.changeReason].map((text) => ({
              text,
              align: 'center' as const,
            })),
          },
        ],
        rows: opts.changes.map((c, i): TableRow => ({
          cells: [
            String(i + 1),
            timestamp(c.at, lang),
            describeChange(c, table, lang),
            actorInWords(c.actor, table, lang),
            c.reason ?? { text: L.none, align: 'center' },
          ],
        })),
      });
    }
    doc.moveDown(0.8);
  }

  // ── closing, signatures: the committee's head and secretary, then every judge ──
  doc.font(ITALIC).fontSize(9.5);
  ensureSpace(doc, 150);
  doc.text(L.closing, left, doc.y, { width });
  doc.moveDown(1);
  const head = headOfJury(table);
  const BLOCK = 118;
  const signature = (x: number, top: number, colW: number, role: string, name: string | null, title?: string | null) => {
    doc.font(BOLD).fontSize(10.5).text(role, x, top, { width: colW, align: 'center' });
    doc.font(ITALIC).fontSize(9).text(L.signHint, x, doc.y, { width: colW, align: 'center' });
    doc
      .font(name ? BOLD : FONT)
      .fontSize(10.5)
      .text(name ?? '……………………………………', x, top + 80, { width: colW, align: 'center' });
    if (title) doc.font(ITALIC).fontSize(8.5).text(title, x, doc.y, { width: colW, align: 'center' });
  };
  /** Blocks in rows of `perRow`, a row never split across pages. */
  const signatureRows = (blocks: { role: string; name: string | null; title?: string | null }[], perRow: number) => {
    const colW = width / perRow;
    for (let i = 0; i < blocks.length; i += perRow) {
      ensureSpace(doc, BLOCK);
      const top = doc.y;
      const row = blocks.slice(i, i + perRow);
      // A short last row is centred.
      const x0 = left + ((perRow - row.length) * colW) / 2;
      row.forEach((b, k) => signature(x0 + k * colW, top, colW, b.role, b.name, b.title));
      doc.x = left;
      doc.y = top + BLOCK;
    }
  };
  signatureRows(
    [
      { role: L.secretary, name: opts.signatories?.secretary ?? null },
      { role: L.chair, name: opts.signatories?.chair ?? null },
    ],
    2,
  );
  if (table.judges.length) {
    heading(doc, L.jurySignatures, { size: 10.5, keep: BLOCK, align: 'center' });
    doc.moveDown(0.6);
    signatureRows(
      table.judges.map((j) => ({
        role: head?.key === j.key ? L.headOfJury : L.judgeSignature,
        name: j.name,
        title: j.title,
      })),
      layout === 'landscape' ? 3 : 2,
    );
  }

  // ── the audit chain, small, at the bottom of the last page ──
  doc.font(FONT).fontSize(7);
  const audit = L.auditLine(table.audit.events, table.audit.head, timestamp(table.generatedAt, lang));
  const auditText = table.audit.ok ? audit : `${audit} ${L.auditBroken}`;
  const h = doc.heightOfString(auditText, { width });
  if (doc.y + h > bottomLimit(doc)) doc.addPage();
  const y = Math.max(doc.y, bottomLimit(doc) - h);
  doc
    .save()
    .lineWidth(0.4)
    .strokeColor('#999999')
    .moveTo(left, y - 4)
    .lineTo(left + width, y - 4)
    .stroke()
    .restore();
  doc.fillColor(table.audit.ok ? '#333333' : '#B00020');
  textAt(doc, auditText, left, y, { width });
  doc.fillColor('#000000');

  numberPages(doc, lang);
  return done();
}
