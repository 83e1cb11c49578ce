/**
 * glibc getopt_long() as the LXC tools call it: the short-option string is built
 * from the long table (every printable `val`, `:` for an argument, `::` optional),
 * arguments are permuted (operands may come before options) unless
 * POSIXLY_CORRECT is set, `--` ends the options, and a long option may be
 * abbreviated to any prefix that is exact or unambiguous. Two prefix matches are
 * only ambiguous when they differ in has_arg or val, as in glibc; the diagnostics
 * are glibc's own text, prefixed with argv[0].
 *
 * Parsing stops at the first error, which is what LXC does (it prints help and exits).
 */

export type HasArg = 'none' | 'required' | 'optional';

export interface LongOption {
  name: string;
  hasArg: HasArg;
  /** A single character doubles as the short option; a number is long-only. */
  val: string | number;
}

export interface OptionEvent {
  val: string | number;
  arg?: string;
}

export interface GetoptResult {
  /** Options in command-line order. */
  events: OptionEvent[];
  /** Non-option arguments: permuted ones first, then everything after `--`. */
  operands: string[];
  /** glibc's diagnostic for the first bad option; events holds the options before it. */
  error?: string;
}

export interface GetoptSettings {
  /** Stop at the first operand, as with POSIXLY_CORRECT or a leading `+`. */
  posixlyCorrect?: boolean;
}

interface Cursor {
  argv: readonly string[];
  index: number;
}

function shortOption(options: readonly LongOption[], ch: string): LongOption | undefined {
  return options.find((o) => typeof o.val === 'string' && o.val === ch && isPrintable(o.val));
}

function isPrintable(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return ch.length === 1 && code >= 0x20 && code < 0x7f;
}

function findLong(options: readonly LongOption[], body: string, argv0: string): LongOption | string {
  const eq = body.indexOf('=');
  const name = eq < 0 ? body : body.slice(0, eq);
  const exact = options.find((o) => o.name === name);
  if (exact) return exact;
  const matches = options.map((o, i) => ({ o, i })).filter(({ o }) => o.name.startsWith(name));
  if (matches.length === 0) return `${argv0}: unrecognized option '--${body}'`;
  const first = matches[0].o;
  const differing = matches.filter(({ o }) => o.hasArg !== first.hasArg || o.val !== first.val);
  if (differing.length === 0) return first;
  const listed = new Set([matches[0].i, ...differing.map(({ i }) => i)]);
  const names = options.filter((_o, i) => listed.has(i)).map((o) => ` '--${o.name}'`);
  return `${argv0}: option '--${body}' is ambiguous; possibilities:${names.join('')}`;
}

function parseLong(cursor: Cursor, options: readonly LongOption[], argv0: string): OptionEvent | string {
  const body = cursor.argv[cursor.index].slice(2);
  cursor.index += 1;
  const found = findLong(options, body, argv0);
  if (typeof found === 'string') return found;
  const eq = body.indexOf('=');
  if (eq >= 0) {
    if (found.hasArg === 'none') return `${argv0}: option '--${found.name}' doesn't allow an argument`;
    return { val: found.val, arg: body.slice(eq + 1) };
  }
  if (found.hasArg !== 'required') return { val: found.val };
  if (cursor.index >= cursor.argv.length) return `${argv0}: option '--${found.name}' requires an argument`;
  const arg = cursor.argv[cursor.index];
  cursor.index += 1;
  return { val: found.val, arg };
}

/** One `-abc` word; returns its events, or an error after the events before it. */
function parseShortGroup(cursor: Cursor, options: readonly LongOption[], argv0: string): { events: OptionEvent[]; error?: string } {
  const word = cursor.argv[cursor.index];
  cursor.index += 1;
  const events: OptionEvent[] = [];
  for (let pos = 1; pos < word.length; pos += 1) {
    const ch = word[pos];
    const option = shortOption(options, ch);
    if (!option || ch === ':') return { events, error: `${argv0}: invalid option -- '${ch}'` };
    const rest = word.slice(pos + 1);
    if (option.hasArg === 'none') {
      events.push({ val: option.val });
      continue;
    }
    if (rest !== '' || option.hasArg === 'optional') {
      events.push(rest === '' ? { val: option.val } : { val: option.val, arg: rest });
      return { events };
    }
    if (cursor.index >= cursor.argv.length) {
      return { events, error: `${argv0}: option requires an argument -- '${ch}'` };
    }
    events.push({ val: option.val, arg: cursor.argv[cursor.index] });
    cursor.index += 1;
    return { events };
  }
  return { events };
}

export function getoptLong(
  args: readonly string[],
  options: readonly LongOption[],
  argv0: string,
  settings: GetoptSettings = {},
): GetoptResult {
  const cursor: Cursor = { argv: args, index: 0 };
  const events: OptionEvent[] = [];
  const operands: string[] = [];
  while (cursor.index < args.length) {
    const word = args[cursor.index];
    if (word === '--') {
      operands.push(...args.slice(cursor.index + 1));
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      if (settings.posixlyCorrect) {
        operands.push(...args.slice(cursor.index));
        break;
      }
      operands.push(word);
      cursor.index += 1;
      continue;
    }
    if (word.startsWith('--')) {
      const event = parseLong(cursor, options, argv0);
      if (typeof event === 'string') return { events, operands, error: event };
      events.push(event);
      continue;
    }
    const group = parseShortGroup(cursor, options, argv0);
    events.push(...group.events);
    if (group.error) return { events, operands, error: group.error };
  }
  return { events, operands };
}
