/**
 * Edits of the top-level file's raw lines, in the style lxc-create writes:
 * `key = value`, an existing line replaced in place, new lines appended at
 * the end (before the final newline). Lines from included files are never
 * written; a key that an include still sets is cleared with `key =`.
 */
import { ConfigError, ConfigErrorCode } from './config-errors';
import { lookupKey } from './config-keys';
import { RawLine } from './config-parser';

export function formatEntry(key: string, value: string): string {
  return value === '' ? `${key} =` : `${key} = ${value}`;
}

/** Refuses values that would not survive a write/read cycle. */
export function assertWritable(key: string, value: string): void {
  if (/[\r\n]/.test(value) || /[\r\n=]/.test(key)) {
    throw new ConfigError(ConfigErrorCode.INVALID_VALUE, `Invalid value for ${key}: line breaks are not allowed`, { file: '<edit>', line: 0, text: `${key} = ${value}` });
  }
}

/** Whether a line's key is covered by `key`: itself, a family member, or a member of net `lxc.net.N`. */
export function coveredBy(key: string, lineKey: string): boolean {
  if (lineKey === key) return true;
  if (!lineKey.startsWith(key + '.')) return false;
  if (/^lxc\.net\.[0-9]+$/.test(key)) return true;
  const found = lookupKey(lineKey);
  return found.ok && found.spec.family === key;
}

const isLive = (l: RawLine) => l.kind === 'entry' && !l.dropped && l.key !== undefined;

export function appendText(texts: readonly string[], line: string): string[] {
  const next = [...texts];
  if (next.length > 0 && next[next.length - 1] === '') next.splice(next.length - 1, 0, line);
  else next.push(line, '');
  return next;
}

/** Replaces the first line of `key` and removes the others; appends when absent. */
export function setText(lines: readonly RawLine[], key: string, value: string): string[] {
  const first = lines.findIndex((l) => isLive(l) && l.key === key);
  const texts = lines.map((l) => l.text);
  if (first < 0) return appendText(texts, formatEntry(key, value));
  return lines.flatMap((l, i) => (i === first ? [formatEntry(key, value)] : isLive(l) && l.key === key ? [] : [l.text]));
}

export function removeText(lines: readonly RawLine[], key: string): string[] {
  return lines.filter((l) => !(isLive(l) && coveredBy(key, l.key as string))).map((l) => l.text);
}
