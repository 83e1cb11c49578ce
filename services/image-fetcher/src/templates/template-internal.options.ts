/**
 * Options lxc-create passes to every template itself. The shell templates also accept
 * them after `--` (getopt keeps the last), which would let a client point --rootfs or
 * --path anywhere on the host; here they come only from the request and are refused
 * in user arguments.
 */
import type { OptionSpec, ParsedOptions } from './template-args.parser';
import { TemplateBadArgsError } from './template.errors';

export const INTERNAL_OPTIONS: readonly OptionSpec[] = [
  { long: 'rootfs', takesValue: true },
  { long: 'mapped-uid', takesValue: true },
  { long: 'mapped-gid', takesValue: true },
];

const INTERNAL_NAMES = ['name', 'path', 'rootfs', 'mapped-uid', 'mapped-gid'];

export function rejectInternalOptions(parsed: ParsedOptions, usage: string): void {
  const given = INTERNAL_NAMES.filter((n) => parsed.has(n));
  if (given.length > 0) {
    throw new TemplateBadArgsError(`--${given[0]} is set by lxc-create, not by template arguments`, usage);
  }
}
