/**
 * The reader's language: Vietnamese unless they chose English. Kept in localStorage and in the
 * `hoithi_lang` cookie, by which the server words its error messages, and on <html lang>.
 */
import type { Lang } from '$contract/errors';
import { en } from './en';
import { formatDate, formatDateTime } from './format';
import { vi, type Messages } from './vi';

export type { Lang, Messages };

const STORAGE_KEY = 'hoithi_lang';
const COOKIE = 'hoithi_lang';
const CATALOGS: Record<Lang, Messages> = { vi, en };

function isLang(value: unknown): value is Lang {
  return value === 'vi' || value === 'en';
}

function readCookie(): string | undefined {
  return document.cookie
    .split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === COOKIE)?.[1];
}

function storedLang(): Lang {
  if (typeof window === 'undefined') return 'vi';
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (isLang(saved)) return saved;
  } catch {
    // Storage may be disabled (private mode, policy): the cookie still remembers.
  }
  const cookie = readCookie();
  return isLang(cookie) ? cookie : 'vi';
}

export class Locale {
  lang = $state<Lang>('vi');
  /** The catalog of the current language. */
  t = $derived<Messages>(CATALOGS[this.lang]);
  /** BCP 47 tag for Intl formatting. */
  tag = $derived(this.lang === 'vi' ? 'vi-VN' : 'en-GB');

  constructor() {
    this.lang = storedLang();
    this.persist();
  }

  set(lang: Lang) {
    this.lang = lang;
    this.persist();
  }

  private persist() {
    if (typeof window === 'undefined') return;
    try {
      window.localStorage.setItem(STORAGE_KEY, this.lang);
    } catch {
      // See storedLang().
    }
    document.cookie = `${COOKIE}=${this.lang}; path=/; max-age=31536000; SameSite=Lax`;
    document.documentElement.lang = this.lang;
  }

  /** A number as the reader writes it: 0,5 in Vietnamese, 0.5 in English. */
  number(n: number, maxDecimals = 2): string {
    return new Intl.NumberFormat(this.tag, { maximumFractionDigits: maxDecimals }).format(n);
  }

  /** A calendar date `YYYY-MM-DD`, written out in the reader's language. */
  date(iso: string): string {
    return formatDate(iso, this.tag);
  }

  /** A moment (ISO timestamp) in the reader's time zone. */
  dateTime(iso: string): string {
    return formatDateTime(iso, this.tag);
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
