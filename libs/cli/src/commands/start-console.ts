/**
 * lxc-start -L FILE / -c FILE: as lxc_start.c, they set lxc.console.logfile and lxc.console.path
 * for this run, after the -s defines (so they win). A relative -L is taken from `/` when
 * daemonized (LXC's daemon chdirs there before opening it: measured, `-L rel.log` made /rel.log)
 * and from the caller's directory in the foreground. Only `-c none` is supported: a host
 * terminal as the console is refused here with a clear message instead of at start.
 */
import { resolve } from 'node:path';
import type { StartArgs } from '../args';

export type ConsoleArgs = { defines: string[] } | { refused: string };

export function consoleArgs(a: Pick<StartArgs, 'console' | 'consoleLog' | 'daemonize'>, cwd = process.cwd()): ConsoleArgs {
  const defines: string[] = [];
  if (a.console !== undefined) {
    if (a.console !== 'none') return { refused: `a host terminal as the console (-c ${a.console}; only -c none)` };
    if (!a.daemonize) return { refused: 'the foreground with no console (-F -c none)' };
    defines.push('lxc.console.path=none');
  }
  if (a.consoleLog !== undefined && a.consoleLog !== '') {
    defines.push(`lxc.console.logfile=${resolve(a.daemonize ? '/' : cwd, a.consoleLog)}`);
  }
  return { defines };
}
