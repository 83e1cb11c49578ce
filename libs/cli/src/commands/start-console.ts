/**
 * lxc-start -L FILE / -c FILE: as lxc_start.c, they set lxc.console.logfile and lxc.console.path
 * for this run, after the -s defines (so they win). A relative -L is taken from `/` when
 * daemonized (LXC's daemon chdirs there before opening it: measured, `-L rel.log` made /rel.log)
 * and from the caller's directory in the foreground; a relative -c likewise. -c with -F is
 * refused here (the executor would refuse it at start): LXC then shows the console on that
 * terminal, or with `none` runs init on lxc-start's own, neither of which lxcbus does.
 */
import { resolve } from 'node:path';
import type { StartArgs } from '../args';

export type ConsoleArgs = { defines: string[] } | { refused: string };

export function consoleArgs(a: Pick<StartArgs, 'console' | 'consoleLog' | 'daemonize'>, cwd = process.cwd()): ConsoleArgs {
  const defines: string[] = [];
  if (a.console !== undefined) {
    if (!a.daemonize) return { refused: `a console path in the foreground (-F -c ${a.console})` };
    defines.push(`lxc.console.path=${a.console === 'none' ? 'none' : resolve('/', a.console)}`);
  }
  if (a.consoleLog !== undefined && a.consoleLog !== '') {
    defines.push(`lxc.console.logfile=${resolve(a.daemonize ? '/' : cwd, a.consoleLog)}`);
  }
  return { defines };
}
