/** The contract of one CLI tool: parsed args in, exit code out, output through the given streams. */
import type { DomainError } from '@lxcbus/contracts';
import type { CliContext } from '../cli-context';
import { lxcError, type LxcSituation, type LxcTool } from '../format';
import { recordLxcbusError } from '../log-file/log-session';

export interface ToolIo {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export type ToolRunner<A> = (ctx: CliContext, args: A, io: ToolIo) => Promise<number>;

/** Which LXC message stands for which domain error code, per tool. */
export type ErrorMap = Partial<Record<string, LxcSituation>>;

export interface ToolFailure {
  tool: LxcTool;
  name: string;
  lxcpath: string;
  quiet: boolean;
}

/**
 * Prints LXC's text for a known failure; anything else as `<tool>: <name>: <message>`
 * so the cause (e.g. UNSUPPORTED, NO_RESPONDERS) reaches the user. Returns the exit code.
 */
export function reportError(io: ToolIo, f: ToolFailure, err: DomainError, map: ErrorMap, extra?: LxcSituation, detail = ''): number {
  const situation = map[err.code];
  if (situation) {
    const text = lxcError(f.tool, situation, f.name, f.lxcpath, detail);
    if (!(f.quiet && text.quietable)) io.stderr.write(text.stderr);
    return text.code;
  }
  io.stderr.write(`${f.tool}: ${f.name ? `${f.name}: ` : ''}${err.message} (${err.code})\n`);
  recordLxcbusError(err.code, `${err.message} (${err.code})`);
  if (extra) {
    const text = lxcError(f.tool, extra, f.name, f.lxcpath);
    if (!(f.quiet && text.quietable)) io.stderr.write(text.stderr);
    return text.code;
  }
  return 1;
}

export function refuse(io: ToolIo, tool: string, what: string): number {
  io.stderr.write(`${tool}: ${what} is not supported by this lxcbus version\n`);
  return 1;
}
