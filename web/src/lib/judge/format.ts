/** Times and countdowns on the tablet. */

/** A moment as HH:MM:SS, in the reader's language and time zone. */
export function timeOf(iso: string, tag: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(d);
}

/** A moment with its date, short: for the receipts list. */
export function dateTimeOf(iso: string, tag: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(tag, {
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(d);
}

/** Milliseconds left as m:ss (rounded up, so 0:00 means the time is really up). */
export function countdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

/** Now, as an ISO timestamp. */
export const nowIso = () => new Date().toISOString();
