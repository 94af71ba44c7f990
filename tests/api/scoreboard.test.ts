import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HOST, login, useDemo } from '../helpers/app.js';

const SLUG = 'cchc-gialai-2019';
const demo = useDemo();

async function submit(judge: string, team: string, marks: [number, number, number]) {
  const res = await demo.h.app.inject({
    method: 'PUT',
    url: `/api/contests/${SLUG}/sheets/gioi-thieu/${team}`,
    headers: { authorization: `Bearer ${demo.judges[judge]}`, 'idempotency-key': randomUUID() },
    payload: { marks: { 'noi-dung': marks[0], 'hinh-thuc': marks[1], 'sang-tao': marks[2] }, status: 'submitted' },
  });
  expect(res.statusCode, res.body).toBe(200);
}
const board = async (c?: string) =>
  (await demo.h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/scoreboard`, headers: c ? { cookie: c } : {} })).json();
const row = (b: { rows: { team: string }[] }, team: string) => b.rows.find((r) => r.team === team) as Record<string, unknown>;

describe('the scoreboard', () => {
  it('keeps sealed marks out of the public board until the host locks the team round', async () => {
    // gk1 has a conflict only with noi-vu; trimmed mean with trim 1 over 5 judges.
    for (const [i, j] of ['gk1', 'gk2', 'gk3', 'gk4', 'gk5'].entries()) await submit(j, 'bhxh', [30 + i, 20, 20]);
    const publicBefore = await board();
    expect(publicBefore.view).toBe('public');
    expect(row(publicBefore, 'bhxh')).toMatchObject({ rounds: { 'gioi-thieu': null }, total: 0, pending: true });
    expect(JSON.stringify(publicBefore)).not.toContain('72');

    const live = await board(demo.cookie);
    expect(live.view).toBe('organizer');
    // Totals 70..74, trimmed: mean of 71, 72, 73 = 72.
    expect(row(live, 'bhxh')).toMatchObject({ rank: 1, rounds: { 'gioi-thieu': 72 }, total: 72 });

    const host = await login(demo.h.app, HOST);
    expect(row(await board(host), 'bhxh')).toMatchObject({ rounds: { 'gioi-thieu': null } });

    await demo.h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/rounds/gioi-thieu/teams/bhxh/lock`,
      headers: { cookie: host },
    });
    const after = await board();
    expect(row(after, 'bhxh')).toMatchObject({ rank: 1, rounds: { 'gioi-thieu': 72 }, total: 72 });
    expect(after.seq).toBeGreaterThan(publicBefore.seq);
  });

  it('ignores the sheet of a judge with a conflict, and drafts', async () => {
    for (const j of ['gk2', 'gk3', 'gk4']) await submit(j, 'noi-vu', [40, 30, 30]);
    await demo.h.app.inject({
      method: 'PUT',
      url: `/api/contests/${SLUG}/sheets/gioi-thieu/noi-vu`,
      headers: { authorization: `Bearer ${demo.judges['gk5']}`, 'idempotency-key': randomUUID() },
      payload: { marks: { 'noi-dung': 0 }, status: 'draft' },
    });
    // gk1's conflict: refused at the door, and the board is the mean of the three submitted.
    const live = await board(demo.cookie);
    expect(row(live, 'noi-vu')).toMatchObject({ rounds: { 'gioi-thieu': 100 } });
  });

  it('lists rows in rank order with every team, and numbers rounded to the contest decimals', async () => {
    // Totals 70, 71, 72.5, 73, 80: trimmed mean drops 70 and 80 → (71 + 72.5 + 73) / 3 = 72.1666… → 72.17
    await submit('gk1', 'kbnn', [30, 20, 20]);
    await submit('gk2', 'kbnn', [31, 20, 20]);
    await submit('gk3', 'kbnn', [32.5, 20, 20]);
    await submit('gk4', 'kbnn', [33, 20, 20]);
    await submit('gk5', 'kbnn', [40, 20, 20]);
    const live = await board(demo.cookie);
    expect(live.rows).toHaveLength(20);
    expect(row(live, 'kbnn')).toMatchObject({ rank: 1, total: 72.17, rounds: { 'gioi-thieu': 72.17 } });
    expect(live.rows[0].team).toBe('kbnn');
  });

  it('answers 404 for an unknown contest', async () => {
    const res = await demo.h.app.inject({ method: 'GET', url: '/api/contests/khong-co/scoreboard' });
    expect(res.statusCode).toBe(404);
  });
});

describe('special prizes', () => {
  it('the organizer gives a special prize to a named member with a reason; it reaches the board', async () => {
    const res = await demo.h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/prizes/ts-xs/awards`,
      headers: { cookie: demo.cookie },
      payload: { team: 'bhxh', member: 'Nguyễn Thị Lan', reason: 'Phần thuyết trình xuất sắc' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ prize: 'ts-xs', team: 'bhxh', member: 'Nguyễn Thị Lan' });
    const live = await board(demo.cookie);
    expect(live.awards.find((a: { prize: string }) => a.prize === 'ts-xs')).toEqual({
      prize: 'ts-xs',
      teams: ['bhxh'],
      provisional: false,
    });
    const wrongKind = await demo.h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/prizes/nhat/awards`,
      headers: { cookie: demo.cookie },
      payload: { team: 'bhxh', reason: 'x' },
    });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().error.path).toBe('prize');
    const host = await login(demo.h.app, HOST);
    const asHost = await demo.h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/prizes/ts-xs/awards`,
      headers: { cookie: host },
      payload: { team: 'bhxh', reason: 'x' },
    });
    expect(asHost.statusCode).toBe(403);
  });
});

describe('special prizes, given and taken back', () => {
  it('refuses more than the prize counts, and takes one back with a reason (logged)', async () => {
    const give = (team: string) =>
      demo.h.app.inject({
        method: 'POST',
        url: `/api/contests/${SLUG}/prizes/ts-xs/awards`,
        headers: { cookie: demo.cookie },
        payload: { team, reason: 'Xuất sắc' },
      });
    const ids: number[] = [];
    for (const team of ['bhxh', 'kbnn', 'sgtvt', 'noi-vu', 'vp-ubnd']) ids.push((await give(team)).json().id);
    const full = await give('bhxh');
    expect(full.statusCode).toBe(409);
    expect(full.json().error).toMatchObject({ code: 'PRIZE_FULL', path: 'prize' });
    const listed = (
      await demo.h.app.inject({
        method: 'GET',
        url: `/api/contests/${SLUG}/prizes/ts-xs/awards`,
        headers: { cookie: demo.cookie },
      })
    ).json();
    expect(listed.awards).toHaveLength(5);
    const back = await demo.h.app.inject({
      method: 'DELETE',
      url: `/api/contests/${SLUG}/prizes/ts-xs/awards/${ids[0]}`,
      headers: { cookie: demo.cookie },
      payload: { reason: 'Trao nhầm đội' },
    });
    expect(back.statusCode).toBe(204);
    expect((await give('bhxh')).statusCode).toBe(201);
    const audit = (
      await demo.h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/audit`, headers: { cookie: demo.cookie } })
    ).json();
    expect(audit.events.find((e: { kind: string }) => e.kind === 'special_award_removed')).toMatchObject({
      reason: 'Trao nhầm đội',
    });
  });
});
