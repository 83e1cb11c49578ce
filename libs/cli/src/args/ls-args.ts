/**
 * lxc-ls options (src/lxc/tools/lxc_ls.c). lxc-ls presets an empty name, so
 * operands are never taken as a name: exactly one operand is a name regex
 * (--filter wins over it; two or more operands filter nothing). Only one -P is
 * accepted. --nesting takes an optional `=N`; anything unparsable means 5.
 */
import type { LsFilter } from '../format/ls-filter';
import { splitCommaList } from '../format/ls-row';
import { wholeUint } from './c-numbers';
import type { LongOption } from './getopt';
import { parseLxcArguments } from './lxc-arguments';
import { COMMON_OPTIONS, CommonArgs, ParseOutcome, ParseSettings, ToolSpec } from './tool-spec';

export const LS_DEFAULT_NESTING = 5;

export interface LsArgs extends CommonArgs {
  /** -1 */
  line: boolean;
  /** -f */
  fancy: boolean;
  /** -F; only meaningful with -f. */
  fancyFormat?: string;
  /** 0 when --nesting was not given. */
  nesting: number;
  /** Ready for filterLsRows(). */
  filter: LsFilter;
}

interface LsState {
  line: boolean;
  fancy: boolean;
  fancyFormat?: string;
  nesting: number;
  filter: LsFilter;
}

const LS = { FROZEN: 1, STOPPED: 2, ACTIVE: 3, RUNNING: 4, NESTING: 5, FILTER: 6, DEFINED: 7 } as const;

const OPTIONS: readonly LongOption[] = [
  { name: 'line', hasArg: 'none', val: '1' },
  { name: 'fancy', hasArg: 'none', val: 'f' },
  { name: 'fancy-format', hasArg: 'required', val: 'F' },
  { name: 'active', hasArg: 'none', val: LS.ACTIVE },
  { name: 'running', hasArg: 'none', val: LS.RUNNING },
  { name: 'frozen', hasArg: 'none', val: LS.FROZEN },
  { name: 'stopped', hasArg: 'none', val: LS.STOPPED },
  { name: 'defined', hasArg: 'none', val: LS.DEFINED },
  { name: 'nesting', hasArg: 'optional', val: LS.NESTING },
  { name: 'groups', hasArg: 'required', val: 'g' },
  { name: 'filter', hasArg: 'required', val: LS.FILTER },
  ...COMMON_OPTIONS,
];

function nestingLevel(arg: string | undefined): number {
  if (arg === undefined || arg.startsWith('-')) return LS_DEFAULT_NESTING;
  // strtoul("") reads nothing yet leaves *endptr at the end: `--nesting=` means 0.
  if (arg === '') return 0;
  return wholeUint(arg) ?? LS_DEFAULT_NESTING;
}

export const lsSpec: ToolSpec<LsState, LsArgs> = {
  tool: 'lxc-ls',
  options: OPTIONS,
  presetName: '',
  initial: () => ({ line: false, fancy: false, nesting: 0, filter: {} }),
  apply(state, val, given) {
    const { filter } = state;
    const arg = given ?? '';
    switch (val) {
      case '1': state.line = true; break;
      case 'f': state.fancy = true; break;
      case 'F': state.fancyFormat = arg; break;
      case LS.ACTIVE: filter.active = true; break;
      case LS.RUNNING: filter.running = true; break;
      case LS.FROZEN: filter.frozen = true; break;
      case LS.STOPPED: filter.stopped = true; break;
      case LS.DEFINED: filter.defined = true; break;
      case LS.NESTING: state.nesting = nestingLevel(given); break;
      case 'g': filter.groups = splitCommaList(arg); break;
      case LS.FILTER: filter.regex = arg; break;
    }
    return true;
  },
  finish(common, state) {
    const regex = state.filter.regex ?? (common.argv.length === 1 ? common.argv[0] : undefined);
    const filter = { ...state.filter, ...(regex !== undefined && { regex }) };
    return { kind: 'run', args: { ...common, ...state, filter } };
  },
};

export function parseLsArgs(args: readonly string[], settings?: ParseSettings): ParseOutcome<LsArgs> {
  return parseLxcArguments(lsSpec, args, settings);
}
