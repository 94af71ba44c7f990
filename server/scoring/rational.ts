/**
 * Exact rational numbers over bigint (scoring.md §2, §4: "All arithmetic is exact").
 *
 * Invariants of every `Rational` produced here:
 *  - `den > 0n` (the sign lives in the numerator);
 *  - `gcd(|num|, den) === 1n` (so zero is always `0/1`);
 * which makes structural equality (`toEqual`) coincide with numeric equality.
 *
 * No floating-point value is ever used in arithmetic or comparison. `roundHalfUp` returns a JS
 * number only as the very last step, for display: it rounds exactly with bigint and then parses
 * the resulting decimal string.
 */

export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

/** Converts an integer given as number or bigint; a non-integer or unsafe number is a RangeError. */
export function toBigInt(value: number | bigint, what = 'value'): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${what} must be a safe integer, got ${String(value)}`);
  }
  return BigInt(value);
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

export function gcd(a: bigint, b: bigint): bigint {
  let x = abs(a);
  let y = abs(b);
  while (y !== 0n) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/** Builds the normalized rational num/den. */
export function rational(num: number | bigint, den: number | bigint = 1n): Rational {
  let n = toBigInt(num, 'numerator');
  let d = toBigInt(den, 'denominator');
  if (d === 0n) throw new RangeError('denominator must not be zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const g = gcd(n, d); // gcd(0, d) = d, so zero normalizes to 0/1
  if (g > 1n) {
    n /= g;
    d /= g;
  }
  return Object.freeze({ num: n, den: d });
}

export const ZERO: Rational = rational(0n);
export const ONE: Rational = rational(1n);

export function fromInt(n: number | bigint): Rational {
  return rational(n, 1n);
}

/** An integer number of hundredths (how every mark is stored, scoring.md §2) as an exact rational. */
export function fromHundredths(h: number | bigint): Rational {
  return rational(h, 100n);
}

/**
 * Parses a plain decimal string such as "1.5", "-0.25" or "12" exactly.
 * Exponent notation is refused (RangeError).
 */
export function fromDecimalString(s: string): Rational {
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(s.trim());
  if (!m) throw new RangeError(`not a plain decimal number: ${JSON.stringify(s)}`);
  const sign = m[1] === '-' ? -1n : 1n;
  const int = m[2] ?? '0';
  const frac = m[3] ?? '';
  const num = BigInt(int + frac) * sign;
  return rational(num, 10n ** BigInt(frac.length));
}

export function isRational(x: unknown): x is Rational {
  return (
    typeof x === 'object' && x !== null && typeof (x as Rational).num === 'bigint' && typeof (x as Rational).den === 'bigint'
  );
}

export function add(a: Rational, b: Rational): Rational {
  if (a.den === b.den) return rational(a.num + b.num, a.den);
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function sub(a: Rational, b: Rational): Rational {
  if (a.den === b.den) return rational(a.num - b.num, a.den);
  return rational(a.num * b.den - b.num * a.den, a.den * b.den);
}

export function neg(a: Rational): Rational {
  return rational(-a.num, a.den);
}

export function mul(a: Rational, b: Rational): Rational {
  return rational(a.num * b.num, a.den * b.den);
}

/** a / b; dividing by zero is a RangeError. */
export function div(a: Rational, b: Rational): Rational {
  if (b.num === 0n) throw new RangeError('division by zero');
  return rational(a.num * b.den, a.den * b.num);
}

/** a / n for a non-zero integer n. */
export function divInt(a: Rational, n: number | bigint): Rational {
  const d = toBigInt(n, 'divisor');
  if (d === 0n) throw new RangeError('division by zero');
  return rational(a.num, a.den * d);
}

/** a × n for an integer n. */
export function mulInt(a: Rational, n: number | bigint): Rational {
  return rational(a.num * toBigInt(n, 'factor'), a.den);
}

export function sum(xs: readonly Rational[]): Rational {
  let acc = ZERO;
  for (const x of xs) acc = add(acc, x);
  return acc;
}

/** -1, 0 or 1, by exact cross-multiplication (denominators are positive). */
export function compare(a: Rational, b: Rational): -1 | 0 | 1 {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function equals(a: Rational, b: Rational): boolean {
  // Both normalized: equal values have equal parts.
  return a.num === b.num && a.den === b.den;
}

export function sign(a: Rational): -1 | 0 | 1 {
  return a.num < 0n ? -1 : a.num > 0n ? 1 : 0;
}

export function isZero(a: Rational): boolean {
  return a.num === 0n;
}

export function max(a: Rational, b: Rational): Rational {
  return compare(a, b) >= 0 ? a : b;
}

export function min(a: Rational, b: Rational): Rational {
  return compare(a, b) <= 0 ? a : b;
}

function checkDecimals(decimals: number): bigint {
  if (!Number.isSafeInteger(decimals) || decimals < 0 || decimals > 100) {
    throw new RangeError(`decimals must be an integer in [0, 100], got ${String(decimals)}`);
  }
  return 10n ** BigInt(decimals);
}

/**
 * The integer round-half-up(|r| × 10^decimals), with the sign of r: i.e. half rounds away from
 * zero (for non-negative values this is the usual "half up").
 */
export function roundScaled(r: Rational, decimals: number): bigint {
  const scale = checkDecimals(decimals);
  const x = abs(r.num) * scale;
  let q = x / r.den;
  const rem = x % r.den;
  if (2n * rem >= r.den) q += 1n;
  return r.num < 0n ? -q : q;
}

/**
 * Exact half-up rounding to `decimals` places, as a fixed-point string ("12.50", "-0.25", "7").
 * Never returns "-0…": a value that rounds to zero is printed without a sign.
 */
export function formatFixed(r: Rational, decimals: number): string {
  const q = roundScaled(r, decimals);
  const negative = q < 0n;
  const digits = abs(q).toString();
  let out: string;
  if (decimals === 0) {
    out = digits;
  } else {
    const padded = digits.padStart(decimals + 1, '0');
    out = `${padded.slice(0, padded.length - decimals)}.${padded.slice(padded.length - decimals)}`;
  }
  return negative ? `-${out}` : out;
}

/**
 * Half-up rounding to `decimals` places, for display only. The rounding is exact (bigint); the
 * result is the JS number nearest to the rounded decimal (what `Number("12.35")` gives).
 */
export function roundHalfUp(r: Rational, decimals: number): number {
  return Number(formatFixed(r, decimals));
}

/** "num/den", or just "num" for integers. */
export function toString(r: Rational): string {
  return r.den === 1n ? r.num.toString() : `${r.num.toString()}/${r.den.toString()}`;
}
