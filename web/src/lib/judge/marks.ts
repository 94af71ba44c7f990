/** Mark arithmetic in hundredths (the server's unit), so that 0.5 steps never drift. */
import type { Criterion } from './api';

export type Marks = Record<string, number>;

export const toH = (n: number) => Math.round(n * 100);
export const fromH = (h: number) => h / 100;

/** The nearest multiple of the step within [0, max]. */
export function snap(value: number, c: Criterion): number {
  const step = toH(c.step);
  const max = toH(c.max);
  const h = Math.min(max, Math.max(0, Math.round(toH(value) / step) * step));
  return fromH(h);
}

export function stepUp(value: number | undefined, c: Criterion): number {
  if (value === undefined) return snap(c.step, c);
  return fromH(Math.min(toH(c.max), toH(value) + toH(c.step)));
}

export function stepDown(value: number | undefined, c: Criterion): number {
  if (value === undefined) return 0;
  return fromH(Math.max(0, toH(value) - toH(c.step)));
}

/** Every value of a criterion when there are few (≤ 11), otherwise 0 %, 10 %, …, 100 % of max on the step. */
export function quickPicks(c: Criterion): number[] {
  const step = toH(c.step);
  const max = toH(c.max);
  const count = Math.floor(max / step) + 1;
  if (count <= 11) return Array.from({ length: count }, (_, i) => fromH(i * step));
  const picks = new Set<number>();
  for (let i = 0; i <= 10; i++) picks.add(Math.round((max * i) / 10 / step) * step);
  return [...picks].sort((a, b) => a - b).map(fromH);
}

export function total(marks: Marks): number {
  return fromH(Object.values(marks).reduce((sum, v) => sum + toH(v), 0));
}

export function maxTotal(criteria: readonly Criterion[]): number {
  return fromH(criteria.reduce((sum, c) => sum + toH(c.max), 0));
}

/** Only the marks of this rubric, in its order, each on its step (a stale local copy may hold others). */
export function clean(marks: Marks, criteria: readonly Criterion[]): Marks {
  const out: Marks = {};
  for (const c of criteria) {
    const v = marks[c.key];
    if (typeof v === 'number' && Number.isFinite(v)) out[c.key] = snap(v, c);
  }
  return out;
}

export function sameMarks(a: Marks, b: Marks): boolean {
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => b[k] !== undefined && toH(a[k]!) === toH(b[k]!));
}

export function isComplete(marks: Marks, criteria: readonly Criterion[]): boolean {
  return criteria.every((c) => typeof marks[c.key] === 'number');
}

/** The first 8 hex characters of a receipt hash. */
export const shortHash = (hash: string) => hash.slice(0, 8);
