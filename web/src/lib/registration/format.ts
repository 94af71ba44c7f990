/** A moment (the registration deadline, when a team registered) as people say it, in the reader's own time zone. */
import type { Lang } from '$contract/errors';

const two = (n: number) => String(n).padStart(2, '0');

/** "17:00, Thứ Ba, ngày 10 tháng 9 năm 2019" / "Tuesday 10 September 2019 at 17:00". */
export function momentText(iso: string, lang: Lang): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (lang === 'en') return new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short' }).format(d);
  const weekday = new Intl.DateTimeFormat('vi-VN', { weekday: 'long' }).format(d);
  const day = `ngày ${d.getDate()} tháng ${d.getMonth() + 1} năm ${d.getFullYear()}`;
  return `${two(d.getHours())}:${two(d.getMinutes())}, ${weekday}, ${day}`;
}
