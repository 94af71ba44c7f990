/**
 * Dates, times, points and countdowns as hoithi writes them, on the server (PDF, CSV, XLSX) and in
 * the web app alike. Moments are shown in the venue's time zone (Viet Nam), whatever the time zone
 * of the server or of the reader's device, in the Vietnamese administrative style (Nghị định
 * 30/2020/NĐ-CP: "ngày 05 tháng 02 năm 2026", a zero before days below 10 and months 1 and 2).
 * A calendar date `YYYY-MM-DD` is that day, never shifted by a time zone.
 */
import type { Lang } from './errors.js';

export const VENUE_TIME_ZONE = 'Asia/Ho_Chi_Minh';
/** The venue's offset as printed beside a timestamp. */
export const VENUE_OFFSET_LABEL = 'GMT+7';

/** A moment: an ISO timestamp, epoch milliseconds or a Date; or a calendar date `YYYY-MM-DD`. */
export type Moment = string | number | Date;

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday. */
  weekday: number;
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const VI_WEEKDAYS = ['Chủ Nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
const EN_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const EN_MONTHS = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' });

let venueParts: Intl.DateTimeFormat | undefined;

/** The parts of a moment in the venue's time zone (of a calendar date: that day at 00:00), or null. */
function partsOf(value: Moment): Parts | null {
  if (typeof value === 'string') {
    const m = CALENDAR_DATE.exec(value);
    if (m) {
      const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
      return Number.isNaN(weekday) ? null : { year, month, day, hour: 0, minute: 0, second: 0, weekday };
    }
  }
  const at = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(at.getTime())) return null;
  venueParts ??= new Intl.DateTimeFormat('en-US', {
    timeZone: VENUE_TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    weekday: 'short',
  });
  const get = (type: Intl.DateTimeFormatPartTypes) => venueParts!.formatToParts(at).find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
    second: Number(get('second')),
    weekday: WEEKDAYS.indexOf(get('weekday')),
  };
}

const two = (n: number) => String(n).padStart(2, '0');
const enMonth = (month: number) => EN_MONTHS.format(Date.UTC(2000, month - 1, 1));
const fallback = (value: Moment) => (value instanceof Date ? value.toISOString() : String(value));

/** "ngày 05 tháng 02 năm 2026", "ngày 20 tháng 9 năm 2019" / "20 September 2019". */
export function longDate(value: Moment, lang: Lang): string {
  const p = partsOf(value);
  if (!p) return fallback(value);
  if (lang === 'en') return `${p.day} ${enMonth(p.month)} ${p.year}`;
  return `ngày ${two(p.day)} tháng ${p.month <= 2 ? two(p.month) : p.month} năm ${p.year}`;
}

/** "20/09/2019" / "20 September 2019". */
export function shortDate(value: Moment, lang: Lang): string {
  const p = partsOf(value);
  if (!p) return fallback(value);
  return lang === 'en' ? longDate(value, lang) : `${two(p.day)}/${two(p.month)}/${p.year}`;
}

/** "16:05 ngày 20/09/2019 (GMT+7)" / "2019-09-20 16:05 (GMT+7)": for documents read anywhere. */
export function timestamp(value: Moment, lang: Lang): string {
  const p = partsOf(value);
  if (!p) return fallback(value);
  const time = `${two(p.hour)}:${two(p.minute)}`;
  return lang === 'en'
    ? `${p.year}-${two(p.month)}-${two(p.day)} ${time} (${VENUE_OFFSET_LABEL})`
    : `${time} ngày ${two(p.day)}/${two(p.month)}/${p.year} (${VENUE_OFFSET_LABEL})`;
}

/** "09:15:03": a moment to the second (receipts, answers, logs). */
export function clockTime(value: Moment): string {
  const p = partsOf(value);
  return p ? `${two(p.hour)}:${two(p.minute)}:${two(p.second)}` : fallback(value);
}

/** "20/09 09:15:03": a moment of the contest day with its day, short (the judge's receipts). */
export function dayTime(value: Moment): string {
  const p = partsOf(value);
  return p ? `${two(p.day)}/${two(p.month)} ${clockTime(value)}` : fallback(value);
}

/** "16:05, ngày 20/09/2019" / "20 September 2019, 16:05": a moment in running text. */
export function dateTime(value: Moment, lang: Lang): string {
  const p = partsOf(value);
  if (!p) return fallback(value);
  const time = `${two(p.hour)}:${two(p.minute)}`;
  return lang === 'en' ? `${longDate(value, lang)}, ${time}` : `${time}, ${shortDate(value, lang)}`;
}

/** "17:00, Thứ Ba, ngày 10 tháng 9 năm 2019" / "Tuesday 10 September 2019 at 17:00": a deadline. */
export function moment(value: Moment, lang: Lang): string {
  const p = partsOf(value);
  if (!p) return fallback(value);
  const time = `${two(p.hour)}:${two(p.minute)}`;
  return lang === 'en'
    ? `${EN_WEEKDAYS[p.weekday]} ${longDate(value, lang)} at ${time}`
    : `${time}, ${VI_WEEKDAYS[p.weekday]}, ${longDate(value, lang)}`;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/**
 * Points with a fixed number of decimals, so that columns line up: "72,17" in Vietnamese, "72.17"
 * in English. The scoring engine has already rounded half-up to these decimals.
 */
export function points(n: number, decimals: number, lang: Lang): string {
  const id = `${lang}/${decimals}`;
  let f = numberFormats.get(id);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
      minimumFractionDigits: decimals,
      maximumFractionDigits: decimals,
    });
    numberFormats.set(id, f);
  }
  return f.format(n);
}

/** "4:05": milliseconds left as m:ss, rounded up, so that 0:00 means the time is really up. */
export function countdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${two(total % 60)}`;
}
