/**
 * certificates.pdf: one certificate ("Giấy khen") per winner of every decided prize, landscape A4,
 * with a serial and a QR code that leads to the public check of that serial.
 */
import QRCode from 'qrcode';
import { certificateSerial, type ResultsTable } from '../results/table.js';
import { labelsFor, placeAndDate, type Lang } from './labels.js';
import { BOLD, createDoc, FONT, ITALIC, textAt, type Doc } from './pdf.js';

export interface CertificateEntry {
  serial: string;
  prize: ResultsTable['prizes'][number];
  winner: ResultsTable['prizes'][number]['winners'][number];
}

/** Every certificate to print: each winner of each non-provisional prize, in prize order, once. */
export function certificateEntries(table: ResultsTable, contestCreatedAt: string): CertificateEntry[] {
  const seen = new Set<string>();
  const entries: CertificateEntry[] = [];
  for (const prize of table.prizes) {
    if (prize.provisional) continue;
    for (const winner of prize.winners) {
      const serial = certificateSerial(contestCreatedAt, table.contest.slug, prize.key, winner.team, winner.member);
      if (seen.has(serial)) continue;
      seen.add(serial);
      entries.push({ serial, prize, winner });
    }
  }
  return entries;
}

export interface CertificatesOptions {
  lang: Lang;
  /** The base of the QR code's link: `${publicBase}/c/<serial>`. */
  publicBase: string;
}

const RED = '#A31515';
const GOLD = '#B8892B';
const NAVY = '#1B2A6B';

export async function renderCertificatesPdf(
  table: ResultsTable,
  entries: readonly CertificateEntry[],
  opts: CertificatesOptions,
): Promise<Buffer> {
  const { lang } = opts;
  const L = labelsFor(lang);
  const { doc, done } = createDoc({
    layout: 'landscape',
    margins: { top: 40, bottom: 40, left: 60, right: 60 },
    title: `${L.certificateDocTitle} – ${table.contest.title}`,
    author: table.contest.organizer,
    lang,
  });
  const base = opts.publicBase.replace(/\/+$/, '');
  for (const [i, entry] of entries.entries()) {
    if (i > 0) doc.addPage();
    const url = `${base}/c/${entry.serial}`;
    const qr = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 300 });
    certificatePage(doc, table, entry, url, qr, lang);
  }
  if (!entries.length) doc.font(ITALIC).fontSize(12).text(L.noWinnerYet);
  return done();
}

function border(doc: Doc) {
  const { width: w, height: h } = doc.page;
  doc.save();
  doc
    .lineWidth(4)
    .strokeColor(RED)
    .rect(16, 16, w - 32, h - 32)
    .stroke();
  doc
    .lineWidth(1.2)
    .strokeColor(GOLD)
    .rect(25, 25, w - 50, h - 50)
    .stroke();
  doc
    .lineWidth(0.6)
    .strokeColor(GOLD)
    .rect(29, 29, w - 58, h - 58)
    .stroke();
  // A small diamond in each corner between the frames.
  for (const [cx, cy] of [
    [27, 27],
    [w - 27, 27],
    [27, h - 27],
    [w - 27, h - 27],
  ] as const) {
    doc
      .moveTo(cx, cy - 7)
      .lineTo(cx + 7, cy)
      .lineTo(cx, cy + 7)
      .lineTo(cx - 7, cy)
      .closePath()
      .fill(GOLD);
  }
  doc.restore();
}

interface Line {
  text: string;
  font: string;
  size: number;
  color?: string;
  /** Space after the line. */
  gap?: number;
}

const TEXT_LEFT = 70;

/** Lays the lines out centred, the whole block centred vertically between `top` and `bottom`. */
function centredBlock(doc: Doc, lines: readonly Line[], top: number, bottom: number) {
  const width = doc.page.width - 2 * TEXT_LEFT;
  const heightOf = (l: Line) => doc.font(l.font).fontSize(l.size).heightOfString(l.text, { width, align: 'center' });
  const total = lines.reduce((s, l) => s + heightOf(l) + (l.gap ?? 0), 0);
  doc.y = top + Math.max(0, (bottom - top - total) / 2);
  for (const l of lines) {
    doc
      .font(l.font)
      .fontSize(l.size)
      .fillColor(l.color ?? '#000000');
    doc.text(l.text, TEXT_LEFT, doc.y, { width, align: 'center' });
    doc.y += l.gap ?? 0;
  }
  doc.fillColor('#000000');
}

function certificatePage(doc: Doc, table: ResultsTable, entry: CertificateEntry, url: string, qr: Buffer, lang: Lang) {
  const L = labelsFor(lang);
  const { width: w, height: h } = doc.page;
  border(doc);

  const motto = [
    { text: L.motto1, font: BOLD, size: 11 },
    { text: L.motto2, font: BOLD, size: 12 },
  ];
  centredBlock(doc, motto, 46, 46);
  const mw = doc.font(BOLD).fontSize(12).widthOfString(L.motto2);
  doc
    .save()
    .lineWidth(0.6)
    .moveTo(w / 2 - mw / 2, doc.y + 1)
    .lineTo(w / 2 + mw / 2, doc.y + 1)
    .stroke()
    .restore();

  const { winner, prize } = entry;
  const who: Line[] = winner.member
    ? [
        { text: winner.member, font: BOLD, size: 28, color: RED, gap: 2 },
        { text: L.teamOf(winner.name), font: BOLD, size: 15, color: NAVY, gap: 2 },
      ]
    : [{ text: winner.name, font: BOLD, size: 28, color: RED, gap: 4 }];
  centredBlock(
    doc,
    [
      { text: L.certificateTitle, font: BOLD, size: 46, color: RED, gap: 6 },
      { text: table.contest.organizer.toLocaleUpperCase('vi'), font: BOLD, size: 16, color: NAVY, gap: 12 },
      { text: L.awardTo, font: BOLD, size: 14, gap: 10 },
      ...who,
      { text: winner.unit, font: FONT, size: 14, gap: 16 },
      { text: L.achieved(prize.title), font: BOLD, size: 18, color: NAVY, gap: 6 },
      { text: L.atContest(table.contest.title), font: ITALIC, size: 13.5 },
    ],
    doc.y + 8,
    h - 160,
  );

  // Bottom right: place and date, the organizing committee's signature.
  const colW = 300;
  const rx = w - 60 - colW;
  const by = h - 150;
  doc.font(ITALIC).fontSize(12).fillColor('#000000');
  textAt(doc, placeAndDate(table.contest.venue, table.contest.date, lang), rx, by, { width: colW, align: 'center' });
  doc.font(BOLD).fontSize(12);
  textAt(doc, L.onBehalf, rx, by + 20, { width: colW, align: 'center' });

  // Bottom left: the QR code, the serial and where to check it.
  const size = 78;
  const qx = 60;
  const qy = h - 60 - size;
  doc.image(qr, qx, qy, { width: size, height: size });
  doc.font(BOLD).fontSize(10.5).fillColor('#000000');
  textAt(doc, L.serial(entry.serial), qx + size + 10, qy + size - 36, { width: 260 });
  doc.font(FONT).fontSize(7.5).fillColor('#444444');
  textAt(doc, `${L.verifyAt}: ${url}`, qx + size + 10, qy + size - 18, { width: 260 });
  doc.fillColor('#000000');
}
