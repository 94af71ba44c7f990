/**
 * Issue #13 item 1: an uploaded spreadsheet is read within bounds. Hostile files are built here:
 * a sparse sheet with one cell in column XFD per row, ZIP bombs (declared small and declared
 * large), a ZIP with too many entries, CSVs past the row and column caps. Each is a quick 400
 * FILE_TOO_COMPLEX naming the limit, while the event loop keeps turning and the server does not
 * grow; real files still read as before.
 */
import ExcelJS from 'exceljs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSpreadsheet, SPREADSHEET_LIMITS } from '../../server/lib/spreadsheet/index.js';
import { importDemo, login, makeApp, multipart, type TestApp } from '../helpers/app.js';
import { zipOf, type Entry } from '../helpers/zip.js';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts of a one-sheet workbook around the given sheet XML (or sheet entry). */
function xlsx(sheet: string | Entry, extra: Entry[] = []): Buffer {
  const part = (name: string, xml: string): Entry => ({ name, data: Buffer.from(xml) });
  return zipOf([
    part(
      '[Content_Types].xml',
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ),
    part(
      '_rels/.rels',
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    part(
      'xl/workbook.xml',
      `<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    part(
      'xl/_rels/workbook.xml.rels',
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    typeof sheet === 'string' ? part('xl/worksheets/sheet1.xml', sheet) : sheet,
    ...extra,
  ]);
}

/** 3,000 rows, each with one cell in column XFD (the last one Excel has). */
function sparseSheet(withDimension: boolean): string {
  const rows: string[] = [];
  for (let r = 1; r <= 3000; r++) rows.push(`<row r="${r}"><c r="XFD${r}" t="inlineStr"><is><t>x</t></is></c></row>`);
  const dim = withDimension ? '<dimension ref="A1:XFD3000"/>' : '';
  return `<worksheet xmlns="${NS}">${dim}<sheetData>${rows.join('')}</sheetData></worksheet>`;
}

let h: TestApp;
let organizer: string;
beforeAll(async () => {
  h = await makeApp();
  organizer = await login(h.app);
  await importDemo(h.app, organizer);
});
const SLUG = 'cchc-gialai-2019';
afterAll(() => h.app.close());

/** Uploads a file to one of the three imports, watching the event loop and the process's memory. */
async function upload(url: string, content: Buffer, filename = 'don-vi.xlsx') {
  const up = multipart([{ name: 'file', filename, type: 'application/octet-stream', content }]);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const rss0 = process.memoryUsage().rss;
  let rssMax = rss0;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 20);
  loop.enable();
  const started = performance.now();
  try {
    const res = await h.app.inject({
      method: 'POST',
      url,
      headers: { cookie: organizer, 'accept-language': 'en', ...up.headers },
      payload: up.payload,
    });
    return {
      res,
      ms: performance.now() - started,
      maxDelayMs: loop.max / 1e6,
      grownMb: (Math.max(rssMax, process.memoryUsage().rss) - rss0) / (1024 * 1024),
    };
  } finally {
    loop.disable();
    clearInterval(sampler);
  }
}

function expectRefused(r: Awaited<ReturnType<typeof upload>>, limitWords: RegExp) {
  expect(r.res.statusCode, r.res.body).toBe(400);
  const body = r.res.json() as { error: { code: string; message: string; path?: string } };
  expect(body.error.code).toBe('FILE_TOO_COMPLEX');
  expect(body.error.path).toBe('file');
  expect(body.error.message).toMatch(limitWords);
  // Generous bounds, for a loaded 2-core machine: the old reader took seconds and gigabytes.
  expect(r.ms).toBeLessThan(5000);
  expect(r.maxDelayMs).toBeLessThan(300);
  expect(r.grownMb).toBeLessThan(200);
}

describe('hostile spreadsheets are refused quickly, without blocking or growing the server', () => {
  it('a sparse sheet with a cell in column XFD on each of 3,000 rows (by its dimension, and by its cells)', async () => {
    const withDim = xlsx(sparseSheet(true));
    expect(withDim.length).toBeLessThan(64 * 1024);
    expectRefused(await upload('/api/units/import', withDim), /200 columns/);
    const cellsOnly = xlsx(sparseSheet(false));
    expectRefused(await upload('/api/units/import', cellsOnly), /200 columns/);
  });

  it('a ZIP bomb whose sheet declares a small size is stopped at the cap on what is actually inflated', async () => {
    const huge = Buffer.alloc(200 * 1024 * 1024, 0x20); // 200 MB of spaces deflate to ~200 KB
    const bomb = xlsx({ name: 'xl/worksheets/sheet1.xml', data: huge, declaredSize: 1000 });
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const r = await upload('/api/units/import', bomb);
    expectRefused(r, /16 MB once unpacked/);
  });

  it('a ZIP whose directory declares a huge entry is refused before anything is inflated', async () => {
    const bomb = xlsx({ name: 'xl/worksheets/sheet1.xml', data: Buffer.from('<worksheet/>'), declaredSize: 3_000_000_000 });
    expectRefused(await upload(`/api/contests/${SLUG}/teams/import`, bomb, 'doi.xlsx'), /16 MB once unpacked/);
  });

  it('a ZIP with more entries than a workbook needs', async () => {
    const extra = Array.from({ length: 1200 }, (_, i) => ({ name: `junk/${i}.xml`, data: Buffer.from('<x/>'), stored: true }));
    expectRefused(await upload('/api/units/import', xlsx('<worksheet/>', extra)), /1000 parts/);
  });

  it('a small file whose XML is slow to read is stopped at the deadline', async () => {
    // 4 MB of rows that never close: each one makes a reader look to the end of the sheet.
    const slow = xlsx({
      name: 'xl/worksheets/sheet1.xml',
      data: Buffer.from(`<worksheet><sheetData>${'<row>'.repeat(800_000)}`),
    });
    expect(slow.length).toBeLessThan(64 * 1024);
    const r = await upload('/api/units/import', slow);
    expect(r.res.statusCode, r.res.body).toBe(400);
    expect(r.res.json().error.message).toMatch(new RegExp(`within ${SPREADSHEET_LIMITS.deadlineMs / 1000} seconds`));
    expect(r.ms).toBeLessThan(SPREADSHEET_LIMITS.deadlineMs + 5000);
    expect(r.maxDelayMs).toBeLessThan(300);
  });

  it('a CSV past the row cap, and one past the column cap (the quiz bank too)', async () => {
    const rows = Buffer.from('Đơn vị\n' + 'a\n'.repeat(SPREADSHEET_LIMITS.rows + 1));
    expectRefused(await upload('/api/units/import', rows, 'don-vi.csv'), new RegExp(`${SPREADSHEET_LIMITS.rows} rows`));
    const wide = Buffer.from(Array.from({ length: 300 }, (_, i) => `c${i}`).join(',') + '\n');
    expectRefused(await upload(`/api/contests/${SLUG}/quiz/kien-thuc/import`, wide, 'q.csv'), /200 columns/);
  });
});

describe('the worker that reads a spreadsheet', () => {
  it('is stopped at its deadline', async () => {
    const csv = Buffer.from('a,b\n'.repeat(50_000));
    await expect(readSpreadsheet(csv, { ...SPREADSHEET_LIMITS, deadlineMs: 1 })).rejects.toMatchObject({
      code: 'FILE_TOO_COMPLEX',
      params: { rule: 'SHEET_TOO_SLOW' },
    });
  });

  it('is stopped at its heap limit', async () => {
    const csv = Buffer.from(('x'.repeat(40) + ',').repeat(99) + 'y\n')
      .toString()
      .repeat(1500);
    await expect(
      readSpreadsheet(Buffer.from(csv), { ...SPREADSHEET_LIMITS, heapMb: 2, cells: 1e7, fileBytes: 1e8, deadlineMs: 30_000 }),
    ).rejects.toMatchObject({ code: 'FILE_TOO_COMPLEX', params: { rule: 'SHEET_TOO_LARGE' } });
  });

  it('reads a real workbook as ExcelJS does: shared and inline strings, numbers, booleans, gaps, the first sheet only', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Đơn vị');
    ws.addRow(['Đơn vị', 'Số', 'Đúng?']);
    ws.addRow(['Sở Tư pháp & <Công an>', 12.5, true]);
    ws.getCell('E4').value = 'xa';
    ws.getCell('A5').value = { richText: [{ text: 'Trung ' }, { text: 'tâm', font: { bold: true } }] };
    wb.addWorksheet('Khác').addRow(['không đọc']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const rows = await readSpreadsheet(buf);
    expect(rows).toEqual([
      ['Đơn vị', 'Số', 'Đúng?'],
      ['Sở Tư pháp & <Công an>', '12.5', 'true'],
      [],
      ['', '', '', '', 'xa'],
      ['Trung tâm'],
    ]);
  });

  it('ignores merges and validations over whole columns (a reader that expands them cell by cell would not finish)', async () => {
    const sheet =
      `<worksheet xmlns="${NS}"><dimension ref="A1:B2"/><sheetData>` +
      '<row r="1"><c r="A1" t="inlineStr"><is><t>Đơn vị</t></is></c></row>' +
      '<row r="2"><c r="A2" t="inlineStr"><is><t>Sở Y tế</t></is></c><c r="B2"><v>7</v></c></row>' +
      '</sheetData><mergeCells count="1"><mergeCell ref="C1:XFD1048576"/></mergeCells>' +
      '<dataValidations count="1"><dataValidation type="list" sqref="B2:B1048576 D1:XFD1048576"><formula1>"a,b"</formula1></dataValidation></dataValidations>' +
      '</worksheet>';
    const r = await upload('/api/units/import', xlsx(sheet));
    expect(r.res.statusCode, r.res.body).toBe(200);
    expect(r.res.json()).toEqual({ units: ['Sở Y tế'], errors: [] });
    expect(r.ms).toBeLessThan(5000);
  });

  it('reads a CSV with quotes, semicolons and a BOM', async () => {
    const rows = await readSpreadsheet(Buffer.from('\uFEFFĐơn vị;Ghi chú\n"Sở ""A""";x\r\nB;"c\nd"\n'));
    expect(rows).toEqual([
      ['Đơn vị', 'Ghi chú'],
      ['Sở "A"', 'x'],
      ['B', 'c\nd'],
    ]);
  });

  it('reads one separator per file: in a semicolon CSV a comma is part of the text, and the other way round', async () => {
    const semicolons = await readSpreadsheet(Buffer.from('Đơn vị;Ghi chú\nSở Tư pháp, Gia Lai;a, b\n'));
    expect(semicolons).toEqual([
      ['Đơn vị', 'Ghi chú'],
      ['Sở Tư pháp, Gia Lai', 'a, b'],
    ]);
    const commas = await readSpreadsheet(Buffer.from('Đơn vị,Ghi chú\n"Sở Tư pháp; Gia Lai",x;y\n'));
    expect(commas).toEqual([
      ['Đơn vị', 'Ghi chú'],
      ['Sở Tư pháp; Gia Lai', 'x;y'],
    ]);
    const tabs = await readSpreadsheet(Buffer.from('Đơn vị\tGhi chú\nSở Y tế; Gia Lai\tz, w\n'));
    expect(tabs).toEqual([
      ['Đơn vị', 'Ghi chú'],
      ['Sở Y tế; Gia Lai', 'z, w'],
    ]);
  });
});
