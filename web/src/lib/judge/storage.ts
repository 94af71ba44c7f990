/**
 * Durable storage of the tablet: localStorage, which works over plain http on a LAN address (no
 * service worker, no secure context needed) and survives reloads and closed tabs. Every key is
 * scoped to one contest and one judge, so two judges sharing a tablet never mix their sheets.
 */
const PREFIX = 'hoithi.judge.v1';

export const storageKey = (scope: string, part: string) => `${PREFIX}.${scope}.${part}`;
export const LAST_SCOPE_KEY = `${PREFIX}.last`;

export function readJson<T>(key: string): T | null {
  try {
    const raw = window.localStorage.getItem(key);
    return raw === null ? null : (JSON.parse(raw) as T);
  } catch {
    return null;
  }
}

/** Writes at once; false when storage is full or disabled (the caller still holds the data in memory). */
export function writeJson(key: string, value: unknown): boolean {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    return false;
  }
}

export function removeKey(key: string): void {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // Nothing to do.
  }
}
