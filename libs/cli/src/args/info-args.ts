/**
 * lxc-info options (src/lxc/tools/lxc_info.c). Each -s/-p/-i adds 1 to the
 * filter count and -S adds 5, every time it appears; with -H a count of exactly 1
 * prints bare values (so `-sH` prints `RUNNING` but `-ssH` keeps the label).
 * Extra operands after the name are ignored.
 */
import type { InfoFlags } from '../format/info-format';
import type { LongOption } from './getopt';
import { parseLxcArguments } from './lxc-arguments';
import { COMMON_OPTIONS, CommonArgs, ParseOutcome, ParseSettings, ToolSpec } from './tool-spec';

export interface InfoArgs extends CommonArgs, Required<InfoFlags> {
  /** -c KEY, in order, repeatable. */
  configKeys: string[];
}

type InfoState = Omit<InfoArgs, keyof CommonArgs>;

const OPTIONS: readonly LongOption[] = [
  { name: 'config', hasArg: 'required', val: 'c' },
  { name: 'ips', hasArg: 'none', val: 'i' },
  { name: 'state', hasArg: 'none', val: 's' },
  { name: 'pid', hasArg: 'none', val: 'p' },
  { name: 'stats', hasArg: 'none', val: 'S' },
  { name: 'no-humanize', hasArg: 'none', val: 'H' },
  ...COMMON_OPTIONS,
];

export const infoSpec: ToolSpec<InfoState, InfoArgs> = {
  tool: 'lxc-info',
  options: OPTIONS,
  initial: () => ({ state: false, pid: false, ips: false, stats: false, noHumanize: false, filterCount: 0, configKeys: [] }),
  apply(state, val, arg = '') {
    switch (val) {
      case 'c': state.configKeys.push(arg); break;
      case 'i': state.ips = true; state.filterCount += 1; break;
      case 's': state.state = true; state.filterCount += 1; break;
      case 'p': state.pid = true; state.filterCount += 1; break;
      case 'S': state.stats = true; state.filterCount += 5; break;
      case 'H': state.noHumanize = true; break;
    }
    return true;
  },
  finish: (common, state) => ({ kind: 'run', args: { ...common, ...state } }),
};

export function parseInfoArgs(args: readonly string[], settings?: ParseSettings): ParseOutcome<InfoArgs> {
  return parseLxcArguments(infoSpec, args, settings);
}
