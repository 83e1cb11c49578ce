/**
 * One line of an LXC 5.0.2 log file (log.c, log_append_logfile()):
 * `<prefix>[ <name>] <YYYYMMDDhhmmss.mmm> <LEVEL padded to 8> <category> - <file>:<func>:<line> - <message>`.
 */
import type { LogLevel } from './log-priority';

/** One log line lxcbus raises: where the real tool raised it and what it says. */
export interface LogRecord {
  level: LogLevel;
  file: string;
  func: string;
  line: number;
  /** With any `<strerror> - ` head already in place, as on stderr. */
  message: string;
}

/** Where the real source position is unknown (bus errors): said as lxcbus's own, not dressed up as liblxc's. */
export const LXCBUS_FILE = 'lxcbus';

/** lxc_log_define() names each category after its source file: tools/lxc_start.c -> lxc_start, storage/overlay.c -> overlay. */
export function categoryOf(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return base.endsWith('.c') ? base.slice(0, -2) : base;
}

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * UTC, as lxc_unix_epoch_to_utc(): the fraction is the first three digits of the
 * nanoseconds printed without zero padding (`%.3s`), so 5.1 ms reads `.510`, as in LXC.
 */
export function lxcTimestamp(epochMs: number): string {
  const d = new Date(Math.floor(epochMs));
  const nanos = Math.floor((epochMs - Math.floor(epochMs / 1000) * 1000) * 1e6);
  return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}`
    + `${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}.${String(nanos).slice(0, 3)}`;
}

/** The whole line with its newline; `name` empty for tools without a container (lxc-ls, lxc-autostart). */
export function fileLine(prefix: string, name: string, timestamp: string, r: LogRecord): string {
  const who = name ? `${prefix} ${name}` : prefix;
  return `${who} ${timestamp} ${r.level.padEnd(8)} ${categoryOf(r.file)} - ${r.file}:${r.func}:${r.line} - ${r.message}\n`;
}
