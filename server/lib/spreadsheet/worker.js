/**
 * The spreadsheet reader's worker thread (plain JavaScript, so it starts the same under tsx, vitest
 * and node). It reads the rows of an uploaded XLSX (first sheet) or CSV within the limits it is
 * given, and answers one message: `{ ok: true, rows }` or `{ ok: false, kind, rule?, params? }`.
 *
 * An XLSX is a ZIP: its central directory is checked before anything is inflated (entry count,
 * declared sizes, no ZIP64), and each part it needs is inflated with a cap on the actual output,
 * so a ZIP bomb stops at the cap. Rows, columns and cells are counted from the sheet's own
 * `<dimension ref>` and from every cell and row reference while reading, so a sparse sheet (one
 * cell in column XFD) is refused before anything is allocated for it. The sheet XML is read by a
 * few regular expressions: only the cell texts are needed, never styles, merges or validations.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { inflateRawSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';

/** A refusal the main thread turns into 400 FILE_TOO_COMPLEX (or UNSUPPORTED_FILE). */
class Refusal extends Error {
  /**
   * @param {'too-complex' | 'unsupported'} kind
   * @param {string} [rule]
   * @param {Record<string, number | string>} [params]
   */
  constructor(kind, rule, params) {
    super(rule ?? kind);
    this.kind = kind;
    this.rule = rule;
    this.params = params;
  }
}
const tooComplex = (rule, params) => new Refusal('too-complex', rule, params);
const unsupported = () => new Refusal('unsupported');

const MB = 1024 * 1024;

// ---------------------------------------------------------------- ZIP

/**
 * The entries of a ZIP's central directory, checked against the limits before any inflating.
 * @param {Buffer} buf
 * @param {{ zipEntries: number, entryBytes: number, totalBytes: number }} limits
 */
function centralDirectory(buf, limits) {
  // The end-of-central-directory record: 22 bytes plus a comment of up to 65535.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw unsupported();
  const declared = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  // ZIP64 markers: no spreadsheet we take needs one.
  if (declared === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw unsupported();
  if (declared > limits.zipEntries) throw tooComplex('ZIP_TOO_MANY_ENTRIES', { max: limits.zipEntries });
  if (cdOffset + cdSize > eocd) throw unsupported();
  /** @type {Map<string, { method: number, compressed: number, size: number, offset: number }>} */
  const entries = new Map();
  let total = 0;
  let count = 0;
  let p = cdOffset;
  while (p + 46 <= cdOffset + cdSize && buf.readUInt32LE(p) === 0x02014b50) {
    if (++count > limits.zipEntries) throw tooComplex('ZIP_TOO_MANY_ENTRIES', { max: limits.zipEntries });
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    if (flags & 0x1) throw unsupported(); // encrypted
    if (compressed === 0xffffffff || size === 0xffffffff || offset === 0xffffffff) throw unsupported();
    if (size > limits.entryBytes) throw tooComplex('ZIP_ENTRY_TOO_LARGE', { max: limits.entryBytes / MB });
    total += size;
    if (total > limits.totalBytes) throw tooComplex('ZIP_TOO_LARGE', { max: limits.totalBytes / MB });
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    entries.set(name, { method, compressed, size, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  if (count !== declared) throw unsupported();
  return entries;
}

/**
 * One entry's bytes, inflated with a cap on the actual output whatever the directory declared.
 * @param {Buffer} buf
 * @param {{ method: number, compressed: number, size: number, offset: number }} entry
 * @param {{ entryBytes: number, totalBytes: number }} limits
 * @param {{ inflated: number }} budget
 */
function entryBytes(buf, entry, limits, budget) {
  const p = entry.offset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50) throw unsupported();
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  if (start + entry.compressed > buf.length) throw unsupported();
  const raw = buf.subarray(start, start + entry.compressed);
  const cap = Math.min(limits.entryBytes, limits.totalBytes - budget.inflated);
  let out;
  if (entry.method === 0) out = raw;
  else if (entry.method === 8) {
    try {
      // Stops as soon as the output passes the cap: a bomb never inflates further than that.
      out = inflateRawSync(raw, { maxOutputLength: cap + 1 });
    } catch (err) {
      if (err && (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError))
        throw tooComplex('ZIP_ENTRY_TOO_LARGE', { max: limits.entryBytes / MB });
      throw unsupported();
    }
  } else throw unsupported();
  if (out.length > cap) throw tooComplex('ZIP_ENTRY_TOO_LARGE', { max: limits.entryBytes / MB });
  budget.inflated += out.length;
  return out;
}

// ---------------------------------------------------------------- XML

const ENTITY = /&(?:#x([0-9a-fA-F]{1,6})|#(\d{1,7})|(amp|lt|gt|quot|apos));/g;
const NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** @param {string} s */
function unescapeXml(s) {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (m, hex, dec, name) => {
    if (name) return NAMED[name];
    const code = hex ? parseInt(hex, 16) : Number(dec);
    return code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

/** @param {string} attrs @param {string} name */
function attr(attrs, name) {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? unescapeXml(m[1] ?? m[2] ?? '') : undefined;
}

const PHONETIC = /<(?:[\w.-]+:)?rPh\b[\s\S]*?<\/(?:[\w.-]+:)?rPh>/g;
const TEXT_RUN = /<(?:[\w.-]+:)?t(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?t>/g;
/** The text of an `<si>` or `<is>`: its runs, without phonetic hints. */
function runsText(xml) {
  let out = '';
  for (const m of xml.replace(PHONETIC, '').matchAll(TEXT_RUN)) out += m[1];
  return unescapeXml(out);
}

/** "XFD" → 16384 */
function columnNumber(letters) {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}
const REF = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;

/** @param {string} ref e.g. "B12" */
function parseRef(ref) {
  const m = REF.exec(ref.trim());
  return m ? { col: columnNumber(m[1].toUpperCase()), row: Number(m[2]) } : undefined;
}

/** Resolves a relationship target against the folder of the part that names it. */
function resolvePart(base, target) {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}
const relsOf = (part) => {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
};
const RELATIONSHIP = /<(?:[\w.-]+:)?Relationship\b([^>]*)>/g;
/** @returns {{ id: string, type: string, target: string }[]} */
function relationships(xml) {
  return [...xml.matchAll(RELATIONSHIP)].map((m) => ({
    id: attr(m[1], 'Id') ?? '',
    type: attr(m[1], 'Type') ?? '',
    target: attr(m[1], 'Target') ?? '',
  }));
}

/** @param {Buffer} buf @param {typeof workerData.limits} limits */
function readXlsx(buf, limits) {
  const entries = centralDirectory(buf, limits);
  const budget = { inflated: 0 };
  const part = (name) => {
    const entry = entries.get(name);
    return entry ? entryBytes(buf, entry, limits, budget).toString('utf8') : undefined;
  };
  const rootRels = part('_rels/.rels');
  const workbookPart =
    (rootRels &&
      relationships(rootRels)
        .find((r) => r.type.endsWith('/officeDocument'))
        ?.target.replace(/^\//, '')) ||
    'xl/workbook.xml';
  const workbook = part(workbookPart);
  const wbRelsXml = part(relsOf(workbookPart));
  if (!workbook || !wbRelsXml) throw unsupported();
  const wbRels = relationships(wbRelsXml);
  const firstSheet = /<(?:[\w.-]+:)?sheet\b([^>]*)>/.exec(workbook);
  const sheetRid = firstSheet ? /(?:^|\s)[\w.-]+:id\s*=\s*"([^"]*)"/.exec(firstSheet[1])?.[1] : undefined;
  const sheetRel = wbRels.find((r) => r.id === sheetRid);
  if (!sheetRel) throw unsupported();
  const sharedRel = wbRels.find((r) => r.type.endsWith('/sharedStrings'));
  const sheetXml = part(resolvePart(workbookPart, sheetRel.target));
  if (sheetXml === undefined) throw unsupported();

  // The sheet's own statement of its size comes first: nothing is read for an absurd one.
  const dim = /<(?:[\w.-]+:)?dimension\b([^>]*)>/.exec(sheetXml);
  if (dim) {
    for (const ref of (attr(dim[1], 'ref') ?? '').split(':')) {
      const at = parseRef(ref);
      if (at && at.col > limits.columns) throw tooComplex('SHEET_TOO_MANY_COLUMNS', { max: limits.columns });
      if (at && at.row > limits.rows) throw tooComplex('SHEET_TOO_MANY_ROWS', { max: limits.rows });
    }
  }

  /** @type {string[]} */
  let shared = [];
  if (sharedRel) {
    const xml = part(resolvePart(workbookPart, sharedRel.target)) ?? '';
    shared = [];
    for (const m of xml.matchAll(/<(?:[\w.-]+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?si>)/g)) {
      if (shared.length >= limits.cells) throw tooComplex('SHEET_TOO_MANY_CELLS', { max: limits.cells });
      shared.push(m[1] ? runsText(m[1]) : '');
    }
  }
  return sheetRows(sheetXml, shared, limits);
}

const ROW = /<(?:[\w.-]+:)?row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?row>)/g;
const CELL = /<(?:[\w.-]+:)?c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?c>)/g;
const VALUE = /<(?:[\w.-]+:)?v(?:\s[^>]*)?>([\s\S]*?)<\/(?:[\w.-]+:)?v>/;
const INLINE = /<(?:[\w.-]+:)?is\b[^>]*>([\s\S]*?)<\/(?:[\w.-]+:)?is>/;

/** The text of each cell, as the old reader (ExcelJS `cell.text`) gave it for text, numbers and booleans. */
function cellText(attrs, body, shared) {
  const type = attr(attrs, 't') ?? 'n';
  if (type === 'inlineStr') {
    const is = body ? INLINE.exec(body) : null;
    return is ? runsText(is[1]) : '';
  }
  const v = body ? VALUE.exec(body) : null;
  if (!v) return '';
  const raw = unescapeXml(v[1]);
  if (type === 's') return shared[Number(raw)] ?? '';
  if (type === 'b') return raw === '1' ? 'true' : 'false';
  if (type === 'n') {
    const n = Number(raw);
    return raw.trim() !== '' && Number.isFinite(n) ? String(n) : raw;
  }
  return raw; // str, e, d
}

function sheetRows(xml, shared, limits) {
  /** @type {string[][]} */
  const rows = [];
  let rowNo = 0;
  let cells = 0;
  for (const r of xml.matchAll(ROW)) {
    const declared = Number(attr(r[1], 'r'));
    rowNo = Number.isInteger(declared) && declared > rowNo ? declared : rowNo + 1;
    if (rowNo > limits.rows) throw tooComplex('SHEET_TOO_MANY_ROWS', { max: limits.rows });
    /** @type {string[]} */
    const row = [];
    let col = 0;
    for (const c of (r[2] ?? '').matchAll(CELL)) {
      if (++cells > limits.cells) throw tooComplex('SHEET_TOO_MANY_CELLS', { max: limits.cells });
      const ref = attr(c[1], 'r');
      const at = ref ? parseRef(ref) : undefined;
      col = at ? at.col : col + 1;
      if (col > limits.columns) throw tooComplex('SHEET_TOO_MANY_COLUMNS', { max: limits.columns });
      if (at && at.row > limits.rows) throw tooComplex('SHEET_TOO_MANY_ROWS', { max: limits.rows });
      const text = cellText(c[1], c[2], shared);
      if (text === '' && col > row.length) continue;
      while (row.length < col - 1) row.push('');
      row[col - 1] = text;
    }
    rows[rowNo - 1] = row;
  }
  return Array.from(rows, (r) => r ?? []);
}

// ---------------------------------------------------------------- CSV

/**
 * The separator of a CSV: the one of `,`, `;` and tab found most often outside quotes in its first
 * line (Excel in Vietnamese writes `;`, and then a comma is part of a name: "Sở Tư pháp, Gia Lai").
 * @param {string} src
 */
function delimiterOf(src) {
  /** @type {Record<string, number>} */
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of src) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch]++;
  }
  const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
  return best && best[1] > 0 ? best[0] : ',';
}

/**
 * UTF-8 CSV read by csv-parse, with one separator, quoted fields and a BOM; rows, columns and
 * cells are counted as each record is read.
 */
function readCsv(buf, limits) {
  const text = buf.toString('utf8');
  // A CSV is text: refuse binaries that merely carry a .csv name.
  if (text.includes('\u0000') || text.includes('\uFFFD')) throw unsupported();
  let rows = 0;
  let cells = 0;
  /** @type {Refusal | undefined} */
  let refusal;
  /** @param {string[]} record */
  const check = (record) => {
    if (++rows > limits.rows) throw (refusal = tooComplex('SHEET_TOO_MANY_ROWS', { max: limits.rows }));
    if (record.length > limits.columns) throw (refusal = tooComplex('SHEET_TOO_MANY_COLUMNS', { max: limits.columns }));
    cells += record.length;
    if (cells > limits.cells) throw (refusal = tooComplex('SHEET_TOO_MANY_CELLS', { max: limits.cells }));
    return record;
  };
  try {
    return parse(text, {
      bom: true,
      delimiter: delimiterOf(text.replace(/^\uFEFF/, '')),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      record_delimiter: ['\r\n', '\n', '\r'],
      on_record: check,
    });
  } catch (err) {
    // csv-parse may wrap what on_record throws: the refusal itself is kept aside.
    if (refusal) throw refusal;
    if (err instanceof Refusal) throw err;
    throw unsupported();
  }
}

// ---------------------------------------------------------------- main

const { buffer, limits } = workerData;
const buf = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
try {
  const isZip = buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50;
  parentPort.postMessage({ ok: true, rows: isZip ? readXlsx(buf, limits) : readCsv(buf, limits) });
} catch (err) {
  if (err instanceof Refusal) parentPort.postMessage({ ok: false, kind: err.kind, rule: err.rule, params: err.params });
  else parentPort.postMessage({ ok: false, kind: 'unsupported' });
}
