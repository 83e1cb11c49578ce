import { atol, safeLong, safeUint, wholeUint } from './c-numbers';

describe('C number parsing as LXC uses it', () => {
  it('lxc_safe_long: base 0, leading blanks, no trailing junk (observed with lxc-stop -t)', () => {
    expect(safeLong('5')).toBe(5);
    expect(safeLong(' 5')).toBe(5);
    expect(safeLong('-1')).toBe(-1);
    expect(safeLong('0x10')).toBe(16);
    expect(safeLong('010')).toBe(8);
    expect(safeLong('99999999999')).toBe(99999999999);
    expect(safeLong('08')).toBeUndefined();
    expect(safeLong('5x')).toBeUndefined();
    expect(safeLong('abc')).toBeUndefined();
    expect(safeLong('')).toBeUndefined();
    expect(safeLong('9223372036854775808')).toBeUndefined();
  });

  it('lxc_safe_uint: no minus sign, at most 2^32-1 (observed with lxc-attach -u)', () => {
    expect(safeUint('0')).toBe(0);
    expect(safeUint(' 5')).toBe(5);
    expect(safeUint('4294967295')).toBe(4294967295);
    expect(safeUint('4294967296')).toBeUndefined();
    expect(safeUint('-1')).toBeUndefined();
    expect(safeUint('1x')).toBeUndefined();
  });

  it('atol: junk is 0 (lxc-wait -t abc)', () => {
    expect(atol('abc')).toBe(0);
    expect(atol(' 12s')).toBe(12);
    expect(atol('-3')).toBe(-3);
  });

  it('strtoul for --nesting wraps negatives and rejects junk', () => {
    expect(wholeUint('3')).toBe(3);
    expect(wholeUint('3x')).toBeUndefined();
    expect(wholeUint('-1')).toBeUndefined();
  });
});
