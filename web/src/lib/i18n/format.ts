/** Dates for reading, by Intl in the reader's language. */

/** A calendar date `YYYY-MM-DD`: the day itself, whatever the reader's time zone. */
export function formatDate(iso: string, tag: string): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** A moment (ISO timestamp) in the reader's time zone. */
export function formatDateTime(iso: string, tag: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeStyle: 'short' }).format(d);
}
