/**
 * The judge's comment on a sheet (nhận xét): saved with the sheet, read back by the judge and the
 * organizer, logged like a mark, and never shown to the host or the public (scoring.md §7).
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as t from '../../db/schema.js';
import { appendEvent, listEvents } from '../../server/modules/audit/log.js';
import { verifyContest } from '../../server/modules/audit/verify.js';
import { certificateSerial } from '../../server/modules/results/table.js';
import { HOST, login, useDemo } from '../helpers/app.js';

const SLUG = 'cchc-gialai-2019';
/** Distinctive enough that finding it anywhere is no accident; with diacritics. */
const COMMENT = 'Ý tưởng số hóa hồ sơ rất thuyết phục; cần làm rõ chi phí triển khai ở cấp xã.';
const MARKS = { 'noi-dung': 32.5, 'hinh-thuc': 25, 'sang-tao': 20 };

const demo = useDemo();

function put(judge: string, body: object, team = 'bhxh') {
  return demo.h.app.inject({
    method: 'PUT',
    url: `/api/contests/${SLUG}/sheets/gioi-thieu/${team}`,
    headers: { authorization: `Bearer ${demo.judges[judge]}`, 'idempotency-key': randomUUID() },
    payload: body,
  });
}
function amend(judge: string, body: object, team = 'bhxh') {
  return demo.h.app.inject({
    method: 'PUT',
    url: `/api/contests/${SLUG}/sheets/gioi-thieu/${team}/${judge}`,
    headers: { cookie: demo.cookie },
    payload: body,
  });
}
const ownSheets = async (judge: string) =>
  (
    await demo.h.app.inject({
      method: 'GET',
      url: '/api/judge/sheets',
      headers: { authorization: `Bearer ${demo.judges[judge]}` },
    })
  ).json() as { sheets: { round: string; team: string; comment: string | null; version: number }[] };
const sheetEvents = () => listEvents(demo.h.db, 1).filter((e) => e.kind === 'sheet' || e.kind === 'sheet_amended');
interface ResultsBody {
  table: { rows: { team: string; judgeComments: Record<string, Record<string, string>> }[] };
}
const organizerResults = async () =>
  (
    await demo.h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/results`, headers: { cookie: demo.cookie } })
  ).json() as ResultsBody;

describe('a judge’s comment', () => {
  it('is saved NFC and trimmed, and the judge reads it back with the sheet', async () => {
    const res = await put('gk2', { marks: MARKS, status: 'submitted', comment: `  ${COMMENT.normalize('NFD')}\n ` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().sheet.comment).toBe(COMMENT);
    const own = await ownSheets('gk2');
    expect(own.sheets.find((s) => s.team === 'bhxh')?.comment).toBe(COMMENT);
    // Another judge's sheet of the same team has none.
    await put('gk3', { marks: MARKS, status: 'submitted' });
    expect((await ownSheets('gk3')).sheets.find((s) => s.team === 'bhxh')?.comment).toBeNull();
  });

  it('refuses a comment longer than 2,000 characters or not text, naming the field', async () => {
    const long = await put('gk2', { marks: MARKS, status: 'draft', comment: 'a'.repeat(2001) });
    expect(long.statusCode).toBe(400);
    expect(long.json().error).toMatchObject({ code: 'VALIDATION', path: 'comment' });
    const number = await put('gk2', { marks: MARKS, status: 'draft', comment: 42 });
    expect(number.statusCode).toBe(400);
    expect(number.json().error.path).toBe('comment');
    // Exactly 2,000 (after trimming) is fine.
    const max = await put('gk2', { marks: MARKS, status: 'draft', comment: ` ${'ă'.repeat(2000)} ` });
    expect(max.statusCode, max.body).toBe(200);
    expect(max.json().sheet.comment).toHaveLength(2000);
  });

  it('a change of the comment alone is a new version with its own logged event; left out it stays; "" clears it', async () => {
    const first = await put('gk2', { marks: MARKS, status: 'submitted' });
    expect(first.json().sheet).toMatchObject({ version: 1, comment: null });

    const commented = await put('gk2', { marks: MARKS, status: 'submitted', comment: COMMENT });
    expect(commented.json().sheet).toMatchObject({ version: 2, comment: COMMENT });
    expect(commented.json().receipt.seq).toBeGreaterThan(first.json().receipt.seq);
    const event = sheetEvents().at(-1)!;
    expect(JSON.parse(event.before)).toMatchObject({ version: 1, comment: null });
    expect(JSON.parse(event.after)).toMatchObject({ version: 2, comment: COMMENT, total: 7750 });

    // The same again, or without the comment field: nothing changes, the same receipt.
    for (const body of [
      { marks: MARKS, status: 'submitted', comment: COMMENT },
      { marks: MARKS, status: 'submitted' },
    ]) {
      const same = await put('gk2', body);
      expect(same.json().sheet).toMatchObject({ version: 2, comment: COMMENT });
      expect(same.json().receipt).toEqual(commented.json().receipt);
    }
    const versions = demo.h.db.select().from(t.sheetVersions).all();
    expect(versions.map((v) => [v.version, v.comment])).toEqual([
      [1, null],
      [2, COMMENT],
    ]);

    const cleared = await put('gk2', { marks: MARKS, status: 'submitted', comment: '   ' });
    expect(cleared.json().sheet).toMatchObject({ version: 3, comment: null });
    expect(JSON.parse(sheetEvents().at(-1)!.after)).toMatchObject({ version: 3, comment: null });
    expect(verifyContest(demo.h.db, SLUG)).toMatchObject({ ok: true, replayProblems: [] });
  });

  it('the organizer sees it in the results, and amends it with a reason; the judge sees the amendment', async () => {
    await put('gk2', { marks: MARKS, status: 'submitted', comment: COMMENT });
    await put('gk4', { marks: MARKS, status: 'draft', comment: 'Bản nháp chưa nộp' });
    const rows = (await organizerResults()).table.rows;
    expect(rows.find((r) => r.team === 'bhxh')?.judgeComments['gioi-thieu']).toEqual({ gk2: COMMENT });

    const amended = await amend('gk2', {
      marks: MARKS,
      status: 'submitted',
      comment: 'Nhận xét đã được giám khảo đính chính',
      reason: 'Giám khảo đề nghị sửa nhận xét',
    });
    expect(amended.statusCode, amended.body).toBe(200);
    expect(amended.json().sheet).toMatchObject({ version: 2, comment: 'Nhận xét đã được giám khảo đính chính' });
    const event = sheetEvents().at(-1)!;
    expect(event.kind).toBe('sheet_amended');
    expect(JSON.parse(event.before).comment).toBe(COMMENT);
    expect(JSON.parse(event.after).comment).toBe('Nhận xét đã được giám khảo đính chính');
    expect((await ownSheets('gk2')).sheets.find((s) => s.team === 'bhxh')?.comment).toBe('Nhận xét đã được giám khảo đính chính');
    expect((await organizerResults()).table.rows.find((r) => r.team === 'bhxh')?.judgeComments['gioi-thieu']).toEqual({
      gk2: 'Nhận xét đã được giám khảo đính chính',
    });
  });

  it('a locked sheet’s comment is the organizer’s to amend, not the judge’s', async () => {
    for (const judge of ['gk1', 'gk2', 'gk3', 'gk4', 'gk5']) await put(judge, { marks: MARKS, status: 'submitted' });
    const lock = await demo.h.app.inject({
      method: 'POST',
      url: `/api/contests/${SLUG}/rounds/gioi-thieu/teams/bhxh/lock`,
      headers: { cookie: demo.cookie },
    });
    expect(lock.statusCode, lock.body).toBe(200);
    const late = await put('gk2', { marks: MARKS, status: 'submitted', comment: COMMENT });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('SHEET_LOCKED');
  });
});

describe('verification with comments', () => {
  it('replays events written before comments existed, and notices a comment changed behind the log', async () => {
    await put('gk2', { marks: MARKS, status: 'submitted', comment: COMMENT });
    // A sheet whose only event was written before comments existed: its state has no comment field.
    const round = demo.h.db.select().from(t.rounds).where(eq(t.rounds.key, 'gioi-thieu')).get()!;
    const team = demo.h.db
      .select()
      .from(t.teams)
      .where(and(eq(t.teams.key, 'kbnn'), eq(t.teams.contestId, round.contestId)))
      .get()!;
    const judge = demo.h.db.select().from(t.judges).where(eq(t.judges.key, 'gk3')).get()!;
    const marks = { 'noi-dung': 3000, 'hinh-thuc': 2000, 'sang-tao': 2000 };
    const receipt = appendEvent(
      demo.h.db,
      {
        contestId: round.contestId,
        actor: 'judge:gk3',
        kind: 'sheet',
        subject: { round: 'gioi-thieu', team: 'kbnn', judge: 'gk3' },
        before: null,
        after: { marks, total: 7000, status: 'submitted', version: 1 },
      },
      new Date().toISOString(),
    );
    demo.h.db
      .insert(t.sheets)
      .values({
        roundId: round.id,
        teamId: team.id,
        judgeId: judge.id,
        marks,
        totalHundredths: 7000,
        status: 'submitted',
        version: 1,
        updatedAt: receipt.at,
        lastEventSeq: receipt.seq,
      })
      .run();
    expect(verifyContest(demo.h.db, SLUG)).toMatchObject({ ok: true, replayProblems: [] });
    expect((await ownSheets('gk3')).sheets.find((s) => s.team === 'kbnn')?.comment).toBeNull();

    // A comment written straight into the table, past the log, is caught.
    demo.h.db.update(t.sheets).set({ comment: 'Chèn sau' }).where(eq(t.sheets.judgeId, judge.id)).run();
    const check = verifyContest(demo.h.db, SLUG);
    expect(check.ok).toBe(false);
    expect(check.replayProblems).toEqual(['sheet gioi-thieu/kbnn/gk3: stored state differs from the log']);
  });
});

describe('never for the host or the public', () => {
  it('stays out of every public and host scoreboard, page, live message and certificate check', async () => {
    const host = await login(demo.h.app, HOST);
    for (const judge of ['gk1', 'gk2', 'gk3', 'gk4', 'gk5'])
      expect((await put(judge, { marks: MARKS, status: 'submitted', comment: `${COMMENT} (${judge})` })).statusCode).toBe(200);
    // Released, on stage, with each judge's total on the big screen: as much as the public ever sees.
    const calls = [
      { method: 'POST', url: `/api/contests/${SLUG}/rounds/gioi-thieu/teams/bhxh/lock` },
      { method: 'PUT', url: `/api/contests/${SLUG}/settings`, payload: { showJudgeTotals: true } },
      { method: 'POST', url: `/api/contests/${SLUG}/stage`, payload: { round: 'gioi-thieu', team: 'bhxh' } },
      { method: 'POST', url: `/api/contests/${SLUG}/prizes/ts-xs/awards`, payload: { team: 'bhxh', reason: 'Xuất sắc' } },
    ] as const;
    for (const c of calls) {
      const res = await demo.h.app.inject({ ...c, headers: { cookie: demo.cookie } });
      expect(res.statusCode, `${c.url} ${res.body}`).toBeLessThan(300);
    }

    // The organizer's view has it: the searches below look for something that exists.
    expect(JSON.stringify(await organizerResults())).toContain(COMMENT);

    const bodies: [string, string][] = [];
    const fetch = async (label: string, url: string, headers: Record<string, string> = {}) => {
      const res = await demo.h.app.inject({ method: 'GET', url, headers });
      expect(res.statusCode, `${label}: ${res.body}`).toBe(200);
      bodies.push([label, res.body]);
    };
    await fetch('public scoreboard', `/api/contests/${SLUG}/scoreboard`);
    await fetch('host scoreboard', `/api/contests/${SLUG}/scoreboard`, { cookie: host });
    await fetch('public page', `/api/contests/${SLUG}/public`);
    await fetch('host progress', `/api/contests/${SLUG}/rounds/gioi-thieu/progress`, { cookie: host });
    await fetch('stage', `/api/contests/${SLUG}/stage`, { cookie: host });

    // The certificate check a QR code leads anyone to.
    const contest = demo.h.db.select().from(t.contests).where(eq(t.contests.slug, SLUG)).get()!;
    await fetch('certificate check', `/api/certificates/${certificateSerial(contest.createdAt, SLUG, 'ts-xs', 'bhxh')}`);

    // Live: the first message of a public, an overlay (public) and a host socket.
    await demo.h.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (demo.h.app.server.address() as { port: number }).port;
    const firstMessage = (headers: Record<string, string>) =>
      new Promise<string>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/api/contests/${SLUG}/live`, { headers });
        ws.once('message', (data) => {
          resolve(String(data));
          ws.close();
        });
        ws.once('error', reject);
      });
    const publicLive = await firstMessage({});
    const hostLive = await firstMessage({ cookie: host });
    // The public snapshot does carry the judges' totals of the team on stage.
    expect(JSON.parse(publicLive).result?.judges).toHaveLength(5);
    bodies.push(['public live', publicLive], ['host live', hostLive]);

    for (const [label, body] of bodies) {
      expect(body.normalize('NFC'), label).not.toContain('Ý tưởng số hóa hồ sơ');
      expect(body, label).not.toContain('"comment"');
    }

    // The host may not read the organizer's results, documents or the log either.
    for (const url of ['results', 'results.pdf', 'score-sheets.pdf', 'results.csv', 'results.xlsx', 'audit'])
      expect(
        (await demo.h.app.inject({ method: 'GET', url: `/api/contests/${SLUG}/${url}`, headers: { cookie: host } })).statusCode,
        url,
      ).toBe(403);
  });
});
