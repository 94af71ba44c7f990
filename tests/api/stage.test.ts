import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { submitIntroSheet, useDemo } from '../helpers/app.js';

const SLUG = 'cchc-gialai-2019';
const demo = useDemo({ host: true });

const post = (url: string, payload?: object, c: string | null = demo.host, headers: Record<string, string> = {}) =>
  demo.h.app.inject({
    method: 'POST',
    url: `/api/contests/${SLUG}${url}`,
    headers: { ...(c ? { cookie: c } : {}), ...headers },
    ...(payload ? { payload } : {}),
  });
const board = async (c?: string) =>
  (await demo.h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/scoreboard`, headers: c ? { cookie: c } : {} })).json();

async function scoreAndLock(team: string, base: number) {
  for (const j of ['gk2', 'gk3', 'gk4', 'gk5']) await submitIntroSheet(demo.h.app, demo.judges[j], team, base);
  // gk1 did not mark: the lock is forced, with a reason.
  expect((await post(`/rounds/gioi-thieu/teams/${team}/lock`, { force: true, reason: 'GK1 vắng mặt' })).statusCode).toBe(200);
}

describe('stage, scene and timer', () => {
  it('a new team on stage gets the round’s time limit, not running; start, pause and reset follow the server clock', async () => {
    const stage = (await post('/stage', { round: 'gioi-thieu', team: 'bhxh' })).json();
    expect(stage.timer).toEqual({ durationMs: 300_000, endsAt: null, remainingMs: 300_000 });
    const before = Date.now();
    const started = (await post('/timer', { action: 'start' })).json();
    const endsAt = Date.parse(started.timer.endsAt);
    expect(endsAt).toBeGreaterThanOrEqual(before + 300_000 - 5);
    expect(endsAt).toBeLessThanOrEqual(Date.now() + 300_000 + 5);
    const paused = (await post('/timer', { action: 'pause' })).json();
    expect(paused.timer.endsAt).toBeNull();
    expect(paused.timer.remainingMs).toBeGreaterThan(299_000);
    expect(paused.timer.remainingMs).toBeLessThanOrEqual(300_000);
    const custom = (await post('/timer', { action: 'reset', durationSec: 60 })).json();
    expect(custom.timer).toEqual({ durationMs: 60_000, endsAt: null, remainingMs: 60_000 });
    const publicStage = (await demo.h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/stage` })).json();
    expect(publicStage).toMatchObject({ round: 'gioi-thieu', team: 'bhxh', timer: { remainingMs: 60_000 } });
  });

  it('the quiz standings scene: once a question closes, the public board carries the round’s points so far', async () => {
    const seed = JSON.parse(readFileSync(join(import.meta.dirname, '../../db/seed/cchc-gialai-2019.json'), 'utf8')) as {
      rounds: { key: string; questions?: { key: string; answer: number; points: number }[] }[];
    };
    const c1 = seed.rounds.find((r) => r.key === 'kien-thuc')!.questions![0]!;
    expect((await post('/quiz/kien-thuc/c1/open')).statusCode).toBe(200);
    for (const [team, choice] of [
      ['bhxh', c1.answer],
      ['kbnn', (c1.answer + 1) % 2],
    ] as const)
      expect((await post('/quiz/kien-thuc/c1/answers', { team, choice })).statusCode).toBe(200);
    // Open: the answers are sealed, the round has no score yet.
    const open = await board();
    expect(open.rows.find((r: { team: string }) => r.team === 'bhxh').rounds['kien-thuc']).toBeNull();
    expect((await post('/quiz/kien-thuc/c1/close')).statusCode).toBe(200);
    const stage = (await post('/scene', { scene: 'quiz_board' })).json();
    expect(stage.scene).toBe('quiz_board');
    expect((await demo.h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/stage` })).json().scene).toBe('quiz_board');
    const closed = await board();
    const quiz = Object.fromEntries(
      closed.rows.map((r: { team: string; rounds: Record<string, number | null> }) => [r.team, r.rounds['kien-thuc']]),
    );
    expect(quiz['bhxh']).toBe(c1.points);
    expect(quiz['kbnn']).toBe(0);
    expect(quiz['sgtvt']).toBe(0);
  });

  it('switches the big-screen scene, and refuses an unknown one naming the field', async () => {
    expect((await post('/scene', { scene: 'qr' })).json().scene).toBe('qr');
    const bad = await post('/scene', { scene: 'disco' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.path).toBe('scene');
  });

  it('refuses the audience: stage, scene, timer, freeze and reveal are for staff', async () => {
    for (const [url, body] of [
      ['/stage', { round: null, team: null }],
      ['/scene', { scene: 'qr' }],
      ['/timer', { action: 'start' }],
      ['/freeze', undefined],
      ['/unfreeze', undefined],
      ['/reveal/next', undefined],
    ] as const)
      expect((await post(url, body, null)).statusCode, url).toBe(401);
  });
});

describe('freeze and reveal', () => {
  it('hides later locks from the public while frozen; the host sees them; the reveal releases them from the last place up, then prizes', async () => {
    await scoreAndLock('bhxh', 30);
    await scoreAndLock('kbnn', 35);
    expect((await post('/freeze')).statusCode).toBe(200);
    await scoreAndLock('sgtvt', 40);

    const publicBoard = await board();
    expect(publicBoard.frozen).toBe(true);
    expect(publicBoard.rows.find((r: { team: string }) => r.team === 'sgtvt').rounds['gioi-thieu']).toBeNull();
    expect(JSON.stringify(publicBoard)).not.toContain('80');
    const hostBoard = await board(demo.host);
    expect(hostBoard.rows[0]).toMatchObject({ team: 'sgtvt', total: 80, rank: 1 });

    // Most rounds are not locked: the reveal is refused with its checklist, then overridden.
    const refused = await post('/reveal/next');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('RESULTS_NOT_FINAL');
    const steps = [];
    for (let i = 0; i < 25; i++) {
      const res = await post(
        '/reveal/next',
        i === 0 ? { override: true, reason: 'Công bố kết quả phần thi thứ nhất' } : undefined,
      );
      expect(res.statusCode).toBe(200);
      steps.push(res.json());
      if (res.json().pos === res.json().total) break;
    }
    // Only the three teams with a score are revealed, from the last place up; no prize is decided.
    expect(steps.map((s) => s.step)).toEqual([
      { kind: 'team', team: 'bhxh' },
      { kind: 'team', team: 'kbnn' },
      { kind: 'team', team: 'sgtvt' },
    ]);
    const mid = await board();
    expect(mid.reveal.pos).toBe(steps.length);
    expect(mid.rows[0]).toMatchObject({ team: 'sgtvt', rank: 1, total: 80 });
    expect((await post('/unfreeze')).statusCode).toBe(200);
    const after = await board();
    expect(after.frozen).toBe(false);
    expect(after.rows[0]).toMatchObject({ team: 'sgtvt', total: 80 });
  });

  it('shows the teams not yet revealed without a rank, above the revealed ones', async () => {
    await scoreAndLock('bhxh', 30);
    await post('/freeze');
    await scoreAndLock('kbnn', 35);
    expect((await post('/reveal/next', { override: true, reason: 'Thử công bố' })).statusCode).toBe(200);
    const b = await board();
    type Row = { team: string; rank: number | null };
    const ranked = b.rows.filter((r: Row) => r.rank !== null);
    // bhxh (30) is revealed first, with its final rank; kbnn, unscored at the freeze, waits above it.
    expect(ranked).toMatchObject([{ team: 'bhxh', rank: 2 }]);
    const at = (team: string) => b.rows.findIndex((r: Row) => r.team === team);
    expect(at('kbnn')).toBeGreaterThanOrEqual(0);
    expect(b.rows[at('kbnn')].rank).toBeNull();
    expect(at('kbnn')).toBeLessThan(at('bhxh'));
    expect(b.reveal).toMatchObject({ pos: 1, step: { kind: 'team' } });
  });

  it('refuses a reveal without a freeze', async () => {
    const res = await post('/reveal/next');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('NOT_FROZEN');
  });
});

describe('audience votes', () => {
  // Votes count only while the host has voting open (tests/api/voting.test.ts has the lifecycle).
  beforeEach(async () => {
    expect((await post('/votes/open')).statusCode).toBe(200);
  });

  it('takes one vote per device and says so plainly on the second', async () => {
    // The audience prize goes to ranked teams only: give both a score.
    for (const team of ['bhxh', 'kbnn'])
      expect(
        (
          await demo.h.app.inject({
            method: 'PUT',
            url: `/api/contests/${SLUG}/direct/diem-thuong/${team}`,
            headers: { cookie: demo.host },
            payload: { score: 1, reason: 'Điểm thưởng' },
          })
        ).statusCode,
      ).toBe(200);
    const first = await post('/votes', { team: 'bhxh' }, null);
    expect(first.statusCode).toBe(200);
    const device = first.cookies.find((c) => c.name === 'hoithi_device')!;
    expect(device.httpOnly).toBe(true);
    const again = await post('/votes', { team: 'kbnn' }, null, { cookie: `hoithi_device=${device.value}` });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'ALREADY_VOTED', message: 'Thiết bị này đã bình chọn rồi. Cảm ơn bạn!' });
    const me = await demo.h.app.inject({
      method: 'GET',
      url: `/api/contests/${SLUG}/votes/me`,
      headers: { cookie: `hoithi_device=${device.value}` },
    });
    expect(me.json()).toEqual({ team: 'bhxh' });
    const other = await post('/votes', { team: 'kbnn' }, null);
    expect(other.statusCode).toBe(200);
    const live = await board(demo.cookie);
    expect(live.awards.find((a: { prize: string }) => a.prize === 'khan-gia').teams).toEqual(['bhxh', 'kbnn']);
  });

  it('names an unknown team', async () => {
    const res = await post('/votes', { team: 'khong-co' }, null);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.path).toBe('team');
  });
});

describe('direct rounds', () => {
  const put = (team: string, payload: object, c: string | null = demo.host) =>
    demo.h.app.inject({
      method: 'PUT',
      url: `/api/contests/${SLUG}/direct/diem-thuong/${team}`,
      headers: c ? { cookie: c } : {},
      payload,
    });

  it('the host enters a score with a reason; it is on the public board at once and logged', async () => {
    const res = await put('bhxh', { score: 2.5, reason: 'Đội có sản phẩm mô hình trưng bày' });
    expect(res.statusCode, res.body).toBe(200);
    const b = await board();
    expect(b.rows.find((r: { team: string }) => r.team === 'bhxh')).toMatchObject({ rounds: { 'diem-thuong': 2.5 }, total: 2.5 });
    const audit = (
      await demo.h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/audit`, headers: { cookie: demo.cookie } })
    ).json();
    expect(audit.events.at(-1)).toMatchObject({
      kind: 'direct',
      after: { score: 250 },
      reason: 'Đội có sản phẩm mô hình trưng bày',
    });
  });

  it('names the score when it is off its step or range, wants a reason, and is for staff only', async () => {
    expect((await put('bhxh', { score: 2.3, reason: 'x' })).json().error.path).toBe('score');
    expect((await put('bhxh', { score: 11, reason: 'x' })).json().error.path).toBe('score');
    expect((await put('bhxh', { score: 1 })).json().error.path).toBe('reason');
    expect((await put('bhxh', { score: 1, reason: 'x' }, null)).statusCode).toBe(401);
    const quizRound = await demo.h.app.inject({
      method: 'PUT',
      url: `/api/contests/${SLUG}/direct/kien-thuc/bhxh`,
      headers: { cookie: demo.host },
      payload: { score: 1, reason: 'x' },
    });
    expect(quizRound.statusCode).toBe(409);
    expect(quizRound.json().error.code).toBe('NOT_A_DIRECT_ROUND');
  });
});
