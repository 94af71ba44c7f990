/**
 * The live room in real browsers at once: the host's console (organizer session), the big
 * screen and an audience phone. The host calls a team on stage, five judges submit through the
 * API, the host sees their progress and locks, and the screen and the phone show the new total
 * and rank without a reload. A freeze hides a later lock from the public (not one WebSocket
 * frame of the phone carries it); the reveal, refused while the results are not final, goes
 * ahead with the host's reason and shows it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSuite, DEMO_SEED, DEMO_SLUG, importPackage, openHostConsole } from './harness.js';

const ROUND = 'gioi-thieu';

/** Chromium's line for a 4xx the pages handle (no session yet, the second vote). */
const EXPECTED_HTTP = /^Failed to load resource: the server responded with a status of (401|409)\b/;

interface BoardFrame {
  scoreboard?: { rows: { team: string; total: number; rank: number | null }[] };
  stage?: { timer: { endsAt: string | null } };
}

describe('live room: host, big screen, audience phone', () => {
  let suite: BrowserSuite;
  let host: Page;
  let screen: Page;
  let phone: Page;
  let tokens: Record<string, string> = {};
  /** Every frame the phone's socket received, parsed. */
  const phoneFrames: BoardFrame[] = [];
  /** Every frame the big screen's socket received, parsed. */
  const screenFrames: BoardFrame[] = [];
  const record = (page: Page, frames: BoardFrame[]) =>
    page.on('websocket', (ws) =>
      ws.on('framereceived', (frame) => {
        if (typeof frame.payload === 'string') frames.push(JSON.parse(frame.payload) as BoardFrame);
      }),
    );

  async function submitSheets(team: string, marks: Record<string, number>): Promise<void> {
    for (const [judge, token] of Object.entries(tokens)) {
      const res = await fetch(`${suite.server.url}/api/contests/${DEMO_SLUG}/sheets/${ROUND}/${team}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': `${judge}-${team}` },
        body: JSON.stringify({ marks, status: 'submitted' }),
      });
      expect(res.status, `${judge} ${team}`).toBe(200);
    }
  }

  const row = (page: Page, team: string) => page.locator(`[data-testid=board-row][data-team=${team}]`);
  const cell = async (page: Page, team: string, what: 'rank' | 'total') =>
    what === 'rank'
      ? await row(page, team).getAttribute('data-rank')
      : ((await row(page, team).locator('[data-testid=total]').textContent()) ?? '').trim();
  /** Waits until a row shows `total`, then gives its rank. */
  async function shows(page: Page, team: string, total: string): Promise<string | null> {
    await row(page, team).locator('[data-testid=total]', { hasText: total }).waitFor();
    return cell(page, team, 'rank');
  }

  beforeAll(async () => {
    suite = await BrowserSuite.start(EXPECTED_HTTP);

    const body = await importPackage(suite.server, DEMO_SEED);
    tokens = Object.fromEntries(body.judges.map((j) => [j.key, j.token]));
    expect(Object.keys(tokens)).toHaveLength(5);

    host = await suite.open('host', { width: 1366, height: 768 });
    screen = await suite.open('screen', { width: 1920, height: 1080 });
    phone = await suite.open('phone', { width: 390, height: 844 });
    record(phone, phoneFrames);
    record(screen, screenFrames);
  });

  afterAll(() => suite?.close());

  it('opens the host console after signing in, and the big screen and the phone live', async () => {
    await openHostConsole(host, suite.server, DEMO_SLUG, {
      email: suite.server.adminEmail,
      password: suite.server.adminPassword,
    });

    await screen.goto(`${suite.server.url}/screen/${DEMO_SLUG}`);
    await phone.goto(`${suite.server.url}/live/${DEMO_SLUG}`);
    await screen.locator('[data-testid=screen][data-live=true]').waitFor();
    await phone.locator('[data-testid=phone][data-live=true]').waitFor();
    // Nothing is released yet: no team is ranked, the boards say there is no score yet.
    await phone.locator('[data-testid=phone-board-empty]').waitFor();
    await screen.locator('[data-testid=board-empty]').waitFor();
    expect(await phone.locator('[data-testid=board-row]').count()).toBe(0);
  });

  it('puts bhxh on stage by clicking, and the screen shows it', async () => {
    await host.click(`[data-testid=round-tab][data-round=${ROUND}]`);
    await host.click('[data-testid=host-team][data-team=bhxh]');
    await host.locator('[data-testid=host-stage-team]', { hasText: 'Đội Bảo hiểm xã hội tỉnh' }).waitFor();
    await host.click('[data-testid=scene-button][data-scene=stage]');

    await screen.locator('[data-testid=scene-stage] [data-testid=stage-team]', { hasText: 'Đội Bảo hiểm xã hội tỉnh' }).waitFor();
    expect(await screen.locator('[data-testid=stage-unit]').textContent()).toBe('CĐCS Bảo hiểm xã hội tỉnh');
    expect(await screen.locator('[data-testid=countdown]').getAttribute('data-state')).toBe('ready');
    await phone.locator('[data-testid=phone-stage-team]', { hasText: 'Đội Bảo hiểm xã hội tỉnh' }).waitFor();
    expect(await host.locator('[data-testid=judge-chip][data-status=none]').count()).toBe(5);
  });

  it('shows the judges’ submissions live, and the lock releases the result to screen and phone', async () => {
    await submitSheets('bhxh', { 'noi-dung': 30, 'hinh-thuc': 25, 'sang-tao': 20 });
    await host.locator('[data-testid=submitted-count]', { hasText: '5/5' }).waitFor();
    expect(await host.locator('[data-testid=judge-chip][data-status=submitted]').count()).toBe(5);
    // Submitted but not locked: the public still sees nothing.
    expect(await phone.locator('[data-testid=phone-board-empty]').count()).toBe(1);

    await host.click('[data-testid=scene-button][data-scene=scoreboard]');
    await screen.locator('[data-testid=scene-scoreboard]').waitFor();
    await host.click('[data-testid=lock-button]');
    await host.locator('[data-testid=lock-dialog]').waitFor();
    await host.click('[data-testid=confirm-ok]');
    await host.locator('[data-testid=stage-locked]').waitFor();

    expect(await shows(screen, 'bhxh', '75,00')).toBe('1');
    expect(await shows(phone, 'bhxh', '75,00')).toBe('1');
    // No rank without a score: the others are not "2nd at 0,00".
    expect(await cell(screen, 'kbnn', 'rank')).toBe('');
    expect(await cell(screen, 'kbnn', 'total')).toBe('Chưa có điểm');
    expect(await screen.locator('[data-testid=board-row][data-rank="1"]').count()).toBe(1);
  });

  it('votes once per device; a second vote gets the server’s message', async () => {
    // Votes count only while the host has voting open (tests/e2e/voting.e2e.test.ts has the rest).
    await host.click('[data-testid=voting-open]');
    await phone.locator('[data-testid=vote][data-voting=open]').waitFor();
    const second = await phone.context().newPage();
    await second.goto(`${suite.server.url}/live/${DEMO_SLUG}`);
    await second.locator('[data-testid=vote] [data-testid=vote-pick]').first().waitFor();

    await phone.click('[data-testid=vote] li[data-team=bhxh] [data-testid=vote-pick]');
    await phone.click('[data-testid=vote-confirm]');
    expect(await phone.locator('[data-testid=vote-done]').textContent()).toContain(
      'Bạn đã bình chọn cho Đội Bảo hiểm xã hội tỉnh',
    );

    await second.click('[data-testid=vote] li[data-team=kbnn] [data-testid=vote-pick]');
    await second.click('[data-testid=vote-confirm]');
    await second.locator('[data-testid=vote-error]', { hasText: 'Thiết bị này đã bình chọn rồi' }).waitFor();
    expect(await second.locator('[data-testid=vote-done]').textContent()).toContain('Đội Bảo hiểm xã hội tỉnh');
    await second.close();
  });

  it('freezes: a later lock reaches the host but neither the screen nor the phone', async () => {
    await host.click('[data-testid=freeze-button]');
    await host.click('[data-testid=confirm-ok]');
    await host.locator('[data-testid=unfreeze-button]').waitFor();
    await screen.locator('[data-testid=frozen]').waitFor();

    await host.click('[data-testid=next-team]');
    await host.locator('[data-testid=host-stage-team]', { hasText: 'Đội Kho bạc Nhà nước Gia Lai' }).waitFor();
    await submitSheets('kbnn', { 'noi-dung': 36, 'hinh-thuc': 28, 'sang-tao': 27 });
    await host.locator('[data-testid=submitted-count]', { hasText: '5/5' }).waitFor();
    await host.click('[data-testid=lock-button]');
    await host.click('[data-testid=confirm-ok]');
    await host.locator('[data-testid=stage-locked]').waitFor();

    // A positive control instead of a fixed wait: a change made after the lock (the timer starts)
    // reaches the screen and the phone. The hub sends each channel's changes in order (coalesced,
    // latest state wins), so had the lock leaked, it came in that frame or before it.
    const timerRunning = (frames: BoardFrame[]) => frames.some((f) => typeof f.stage?.timer.endsAt === 'string');
    expect(timerRunning(phoneFrames) || timerRunning(screenFrames)).toBe(false);
    await host.click('[data-testid=timer-start]');
    await expect.poll(() => timerRunning(phoneFrames), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => timerRunning(screenFrames), { timeout: 15_000 }).toBe(true);
    await host.click('[data-testid=timer-pause]');
    expect(await cell(screen, 'kbnn', 'total')).toBe('Chưa có điểm');
    expect(await cell(phone, 'kbnn', 'total')).toBe('Chưa có điểm');
    expect(await cell(phone, 'bhxh', 'rank')).toBe('1');
    const leaked = phoneFrames.some((f) => f.scoreboard?.rows.some((r) => r.team === 'kbnn' && r.total > 0));
    expect(leaked).toBe(false);
  });

  it('refuses the reveal while rounds are open, then reveals with a reason, from the last place up', async () => {
    await host.click('[data-testid=scene-button][data-scene=reveal]');
    await screen.locator('[data-testid=scene-reveal]').waitFor();
    // Two of the twenty teams are locked in one round of four: not final.
    await host.locator('[data-testid=reveal-check][data-ready=false] [data-kind=round_not_locked]').first().waitFor();
    await host.click('[data-testid=reveal-next]');
    await host.locator('[data-testid=host-error]', { hasText: 'Kết quả chưa chính thức' }).waitFor();
    await host.click('[data-testid=reveal-override]');
    await host.fill('[data-testid=override-dialog] [data-testid=reason-text]', 'Chạy thử phần công bố');
    await host.click('[data-testid=override-dialog] [data-testid=reason-ok]');
    // Only the two ranked teams are revealed; no prize is decided yet.
    await host.locator('[data-testid=reveal-state]', { hasText: 'Đã công bố 1/2' }).waitFor();
    // The first step reveals the last place; kbnn is still hidden.
    expect(await phone.getByText('91,00').count()).toBe(0);
    expect(await screen.getByText('91,00').count()).toBe(0);
    // On the big screen it is a blank slot (it had no score at the freeze, yet it is to be revealed).
    expect(await row(screen, 'kbnn').getAttribute('class')).toContain('hidden');
    expect(await cell(phone, 'bhxh', 'total')).toBe('75,00');
    await host.click('[data-testid=reveal-next]');
    await host.locator('[data-testid=reveal-state]', { hasText: 'Đã công bố 2/2' }).waitFor();
    expect(await shows(phone, 'kbnn', '91,00')).toBe('1');
    expect(await shows(screen, 'kbnn', '91,00')).toBe('1');
    expect(await row(screen, 'kbnn').getAttribute('class')).toContain('hl');
    expect(await cell(phone, 'bhxh', 'rank')).toBe('2');
    expect(await host.locator('[data-testid=reveal-last]').textContent()).toContain('Đội Kho bạc Nhà nước Gia Lai');
  });

  it('logged no console error, CSP violation or uncaught exception', () => {
    expect(suite.problems).toEqual([]);
  });
});
