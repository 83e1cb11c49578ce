/**
 * lxc-top options (src/lxc/tools/lxc_top.c, 5.0.2): -d through lxc_safe_int (junk or out of
 * int range: "could not parse command line"), -s keeps the first character whatever it is
 * (unknown letters sort by name), -b batch, -r reverse. The name is preset to ".*" and not
 * used for filtering; any number of -P is accepted, only the first is read. Batch mode
 * without -d refreshes every 300 seconds, otherwise every 3.
 */
import type { LongOption } from './getopt';
import { safeLong } from './c-numbers';
import { parseLxcArguments } from './lxc-arguments';
import { COMMON_OPTIONS, CommonArgs, ParseOutcome, ParseSettings, ToolSpec } from './tool-spec';

export type TopSortKey = 'n' | 'c' | 'b' | 'm' | 's' | 'k';

export interface TopArgs extends CommonArgs {
  batch: boolean;
  /** Seconds between refreshes. */
  delay: number;
  sortBy: TopSortKey;
  reverse: boolean;
}

interface TopState {
  batch: boolean;
  delay?: number;
  sortBy: string;
  reverse: boolean;
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

const OPTIONS: readonly LongOption[] = [
  { name: 'delay', hasArg: 'required', val: 'd' },
  { name: 'batch', hasArg: 'none', val: 'b' },
  { name: 'sort', hasArg: 'required', val: 's' },
  { name: 'reverse', hasArg: 'none', val: 'r' },
  ...COMMON_OPTIONS,
];

export function sortKey(c: string): TopSortKey {
  return (['n', 'c', 'b', 'm', 's', 'k'] as const).find((k) => k === c) ?? 'n';
}

export const topSpec: ToolSpec<TopState, TopArgs> = {
  tool: 'lxc-top',
  options: OPTIONS,
  presetName: '.*',
  maxLxcpaths: Number.POSITIVE_INFINITY,
  initial: () => ({ batch: false, sortBy: 'n', reverse: false }),
  apply(state, val, arg = '') {
    switch (val) {
      case 'b': state.batch = true; return true;
      case 'r': state.reverse = true; return true;
      case 's': state.sortBy = arg.charAt(0); return true;
      case 'd': {
        const d = safeLong(arg);
        if (d === undefined || d < INT_MIN || d > INT_MAX) return false;
        state.delay = d;
        return true;
      }
      default: return true;
    }
  },
  finish(common, state): ParseOutcome<TopArgs> {
    const delay = state.delay ?? (state.batch ? 300 : 3);
    return { kind: 'run', args: { ...common, batch: state.batch, delay, sortBy: sortKey(state.sortBy), reverse: state.reverse } };
  },
};

export function parseTopArgs(args: readonly string[], settings?: ParseSettings): ParseOutcome<TopArgs> {
  return parseLxcArguments(topSpec, args, settings);
}
