import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sheetName } from '../../server/modules/documents/xlsx.js';
import { demoPackage, HOST, importDemo, login, makeApp, type TestApp } from '../helpers/app.js';
import { pdfPages } from '../helpers/pdf.js';

const SLUG = 'cchc-gialai-2019';
const EVIL_SLUG = 'cong-thuc-doc';
const EVIL_NAME = '=HYPERLINK("http://evil.test","Bấm vào đây")';
const EVIL_UNIT = '@Đơn vị, có dấu phẩy';
const ROUTES = ['results.csv', 'results.xlsx', 'results.pdf', 'score-sheets.pdf', 'certificates.pdf'];

const seed = demoPackage();
const TEAMS = seed.teams ?? [];
const JUDGES = seed.judges ?? [];
type Marks = [number, number, number];
/** gioi-thieu marks submitted per team and judge (noi-vu: gk1 has a conflict and cannot mark it). */
const SUBMITTED: Record<string, Record<string, Marks>> = {
  bhxh: { gk1: [30, 20, 20], gk2: [31, 20.5, 20], gk3: [32.5, 21, 19.5], gk4: [33, 20, 20], gk5: [40, 25, 25] },
  kbnn: { gk1: [35, 25, 25], gk2: [34.5, 24, 25], gk3: [36, 26, 27.5], gk5: [30, 20, 20] },
  'noi-vu': { gk2: [38, 28, 27], gk3: [37.5, 27.5, 28], gk4: [39, 29, 29.5], gk5: [36, 26, 26] },
  ldtbxh: { gk4: [28, 18.5, 17] },
};
const sum = (m: Marks) => m[0] + m[1] + m[2];

let h: TestApp;
let cookie: string;
let hostCookie: string;

const get = (url: string, headers: Record<string, string> = { cookie }) => h.app.inject({ method: 'GET', url, headers });

beforeAll(async () => {
  h = await makeApp();
  cookie = await login(h.app);
  hostCookie = await login(h.app, HOST);
  const { judges } = await importDemo(h.app, cookie);
  for (const [team, byJudge] of Object.entries(SUBMITTED))
    for (const [judge, m] of Object.entries(byJudge)) {
      const res = await h.app.inject({
        method: 'PUT',
        url: `/api/contests/${SLUG}/sheets/gioi-thieu/${team}`,
        headers: { authorization: `Bearer ${judges[judge]}`, 'idempotency-key': randomUUID() },
        payload: { marks: { 'noi-dung': m[0], 'hinh-thuc': m[1], 'sang-tao': m[2] }, status: 'submitted' },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
  // A draft never shows.
  const draft = await h.app.inject({
    method: 'PUT',
    url: `/api/contests/${SLUG}/sheets/gioi-thieu/tu-phap`,
    headers: { authorization: `Bearer ${judges['gk2']}`, 'idempotency-key': randomUUID() },
    payload: { marks: { 'noi-dung': 11 }, status: 'draft' },
  });
  expect(draft.statusCode, draft.body).toBe(200);
  for (const team of ['bhxh', 'kbnn']) {
    const lock = await h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/rounds/gioi-thieu/teams/${team}/lock`,
      headers: { cookie },
      // gk4 did not mark kbnn: the lock is forced, and the minutes list its reason.
      payload: { force: true, reason: 'Giám khảo 4 chấm trên giấy' },
    });
    expect(lock.statusCode, lock.body).toBe(200);
  }
  for (const payload of [
    { team: 'bhxh', member: 'Nguyễn Thị Thanh Hương', reason: 'Phần thuyết trình thuyết phục' },
    { team: 'ldtbxh', reason: 'Cả đội thể hiện xuất sắc' },
  ]) {
    const res = await h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/prizes/ts-xs/awards`,
      headers: { cookie },
      payload,
    });
    expect(res.statusCode, res.body).toBe(201);
  }

  // A second contest whose team name and unit would run as formulas in a spreadsheet.
  const evil = demoPackage();
  evil.slug = EVIL_SLUG;
  const first = evil.teams?.[0];
  if (!first) throw new Error('the demo has teams');
  first.name = EVIL_NAME;
  first.unit = EVIL_UNIT;
  const res = await h.app.inject({ method: 'POST', url: '/api/contests', payload: evil, headers: { cookie } });
  expect(res.statusCode, res.body).toBe(201);
  const out = await h.app.inject({ method: 'POST', url: `/api/contests/${EVIL_SLUG}/teams/bhxh/withdraw`, headers: { cookie } });
  expect(out.statusCode, out.body).toBe(200);
});
afterAll(async () => {
  await h?.app.close();
});

/** RFC 4180: quoted fields, doubled quotes, CRLF between records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else if (c === '\n') throw new Error(`bare LF at ${i}`);
    else field += c;
    i++;
  }
  if (field !== '' || row.length) throw new Error('the last record has no CRLF');
  return rows;
}

/** Whether `needle` is on the page, whatever pdf.js did with the spaces. */
const has = (page: string, needle: string) => page.replace(/\s+/g, '').includes(needle.normalize('NFC').replace(/\s+/g, ''));

interface BoardRow {
  rank: number | null;
  team: string;
  name: string;
  unit: string;
  total: number;
  rounds: Record<string, number | null>;
  prizes: string[];
}
const scoreboard = async () => (await get(`/api/contests/${SLUG}/scoreboard`)).json() as { rows: BoardRow[] };
const judgeName = (key: string) => JUDGES.find((j) => j.key === key)!.name;
const teamOf = (key: string) => TEAMS.find((t) => t.key === key)!;

describe('results.csv', () => {
  it('is UTF-8 with a BOM and CRLF, and agrees with the scoreboard and with every submitted sheet', async () => {
    const res = await get(`/api/contests/${SLUG}/results.csv`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${SLUG}-ket-qua.csv"`);
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = res.rawPayload.toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(text.slice(1));

    const judges = JUDGES.map((j) => j.name);
    expect(header).toEqual([
      'Hạng',
      'Mã đội',
      'Đội thi',
      'Đơn vị',
      ...judges.map((n) => `Tự giới thiệu – ${n}`),
      'Tự giới thiệu',
      'Kiến thức',
      ...judges.map((n) => `Thuyết trình – ${n}`),
      'Thuyết trình',
      'Điểm thưởng / trừ của Ban Tổ chức',
      'Tổng điểm',
      'Giải thưởng',
    ]);
    const col = (name: string) => header!.indexOf(name);

    const board = await scoreboard();
    expect(rows).toHaveLength(20);
    expect(rows.map((r) => r[1])).toEqual(board.rows.map((r) => r.team));
    const num = (v: number | null) => (v === null ? '' : v.toFixed(2));
    for (const [i, b] of board.rows.entries()) {
      const r = rows[i]!;
      expect(r[0]).toBe(b.rank === null ? '' : String(b.rank));
      expect(r[2]).toBe(b.name);
      expect(r[3]).toBe(b.unit);
      expect(r[col('Tổng điểm')]).toBe(num(b.total));
      for (const round of ['Tự giới thiệu', 'Kiến thức', 'Thuyết trình']) {
        const key = seed.rounds.find((x) => x.title === round)!.key;
        expect(r[col(round)]).toBe(num(b.rounds[key] ?? null));
      }
      for (const j of JUDGES) {
        const marks = SUBMITTED[b.team]?.[j.key];
        const conflict = j.conflicts?.includes(b.team);
        expect(r[col(`Tự giới thiệu – ${j.name}`)], `${b.team}/${j.key}`).toBe(
          conflict ? 'XĐLI' : marks ? sum(marks).toFixed(2) : '',
        );
        expect(r[col(`Thuyết trình – ${j.name}`)]).toBe(conflict ? 'XĐLI' : '');
      }
    }
    // Numbers the engine gives: bhxh, 5 sheets 70, 71.5, 73, 73, 90 → trimmed mean 72.5.
    const bhxh = rows.find((r) => r[1] === 'bhxh')!;
    expect(bhxh[col('Tự giới thiệu')]).toBe('72.50');
    expect(bhxh[col('Giải thưởng')]).toContain('Thí sinh thuyết trình xuất sắc');
    expect(rows.find((r) => r[1] === 'ldtbxh')![col('Giải thưởng')]).toContain('Thí sinh thuyết trình xuất sắc');
    // Diacritics intact, compared in NFC.
    const ld = rows.find((r) => r[1] === 'ldtbxh')!;
    expect(ld[3]!.normalize('NFC')).toBe('CĐCS Sở Lao động – Thương binh và Xã hội'.normalize('NFC'));
    expect(text).toContain('Đội Sở Văn hóa, Thể thao và Du lịch');
    // A name with a comma is quoted.
    expect(text).toContain('"Đội Sở Văn hóa, Thể thao và Du lịch"');
  });

  it('neutralises cells that a spreadsheet would run as a formula', async () => {
    const res = await get(`/api/contests/${EVIL_SLUG}/results.csv`);
    expect(res.statusCode).toBe(200);
    const text = res.rawPayload.toString('utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.test"",""Bấm vào đây"")"`);
    const row = parseCsv(text.slice(1)).find((r) => r[1] === TEAMS[0]!.key)!;
    expect(row[2]).toBe(`'${EVIL_NAME}`);
    expect(row[3]).toBe(`'${EVIL_UNIT}`);
    // Plain numbers stay numbers.
    expect(row[row.length - 2]).toBe('0.00');
    expect(text.split('\r\n').some((line) => /(^|,)[=+@-]/.test(line))).toBe(false);
    // The withdrawn team comes last, without a rank.
    const rows = parseCsv(text.slice(1));
    expect(rows.at(-1)![1]).toBe('bhxh');
    expect(rows.at(-1)![0]).toBe('');
    // Nobody has a score in this contest yet: no team is ranked (scoring.md §7, no rank without a score).
    expect(rows.slice(1, -1).every((r) => r[0] === '')).toBe(true);
  });

  it('XLSX sheet names follow Excel’s rules', () => {
    const taken = new Set<string>(['xếp hạng']);
    const a = sheetName('Vòng 1: Kiến thức [A/B]? *chung kết* \\ phần thi rất dài', taken, 'x');
    expect(a).not.toMatch(/[[\]:*?/\\]/);
    expect([...a].length).toBeLessThanOrEqual(31);
    const b = sheetName('Vòng 1: Kiến thức [A/B]? *chung kết* \\ phần thi rất dài', taken, 'x');
    expect(b).not.toBe(a);
    expect([...b].length).toBeLessThanOrEqual(31);
    expect(sheetName('Xếp hạng', taken, 'x')).toBe('Xếp hạng (2)');
    expect(sheetName("'[]'", taken, 'Phần thi 3')).toBe('Phần thi 3');
  });

  it('speaks English when asked', async () => {
    const res = await get(`/api/contests/${SLUG}/results.csv`, { cookie, 'accept-language': 'en-US,en;q=0.8' });
    const [header, ...rows] = parseCsv(res.rawPayload.toString('utf8').slice(1));
    expect(header!.slice(0, 4)).toEqual(['Rank', 'Team key', 'Team', 'Unit']);
    expect(header).toContain('Total');
    const nv = rows.find((r) => r[1] === 'noi-vu')!;
    expect(nv[header!.indexOf(`Tự giới thiệu – ${judgeName('gk1')}`)]).toBe('COI');
  });
});

describe('results.xlsx', () => {
  it('holds the standings and every judge’s marks per rubric round, as numbers', async () => {
    const res = await get(`/api/contests/${SLUG}/results.xlsx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${SLUG}-ket-qua.xlsx"`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    expect(wb.creator).toBe('hoithi');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Xếp hạng', 'Tự giới thiệu', 'Thuyết trình']);

    const ws = wb.getWorksheet('Xếp hạng')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      'Hạng',
      'Mã đội',
      'Đội thi',
      'Đơn vị',
      'Tự giới thiệu',
      'Kiến thức',
      'Thuyết trình',
      'Điểm thưởng / trừ của Ban Tổ chức',
      'Tổng điểm',
      'Giải thưởng',
    ]);
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const board = await scoreboard();
    for (const [i, b] of board.rows.entries()) {
      const row = ws.getRow(i + 2);
      expect(row.getCell(1).value).toBe(b.rank);
      expect(row.getCell(2).value).toBe(b.team);
      expect(row.getCell(3).value).toBe(b.name);
      expect(row.getCell(5).value).toBe(b.rounds['gioi-thieu'] ?? null);
      expect(row.getCell(9).value).toBe(b.total);
      expect(row.getCell(9).numFmt).toBe('0.00');
    }

    const round = wb.getWorksheet('Tự giới thiệu')!;
    const rh = (round.getRow(1).values as unknown[]).slice(1);
    expect(rh).toEqual([
      'Mã đội',
      'Đội thi',
      'Đơn vị',
      'Giám khảo',
      'Nội dung (40)',
      'Hình thức thể hiện (30)',
      'Sáng tạo, ấn tượng (30)',
      'Tổng',
      'Ghi chú',
      'Điểm phần thi',
    ]);
    expect(round.rowCount).toBe(1 + TEAMS.length * JUDGES.length);
    const seen = new Set<string>();
    for (let i = 2; i <= round.rowCount; i++) {
      const r = round.getRow(i);
      const team = String(r.getCell(1).value);
      const judge = JUDGES.find((j) => j.name === r.getCell(4).value)!;
      seen.add(`${team}/${judge.key}`);
      const marks = SUBMITTED[team]?.[judge.key];
      if (marks) {
        expect([r.getCell(5).value, r.getCell(6).value, r.getCell(7).value], `${team}/${judge.key}`).toEqual(marks);
        expect(r.getCell(8).value).toBe(sum(marks));
        expect(r.getCell(9).value).toBe(null);
      } else {
        expect(r.getCell(5).value).toBe(null);
        expect(r.getCell(9).value).toBe(judge.conflicts?.includes(team) ? 'Xung đột lợi ích' : 'Chưa nộp phiếu');
      }
      expect(r.getCell(10).value).toBe(board.rows.find((b) => b.team === team)!.rounds['gioi-thieu'] ?? null);
    }
    expect(seen.size).toBe(TEAMS.length * JUDGES.length);
    // Teams in the contest's order.
    expect(round.getRow(2).getCell(1).value).toBe(TEAMS[0]!.key);
  });
});

describe('the PDFs', () => {
  it('results.pdf is the minutes with the standings, every judge’s totals, the prizes and the audit head', async () => {
    const res = await get(`/api/contests/${SLUG}/results.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${SLUG}-bien-ban.pdf"`);
    const audit = (await get(`/api/contests/${SLUG}/audit`)).json() as { events: unknown[]; verified: { head: string } };
    const pages = await pdfPages(res.rawPayload);
    const all = pages.join(' ');
    expect(has(pages[0]!, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')).toBe(true);
    expect(has(pages[0]!, 'Độc lập - Tự do - Hạnh phúc')).toBe(true);
    expect(has(pages[0]!, 'CÔNG ĐOÀN VIÊN CHỨC TỈNH GIA LAI')).toBe(true);
    expect(has(pages[0]!, 'BIÊN BẢN TỔNG HỢP KẾT QUẢ CHẤM THI')).toBe(true);
    expect(has(pages[0]!, seed.title)).toBe(true);
    expect(has(pages[0]!, 'Pleiku, ngày 20 tháng 9 năm 2019')).toBe(true);
    for (const t of TEAMS) expect(has(all, t.name), t.name).toBe(true);
    expect(has(all, 'Đội Bảo hiểm xã hội tỉnh')).toBe(true);
    expect(has(all, 'Nguyễn Thị Hồng Loan')).toBe(true);
    // Vietnamese numbers: a decimal comma.
    expect(has(all, '72,50')).toBe(true);
    expect(has(all, 'XĐLI')).toBe(true);
    expect(has(all, 'Giải Nhất (tạm tính)')).toBe(true);
    expect(has(all, 'TRƯỞNG BAN GIÁM KHẢO')).toBe(true);
    expect(has(all, 'THƯ KÝ')).toBe(true);
    expect(has(all, judgeName('gk1'))).toBe(true);
    expect(audit.verified.head).toMatch(/^[0-9a-f]{64}$/);
    expect(has(pages.at(-1)!, audit.verified.head)).toBe(true);
    expect(has(pages.at(-1)!, `${audit.events.length} sự kiện`)).toBe(true);
    pages.forEach((p, i) => expect(has(p, `Trang ${i + 1}/${pages.length}`)).toBe(true));
  });

  it('score-sheets.pdf has one page per judge per rubric round, filled with the submitted marks', async () => {
    const res = await get(`/api/contests/${SLUG}/score-sheets.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${SLUG}-phieu-cham.pdf"`);
    const pages = await pdfPages(res.rawPayload);
    expect(pages).toHaveLength(2 * JUDGES.length);
    for (const [r, round] of ['Tự giới thiệu', 'Thuyết trình'].entries())
      for (const [j, judge] of JUDGES.entries()) {
        const page = pages[r * JUDGES.length + j]!;
        expect(has(page, 'PHIẾU CHẤM ĐIỂM')).toBe(true);
        expect(has(page, `Phần thi: ${round}`)).toBe(true);
        expect(has(page, judge.name)).toBe(true);
        expect(has(page, judge.title!)).toBe(true);
        expect(has(page, teamOf('noi-vu').name)).toBe(true);
        expect(has(page, 'Xung đột lợi ích – không chấm')).toBe(judge.key === 'gk1');
      }
    // gk3's sheet for kbnn: 36 + 26 + 27.5 = 89.5.
    const gk3 = pages[2]!;
    expect(has(gk3, '36,00 26,00 27,50 89,50')).toBe(true);
    expect(has(pages[0]!, 'Nội dung (tối đa 40)')).toBe(true);
  });

  it('certificates.pdf has a certificate per winner of each decided prize; its serial resolves', async () => {
    const res = await get(`/api/contests/${SLUG}/certificates.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${SLUG}-giay-khen.pdf"`);
    const pages = await pdfPages(res.rawPayload);
    // Only the special prize is decided: two awards, two certificates.
    expect(pages).toHaveLength(2);
    const [member, team] = pages as [string, string];
    for (const p of pages) {
      expect(has(p, 'GIẤY KHEN')).toBe(true);
      expect(has(p, 'TẶNG')).toBe(true);
      expect(has(p, 'CÔNG ĐOÀN VIÊN CHỨC TỈNH GIA LAI')).toBe(true);
      expect(has(p, `tại ${seed.title}`)).toBe(true);
      expect(has(p, 'Đã đạt giải “Thí sinh thuyết trình xuất sắc”')).toBe(true);
      expect(has(p, 'Pleiku, ngày 20 tháng 9 năm 2019')).toBe(true);
    }
    expect(has(member, 'Nguyễn Thị Thanh Hương')).toBe(true);
    expect(has(member, 'Đội Bảo hiểm xã hội tỉnh')).toBe(true);
    expect(has(member, 'CĐCS Bảo hiểm xã hội tỉnh')).toBe(true);
    expect(has(team, teamOf('ldtbxh').name)).toBe(true);

    for (const [page, expected] of [
      [member, { team: 'bhxh', member: 'Nguyễn Thị Thanh Hương' }],
      [team, { team: 'ldtbxh', member: null }],
    ] as const) {
      const serial = /Số:\s*([A-Z0-9-]{5,40})/.exec(page)?.[1];
      expect(serial, page).toBeDefined();
      expect(has(page, `http://hoithi.test/c/${serial}`)).toBe(true);
      const check = await h.app.inject({ method: 'GET', url: `/api/certificates/${serial}` });
      expect(check.statusCode, check.body).toBe(200);
      expect(check.json()).toMatchObject({
        serial,
        contest: { slug: SLUG },
        prize: { key: 'ts-xs', title: 'Thí sinh thuyết trình xuất sắc' },
        team: { key: expected.team },
        member: expected.member,
      });
    }
  });

  it('certificates before any prize is decided: 409 NO_WINNERS', async () => {
    const res = await get(`/api/contests/${EVIL_SLUG}/certificates.pdf`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'NO_WINNERS', message: 'Chưa có giải nào được xác định để in giấy khen' });
  });
});

describe('who may download', () => {
  it('anonymous 401, host 403, unknown contest 404 on every route', async () => {
    for (const doc of ROUTES) {
      const url = `/api/contests/${SLUG}/${doc}`;
      expect((await get(url, {})).statusCode, `${doc} anonymous`).toBe(401);
      const host = await get(url, { cookie: hostCookie });
      expect(host.statusCode, `${doc} host`).toBe(403);
      expect(host.json().error.code).toBe('FORBIDDEN');
      const unknown = await get(`/api/contests/khong-co-hoi-thi/${doc}`);
      expect(unknown.statusCode, `${doc} unknown`).toBe(404);
      expect(unknown.json().error.code).toBe('CONTEST_NOT_FOUND');
    }
  });
});
