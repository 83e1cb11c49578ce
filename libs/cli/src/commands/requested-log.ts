/**
 * lxc-copy, lxc-snapshot and lxc-autostart set up liblxc logging only when
 * -o or -l is given (LXC-REFERENCE 3, gotcha 10): without them their errors
 * are silent and only the exit code tells. With them, each ERROR line goes to
 * stderr as `<tool>: <name>: <file>: <func>: <line> <message>`, even with -q once a
 * log file is open (not with `-q -o none`: observed on 5.0.2), and
 * to the -o log file (log-file/log-session.ts); -l CRIT and above hides them on both.
 */
import type { CommonArgs } from '../args';
import { logLine } from '../format/lxc-error';
import { hidesLogLine, recordLog, recordLxcbusError } from '../log-file/log-session';
import type { ToolIo } from './command';

/** One liblxc ERROR line: where the real tool raised it and what it says. */
export interface LogSite {
  /** Absent where the real source position is not known: then only `<tool>: [<name>: ]<message>`. */
  file?: string;
  func?: string;
  line?: number;
  message: string;
  /** Logged without the container name (lxc-autostart's own lines: it has no -n). */
  anonymous?: boolean;
}

export const LXC_SRC = '../src/lxc/';

export const site = (file: string, func: string, line: number, message: string): LogSite => ({ file: `${LXC_SRC}${file}`, func, line, message });

export type RequestedLog = (sites: LogSite[]) => void;

export function requestedLog(tool: string, a: CommonArgs, io: ToolIo): RequestedLog {
  const on = a.logfile !== undefined || a.logpriority !== undefined;
  return (sites) => {
    if (!on) return;
    // -q holds only when no file opened (-o none); -l CRIT and above hides them anyway (log-session.ts).
    const hidden = hidesLogLine(a.quiet);
    for (const s of sites) {
      const text = s.file !== undefined && s.anonymous ? anonymousLine(tool, s)
        : s.file !== undefined ? logLine(tool, a.name, s.file, s.func ?? '', s.line ?? 0, s.message)
        : plainLine(tool, a.name, s.message);
      if (!hidden) io.stderr.write(`${text}\n`);
    }
  };
}

/** lxc-autostart's own lines: no container name on stderr; logLine() is not used, so they are logged here. */
function anonymousLine(tool: string, s: LogSite): string {
  recordLog({ level: 'ERROR', file: s.file ?? '', func: s.func ?? '', line: s.line ?? 0, message: s.message });
  return `${tool}: ${s.file}: ${s.func}: ${s.line} ${s.message}`;
}

/** An lxcbus message with no liblxc source position. */
function plainLine(tool: string, name: string, message: string): string {
  recordLxcbusError('main', message);
  return `${tool}: ${name ? `${name}: ` : ''}${message}`;
}
