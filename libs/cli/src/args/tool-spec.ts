/**
 * Shared shapes of the LXC command-line layer: the options every tool accepts
 * (LXC_COMMON_OPTIONS of 5.0.2, in table order, which matters for --usage and for
 * abbreviation: `--he` is ambiguous because `help` is listed twice, as -h and -?),
 * the outcome of parsing, and the contract a tool module fulfils.
 */
import type { LongOption } from './getopt';

export type LxcToolName =
  | 'lxc-create' | 'lxc-start' | 'lxc-stop' | 'lxc-info' | 'lxc-ls'
  | 'lxc-attach' | 'lxc-destroy' | 'lxc-wait' | 'lxc-monitor' | 'lxc-autostart' | 'lxc-copy' | 'lxc-snapshot' | 'lxc-cgroup' | 'lxc-freeze' | 'lxc-unfreeze' | 'lxc-execute'
  | 'lxc-device' | 'lxc-top' | 'lxc-console';

/** Long-only option values of arguments.h; each tool numbers its own from 0x1001 up. */
export const OPT = { USAGE: 0x1000, VERSION: 0x0fff, RCFILE: 0x0ffe } as const;

export const COMMON_OPTIONS: readonly LongOption[] = [
  { name: 'name', hasArg: 'required', val: 'n' },
  { name: 'help', hasArg: 'none', val: 'h' },
  { name: 'help', hasArg: 'none', val: '?' },
  { name: 'usage', hasArg: 'none', val: OPT.USAGE },
  { name: 'version', hasArg: 'none', val: OPT.VERSION },
  { name: 'quiet', hasArg: 'none', val: 'q' },
  { name: 'logfile', hasArg: 'required', val: 'o' },
  { name: 'logpriority', hasArg: 'required', val: 'l' },
  { name: 'lxcpath', hasArg: 'required', val: 'P' },
  { name: 'rcfile', hasArg: 'required', val: OPT.RCFILE },
];

/** What lxc_arguments_parse() leaves for every tool. */
export interface CommonArgs {
  name: string;
  /** Trailing slashes removed; the default lxcpath when -P was not given. */
  lxcpaths: string[];
  logfile?: string;
  logpriority?: string;
  quiet: boolean;
  rcfile?: string;
  /** Operands left after the name (command, template arguments, ls regex). */
  argv: string[];
}

/** Print this and exit with `code`; nothing else is done. */
export interface ExitOutcome {
  kind: 'exit';
  stdout: string;
  stderr: string;
  code: number;
  /** lxc-create -t T -h: the caller should append the template's own `-h` output. */
  templateHelp?: string;
  /** A check after parsing failed: LXC had its -o/-l log open by then, so the runner opens it too. */
  log?: CommonArgs;
}

export interface RunOutcome<T> {
  kind: 'run';
  args: T;
}

export type ParseOutcome<T> = RunOutcome<T> | ExitOutcome;

export interface ParseSettings {
  /** argv[0] as glibc prints it in option diagnostics; defaults to the tool name. */
  argv0?: string;
  /** lxc.lxcpath from the global config (`/var/lib/lxc` for root). */
  defaultLxcpath?: string;
  /** POSIXLY_CORRECT: stop at the first operand. */
  posixlyCorrect?: boolean;
  version?: string;
}

/**
 * One tool: its option table, the name it presets (lxc-ls and lxc-monitor do, so
 * they never take the name from an operand), how an option changes its state
 * (false = "could not parse command line"), and the checks main() makes before
 * acting, which may end in an exit outcome.
 */
export interface ToolSpec<S, T> {
  tool: LxcToolName;
  options: readonly LongOption[];
  presetName?: string;
  /** How many -P a tool accepts; lxc-monitor takes any number. */
  maxLxcpaths?: number;
  initial(): S;
  apply(state: S, val: string | number, arg: string | undefined): boolean;
  finish(common: CommonArgs, state: S): ParseOutcome<T>;
  /** lxc-create: the template whose `-h` follows lxc-create's help. */
  helpHook?(state: S): string | undefined;
}
