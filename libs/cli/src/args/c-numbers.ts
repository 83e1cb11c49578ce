/**
 * The C number parsers behind LXC's options. They differ on purpose:
 * lxc_safe_long/lxc_safe_uint (strtol base 0: `0x10` is 16, `010` is 8, `08` is
 * an error, trailing junk is an error), atol (lxc-wait -t: junk reads as 0) and
 * strtoul for --nesting. BigInt keeps 64-bit range checks exact.
 */

const SPACE = /^[ \t\n\v\f\r]*/;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const UINT_MAX = 2n ** 32n - 1n;
const ULONG_MAX = 2n ** 64n - 1n;

interface Scan {
  negative: boolean;
  magnitude: bigint;
  /** Characters after the number; `null` when no digit was read. */
  rest: string | null;
}

/** strtol/strtoul with base 0, before range checks. */
function scan(text: string): Scan {
  let s = text.replace(SPACE, '');
  let negative = false;
  if (s[0] === '+' || s[0] === '-') {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  const hex = /^0[xX]([0-9a-fA-F]+)/.exec(s);
  if (hex) return { negative, magnitude: BigInt(`0x${hex[1]}`), rest: s.slice(hex[0].length) };
  const octal = /^0([0-7]*)/.exec(s);
  if (octal) return { negative, magnitude: octal[1] ? BigInt(`0o${octal[1]}`) : 0n, rest: s.slice(octal[0].length) };
  const decimal = /^[0-9]+/.exec(s);
  if (decimal) return { negative, magnitude: BigInt(decimal[0]), rest: s.slice(decimal[0].length) };
  return { negative, magnitude: 0n, rest: null };
}

/** lxc_safe_long(); `undefined` where LXC returns an error. */
export function safeLong(text: string): number | undefined {
  const { negative, magnitude, rest } = scan(text);
  if (rest !== '') return undefined;
  const value = negative ? -magnitude : magnitude;
  if (value < LONG_MIN || value > LONG_MAX) return undefined;
  return Number(value);
}

/** lxc_safe_uint(): no sign allowed, at most 2^32-1. */
export function safeUint(text: string): number | undefined {
  const s = text.replace(SPACE, '');
  if (s.startsWith('-')) return undefined;
  const { negative, magnitude, rest } = scan(s);
  if (rest !== '' || negative || magnitude > UINT_MAX) return undefined;
  return Number(magnitude);
}

/** atol(): decimal prefix, anything else is 0. Overflow is undefined in C; clamp. */
export function atol(text: string): number {
  const match = /^[+-]?[0-9]+/.exec(text.replace(SPACE, ''));
  if (!match) return 0;
  const value = BigInt(match[0]);
  return Number(value < LONG_MIN ? LONG_MIN : value > LONG_MAX ? LONG_MAX : value);
}

/** strtoul(base 0) that must consume the whole string and fit an unsigned int. */
export function wholeUint(text: string): number | undefined {
  const { negative, magnitude, rest } = scan(text);
  if (rest !== '' || magnitude > ULONG_MAX) return undefined;
  const value = negative ? ULONG_MAX + 1n - magnitude : magnitude;
  return value > UINT_MAX ? undefined : Number(value);
}
