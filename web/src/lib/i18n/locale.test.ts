/** The reader's language: Vietnamese first, English fetched when chosen, the choice kept on the device. */
import { afterEach, describe, expect, it } from 'vitest';
import { FakeStorage, installBrowser, uninstallBrowser } from '$lib/testing/browser-fakes';
import { Locale, loadCatalog } from './locale.svelte';

function browser(storage = new FakeStorage()) {
  const b = installBrowser(storage);
  Object.assign(b.document, { cookie: '', documentElement: { lang: '' } });
  return b;
}
const htmlLang = () => (document as unknown as { documentElement: { lang: string } }).documentElement.lang;

describe('Locale', () => {
  afterEach(() => uninstallBrowser([]));

  it('starts in Vietnamese with nothing to fetch', async () => {
    browser();
    const locale = new Locale();
    await locale.ready;
    expect(locale.lang).toBe('vi');
    expect(locale.t.app.signOut).toBe('Đăng xuất');
    expect(htmlLang()).toBe('vi');
  });

  it('switches to English once its catalog is here, and remembers the choice', async () => {
    const b = browser();
    const locale = new Locale();
    const switching = locale.set('en');
    expect(locale.lang).toBe('vi');
    expect(await switching).toBe(true);
    expect(locale.lang).toBe('en');
    expect(locale.t.app.signOut).toBe('Sign out');
    expect(b.storage.getItem('hoithi_lang')).toBe('en');
    expect(document.cookie).toContain('hoithi_lang=en');
    expect(htmlLang()).toBe('en');

    // The next page load on this device starts in English before its first render.
    browser(b.storage);
    const again = new Locale();
    await again.ready;
    expect(again.lang).toBe('en');
    expect(again.t.app.signOut).toBe('Sign out');
  });

  it("follows a contest's language only until the reader chooses", async () => {
    browser();
    const locale = new Locale();
    await locale.suggest('en');
    expect(locale.lang).toBe('en');
    await locale.set('vi');
    await locale.suggest('en');
    expect(locale.lang).toBe('vi');
  });

  it('lets the latest choice win when an earlier catalog arrives later', async () => {
    browser();
    const locale = new Locale();
    const first = locale.set('en');
    const second = locale.set('vi');
    await Promise.all([first, second]);
    expect(locale.lang).toBe('vi');
    expect(locale.t.app.signOut).toBe('Đăng xuất');
  });

  it("fetches the console's part only for a page that needs it, then in every language", async () => {
    browser();
    const locale = new Locale();
    await locale.ready;
    expect((locale.t as Partial<typeof locale.t>).editor).toBeUndefined();
    await locale.need('console');
    expect(locale.t.editor.newContest).toBe('Tạo hội thi');
    expect(locale.t.app.signOut).toBe('Đăng xuất');
    await locale.set('en');
    expect(locale.t.editor.newContest).toBe('New contest');
    expect(locale.t.review).toBeDefined();
  });

  it("fetches an area's words only for a page that reads them, and a language's whole catalog on request", async () => {
    browser();
    const locale = new Locale();
    await locale.ready;
    expect((locale.t as Partial<typeof locale.t>).live).toBeUndefined();
    // The live connection's words are in the base, for the pages that skip the live area.
    expect(locale.t.connection.liveNow).toBe('Trực tiếp');
    await locale.need('live', 'closing');
    expect(locale.t.live.scenes.quiz).toBe('Câu hỏi');
    expect(locale.t.closing).toBeDefined();
    expect((locale.t as Partial<typeof locale.t>).quiz).toBeUndefined();
    const en = await locale.catalogIn('en');
    expect(en.live.scenes.quiz).toBe('Question');
    expect(en.connection.liveNow).toBe('Live');
    expect(locale.lang).toBe('vi');
    await locale.set('en');
    expect(locale.t.live.scenes.quiz).toBe('Question');
    expect(locale.t.connection.liveNow).toBe('Live');
    expect(locale.t.app.signOut).toBe('Sign out');
  });

  it("merges an area that comes in parts: the team's words first, the organizers' when a page asks", async () => {
    browser();
    const locale = new Locale();
    await locale.ready;
    await locale.need('quiz', 'registration');
    expect(locale.t.quiz.team.confirm).toBe('Gửi đáp án');
    expect(locale.t.registration.team.edit).toBe('Sửa hồ sơ');
    expect((locale.t.quiz as Partial<typeof locale.t.quiz>).host).toBeUndefined();
    expect((locale.t.registration as Partial<typeof locale.t.registration>).form).toBeUndefined();
    await locale.need('quizDesk', 'registrationForm');
    expect(locale.t.quiz.team.confirm).toBe('Gửi đáp án');
    expect(locale.t.quiz.bank.title).toBe('Ngân hàng câu hỏi');
    expect(locale.t.registration.team.edit).toBe('Sửa hồ sơ');
    expect(locale.t.registration.form).toBeDefined();
    await locale.set('en');
    expect(locale.t.quiz.team.confirm).toBe('Send the answer');
    expect(locale.t.quiz.bank.title).toBe('Question bank');
    expect(locale.t.quiz.common).toBeDefined();
    expect(locale.t.registration.statuses).toBeDefined();
    expect(locale.t.registration.page).toBeDefined();
  });

  it('fetches a catalog once', async () => {
    expect(await loadCatalog('en')).toBe(await loadCatalog('en'));
  });
});
