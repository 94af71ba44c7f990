/**
 * What every PDF of hoithi shares: A4 pages with Noto Sans embedded (every Vietnamese diacritic has
 * its glyph), a table drawn by hand that splits across pages and repeats its header, page numbers,
 * and the header block of a Vietnamese official document.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { labelsFor, type Lang } from './labels.js';

export type Doc = PDFKit.PDFDocument;

export const FONT = 'NotoSans';
export const BOLD = 'NotoSans-Bold';
export const ITALIC = 'NotoSans-Italic';

const require = createRequire(import.meta.url);
const FONT_FILES = {
  [FONT]: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  [BOLD]: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  [ITALIC]: '@expo-google-fonts/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf',
} as const;
let fontCache: Map<string, Buffer> | null = null;

function fonts(): Map<string, Buffer> {
  fontCache ??= new Map(Object.entries(FONT_FILES).map(([name, file]) => [name, readFileSync(require.resolve(file))]));
  return fontCache;
}

export const A4 = { width: 595.28, height: 841.89 };
export type Layout = 'portrait' | 'landscape';

export interface DocOptions {
  layout: Layout;
  margins: { top: number; bottom: number; left: number; right: number };
  title: string;
  author: string;
  subject?: string;
  lang: Lang;
}

/** A new document with the fonts registered and Noto Sans selected; `done` resolves to the bytes. */
export function createDoc(opts: DocOptions): { doc: Doc; done: () => Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4',
    layout: opts.layout,
    margins: opts.margins,
    bufferPages: true,
    lang: opts.lang === 'vi' ? 'vi-VN' : 'en',
    displayTitle: true,
    info: {
      Title: opts.title,
      Author: opts.author,
      Subject: opts.subject ?? opts.title,
      Creator: 'hoithi',
      Producer: 'hoithi',
    },
  });
  for (const [name, data] of fonts()) doc.registerFont(name, data);
  keepPrecomposed(doc);
  doc.font(FONT).fontSize(10);
  const chunks: Buffer[] = [];
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return {
    doc,
    done: () => {
      doc.end();
      return bytes;
    },
  };
}

/**
 * fontkit's default 'ccmp' feature splits a precomposed "ị" into "i" + a combining dot below; the
 * glyphs look right but the PDF's text layer then reads "Thi" for "Thị" (and may read a later
 * plain "i" as "ị"). Text is NFC, where every Vietnamese letter has its own glyph, so every text
 * call of the document lays out without 'ccmp'.
 */
function keepPrecomposed(doc: Doc) {
  type Options = PDFKit.Mixins.TextOptions | undefined;
  const features = { ccmp: false } as unknown as PDFKit.Mixins.OpenTypeFeatures[];
  const withFeatures = (o: Options): PDFKit.Mixins.TextOptions => ({ ...o, features });
  const text = doc.text.bind(doc) as (s: string, x?: number, y?: number, o?: Options) => Doc;
  const heightOfString = doc.heightOfString.bind(doc);
  const widthOfString = doc.widthOfString.bind(doc);
  doc.text = ((s: string, x?: number | Options, y?: number, o?: Options) =>
    x !== null && typeof x === 'object'
      ? text(String(s).normalize('NFC'), undefined, undefined, withFeatures(x))
      : text(String(s).normalize('NFC'), x, y, withFeatures(o))) as unknown as Doc['text'];
  doc.heightOfString = (s: string, o?: Options) => heightOfString(String(s).normalize('NFC'), withFeatures(o));
  doc.widthOfString = (s: string, o?: Options) => widthOfString(String(s).normalize('NFC'), withFeatures(o));
}

export const contentWidth = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;
export const bottomLimit = (doc: Doc) => doc.page.height - doc.page.margins.bottom;

/** Adds a page when fewer than `height` points are left on this one. */
export function ensureSpace(doc: Doc, height: number) {
  if (doc.y + height > bottomLimit(doc)) doc.addPage();
}

/**
 * Column widths that fill `available`: each column gets its minimum, the rest is shared by
 * `grow`; when even the minimums do not fit they are scaled down.
 */
export function fitColumns(available: number, specs: readonly { min: number; grow?: number }[]): number[] {
  const sumMin = specs.reduce((s, c) => s + c.min, 0);
  if (sumMin >= available) return specs.map((c) => (c.min * available) / sumMin);
  const sumGrow = specs.reduce((s, c) => s + (c.grow ?? 0), 0);
  const extra = available - sumMin;
  return specs.map((c) => c.min + (sumGrow > 0 ? (extra * (c.grow ?? 0)) / sumGrow : extra / specs.length));
}

export interface Cell {
  text: string;
  font?: typeof FONT | typeof BOLD | typeof ITALIC;
  align?: 'left' | 'center' | 'right';
  fill?: string;
  color?: string;
  colSpan?: number;
  size?: number;
  /** A second, smaller grey line under the text (e.g. the unit under the team's name). */
  sub?: string;
  subSize?: number;
}
export interface TableRow {
  cells: (string | Cell)[];
  minHeight?: number;
  fill?: string;
  font?: Cell['font'];
}
export interface TableSpec {
  columns: readonly { width: number; align?: 'left' | 'center' | 'right' }[];
  header: readonly TableRow[];
  rows: readonly TableRow[];
  fontSize?: number;
  padding?: number;
  headerFill?: string;
  /** Left edge; the left margin by default. */
  x?: number;
}

interface Placed {
  cell: Cell;
  x: number;
  width: number;
}

function place(spec: TableSpec, row: TableRow, x0: number): Placed[] {
  const placed: Placed[] = [];
  let col = 0;
  let x = x0;
  for (const raw of row.cells) {
    const cell: Cell = typeof raw === 'string' ? { text: raw } : raw;
    const span = Math.max(1, cell.colSpan ?? 1);
    const width = spec.columns.slice(col, col + span).reduce((s, c) => s + c.width, 0);
    placed.push({
      cell: {
        ...cell,
        align: cell.align ?? spec.columns[col]?.align ?? 'left',
        font: cell.font ?? row.font ?? FONT,
        fill: cell.fill ?? row.fill,
      },
      x,
      width,
    });
    x += width;
    col += span;
  }
  return placed;
}

/** The height of a cell's text (and its sub-line) inside `width`. */
function cellTextHeight(doc: Doc, cell: Cell, width: number, size: number): number {
  doc.font(cell.font ?? FONT).fontSize(cell.size ?? size);
  let h = doc.heightOfString(cell.text || ' ', { width, lineGap: 0 });
  if (cell.sub) {
    doc.font(FONT).fontSize(cell.subSize ?? (cell.size ?? size) * 0.85);
    h += doc.heightOfString(cell.sub, { width, lineGap: 0 });
  }
  return h;
}

function rowHeight(doc: Doc, spec: TableSpec, placed: Placed[], minHeight = 0): number {
  const pad = spec.padding ?? 3;
  const size = spec.fontSize ?? 9;
  let h = minHeight;
  for (const p of placed) h = Math.max(h, cellTextHeight(doc, p.cell, Math.max(1, p.width - 2 * pad), size) + 2 * pad);
  return h;
}

/** The height a table's body rows take, without page breaks: to fit a table on one page. */
export function bodyHeight(doc: Doc, spec: TableSpec): number {
  const x0 = spec.x ?? doc.page.margins.left;
  return spec.rows.reduce((s, r) => s + rowHeight(doc, spec, place(spec, r, x0), r.minHeight), 0);
}

/** The height of a table's header rows. */
export function headerHeight(doc: Doc, spec: TableSpec): number {
  const x0 = spec.x ?? doc.page.margins.left;
  return spec.header.reduce((s, r) => s + rowHeight(doc, spec, place(spec, { ...r, font: r.font ?? BOLD }, x0), r.minHeight), 0);
}

function drawRow(doc: Doc, spec: TableSpec, placed: Placed[], y: number, h: number) {
  const pad = spec.padding ?? 3;
  const size = spec.fontSize ?? 9;
  for (const p of placed) {
    if (p.cell.fill) doc.save().rect(p.x, y, p.width, h).fill(p.cell.fill).restore();
    doc.save().lineWidth(0.5).strokeColor('#555555').rect(p.x, y, p.width, h).stroke().restore();
    if (!p.cell.text && !p.cell.sub) continue;
    const width = Math.max(1, p.width - 2 * pad);
    const th = cellTextHeight(doc, p.cell, width, size);
    doc
      .font(p.cell.font ?? FONT)
      .fontSize(p.cell.size ?? size)
      .fillColor(p.cell.color ?? '#000000');
    doc.text(p.cell.text, p.x + pad, y + Math.max(pad, (h - th) / 2), { width, align: p.cell.align, lineGap: 0 });
    if (p.cell.sub) {
      doc
        .font(FONT)
        .fontSize(p.cell.subSize ?? (p.cell.size ?? size) * 0.85)
        .fillColor('#555555');
      doc.text(p.cell.sub, p.x + pad, doc.y, { width, align: p.cell.align, lineGap: 0 });
    }
  }
  doc.fillColor('#000000');
}

/**
 * Draws a table from doc.y: rows never split; a row that does not fit goes to a new page, under a
 * repeated header. Leaves doc.y under the table.
 */
export function drawTable(doc: Doc, spec: TableSpec) {
  const x0 = spec.x ?? doc.page.margins.left;
  const header = spec.header.map((r) => {
    const placed = place(spec, { ...r, font: r.font ?? BOLD, fill: r.fill ?? spec.headerFill ?? '#E8EEF7' }, x0);
    return { placed, h: rowHeight(doc, spec, placed, r.minHeight) };
  });
  const headerH = header.reduce((s, r) => s + r.h, 0);
  let y = doc.y;
  const drawHeader = () => {
    for (const r of header) {
      drawRow(doc, spec, r.placed, y, r.h);
      y += r.h;
    }
  };
  const first = spec.rows[0];
  const firstH = first ? rowHeight(doc, spec, place(spec, first, x0), first.minHeight) : 0;
  if (y + headerH + firstH > bottomLimit(doc)) {
    doc.addPage();
    y = doc.page.margins.top;
  }
  drawHeader();
  for (const row of spec.rows) {
    const placed = place(spec, row, x0);
    const h = rowHeight(doc, spec, placed, row.minHeight);
    if (y + h > bottomLimit(doc)) {
      doc.addPage();
      y = doc.page.margins.top;
      drawHeader();
    }
    drawRow(doc, spec, placed, y, h);
    y += h;
  }
  doc.x = doc.page.margins.left;
  doc.y = y;
}

/** Writes text at a fixed place without moving to a new page, even in the bottom margin. */
export function textAt(doc: Doc, text: string, x: number, y: number, opts: PDFKit.Mixins.TextOptions = {}) {
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  doc.text(text, x, y, { lineBreak: opts.width !== undefined, ...opts });
  doc.page.margins.bottom = bottom;
}

/** "Trang x/y" at the bottom centre of every page. */
export function numberPages(doc: Doc, lang: Lang) {
  const L = labelsFor(lang);
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.font(FONT).fontSize(8).fillColor('#444444');
    const y = doc.page.height - doc.page.margins.bottom / 2 - 4;
    textAt(doc, L.page(i - range.start + 1, range.count), doc.page.margins.left, y, {
      width: contentWidth(doc),
      align: 'center',
    });
    doc.fillColor('#000000');
  }
}

/** A short line under a centred heading, as official documents have under the motto. */
function underline(doc: Doc, centreX: number, y: number, width: number) {
  doc
    .save()
    .lineWidth(0.6)
    .moveTo(centreX - width / 2, y)
    .lineTo(centreX + width / 2, y)
    .stroke()
    .restore();
}

/**
 * The head of a Vietnamese official document: the issuing body on the left, the national motto
 * on the right, then "<place>, ngày … tháng … năm …" in italics under the motto.
 */
export function officialHeader(doc: Doc, o: { lang: Lang; organizer: string; committee: string; placeDate: string }) {
  const L = labelsFor(o.lang);
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  const leftW = width * 0.42;
  const rightW = width * 0.56;
  const rightX = left + width - rightW;
  const top = doc.y;

  doc.font(FONT).fontSize(10.5);
  doc.text(o.organizer.toLocaleUpperCase('vi'), left, top, { width: leftW, align: 'center' });
  doc.font(BOLD).fontSize(10.5).text(o.committee, left, doc.y, { width: leftW, align: 'center' });
  const leftBottom = doc.y + 2;
  underline(doc, left + leftW / 2, leftBottom, Math.min(leftW * 0.4, 90));

  doc.font(BOLD).fontSize(10.5).text(L.motto1, rightX, top, { width: rightW, align: 'center' });
  doc.font(BOLD).fontSize(11.5).text(L.motto2, rightX, doc.y, { width: rightW, align: 'center' });
  const mottoW = doc.widthOfString(L.motto2);
  underline(doc, rightX + rightW / 2, doc.y + 2, mottoW);
  doc.y += 8;
  doc.font(ITALIC).fontSize(10.5).text(o.placeDate, rightX, doc.y, { width: rightW, align: 'center' });

  doc.x = left;
  doc.y = Math.max(doc.y, leftBottom) + 14;
}

/** A heading line in bold, kept with at least `keep` points of what follows. */
export function heading(doc: Doc, text: string, o: { size?: number; keep?: number; align?: 'left' | 'center' } = {}) {
  doc.font(BOLD).fontSize(o.size ?? 11);
  const h = doc.heightOfString(text, { width: contentWidth(doc) });
  ensureSpace(doc, h + (o.keep ?? 60));
  doc.text(text, doc.page.margins.left, doc.y, { width: contentWidth(doc), align: o.align ?? 'left' });
  doc.font(FONT).fontSize(10);
}

/** A paragraph "Label: value" with the label in bold. */
export function labelled(doc: Doc, label: string, value: string, size = 10) {
  doc.font(BOLD).fontSize(size);
  doc.text(`${label}: `, doc.page.margins.left, doc.y, { width: contentWidth(doc), continued: true });
  doc.font(FONT).text(value, { width: contentWidth(doc) });
}
