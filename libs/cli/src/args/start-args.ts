/**
 * lxc-start options (src/lxc/tools/lxc_start.c, 5.0.2). -d is the default and -F
 * undoes it (the last one wins). `-s KEY=VAL` needs an `=`; the key itself is only
 * checked when the config is loaded. Operands are the command that replaces
 * /sbin/init. `--rcfile` matches -f exactly, so in lxc-start an abbreviation like
 * `--rc` is ambiguous (two table entries named rcfile).
 */
import type { LongOption } from './getopt';
import { parseLxcArguments } from './lxc-arguments';
import { COMMON_OPTIONS, CommonArgs, ParseOutcome, ParseSettings, ToolSpec } from './tool-spec';

export interface ConfigDefine {
  key: string;
  value: string;
}

export type ShareNamespace = 'net' | 'ipc' | 'uts' | 'pid';

export interface StartArgs extends CommonArgs {
  daemonize: boolean;
  /** -s, in order. */
  defines: ConfigDefine[];
  pidfile?: string;
  console?: string;
  consoleLog?: string;
  closeAllFds: boolean;
  /** --share-KIND=NAME|PID */
  share: Partial<Record<ShareNamespace, string>>;
  /** Replaces /sbin/init when not empty. */
  command: string[];
}

type StartState = Omit<StartArgs, keyof CommonArgs | 'command'> & { rcfile?: string };

const SHARE: Record<number, ShareNamespace> = { 0x1001: 'net', 0x1002: 'ipc', 0x1003: 'uts', 0x1004: 'pid' };

const OPTIONS: readonly LongOption[] = [
  { name: 'daemon', hasArg: 'none', val: 'd' },
  { name: 'foreground', hasArg: 'none', val: 'F' },
  { name: 'rcfile', hasArg: 'required', val: 'f' },
  { name: 'define', hasArg: 'required', val: 's' },
  { name: 'console', hasArg: 'required', val: 'c' },
  { name: 'console-log', hasArg: 'required', val: 'L' },
  { name: 'close-all-fds', hasArg: 'none', val: 'C' },
  { name: 'pidfile', hasArg: 'required', val: 'p' },
  { name: 'share-net', hasArg: 'required', val: 0x1001 },
  { name: 'share-ipc', hasArg: 'required', val: 0x1002 },
  { name: 'share-uts', hasArg: 'required', val: 0x1003 },
  { name: 'share-pid', hasArg: 'required', val: 0x1004 },
  ...COMMON_OPTIONS,
];

/** lxc_config_define_add(): `KEY=VAL`, blanks around both trimmed. */
export function parseDefine(text: string): ConfigDefine | undefined {
  const eq = text.indexOf('=');
  if (eq < 0) return undefined;
  return { key: text.slice(0, eq).trim(), value: text.slice(eq + 1).trim() };
}

export const startSpec: ToolSpec<StartState, StartArgs> = {
  tool: 'lxc-start',
  options: OPTIONS,
  initial: () => ({ daemonize: true, defines: [], closeAllFds: false, share: {} }),
  apply(state, val, arg = '') {
    switch (val) {
      case 'd': state.daemonize = true; return true;
      case 'F': state.daemonize = false; return true;
      case 'f': state.rcfile = arg; return true;
      case 'c': state.console = arg; return true;
      case 'L': state.consoleLog = arg; return true;
      case 'C': state.closeAllFds = true; return true;
      case 'p': state.pidfile = arg; return true;
      case 's': {
        const define = parseDefine(arg);
        if (define) state.defines.push(define);
        return define !== undefined;
      }
      default:
        if (typeof val === 'number' && SHARE[val]) state.share[SHARE[val]] = arg;
        return true;
    }
  },
  finish(common, state) {
    const rcfile = state.rcfile ?? common.rcfile;
    return { kind: 'run', args: { ...common, ...state, ...(rcfile !== undefined && { rcfile }), command: common.argv } };
  },
};

export function parseStartArgs(args: readonly string[], settings?: ParseSettings): ParseOutcome<StartArgs> {
  return parseLxcArguments(startSpec, args, settings);
}
