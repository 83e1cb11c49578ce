/**
 * lxc-copy options (src/lxc/tools/lxc_copy.c, 5.0.2), in its table order
 * (which --usage prints). -R, -s and -e pick the task, the last one wins; the
 * NEWNAME check happens in the tool, after logging is set up, as in LXC.
 */
import type { LongOption } from './getopt';
import { parseLxcArguments } from './lxc-arguments';
import { COMMON_OPTIONS, CommonArgs, ParseOutcome, ParseSettings, ToolSpec } from './tool-spec';

export type CopyTask = 'clone' | 'rename' | 'snapshot' | 'ephemeral';

export interface CopyArgs extends CommonArgs {
  task: CopyTask;
  newName?: string;
  newPath?: string;
  allowRunning: boolean;
  foreground: boolean;
  mounts: string[];
  bdev?: string;
  fssize?: string;
  keepData: boolean;
  keepName: boolean;
  keepMac: boolean;
  tmpfs: boolean;
}

type CopyState = Omit<CopyArgs, keyof CommonArgs>;

const OPTIONS: readonly LongOption[] = [
  { name: 'newname', hasArg: 'required', val: 'N' },
  { name: 'newpath', hasArg: 'required', val: 'p' },
  { name: 'rename', hasArg: 'none', val: 'R' },
  { name: 'snapshot', hasArg: 'none', val: 's' },
  { name: 'allowrunning', hasArg: 'none', val: 'a' },
  { name: 'foreground', hasArg: 'none', val: 'F' },
  { name: 'daemon', hasArg: 'none', val: 'd' },
  { name: 'ephemeral', hasArg: 'none', val: 'e' },
  { name: 'mount', hasArg: 'required', val: 'm' },
  { name: 'backingstorage', hasArg: 'required', val: 'B' },
  { name: 'fssize', hasArg: 'required', val: 'L' },
  { name: 'keepdata', hasArg: 'none', val: 'D' },
  { name: 'keepname', hasArg: 'none', val: 'K' },
  { name: 'keepmac', hasArg: 'none', val: 'M' },
  { name: 'tmpfs', hasArg: 'none', val: 't' },
  ...COMMON_OPTIONS,
];

const TASKS: Record<string, CopyTask> = { R: 'rename', s: 'snapshot', e: 'ephemeral' };
const FLAGS: Record<string, 'allowRunning' | 'keepData' | 'keepName' | 'keepMac' | 'tmpfs'> = {
  a: 'allowRunning', D: 'keepData', K: 'keepName', M: 'keepMac', t: 'tmpfs',
};

export const copySpec: ToolSpec<CopyState, CopyArgs> = {
  tool: 'lxc-copy',
  options: OPTIONS,
  initial: () => ({
    task: 'clone', allowRunning: false, foreground: false, mounts: [], keepData: false, keepName: false, keepMac: false, tmpfs: false,
  }),
  apply(state, val, arg = '') {
    const key = String(val);
    if (TASKS[key]) state.task = TASKS[key];
    else if (FLAGS[key]) state[FLAGS[key]] = true;
    else if (key === 'N') state.newName = arg;
    else if (key === 'p') state.newPath = arg;
    else if (key === 'F') state.foreground = true;
    else if (key === 'd') state.foreground = false;
    else if (key === 'm') state.mounts.push(arg);
    else if (key === 'B') state.bdev = arg;
    else if (key === 'L') state.fssize = arg;
    return true;
  },
  finish: (common, state) => ({ kind: 'run', args: { ...common, ...state } }),
};

export function parseCopyArgs(args: readonly string[], settings?: ParseSettings): ParseOutcome<CopyArgs> {
  return parseLxcArguments(copySpec, args, settings);
}
