/**
 * getopt(1)-compatible parsing of template arguments. The shell templates run
 * `getopt -o <short> -l <long>` so they accept `--opt value`, `--opt=value`, `-o value`,
 * `-ovalue`, unambiguous long-option prefixes, and ignore non-option words. Anything
 * getopt would reject (unknown option, missing value, ambiguous prefix) is a
 * TemplateBadArgsError carrying the template's usage text.
 */
import { TemplateBadArgsError } from './template.errors';

export interface OptionSpec {
  /** Long name without dashes, e.g. `busybox-path`. */
  readonly long: string;
  /** Single-letter alias, e.g. `m`. */
  readonly short?: string;
  readonly takesValue: boolean;
}

/** Parsed options keyed by long name; flags map to `true`. The last occurrence wins. */
export type ParsedOptions = Map<string, string | true>;

export function parseTemplateArgs(
  args: readonly string[],
  specs: readonly OptionSpec[],
  usage: string,
): ParsedOptions {
  const parsed: ParsedOptions = new Map();
  const fail = (msg: string): never => {
    throw new TemplateBadArgsError(msg, usage);
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') break;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const spec = findLong(name, specs, fail);
      if (!spec.takesValue) {
        if (eq >= 0) fail(`option '--${spec.long}' doesn't allow an argument`);
        parsed.set(spec.long, true);
      } else if (eq >= 0) {
        parsed.set(spec.long, arg.slice(eq + 1));
      } else {
        if (i + 1 >= args.length) fail(`option '--${spec.long}' requires an argument`);
        parsed.set(spec.long, args[++i]);
      }
    } else if (arg.startsWith('-') && arg.length > 1) {
      i = parseShortCluster(args, i, specs, parsed, fail);
    }
    // Non-option words are permuted away by getopt and never read by the templates.
  }
  return parsed;
}

function findLong(name: string, specs: readonly OptionSpec[], fail: (m: string) => never): OptionSpec {
  const exact = specs.find((s) => s.long === name);
  if (exact) return exact;
  const prefixed = name === '' ? [] : specs.filter((s) => s.long.startsWith(name));
  if (prefixed.length === 1) return prefixed[0];
  if (prefixed.length > 1) return fail(`option '--${name}' is ambiguous`);
  return fail(`unrecognized option '--${name}'`);
}

/** `-hm x` style clusters; returns the index of the last word consumed. */
function parseShortCluster(
  args: readonly string[],
  index: number,
  specs: readonly OptionSpec[],
  parsed: ParsedOptions,
  fail: (m: string) => never,
): number {
  const word = args[index];
  for (let j = 1; j < word.length; j++) {
    const letter = word[j];
    const spec = specs.find((s) => s.short === letter) ?? fail(`invalid option -- '${letter}'`);
    if (!spec.takesValue) {
      parsed.set(spec.long, true);
      continue;
    }
    if (j + 1 < word.length) {
      parsed.set(spec.long, word.slice(j + 1));
      return index;
    }
    if (index + 1 >= args.length) fail(`option requires an argument -- '${letter}'`);
    parsed.set(spec.long, args[index + 1]);
    return index + 1;
  }
  return index;
}

/** The value of a string option, or undefined; a flag given where a value is expected cannot happen. */
export function optionValue(parsed: ParsedOptions, long: string): string | undefined {
  const v = parsed.get(long);
  return typeof v === 'string' ? v : undefined;
}
