/**
 * The few printf conversions the LXC tools use, reproduced exactly.
 *
 * JS `toFixed` rounds exact binary ties upward while glibc rounds them to even
 * (printf("%.2f", 0.125) is "0.12"), so `fixed` corrects the tie case; every
 * other value rounds identically because both work on the exact binary value.
 */

/** `%-*s`: left-justify in `width` columns, never truncate. */
export function padRight(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** `%*s`: right-justify in `width` columns, never truncate. */
export function padLeft(text: string, width: number): string {
  return text.length >= width ? text : ' '.repeat(width - text.length) + text;
}

/** `%.Nf` with glibc's round-half-to-even on exact ties. */
export function fixed(value: number, digits: number): string {
  const scale = 10 ** digits;
  const scaled = value * scale;
  const floor = Math.floor(scaled);
  // Only values like k/8 are exact ties; for them value*scale is computed exactly.
  if (scaled - floor === 0.5 && floor / scale + 0.5 / scale === value) {
    const even = floor % 2 === 0 ? floor : floor + 1;
    return (even / scale).toFixed(digits);
  }
  return value.toFixed(digits);
}

/** C `float` arithmetic: the value after a round trip through IEEE single precision. */
export function toFloat32(value: number): number {
  return Math.fround(value);
}
