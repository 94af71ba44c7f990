/**
 * The minutes that can be signed (biên bản): a signature block for the head of the organizing
 * committee, the secretary and every judge, and every change after marking began with its time,
 * who and why; the score sheets print each judge's comments. PDFs are read back to text.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../../db/schema.js';
import { appendEvent, listEvents } from '../../server/modules/audit/log.js';
import { changesAfterMarking } from '../../server/modules/documents/changes.js';
import { demoPackage, login, makeApp, ORGANIZER, type TestApp } from '../helpers/app.js';
import { pdfPages } from '../helpers/pdf.js';

const SLUG = 'cchc-gialai-2019';
const PLAIN = 'bien-ban-chua-ky';
const CHAIR = 'Nguyễn Thị Ánh Tuyết';
const SECRETARY = 'Võ Hoàng Yến';
const JUDGES = demoPackage().judges ?? [];
const MARKS = (a: number) => ({ 'noi-dung': a, 'hinh-thuc': 25, 'sang-tao': 20 });
const COMMENT_GK2 = 'Đội trình bày mạch lạc, số liệu thuyết phục.';
const COMMENT_GK3 = 'Cần nêu rõ lộ trình ứng dụng ở cấp huyện.';
const DRAFT_COMMENT = 'Nhận xét nháp không được in';
/** Every reason logged below; the first two must not be listed, the others must. */
const R = {
  policyBefore: 'Chọn phương pháp trước khi chấm',
  firstDirect: 'Điểm thưởng phần chào hỏi',
  amend: 'Giám khảo ghi nhầm điểm nội dung',
  policy: 'Ban Giám khảo thống nhất dùng trung vị',
  conflicts: 'Giám khảo Tâm công tác tại Sở Tư pháp',
  direct: 'Cộng nhầm điểm thưởng, sửa lại theo biên bản',
  award: 'Trao nhầm đội',
  edit: 'Bổ sung một giải Khuyến khích',
  forced: 'Giám khảo Hà vắng mặt vì lý do sức khỏe',
  unlock: 'Đội khiếu nại điểm phần tự giới thiệu',
  override: 'Công bố theo quyết định của Trưởng Ban Tổ chức',
};

let h: TestApp;
let cookie: string;
let judges: Record<string, string>;

const api = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: object) =>
  h.app.inject({ method, url: `/api/contests/${SLUG}${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });
async function ok(res: Promise<{ statusCode: number; body: string }>) {
  const r = await res;
  expect(r.statusCode, r.body).toBeLessThan(300);
  return r;
}
function sheet(judge: string, team: string, body: object, slug = SLUG) {
  return ok(
    h.app.inject({
      method: 'PUT',
      url: `/api/contests/${slug}/sheets/gioi-thieu/${team}`,
      headers: { authorization: `Bearer ${judges[judge]}`, 'idempotency-key': randomUUID() },
      payload: body,
    }),
  );
}

beforeAll(async () => {
  h = await makeApp();
  cookie = await login(h.app);
  // The demo, with who signs for the organizing committee.
  const pkg = { ...demoPackage(), chairName: CHAIR, secretaryName: ` ${SECRETARY.normalize('NFD')} ` };
  const created = await h.app.inject({ method: 'POST', url: '/api/contests', payload: pkg, headers: { cookie } });
  expect(created.statusCode, created.body).toBe(201);
  judges = Object.fromEntries(
    (created.json() as { judges: { key: string; token: string }[] }).judges.map((j) => [j.key, j.token]),
  );
  const contestId = h.db.select().from(t.contests).where(eq(t.contests.slug, SLUG)).get()!.id;

  // Set-up before any mark: not a change.
  await ok(
    api('PUT', '/policy', {
      aggregation: { method: 'mean', trim: 0, decimals: 2 },
      tiebreak: [],
      reason: R.policyBefore,
    }),
  );
  for (const judge of ['gk1', 'gk2', 'gk3', 'gk4', 'gk5'])
    await sheet(judge, 'bhxh', { marks: MARKS(30), status: 'submitted', ...(judge === 'gk2' ? { comment: COMMENT_GK2 } : {}) });
  await sheet('gk3', 'kbnn', { marks: MARKS(35), status: 'submitted', comment: COMMENT_GK3 });
  await sheet('gk1', 'ldtbxh', { marks: MARKS(20), status: 'draft', comment: DRAFT_COMMENT });
  // A lock with every sheet in: the normal course, not a change.
  await ok(api('POST', '/rounds/gioi-thieu/teams/bhxh/lock'));
  // The first direct score is the normal course; replacing it is a change.
  await ok(api('PUT', '/direct/diem-thuong/bhxh', { score: 2, reason: R.firstDirect }));

  await ok(api('PUT', '/sheets/gioi-thieu/bhxh/gk4', { marks: MARKS(32.5), status: 'submitted', reason: R.amend }));
  await ok(api('PUT', '/policy', { aggregation: { method: 'median', trim: 0, decimals: 2 }, tiebreak: [], reason: R.policy }));
  await ok(api('PUT', '/judges/gk5/conflicts', { teams: ['tu-phap'], reason: R.conflicts }));
  await ok(api('PUT', '/direct/diem-thuong/bhxh', { score: 3, reason: R.direct }));
  const award = await ok(api('POST', '/prizes/ts-xs/awards', { team: 'kbnn', member: 'Lê Văn Nam', reason: 'Thuyết trình hay' }));
  await ok(api('DELETE', `/prizes/ts-xs/awards/${(JSON.parse(award.body) as { id: number }).id}`, { reason: R.award }));
  const current = (await ok(api('GET', '/package'))).body;
  const edited = JSON.parse(current) as ReturnType<typeof demoPackage>;
  edited.prizes = edited.prizes!.map((p) => (p.key === 'kk' ? { ...p, count: (p.count ?? 1) + 1 } : p));
  await ok(api('PUT', '/package', { package: edited, reason: R.edit }));

  // Kinds that closing the results logs (a forced lock, an unlock, a reveal override): appended as
  // those routes write them, lock then unlock, so the log and the stored locks still agree.
  const actor = `organizer:${ORGANIZER.email}`;
  const subject = { round: 'gioi-thieu', team: 'kbnn' };
  appendEvent(
    h.db,
    { contestId, actor, kind: 'lock', subject, after: { forced: true }, reason: R.forced },
    new Date().toISOString(),
  );
  appendEvent(
    h.db,
    { contestId, actor, kind: 'unlock', subject, before: { lockedAt: 'x' }, reason: R.unlock },
    new Date().toISOString(),
  );
  appendEvent(
    h.db,
    {
      contestId,
      actor,
      kind: 'reveal_override',
      subject: { contest: SLUG },
      after: { issues: [{ kind: 'round_not_locked' }, { kind: 'voting_open' }] },
      reason: R.override,
    },
    new Date().toISOString(),
  );

  // A second contest that nobody has marked, without names for the committee.
  const plain = { ...demoPackage(), slug: PLAIN };
  expect((await h.app.inject({ method: 'POST', url: '/api/contests', payload: plain, headers: { cookie } })).statusCode).toBe(
    201,
  );
});
afterAll(async () => {
  await h?.app.close();
});

/** Text without any whitespace, to search whatever pdf.js did with the spaces. */
const squash = (s: string) => s.normalize('NFC').replace(/\s+/g, '');
const download = async (slug: string, file: string) => {
  const res = await h.app.inject({ method: 'GET', url: `/api/contests/${slug}/${file}`, headers: { cookie } });
  expect(res.statusCode, res.body).toBe(200);
  return pdfPages(res.rawPayload);
};
/** "HH:MM ngày DD/MM/YYYY" in Viet Nam's time, worked out with the platform's time zone data. */
function vnTime(iso: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.hour}:${parts.minute} ngày ${parts.day}/${parts.month}/${parts.year}`;
}

describe('the minutes (results.pdf)', () => {
  it('list every change after marking began, with its time, who and why, and nothing of the normal course', async () => {
    const pages = await download(SLUG, 'results.pdf');
    const all = squash(pages.join(' '));
    const section = all.indexOf(squash('IV. CÁC THAY ĐỔI SAU KHI CHẤM'));
    expect(section).toBeGreaterThan(0);
    const changes = all.slice(section, all.indexOf(squash('Biên bản được lập từ dữ liệu')));

    for (const reason of [R.amend, R.policy, R.conflicts, R.direct, R.award, R.edit, R.forced, R.unlock, R.override])
      expect(changes, reason).toContain(squash(reason));
    expect(all).not.toContain(squash(R.policyBefore));
    expect(all).not.toContain(squash(R.firstDirect));

    const gk4 = JUDGES.find((j) => j.key === 'gk4')!.name;
    const gk5 = JUDGES.find((j) => j.key === 'gk5')!.name;
    for (const what of [
      `Sửa phiếu chấm phần thi Tự giới thiệu của giám khảo ${gk4} cho Đội Bảo hiểm xã hội tỉnh: tổng điểm từ 75,00 thành 77,50`,
      'Thay đổi cách tính điểm từ trung bình cộng, làm tròn 2 chữ số thập phân thành trung vị, làm tròn 2 chữ số thập phân',
      `Thay đổi xung đột lợi ích của giám khảo ${gk5}: trước đây không có, nay Đội Sở Tư pháp`,
      'Sửa điểm phần thi Điểm thưởng / trừ của Ban Tổ chức của Đội Bảo hiểm xã hội tỉnh từ 2,00 thành 3,00',
      'Thu hồi giải “Thí sinh thuyết trình xuất sắc” đã trao cho Lê Văn Nam – Đội Kho bạc Nhà nước Gia Lai',
      'Sửa nội dung hội thi ảnh hưởng đến điểm: giải thưởng',
      'Khóa kết quả phần thi Tự giới thiệu của Đội Kho bạc Nhà nước Gia Lai khi chưa đủ phiếu chấm',
      'Mở khóa kết quả phần thi Tự giới thiệu của Đội Kho bạc Nhà nước Gia Lai để xem xét lại',
      'Công bố kết quả khi chưa đủ điều kiện (2 vấn đề chưa xong)',
    ])
      expect(changes, what).toContain(squash(what));
    // The plain lock of bhxh (every sheet in) is not listed; the forced one of kbnn is.
    expect(changes.split(squash('Khóa kết quả')).length - 1).toBe(1);
    expect(changes).toContain(squash(ORGANIZER.email));

    // Each listed change at its time in Viet Nam.
    const events = listEvents(h.db, 1);
    for (const kind of ['sheet_amended', 'policy', 'special_award_removed', 'reveal_override']) {
      const e = events.filter((x) => x.kind === kind).at(-1)!;
      expect(changes, kind).toContain(squash(vnTime(e.at)));
    }
  });

  it('have a signature block: the committee’s head and secretary by name, and every judge with their title', async () => {
    const pages = await download(SLUG, 'results.pdf');
    const all = squash(pages.join(' '));
    const block = all.slice(all.indexOf(squash('Biên bản được lập từ dữ liệu')));
    expect(block).toContain(squash(`TRƯỞNG BAN TỔ CHỨC (Ký, ghi rõ họ tên)`));
    expect(block).toContain(squash(CHAIR));
    expect(block).toContain(squash('THƯ KÝ (Ký, ghi rõ họ tên)'));
    expect(block).toContain(squash(SECRETARY));
    const jury = block.slice(block.indexOf(squash('CÁC THÀNH VIÊN BAN GIÁM KHẢO')));
    expect(jury.length).toBeLessThan(block.length);
    for (const j of JUDGES) expect(jury, j.name).toContain(squash(`${j.name}${j.title}`));
    expect(jury).toContain(squash('TRƯỞNG BAN GIÁM KHẢO'));
    expect(jury.split(squash('GIÁM KHẢO(Ký, ghi rõ họ tên)')).length - 1).toBe(JUDGES.length);
  });

  it('leave lines to sign on when the committee’s names are not set, and say when nothing changed', async () => {
    const pages = await download(PLAIN, 'results.pdf');
    const all = squash(pages.join(' '));
    expect(all).toContain(squash('Không có thay đổi nào sau khi bắt đầu chấm.'));
    const block = all.slice(all.indexOf(squash('Biên bản được lập từ dữ liệu')));
    expect(block).not.toContain(squash(CHAIR));
    expect(block).toMatch(/THƯKÝ\(Ký,ghirõhọtên\)(TRƯỞNGBANTỔCHỨC\(Ký,ghirõhọtên\))?……+/u);
    expect(block.split('……………………………………').length - 1).toBe(2);
  });

  it('the committee’s names travel in the contest package: imported, exported, checked', async () => {
    const pkg = JSON.parse((await ok(api('GET', '/package'))).body) as { chairName?: string; secretaryName?: string };
    expect(pkg).toMatchObject({ chairName: CHAIR, secretaryName: SECRETARY });
    const tooLong = await h.app.inject({
      method: 'PUT',
      url: `/api/contests/${PLAIN}/package`,
      headers: { cookie },
      payload: { package: { ...demoPackage(), slug: PLAIN, chairName: 'x'.repeat(201) } },
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.path).toBe('package.chairName');
  });
});

describe('the score sheets (score-sheets.pdf)', () => {
  it('print each judge’s comments on their own page of the round, never a draft’s', async () => {
    const pages = await download(SLUG, 'score-sheets.pdf');
    expect(pages).toHaveLength(2 * JUDGES.length);
    const page = (judge: string) => squash(pages[JUDGES.findIndex((j) => j.key === judge)]!);
    expect(page('gk2')).toContain(squash(`Nhận xét của giám khảo: 1. Đội Bảo hiểm xã hội tỉnh: ${COMMENT_GK2}`));
    expect(page('gk3')).toContain(squash(`2. Đội Kho bạc Nhà nước Gia Lai: ${COMMENT_GK3}`));
    for (const j of ['gk1', 'gk4', 'gk5']) expect(page(j), j).not.toContain(squash('Nhận xét của giám khảo'));
    const all = squash(pages.join(' '));
    expect(all).not.toContain(squash(DRAFT_COMMENT));
    expect(all.split(squash(COMMENT_GK2)).length - 1).toBe(1);
    // The signature still closes each commented page.
    expect(page('gk2').indexOf(squash('GIÁM KHẢO(Ký, ghi rõ họ tên)'))).toBeGreaterThan(page('gk2').indexOf(squash(COMMENT_GK2)));
  });
});

describe('the change list', () => {
  const row = (seq: number, kind: string, before: unknown, after: unknown = null) => ({
    seq,
    contestId: 1,
    at: '2026-12-04T08:00:00.000Z',
    actor: 'host:thuky@hoithi.test',
    kind,
    subject: JSON.stringify({ voting: 'audience' }),
    before: JSON.stringify(before),
    after: JSON.stringify(after),
    reason: null,
    prevHash: '',
    hash: '',
  });
  it('lists a reopening of voting, which takes back a decided audience prize, but not the first opening', () => {
    const events = [
      row(1, 'voting_open', { state: 'idle' }),
      row(2, 'voting_close', { state: 'open' }),
      row(3, 'voting_open', { state: 'closed' }),
    ];
    expect(changesAfterMarking(events).map((e) => e.seq)).toEqual([3]);
  });
});
