/**
 * Results you can trust on stage (scoring.md §7): no rank without a score, closing a round,
 * unlocking with a reason, and the guarded reveal.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createContest, demoPackage, useDemo } from '../helpers/app.js';

const SLUG = 'cchc-gialai-2019';
const JUDGES = ['gk1', 'gk2', 'gk3', 'gk4', 'gk5'];
const demo = useDemo({ host: true });

type Row = {
  team: string;
  rank: number | null;
  total: number;
  rounds: Record<string, number | null>;
  prizes: string[];
  review?: string[];
};
type Board = { rows: Row[]; awards: { prize: string; teams: string[]; provisional: boolean }[] };

const call = (method: 'GET' | 'POST' | 'PUT', url: string, cookie: string | null, payload?: object) =>
  demo.h.app.inject({
    method,
    url: `/api/contests/${SLUG}${url}`,
    headers: cookie ? { cookie } : {},
    ...(payload ? { payload } : {}),
  });
const board = async (cookie: string | null = null): Promise<Board> => (await call('GET', '/scoreboard', cookie)).json();
const row = (b: Board, team: string) => b.rows.find((r) => r.team === team)!;

async function submit(judge: string, round: string, team: string, marks: Record<string, number>) {
  const res = await demo.h.app.inject({
    method: 'PUT',
    url: `/api/contests/${SLUG}/sheets/${round}/${team}`,
    headers: { authorization: `Bearer ${demo.judges[judge]}`, 'idempotency-key': randomUUID() },
    payload: { marks, status: 'submitted' },
  });
  return res;
}
const introMarks = (n: number) => ({ 'noi-dung': n, 'hinh-thuc': 20, 'sang-tao': 20 });
/** Every judge without a conflict (gk1 has one with noi-vu) marks the team's self-introduction. */
async function markIntro(team: string, n: number) {
  for (const j of JUDGES)
    if (!(j === 'gk1' && team === 'noi-vu')) expect((await submit(j, 'gioi-thieu', team, introMarks(n))).statusCode).toBe(200);
}

describe('no rank without a score', () => {
  it('before any mark no team is ranked or holds a prize, on the public, host and organizer boards', async () => {
    for (const cookie of [null, demo.host, demo.cookie]) {
      const b = await board(cookie);
      expect(b.rows).toHaveLength(20);
      expect(b.rows.every((r) => r.rank === null && r.prizes.length === 0)).toBe(true);
      expect(b.awards.filter((a) => a.prize !== 'ts-xs').every((a) => a.teams.length === 0)).toBe(true);
    }
  });

  it('once one team is scored only that team is ranked; the unscored hold no prize, not even provisionally', async () => {
    await markIntro('bhxh', 30);
    expect((await call('POST', '/rounds/gioi-thieu/teams/bhxh/lock', demo.host)).statusCode).toBe(200);
    const b = await board();
    expect(b.rows[0]).toMatchObject({ team: 'bhxh', rank: 1 });
    expect(b.rows.slice(1).every((r) => r.rank === null)).toBe(true);
    const nhi = b.awards.find((a) => a.prize === 'nhi')!;
    expect(nhi.teams).toEqual([]);
    // The organizer's results table says the same: no "Giải Nhì (tạm tính)" for unscored teams.
    const results = (await call('GET', '/results', demo.cookie)).json();
    const prizeNhi = results.table.prizes.find((p: { key: string }) => p.key === 'nhi');
    expect(prizeNhi.winners).toEqual([]);
  });
});

describe('closing a round', () => {
  it('a bonus round where 5 of 20 teams earned points closes at once: the 15 others get 0, logged', async () => {
    const scored = ['bhxh', 'kbnn', 'sgtvt', 'y-te', 'gddt'];
    for (const team of scored)
      expect((await call('PUT', `/direct/diem-thuong/${team}`, demo.host, { score: 5, reason: 'Điểm thưởng' })).statusCode).toBe(
        200,
      );
    const res = await call('POST', '/rounds/diem-thuong/lock', demo.host);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.locked).toHaveLength(20);
    expect(body.zeroed).toHaveLength(15);
    expect(body.zeroed).not.toContain('bhxh');
    const b = await board();
    expect(b.rows.every((r) => r.rounds['diem-thuong'] !== null)).toBe(true);
    expect(row(b, 'tu-phap').rounds['diem-thuong']).toBe(0);
    const audit = (await call('GET', '/audit', demo.cookie)).json();
    const zeros = audit.events.filter(
      (e: { kind: string; after: { score?: number } }) => e.kind === 'direct' && e.after.score === 0,
    );
    expect(zeros).toHaveLength(15);
    expect(zeros[0].reason).toMatch(/tính 0/);
    expect(audit.verified.ok).toBe(true);
    // Locking again changes nothing; the cell cannot be edited while locked.
    expect((await call('POST', '/rounds/diem-thuong/lock', demo.host)).json()).toMatchObject({ locked: [], zeroed: [] });
    const edit = await call('PUT', '/direct/diem-thuong/tu-phap', demo.host, { score: 2, reason: 'Sửa' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('RESULT_LOCKED');
  });

  it('a rubric round with missing sheets answers 409 ROUND_INCOMPLETE naming each team and judge, unless forced with a reason', async () => {
    await markIntro('bhxh', 30);
    expect((await submit('gk2', 'gioi-thieu', 'kbnn', introMarks(31))).statusCode).toBe(200);
    const refused = await call('POST', '/rounds/gioi-thieu/lock', demo.host);
    expect(refused.statusCode).toBe(409);
    const body = refused.json();
    expect(body.error.code).toBe('ROUND_INCOMPLETE');
    expect(body.teams).toHaveLength(19);
    expect(body.teams.find((t: { team: string }) => t.team === 'kbnn')).toMatchObject({
      name: expect.any(String),
      missing: ['gk1', 'gk3', 'gk4', 'gk5'],
    });
    // gk1 has a conflict with noi-vu: not missing there.
    expect(body.teams.find((t: { team: string }) => t.team === 'noi-vu').missing).toEqual(['gk2', 'gk3', 'gk4', 'gk5']);
    expect(body.teams.map((t: { team: string }) => t.team)).not.toContain('bhxh');
    // Nothing was locked by the refusal.
    expect((await board()).rows.every((r) => r.rank === null)).toBe(true);

    const noReason = await call('POST', '/rounds/gioi-thieu/lock', demo.host, { force: true });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.path).toBe('reason');

    const forced = await call('POST', '/rounds/gioi-thieu/lock', demo.host, { force: true, reason: 'Hết giờ, BTC quyết định' });
    expect(forced.statusCode).toBe(200);
    expect(forced.json().locked).toHaveLength(20);
    const b = await board();
    expect(row(b, 'kbnn').rounds['gioi-thieu']).toBe(71);
    // A team without any sheet when the round closed scores 0 there.
    expect(row(b, 'tu-phap').rounds['gioi-thieu']).toBe(0);
    const audit = (await call('GET', '/audit', demo.cookie)).json();
    const locks = audit.events.filter((e: { kind: string }) => e.kind === 'lock');
    expect(locks).toHaveLength(20);
    expect(locks.find((e: { subject: { team: string } }) => e.subject.team === 'kbnn')).toMatchObject({
      reason: 'Hết giờ, BTC quyết định',
      after: { forced: true },
    });
    expect(locks.find((e: { subject: { team: string } }) => e.subject.team === 'bhxh').reason).toBeNull();
  });

  it('one team’s lock with 0 of 5 sheets is refused the same way; forced, it is logged with its reason', async () => {
    const refused = await call('POST', '/rounds/gioi-thieu/teams/kbnn/lock', demo.host);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().teams).toEqual([{ team: 'kbnn', name: expect.any(String), missing: JUDGES }]);
    const forced = await call('POST', '/rounds/gioi-thieu/teams/kbnn/lock', demo.host, { force: true, reason: 'Đội không thi' });
    expect(forced.statusCode).toBe(200);
    expect(row(await board(), 'kbnn').rounds['gioi-thieu']).toBe(0);
  });

  it('is for staff only and names an unknown round', async () => {
    expect((await call('POST', '/rounds/diem-thuong/lock', null)).statusCode).toBe(401);
    const unknown = await call('POST', '/rounds/khong-co/lock', demo.host);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('ROUND_NOT_FOUND');
  });
});

describe('undo with a reason', () => {
  it('reopens a result: judges amend, screens keep the released result under review, the next lock releases the new one', async () => {
    await markIntro('bhxh', 30);
    expect((await call('POST', '/rounds/gioi-thieu/teams/bhxh/lock', demo.host)).statusCode).toBe(200);
    expect(row(await board(), 'bhxh').rounds['gioi-thieu']).toBe(70);
    // Locked: the judge cannot change it.
    expect((await submit('gk2', 'gioi-thieu', 'bhxh', introMarks(35))).statusCode).toBe(409);

    const noReason = await call('POST', '/rounds/gioi-thieu/teams/bhxh/unlock', demo.host, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.path).toBe('reason');
    const unlocked = await call('POST', '/rounds/gioi-thieu/teams/bhxh/unlock', demo.host, { reason: 'GK2 nhập nhầm điểm' });
    expect(unlocked.statusCode, unlocked.body).toBe(200);
    expect(unlocked.json()).toMatchObject({ round: 'gioi-thieu', team: 'bhxh', locked: false });
    expect((await call('POST', '/rounds/gioi-thieu/teams/bhxh/unlock', demo.host, { reason: 'lần nữa' })).json().error.code).toBe(
      'NOT_LOCKED',
    );

    // The judge amends; the public still sees the released 70, marked under review.
    expect((await submit('gk2', 'gioi-thieu', 'bhxh', introMarks(35))).statusCode).toBe(200);
    const during = row(await board(), 'bhxh');
    expect(during).toMatchObject({ rank: 1, rounds: { 'gioi-thieu': 70 }, review: ['gioi-thieu'] });
    expect(row(await board(demo.host), 'bhxh').review).toEqual(['gioi-thieu']);
    // Trimmed mean (trim 1) of 70,70,70,70,75 is still 70; two more amendments move it to 73.33.
    expect((await submit('gk3', 'gioi-thieu', 'bhxh', introMarks(35))).statusCode).toBe(200);
    expect((await submit('gk4', 'gioi-thieu', 'bhxh', introMarks(35))).statusCode).toBe(200);
    expect(row(await board(demo.cookie), 'bhxh').rounds['gioi-thieu']).toBe(73.33);
    expect(row(await board(), 'bhxh').rounds['gioi-thieu']).toBe(70);

    expect((await call('POST', '/rounds/gioi-thieu/teams/bhxh/lock', demo.host)).statusCode).toBe(200);
    const after = row(await board(), 'bhxh');
    expect(after).toMatchObject({ rounds: { 'gioi-thieu': 73.33 }, review: [] });

    const audit = (await call('GET', '/audit', demo.cookie)).json();
    expect(audit.events.find((e: { kind: string }) => e.kind === 'unlock')).toMatchObject({
      subject: { round: 'gioi-thieu', team: 'bhxh' },
      reason: 'GK2 nhập nhầm điểm',
    });
    // The replay of the log agrees with the stored locks after lock, unlock and lock again.
    expect(audit.verified).toMatchObject({ ok: true, problems: [] });
  });

  it('is refused for a team the running reveal has announced, allowed for one still to come', async () => {
    await markIntro('bhxh', 30);
    await markIntro('kbnn', 35);
    for (const team of ['bhxh', 'kbnn'])
      expect((await call('POST', `/rounds/gioi-thieu/teams/${team}/lock`, demo.host)).statusCode).toBe(200);
    expect((await call('POST', '/freeze', demo.host)).statusCode).toBe(200);
    const first = await call('POST', '/reveal/next', demo.host, { override: true, reason: 'Công bố phần tự giới thiệu' });
    expect(first.json().step).toEqual({ kind: 'team', team: 'bhxh' });
    const refused = await call('POST', '/rounds/gioi-thieu/teams/bhxh/unlock', demo.host, { reason: 'Xem lại' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('ALREADY_REVEALED');
    expect((await call('POST', '/rounds/gioi-thieu/teams/kbnn/unlock', demo.host, { reason: 'Xem lại' })).statusCode).toBe(200);
    // While kbnn is under review the reveal waits.
    const waits = await call('POST', '/reveal/next', demo.host);
    expect(waits.statusCode).toBe(409);
    expect(waits.json().issues).toEqual([{ kind: 'under_review', round: 'gioi-thieu', team: 'kbnn' }]);
  });
});

describe('a guarded reveal', () => {
  it('refuses the first step with the checklist; an override needs a reason and is logged', async () => {
    await markIntro('bhxh', 30);
    expect((await call('POST', '/rounds/gioi-thieu/teams/bhxh/lock', demo.host)).statusCode).toBe(200);
    expect((await call('POST', '/votes/open', demo.host)).statusCode).toBe(200);
    expect((await call('POST', '/freeze', demo.host)).statusCode).toBe(200);

    const check = (await call('GET', '/reveal/check', demo.host)).json();
    expect(check.ready).toBe(false);
    const kinds = new Set(check.issues.map((i: { kind: string }) => i.kind));
    expect(kinds).toEqual(new Set(['round_not_locked', 'voting_open', 'prize_provisional']));
    expect(check.issues).toContainEqual({ kind: 'round_not_locked', round: 'thuyet-trinh', team: 'bhxh' });
    expect(check.issues).not.toContainEqual({ kind: 'round_not_locked', round: 'gioi-thieu', team: 'bhxh' });
    expect(check.issues).toContainEqual({ kind: 'prize_provisional', prize: 'nhat' });

    const refused = await call('POST', '/reveal/next', demo.host);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('RESULTS_NOT_FINAL');
    expect(refused.json().issues).toEqual(check.issues);
    const noReason = await call('POST', '/reveal/next', demo.host, { override: true });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.path).toBe('reason');
    const ok = await call('POST', '/reveal/next', demo.host, { override: true, reason: 'Chương trình hết giờ' });
    expect(ok.statusCode).toBe(200);
    // Only bhxh has a score: one team step, and no undecided prize is announced.
    expect(ok.json()).toMatchObject({ pos: 1, total: 1, step: { kind: 'team', team: 'bhxh' } });
    const audit = (await call('GET', '/audit', demo.cookie)).json();
    expect(audit.events.at(-1)).toMatchObject({ kind: 'reveal_override', reason: 'Chương trình hết giờ' });
  });

  it('goes ahead without an override once every round is locked, voting is closed and every prize decided', async () => {
    for (const team of demoPackage().teams!.map((t) => t.key)) await markIntro(team, 20 + (team.length % 7));
    const body = { force: true, reason: 'Phần thi trên giấy' } as const;
    for (const round of ['gioi-thieu', 'kien-thuc', 'thuyet-trinh', 'diem-thuong'])
      expect(
        (await call('POST', `/rounds/${round}/lock`, demo.host, round === 'thuyet-trinh' ? body : undefined)).statusCode,
      ).toBe(200);
    expect((await call('POST', '/votes/open', demo.host)).statusCode).toBe(200);
    expect((await call('POST', '/votes/close', demo.host)).statusCode).toBe(200);
    const check = (await call('GET', '/reveal/check', demo.host)).json();
    expect(check).toEqual({ ready: true, issues: [] });
    expect((await call('POST', '/freeze', demo.host)).statusCode).toBe(200);
    const first = await call('POST', '/reveal/next', demo.host);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().total).toBeGreaterThan(20);
    const b = await board(demo.host);
    expect(b.awards.filter((a) => a.prize !== 'ts-xs').every((a) => !a.provisional)).toBe(true);
  });
});

describe('property: locking every cell, in any order, decides every overall prize', () => {
  it('holds for random marks, entries, withdrawals and lock orders', async () => {
    const base = demoPackage();
    const baseTeams = base.teams!;
    const baseJudges = base.judges!;
    let n = 0;
    const teamKeys = baseTeams.slice(0, 5).map((t) => t.key);
    const cells = ['gioi-thieu', 'kien-thuc', 'thuyet-trinh', 'diem-thuong'].flatMap((round) =>
      teamKeys.map((team) => ({ round, team })),
    );
    const rubricJudges = ['gk1', 'gk2', 'gk3'];
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          // Per (rubric round, team, judge): none, a draft or a submitted sheet with a mark.
          sheets: fc.array(fc.tuple(fc.constantFrom(0, 1, 2), fc.integer({ min: 0, max: 80 })), {
            minLength: 2 * teamKeys.length * rubricJudges.length,
            maxLength: 2 * teamKeys.length * rubricJudges.length,
          }),
          direct: fc.subarray(teamKeys),
          withdrawn: fc.option(fc.constantFrom(...teamKeys), { nil: undefined }),
          order: fc.shuffledSubarray(cells, { minLength: cells.length, maxLength: cells.length }),
          wholeRound: fc.array(fc.boolean(), { minLength: cells.length, maxLength: cells.length }),
        }),
        async (run) => {
          n += 1;
          const slug = `prop-${n}`;
          const pkg = {
            ...base,
            slug,
            teams: baseTeams.slice(0, 5),
            judges: baseJudges.slice(0, 3).map((j) => ({ ...j, conflicts: j.key === 'gk1' ? [teamKeys[0]!] : [] })),
            prizes: [
              { key: 'nhat', title: 'Giải Nhất', kind: 'overall' as const, count: 1 },
              { key: 'nhi', title: 'Giải Nhì', kind: 'overall' as const, count: 2 },
              { key: 'gt-xs', title: 'Tự giới thiệu hay nhất', kind: 'round_best' as const, round: 'gioi-thieu', count: 1 },
            ],
          };
          const created = await createContest(demo.h.app, demo.cookie, pkg);
          const tokens = Object.fromEntries(
            (created.json() as { judges: { key: string; token: string }[] }).judges.map((j) => [j.key, j.token]),
          );
          const at = (url: string) => `/api/contests/${slug}${url}`;
          let i = 0;
          for (const round of ['gioi-thieu', 'thuyet-trinh'])
            for (const team of teamKeys)
              for (const judge of rubricJudges) {
                const [kind, mark] = run.sheets[i++]!;
                if (kind === 0 || (judge === 'gk1' && team === teamKeys[0])) continue;
                const marks =
                  round === 'gioi-thieu'
                    ? { 'noi-dung': Math.min(40, mark / 2), 'hinh-thuc': 10, 'sang-tao': 10 }
                    : { 'tinh-moi': 10, 'kha-thi': 10, 'hieu-qua': 10, 'ky-nang': Math.min(15, mark / 2) };
                const res = await demo.h.app.inject({
                  method: 'PUT',
                  url: at(`/sheets/${round}/${team}`),
                  headers: { authorization: `Bearer ${tokens[judge]}`, 'idempotency-key': randomUUID() },
                  payload: { marks, status: kind === 1 ? 'draft' : 'submitted' },
                });
                expect(res.statusCode, res.body).toBe(200);
              }
          for (const team of run.direct)
            await demo.h.app.inject({
              method: 'PUT',
              url: at(`/direct/diem-thuong/${team}`),
              headers: { cookie: demo.host },
              payload: { score: 3, reason: 'Thưởng' },
            });
          if (run.withdrawn)
            expect(
              (
                await demo.h.app.inject({
                  method: 'POST',
                  url: at(`/teams/${run.withdrawn}/withdraw`),
                  headers: { cookie: demo.cookie },
                  payload: { reason: 'Rút' },
                })
              ).statusCode,
            ).toBe(200);
          const active = teamKeys.filter((t) => t !== run.withdrawn);
          const lockedCells = new Set<string>();
          const overallProvisional = async (cookie: string) => {
            const b = (await demo.h.app.inject({ method: 'GET', url: at('/scoreboard'), headers: { cookie } })).json() as Board;
            return { b, provisional: b.awards.filter((a) => a.prize === 'nhat' || a.prize === 'nhi').some((a) => a.provisional) };
          };
          for (const [k, cell] of run.order.entries()) {
            const whole = run.wholeRound[k]!;
            const url = whole ? at(`/rounds/${cell.round}/lock`) : at(`/rounds/${cell.round}/teams/${cell.team}/lock`);
            const res = await demo.h.app.inject({
              method: 'POST',
              url,
              headers: { cookie: demo.host },
              payload: { force: true, reason: 'Thử khoá theo thứ tự ngẫu nhiên' },
            });
            expect(res.statusCode, res.body).toBe(200);
            for (const team of whole ? active : [cell.team]) lockedCells.add(`${cell.round}/${team}`);
            // While a rubric result of an active team is not locked, the released overall prizes are provisional.
            const rubricOpen = active.some((t) => ['gioi-thieu', 'thuyet-trinh'].some((r) => !lockedCells.has(`${r}/${t}`)));
            if (rubricOpen) expect((await overallProvisional(demo.host)).provisional).toBe(true);
          }
          for (const cookie of [demo.host, demo.cookie]) {
            const { b, provisional } = await overallProvisional(cookie);
            expect(provisional).toBe(false);
            for (const r of b.rows) {
              if (active.includes(r.team)) expect(r.rank).not.toBeNull();
              else expect(r.rank).toBeNull();
            }
            expect(b.awards.find((a) => a.prize === 'nhat')!.teams.length).toBeGreaterThanOrEqual(1);
            expect(b.awards.find((a) => a.prize === 'gt-xs')!.provisional).toBe(false);
          }
          const check = (
            await demo.h.app.inject({ method: 'GET', url: at('/reveal/check'), headers: { cookie: demo.host } })
          ).json();
          expect(check.issues.filter((x: { kind: string }) => x.kind === 'round_not_locked')).toEqual([]);
        },
      ),
      { numRuns: 12 },
    );
  }, 120_000);
});
