import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appendEvent, listEvents, verifyChain } from '../../server/modules/audit/log.js';
import { verifyContest } from '../../server/modules/audit/verify.js';
import { importDemo, login, makeApp } from '../helpers/app.js';

const SLUG = 'cchc-gialai-2019';

async function contestWithSheets() {
  const h = await makeApp();
  const cookie = await login(h.app);
  const { judges } = await importDemo(h.app, cookie);
  for (const [i, judge] of ['gk2', 'gk3', 'gk4'].entries()) {
    for (const status of ['draft', 'submitted']) {
      const res = await h.app.inject({
        method: 'PUT',
        url: `/api/contests/${SLUG}/sheets/gioi-thieu/bhxh`,
        headers: { authorization: `Bearer ${judges[judge]}`, 'idempotency-key': randomUUID() },
        payload: { marks: { 'noi-dung': 30 + i, 'hinh-thuc': 20, 'sang-tao': 25 }, status },
      });
      if (res.statusCode !== 200) throw new Error(res.body);
    }
  }
  return h;
}

/** Tampering needs the append-only triggers out of the way, as an attacker with the file would. */
function tamper(db: import('../../db/client.js').Db, sql: string) {
  db.$client.exec('DROP TRIGGER score_events_no_update');
  db.$client.exec(sql);
}

describe('the audit chain', () => {
  it('verifies an untouched log, and the stored sheets equal its replay', async () => {
    const h = await contestWithSheets();
    const check = verifyContest(h.db, SLUG);
    expect(check).toMatchObject({ ok: true, problems: [], replayProblems: [], events: 6 });
    await h.app.close();
  });

  it('detects one changed byte in a stored event', async () => {
    const h = await contestWithSheets();
    const events = listEvents(h.db, 1);
    const target = events[2]!;
    expect(target.after).toContain('"total":');
    // 31 → 32 points: a single digit of one mark.
    const changed = target.after.replace('"noi-dung":3100', '"noi-dung":3200');
    expect(changed).not.toBe(target.after);
    tamper(h.db, `UPDATE score_events SET after = '${changed}' WHERE seq = ${target.seq}`);
    const check = verifyChain(listEvents(h.db, 1));
    expect(check.ok).toBe(false);
    expect(check.problems).toContain(`event ${target.seq}: hash does not match its content`);
    await h.app.close();
  });

  it('detects a removed event and a sheet changed behind the log', async () => {
    const h = await contestWithSheets();
    tamper(h.db, 'DROP TRIGGER score_events_no_delete; DELETE FROM score_events WHERE seq = 3');
    expect(verifyChain(listEvents(h.db, 1)).problems).toContain('event 4: prev_hash does not match the event before it');

    const h2 = await contestWithSheets();
    h2.db.$client.exec(`UPDATE sheets SET total_hundredths = total_hundredths + 100 WHERE id = 1`);
    const check = verifyContest(h2.db, SLUG);
    expect(check.ok).toBe(false);
    expect(check.replayProblems).toEqual(['sheet gioi-thieu/bhxh/gk2: stored state differs from the log']);
    await h.app.close();
    await h2.app.close();
  });

  it('chains per contest from a fixed genesis, each hash over the previous one', async () => {
    const h = await makeApp();
    const cookie = await login(h.app);
    await importDemo(h.app, cookie);
    const a = appendEvent(h.db, { contestId: 1, actor: 'test', kind: 'note', subject: { n: 1 } }, '2019-09-20T08:00:00.000Z');
    const b = appendEvent(h.db, { contestId: 1, actor: 'test', kind: 'note', subject: { n: 2 } }, '2019-09-20T08:00:01.000Z');
    const rows = listEvents(h.db, 1);
    expect(rows.map((r) => r.prevHash)).toEqual(['0'.repeat(64), a.hash]);
    expect(rows[1]!.hash).toBe(b.hash);
    expect(verifyChain(rows).head).toBe(b.hash);
    await h.app.close();
  });
});
