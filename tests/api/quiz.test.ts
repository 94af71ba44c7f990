import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { App, AppOptions } from '../../server/app.js';
import { demoPackage, HOST, listenLive, login, manualClock } from '../helpers/app.js';

const SLUG = 'cchc-gialai-2019';
let app: App;
let base: string;
let organizer: string;
let host: string;
let teams: Record<string, string>;

async function start(pkg = demoPackage(), clock?: AppOptions['clock']) {
  let port: number;
  ({ app, port } = await listenLive(clock));
  base = `http://127.0.0.1:${port}`;
  organizer = await login(app);
  host = await login(app, HOST);
  const res = await app.inject({ method: 'POST', url: '/api/contests', headers: { cookie: organizer }, payload: pkg });
  expect(res.statusCode, res.body).toBe(201);
  teams = Object.fromEntries((res.json().teams as { key: string; token: string }[]).map((x) => [x.key, x.token]));
}
beforeEach(async () => {
  await start();
});
afterEach(async () => {
  await app.close();
});

const staffPost = (url: string, payload?: object, c = host) =>
  app.inject({
    method: 'POST',
    url: `/api/contests/${SLUG}/quiz/kien-thuc${url}`,
    headers: { cookie: c },
    ...(payload ? { payload } : {}),
  });
const teamAnswer = (team: string, question: string, choice: number) =>
  app.inject({
    method: 'POST',
    url: `/api/contests/${SLUG}/quiz/kien-thuc/${question}/answers`,
    headers: { authorization: `Bearer ${teams[team]}` },
    payload: { choice },
  });
const correct = (question: string) =>
  (demoPackage().rounds[1] as { questions: { key: string; answer: number }[] }).questions.find((q) => q.key === question)!.answer;
const board = async () => (await app.inject({ method: 'GET', url: `/api/contests/${SLUG}/scoreboard` })).json();
const quizScore = (b: { rows: { team: string; rounds: Record<string, number | null> }[] }, team: string) =>
  b.rows.find((r) => r.team === team)!.rounds['kien-thuc'];

describe('answer rules', () => {
  it('accepts one answer per team while open; the second is refused; closing scores it', async () => {
    expect((await teamAnswer('bhxh', 'c1', 0)).json().error.code).toBe('QUESTION_NOT_OPEN');
    expect((await staffPost('/c1/open')).statusCode).toBe(200);
    const right = correct('c1');
    const first = await teamAnswer('bhxh', 'c1', right);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ question: 'c1', team: 'bhxh', choice: right });
    expect(first.body).not.toContain('correct');
    const second = await teamAnswer('bhxh', 'c1', (right + 1) % 4);
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('ALREADY_ANSWERED');
    await teamAnswer('kbnn', 'c1', (right + 1) % 4);
    // While open, nothing of the answers is on the public board.
    expect(quizScore(await board(), 'bhxh')).toBeNull();
    expect((await staffPost('/c1/close')).statusCode).toBe(200);
    const b = await board();
    expect(quizScore(b, 'bhxh')).toBe(10);
    expect(quizScore(b, 'kbnn')).toBe(0);
    expect(quizScore(b, 'sgtvt')).toBe(0);
    expect((await teamAnswer('sgtvt', 'c1', right)).json().error.code).toBe('QUESTION_NOT_OPEN');
    expect((await staffPost('/c1/open')).json().error.code).toBe('QUESTION_CLOSED');
  });

  it('refuses a late answer by the server’s clock, without grace', async () => {
    const pkg = demoPackage();
    (pkg.rounds[1] as { questions: { timeLimitSec?: number }[] }).questions[0]!.timeLimitSec = 1;
    await app.close();
    const clock = manualClock();
    await start(pkg, clock);
    await staffPost('/c1/open');
    expect((await teamAnswer('bhxh', 'c1', 0)).statusCode).toBe(200);
    clock.advance(1100);
    const late = await teamAnswer('kbnn', 'c1', 0);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('QUESTION_NOT_OPEN');
    // Past its time the question counts as closed for scoring even before the host closes it.
    expect(quizScore(await board(), 'bhxh')).not.toBeNull();
  });

  it('lets the host enter a team’s answer, and not a team another team’s', async () => {
    await staffPost('/c2/open');
    const byHost = await staffPost('/c2/answers', { team: 'sgtvt', choice: 1 });
    expect(byHost.statusCode, byHost.body).toBe(200);
    const noTeam = await staffPost('/c2/answers', { choice: 1 });
    expect(noTeam.statusCode).toBe(400);
    expect(noTeam.json().error.path).toBe('team');
    const impostor = await app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/quiz/kien-thuc/c2/answers`,
      headers: { authorization: `Bearer ${teams['bhxh']}` },
      payload: { team: 'kbnn', choice: 0 },
    });
    expect(impostor.statusCode).toBe(403);
    const anonymous = await app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/quiz/kien-thuc/c2/answers`,
      payload: { choice: 0 },
    });
    expect(anonymous.statusCode).toBe(401);
    expect((await teamAnswer('bhxh', 'c2', 7)).json().error.path).toBe('choice');
  });

  it('a voided question counts for no one, with its reason logged', async () => {
    await staffPost('/c3/open');
    await teamAnswer('bhxh', 'c3', correct('c3'));
    const voided = await staffPost('/c3/void', { reason: 'Câu hỏi có hai đáp án đúng' });
    expect(voided.statusCode).toBe(200);
    expect((await teamAnswer('kbnn', 'c3', 0)).json().error.code).toBe('QUESTION_VOIDED');
    await staffPost('/c4/open');
    await staffPost('/c4/close');
    expect(quizScore(await board(), 'bhxh')).toBe(0);
    const audit = (
      await app.inject({ method: 'GET', url: `/api/contests/${SLUG}/audit`, headers: { cookie: organizer } })
    ).json();
    expect(audit.events.find((e: { kind: string }) => e.kind === 'quiz_void')).toMatchObject({
      reason: 'Câu hỏi có hai đáp án đúng',
    });
    expect(audit.verified.ok).toBe(true);
  });

  it('an audience socket never sees a choice or the answer while the question is open', async () => {
    const frames: string[] = [];
    const ws = new WebSocket(`${base.replace('http', 'ws')}/api/contests/${SLUG}/live`);
    ws.on('message', (d) => frames.push(d.toString()));
    await new Promise((r) => ws.on('open', r));
    await staffPost('/c5/open');
    const right = correct('c5');
    await teamAnswer('bhxh', 'c5', right);
    await teamAnswer('kbnn', 'c5', (right + 1) % 4);
    type QuizFrame = { quiz?: { answer: number | null; counts: number[] | null; answered: number } };
    const quizFramesNow = () => frames.map((f) => JSON.parse(f) as QuizFrame).filter((m) => m.quiz);
    // The positive control: the second answer has reached the socket.
    await vi.waitFor(() => expect(quizFramesNow().at(-1)?.quiz?.answered).toBe(2), { timeout: 2000, interval: 5 });
    const quizFrames = quizFramesNow();
    expect(quizFrames.length).toBeGreaterThan(0);
    for (const m of quizFrames) {
      expect(m.quiz!.answer).toBeNull();
      expect(m.quiz!.counts).toBeNull();
    }
    expect(frames.join('')).not.toMatch(/"choice"/);
    expect(quizFrames.at(-1)!.quiz!.answered).toBe(2);
    await staffPost('/c5/close');
    await vi.waitFor(() => expect((JSON.parse(frames.at(-1)!) as QuizFrame).quiz?.answer).not.toBeNull(), {
      timeout: 2000,
      interval: 5,
    });
    const last = JSON.parse(frames.at(-1)!) as { quiz: { answer: number; counts: number[] } };
    expect(last.quiz.answer).toBe(right);
    expect(last.quiz.counts[right]).toBe(1);
    ws.terminate();
  });
});

describe('question bank', () => {
  it('reads an XLSX file and reports a bad row by its number', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Câu hỏi');
    sheet.addRow(['Câu hỏi', 'A', 'B', 'C', 'D', 'Đáp án', 'Điểm', 'Thời gian (giây)']);
    sheet.addRow(['Cơ chế một cửa là gì?', 'Tiếp nhận tập trung', 'Nhiều nơi', 'Không rõ', 'Khác', 'A', 10, 30]);
    sheet.addRow(['Câu thiếu đáp án', 'Một', 'Hai', '', '', 'E', 10, 30]);
    sheet.addRow([
      'Dịch vụ công trực tuyến mức độ 4 cho phép gì?',
      'Nộp hồ sơ',
      'Thanh toán và nhận kết quả trực tuyến',
      'Xem thông tin',
      'Tải biểu mẫu',
      2,
      15,
      '',
    ]);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer());
    const boundary = '----hoithi';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cau-hoi.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
      ),
      buffer,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/quiz/kien-thuc/import`,
      headers: { cookie: organizer, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(200);
    const { questions, errors } = res.json();
    expect(questions.map((q: { text: string; answer: number; points: number }) => [q.text, q.answer, q.points])).toEqual([
      ['Cơ chế một cửa là gì?', 0, 10],
      ['Dịch vụ công trực tuyến mức độ 4 cho phép gì?', 1, 15],
    ]);
    expect(errors).toEqual([expect.objectContaining({ row: 3, field: 'answer' })]);
    // The bank is replaced only by an explicit PUT: the import changed nothing.
    const replaced = await app.inject({
      method: 'PUT',
      url: `/api/contests/${SLUG}/quiz/kien-thuc/questions`,
      headers: { cookie: organizer },
      payload: { questions },
    });
    expect(replaced.json()).toEqual({ count: 2 });
    const pkg = (
      await app.inject({ method: 'GET', url: `/api/contests/${SLUG}/package`, headers: { cookie: organizer } })
    ).json();
    expect(pkg.rounds[1].questions.map((q: { text: string }) => q.text)).toEqual(questions.map((q: { text: string }) => q.text));
  });

  it('refuses a binary with a .csv name, and keeps a question once it has been on stage', async () => {
    const boundary = '----hoithi';
    const res = await app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/quiz/kien-thuc/import`,
      headers: { cookie: organizer, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cau-hoi.csv"\r\nContent-Type: text/csv\r\n\r\n`,
        ),
        Buffer.from([0x00, 0xff, 0xfe, 0x01, 0x02]),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'UNSUPPORTED_FILE', path: 'file' });
    await staffPost('/c1/open');
    const removing = await app.inject({
      method: 'PUT',
      url: `/api/contests/${SLUG}/quiz/kien-thuc/questions`,
      headers: { cookie: organizer },
      payload: { questions: [] },
    });
    expect(removing.statusCode).toBe(409);
    expect(removing.json().error.code).toBe('QUESTION_IN_USE');
  });
});

describe('200 teams at once', () => {
  it('accepts every answer given within the time exactly once and refuses every late one, over real connections', async () => {
    const pkg = demoPackage();
    pkg.teams = Array.from({ length: 200 }, (_, i) => ({
      key: `doi-${i + 1}`,
      name: `Đội số ${i + 1}`,
      unit: `CĐCS đơn vị ${i + 1}`,
      members: [],
    }));
    pkg.judges = pkg.judges!.map((j) => ({ ...j, conflicts: [] }));
    // The answers arrive inside the question's 3 seconds on the server's clock, however long the
    // machine takes to serve them; the late ones after the clock is moved past it.
    (pkg.rounds[1] as { questions: { timeLimitSec?: number }[] }).questions[0]!.timeLimitSec = 3;
    await app.close();
    const clock = manualClock();
    await start(pkg, clock);
    await staffPost('/c1/open');
    const send = (team: string) =>
      fetch(`${base}/api/contests/${SLUG}/quiz/kien-thuc/c1/answers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${teams[team]}`, 'content-type': 'application/json' },
        body: JSON.stringify({ choice: 1 }),
      });
    const results = await Promise.all(Object.keys(teams).map(async (team) => (await send(team)).status));
    expect(results.filter((s) => s === 200)).toHaveLength(200);
    // Every retry is refused, every team counted once.
    const retries = await Promise.all(
      Object.keys(teams)
        .slice(0, 50)
        .map(async (team) => (await send(team)).status),
    );
    expect(new Set(retries)).toEqual(new Set([409]));
    clock.advance(3100);
    const late = await Promise.all(
      ['doi-1', 'doi-2'].map(async (team) => (await send(team)).json() as Promise<{ error: { code: string } }>),
    );
    expect(late.map((l) => l.error.code)).toEqual(['QUESTION_NOT_OPEN', 'QUESTION_NOT_OPEN']);
    const audit = (
      await app.inject({ method: 'GET', url: `/api/contests/${SLUG}/audit`, headers: { cookie: organizer } })
    ).json();
    expect(audit.events.filter((e: { kind: string }) => e.kind === 'quiz_answer')).toHaveLength(200);
  });
});

describe('round state for staff', () => {
  it('lists every question of the round with its state and answer count', async () => {
    await staffPost('/c1/open');
    await teamAnswer('bhxh', 'c1', 0);
    await staffPost('/c1/close');
    await staffPost('/c2/open');
    await staffPost('/c3/void', { reason: 'Sai đề' });
    const res = await app.inject({ method: 'GET', url: `/api/contests/${SLUG}/quiz/kien-thuc`, headers: { cookie: host } });
    expect(res.statusCode).toBe(200);
    const byKey = Object.fromEntries(
      (res.json().questions as { key: string; state: string; answered: number }[]).map((q) => [q.key, q]),
    );
    expect(byKey['c1']).toMatchObject({ state: 'closed', answered: 1, hasImage: false });
    expect(byKey['c2']).toMatchObject({ state: 'open' });
    expect(byKey['c3']).toMatchObject({ state: 'voided', voidReason: 'Sai đề' });
    expect(byKey['c4']).toMatchObject({ state: 'ready', openedAt: null });
    expect((await app.inject({ method: 'GET', url: `/api/contests/${SLUG}/quiz/kien-thuc` })).statusCode).toBe(401);
  });

  it('words the import’s row errors in the reader’s language', async () => {
    const csv = 'Câu hỏi,A,B,Đáp án\nHỏi gì?,Một,Hai,E\n';
    const boundary = '----hoithi';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="q.csv"\r\nContent-Type: text/csv\r\n\r\n`,
      ),
      Buffer.from(csv),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const url = `/api/contests/${SLUG}/quiz/kien-thuc/import`;
    const headers = { cookie: organizer, 'content-type': `multipart/form-data; boundary=${boundary}` };
    const vi = (await app.inject({ method: 'POST', url, headers, payload: body })).json();
    expect(vi.errors).toEqual([{ row: 2, field: 'answer', message: 'Đáp án "E" không thuộc 2 phương án' }]);
    const en = (
      await app.inject({ method: 'POST', url, headers: { ...headers, 'accept-language': 'en' }, payload: body })
    ).json();
    expect(en.errors[0].message).toBe('Answer "E" is not one of the 2 choices');
  });
});
