/**
 * The reader's language: Vietnamese unless they chose English. Kept in localStorage and in the
 * `hoithi_lang` cookie, by which the server words its error messages, and on <html lang>.
 */
import type { Lang } from '$contract/errors';
import { en } from './en';
import { dateTime, longDate, moment } from '$contract/format';
import { vi, type Messages } from './vi';

export type { Lang, Messages };

const STORAGE_KEY = 'hoithi_lang';
const COOKIE = 'hoithi_lang';
const CATALOGS: Record<Lang, Messages> = { vi, en };

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
  /** The catalog of the current language. */
  t = $derived<Messages>(CATALOGS[this.lang]);
  /** BCP 47 tag for Intl formatting. */
  tag = $derived(this.lang === 'vi' ? 'vi-VN' : 'en-GB');

  /** The reader picked a language on this device: a contest's default no longer applies. */
  private chosen = false;

  constructor() {
    const saved = storedLang();
    this.chosen = saved !== null;
    this.lang = saved ?? 'vi';
    this.mirror();
  }

  set(lang: Lang) {
    this.lang = lang;
    this.chosen = true;
    this.persist();
  }

  /** A public page's contest speaks this language by default; the reader's own choice wins. */
  suggest(lang: Lang) {
    if (this.chosen || this.lang === lang) return;
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
