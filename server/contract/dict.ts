/**
 * User-supplied keys (criterion, round, team, judge, prize, question keys) are data, never
 * properties: a record keyed by them is built without a prototype and read with Object.hasOwn,
 * so that a key such as "constructor" or "__proto__" reads its own value or nothing.
 * Browser-safe (the web app shares it).
 */

/** A null-prototype record, optionally filled from entries. */
export function dict<V>(entries: Iterable<readonly [string, V]> = []): Record<string, V> {
  const out = Object.create(null) as Record<string, V>;
  for (const [k, v] of entries) out[k] = v;
  return out;
}

/** The record's own value for a key; undefined when the record lacks it (never an inherited one). */
export function own<V>(record: Readonly<Record<string, V>> | null | undefined, key: string): V | undefined {
  return record != null && Object.hasOwn(record, key) ? record[key] : undefined;
}
