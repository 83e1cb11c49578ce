/**
 * lxc-stop options and the checks main() makes before touching the container
 * (src/lxc/tools/lxc_stop.c, 5.0.2), in its order: resolve the timeout (unset or
 * -2: 0 with -k, else 60; -W forces 0), reject timeouts below -1, then the
 * incompatible combinations. -t goes through lxc_safe_long (base 0, no junk).
 */
import type { LongOption } from './getopt';
import { safeLong } from './c-numbers';
import { failWith, parseLxcArguments } from './lxc-arguments';
import { COMMON_OPTIONS, CommonArgs, ParseOutcome, ParseSettings, ToolSpec } from './tool-spec';

export interface StopArgs extends CommonArgs {
  reboot: boolean;
  nowait: boolean;
  /** Seconds; -1 waits forever, 0 does not wait. */
  timeout: number;
  kill: boolean;
  nokill: boolean;
  nolock: boolean;
}

type StopState = Omit<StopArgs, keyof CommonArgs>;

const UNSET_TIMEOUT = -2;
const DEFAULT_TIMEOUT = 60;
const NOKILL = 0x1002;
const NOLOCK = 0x1001;

const OPTIONS: readonly LongOption[] = [
  { name: 'reboot', hasArg: 'none', val: 'r' },
  { name: 'nowait', hasArg: 'none', val: 'W' },
  { name: 'timeout', hasArg: 'required', val: 't' },
  { name: 'kill', hasArg: 'none', val: 'k' },
  { name: 'nokill', hasArg: 'none', val: NOKILL },
  { name: 'nolock', hasArg: 'none', val: NOLOCK },
  ...COMMON_OPTIONS,
];

export const stopSpec: ToolSpec<StopState, StopArgs> = {
  tool: 'lxc-stop',
  options: OPTIONS,
  initial: () => ({ reboot: false, nowait: false, timeout: UNSET_TIMEOUT, kill: false, nokill: false, nolock: false }),
  apply(state, val, arg = '') {
    switch (val) {
      case 'r': state.reboot = true; return true;
      case 'W': state.nowait = true; return true;
      case 'k': state.kill = true; return true;
      case NOKILL: state.nokill = true; return true;
      case NOLOCK: state.nolock = true; return true;
      case 't': {
        const timeout = safeLong(arg);
        if (timeout !== undefined) state.timeout = timeout;
        return timeout !== undefined;
      }
      default: return true;
    }
  },
  finish(common, state): ParseOutcome<StopArgs> {
    let timeout = state.timeout;
    if (timeout === UNSET_TIMEOUT) timeout = state.kill ? 0 : DEFAULT_TIMEOUT;
    if (state.nowait) timeout = 0;
    if (!state.kill && timeout < -1) return failWith(common, 'lxc-stop', 'stopInvalidTimeout');
    if (state.kill && state.nokill) return failWith(common, 'lxc-stop', 'stopKillWithNoKill');
    if (state.kill && state.reboot) return failWith(common, 'lxc-stop', 'stopKillWithReboot');
    if (state.kill && timeout !== 0) return failWith(common, 'lxc-stop', 'stopKillWithTimeout');
    if (state.nolock && !state.kill) return failWith(common, 'lxc-stop', 'stopNoLockWithoutKill');
    return { kind: 'run', args: { ...common, ...state, timeout } };
  },
};

export function parseStopArgs(args: readonly string[], settings?: ParseSettings): ParseOutcome<StopArgs> {
  return parseLxcArguments(stopSpec, args, settings);
}
