/** Items by their key, for lookups that never change (a contest's rounds, teams, prizes, judges). */
export function indexBy<T extends { key: string }>(items: readonly T[]): ReadonlyMap<string, T> {
  return new Map(items.map((item) => [item.key, item]));
}
