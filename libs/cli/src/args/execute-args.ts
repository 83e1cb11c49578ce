/**
 * lxc-execute options (src/lxc/tools/lxc_execute.c, 5.0.2): -d, -f, -s KEY=VAL, -u UID,
 * -g GID and the --share-KIND options of lxc-start; the operands are the command, and
 * a missing config is refused before the command is looked at (as 5.0.2 does).
 */
import type { LongOption } from './getopt';
import { parseLxcArguments } from './lxc-arguments';
import { parseDefine, type ConfigDefine } from './start-args';
import { COMMON_OPTIONS, CommonArgs, ParseOutcome, ParseSettings, ToolSpec } from './tool-spec';

export interface ExecuteArgs extends CommonArgs {
  daemonize: boolean;
  defines: ConfigDefine[];
  uid?: number;
  gid?: number;
  command: string[];
}

type ExecuteState = Omit<ExecuteArgs, keyof CommonArgs | 'command'> & { rcfile?: string };

const OPTIONS: readonly LongOption[] = [
  { name: 'daemon', hasArg: 'none', val: 'd' },
  { name: 'rcfile', hasArg: 'required', val: 'f' },
  { name: 'define', hasArg: 'required', val: 's' },
  { name: 'uid', hasArg: 'required', val: 'u' },
  { name: 'gid', hasArg: 'required', val: 'g' },
  { name: 'share-net', hasArg: 'required', val: 0x1001 },
  { name: 'share-ipc', hasArg: 'required', val: 0x1002 },
  { name: 'share-uts', hasArg: 'required', val: 0x1003 },
  { name: 'share-pid', hasArg: 'required', val: 0x1004 },
  ...COMMON_OPTIONS,
];

/** lxc_safe_uint(): decimal digits only. */
const uint = (s: string): number | undefined => (/^[0-9]+$/.test(s) && Number(s) <= 0xffffffff ? Number(s) : undefined);

export const executeSpec: ToolSpec<ExecuteState, ExecuteArgs> = {
  tool: 'lxc-execute',
  options: OPTIONS,
  initial: () => ({ daemonize: false, defines: [] }),
  apply(state, val, arg = '') {
    switch (val) {
      case 'd': state.daemonize = true; return true;
      case 'f': state.rcfile = arg; return true;
      case 's': {
        // Unlike lxc-start, lxc-execute ignores what lxc_config_define_add() refuses (`-s bad` runs, rc of the command).
        const define = parseDefine(arg);
        if (define) state.defines.push(define);
        return true;
      }
      case 'u': state.uid = uint(arg); return state.uid !== undefined;
      case 'g': state.gid = uint(arg); return state.gid !== undefined;
      default: return true;
    }
  },
  finish(common, state) {
    const rcfile = state.rcfile ?? common.rcfile;
    return { kind: 'run', args: { ...common, ...state, ...(rcfile !== undefined && { rcfile }), command: common.argv } };
  },
};

export function parseExecuteArgs(args: readonly string[], settings?: ParseSettings): ParseOutcome<ExecuteArgs> {
  return parseLxcArguments(executeSpec, args, settings);
}
