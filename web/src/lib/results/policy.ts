/**
 * The scoring policy in plain words, shared by the organizer's results page and the public
 * contest page. The words are the catalog's `policy` messages, the same as the contest page's
 * PolicySection, so the organizer and the public read exactly the same sentences.
 */
import type { Policy } from '$contract/results';
import type { Messages } from '$lib/i18n/vi';

export type Aggregation = Policy['aggregation'];

/** A round as the policy needs it; `max` is null when the reader may not know it. */
export interface PolicyRound {
  key: string;
  title: string;
  weight: number;
  max: number | null;
}

export interface PolicyPrize {
  key: string;
  title: string;
  kind: 'overall' | 'round_best' | 'audience' | 'special' | string;
  count: number;
}

/** How the judges' sheet totals become a round score, in one sentence. */
export function methodText(t: Messages, aggregation: Aggregation): string {
  const m = t.policy.methods;
  if (aggregation.method === 'median') return m.median;
  if (aggregation.method === 'trimmed_mean' && aggregation.trim > 0) return m.trimmed_mean(aggregation.trim);
  return m.mean;
}

/** Each `round:<key>` of the tie-break, by the round's title. */
export function tiebreakTitles(
  t: Messages,
  tiebreak: readonly string[],
  rounds: readonly { key: string; title: string }[],
): string[] {
  const titles = new Map(rounds.map((r) => [r.key, r.title]));
  return tiebreak.map((entry) => {
    const key = entry.startsWith('round:') ? entry.slice('round:'.length) : entry;
    return titles.get(key) ?? t.policy.unknownRound(key);
  });
}

export function prizeCounts(prizes: readonly PolicyPrize[]): { overall: number; side: number } {
  let overall = 0;
  let side = 0;
  for (const p of prizes) {
    if (p.kind === 'overall') overall += p.count;
    else side += p.count;
  }
  return { overall, side };
}
