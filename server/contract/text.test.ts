import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold, foldKey, stripDiacritics } from './text.js';

const vietnamese = fc.string({
  unit: fc.constantFrom(...'aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬĐÉÈẺẼẸÊẾỀỂỄỆƯỨỪỬỮỰ 0123456789-_,.!?'.split('')),
  maxLength: 80,
});

describe('fold', () => {
  it('reads Vietnamese headers, keys and names as ASCII', () => {
    expect(fold('  Tên đơn vị ')).toBe('ten don vi');
    expect(fold('ĐÁP ÁN đúng')).toBe('dap an dung');
    expect(fold('Thời gian (giây)')).toBe('thoi gian giay');
    expect(fold('Đội Sở Tư pháp!', '-')).toBe('doi-so-tu-phap');
    expect(foldKey('Hội thi cải cách hành chính', 12)).toBe('hoi-thi-cai');
    expect(stripDiacritics('Đơn đăng ký.pdf')).toBe('Don dang ky.pdf');
  });

  it('yields lower-case a–z and 0–9 runs joined by one separator, and is idempotent (property)', () => {
    fc.assert(
      fc.property(vietnamese, fc.constantFrom(' ', '-'), (text, sep) => {
        const out = fold(text, sep);
        expect(out).toMatch(sep === ' ' ? /^([a-z0-9]+( [a-z0-9]+)*)?$/ : /^([a-z0-9]+(-[a-z0-9]+)*)?$/);
        expect(fold(out, sep)).toBe(out);
      }),
    );
  });

  it('makes keys of at most `max` characters that never end in a dash (property)', () => {
    fc.assert(
      fc.property(vietnamese, fc.integer({ min: 1, max: 64 }), (text, max) => {
        const key = foldKey(text, max);
        expect(key.length).toBeLessThanOrEqual(max);
        expect(key).not.toMatch(/^-|-$|--/);
        expect(fold(text, '-').startsWith(key)).toBe(true);
      }),
    );
  });
});
