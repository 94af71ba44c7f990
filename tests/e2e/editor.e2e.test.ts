/**
 * The contest editor in a real browser: an organizer builds a small contest from scratch (units
 * imported from a CSV file, a rubric round and a direct round, a prize, two teams, a judge with a
 * conflict), sees a mistake beside its field before anything is sent, saves; the exported package
 * imports again under another slug and exports equal; then an edit in the editor reaches the API.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContestPackage } from '../../server/contract/package.js';
import { BrowserSuite, type RunningServer } from './harness.js';

const TITLE = 'Hội thi Cải cách hành chính 2025';
const SLUG = 'hoi-thi-cai-cach-hanh-chinh-2025';
const COPY = `${SLUG}-ban-sao`;
const UNITS = ['CĐCS Sở Tư pháp', 'CĐCS Bảo hiểm xã hội tỉnh', 'CĐCS Sở Nội vụ'];
const CSV = `Đơn vị\n${UNITS.join('\n')}\n`;

/**
 * Chromium reports every non-2xx fetch as "Failed to load resource": the login page's first 401,
 * and the 409s of changes that need a reason or are refused once there are marks.
 */
const EXPECTED_HTTP = /^Failed to load resource: the server responded with a status of (401|409)\b/;

describe('contest editor', () => {
  let suite: BrowserSuite;
  let server: RunningServer;
  let page: Page;
  let cookie: string;
  let exported: ContestPackage;

  beforeAll(async () => {
    suite = await BrowserSuite.start(EXPECTED_HTTP);
    server = suite.server;
    page = await suite.open('', { width: 1280, height: 900 });
    cookie = await server.signIn();
  });

  afterAll(() => suite?.close());

  const text = async (selector: string) => ((await page.locator(selector).first().textContent()) ?? '').trim();
  const api = async <T>(path: string, init: RequestInit = {}): Promise<{ status: number; body: T }> => {
    const res = await fetch(server.url + path, {
      ...init,
      headers: { cookie, 'content-type': 'application/json', ...init.headers },
    });
    return { status: res.status, body: (await res.json()) as T };
  };

  it('signs in and opens a new contest from the contest list', async () => {
    await page.goto(server.url + '/login');
    await page.fill('#email', server.adminEmail);
    await page.fill('#password', server.adminPassword);
    await page.click('button[type=submit]');
    await page.locator('[data-testid=contests-empty]').waitFor();
    expect(await text('[data-testid=new-contest-link]')).toBe('Tạo hội thi');
    await page.click('[data-testid=new-contest-link]');
    await page.waitForURL('**/contests/new');
    expect(await text('h1')).toBe('Tạo hội thi mới');
  });

  it('fills in the details; the slug follows the title without diacritics', async () => {
    await page.fill('#f-title', TITLE);
    expect(await page.inputValue('#f-slug')).toBe(SLUG);
    await page.fill('#f-organizer', 'Công đoàn Viên chức tỉnh Gia Lai');
    await page.fill('#f-date', '2025-10-20');
    await page.fill('#f-venue', 'Pleiku');
    await page.fill('#f-registration-deadline', '2025-10-10T17:00');
    await page.fill('#f-description', 'Giới thiệu mô hình và thuyết trình ý tưởng cải cách hành chính.');
  });

  it('imports the units from a CSV file', async () => {
    await page.setInputFiles('[data-testid=units-file]', { name: 'don-vi.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.locator('[data-testid=units-imported]').waitFor();
    expect(await text('[data-testid=units-imported]')).toContain('Đã thêm 3 đơn vị');
    expect(await page.locator('[data-testid=unit] span').allTextContents()).toEqual(UNITS);
  });

  it('builds a rubric round with two criteria and a direct round', async () => {
    await page.fill('#f-rounds-0-title', 'Thuyết trình');
    expect(await page.inputValue('#f-rounds-0-key')).toBe('thuyet-trinh');
    await page.fill('#f-rounds-0-weight', '2');
    await page.fill('#f-rounds-0-timeLimitSec', '7');
    await page.fill('#f-rounds-0-criteria-0-title', 'Nội dung');
    await page.fill('#f-rounds-0-criteria-0-max', '40');
    await page.click('[data-testid=add-criterion]');
    // The second criterion is left without a title: the mistake of this test.
    await page.fill('#f-rounds-0-criteria-1-max', '30');
    await page.selectOption('#f-rounds-0-criteria-1-step', '0.25');

    await page.click('[data-testid=add-round]');
    await page.fill('#f-rounds-1-title', 'Điểm thưởng');
    await page.selectOption('#f-rounds-1-kind', 'direct');
    await page.fill('#f-rounds-1-max', '10');
    await page.selectOption('#f-rounds-1-step', '0.5');

    await page.selectOption('#tiebreak-add', { label: 'Thuyết trình' });
    await page.getByRole('button', { name: 'Thêm vào thứ tự xét' }).click();
    expect(await text('[data-testid=tiebreak-list]')).toContain('Thuyết trình');
  });

  it('adds an overall prize, two teams and a judge with a conflict', async () => {
    await page.click('[data-testid=add-prize]');
    await page.fill('#f-prizes-0-title', 'Giải Nhất');
    await page.fill('#f-prizes-0-count', '1');

    await page.click('[data-testid=add-team]');
    await page.fill('#f-teams-0-name', 'Đội Sở Tư pháp');
    await page.fill('#f-teams-0-unit', UNITS[0]!);
    await page.locator('[data-testid=team-card]').nth(0).getByRole('button', { name: 'Thêm thành viên' }).click();
    await page.fill('#f-teams-0-members-0-name', 'Nguyễn Thị Lan');
    await page.fill('#f-teams-0-members-0-role', 'Đội trưởng');
    await page.click('[data-testid=add-team]');
    await page.fill('#f-teams-1-name', 'Đội Bảo hiểm xã hội');
    await page.fill('#f-teams-1-unit', UNITS[1]!);
    await page.fill('#f-teams-1-idea-title', 'Thẻ BHYT điện tử');

    await page.click('[data-testid=add-judge]');
    await page.fill('#f-judges-0-name', 'Trần Văn Bình');
    await page.fill('#f-judges-0-title', 'Trưởng ban Giám khảo');
    await page.locator('[data-testid=judge-card]').getByLabel('Đội Sở Tư pháp').check();
    expect(await text('[data-testid=save-what]')).toContain('2 phần thi, 2 đội thi, 1 giám khảo và 1 giải thưởng');
  });

  it('refuses to save with an empty criterion title and says so beside that field', async () => {
    await page.click('[data-testid=editor-save]');
    const issue = page.locator('#e-rounds-0-criteria-1-title');
    await issue.waitFor();
    expect(await issue.textContent()).toContain('Không được để trống');
    expect(await page.getAttribute('#f-rounds-0-criteria-1-title', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#f-rounds-0-criteria-1-title', 'aria-describedby')).toContain('e-rounds-0-criteria-1-title');
    // The summary at the top names the field in words and leads to it.
    const summary = page.locator('[data-testid=editor-summary]');
    expect(await summary.locator('h2').textContent()).toBe('Có 1 lỗi cần sửa');
    const link = summary.locator('li[data-path="rounds.0.criteria.1.title"] a');
    expect((await link.textContent())?.trim()).toBe('Phần thi «Thuyết trình» › Tiêu chí 2 › tên');
    await link.click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-rounds-0-criteria-1-title');
    // Nothing was sent.
    expect(new URL(page.url()).pathname).toBe('/contests/new');
    expect((await api<{ contests: unknown[] }>('/api/contests')).body.contests).toEqual([]);
  });

  it('saves once the mistake is fixed and shows the new contest', async () => {
    await page.fill('#f-rounds-0-criteria-1-title', 'Hình thức thể hiện');
    await page.locator('#e-rounds-0-criteria-1-title').waitFor({ state: 'detached' });
    expect(await page.locator('[data-testid=editor-summary]').count()).toBe(0);
    expect(await text('[data-testid=editor-save]')).toBe('Tạo hội thi');
    await page.click('[data-testid=editor-save]');
    await page.waitForURL(`**/contests/${SLUG}`);
    expect(await text('[data-testid=contest-title]')).toBe(TITLE);
    expect(await text('[data-testid=notice-text]')).toBe(`Đã tạo hội thi «${TITLE}».`);
  });

  it('exports a package with everything the form said', async () => {
    const res = await api<ContestPackage>(`/api/contests/${SLUG}/package?download=1`);
    expect(res.status).toBe(200);
    exported = res.body;
    expect(exported).toMatchObject({
      slug: SLUG,
      title: TITLE,
      organizer: 'Công đoàn Viên chức tỉnh Gia Lai',
      date: '2025-10-20',
      venue: 'Pleiku',
      locale: 'vi',
      units: UNITS,
      aggregation: { method: 'mean', trim: 0, decimals: 2 },
      tiebreak: ['round:thuyet-trinh'],
      rounds: [
        {
          key: 'thuyet-trinh',
          title: 'Thuyết trình',
          kind: 'rubric',
          weight: 2,
          timeLimitSec: 420,
          criteria: [
            { key: 'noi-dung', title: 'Nội dung', max: 40, step: 0.5 },
            { key: 'hinh-thuc-the-hien', title: 'Hình thức thể hiện', max: 30, step: 0.25 },
          ],
        },
        { key: 'diem-thuong', title: 'Điểm thưởng', kind: 'direct', weight: 1, max: 10, step: 0.5 },
      ],
      prizes: [{ key: 'giai-nhat', title: 'Giải Nhất', kind: 'overall', count: 1 }],
      teams: [
        {
          key: 'doi-so-tu-phap',
          name: 'Đội Sở Tư pháp',
          unit: UNITS[0],
          members: [{ name: 'Nguyễn Thị Lan', role: 'Đội trưởng' }],
        },
        { key: 'doi-bao-hiem-xa-hoi', name: 'Đội Bảo hiểm xã hội', unit: UNITS[1], idea: { title: 'Thẻ BHYT điện tử' } },
      ],
      judges: [{ key: 'tran-van-binh', name: 'Trần Văn Bình', title: 'Trưởng ban Giám khảo', conflicts: ['doi-so-tu-phap'] }],
    });
    // The local date and time of the form, as an instant with the browser's offset.
    expect(exported.registration?.deadline).toMatch(/^2025-10-10T17:00:00[+-]\d\d:\d\d$/);
  });

  it('imports the exported package under another slug and exports it equal', async () => {
    const created = await api<{ slug: string }>('/api/contests', {
      method: 'POST',
      body: JSON.stringify({ ...exported, slug: COPY }),
    });
    expect(created.status).toBe(201);
    const again = await api<ContestPackage>(`/api/contests/${COPY}/package`);
    expect(again.status).toBe(200);
    expect({ ...again.body, slug: SLUG }).toEqual(exported);
  });

  it('edits the contest in the editor and the change reaches the API', async () => {
    const linksBefore = await api<{ judges: { key: string; url: string | null }[] }>(`/api/contests/${SLUG}/judges`);
    await page.goto(`${server.url}/contests/${SLUG}`);
    await page.click('[data-testid=edit-link]');
    await page.waitForURL(`**/contests/${SLUG}/edit`);
    await page.locator('#f-title').waitFor();
    expect(await text('h1')).toBe('Sửa hội thi');
    // The slug does not change, and saved keys stay as they are.
    expect(await page.locator('#f-slug').count()).toBe(0);
    expect(await page.getAttribute('#f-rounds-0-key', 'readonly')).not.toBeNull();
    expect(await page.locator('[data-testid=editor-save]').isDisabled()).toBe(true);
    expect(await text('[data-testid=editor-save]')).toBe('Chưa có thay đổi');

    const title = `${TITLE} (lần 2)`;
    await page.fill('#f-title', title);
    await page.fill('#f-rounds-1-title', 'Điểm cộng');
    expect(await text('[data-testid=editor-save]')).toBe('Lưu thay đổi');
    await page.click('[data-testid=editor-save]');
    await page.waitForURL((url) => url.pathname === `/contests/${SLUG}`);
    expect(await text('[data-testid=contest-title]')).toBe(title);
    expect(await text('[data-testid=notice-text]')).toBe(`Đã lưu thay đổi của hội thi «${title}».`);

    const detail = await api<{ package: ContestPackage; hasMarks: boolean }>(`/api/contests/${SLUG}`);
    expect(detail.body.package.title).toBe(title);
    expect(detail.body.package.rounds[1]?.title).toBe('Điểm cộng');
    const unchanged = structuredClone(exported);
    unchanged.title = title;
    unchanged.rounds[1]!.title = 'Điểm cộng';
    expect(detail.body.package).toEqual(unchanged);
    // Rows are matched by key: the judge's private link survives the edit.
    const linksAfter = await api<{ judges: { key: string; url: string | null }[] }>(`/api/contests/${SLUG}/judges`);
    expect(linksBefore.body.judges[0]?.url).toBeTruthy();
    expect(linksAfter.body.judges.map((j) => j.url)).toEqual(linksBefore.body.judges.map((j) => j.url));
  });

  it('once there are marks, asks for a reason for a change that affects scores', async () => {
    const marked = await api<unknown>(`/api/contests/${SLUG}/sheets/thuyet-trinh/doi-bao-hiem-xa-hoi/tran-van-binh`, {
      method: 'PUT',
      body: JSON.stringify({ marks: { 'noi-dung': 30, 'hinh-thuc-the-hien': 20.5 }, status: 'submitted', reason: 'Phiếu giấy' }),
    });
    expect(marked.status).toBe(200);

    await page.click('[data-testid=edit-link]');
    await page.waitForURL(`**/contests/${SLUG}/edit`);
    await page.locator('[data-testid=marks-notice]').waitFor();
    expect(await text('[data-testid=marks-notice]')).toContain('phải ghi rõ lý do');
    // Saved rows cannot be removed any more.
    expect(await page.locator('[data-testid=criterion]').first().getByRole('button', { name: /^Xoá/ }).isDisabled()).toBe(true);

    await page.fill('#f-rounds-0-criteria-0-max', '50');
    expect(await text('[data-testid=editor-save]')).toBe('Lưu thay đổi (kèm lý do)');
    await page.click('[data-testid=editor-save]');
    const dialog = page.locator('[data-testid=reason-dialog]');
    await dialog.waitFor();
    // An empty reason is refused before anything is sent.
    await page.click('[data-testid=reason-confirm]');
    expect(await dialog.locator('.field-error').textContent()).toBe('Hãy ghi lý do trước khi lưu.');
    await page.fill('[data-testid=reason-text]', 'Ban Giám khảo thống nhất nâng điểm tối đa của tiêu chí Nội dung');
    await page.click('[data-testid=reason-confirm]');
    await page.waitForURL((url) => url.pathname === `/contests/${SLUG}`);
    const detail = await api<{ package: ContestPackage; hasMarks: boolean }>(`/api/contests/${SLUG}`);
    expect(detail.body.hasMarks).toBe(true);
    const round = detail.body.package.rounds[0];
    expect(round?.kind === 'rubric' ? round.criteria[0]?.max : null).toBe(50);
  });

  it('shows a change the marks forbid beside its field, and undoes it', async () => {
    await page.click('[data-testid=edit-link]');
    await page.waitForURL(`**/contests/${SLUG}/edit`);
    await page.locator('#f-rounds-0-criteria-1-max').waitFor();
    await page.fill('#f-rounds-0-criteria-1-max', '20');
    await page.click('[data-testid=editor-save]');
    const issue = page.locator('#e-rounds-0-criteria-1-max');
    await issue.waitFor();
    expect(await issue.textContent()).toContain('không thể giảm điểm tối đa (hiện là 30)');
    expect(new URL(page.url()).pathname).toBe(`/contests/${SLUG}/edit`);
    await issue.getByRole('button', { name: 'Hoàn tác thay đổi này' }).click();
    expect(await page.inputValue('#f-rounds-0-criteria-1-max')).toBe('30');
    await issue.waitFor({ state: 'detached' });
    expect(await text('[data-testid=editor-save]')).toBe('Chưa có thay đổi');
  });

  it('logged no console error or uncaught exception', () => {
    expect(suite.problems).toEqual([]);
  });
});
