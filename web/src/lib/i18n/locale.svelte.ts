/**
 * The reader's language: Vietnamese unless they chose English. Kept in localStorage and in the
 * `hoithi_lang` cookie, by which the server words its error messages, and on <html lang>.
 *
 * Vietnamese base messages (the app's frame, errors, the console's small pages) are in every
 * page's first load; each area's messages are a chunk of their own per language, fetched by the
 * pages that read them (`need`, awaited in their load functions), and the English base catalog
 * is fetched when English is chosen or suggested (and awaited by the root layout before the first
 * render), so that the phones and the big screen download neither a language nobody reads nor the
 * console's words.
 */
import { untrack } from 'svelte';
import type { Lang } from '$contract/errors';
import { dateTime, longDate, moment } from '$contract/format';
import type { closingVi } from './areas/closing';
import type { closingDeskVi } from './areas/closing-desk';
import type { liveVi } from './areas/live';
import type { liveDeskVi } from './areas/live-desk';
import type { quizVi } from './areas/quiz';
import type { quizDeskVi } from './areas/quiz-desk';
import type { registrationVi } from './areas/registration';
import type { registrationFormVi } from './areas/registration-form';
import { vi, type AreaMessages, type BaseMessages, type ConsoleMessages, type ContestMessages, type Messages } from './vi';

export type { BaseMessages, Lang, Messages };

const STORAGE_KEY = 'hoithi_lang';
const COOKIE = 'hoithi_lang';

/** The parts of a catalog beyond its base, and the messages each brings. */
interface PartMessages {
  console: ConsoleMessages;
  contest: ContestMessages;
  judge: Pick<AreaMessages, 'judge'>;
  /** The big screen's, the phones' and the overlay's words of the live room. */
  live: { live: typeof liveVi };
  /** The host's and the console's words of the live room (merged into `live`). */
  liveDesk: { live: typeof liveDeskVi };
  /** What every board says of results not closed yet. */
  closing: { closing: typeof closingVi };
  /** The host's lock, unlock and reveal checklist (merged into `closing`). */
  closingDesk: { closing: typeof closingDeskVi };
  results: Pick<AreaMessages, 'results'>;
  /** The team's and the big screen's words of the knowledge round. */
  quiz: { quiz: typeof quizVi };
  /** The host's and the question bank's words of the knowledge round (merged into `quiz`). */
  quizDesk: { quiz: typeof quizDeskVi };
  /** The statuses and the team's card. */
  registration: { registration: typeof registrationVi };
  /** The registration form and the pages around it (merged into `registration`). */
  registrationForm: { registration: typeof registrationFormVi };
}
/** A part of the catalog that only some pages read. */
export type AreaPart = keyof PartMessages;
/** A catalog comes in parts: what every page says, and what only some pages say. */
export type CatalogPart = 'base' | AreaPart;

/** Typed per part, so that a language missing a part or one of its areas is a type error. */
type PartLoaders = { [P in AreaPart]: () => Promise<PartMessages[P]> };
const VI_PARTS: PartLoaders = {
  console: () => import('./console-vi').then((m) => m.consoleVi),
  contest: () => import('./contest-vi').then((m) => m.contestVi),
  judge: () => import('./areas/judge').then((m) => ({ judge: m.judgeVi })),
  live: () => import('./areas/live').then((m) => ({ live: m.liveVi })),
  closing: () => import('./areas/closing').then((m) => ({ closing: m.closingVi })),
  results: () => import('./areas/results').then((m) => ({ results: m.resultsVi })),
  quiz: () => import('./areas/quiz').then((m) => ({ quiz: m.quizVi })),
  registration: () => import('./areas/registration').then((m) => ({ registration: m.registrationVi })),
  liveDesk: () => import('./areas/live-desk').then((m) => ({ live: m.liveDeskVi })),
  closingDesk: () => import('./areas/closing-desk').then((m) => ({ closing: m.closingDeskVi })),
  quizDesk: () => import('./areas/quiz-desk').then((m) => ({ quiz: m.quizDeskVi })),
  registrationForm: () => import('./areas/registration-form').then((m) => ({ registration: m.registrationFormVi })),
};
const EN_PARTS: PartLoaders = {
  console: () => import('./console-en').then((m) => m.consoleEn),
  contest: () => import('./contest-en').then((m) => m.contestEn),
  judge: () => import('./areas/en/judge').then((m) => ({ judge: m.judgeEn })),
  live: () => import('./areas/en/live').then((m) => ({ live: m.liveEn })),
  closing: () => import('./areas/en/closing').then((m) => ({ closing: m.closingEn })),
  results: () => import('./areas/en/results').then((m) => ({ results: m.resultsEn })),
  quiz: () => import('./areas/en/quiz').then((m) => ({ quiz: m.quizEn })),
  registration: () => import('./areas/en/registration').then((m) => ({ registration: m.registrationEn })),
  liveDesk: () => import('./areas/en/live-desk').then((m) => ({ live: m.liveDeskEn })),
  closingDesk: () => import('./areas/en/closing-desk').then((m) => ({ closing: m.closingDeskEn })),
  quizDesk: () => import('./areas/en/quiz-desk').then((m) => ({ quiz: m.quizDeskEn })),
  registrationForm: () => import('./areas/en/registration-form').then((m) => ({ registration: m.registrationFormEn })),
};
const LOADERS: Record<Lang, Record<CatalogPart, () => Promise<object>>> = {
  vi: { base: () => Promise.resolve(vi), ...VI_PARTS },
  en: { base: () => import('./en').then((m) => m.en), ...EN_PARTS },
};
const loading: Record<string, Promise<object>> = {};

/** A part of a language's catalog, fetched once (a failed fetch is tried again the next time). */
export function loadCatalog(lang: Lang): Promise<BaseMessages>;
export function loadCatalog(lang: Lang, part: CatalogPart): Promise<object>;
export function loadCatalog(lang: Lang, part: CatalogPart = 'base'): Promise<object> {
  const key = `${lang}:${part}`;
  let catalog = loading[key];
  if (!catalog) {
    catalog = LOADERS[lang][part]();
    catalog.catch(() => delete loading[key]);
    loading[key] = catalog;
  }
  return catalog;
}

/**
 * A language's catalog made of `parts`, each fetched once. An area may come in several parts (the
 * team's words and the organizers'): their sections are merged under the area's key.
 */
async function assemble(lang: Lang, parts: readonly CatalogPart[]): Promise<Messages> {
  const loaded = await Promise.all(parts.map((part) => loadCatalog(lang, part)));
  const catalog: Record<string, unknown> = {};
  for (const part of loaded)
    for (const [key, value] of Object.entries(part)) {
      const had = catalog[key];
      catalog[key] = isSections(had) && isSections(value) ? { ...had, ...value } : value;
    }
  return catalog as unknown as Messages;
}

/** An area's sections (not a message, which is a string or a function). */
function isSections(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function isLang(value: unknown): value is Lang {
  return value === 'vi' || value === 'en';
}

/** The language the reader chose on this device, if any (kept in localStorage). */
function storedLang(): Lang | null {
  if (typeof window === 'undefined') return null;
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (isLang(saved)) return saved;
  } catch {
    // Storage may be disabled (private mode, policy): then the choice lasts for the page only.
  }
  return null;
}

export class Locale {
  lang = $state<Lang>('vi');
  /**
   * The catalog of each language fetched so far, with the parts asked for. Typed as whole: a part
   * is missing only on pages that never read it (each page's load awaits `need(...)` for its own).
   */
  private catalogs = $state.raw<Partial<Record<Lang, Messages>>>({ vi: vi as Messages });
  /** The catalog of the current language (`lang` changes only once its catalog is here). */
  t = $derived<Messages>(this.catalogs[this.lang] ?? (vi as Messages));
  /** The parts the pages opened so far need, in every language switched to later. */
  private parts: readonly CatalogPart[] = ['base'];
  /** The parts each language's catalog in `catalogs` was put together from. */
  private built: Partial<Record<Lang, readonly CatalogPart[]>> = { vi: ['base'] };
  /** BCP 47 tag for Intl formatting. */
  tag = $derived(this.lang === 'vi' ? 'vi-VN' : 'en-GB');

  /** The reader picked a language on this device: a contest's default no longer applies. */
  private chosen = false;

  /** Settles once the catalog of the language this device starts in is here (the root layout awaits it). */
  readonly ready: Promise<void>;

  constructor() {
    const saved = storedLang();
    this.chosen = saved !== null;
    this.ready = saved && saved !== 'vi' ? this.switchTo(saved).catch(() => this.mirror()) : Promise.resolve(this.mirror());
  }

  /**
   * The reader picked a language: it is remembered on this device, and shown once its catalog is
   * here. False when the catalog could not be fetched (the page stays in its language).
   */
  async set(lang: Lang): Promise<boolean> {
    try {
      await this.switchTo(lang);
    } catch {
      return false;
    }
    this.chosen = true;
    this.persist();
    return true;
  }

  /** A public page's contest speaks this language by default; the reader's own choice wins. */
  async suggest(lang: Lang): Promise<void> {
    if (this.chosen || this.lang === lang) return;
    // Not fetched (offline): the page stays in the language it has.
    await this.switchTo(lang).catch(() => undefined);
  }

  /** A page needs parts of the catalog: they are fetched for the current language (and any later one). */
  async need(...parts: AreaPart[]): Promise<void> {
    // Already shown (a later page of the same kind): nothing to fetch, nothing re-rendered. Read
    // untracked: a template that awaits `need` does not run again when the language changes.
    const shown = untrack(() => (this.lang === this.target ? this.built[this.lang] : undefined));
    if (shown && parts.every((part) => shown.includes(part))) return;
    this.parts = [...this.parts, ...parts.filter((part) => !this.parts.includes(part))];
    await this.switchTo(this.target);
  }

  /** A language's catalog with the parts this device's pages need, without switching to it. */
  catalogIn(lang: Lang): Promise<Messages> {
    return assemble(lang, this.parts);
  }

  /** The latest switch asked for; an earlier one whose catalog arrives later does not win. */
  private switching = 0;

  /** The language last asked for (shown once its catalog is here). */
  private target: Lang = 'vi';

  private async switchTo(lang: Lang): Promise<void> {
    this.target = lang;
    const ticket = ++this.switching;
    const parts = this.parts;
    const catalog = await assemble(lang, parts);
    if (ticket !== this.switching) return;
    this.built = { ...this.built, [lang]: parts };
    this.catalogs = { ...this.catalogs, [lang]: catalog };
    this.lang = lang;
    this.mirror();
  }

  /** Remembers the reader's choice on this device. */
  private persist() {
    if (typeof window === 'undefined') return;
    try {
      window.localStorage.setItem(STORAGE_KEY, this.lang);
    } catch {
      // See storedLang().
    }
    this.mirror();
  }

  /** The server words its messages by the cookie; <html lang> tells the browser and screen readers. */
  private mirror() {
    if (typeof document === 'undefined') return;
    document.cookie = `${COOKIE}=${this.lang}; path=/; max-age=31536000; SameSite=Lax`;
    document.documentElement.lang = this.lang;
  }

  /** A number as the reader writes it: 0,5 in Vietnamese, 0.5 in English. */
  number(n: number, maxDecimals = 2): string {
    return new Intl.NumberFormat(this.tag, { maximumFractionDigits: maxDecimals }).format(n);
  }

  /** A calendar date `YYYY-MM-DD`: "ngày 20 tháng 9 năm 2019" / "20 September 2019". */
  date(iso: string): string {
    return longDate(iso, this.lang);
  }

  /** A moment (ISO timestamp) in the venue's time: "16:05, 20/09/2019" / "20 September 2019, 16:05". */
  dateTime(iso: string): string {
    return dateTime(iso, this.lang);
  }

  /** A deadline in running text: "17:00, Thứ Ba, ngày 10 tháng 9 năm 2019". */
  moment(iso: string): string {
    return moment(iso, this.lang);
  }

  /** A duration in seconds: "5 phút", "1 phút 30 giây" / "5 min", "1 min 30 s". */
  duration(totalSeconds: number): string {
    const minutes = Math.floor(totalSeconds / 60);
    const seconds = totalSeconds % 60;
    const parts: string[] = [];
    if (minutes > 0) parts.push(this.t.units.minutes(minutes));
    if (seconds > 0 || minutes === 0) parts.push(this.t.units.seconds(seconds));
    return parts.join(' ');
  }

  /** A size in bytes, for a chosen file. */
  bytes(n: number): string {
    if (n < 1024) return `${n} B`;
    if (n < 1024 * 1024) return `${this.number(n / 1024, 1)} KB`;
    return `${this.number(n / (1024 * 1024), 1)} MB`;
  }
}

export const locale = new Locale();
