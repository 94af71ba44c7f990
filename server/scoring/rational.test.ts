import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  type Rational,
  ONE,
  ZERO,
  add,
  compare,
  div,
  divInt,
  equals,
  formatFixed,
  fromDecimalString,
  fromHundredths,
  gcd,
  mul,
  mulInt,
  neg,
  rational,
  roundHalfUp,
  sub,
  toString,
} from './rational.js';

const RUNS = { numRuns: 1000 };

const arbBig = fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n });
const arbDen = fc.bigInt({ min: 1n, max: 10n ** 18n });
const arbRational: fc.Arbitrary<Rational> = fc.tuple(arbBig, arbDen).map(([n, d]) => rational(n, d));
const arbNonZeroInt = fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }).filter((x) => x !== 0n);

/** The value a/b as the pair (numerator, denominator) without normalizing: the reference model. */
const crossSign = (a: Rational, b: Rational): number => {
  const d = a.num * b.den - b.num * a.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
};

const isNormalized = (r: Rational): boolean => r.den > 0n && gcd(r.num, r.den) === 1n;

/**
 * String-based reference for half-up rounding: long division gives the digits of |r| one by one;
 * the rounded value is the first `decimals` digits, incremented (as a decimal string) when the
 * next digit is 5 or more. Sign is applied at the end (half away from zero).
 */
function referenceRound(r: Rational, decimals: number): string {
  const negative = r.num < 0n;
  let n = negative ? -r.num : r.num;
  const d = r.den;
  const intPart = (n / d).toString();
  n %= d;
  let frac = '';
  for (let i = 0; i <= decimals; i++) {
    n *= 10n;
    frac += (n / d).toString();
    n %= d;
  }
  const next = frac.charCodeAt(decimals) - 48;
  let digits = intPart + frac.slice(0, decimals); // all kept digits, no point
  if (next >= 5) {
    // increment the decimal string by one unit in the last place
    const chars = digits.split('');
    let i = chars.length - 1;
    while (i >= 0 && chars[i] === '9') {
      chars[i] = '0';
      i--;
    }
    if (i < 0) chars.unshift('1');
    else chars[i] = String.fromCharCode((chars[i] ?? '0').charCodeAt(0) + 1);
    digits = chars.join('');
  }
  digits = digits.replace(/^0+(?=\d)/, '');
  const padded = digits.padStart(decimals + 1, '0');
  const whole = padded.slice(0, padded.length - decimals);
  const text = decimals === 0 ? whole : `${whole}.${padded.slice(padded.length - decimals)}`;
  const isZero = /^[0.]+$/.test(text);
  return negative && !isZero ? `-${text}` : text;
}

describe('rational: normalization and basics', () => {
  it('normalizes sign and common factors', () => {
    expect(rational(2, -4)).toEqual({ num: -1n, den: 2n });
    expect(rational(0, -7)).toEqual({ num: 0n, den: 1n });
    expect(fromHundredths(150)).toEqual({ num: 3n, den: 2n });
    expect(fromDecimalString('1.50')).toEqual({ num: 3n, den: 2n });
    expect(fromDecimalString('-0.25')).toEqual({ num: -1n, den: 4n });
    expect(toString(rational(6, 4))).toBe('3/2');
    expect(toString(rational(-8, 4))).toBe('-2');
  });

  it('refuses zero denominators, unsafe numbers and exponent strings', () => {
    expect(() => rational(1, 0)).toThrow(RangeError);
    expect(() => divInt(ONE, 0)).toThrow(RangeError);
    expect(() => div(ONE, ZERO)).toThrow(RangeError);
    expect(() => fromHundredths(1.5)).toThrow(RangeError);
    expect(() => fromHundredths(2 ** 60)).toThrow(RangeError);
    expect(() => fromDecimalString('1e3')).toThrow(RangeError);
  });

  it('rounds half up exactly where floats would not', () => {
    // 1.005 and 2.675 are below their decimal value as doubles; exact rounding goes up.
    expect(roundHalfUp(fromDecimalString('1.005'), 2)).toBe(1.01);
    expect(roundHalfUp(fromDecimalString('2.675'), 2)).toBe(2.68);
    expect(roundHalfUp(rational(1, 3), 2)).toBe(0.33);
    expect(roundHalfUp(rational(2, 3), 2)).toBe(0.67);
    expect(roundHalfUp(rational(5, 2), 0)).toBe(3);
    expect(roundHalfUp(rational(-5, 2), 0)).toBe(-3);
    expect(formatFixed(rational(-1, 1000), 2)).toBe('0.00');
    expect(formatFixed(rational(3001, 300), 2)).toBe('10.00');
    expect(formatFixed(rational(199999, 20000), 3)).toBe('10.000');
    expect(formatFixed(rational(7), 0)).toBe('7');
    expect(formatFixed(rational(1, 8), 1)).toBe('0.1');
    expect(formatFixed(rational(3, 8), 2)).toBe('0.38');
  });
});

describe('rational: arithmetic laws (properties)', () => {
  it('every result is normalized and compare agrees with cross-multiplication', () => {
    fc.assert(
      fc.property(arbRational, arbRational, (a, b) => {
        for (const r of [a, b, add(a, b), sub(a, b), mul(a, b), neg(a)]) expect(isNormalized(r)).toBe(true);
        expect(compare(a, b)).toBe(crossSign(a, b));
        expect(compare(b, a)).toBe(crossSign(b, a));
        expect(compare(b, a) === -compare(a, b)).toBe(true);
        expect(equals(a, b)).toBe(a.num * b.den === b.num * a.den);
      }),
      RUNS,
    );
  });

  it('add and mul agree with the cross-multiplication definitions', () => {
    fc.assert(
      fc.property(arbBig, arbDen, arbBig, arbDen, (an, ad, bn, bd) => {
        const a = rational(an, ad);
        const b = rational(bn, bd);
        // (an/ad) + (bn/bd) = (an·bd + bn·ad) / (ad·bd), compared by cross-multiplication
        const s = add(a, b);
        expect(s.num * (ad * bd)).toBe((an * bd + bn * ad) * s.den);
        const d = sub(a, b);
        expect(d.num * (ad * bd)).toBe((an * bd - bn * ad) * d.den);
        const p = mul(a, b);
        expect(p.num * (ad * bd)).toBe(an * bn * p.den);
      }),
      RUNS,
    );
  });

  it('field laws: commutativity, associativity, distributivity, inverses', () => {
    fc.assert(
      fc.property(arbRational, arbRational, arbRational, arbNonZeroInt, (a, b, c, k) => {
        expect(add(a, b)).toEqual(add(b, a));
        expect(mul(a, b)).toEqual(mul(b, a));
        expect(add(add(a, b), c)).toEqual(add(a, add(b, c)));
        expect(mul(mul(a, b), c)).toEqual(mul(a, mul(b, c)));
        expect(mul(a, add(b, c))).toEqual(add(mul(a, b), mul(a, c)));
        expect(sub(add(a, b), b)).toEqual(a);
        expect(add(a, neg(a))).toEqual(ZERO);
        expect(divInt(mulInt(a, k), k)).toEqual(a);
        expect(mul(divInt(a, k), rational(k))).toEqual(a);
        if (b.num !== 0n) expect(mul(div(a, b), b)).toEqual(a);
      }),
      RUNS,
    );
  });

  it('compare is a total order consistent with addition', () => {
    fc.assert(
      fc.property(arbRational, arbRational, arbRational, (a, b, c) => {
        // translation invariance
        expect(compare(add(a, c), add(b, c))).toBe(compare(a, b));
        // transitivity on the sorted triple
        const [x, y, z] = [a, b, c].sort(compare) as [Rational, Rational, Rational];
        expect(compare(x, y)).toBeLessThanOrEqual(0);
        expect(compare(y, z)).toBeLessThanOrEqual(0);
        expect(compare(x, z)).toBeLessThanOrEqual(0);
      }),
      RUNS,
    );
  });

  it('roundHalfUp / formatFixed match a string-based long-division reference', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.oneof(
          fc.constantFrom(1n, 2n, 3n, 4n, 8n, 100n, 200n, 300n, 400n, 1000n, 2000n),
          fc.bigInt({ min: 1n, max: 10n ** 6n }),
        ),
        fc.integer({ min: 0, max: 6 }),
        (n, d, decimals) => {
          const r = rational(n, d);
          const ref = referenceRound(r, decimals);
          expect(formatFixed(r, decimals)).toBe(ref);
          expect(roundHalfUp(r, decimals)).toBe(Number(ref));
        },
      ),
      RUNS,
    );
  });
});
