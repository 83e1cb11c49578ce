/**
 * The three tools with only a handful of options: lxc-destroy, lxc-wait and
 * lxc-monitor (src/lxc/tools/lxc_{destroy,wait,monitor}.c, 5.0.2).
 *
 * lxc-wait: -s is required (its absence is only "could not parse command line");
 * states are `|`-separated, case-sensitive, checked before waiting; -t is atol()
 * (junk reads as 0, which blocks forever, like -1).
 * lxc-monitor: the name is a regex preset to `.*`, operands are ignored, and -P
 * may be repeated to watch several lxcpaths.
 */
import { MONITOR_DEFAULT_PATTERN } from '../format/monitor-format';
import { atol } from './c-numbers';
import type { LongOption } from './getopt';
import { failWith, parseLxcArguments } from './lxc-arguments';
import { COMMON_OPTIONS, CommonArgs, ParseOutcome, ParseSettings, ToolSpec } from './tool-spec';

export interface DestroyArgs extends CommonArgs {
  force: boolean;
  snapshots: boolean;
}

type DestroyState = Omit<DestroyArgs, keyof CommonArgs>;

export const destroySpec: ToolSpec<DestroyState, DestroyArgs> = {
  tool: 'lxc-destroy',
  options: [
    { name: 'force', hasArg: 'none', val: 'f' },
    { name: 'snapshots', hasArg: 'none', val: 's' },
    ...COMMON_OPTIONS,
  ],
  initial: () => ({ force: false, snapshots: false }),
  apply(state, val) {
    if (val === 'f') state.force = true;
    if (val === 's') state.snapshots = true;
    return true;
  },
  finish: (common, state) => ({ kind: 'run', args: { ...common, ...state } }),
};

/** lxc_state_t names in enum order. */
export const LXC_STATES = ['STOPPED', 'STARTING', 'RUNNING', 'STOPPING', 'ABORTING', 'FREEZING', 'FROZEN', 'THAWED'] as const;
export type LxcState = (typeof LXC_STATES)[number];

export interface WaitArgs extends CommonArgs {
  states: LxcState[];
  /** Seconds; -1 (default) and 0 both wait forever. */
  timeout: number;
}

interface WaitState {
  states?: string;
  timeout: number;
}

const WAIT_OPTIONS: readonly LongOption[] = [
  { name: 'state', hasArg: 'required', val: 's' },
  { name: 'timeout', hasArg: 'required', val: 't' },
  ...COMMON_OPTIONS,
];

export const waitSpec: ToolSpec<WaitState, WaitArgs> = {
  tool: 'lxc-wait',
  options: WAIT_OPTIONS,
  initial: () => ({ timeout: -1 }),
  apply(state, val, arg = '') {
    if (val === 's') state.states = arg;
    if (val === 't') state.timeout = atol(arg);
    return true;
  },
  finish(common, state): ParseOutcome<WaitArgs> {
    if (state.states === undefined) return failWith(common, 'lxc-wait', 'parseFailed');
    const words = state.states.split('|').filter((w) => w !== '');
    const bad = words.find((w) => !(LXC_STATES as readonly string[]).includes(w));
    if (bad !== undefined) return failWith(common, 'lxc-wait', 'waitInvalidState', bad);
    return { kind: 'run', args: { ...common, states: words as LxcState[], timeout: state.timeout } };
  },
};

export interface MonitorArgs extends CommonArgs {
  /** -Q: ask lxc-monitord to quit instead of monitoring. */
  quit: boolean;
}

export const monitorSpec: ToolSpec<{ quit: boolean }, MonitorArgs> = {
  tool: 'lxc-monitor',
  options: [{ name: 'quit', hasArg: 'none', val: 'Q' }, ...COMMON_OPTIONS],
  presetName: MONITOR_DEFAULT_PATTERN,
  maxLxcpaths: Number.POSITIVE_INFINITY,
  initial: () => ({ quit: false }),
  apply(state, val) {
    if (val === 'Q') state.quit = true;
    return true;
  },
  finish: (common, state) => ({ kind: 'run', args: { ...common, quit: state.quit } }),
};

export function parseDestroyArgs(args: readonly string[], settings?: ParseSettings): ParseOutcome<DestroyArgs> {
  return parseLxcArguments(destroySpec, args, settings);
}

export function parseWaitArgs(args: readonly string[], settings?: ParseSettings): ParseOutcome<WaitArgs> {
  return parseLxcArguments(waitSpec, args, settings);
}

export function parseMonitorArgs(args: readonly string[], settings?: ParseSettings): ParseOutcome<MonitorArgs> {
  return parseLxcArguments(monitorSpec, args, settings);
}
