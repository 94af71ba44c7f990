import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clockTime, countdown, dateTime, dayTime, longDate, moment, points, shortDate, timestamp } from './format.js';

describe('dates in the venue’s time zone and the administrative style', () => {
  it('writes a calendar date as that day, with a zero before days below 10 and months 1 and 2', () => {
    expect(longDate('2019-09-20', 'vi')).toBe('ngày 20 tháng 9 năm 2019');
    expect(longDate('2026-02-05', 'vi')).toBe('ngày 05 tháng 02 năm 2026');
    expect(longDate('2026-12-04', 'vi')).toBe('ngày 04 tháng 12 năm 2026');
    expect(longDate('2019-09-20', 'en')).toBe('20 September 2019');
    expect(shortDate('2019-09-20', 'vi')).toBe('20/09/2019');
    expect(longDate('not a date', 'vi')).toBe('not a date');
  });

  it('writes a moment in Viet Nam’s time, whatever the server’s zone (UTC+7, no daylight saving)', () => {
    // 17:30 UTC on 31 December is already 00:30 on 1 January in Viet Nam.
    const iso = '2019-12-31T17:30:05.000Z';
    expect(timestamp(iso, 'vi')).toBe('00:30 ngày 01/01/2020 (GMT+7)');
    expect(timestamp(iso, 'en')).toBe('2020-01-01 00:30 (GMT+7)');
    expect(clockTime(iso)).toBe('00:30:05');
    expect(dayTime(Date.parse(iso))).toBe('01/01 00:30:05');
    expect(dateTime(new Date(iso), 'vi')).toBe('00:30, 01/01/2020');
    expect(moment('2019-09-10T10:00:00Z', 'vi')).toBe('17:00, Thứ Ba, ngày 10 tháng 9 năm 2019');
    expect(moment('2019-09-10T10:00:00Z', 'en')).toBe('Tuesday 10 September 2019 at 17:00');
  });

  it('agrees with a fixed +7 hours for any moment (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        const local = new Date(ms + 7 * 3600_000);
        const two = (n: number) => String(n).padStart(2, '0');
        expect(clockTime(ms)).toBe(`${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}`);
        expect(shortDate(ms, 'vi')).toBe(`${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`);
      }),
    );
  });
});

describe('points and countdowns', () => {
  it('writes points with the contest’s decimals in the reader’s language', () => {
    expect(points(72.1666, 2, 'vi')).toBe('72,17');
    expect(points(72.1666, 2, 'en')).toBe('72.17');
    expect(points(1234.5, 1, 'vi')).toBe('1.234,5');
    expect(points(85, 0, 'en')).toBe('85');
  });

  it('rounds a countdown up, so 0:00 means the time is really up', () => {
    expect(countdown(245_000)).toBe('4:05');
    expect(countdown(1)).toBe('0:01');
    expect(countdown(0)).toBe('0:00');
    expect(countdown(-5000)).toBe('0:00');
  });
});
