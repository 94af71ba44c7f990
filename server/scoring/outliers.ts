/**
 * Flags a judge whose sheet total stands far from the rest of the panel, so the jury can talk
 * before the round is locked. Advisory only: it changes no score. Exact like the rest of the
 * engine: a judge is flagged when (x − m)² > k² · max(s², floor²), where m is the mean of the
 * OTHER judges' totals and s² the population variance of the whole panel. Measuring the distance
 * from the others' mean lets a lone outlier stand out (with 5 judges, a distance from the mean of
 * a panel that includes it can never reach 2 standard deviations), while the whole panel's
 * spread keeps an evenly spread panel quiet; the floor keeps a unanimous panel from flagging a
 * half-point difference.
 */
import { compare, divInt, fromDecimalString, fromHundredths, mul, sub, sum, max, type Rational } from './rational.js';

export interface PanelSheet {
  judge: string;
  totalHundredths: number;
}

export interface Outlier {
  judge: string;
  totalHundredths: number;
  /** Mean of the other judges, rounded to hundredths for display. */
  othersMeanHundredths: number;
}

/** Default spread below which nobody is flagged: one point. */
export const DEFAULT_FLOOR_HUNDREDTHS = 100;

export function panelOutliers(
  sheets: readonly PanelSheet[],
  tolerance: string,
  floorHundredths = DEFAULT_FLOOR_HUNDREDTHS,
): Outlier[] {
  // At least three other judges are needed to speak of a panel.
  if (sheets.length < 4) return [];
  const k = fromDecimalString(tolerance);
  const k2 = mul(k, k);
  const floor = fromHundredths(floorHundredths);
  const floor2 = mul(floor, floor);
  const all = sheets.map((o) => fromHundredths(o.totalHundredths));
  const mean = divInt(sum(all), all.length);
  const variance = divInt(sum(all.map((x) => square(sub(x, mean)))), all.length);
  const limit = mul(k2, max(variance, floor2));
  const out: Outlier[] = [];
  sheets.forEach((s, i) => {
    const others = all.filter((_, j) => j !== i);
    const m = divInt(sum(others), others.length);
    const d2 = square(sub(fromHundredths(s.totalHundredths), m));
    if (compare(d2, limit) > 0) {
      out.push({ judge: s.judge, totalHundredths: s.totalHundredths, othersMeanHundredths: Number((m.num * 100n) / m.den) });
    }
  });
  return out;
}

function square(r: Rational): Rational {
  return mul(r, r);
}
