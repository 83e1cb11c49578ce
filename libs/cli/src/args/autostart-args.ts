/**
 * lxc-autostart options (src/lxc/tools/lxc_autostart.c, 5.0.2). It needs no
 * container name; -g lists accumulate across repeats with LXC's own
 * accumulate_list(): empty fields are kept (the NULL group, `onboot,`), and a
 * field is dropped as a duplicate when an earlier one is a prefix of it
 * (strncmp over the earlier one's length), so `-g ,grp` is just the NULL group.
 */
import { safeLong } from './c-numbers';
import type { LongOption } from './getopt';
import { parseLxcArguments } from './lxc-arguments';
import { COMMON_OPTIONS, CommonArgs, ParseOutcome, ParseSettings, ToolSpec } from './tool-spec';

export interface AutostartArgs extends CommonArgs {
  kill: boolean;
  list: boolean;
  reboot: boolean;
  shutdown: boolean;
  all: boolean;
  ignoreAuto: boolean;
  /** -g fields in order; undefined without -g (then one pass over the NULL group). */
  groups?: string[];
  /** Seconds for -s before the hard stop; default 60. */
  timeout: number;
}

type AutostartState = Omit<AutostartArgs, keyof CommonArgs>;

const OPTIONS: readonly LongOption[] = [
  { name: 'kill', hasArg: 'none', val: 'k' },
  { name: 'list', hasArg: 'none', val: 'L' },
  { name: 'reboot', hasArg: 'none', val: 'r' },
  { name: 'shutdown', hasArg: 'none', val: 's' },
  { name: 'all', hasArg: 'none', val: 'a' },
  { name: 'ignore-auto', hasArg: 'none', val: 'A' },
  { name: 'groups', hasArg: 'required', val: 'g' },
  { name: 'timeout', hasArg: 'required', val: 't' },
  { name: 'help', hasArg: 'none', val: 'h' },
  ...COMMON_OPTIONS,
];

/** list_contains_entry(): a NULL list matches only the empty field; otherwise some entry is a prefix of `field`. */
export function groupListContains(field: string, list: readonly string[] | null): boolean {
  if (list === null) return field === '';
  return list.some((entry) => field.startsWith(entry));
}

export function accumulateGroups(input: string, list: string[] = []): string[] {
  for (const field of input.split(',')) {
    if (!groupListContains(field, list)) list.push(field);
  }
  return list;
}

export const autostartSpec: ToolSpec<AutostartState, AutostartArgs> = {
  tool: 'lxc-autostart',
  options: OPTIONS,
  presetName: '',
  initial: () => ({ kill: false, list: false, reboot: false, shutdown: false, all: false, ignoreAuto: false, timeout: 60 }),
  apply(state, val, arg = '') {
    switch (val) {
      case 'k': state.kill = true; return true;
      case 'L': state.list = true; return true;
      case 'r': state.reboot = true; return true;
      case 's': state.shutdown = true; return true;
      case 'a': state.all = true; return true;
      case 'A': state.ignoreAuto = true; return true;
      case 'g': state.groups = accumulateGroups(arg, state.groups); return true;
      case 't': {
        const t = safeLong(arg);
        if (t !== undefined) state.timeout = t;
        return t !== undefined;
      }
      default: return true;
    }
  },
  finish: (common, state) => ({ kind: 'run', args: { ...common, ...state } }),
};

export function parseAutostartArgs(args: readonly string[], settings?: ParseSettings): ParseOutcome<AutostartArgs> {
  return parseLxcArguments(autostartSpec, args, settings);
}
