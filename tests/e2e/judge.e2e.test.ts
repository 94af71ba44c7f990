/**
 * The judge's tablet in a real browser (1024×768, touch): the private link signs in and leaves the
 * address bar, the team on stage is shown and scored with taps only, a sheet submitted offline waits
 * in the outbox through a closed tab and arrives exactly once (even when the first answer is lost),
 * a conflict of interest is said plainly, and the stage follows the host without a reload. Then the
 * organizer's judges page: QR codes, one tablet per link (a second tablet is refused until the
 * organizer releases the link; the first is then signed out and keeps its unsent sheet), and a
 * reissued link that makes the old one fail.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, launchBrowser, type RunningServer, startServer, watchProblems } from './harness.js';

const SEED = join(import.meta.dirname, '..', '..', 'db', 'seed', 'cchc-gialai-2019.json');
const SLUG = 'cchc-gialai-2019';

/**
 * Chromium reports every failed fetch on the console. Expected here: the 401 of an old link or a
 * released tablet, the 409 of a link another tablet holds, and the requests that fail on purpose
 * while the tablet is offline or its answer is cut.
 */
const EXPECTED =
  /^Failed to load resource: (the server responded with a status of (401|409)\b|net::ERR_(INTERNET_DISCONNECTED|CONNECTION_RESET|FAILED|NETWORK_CHANGED)\b)|^WebSocket connection to '.*' failed/;

interface JudgeLink {
  key: string;
  name: string;
  url: string | null;
}
interface AuditEvent {
  kind: string;
  actor: string;
  subject: Record<string, unknown>;
  after: { status?: string; version?: number; total?: number } | null;
}

describe('judge tablet', () => {
  let server: RunningServer;
  let browser: Browser;
  let tablet: BrowserContext;
  let page: Page;
  let cookie = '';
  let links: JudgeLink[] = [];
  const problems: string[] = [];

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(server.url + path, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
  };
  const setStage = (round: string, team: string) => api('POST', `/api/contests/${SLUG}/stage`, { round, team });

  const watch = (p: Page) => watchProblems(p, problems, EXPECTED);
  const text = async (selector: string, p = page) => ((await p.locator(selector).first().textContent()) ?? '').trim();
  const teamItem = (team: string, p = page) => p.locator(`[data-testid=team-item][data-team="${team}"]`);

  /** Taps a quick mark of every criterion of the open sheet: the `index`-th from the right. */
  async function tapMarks(p: Page, fromRight: number) {
    const criteria = p.locator('[data-testid=criterion]');
    const n = await criteria.count();
    for (let i = 0; i < n; i++) {
      const picks = criteria.nth(i).locator('[data-testid=pick]');
      await picks.nth((await picks.count()) - 1 - fromRight).tap();
    }
  }

  beforeAll(async () => {
    server = await startServer();
    cookie = await server.signIn();
    const created = await api('POST', '/api/contests', readFileSync(SEED, 'utf8'));
    expect(created.status).toBe(201);
    links = ((await api('GET', `/api/contests/${SLUG}/judges`)).body as { judges: JudgeLink[] }).judges;
    expect((await setStage('gioi-thieu', 'bhxh')).status).toBe(200);

    browser = await launchBrowser();
    tablet = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: false });
    page = await tablet.newPage();
    watch(page);
  });

  afterAll(() => closeAll(tablet ? [tablet] : [], browser, server));

  it('opens the private link, and the token leaves the address bar', async () => {
    const gk1 = links.find((j) => j.key === 'gk1')!;
    await page.goto(gk1.url!);
    await page.waitForURL('**/judge');
    expect(new URL(page.url()).pathname).toBe('/judge');
    await page.locator('[data-testid=sheet]').waitFor();
    expect(await text('[data-testid=judge-name]')).toBe('Lê Quang Minh');
    expect(await page.locator('[data-testid=connection]').getAttribute('data-online')).toBe('true');
    // The link was replaced in the history, not pushed: no entry holds the token.
    const token = new URL(gk1.url!).pathname;
    await page.goBack().catch(() => undefined);
    expect(page.url()).not.toContain(token);
    if (!page.url().endsWith('/judge')) await page.goForward();
    await page.locator('[data-testid=sheet]').waitFor();
  });

  it('shows the team on stage and scores it with taps only', async () => {
    expect(await text('[data-testid=stage-team]')).toBe('Đội Bảo hiểm xã hội tỉnh');
    expect(await page.locator('[data-testid=sheet]').getAttribute('data-team')).toBe('bhxh');
    expect(await text('[data-testid=sheet-state]')).toBe('Chưa chấm');

    await tapMarks(page, 1); // 36 / 27 / 27
    const first = page.locator('[data-testid=criterion]').first();
    await first.locator('[data-testid=stepper-plus]').tap(); // 36.5
    expect(await text('[data-testid=mark-value]')).toBe('36,5');
    expect(await text('[data-testid=sheet-total]')).toBe('90,5');

    await page.locator('[data-testid=submit]').tap();
    await page.locator('[data-testid=submit-dialog]').waitFor();
    expect(await text('[data-testid=confirm-total]')).toBe('90,5');
    await page.locator('[data-testid=confirm-send]').tap();

    const receipt = page.locator('[data-testid=receipt-line]');
    await receipt.waitFor();
    expect(await receipt.textContent()).toContain('Đã ghi nhận');
    expect(await text('[data-testid=receipt-detail]')).toMatch(/phiên bản 1 · mã [0-9a-f]{8}$/);
    expect(await teamItem('bhxh').getAttribute('data-state')).toBe('submitted');
  });

  it('says plainly that a team with a conflict of interest is not scored', async () => {
    const item = teamItem('noi-vu');
    expect(await item.getAttribute('data-state')).toBe('conflict');
    expect(await item.locator('[data-testid=team-state]').textContent()).toBe('Xung đột lợi ích');
    await item.tap();
    const note = page.locator('[data-testid=conflict-note]');
    await note.waitFor();
    expect(await note.textContent()).toContain('Bạn có xung đột lợi ích với đội này nên không chấm đội này');
    expect(await page.locator('[data-testid=stepper-plus]').count()).toBe(0);
    expect(await page.locator('[data-testid=submit]').count()).toBe(0);
  });

  it('keeps two sheets submitted offline through a closed tab and sends each exactly once', async () => {
    await tablet.setOffline(true);
    await page.locator('[data-testid=connection][data-online=false]').waitFor();
    expect(await page.locator('[data-testid=offline-banner]').isVisible()).toBe(true);
    for (const [team, fromRight, waiting] of [
      ['vp-ubnd', 2, '1 phiếu đang chờ gửi'], // 32 / 24 / 24
      ['kbnn', 0, '2 phiếu đang chờ gửi'], // 40 / 30 / 30
    ] as const) {
      await teamItem(team).tap();
      await page.locator(`[data-testid=sheet][data-team="${team}"]`).waitFor();
      await tapMarks(page, fromRight);
      await page.locator('[data-testid=submit]').tap();
      await page.locator('[data-testid=confirm-send]').tap();
      expect(await text('[data-testid=pending-count]')).toBe(waiting);
      expect(await teamItem(team).getAttribute('data-state')).toBe('pending');
    }

    // The tab is closed while offline; when the network is back, the first send reaches the server
    // but its answer is lost: the retry (same Idempotency-Key) must not make a second version.
    await page.close();
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let puts = 0;
    const keys: string[] = [];
    await tablet.route('**/api/contests/*/sheets/**', async (route: Route) => {
      if (route.request().method() !== 'PUT') return route.continue();
      puts += 1;
      keys.push(route.request().headers()['idempotency-key'] ?? '');
      if (puts === 1) {
        await gate;
        await route.fetch();
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await tablet.setOffline(false);

    page = await tablet.newPage();
    watch(page);
    await page.goto(server.url + '/judge');
    await page.locator('[data-testid=sheet]').waitFor();
    expect(await text('[data-testid=pending-count]')).toBe('2 phiếu đang chờ gửi');
    expect(await page.locator('[data-testid=sheet]').getAttribute('data-team')).toBe('kbnn');
    release();

    await page.locator('[data-testid=pending-count]').waitFor({ state: 'detached', timeout: 15_000 });
    await page.locator('[data-testid=receipt-line]').waitFor();
    expect(await text('[data-testid=receipt-line]')).toContain('Đã ghi nhận');
    expect(await text('[data-testid=receipt-detail]')).toMatch(/phiên bản 1 · mã [0-9a-f]{8}$/);
    expect(await teamItem('kbnn').getAttribute('data-state')).toBe('submitted');
    await tablet.unroute('**/api/contests/*/sheets/**');

    expect(await teamItem('vp-ubnd').getAttribute('data-state')).toBe('submitted');

    // Three sends at least (one answer lost, then its retry), two keys: one per sheet, kept on retry.
    expect(puts).toBeGreaterThanOrEqual(3);
    expect(new Set(keys).size).toBe(2);
    const audit = (await api('GET', `/api/contests/${SLUG}/audit`)).body as { events: AuditEvent[]; verified: { ok: boolean } };
    for (const [team, total] of [
      ['kbnn', 100],
      ['vp-ubnd', 80],
    ] as const) {
      const events = audit.events.filter((e) => e.kind === 'sheet' && e.subject['team'] === team && e.subject['judge'] === 'gk1');
      expect(events, team).toHaveLength(1);
      expect(events[0]!.after?.status).toBe('submitted');
      expect(events[0]!.after?.total).toBe(total * 100);
    }
    expect(audit.verified.ok).toBe(true);

    // The receipts list holds the three sheets.
    await page.locator('[data-testid=receipts-button]').tap();
    await page.locator('[data-testid=receipts-dialog] [data-testid=receipt-row]').nth(2).waitFor();
    expect(await page.locator('[data-testid=receipt-row]').count()).toBe(3);
    await page.keyboard.press('Escape');
  });

  it('follows the host when another team comes on stage, without a reload', async () => {
    await page.evaluate(() => ((window as unknown as { __same: boolean }).__same = true));
    expect((await setStage('gioi-thieu', 'sgtvt')).status).toBe(200);
    await page.locator('[data-testid=stage-team]', { hasText: 'Đội Sở Giao thông vận tải' }).waitFor();
    const offer = page.locator('[data-testid=stage-offer]');
    await offer.waitFor();
    expect(await offer.textContent()).toContain('Đội mới lên sân khấu: Đội Sở Giao thông vận tải');
    await page.locator('[data-testid=stage-offer-jump]').tap();
    await page.locator('[data-testid=sheet][data-team=sgtvt]').waitFor();
    expect(await page.evaluate(() => (window as unknown as { __same?: boolean }).__same)).toBe(true);
  });

  it('switches to English', async () => {
    await page.locator('[data-testid=lang-en]').tap();
    await page.locator('[data-testid=sheet-state]', { hasText: 'Not scored' }).waitFor();
    expect(await teamItem('noi-vu').locator('[data-testid=team-state]').textContent()).toBe('Conflict of interest');
    await page.locator('[data-testid=lang-vi]').tap();
    await page.locator('[data-testid=sheet-state]', { hasText: 'Chưa chấm' }).waitFor();
  });

  describe('organizer judges page', () => {
    let desk: BrowserContext;
    let admin: Page;

    beforeAll(async () => {
      desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const [name, value] = cookie.split('=') as [string, string];
      await desk.addCookies([{ name, value, url: server.url }]);
      admin = await desk.newPage();
      watch(admin);
    });

    afterAll(async () => {
      await desk?.close();
    });

    it('shows each judge with a QR code, linked from the contest page', async () => {
      await admin.goto(`${server.url}/contests/${SLUG}`);
      await admin.locator('[data-testid=judges-link]').click();
      await admin.waitForURL(`**/contests/${SLUG}/judges`);
      await admin.locator('[data-testid=judge-qr]').nth(4).waitFor();
      const sources = await admin
        .locator('[data-testid=judge-qr]')
        .evaluateAll((imgs) =>
          imgs.map((img) => ({ src: (img as HTMLImageElement).src, width: (img as HTMLImageElement).naturalWidth })),
        );
      expect(sources).toHaveLength(5);
      for (const s of sources) {
        expect(s.src).toMatch(/^data:image\/png;base64,/);
        expect(s.width).toBeGreaterThan(100);
      }
      const gk1 = admin.locator('[data-testid=judge-card][data-judge=gk1]');
      expect(await gk1.locator('[data-testid=judge-conflicts]').textContent()).toBe('Đội Sở Nội vụ');
      // The cards can be printed, and the button says so.
      const print = admin.locator('[data-testid=print]');
      expect((await print.innerText()).trim()).toBe('In mã QR');
      expect(await print.isEnabled()).toBe(true);
    });

    it('refuses a second tablet until the organizer releases the link; the first keeps its unsent sheet', async () => {
      const gk1 = links.find((j) => j.key === 'gk1')!;
      // The first tablet (which opened gk1's link) queues a sheet while offline.
      await tablet.setOffline(true);
      await page.locator('[data-testid=connection][data-online=false]').waitFor();
      await teamItem('sgtvt').tap();
      await page.locator('[data-testid=sheet][data-team=sgtvt]').waitFor();
      await tapMarks(page, 0);
      await page.locator('[data-testid=submit]').tap();
      await page.locator('[data-testid=confirm-send]').tap();
      expect(await text('[data-testid=pending-count]')).toBe('1 phiếu đang chờ gửi');

      // A second tablet opening the same link is told, in Vietnamese and English, to ask the organizers.
      const second = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true });
      const p2 = await second.newPage();
      watch(p2);
      await p2.goto(gk1.url!);
      await p2.locator('[data-testid=link-in-use]').waitFor();
      // The other language's words arrive a moment after the refusal shows (fetched on demand).
      await p2.locator('[data-testid=link-in-use]', { hasText: 'Please ask the organizers to release it' }).waitFor();
      const said = await text('[data-testid=link-in-use]', p2);
      expect(said).toContain('Đường link đang được dùng trên thiết bị khác');
      expect(said).toContain('Vui lòng báo Ban Tổ chức để giải phóng link');
      expect(said).toContain('Please ask the organizers to release it');
      expect(new URL(p2.url()).pathname).toBe(new URL(gk1.url!).pathname);

      // The console shows the link in use, and releases it with a reason.
      await admin.reload();
      const card = admin.locator('[data-testid=judge-card][data-judge=gk1]');
      const device = card.locator('[data-testid=judge-device]');
      expect(await device.getAttribute('data-in-use')).toBe('true');
      expect(((await device.textContent()) ?? '').trim()).toMatch(/^Đang dùng trên 1 thiết bị từ .+, liên lạc lần cuối .+$/);
      expect(await admin.locator('[data-testid=judge-card][data-judge=gk3] [data-testid=judge-device]').textContent()).toContain(
        'Chưa mở',
      );
      expect(await admin.locator('[data-testid=judge-card][data-judge=gk3] [data-testid=release]').count()).toBe(0);
      await card.locator('[data-testid=release]').click();
      await admin.locator('[data-testid=release-reason]').fill('Máy tính bảng hỏng, đổi máy');
      await admin.locator('[data-testid=link-confirm]').click();
      await card.locator('[data-testid=judge-changed]', { hasText: 'Đã giải phóng link của Lê Quang Minh' }).waitFor();
      expect(((await device.textContent()) ?? '').trim()).toBe('Chưa mở');
      expect(await card.locator('[data-testid=release]').count()).toBe(0);

      // The second tablet tries again and opens the link.
      await p2.locator('[data-testid=link-retry]').tap();
      await p2.waitForURL('**/judge');
      await p2.locator('[data-testid=sheet]').waitFor();
      expect(await text('[data-testid=judge-name]', p2)).toBe('Lê Quang Minh');

      // The first tablet, back online, is told it was signed out, and still keeps its sheet.
      await tablet.setOffline(false);
      await page.locator('[data-testid=judge-signed-out]').waitFor();
      const notice = await text('[data-testid=judge-signed-out]');
      expect(notice).toContain('Máy này đã bị đăng xuất khỏi đường link chấm điểm');
      expect(await text('[data-testid=kept-sheets]')).toContain('1 phiếu chưa gửi vẫn được giữ trên máy này');
      const kept = await page.evaluate(() =>
        Object.keys(localStorage).filter((k) => k.endsWith('outbox') && (localStorage.getItem(k) ?? '').includes('sgtvt')),
      );
      expect(kept).toHaveLength(1);

      const audit = (await api('GET', `/api/contests/${SLUG}/audit`)).body as {
        events: (AuditEvent & { reason: string | null })[];
        verified: { ok: boolean };
      };
      const released = audit.events.filter((e) => e.kind === 'link_release');
      expect(released).toHaveLength(1);
      expect(released[0]).toMatchObject({ subject: { judge: 'gk1' }, reason: 'Máy tính bảng hỏng, đổi máy' });
      expect(audit.events.some((e) => e.kind === 'sheet' && e.subject['team'] === 'sgtvt')).toBe(false);
      await second.close();
    });

    it('reissues a link: the old one stops working', async () => {
      const old = links.find((j) => j.key === 'gk2')!.url!;
      const card = admin.locator('[data-testid=judge-card][data-judge=gk2]');
      await card.locator('[data-testid=reissue]').click();
      await admin.locator('[data-testid=link-confirm]').click();
      await card.locator('[data-testid=judge-changed]').waitFor();
      const fresh = await card.locator('[data-testid=judge-url]').inputValue();
      expect(fresh).not.toBe(old);

      const token = (url: string) => new URL(url).pathname.split('/').pop()!;
      const refused = await fetch(server.url + '/api/judge/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: token(old) }),
      });
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('LINK_INVALID');

      // On a tablet the old link says so, in Vietnamese and in English.
      const other = await browser.newContext({ viewport: { width: 1024, height: 768 }, hasTouch: true });
      const p = await other.newPage();
      watch(p);
      await p.goto(old);
      await p.locator('[data-testid=link-invalid]').waitFor();
      // The English words follow once their catalog is fetched (it is not in the first load).
      await p.locator('[data-testid=link-invalid] [lang=en]').waitFor();
      const said = await text('[data-testid=link-invalid]', p);
      expect(said).toContain('Đường link riêng này không hợp lệ hoặc đã bị thu hồi');
      expect(said).toContain('This private link is invalid or was revoked');
      await other.close();
    });
  });

  it('logged no console error, CSP violation or uncaught exception', () => {
    expect(problems).toEqual([]);
  });
});
