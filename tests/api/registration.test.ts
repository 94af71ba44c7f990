/** Registration, the team's own page, review, the draw and the spreadsheet imports, over app.inject. */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as t from '../../db/schema.js';
import type { Registration, RegistrationFormInput, TeamRegistration } from '../../server/contract/registration.js';
import { drawOrder } from '../../server/modules/registration/draw.js';
import { demoPackage, login, makeApp, multipart, type Part, type TestApp } from '../helpers/app.js';
import { pptx } from '../helpers/zip.js';

const SLUG = 'cchc-gialai-2019';
const future = () => new Date(Date.now() + 30 * 86400_000).toISOString();

let h: TestApp;
let organizer: string;

async function importContest(extra: object = {}) {
  const res = await h.app.inject({
    method: 'POST',
    url: '/api/contests',
    headers: { cookie: organizer },
    payload: { ...demoPackage(), registration: { deadline: future() }, units: ['Sở Tư pháp', 'Công an tỉnh'], ...extra },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { judges: { key: string; token: string }[] };
}

beforeEach(async () => {
  h = await makeApp({ registration: { registrationsPerIpPerHour: 1000 } });
  organizer = await login(h.app);
});
afterEach(async () => {
  await h.app.close();
});

const form = (over: Partial<RegistrationFormInput> = {}): RegistrationFormInput => ({
  unit: 'Sở Tư pháp',
  name: 'Đội Sở Tư pháp Gia Lai',
  leader: { name: 'Nguyễn Thị Hương', phone: '0912 345 678', email: 'huong@stp.gialai.gov.vn' },
  members: [
    { name: 'Nguyễn Thị Hương', role: 'Đội trưởng' },
    { name: 'Trần Văn Bình', role: 'Thành viên' },
    { name: 'Lê Thị Cúc' },
  ],
  idea: { title: 'Một cửa liên thông điện tử', summary: 'Số hoá hồ sơ lý lịch tư pháp.' },
  ...over,
});

const register = (body: object, opts: { slug?: string; ip?: string } = {}) =>
  h.app.inject({
    method: 'POST',
    url: `/api/contests/${opts.slug ?? SLUG}/registrations`,
    payload: body,
    ...(opts.ip ? { remoteAddress: opts.ip } : {}),
  });

const registerWithFile = (body: object, file: { filename: string; type: string; content: Buffer }) => {
  const parts: Part[] = [
    { name: 'data', value: JSON.stringify(body) },
    { name: 'attachment', ...file },
  ];
  const m = multipart(parts);
  return h.app.inject({ method: 'POST', url: `/api/contests/${SLUG}/registrations`, ...m });
};

const asTeam = (token: string) => ({ authorization: `Bearer ${token}` });
const teamPage = async (token: string) => {
  const res = await h.app.inject({ method: 'GET', url: '/api/team/registration', headers: asTeam(token) });
  expect(res.statusCode).toBe(200);
  return res.json() as TeamRegistration;
};
const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('registering', () => {
  it('creates a pending team with a private link, kept out of the contest until approved', async () => {
    const { judges } = await importContest();
    const res = await register(form());
    expect(res.statusCode).toBe(201);
    const made = res.json() as { team: string; token: string; url: string; status: string };
    expect(made).toMatchObject({ team: 'doi-so-tu-phap-gia-lai', status: 'pending' });
    expect(made.url).toBe(`http://hoithi.test/t/${made.token}`);

    const page = await teamPage(made.token);
    expect(page.team).toMatchObject({
      status: 'pending',
      name: 'Đội Sở Tư pháp Gia Lai',
      leader: { phone: '0912345678', email: 'huong@stp.gialai.gov.vn' },
    });
    expect(page.editable).toBe(true);
    expect(page.team.members).toHaveLength(3);

    const pub = (await h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/public` })).json() as {
      teams: { key: string }[];
    };
    expect(pub.teams.map((x) => x.key)).not.toContain('doi-so-tu-phap-gia-lai');
    expect(pub.teams).toHaveLength(20);
    const board = (await h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/scoreboard` })).json() as {
      rows: { team: string }[];
    };
    expect(board.rows.map((r) => r.team)).not.toContain('doi-so-tu-phap-gia-lai');
    // Judges neither see nor mark a team that is not approved.
    const me = await h.app.inject({
      method: 'GET',
      url: '/api/judge/me',
      headers: { authorization: `Bearer ${judges[1]!.token}` },
    });
    expect(me.statusCode).toBe(200);
    const seen = (me.json() as { contest: { teams: { key: string }[] } }).contest.teams.map((x) => x.key);
    expect(seen).toHaveLength(20);
    expect(seen).not.toContain('doi-so-tu-phap-gia-lai');
    const sheet = await h.app.inject({
      method: 'PUT',
      url: `/api/contests/${SLUG}/sheets/gioi-thieu/doi-so-tu-phap-gia-lai`,
      headers: { authorization: `Bearer ${judges[1]!.token}`, 'idempotency-key': randomUUID() },
      payload: { marks: { 'noi-dung': 30, 'hinh-thuc': 20, 'sang-tao': 20 }, status: 'submitted' },
    });
    expect(sheet.statusCode).toBe(404);
  });

  it('accepts +84 and dotted phone numbers, and refuses what is not a Vietnamese number', async () => {
    await importContest();
    const ok = await register(form({ name: 'Đội A', leader: { name: 'A', phone: '+84 91.234.5678', email: 'a@b.vn' } }));
    expect(ok.statusCode).toBe(201);
    expect((await teamPage(ok.json().token)).team.leader?.phone).toBe('0912345678');
    for (const phone of ['12345', '0112345678', '09123456789', 'abc']) {
      const bad = await register(form({ leader: { name: 'A', phone, email: 'a@b.vn' } }));
      expect(bad.statusCode, phone).toBe(400);
      expect(bad.json().error.issues.map((i: { path: string }) => i.path)).toContain('leader.phone');
    }
  });

  it('names each bad field: too few members, an email without a domain, a missing idea', async () => {
    await importContest();
    const res = await h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/registrations`,
      headers: { 'accept-language': 'vi' },
      payload: {
        ...form(),
        members: [{ name: 'Một' }, { name: 'Hai' }],
        leader: { name: 'X', phone: '0912345678', email: 'x@y' },
        idea: undefined,
      },
    });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['members', 'leader.email', 'idea']));
    const six = await register(form({ members: Array.from({ length: 6 }, (_, i) => ({ name: `Người ${i}` })) }));
    expect(six.statusCode).toBe(400);
  });

  it('is refused after the deadline (409), and when the contest takes no registrations', async () => {
    await importContest({ registration: { deadline: '2019-09-10T17:00:00+07:00' } });
    const late = await register(form());
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('REGISTRATION_CLOSED');
    const pkg = { ...demoPackage(), slug: 'khong-dang-ky' };
    expect(
      (await h.app.inject({ method: 'POST', url: '/api/contests', headers: { cookie: organizer }, payload: pkg })).statusCode,
    ).toBe(201);
    expect((await register(form(), { slug: 'khong-dang-ky' })).statusCode).toBe(409);
  });

  it('drops a filled honeypot without keeping anything', async () => {
    await importContest();
    const res = await register({ ...form(), website: 'http://spam.example' });
    expect(res.statusCode).toBe(201);
    expect(h.db.select().from(t.teams).all()).toHaveLength(20);
    const page = await h.app.inject({ method: 'GET', url: '/api/team/registration', headers: asTeam(res.json().token) });
    expect(page.statusCode).toBe(401);
  });

  it('takes a PDF or PPTX checked by content; a PNG named .pdf is a 400, a file over 20 MB a 413', async () => {
    await importContest();
    const ok = await registerWithFile(form(), { filename: 'Mô hình.pdf', type: 'application/pdf', content: pdf });
    expect(ok.statusCode).toBe(201);
    const page = await teamPage(ok.json().token);
    expect(page.team.attachment).toMatchObject({ name: 'Mô hình.pdf', type: 'application/pdf', size: pdf.length });
    const own = await h.app.inject({ method: 'GET', url: '/api/team/registration/attachment', headers: asTeam(ok.json().token) });
    expect(own.rawPayload.equals(pdf)).toBe(true);
    expect(own.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('Mô hình.pdf')}`);

    const deck = await registerWithFile(form({ name: 'Đội B' }), {
      filename: 'slides.bin',
      type: 'application/octet-stream',
      content: pptx(),
    });
    expect(deck.statusCode).toBe(201);
    expect((await teamPage(deck.json().token)).team.attachment).toMatchObject({
      name: 'slides.pptx',
      type: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    });

    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const fake = await registerWithFile(form({ name: 'Đội C' }), {
      filename: 'ho-so.pdf',
      type: 'application/pdf',
      content: png,
    });
    expect(fake.statusCode).toBe(400);
    expect(fake.json().error).toMatchObject({ code: 'UNSUPPORTED_FILE', path: 'attachment' });
    // A ZIP that is not a presentation (a .docx, say) is refused as well.
    const { zip } = await import('../helpers/zip.js');
    const docx = zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' });
    expect(
      (await registerWithFile(form({ name: 'Đội D' }), { filename: 'x.pptx', type: 'application/pdf', content: docx }))
        .statusCode,
    ).toBe(400);

    const big = Buffer.concat([pdf, Buffer.alloc(20 * 1024 * 1024)]);
    const huge = await registerWithFile(form({ name: 'Đội E' }), { filename: 'lon.pdf', type: 'application/pdf', content: big });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error).toMatchObject({ code: 'FILE_TOO_LARGE', path: 'attachment' });
    expect(h.db.select().from(t.teams).all()).toHaveLength(22);
  });
});

describe('rate limits', () => {
  it('limits registrations per address (429)', async () => {
    await h.app.close();
    h = await makeApp({ registration: { registrationsPerIpPerHour: 3 } });
    organizer = await login(h.app);
    await importContest();
    for (let i = 0; i < 3; i++) expect((await register(form({ name: `Đội ${i}` }), { ip: '10.0.0.7' })).statusCode).toBe(201);
    const over = await register(form({ name: 'Đội 4' }), { ip: '10.0.0.7' });
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('RATE_LIMITED');
    expect((await register(form({ name: 'Đội 5' }), { ip: '10.0.0.8' })).statusCode).toBe(201);
  });

  it('has no per-contest cap: a flood from a few addresses does not lock out a new one', async () => {
    await h.app.close();
    h = await makeApp({ registration: { registrationsPerIpPerHour: 3 } });
    organizer = await login(h.app);
    await importContest();
    for (let a = 0; a < 14; a++)
      for (let i = 0; i < 3; i++)
        expect((await register(form({ name: `Rác ${a}-${i}` }), { ip: `10.0.2.${a}` })).statusCode).toBe(201);
    expect((await register(form({ name: 'Rác thêm' }), { ip: '10.0.2.0' })).statusCode).toBe(429);
    expect((await register(form({ name: 'Đội thật' }), { ip: '10.0.3.1' })).statusCode).toBe(201);
  });
});

describe('the team edits its registration until approval', () => {
  it('edits while pending; sees a rejection with its reason; is refused once approved', async () => {
    await importContest();
    const { token, team } = (await register(form())).json() as { token: string; team: string };
    const edit = (body: object) =>
      h.app.inject({ method: 'PUT', url: '/api/team/registration', headers: asTeam(token), payload: body });

    const edited = await edit(form({ name: 'Đội Tư pháp Gia Lai' }));
    expect(edited.statusCode).toBe(200);
    expect((edited.json() as TeamRegistration).team.name).toBe('Đội Tư pháp Gia Lai');

    const reject = await h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/teams/${team}/reject`,
      headers: { cookie: organizer },
      payload: { reason: 'Thiếu tóm tắt mô hình' },
    });
    expect(reject.statusCode).toBe(200);
    expect((await teamPage(token)).team).toMatchObject({ status: 'rejected', rejectReason: 'Thiếu tóm tắt mô hình' });
    // Editing after a rejection sends it back for another look.
    expect((await edit(form({ name: 'Đội Tư pháp Gia Lai' }))).json().team).toMatchObject({
      status: 'pending',
      rejectReason: null,
    });

    const approve = await h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/teams/${team}/approve`,
      headers: { cookie: organizer },
    });
    expect(approve.statusCode).toBe(200);
    expect((approve.json() as { team: Registration }).team).toMatchObject({ status: 'active', order: 21 });
    const page = await teamPage(token);
    expect(page).toMatchObject({ editable: false, team: { status: 'active' } });
    const late = await edit(form());
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('REGISTRATION_APPROVED');

    // Approved, the team competes: it is listed publicly and on the scoreboard.
    const pub = (await h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/public` })).json() as {
      teams: { key: string }[];
    };
    expect(pub.teams.map((x) => x.key)).toContain(team);
    const audit = h.db
      .select()
      .from(t.scoreEvents)
      .all()
      .filter((e) => e.kind === 'team_review');
    expect(audit.map((e) => JSON.parse(e.after).status)).toEqual(['rejected', 'active']);
  });

  it('refuses an edit after the deadline (409)', async () => {
    await importContest();
    const { token } = (await register(form())).json() as { token: string };
    h.db.update(t.contests).set({ registrationDeadline: '2020-01-01T00:00:00Z' }).run();
    const res = await h.app.inject({ method: 'PUT', url: '/api/team/registration', headers: asTeam(token), payload: form() });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('REGISTRATION_CLOSED');
    expect((await teamPage(token)).editable).toBe(false);
  });
});

describe('the organizer reviews', () => {
  it('lists by status with contacts, edits a team, downloads its attachment', async () => {
    await importContest();
    const a = (await registerWithFile(form(), { filename: 'ho-so.pdf', type: 'application/pdf', content: pdf })).json();
    await register(form({ name: 'Đội Công an tỉnh', unit: 'Công an tỉnh' }));
    const list = await h.app.inject({
      method: 'GET',
      url: `/api/contests/${SLUG}/registrations?status=pending`,
      headers: { cookie: organizer },
    });
    expect(list.statusCode).toBe(200);
    const body = list.json() as { counts: Record<string, number>; teams: Registration[] };
    expect(body.counts).toMatchObject({ pending: 2, active: 20, rejected: 0 });
    expect(body.teams.map((x) => x.key)).toEqual(['doi-so-tu-phap-gia-lai', 'doi-cong-an-tinh']);
    expect(body.teams[0]!.leader).toMatchObject({ phone: '0912345678', email: 'huong@stp.gialai.gov.vn' });

    const file = await h.app.inject({
      method: 'GET',
      url: `/api/contests/${SLUG}/teams/${a.team}/attachment`,
      headers: { cookie: organizer },
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.equals(pdf)).toBe(true);
    const none = await h.app.inject({
      method: 'GET',
      url: `/api/contests/${SLUG}/teams/bhxh/attachment`,
      headers: { cookie: organizer },
    });
    expect(none.statusCode).toBe(404);

    const edit = await h.app.inject({
      method: 'PUT',
      url: `/api/contests/${SLUG}/teams/${a.team}`,
      headers: { cookie: organizer },
      payload: { name: 'Đội Sở Tư pháp tỉnh', unit: 'Sở Tư pháp', members: [{ name: 'Nguyễn Thị Hương', role: 'Đội trưởng' }] },
    });
    expect(edit.statusCode).toBe(200);
    expect((edit.json() as { team: Registration }).team).toMatchObject({
      name: 'Đội Sở Tư pháp tỉnh',
      members: [{ name: 'Nguyễn Thị Hương' }],
    });
    const bad = await h.app.inject({
      method: 'PUT',
      url: `/api/contests/${SLUG}/teams/${a.team}`,
      headers: { cookie: organizer },
      payload: { name: '', unit: 'x', members: [] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toBe('name');
    const rejectNoReason = await h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/teams/${a.team}/reject`,
      headers: { cookie: organizer },
      payload: {},
    });
    expect(rejectNoReason.statusCode).toBe(400);
    expect(rejectNoReason.json().error.issues[0].path).toBe('reason');
  });

  it('cannot reject a team that already has marks', async () => {
    const { judges } = await importContest();
    const gk2 = judges.find((j) => j.key === 'gk2')!.token;
    const marks = { 'noi-dung': 30, 'hinh-thuc': 20, 'sang-tao': 20 };
    const sheet = await h.app.inject({
      method: 'PUT',
      url: `/api/contests/${SLUG}/sheets/gioi-thieu/bhxh`,
      headers: { authorization: `Bearer ${gk2}`, 'idempotency-key': randomUUID() },
      payload: { marks, status: 'submitted' },
    });
    expect(sheet.statusCode).toBe(200);
    const res = await h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/teams/bhxh/reject`,
      headers: { cookie: organizer },
      payload: { reason: 'Nhầm' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('TEAM_HAS_RECORDS');
  });
});

describe('the running order', () => {
  it('is drawn reproducibly from a seed that is returned and logged; the public list follows it', async () => {
    await importContest();
    const drawWith = async (seed?: string) => {
      const res = await h.app.inject({
        method: 'POST',
        url: `/api/contests/${SLUG}/draw`,
        headers: { cookie: organizer },
        payload: seed ? { seed } : {},
      });
      expect(res.statusCode).toBe(200);
      return res.json() as { seed: string; method: string; order: { key: string }[] };
    };
    const first = await drawWith('GIALAI-2019');
    const keys = demoPackage().teams!.map((x) => x.key);
    expect(first.seed).toBe('GIALAI-2019');
    expect(first.order.map((o) => o.key)).toEqual(drawOrder('GIALAI-2019', keys));
    expect(first.order.map((o) => o.key)).not.toEqual(keys);
    const again = await drawWith('GIALAI-2019');
    expect(again.order).toEqual(first.order);
    const other = await drawWith();
    expect(other.seed).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(other.order.map((o) => o.key)).toEqual(drawOrder(other.seed, keys));

    const pub = (await h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/public` })).json() as {
      teams: { key: string }[];
    };
    expect(pub.teams.map((x) => x.key)).toEqual(other.order.map((o) => o.key));
    const logged = h.db
      .select()
      .from(t.scoreEvents)
      .all()
      .filter((e) => e.kind === 'draw');
    expect(logged.map((e) => JSON.parse(e.subject).seed)).toEqual(['GIALAI-2019', 'GIALAI-2019', other.seed]);
    expect(JSON.parse(logged[0]!.after)).toEqual(first.order.map((o) => o.key));
    // A draw is not a mark: the contest can still be edited freely (and it is kept: it has a log).
    const detail = (await h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}`, headers: { cookie: organizer } })).json();
    expect(detail.hasMarks).toBe(false);

    const bad = await h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/draw`,
      headers: { cookie: organizer },
      payload: { seed: 'a b' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.path ?? bad.json().error.issues[0].path).toBe('seed');
  });

  it('is set by hand with every approved team once, and logged with the reason', async () => {
    await importContest();
    const keys = demoPackage().teams!.map((x) => x.key);
    const put = (teams: string[]) =>
      h.app.inject({
        method: 'PUT',
        url: `/api/contests/${SLUG}/order`,
        headers: { cookie: organizer },
        payload: { teams, reason: 'Đội ở xa xin thi sau' },
      });
    const missing = await put(keys.slice(1));
    expect(missing.statusCode).toBe(400);
    const unknown = await put([...keys.slice(1), 'khong-co']);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.path).toBe('teams.19');
    const reversed = [...keys].reverse();
    const ok = await put(reversed);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ method: 'manual', seed: null });
    expect((ok.json() as { order: { key: string }[] }).order.map((o) => o.key)).toEqual(reversed);
    const pkg = (
      await h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/package`, headers: { cookie: organizer } })
    ).json();
    expect(pkg.teams.map((x: { key: string }) => x.key)).toEqual(reversed);
    const logged = h.db
      .select()
      .from(t.scoreEvents)
      .all()
      .find((e) => e.kind === 'order')!;
    expect(logged.reason).toBe('Đội ở xa xin thi sau');
  });
});

describe('spreadsheet imports', () => {
  it('adds approved teams from a CSV, or none when a row is bad (named by its number)', async () => {
    await importContest();
    /** Posts the rows as a CSV file to the teams import. */
    const importTeams = (rows: string[]) => {
      const file = multipart([
        { name: 'file', filename: 'doi.csv', type: 'text/csv', content: Buffer.from('\uFEFF' + rows.join('\r\n')) },
      ]);
      return h.app.inject({
        method: 'POST',
        url: `/api/contests/${SLUG}/teams/import`,
        headers: { cookie: organizer, ...file.headers },
        payload: file.payload,
      });
    };
    const header = 'Tên đội,Đơn vị,Trưởng nhóm,Điện thoại,Email,Thành viên,Tên mô hình';
    const bad = await importTeams([
      header,
      'Đội Y tế,Sở Y tế,Lê Văn An,0905123456,an@syt.vn,"Lê Văn An (Đội trưởng); Hồ Thị Bé",Bệnh án điện tử',
      ',Sở Xây dựng,,,,,',
    ]);
    expect(bad.statusCode).toBe(200);
    expect(bad.json()).toMatchObject({ added: [], errors: [{ row: 3, field: 'name' }] });
    const res = await importTeams([
      header,
      'Đội Y tế,Sở Y tế,Lê Văn An,0905 123 456,an@syt.vn,"Lê Văn An (Đội trưởng); Hồ Thị Bé",Bệnh án điện tử',
    ]);
    expect(res.json()).toEqual({ added: [{ key: 'doi-y-te', name: 'Đội Y tế' }], errors: [] });
    const pkg = (
      await h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/package`, headers: { cookie: organizer } })
    ).json();
    expect(pkg.teams.at(-1)).toEqual({
      key: 'doi-y-te',
      name: 'Đội Y tế',
      unit: 'Sở Y tế',
      members: [{ name: 'Lê Văn An', role: 'Đội trưởng' }, { name: 'Hồ Thị Bé' }],
      idea: { title: 'Bệnh án điện tử' },
      leader: { name: 'Lê Văn An', phone: '0905123456', email: 'an@syt.vn' },
    });
  });

  it('reads a units list from an XLSX and refuses a binary named .csv', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Đơn vị');
    ws.addRows([
      ['STT', 'Đơn vị'],
      [1, 'Sở Tư pháp'],
      [2, 'Công an tỉnh'],
      [3, 'Sở Tư pháp'],
      [4, ''],
    ]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    /** Uploads one file to the list of units, as the organizer. */
    const importUnits = (filename: string, type: string, content: Buffer) => {
      const form = multipart([{ name: 'file', filename, type, content }]);
      return h.app.inject({
        method: 'POST',
        url: '/api/units/import',
        headers: { cookie: organizer, ...form.headers },
        payload: form.payload,
      });
    };
    const res = await importUnits('don-vi.xlsx', 'application/octet-stream', xlsx);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ units: ['Sở Tư pháp', 'Công an tỉnh'], errors: [] });
    const refused = await importUnits('x.csv', 'text/csv', Buffer.from([0, 1, 2, 255, 254]));
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('UNSUPPORTED_FILE');
  });
});

describe('withdrawing', () => {
  it('is for approved teams; a pending registration is rejected instead (409)', async () => {
    await importContest();
    const { team } = (await register(form())).json() as { team: string };
    const res = await h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/teams/${team}/withdraw`,
      headers: { cookie: organizer },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('TEAM_NOT_APPROVED');
    const ok = await h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/teams/bhxh/withdraw`,
      headers: { cookie: organizer },
    });
    expect(ok.statusCode).toBe(200);
    const list = (
      await h.app.inject({
        method: 'GET',
        url: `/api/contests/${SLUG}/registrations?status=withdrawn`,
        headers: { cookie: organizer },
      })
    ).json() as { teams: Registration[] };
    expect(list.teams.map((x) => x.key)).toEqual(['bhxh']);
  });
});

describe('a draw goes stale', () => {
  it('when a team is approved after it, and says so until the next draw', async () => {
    await importContest();
    const draw = (body: object = { seed: 'PLEIKU-01' }) =>
      h.app.inject({ method: 'POST', url: `/api/contests/${SLUG}/draw`, headers: { cookie: organizer }, payload: body });
    expect((await draw()).json().stale).toBe(false);
    const { team } = (await register(form())).json() as { team: string };
    const get = async () =>
      (await h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/draw`, headers: { cookie: organizer } })).json();
    expect((await get()).stale).toBe(false);
    await h.app.inject({ method: 'POST', url: `/api/contests/${SLUG}/teams/${team}/approve`, headers: { cookie: organizer } });
    const after = await get();
    expect(after.stale).toBe(true);
    expect(after.order.at(-1).key).toBe(team);
    const again = (await draw()).json();
    expect(again.stale).toBe(false);
    expect(again.order).toHaveLength(21);
  });
});

describe('team links for the organizer', () => {
  it('lists each team’s private link to the organizer only, and reissues one', async () => {
    await importContest();
    const list = (
      await h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/registrations`, headers: { cookie: organizer } })
    ).json() as {
      teams: Registration[];
    };
    const bhxh = list.teams.find((x) => x.key === 'bhxh')!;
    expect(bhxh.link).toMatch(/^http:\/\/hoithi\.test\/t\/[A-Za-z0-9_-]{20,}$/);
    const oldToken = bhxh.link!.split('/t/')[1]!;
    expect(
      (await h.app.inject({ method: 'GET', url: '/api/team/registration', headers: { authorization: `Bearer ${oldToken}` } }))
        .statusCode,
    ).toBe(200);
    const re = await h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/teams/bhxh/link`,
      headers: { cookie: organizer },
    });
    expect(re.statusCode).toBe(200);
    const fresh = (re.json() as { team: Registration }).team.link!;
    expect(fresh).not.toBe(bhxh.link);
    expect(
      (await h.app.inject({ method: 'GET', url: '/api/team/registration', headers: { authorization: `Bearer ${oldToken}` } }))
        .statusCode,
    ).toBe(401);
    const newToken = fresh.split('/t/')[1]!;
    const page = await h.app.inject({
      method: 'GET',
      url: '/api/team/registration',
      headers: { authorization: `Bearer ${newToken}` },
    });
    expect(page.json().team).not.toHaveProperty('link');
  });
});
