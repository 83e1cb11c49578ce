/**
 * The line grammar of LXC 3.0+ (`parse_line` in src/lxc/confile.c): only
 * blanks and tabs count as whitespace, a leading `#` makes a comment, lines
 * not starting with `lxc.` are ignored ("martian"), the first `=` splits key
 * from value and one pair of matching quotes around the value is removed.
 * An inline `#` is part of the value.
 */
export type LineKind = 'blank' | 'comment' | 'martian' | 'entry' | 'invalid';

export interface ScannedLine {
  kind: LineKind;
  /** Key as written (trimmed); only for `entry`. */
  key?: string;
  /** Value after trimming and unquoting; only for `entry`. */
  value?: string;
}

const BLANKS = /^[ \t]+/;
const TRAILING_BLANKS = /[ \t]+$/;

export function scanLine(text: string): ScannedLine {
  const line = text.replace(BLANKS, '');
  if (line === '') return { kind: 'blank' };
  if (line.startsWith('#')) return { kind: 'comment' };
  if (!line.startsWith('lxc.')) return { kind: 'martian' };
  const eq = line.indexOf('=');
  if (eq < 0) return { kind: 'invalid' };
  const key = line.slice(0, eq).replace(TRAILING_BLANKS, '');
  const value = unquote(line.slice(eq + 1).replace(BLANKS, '').replace(TRAILING_BLANKS, ''));
  return { kind: 'entry', key, value };
}

function unquote(value: string): string {
  const q = value[0];
  if ((q === '"' || q === "'") && value.length > 1 && value[value.length - 1] === q) return value.slice(1, -1);
  return value;
}

/** Splits file text into lines; the text after the last newline is kept (often ''). */
export function splitLines(text: string): string[] {
  return text.split('\n');
}
