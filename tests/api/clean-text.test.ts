/**
 * Clean text (issue #13 item 7, api.md "Clean text"): every name and free text is cleaned at input
 * by the contract's one `cleanText` — bidi controls, zero-width and control characters removed,
 * NFC — through registration, the CSV import of teams, the quiz bank's import, the contest editor
 * and the package import; the screens' data, CSV and XLSX then carry none of them.
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, text } from '../../server/contract/package.js';
import type { RegistrationFormInput } from '../../server/contract/registration.js';
import { demoPackage, multipart, useApp } from '../helpers/app.js';

const RLO = '\u202E'; // right-to-left override
const ZWSP = '\u200B'; // zero-width space
const LRI = '\u2066'; // left-to-right isolate
/** Every character the cleaning must remove, from each class. */
const INVISIBLE = [
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  RLO,
  LRI,
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200E',
  '\u200F',
  '\u061C',
  ZWSP,
  '\u200C',
  '\u200D',
  '\u2060',
  '\uFEFF',
  '\u0000',
  '\u0007',
  '\u001B',
  '\u007F',
  '\u0085',
  '\u009B',
];
const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
const BAD = new RegExp(`[${INVISIBLE.map(escape).join('')}\\u2028\\u2029]`);
/** "Đội <RLO>Sở<ZWSP> Tư pháp<LRI>" with the "ộ" decomposed (NFD). */
const dirty = (name: string) => `${RLO}${name.normalize('NFD')}${ZWSP}${LRI}`;

describe('cleanText', () => {
  it('removes bidi controls, zero-width and control characters, and composes to NFC', () => {
    for (const ch of INVISIBLE) expect(cleanText(`Đội${ch}Một`)).toBe('ĐộiMột');
    expect(cleanText('Đội Một'.normalize('NFD'))).toBe('Đội Một'.normalize('NFC'));
    // A zero-width character between a letter and its accent: removed first, then composed.
    expect(cleanText(`e${ZWSP}\u0301`)).toBe('é');
    expect(cleanText(`  ${ZWSP} Đội ${RLO} `)).toBe('Đội');
  });

  it('keeps line breaks and tabs in multi-line text only; U+2028/2029 and CR become LF or a space', () => {
    expect(cleanText('a\r\nb\rc\u2028d\u2029e\tf', { multiline: true })).toBe('a\nb\nc\nd\ne\tf');
    expect(cleanText('a\r\nb\u2028c\td\ne')).toBe('a  b c d e');
  });

  it('is idempotent and leaves nothing invisible, whatever the input (property)', () => {
    const chars = fc.constantFrom(...INVISIBLE, 'a', 'Đ', 'ộ', 'e\u0301', ' ', '\n', '\t', '\u2028', '\r');
    fc.assert(
      fc.property(
        fc.array(chars, { maxLength: 40 }).map((a) => a.join('')),
        fc.boolean(),
        (s, multiline) => {
          const once = cleanText(s, { multiline });
          expect(once).toBe(cleanText(once, { multiline }));
          expect(once).not.toMatch(BAD);
          if (!multiline) expect(once).not.toMatch(/[\n\t\r]/);
          expect(once).toBe(once.normalize('NFC'));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('the schema helper text() cleans, and refuses a name of only invisible characters', () => {
    expect(text().parse(dirty('Đội Một'))).toBe('Đội Một');
    expect(text().safeParse(`${ZWSP}${RLO}`).success).toBe(false);
    expect(text(1000).parse('dòng 1\r\ndòng 2')).toBe('dòng 1\ndòng 2');
  });
});

const SLUG = 'cchc-gialai-2019';
const session = useApp({ registration: { registrationsPerIpPerHour: 1000 } });

const get = (url: string) => session.h.app.inject({ method: 'GET', url, headers: { cookie: session.cookie } });
/** The parts of a package this test reads and changes. */
interface Pkg {
  title: string;
  description?: string;
  teams: { key: string; name: string; unit: string; members?: { name: string; role?: string }[] }[];
  judges: { key: string; name: string }[];
  rounds: { key: string; kind: string; criteria?: { key: string; title: string }[] }[];
}
const pkg = async () => (await get(`/api/contests/${SLUG}/package`)).json() as Pkg;

async function importContest(change: (p: Pkg) => void = () => {}) {
  const p = demoPackage() as unknown as Pkg;
  change(p);
  const res = await session.h.app.inject({
    method: 'POST',
    url: '/api/contests',
    headers: { cookie: session.cookie },
    payload: { ...p, registration: { deadline: new Date(Date.now() + 86_400_000).toISOString() }, units: ['Sở Tư pháp'] },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { judges: { key: string; token: string }[] };
}

/** Every string anywhere in a JSON value. */
const strings = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : [];

describe('cleaned at input, everywhere', () => {
  it('the package import and the editor', async () => {
    await importContest((p) => {
      p.title = dirty(p.title);
      p.teams[0]!.name = dirty('Đội Bảo hiểm xã hội');
      p.judges[0]!.name = dirty(p.judges[0]!.name);
      p.rounds[0]!.criteria![0]!.title = dirty(p.rounds[0]!.criteria![0]!.title);
    });
    let now = await pkg();
    expect(now.teams[0]!.name).toBe('Đội Bảo hiểm xã hội');
    expect(strings(now).filter((s) => BAD.test(s))).toEqual([]);

    now.teams[1]!.name = `Đội${ZWSP} ${RLO}Công an${LRI}`;
    now.description = `Dòng một\u2028Dòng hai${RLO}\r\nDòng ba`;
    const res = await session.h.app.inject({
      method: 'PUT',
      url: `/api/contests/${SLUG}/package`,
      headers: { cookie: session.cookie },
      payload: { package: now, reason: `Sửa tên${ZWSP}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    now = await pkg();
    expect(now.teams[1]!.name).toBe('Đội Công an');
    expect(now.description).toBe('Dòng một\nDòng hai\nDòng ba');
    expect(strings(now).filter((s) => BAD.test(s))).toEqual([]);
  });

  it('registration, and what the public page, the screens, CSV and XLSX then show', async () => {
    await importContest();
    const form: RegistrationFormInput = {
      unit: 'Sở Tư pháp',
      name: dirty('Đội Tư pháp'),
      leader: { name: dirty('Nguyễn Thị Hương'), phone: `0912${ZWSP}345678`, email: `huong${ZWSP}@stp.gialai.gov.vn` },
      members: [
        { name: dirty('Nguyễn Thị Hương'), role: `Đội${LRI} trưởng` },
        { name: `Trần${RLO} Văn Bình` },
        { name: 'Lê Thị Cúc' },
      ],
      idea: { title: dirty('Một cửa'), summary: `Tóm tắt${ZWSP}\r\ndòng hai` },
    };
    const reg = await session.h.app.inject({ method: 'POST', url: `/api/contests/${SLUG}/registrations`, payload: form });
    expect(reg.statusCode, reg.body).toBe(201);
    const { team } = reg.json() as { team: string };
    const list = (await get(`/api/contests/${SLUG}/registrations`)).json() as {
      teams: { key: string; name: string; idea?: { summary?: string } }[];
    };
    const mine = list.teams.find((x) => x.key === team)!;
    expect(mine.name).toBe('Đội Tư pháp');
    expect(mine.idea?.summary).toBe('Tóm tắt\ndòng hai');
    expect(strings(list).filter((s) => BAD.test(s))).toEqual([]);

    const approve = await session.h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/teams/${team}/approve`,
      headers: { cookie: session.cookie },
    });
    expect(approve.statusCode, approve.body).toBe(200);
    const shown = [
      await get(`/api/contests/${SLUG}/public`),
      await get(`/api/contests/${SLUG}/scoreboard`),
      await get(`/api/contests/${SLUG}/results.csv`),
    ];
    for (const res of shown) {
      expect(res.statusCode, res.body).toBe(200);
      expect(res.body).toContain('Đội Tư pháp');
      // The CSV starts with a byte order mark for Excel: the file's, not a name's.
      expect(res.body.replace(/^\uFEFF/, '')).not.toMatch(BAD);
    }
    const xlsx = await get(`/api/contests/${SLUG}/results.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ExcelJS.Buffer);
    const cells: string[] = [];
    wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.value)))));
    expect(cells).toContain('Đội Tư pháp');
    expect(cells.filter((c) => BAD.test(c))).toEqual([]);
  });

  it('the CSV import of teams', async () => {
    await importContest();
    const rows = [
      'Tên đội,Đơn vị,Trưởng nhóm,Điện thoại,Email,Thành viên,Tên mô hình',
      `"${dirty('Đội Y tế')}",Sở Y tế${ZWSP},Lê Văn An${RLO},0905123456,an@syt.vn,"Lê Văn An${LRI} (Đội trưởng); Hồ Thị Bé${ZWSP}",Bệnh án${RLO} điện tử`,
    ];
    const file = multipart([
      { name: 'file', filename: 'doi.csv', type: 'text/csv', content: Buffer.from('\uFEFF' + rows.join('\r\n')) },
    ]);
    const res = await session.h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/teams/import`,
      headers: { cookie: session.cookie, ...file.headers },
      payload: file.payload,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ added: [{ key: 'doi-y-te', name: 'Đội Y tế' }], errors: [] });
    const added = (await pkg()).teams.find((x) => x.key === 'doi-y-te')!;
    expect(added).toMatchObject({ name: 'Đội Y tế', unit: 'Sở Y tế' });
    expect(added.members).toEqual([{ name: 'Lê Văn An', role: 'Đội trưởng' }, { name: 'Hồ Thị Bé' }]);
    expect(strings(added).filter((s) => BAD.test(s))).toEqual([]);
  });

  it('the quiz bank import', async () => {
    await importContest();
    const quiz = (await pkg()).rounds.find((r) => r.kind === 'quiz')!;
    expect(quiz).toBeDefined();
    {
      const rows = ['Câu hỏi,A,B,Đáp án', `"Câu${RLO} một${ZWSP}?",Có${LRI},Không,A`];
      const file = multipart([{ name: 'file', filename: 'q.csv', type: 'text/csv', content: Buffer.from(rows.join('\n')) }]);
      const res = await session.h.app.inject({
        method: 'POST',
        url: `/api/contests/${SLUG}/quiz/${quiz.key}/import`,
        headers: { cookie: session.cookie, ...file.headers },
        payload: file.payload,
      });
      expect(res.statusCode, res.body).toBe(200);
      const q = (res.json() as { questions: { text: string; choices: string[] }[] }).questions[0]!;
      expect(q).toMatchObject({ text: 'Câu một?', choices: ['Có', 'Không'] });
    }
  });

  it('the judge’s comment on a sheet and an organizer’s reason', async () => {
    const { judges } = await importContest();
    const round = (await pkg()).rounds.find((r) => r.key === 'gioi-thieu')!;
    const marks = Object.fromEntries(round.criteria!.map((c) => [c.key, 0]));
    const put = await session.h.app.inject({
      method: 'PUT',
      url: `/api/contests/${SLUG}/sheets/gioi-thieu/bhxh`,
      headers: { authorization: `Bearer ${judges[0]!.token}`, 'idempotency-key': 'clean-text-0001' },
      payload: { marks, status: 'draft', comment: `Tốt${RLO}\r\nRõ ràng${ZWSP}\u0007` },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect((put.json() as { sheet: { comment: string } }).sheet.comment).toBe('Tốt\nRõ ràng');

    const order = await session.h.app.inject({
      method: 'PUT',
      url: `/api/contests/${SLUG}/order`,
      headers: { cookie: session.cookie },
      payload: { teams: (await pkg()).teams.map((x) => x.key).reverse(), reason: `Lý do${LRI}${ZWSP}` },
    });
    expect(order.statusCode, order.body).toBe(200);
    const audit = await get(`/api/contests/${SLUG}/audit`);
    expect(audit.statusCode).toBe(200);
    expect(audit.body).toContain('Lý do');
    expect(audit.body).not.toMatch(BAD);
  });
});
