/**
 * The organizer reviews registrations in a real browser: two teams register over HTTP (one with
 * a PDF), the organizer approves one, rejects the other with a reason, downloads the PDF, edits a
 * team (the server's issue shown beside the field), draws the running order from a seed (the same
 * seed gives the same order, the one the API and the host's console show), imports teams from
 * a CSV file (a bad row adds nothing and is listed with its number), hands a team its private link
 * (QR code, a new link that shuts the old one out) and prints one card per approved team.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPackage } from '../helpers/app.js';
import { BrowserSuite, HOST_ACCOUNT, type RunningServer, signInOnPage } from './harness.js';

const SLUG = 'cchc-dang-ky-e2e';
const SEED = 'GIALAI-2026-BOC-THAM';

/** Chromium's line for the 4xx answers the page handles: no session yet, a refused edit. */
const EXPECTED_HTTP = /^Failed to load resource: the server responded with a status of (400|401)\b/;

interface DrawBody {
  seed: string | null;
  method: string | null;
  order: { key: string; name: string }[];
}

const registration = (n: number, name: string, unit: string) => ({
  unit,
  name,
  leader: { name: `Nguyễn Văn An ${n}`, phone: '0912 345 678', email: `doi${n}@example.vn` },
  members: [
    { name: `Nguyễn Văn An ${n}`, role: 'Đội trưởng' },
    { name: 'Trần Thị Bình' },
    { name: 'Lê Hoàng Cường', role: 'Thành viên' },
  ],
  idea: { title: `Mô hình một cửa số ${n}`, summary: 'Người dân nộp hồ sơ và nhận kết quả trực tuyến, không phải đi lại.' },
});

describe('organizer: registrations, running order, teams import', () => {
  let suite: BrowserSuite;
  let server: RunningServer;
  let page: Page;
  let cookie: string;
  /** Keys of the two registrations: A is approved, B (with a PDF) rejected. */
  let teamA: string;
  let teamB: string;
  let drawn: string[] = [];

  const row = (key: string) => page.locator(`[data-testid=reg-row][data-team="${key}"]`);
  const text = async (selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();
  const count = (status: string) => text(`[data-testid=count-${status}]`);
  /** Waits until the filter's count reads `n`. */
  const counted = (status: string, n: number) =>
    page.locator(`[data-testid=count-${status}]`, { hasText: new RegExp(`^${n}$`) }).waitFor();
  const orderShown = async () =>
    page.locator('[data-testid=order-row]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-team')));
  const serverDraw = async (): Promise<DrawBody> => {
    const res = await fetch(`${server.url}/api/contests/${SLUG}/draw`, { headers: { cookie } });
    expect(res.status).toBe(200);
    return (await res.json()) as DrawBody;
  };

  beforeAll(async () => {
    suite = await BrowserSuite.start(EXPECTED_HTTP);
    server = suite.server;
    cookie = await server.signIn();

    const deadline = new Date(Date.now() + 30 * 24 * 3600_000).toISOString();
    const created = await fetch(`${server.url}/api/contests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ ...demoPackage(), slug: SLUG, registration: { deadline } }),
    });
    expect(created.status).toBe(201);

    const a = await fetch(`${server.url}/api/contests/${SLUG}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(registration(1, 'Đội Sở Tư pháp Gia Lai', 'CĐCS Sở Tư pháp')),
    });
    expect(a.status).toBe(201);
    teamA = ((await a.json()) as { team: string }).team;

    const form = new FormData();
    form.append('data', JSON.stringify(registration(2, 'Đội Sở Khoa học và Công nghệ', 'CĐCS Sở Khoa học và Công nghệ')));
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj << /Type /Catalog >> endobj\n'), Buffer.alloc(2048, 0x20)]);
    form.append('attachment', new Blob([pdf], { type: 'application/pdf' }), 'Mô hình số hoá.pdf');
    const b = await fetch(`${server.url}/api/contests/${SLUG}/registrations`, { method: 'POST', body: form });
    expect(b.status).toBe(201);
    teamB = ((await b.json()) as { team: string }).team;

    page = await suite.open('', { width: 1280, height: 900 }, { acceptDownloads: true });
  });

  afterAll(() => suite?.close());

  it('signs in and finds the pending registrations from the contest page', async () => {
    await page.goto(`${server.url}/contests/${SLUG}`);
    await page.waitForURL('**/login**');
    await page.fill('#email', server.adminEmail);
    await page.fill('#password', server.adminPassword);
    await page.click('button[type=submit]');
    await page.waitForURL(`**/contests/${SLUG}`);
    await page.locator('[data-testid=registration-summary]').waitFor();
    expect(await text('[data-testid=status-count-pending-n]')).toBe('2');
    expect(await text('[data-testid=status-count-active-n]')).toBe('20');
    // Only the teams that take part are listed on the contest page.
    expect(await page.locator('[data-testid=team-row]').count()).toBe(20);

    await page.click('[data-testid=review-link]');
    await page.waitForURL(`**/contests/${SLUG}/teams?status=pending`);
    await page.locator('[data-testid=review-page]').waitFor();
    expect(await page.locator('[data-testid=review-page] h1').textContent()).toBe('Đội thi & đăng ký');
    expect(await page.getAttribute('[data-testid=filter-pending]', 'aria-pressed')).toBe('true');
  });

  it('lists the two pending teams with their contacts and files', async () => {
    await page.click('[data-testid=filter-all]');
    expect(await page.locator('[data-testid=reg-row]').count()).toBe(22);
    await page.click('[data-testid=filter-pending]');
    expect(await page.locator('[data-testid=reg-row]').count()).toBe(2);
    expect(await count('pending')).toBe('2');
    expect(await count('active')).toBe('20');
    expect(await count('all')).toBe('22');

    const a = row(teamA);
    expect(await a.locator('[data-testid=reg-status]').textContent()).toBe('Chờ duyệt');
    expect(await a.locator('[data-testid=reg-phone]').getAttribute('href')).toBe('tel:0912345678');
    expect((await a.locator('[data-testid=reg-phone]').textContent())?.trim()).toBe('0912 345 678');
    expect(await a.locator('[data-testid=reg-email]').getAttribute('href')).toBe('mailto:doi1@example.vn');
    expect(await a.locator('[data-testid=reg-attachment]').count()).toBe(0);
    expect(await row(teamB).locator('[data-testid=reg-attachment]').textContent()).toContain('Mô hình số hoá.pdf');

    // The details unfold the members and the idea.
    expect(await a.locator('[data-testid=reg-details]').isVisible()).toBe(false);
    await a.locator('[data-testid=details-toggle]').click();
    expect(await a.locator('[data-testid=details-toggle]').getAttribute('aria-expanded')).toBe('true');
    const details = a.locator('[data-testid=reg-details]');
    expect(await details.isVisible()).toBe(true);
    expect(await details.textContent()).toContain('Trần Thị Bình');
    expect(await details.textContent()).toContain('không phải đi lại');
  });

  it('approves one team', async () => {
    await row(teamA).locator('[data-testid=approve]').click();
    await page.locator('[data-testid=review-notice]', { hasText: 'Đã duyệt đội «Đội Sở Tư pháp Gia Lai»' }).waitFor();
    await counted('pending', 1);
    expect(await count('active')).toBe('21');
    // It left the "pending" filter.
    await row(teamA).waitFor({ state: 'detached' });
    expect(await page.locator('[data-testid=reg-row]').count()).toBe(1);
  });

  it('rejects the other one, with a reason it must give', async () => {
    await row(teamB).locator('[data-testid=reject]').click();
    const dialog = page.locator('[data-testid=reject-dialog]');
    await dialog.waitFor();
    await page.click('[data-testid=reject-submit]');
    expect(await text('[data-testid=reject-reason-error]')).toBe('Vui lòng nhập lý do từ chối');
    expect(await page.getAttribute('[data-testid=reject-reason]', 'aria-invalid')).toBe('true');
    await page.fill('[data-testid=reject-reason]', 'Thiếu xác nhận của Công đoàn cơ sở');
    await page.click('[data-testid=reject-submit]');
    await dialog.waitFor({ state: 'hidden' });
    await counted('rejected', 1);
    expect(await count('pending')).toBe('0');
    expect(await count('active')).toBe('21');
    expect(await page.locator('[data-testid=registrations-empty]').isVisible()).toBe(true);

    await page.click('[data-testid=filter-rejected]');
    expect(await row(teamB).locator('[data-testid=reg-status]').textContent()).toBe('Bị từ chối');
    expect(await row(teamB).locator('[data-testid=reg-reason]').textContent()).toContain('Thiếu xác nhận của Công đoàn cơ sở');
    await page.click('[data-testid=filter-active]');
    expect(await row(teamA).locator('[data-testid=reg-status]').textContent()).toBe('Đã duyệt');
    expect(await row(teamA).locator('[data-testid=reg-order]').textContent()).toBe('21');
  });

  it('downloads the attachment of a team', async () => {
    await page.click('[data-testid=filter-all]');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row(teamB).locator('[data-testid=reg-attachment]').click(),
    ]);
    expect(download.suggestedFilename()).toBe('Mô hình số hoá.pdf');
    const bytes = readFileSync(await download.path());
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
  });

  it('edits a team: the server’s issue beside the field, then saved', async () => {
    await row(teamB).locator('[data-testid=edit]').click();
    const dialog = page.locator('[data-testid=edit-dialog]');
    await dialog.waitFor();
    expect(await page.inputValue('[data-testid=edit-name]')).toBe('Đội Sở Khoa học và Công nghệ');
    expect(await dialog.locator('[data-testid=edit-member]').count()).toBe(3);
    await page.fill('[data-testid=edit-phone]', '12');
    await page.click('[data-testid=edit-save]');
    const issue = dialog.locator('[data-testid=edit-error][data-path="leader.phone"]');
    await issue.waitFor();
    expect(await issue.textContent()).toContain('Số điện thoại không hợp lệ');
    expect(await page.getAttribute('[data-testid=edit-phone]', 'aria-invalid')).toBe('true');

    await page.fill('[data-testid=edit-phone]', '0987 111 222');
    await page.click('[data-testid=edit-member-add]');
    await dialog.locator('[data-testid=edit-member-name]').nth(3).fill('Phạm Thị Dung');
    await page.click('[data-testid=edit-save]');
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('[data-testid=review-notice]', { hasText: 'Đã lưu thông tin đội' }).waitFor();
    // The notice comes with the save's answer; the row, with the list read again after it.
    await row(teamB).locator('[data-testid=reg-phone]', { hasText: '0987 111 222' }).waitFor();
    expect(await row(teamB).locator('[data-testid=reg-phone]').textContent()).toBe('0987 111 222');
    expect(await row(teamB).locator('[data-testid=reg-details]').textContent()).toContain('Phạm Thị Dung');
  });

  it('draws the running order from a seed: the seed is shown and the order is the server’s', async () => {
    expect(await text('[data-testid=order-method]')).toContain('Chưa bốc thăm');
    await page.fill('[data-testid=draw-seed-input]', 'có dấu');
    await page.click('[data-testid=draw-button]');
    expect(await text('[data-testid=draw-seed-error]')).toContain('4–64');

    await page.fill('[data-testid=draw-seed-input]', SEED);
    await page.click('[data-testid=draw-button]');
    await page.locator('[data-testid=draw-seed]', { hasText: SEED }).waitFor();
    expect(await text('[data-testid=order-notice]')).toBe(`Đã bốc thăm xong với mã ${SEED}.`);

    const api = await serverDraw();
    expect(api.seed).toBe(SEED);
    expect(api.method).toBe('draw');
    drawn = api.order.map((t) => t.key);
    expect(drawn).toHaveLength(21);
    expect(drawn).toContain(teamA);
    expect(drawn).not.toContain(teamB);
    expect(await orderShown()).toEqual(drawn);
    // The list of registrations numbers the approved teams in the same order (once read again).
    await row(drawn[0]!).locator('[data-testid=reg-order]', { hasText: /^1$/ }).waitFor();
    expect(await row(drawn[0]!).locator('[data-testid=reg-order]').textContent()).toBe('1');
    expect(await row(teamA).locator('[data-testid=reg-order]').textContent()).toBe(String(drawn.indexOf(teamA) + 1));
  });

  it('draws again with the same seed and gets the same order', async () => {
    // Shuffle by hand first (unsaved), so that the redraw visibly restores the order.
    await page.locator(`[data-testid=order-row][data-team="${drawn[0]}"] [data-testid=move-down]`).click();
    expect((await orderShown()).slice(0, 2)).toEqual([drawn[1], drawn[0]]);
    await page.locator('[data-testid=order-unsaved]').waitFor();

    await page.fill('[data-testid=draw-seed-input]', SEED);
    await page.click('[data-testid=draw-button]');
    // A draw replaces the order already set: it asks first.
    const confirm = page.locator('dialog[open][data-testid=confirm-dialog]');
    await confirm.waitFor();
    expect(await confirm.locator('h2').textContent()).toBe('Bốc thăm lại thứ tự thi?');
    await confirm.locator('[data-testid=confirm-ok]').click();
    await confirm.waitFor({ state: 'detached' });
    await page.locator('[data-testid=order-unsaved]').waitFor({ state: 'detached' });
    expect(await orderShown()).toEqual(drawn);
    expect((await serverDraw()).order.map((t) => t.key)).toEqual(drawn);
    expect(await text('[data-testid=draw-seed]')).toBe(SEED);
  });

  it('the host’s console lists the teams in the drawn order', async () => {
    const hostContext = await suite.browser.newContext({ viewport: { width: 1366, height: 768 } });
    try {
      const host = await hostContext.newPage();
      host.on('pageerror', (err) => suite.problems.push(`host pageerror: ${err.message}`));
      await signInOnPage(host, server, HOST_ACCOUNT);
      await host.goto(`${server.url}/host/${SLUG}`);
      await host.locator('[data-testid=host-team]').first().waitFor();
      const listed = await host
        .locator('[data-testid=host-team]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-team')));
      expect(listed).toEqual(drawn);
    } finally {
      await hostContext.close();
    }
  });

  it('moves a team by hand and saves the order with a reason', async () => {
    await page.locator(`[data-testid=order-row][data-team="${drawn[2]}"] [data-testid=move-up]`).click();
    const expected = [drawn[0], drawn[2], drawn[1], ...drawn.slice(3)];
    expect(await orderShown()).toEqual(expected);
    await page.fill('[data-testid=order-reason]', 'Đội xin thi sớm vì lý do công tác');
    await page.click('[data-testid=order-save]');
    await page.locator('[data-testid=order-notice]', { hasText: 'Đã lưu thứ tự thi.' }).waitFor();
    const api = await serverDraw();
    expect(api.method).toBe('manual');
    expect(api.order.map((t) => t.key)).toEqual(expected);
    expect(await text('[data-testid=order-method]')).toContain('Ban Tổ chức sắp xếp');
  });

  it('imports teams from a CSV file, keeping a move of the order not saved yet', async () => {
    // A move not saved yet survives the import's refresh of the list; the new team comes last.
    const before = await orderShown();
    await page.locator(`[data-testid=order-row][data-team="${before[1]}"] [data-testid=move-up]`).click();
    const moved = [before[1], before[0], ...before.slice(2)];
    expect(await orderShown()).toEqual(moved);
    const csv = [
      'Tên đội,Đơn vị,Trưởng nhóm,Điện thoại,Email,Thành viên,Tên mô hình,Tóm tắt',
      'Đội Trung tâm Y tế,CĐCS Sở Y tế,Phạm Thị Hoa,0987 654 321,hoa@example.vn,"Phạm Thị Hoa (Đội trưởng); Lê Văn Nam; Đỗ Thị Mai",Khám bệnh từ xa,Kết nối trạm y tế xã với bệnh viện tỉnh',
    ].join('\r\n');
    await page.setInputFiles('[data-testid=teams-import-file]', {
      name: 'doi-thi.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    await page.locator('[data-testid=import-added]').waitFor();
    expect(await text('[data-testid=import-added]')).toContain('Đã thêm 1 đội từ tệp “doi-thi.csv”');
    const key = await page.getAttribute('[data-testid=import-added-team]', 'data-team');
    expect(key).toBe('doi-trung-tam-y-te');
    await counted('active', 22);
    await page.locator('[data-testid=order-row][data-team="doi-trung-tam-y-te"]').waitFor();
    expect(await orderShown()).toEqual([...moved, 'doi-trung-tam-y-te']);
    expect(await row('doi-trung-tam-y-te').locator('[data-testid=reg-status]').textContent()).toBe('Đã duyệt');
    // Undone, the order is the server's again (the move was never saved).
    await page.click('[data-testid=order-undo]');
    expect(await orderShown()).toEqual([...before, 'doi-trung-tam-y-te']);
    expect((await serverDraw()).order.map((t) => t.key)).toEqual([...before, 'doi-trung-tam-y-te']);
  });

  it('imports nothing from a file with a bad row, and shows the row', async () => {
    const csv = [
      'Tên đội,Đơn vị,Điện thoại,Trưởng nhóm',
      'Đội Sở Xây dựng,CĐCS Sở Xây dựng,0912 000 111,Hồ Văn Tâm',
      'Đội Sở Công Thương,CĐCS Sở Công Thương,12345,Vũ Thị Lan',
    ].join('\n');
    await page.setInputFiles('[data-testid=teams-import-file]', {
      name: 'doi-thi-loi.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv, 'utf8'),
    });
    const errors = page.locator('[data-testid=import-errors]');
    await errors.waitFor();
    expect(await errors.textContent()).toContain('chưa đội nào được thêm');
    const bad = page.locator('[data-testid=import-error]');
    expect(await bad.count()).toBe(1);
    expect(await bad.first().getAttribute('data-row')).toBe('3');
    expect(await bad.first().locator('[data-testid=import-error-row]').textContent()).toBe('3');
    expect(await bad.first().textContent()).toContain('Điện thoại');
    expect(await page.locator('[data-testid=import-added]').count()).toBe(0);

    // Nothing was added: the counts and the list stay as they were.
    await page.reload();
    await page.locator('[data-testid=review-page]').waitFor();
    expect(await count('active')).toBe('22');
    expect(await row('doi-so-xay-dung').count()).toBe(0);
  });

  it('shows a team its private link, and a new one shuts the old one out', async () => {
    await page.click('[data-testid=filter-all]');
    const a = row(teamA);
    await a.locator('[data-testid=details-toggle]').click();
    const link = a.locator('[data-testid=reg-link]');
    expect(await link.isVisible()).toBe(true);
    expect(await link.textContent()).toContain('Link riêng của đội');
    expect(await link.textContent()).toContain('trả lời câu hỏi trắc nghiệm');
    const url = a.locator('[data-testid=reg-link-url]');
    const old = await url.inputValue();
    expect(old).toMatch(/^https?:\/\/[^/]+\/t\/[A-Za-z0-9_-]{20,}$/);
    const tokenOf = (u: string) => u.slice(u.lastIndexOf('/') + 1);
    const teamPage = (token: string) =>
      fetch(`${server.url}/api/team/registration`, { headers: { authorization: `Bearer ${token}` } });
    const opened = await teamPage(tokenOf(old));
    expect(opened.status).toBe(200);
    expect(((await opened.json()) as { team: { key: string } }).team.key).toBe(teamA);

    // The QR code, big enough to scan from the screen.
    await a.locator('[data-testid=reg-link-qr]').click();
    const qrDialog = page.locator('dialog[open][data-testid=qr-dialog]');
    await qrDialog.waitFor();
    const image = qrDialog.locator('[data-testid=qr-dialog-image]');
    await image.waitFor();
    const size = await image.evaluate((img: HTMLImageElement) => ({
      natural: img.naturalWidth,
      shown: img.getBoundingClientRect().width,
    }));
    expect(size.natural).toBeGreaterThanOrEqual(480);
    expect(size.shown).toBeGreaterThanOrEqual(300);
    expect(await qrDialog.locator('[data-testid=qr-dialog-url]').textContent()).toBe(old);
    await qrDialog.locator('[data-testid=qr-dialog-close]').click();
    await qrDialog.waitFor({ state: 'detached' });

    // A new link: asked first, then shown in place of the old one, which no longer opens the team page.
    await a.locator('[data-testid=reg-link-reissue]').click();
    const confirm = page.locator('dialog[open][data-testid=confirm-dialog]');
    await confirm.waitFor();
    expect(await confirm.locator('h2').textContent()).toBe('Cấp link mới cho đội «Đội Sở Tư pháp Gia Lai»?');
    expect(await confirm.textContent()).toContain('Link cũ ngừng hoạt động ngay');
    await confirm.locator('[data-testid=confirm-ok]').click();
    await confirm.waitFor({ state: 'detached' });
    await a.locator('[data-testid=reg-link-reissued]').waitFor();
    const fresh = await url.inputValue();
    expect(fresh).not.toBe(old);
    expect(fresh).toMatch(/\/t\/[A-Za-z0-9_-]{20,}$/);
    expect((await teamPage(tokenOf(old))).status).toBe(401);
    expect((await teamPage(tokenOf(fresh))).status).toBe(200);
    const list = await fetch(`${server.url}/api/contests/${SLUG}/registrations`, { headers: { cookie } });
    const listed = ((await list.json()) as { teams: { key: string; link?: string }[] }).teams.find((t) => t.key === teamA);
    expect(listed?.link).toBe(fresh);
  });

  it('prints one card per approved team, in running order, each with its QR code', async () => {
    const fresh = await row(teamA).locator('[data-testid=reg-link-url]').inputValue();
    await page.click('[data-testid=print-links]');
    await page.waitForURL(`**/contests/${SLUG}/teams/links`);
    await page.locator('[data-testid=team-links-page]').waitFor();
    const order = (await serverDraw()).order.map((t) => t.key);
    expect(order.length).toBeGreaterThanOrEqual(20);
    const cards = page.locator('[data-testid=team-link-card]');
    expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-team')))).toEqual(order);
    expect(await cards.evaluateAll((els) => els.map((e) => e.querySelectorAll('[data-testid=team-link-qr]').length))).toEqual(
      order.map(() => 1),
    );
    // Every QR code is drawn (a decoded image), and the print button waits for them all.
    await page.locator('[data-testid=print]:not([disabled])', { hasText: 'In các thẻ' }).waitFor();
    const decoded = await page
      .locator('[data-testid=team-link-qr]')
      .evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0));
    expect(decoded).toEqual(order.map(() => true));
    const card = page.locator(`[data-testid=team-link-card][data-team="${teamA}"]`);
    expect(await card.locator('[data-testid=team-link-name]').textContent()).toBe('Đội Sở Tư pháp Gia Lai');
    expect(await card.textContent()).toContain('CĐCS Sở Tư pháp');
    expect(await card.locator('[data-testid=team-link-url]').textContent()).toBe(fresh);

    // The button prints the page; printed, it and the console's bar are gone.
    await page.evaluate(() => {
      window.print = () => document.body.setAttribute('data-printed', 'yes');
    });
    await page.click('[data-testid=print]');
    expect(await page.getAttribute('body', 'data-printed')).toBe('yes');
    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('[data-testid=print]').isVisible()).toBe(false);
      expect(await page.locator('header.bar').isVisible()).toBe(false);
      expect(await cards.first().isVisible()).toBe(true);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
  });

  it('flags a burst from one address and rejects every pending registration from it at once', async () => {
    const keys: string[] = [];
    for (const n of [3, 4, 5]) {
      const res = await fetch(`${server.url}/api/contests/${SLUG}/registrations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(registration(n, `Đội Rác ${n}`, 'CĐCS Sở Tư pháp')),
      });
      expect(res.status).toBe(201);
      keys.push(((await res.json()) as { team: string }).team);
    }
    await page.goto(`${server.url}/contests/${SLUG}/teams`);
    const junk = row(keys[0]!);
    await junk.locator('[data-testid=reg-burst]', { hasText: 'nhiều đăng ký từ cùng một địa chỉ' }).waitFor();
    await junk.locator('[data-testid=reject-address]').click();
    await page
      .locator('[data-testid=reject-dialog] h2', { hasText: 'Từ chối cả 3 đăng ký chờ duyệt từ cùng một địa chỉ' })
      .waitFor();
    await page.fill('[data-testid=reject-reason]', 'Đăng ký hàng loạt');
    await page.click('[data-testid=reject-submit]');
    await page.locator('[data-testid=review-notice]', { hasText: 'Đã từ chối 3 đăng ký từ cùng một địa chỉ.' }).waitFor();
    const list = await fetch(`${server.url}/api/contests/${SLUG}/registrations`, { headers: { cookie } });
    const teams = ((await list.json()) as { teams: { key: string; status: string; rejectReason: string | null }[] }).teams;
    for (const key of keys)
      expect(teams.find((t) => t.key === key)).toMatchObject({ status: 'rejected', rejectReason: 'Đăng ký hàng loạt' });
  });

  it('raised no console error and no uncaught exception', () => {
    expect(suite.problems).toEqual([]);
  });
});
