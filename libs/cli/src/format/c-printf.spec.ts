import { fixed, padLeft, padRight } from './c-printf';

describe('printf conversions', () => {
  it('%.2f rounds exact binary ties to even like glibc, everything else to nearest', () => {
    expect(fixed(0.125, 2)).toBe('0.12');
    expect(fixed(0.375, 2)).toBe('0.38');
    expect(fixed(2.625, 2)).toBe('2.62');
    expect(fixed(0.126, 2)).toBe('0.13');
    expect(fixed(0.54, 2)).toBe('0.54');
    expect(fixed(0, 2)).toBe('0.00');
  });

  it('%-*s and %*s pad but never truncate', () => {
    expect(padRight('ab', 4)).toBe('ab  ');
    expect(padLeft('ab', 4)).toBe('  ab');
    expect(padRight('abcdef', 4)).toBe('abcdef');
  });
});
