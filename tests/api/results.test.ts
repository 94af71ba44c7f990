import { describe, expect, it } from 'vitest';
import { HOST, login, submitIntroSheet, useDemo } from '../helpers/app.js';

const SLUG = 'cchc-gialai-2019';
const demo = useDemo();

const submit = (judge: string, team: string, first: number) => submitIntroSheet(demo.h.app, demo.judges[judge], team, first);
const get = (url: string, c = demo.cookie) =>
  demo.h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}${url}`, headers: { cookie: c } });
const put = (url: string, payload: object) =>
  demo.h.app.inject({ method: 'PUT', url: `/api/contests/${SLUG}${url}`, headers: { cookie: demo.cookie }, payload });

describe('the results page data', () => {
  it('lists every judge’s sheet total and flags the judge far from the panel', async () => {
    for (const [j, v] of [
      ['gk1', 32],
      ['gk2', 33],
      ['gk3', 31.5],
      ['gk4', 32.5],
      ['gk5', 15],
    ] as const)
      await submit(j, 'bhxh', v);
    const res = await get('/results');
    expect(res.statusCode).toBe(200);
    const { table, outliers, tolerance } = res.json();
    expect(tolerance).toBe('2');
    const bhxh = table.rows.find((r: { team: string }) => r.team === 'bhxh');
    expect(bhxh.judgeTotals['gioi-thieu']).toEqual({ gk1: 72, gk2: 73, gk3: 71.5, gk4: 72.5, gk5: 55 });
    expect(bhxh.judgeMarks['gioi-thieu'].gk5).toEqual({ 'noi-dung': 15, 'hinh-thuc': 20, 'sang-tao': 20 });
    expect(outliers).toEqual([{ round: 'gioi-thieu', team: 'bhxh', judge: 'gk5', total: 55, othersMean: 72.25 }]);
    const loose = (await get('/results?tolerance=5')).json();
    expect(loose.outliers).toEqual([]);
    const noiVu = table.rows.find((r: { team: string }) => r.team === 'noi-vu');
    expect(noiVu.judgeTotals['gioi-thieu'].gk1).toBe('conflict');
  });

  it('previews the standings under another method without changing anything', async () => {
    for (const [j, v] of [
      ['gk1', 40],
      ['gk2', 30],
      ['gk3', 30],
      ['gk4', 30],
      ['gk5', 10],
    ] as const)
      await submit(j, 'bhxh', v);
    const res = (await get('/what-if?method=median')).json();
    const cur = res.current.rows.find((r: { team: string }) => r.team === 'bhxh');
    const pre = res.preview.rows.find((r: { team: string }) => r.team === 'bhxh');
    // trimmed mean (trim 1) of 80, 70, 70, 70, 50 = 70; mean would be 68; median 70.
    expect(cur.rounds['gioi-thieu']).toBe(70);
    expect(pre.rounds['gioi-thieu']).toBe(70);
    const mean = (await get('/what-if?method=mean')).json().preview.rows.find((r: { team: string }) => r.team === 'bhxh');
    expect(mean.rounds['gioi-thieu']).toBe(68);
    expect((await get('/scoreboard')).json().rows.find((r: { team: string }) => r.team === 'bhxh').total).toBe(70);
  });
});

describe('changing the scoring policy', () => {
  const policy = { aggregation: { method: 'mean', trim: 0, decimals: 2 }, tiebreak: ['round:thuyet-trinh'] };

  it('changes freely before the first lock, and is logged', async () => {
    const res = await put('/policy', policy);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual(policy);
    const audit = (await get('/audit')).json();
    expect(audit.events.at(-1)).toMatchObject({ kind: 'policy', after: policy, reason: null });
    expect(audit.events.at(-1).before.aggregation.method).toBe('trimmed_mean');
  });

  it('after the first lock asks for a reason, then applies and logs it', async () => {
    await submit('gk2', 'bhxh', 30);
    await demo.h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/rounds/gioi-thieu/teams/bhxh/lock`,
      headers: { cookie: demo.cookie },
      payload: { force: true, reason: 'Bốn giám khảo chấm giấy' },
    });
    const refused = await put('/policy', policy);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'REASON_REQUIRED', path: 'reason' });
    const ok = await put('/policy', { ...policy, reason: 'Ban Giám khảo thống nhất dùng trung bình cộng' });
    expect(ok.statusCode).toBe(200);
    expect((await get('/audit')).json().events.at(-1)).toMatchObject({
      kind: 'policy',
      reason: 'Ban Giám khảo thống nhất dùng trung bình cộng',
    });
  });

  it('names an unknown tiebreak round, and is for the organizer only', async () => {
    const bad = await put('/policy', { ...policy, tiebreak: ['round:khong-co'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.path).toBe('tiebreak.0');
    const host = await login(demo.h.app, HOST);
    expect((await get('/results', host)).statusCode).toBe(403);
    expect((await get('/what-if?method=mean', host)).statusCode).toBe(403);
  });
});
