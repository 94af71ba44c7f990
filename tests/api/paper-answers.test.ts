/**
 * Paper answers: PUT /api/contests/:slug/quiz/:round/:question/answers enters the answers of the
 * teams without a device for one question in one form — all or none, only while the question is
 * open, a team that already answered otherwise named with 409.
 */
import { describe, expect, it } from 'vitest';
import { demoPackage, HOST, useDemo } from '../helpers/app.js';

const SLUG = 'cchc-gialai-2019';
const demo = useDemo({ host: true });

const quiz = (method: 'POST' | 'PUT', url: string, headers: Record<string, string>, payload?: object) =>
  demo.h.app.inject({
    method,
    url: `/api/contests/${SLUG}/quiz/kien-thuc${url}`,
    headers,
    ...(payload ? { payload } : {}),
  });
const paper = (question: string, answers: unknown, cookie = demo.host) =>
  quiz('PUT', `/${question}/answers`, { cookie }, { answers });
const open = (question: string) => quiz('POST', `/${question}/open`, { cookie: demo.host });
const close = (question: string) => quiz('POST', `/${question}/close`, { cookie: demo.host });
const correct = (question: string) =>
  (demoPackage().rounds[1] as { questions: { key: string; answer: number }[] }).questions.find((q) => q.key === question)!.answer;
const recorded = async () =>
  (await demo.h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/audit`, headers: { cookie: demo.cookie } }))
    .json()
    .events.filter((e: { kind: string }) => e.kind === 'quiz_answer')
    .map((e: { subject: { team: string }; after: { choice: number }; actor: string }) => [
      e.subject.team,
      e.after.choice,
      e.actor,
    ]);
const board = async () => (await demo.h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/scoreboard` })).json();
const quizScore = (b: { rows: { team: string; rounds: Record<string, number | null> }[] }, team: string) =>
  b.rows.find((r) => r.team === team)!.rounds['kien-thuc'];

describe('paper answers', () => {
  it('records every team’s answer in one call, logged as entered by the host, and scores them at the close', async () => {
    expect((await open('c1')).statusCode).toBe(200);
    const right = correct('c1');
    const wrong = (right + 1) % 4;
    const res = await paper('c1', [
      { team: 'bhxh', choice: right },
      { team: 'kbnn', choice: wrong },
      { team: 'sgtvt', choice: right },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.question).toBe('c1');
    expect(body.answers.map((a: { team: string; choice: number; added: boolean }) => [a.team, a.choice, a.added])).toEqual([
      ['bhxh', right, true],
      ['kbnn', wrong, true],
      ['sgtvt', right, true],
    ]);
    expect(await recorded()).toEqual([
      ['bhxh', right, `staff:${HOST.email}`],
      ['kbnn', wrong, `staff:${HOST.email}`],
      ['sgtvt', right, `staff:${HOST.email}`],
    ]);
    expect((await close('c1')).statusCode).toBe(200);
    const b = await board();
    expect(quizScore(b, 'bhxh')).toBe(10);
    expect(quizScore(b, 'kbnn')).toBe(0);
    expect(quizScore(b, 'sgtvt')).toBe(10);
  });

  it('is all or none: an unknown team or a choice out of range is a 400 naming its entry, and nothing is stored', async () => {
    await open('c1');
    const unknown = await paper('c1', [
      { team: 'bhxh', choice: 0 },
      { team: 'khong-co', choice: 1 },
    ]);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: 'VALIDATION', path: 'answers.1.team' });
    expect(unknown.json().error.message).toContain('khong-co');

    const choice = await paper('c1', [
      { team: 'bhxh', choice: 0 },
      { team: 'kbnn', choice: 1 },
      { team: 'sgtvt', choice: 5 },
    ]);
    expect(choice.statusCode).toBe(400);
    expect(choice.json().error).toMatchObject({ code: 'VALIDATION', path: 'answers.2.choice' });

    const twice = await paper('c1', [
      { team: 'bhxh', choice: 0 },
      { team: 'bhxh', choice: 1 },
    ]);
    expect(twice.statusCode).toBe(400);
    expect(twice.json().error.path).toBe('answers.1.team');

    // The schema: a choice beyond any question's and a malformed key are named too.
    const schema = await paper('c1', [{ team: 'bhxh', choice: 12 }]);
    expect(schema.statusCode).toBe(400);
    expect(schema.json().error.path).toBe('answers.0.choice');
    const empty = await paper('c1', []);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.path).toBe('answers');

    expect(await recorded()).toEqual([]);
  });

  it('a team that already answered another choice is a 409 naming it; the first answer stays; an identical entry is harmless', async () => {
    await open('c1');
    const own = await demo.h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/quiz/kien-thuc/c1/answers`,
      headers: { authorization: `Bearer ${demo.teams['kbnn']}` },
      payload: { choice: 2 },
    });
    expect(own.statusCode, own.body).toBe(200);

    const conflict = await paper('c1', [
      { team: 'bhxh', choice: 1 },
      { team: 'kbnn', choice: 3 },
    ]);
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error).toMatchObject({ code: 'ALREADY_ANSWERED', path: 'answers.1.team' });
    expect(await recorded()).toEqual([['kbnn', 2, 'team:kbnn']]);

    // The same form sent again after a lost reply, or a sheet that agrees with the team's phone.
    const first = await paper('c1', [{ team: 'bhxh', choice: 1 }]);
    expect(first.statusCode).toBe(200);
    const again = await paper('c1', [
      { team: 'bhxh', choice: 1 },
      { team: 'kbnn', choice: 2 },
    ]);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().answers.map((a: { added: boolean }) => a.added)).toEqual([false, false]);
    expect(await recorded()).toEqual([
      ['kbnn', 2, 'team:kbnn'],
      ['bhxh', 1, `staff:${HOST.email}`],
    ]);
  });

  it('only while the question is open, as for one entered answer', async () => {
    const before = await paper('c1', [{ team: 'bhxh', choice: 1 }]);
    expect(before.statusCode).toBe(409);
    expect(before.json().error.code).toBe('QUESTION_NOT_OPEN');
    await open('c1');
    await close('c1');
    const after = await paper('c1', [{ team: 'bhxh', choice: 1 }]);
    expect(after.statusCode).toBe(409);
    expect(after.json().error.code).toBe('QUESTION_NOT_OPEN');
    const voided = await quiz('POST', '/c2/void', { cookie: demo.host }, { reason: 'Câu hỏi sai' });
    expect(voided.statusCode).toBe(200);
    expect((await paper('c2', [{ team: 'bhxh', choice: 1 }])).json().error.code).toBe('QUESTION_VOIDED');
    expect(await recorded()).toEqual([]);
  });

  it('a withdrawn team is refused by name; an unknown question or round is a 404', async () => {
    const withdraw = await demo.h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/teams/sgtvt/withdraw`,
      headers: { cookie: demo.cookie },
      payload: { reason: 'Đội xin rút' },
    });
    expect(withdraw.statusCode, withdraw.body).toBe(200);
    await open('c1');
    const res = await paper('c1', [
      { team: 'bhxh', choice: 1 },
      { team: 'sgtvt', choice: 1 },
    ]);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'TEAM_WITHDRAWN', path: 'answers.1.team' });
    expect((await paper('khong-co', [{ team: 'bhxh', choice: 1 }])).statusCode).toBe(404);
    expect(
      (
        await demo.h.app.inject({
          method: 'PUT',
          url: `/api/contests/${SLUG}/quiz/gioi-thieu/c1/answers`,
          headers: { cookie: demo.host },
          payload: { answers: [{ team: 'bhxh', choice: 1 }] },
        })
      ).json().error.code,
    ).toBe('NOT_A_QUIZ_ROUND');
    expect(await recorded()).toEqual([]);
  });

  it('is for staff: a team’s own link or no session is refused', async () => {
    await open('c1');
    const asTeam = await quiz(
      'PUT',
      '/c1/answers',
      { authorization: `Bearer ${demo.teams['bhxh']}` },
      { answers: [{ team: 'bhxh', choice: 1 }] },
    );
    expect(asTeam.statusCode).toBe(401);
    const anonymous = await quiz('PUT', '/c1/answers', {}, { answers: [{ team: 'bhxh', choice: 1 }] });
    expect(anonymous.statusCode).toBe(401);
    expect((await paper('c1', [{ team: 'bhxh', choice: 1 }], demo.cookie)).statusCode).toBe(200);
  });
});
