/** The organizer's filters of registrations, and small words about a team. */
import type { TeamStatus } from '$contract/package';

export const STATUSES = ['pending', 'active', 'rejected', 'withdrawn', 'disqualified'] as const satisfies readonly TeamStatus[];
export const FILTERS = ['all', ...STATUSES] as const;
export type Filter = (typeof FILTERS)[number];

/** A phone number as stored (digits from 0) grouped for reading: 0912 345 678, 0269 382 4567. */
export function formatPhone(phone: string): string {
  if (/^0\d{9,10}$/.test(phone)) return `${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`;
  return phone;
}
