/**
 * Keys and slugs made from Vietnamese titles: "Hội thi cải cách" → "hoi-thi-cai-cach".
 * A key is `[a-z0-9-]{1,64}` and unique within its list (docs/scoring.md §1).
 */

import { foldKey } from '$contract/text';

/** Folds Vietnamese text to a-z, 0-9 and single dashes, cut at `max` characters (the contract's). */
export { foldKey };

/** The slug suggested for a contest title (3–64 characters when the title allows). */
export function suggestSlug(title: string): string {
  return foldKey(title, 64);
}

/** `base`, or `base-2`, `base-3`, … : the first one not in `taken`. */
export function uniqueKey(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * Keys for a list: rows with a key of their own keep it; the others get one made from their
 * title (or `fallback`), unique among every key of the list.
 */
export function assignKeys<R extends { uid: string; key: string; autoKey: boolean }>(
  rows: readonly R[],
  title: (row: R) => string,
  fallback: string,
  into: Map<string, string>,
): void {
  const taken = new Set(rows.filter((r) => !r.autoKey).map((r) => r.key));
  for (const row of rows) {
    if (!row.autoKey) {
      into.set(row.uid, row.key);
      continue;
    }
    const key = uniqueKey(foldKey(title(row)) || fallback, taken);
    taken.add(key);
    into.set(row.uid, key);
  }
}
