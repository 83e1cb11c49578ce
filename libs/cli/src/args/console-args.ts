/**
 * lxc-console options (src/lxc/tools/lxc_console.c, 5.0.2): -t goes through
 * lxc_safe_uint (so `-t -1` and `-t x` fail the parse); without -t the tty is
 * -1, "the first free one". -e takes the first character of its value, or the
 * one after a `^`, and turns it into a control code as LXC's etoc() does.
 */
import { safeUint } from './c-numbers';
import type { LongOption } from './getopt';
import { parseLxcArguments } from './lxc-arguments';
import { COMMON_OPTIONS, CommonArgs, ParseOutcome, ParseSettings, ToolSpec } from './tool-spec';

export interface ConsoleArgs extends CommonArgs {
  /** -1: the first free tty; 0: /dev/console. */
  ttynum: number;
  /** The escape prefix as a byte: 1 (Ctrl+a) by default. */
  escape: number;
}

type ConsoleState = Pick<ConsoleArgs, 'ttynum' | 'escape'>;

const OPTIONS: readonly LongOption[] = [
  { name: 'tty', hasArg: 'required', val: 't' },
  { name: 'escape', hasArg: 'required', val: 'e' },
  ...COMMON_OPTIONS,
];

/** etoc() of lxc_console.c: `a` -> 1 (Ctrl+a), `^b` -> 2; kept to a byte as C's char is. */
export function escapeCode(expr: string): number {
  const c = (expr.startsWith('^') ? expr.charCodeAt(1) : expr.charCodeAt(0)) || 0;
  const code = 1 + (c > 0x5a ? c - 0x61 : c - 0x5a);
  return ((code % 256) + 256) % 256;
}

export const consoleSpec: ToolSpec<ConsoleState, ConsoleArgs> = {
  tool: 'lxc-console',
  options: OPTIONS,
  initial: () => ({ ttynum: -1, escape: 1 }),
  apply(state, val, arg) {
    if (val === 't') {
      const n = safeUint(arg ?? '');
      if (n === undefined) return false;
      state.ttynum = n;
      return true;
    }
    if (val === 'e') {
      state.escape = escapeCode(arg ?? '');
      return true;
    }
    return false;
  },
  finish: (common, state) => ({ kind: 'run', args: { ...common, ...state } }),
};

export function parseConsoleArgs(args: readonly string[], settings?: ParseSettings): ParseOutcome<ConsoleArgs> {
  return parseLxcArguments(consoleSpec, args, settings);
}
