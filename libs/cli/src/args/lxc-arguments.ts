/**
 * lxc_arguments_parse() of LXC 5.0.2: options are handled in command-line order,
 * so `--version --bogus` prints the version while `--bogus --version` prints the
 * getopt error and help. -? and getopt errors print help and exit 1, -h/--help
 * exits 0 (help goes to stderr either way), --version goes to stdout. Without -n
 * the first operand is the name, except for tools that preset one.
 */
import { isLogSituation, lxcError, LxcSituation } from '../format/lxc-error';
import { stderrPolicyOf } from '../log-file/log-session';
import { getoptLong } from './getopt';
import { CommonArgs, ExitOutcome, LxcToolName, OPT, ParseOutcome, ParseSettings, ToolSpec } from './tool-spec';
import { helpText, usageText } from './usage-text';

export const LXC_VERSION = '5.0.2';
export const DEFAULT_LXCPATH = '/var/lib/lxc';

export function exitWith(stdout: string, stderr: string, code: number): ExitOutcome {
  return { kind: 'exit', stdout, stderr, code };
}

/** remove_trailing_slashes(): `/x//` -> `/x`, but `/` stays `/`. */
export function trimTrailingSlashes(path: string): string {
  let end = path.length;
  while (end > 1 && path[end - 1] === '/') end -= 1;
  return path.slice(0, end);
}

interface Draft {
  name?: string;
  lxcpaths: string[];
  logfile?: string;
  logpriority?: string;
  quiet: boolean;
  rcfile?: string;
}

/** lxc_error(): `<tool>: <message>`, silenced by an earlier -q. */
function quietable(draft: Draft, text: { stderr: string; code: number }): ExitOutcome {
  return exitWith('', draft.quiet ? '' : text.stderr, text.code);
}

/** The checks a tool's main() makes after parsing fail with a liblxc log line. */
export function failWith(common: CommonArgs, tool: LxcToolName, situation: LxcSituation, detail = ''): ExitOutcome {
  const text = lxcError(tool, situation, common.name, common.lxcpaths[0], detail);
  // lxc_error() texts come from the argument checks, before LXC opens its log: -o/-l change nothing.
  if (!isLogSituation(situation)) return exitWith('', common.quiet && text.quietable ? '' : text.stderr, text.code);
  // The log is not open yet while parsing: its effect on stderr comes from the arguments (log-session.ts).
  const policy = stderrPolicyOf(common);
  const hidden = policy.hidesErrors || (common.quiet && !policy.ignoresQuiet);
  const asked = common.logfile !== undefined || common.logpriority !== undefined;
  return { ...exitWith('', hidden ? '' : text.stderr, text.code), ...(asked && { log: common }) };
}

function applyCommon<S, T>(spec: ToolSpec<S, T>, state: S, draft: Draft, val: string | number, arg: string | undefined, settings: ParseSettings): ExitOutcome | 'handled' | 'tool' {
  const help = (code: number): ExitOutcome => {
    const hook = spec.helpHook?.(state);
    return { ...exitWith('', helpText(spec.tool), code), ...(hook !== undefined && { templateHelp: hook }) };
  };
  switch (val) {
    case 'n': draft.name = arg; return 'handled';
    case 'o': draft.logfile = arg; return 'handled';
    case 'l': draft.logpriority = arg; return 'handled';
    case 'q': draft.quiet = true; return 'handled';
    case OPT.RCFILE: draft.rcfile = arg; return 'handled';
    case 'P':
      if (draft.lxcpaths.length >= (spec.maxLxcpaths ?? 1)) {
        return exitWith('', lxcError(spec.tool, 'tooManyLxcpaths', '', '').stderr, 1);
      }
      draft.lxcpaths.push(trimTrailingSlashes(arg ?? ''));
      return 'handled';
    case OPT.USAGE: return exitWith('', usageText(spec.tool, spec.options), 0);
    case OPT.VERSION: return exitWith(`${settings.version ?? LXC_VERSION}\n`, '', 0);
    case '?': return help(1);
    case 'h': return help(0);
    default: return 'tool';
  }
}

export function parseLxcArguments<S, T>(spec: ToolSpec<S, T>, args: readonly string[], settings: ParseSettings = {}): ParseOutcome<T> {
  const argv0 = settings.argv0 ?? spec.tool;
  const parsed = getoptLong(args, spec.options, argv0, { posixlyCorrect: settings.posixlyCorrect });
  const draft: Draft = { name: spec.presetName, lxcpaths: [], quiet: false };
  const state = spec.initial();
  for (const { val, arg } of parsed.events) {
    const common = applyCommon(spec, state, draft, val, arg, settings);
    if (common === 'handled') continue;
    if (common !== 'tool') return common;
    if (!spec.apply(state, val, arg)) return quietable(draft, lxcError(spec.tool, 'parseFailed', '', ''));
  }
  if (parsed.error !== undefined) return exitWith('', `${parsed.error}\n${helpText(spec.tool)}`, 1);

  const operands = [...parsed.operands];
  if (draft.name === undefined) draft.name = operands.shift();
  if (draft.name === undefined) return quietable(draft, lxcError(spec.tool, 'noName', '', ''));
  const common: CommonArgs = {
    name: draft.name,
    lxcpaths: draft.lxcpaths.length ? draft.lxcpaths : [settings.defaultLxcpath ?? DEFAULT_LXCPATH],
    quiet: draft.quiet,
    argv: operands,
    ...(draft.logfile !== undefined && { logfile: draft.logfile }),
    ...(draft.logpriority !== undefined && { logpriority: draft.logpriority }),
    ...(draft.rcfile !== undefined && { rcfile: draft.rcfile }),
  };
  return spec.finish(common, state);
}
