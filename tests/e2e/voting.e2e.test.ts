/**
 * Audience voting opens and closes from the host's console (signed in with the host role), in
 * real browsers: the phone page shows no vote buttons before, shows them once voting opens and
 * takes a vote (the console's count moves live), and after the close shows "Bình chọn đã đóng";
 * a phone that missed the close (its live feed held back) is refused by the server with its
 * message. The big screen's QR scene says whether voting is open.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserSuite, DEMO_SEED, DEMO_SLUG, HOST_ACCOUNT, importPackage, openHostConsole } from './harness.js';

/** Chromium's line for a 4xx the pages handle (no session yet, the refused late vote). */
const EXPECTED_HTTP = /^Failed to load resource: the server responded with a status of (401|409)\b/;

describe('voting: host console, phones and big screen', () => {
  let suite: BrowserSuite;
  let host: Page;
  let screen: Page;
  let phone: Page;
  let other: Page;
  let stale: Page;
  /** While false, the stale phone's socket passes nothing on from the server. */
  let staleFeed = true;

  const picks = (page: Page) => page.locator('[data-testid=vote] [data-testid=vote-pick]');

  beforeAll(async () => {
    suite = await BrowserSuite.start(EXPECTED_HTTP);
    await importPackage(suite.server, DEMO_SEED);

    host = await suite.open('host', { width: 1366, height: 900 });
    screen = await suite.open('screen', { width: 1920, height: 1080 });
    phone = await suite.open('phone', { width: 390, height: 844 });
    other = await suite.open('other phone', { width: 390, height: 844 });
    stale = await suite.open('stale phone', { width: 390, height: 844 });
    // A phone whose live feed stops (a weak signal): it keeps showing what it last heard.
    await stale.routeWebSocket(/\/live$/, (ws) => {
      const upstream = ws.connectToServer();
      upstream.onMessage((message) => {
        if (staleFeed) ws.send(message);
      });
    });
  });

  afterAll(() => suite?.close());

  it('before voting opens: the phones say so and offer no button; the console offers to open', async () => {
    await openHostConsole(host, suite.server, DEMO_SLUG, HOST_ACCOUNT);
    await host.locator('[data-testid=voting-panel][data-state=idle]').waitFor();
    expect(await host.locator('[data-testid=voting-state]').textContent()).toBe('Bình chọn chưa mở');

    for (const page of [phone, other, stale]) {
      await page.goto(`${suite.server.url}/live/${DEMO_SLUG}`);
      await page.locator('[data-testid=phone][data-live=true]').waitFor();
      await page.locator('[data-testid=vote][data-voting=idle] [data-testid=voting-idle]').waitFor();
      expect(await page.locator('[data-testid=voting-idle]').textContent()).toContain('Bình chọn chưa mở');
      expect(await picks(page).count()).toBe(0);
    }

    await host.click('[data-testid=scene-button][data-scene=qr]');
    await screen.goto(`${suite.server.url}/screen/${DEMO_SLUG}`);
    await screen.locator('[data-testid=scene-qr] [data-testid=screen-voting][data-state=idle]').waitFor();
    expect(await screen.locator('[data-testid=screen-voting]').textContent()).toContain('Bình chọn chưa mở');
  });

  it('the host opens voting: every phone shows the buttons, a vote goes in, the console counts it live', async () => {
    await host.click('[data-testid=voting-open]');
    await host.locator('[data-testid=voting-panel][data-state=open]').waitFor();
    expect(await host.locator('[data-testid=voting-state]').textContent()).toBe('Bình chọn đang mở');
    await screen.locator('[data-testid=screen-voting][data-state=open]').waitFor();

    for (const page of [phone, other, stale]) {
      await page.locator('[data-testid=vote][data-voting=open]').waitFor();
      await picks(page).first().waitFor();
      expect(await picks(page).count()).toBe(20);
      expect(await page.locator('[data-testid=vote] [data-testid=voting-state]').textContent()).toBe('Bình chọn đang mở');
    }

    await phone.click('[data-testid=vote] li[data-team=bhxh] [data-testid=vote-pick]');
    await phone.click('[data-testid=vote-confirm]');
    expect(await phone.locator('[data-testid=vote-done]').textContent()).toContain(
      'Bạn đã bình chọn cho Đội Bảo hiểm xã hội tỉnh',
    );
    await host.locator('[data-testid=voting-count][data-team=bhxh][data-count="1"]').waitFor();
    await host.locator('[data-testid=voting-total][data-total="1"]').waitFor();
  });

  it('the host closes voting: the phones show it closed, and a vote sent anyway is refused', async () => {
    // This phone's reader is about to vote; the stale phone stops hearing the room.
    await other.click('[data-testid=vote] li[data-team=kbnn] [data-testid=vote-pick]');
    await other.locator('[data-testid=vote-confirm]').waitFor();
    staleFeed = false;

    await host.click('[data-testid=voting-close]');
    await host.locator('[data-testid=voting-close-dialog]').waitFor();
    await host.click('[data-testid=voting-close-dialog] [data-testid=confirm-ok]');
    await host.locator('[data-testid=voting-panel][data-state=closed]').waitFor();
    expect(await host.locator('[data-testid=voting-state]').textContent()).toBe('Bình chọn đã đóng');
    await screen.locator('[data-testid=screen-voting][data-state=closed]').waitFor();

    // The live phone: the buttons and the pending confirmation are gone, the closed state shows.
    await other.locator('[data-testid=vote][data-voting=closed] [data-testid=voting-closed]').waitFor();
    expect(await other.locator('[data-testid=voting-closed]').textContent()).toContain('Bình chọn đã đóng');
    expect(await picks(other).count()).toBe(0);
    expect(await other.locator('[data-testid=vote-confirm]').count()).toBe(0);
    // The phone that voted keeps its vote and says voting is closed.
    await phone.locator('[data-testid=vote][data-voting=closed]').waitFor();
    expect(await phone.locator('[data-testid=vote] [data-testid=voting-state]').textContent()).toBe('Bình chọn đã đóng');
    expect(await phone.locator('[data-testid=vote-done]').textContent()).toContain('Đội Bảo hiểm xã hội tỉnh');

    // The stale phone still shows the buttons; its vote reaches the server and is refused.
    expect(await stale.locator('[data-testid=vote]').getAttribute('data-voting')).toBe('open');
    await stale.click('[data-testid=vote] li[data-team=kbnn] [data-testid=vote-pick]');
    await stale.click('[data-testid=vote-confirm]');
    await stale.locator('[data-testid=vote-error]', { hasText: 'Bình chọn hiện không mở' }).waitFor();
    expect(await stale.locator('[data-testid=vote-done]').count()).toBe(0);

    const counts = (await (
      await fetch(`${suite.server.url}/api/contests/${DEMO_SLUG}/votes`, { headers: { cookie: await suite.server.signIn() } })
    ).json()) as { total: number; counts: Record<string, number> };
    expect(counts.total).toBe(1);
    expect(counts.counts['kbnn']).toBe(0);
  });

  it('logs nothing unexpected in any browser', () => {
    expect(suite.problems).toEqual([]);
  });
});
