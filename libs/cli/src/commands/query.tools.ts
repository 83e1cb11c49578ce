/** lxc-info, lxc-ls, lxc-wait: answered by state-reporter, printed in LXC's formats. */
import {
  DomainError, type ConfigGetReply, type ContainerInfo, type InfoReply, type LsReply, type WaitReply,
} from '@lxcbus/contracts';
import type { InfoArgs, LsArgs, WaitArgs } from '../args';
import { filterLsRows, formatInfo, formatLs, lxcError } from '../format';
import type { CliContext } from '../cli-context';
import { reportError, type ToolIo } from './command';

/** One wait request may last this long; longer waits loop, so no request outlives its deadline. */
const WAIT_SLICE_MS = 30_000;

export async function infoTool(ctx: CliContext, a: InfoArgs, io: ToolIo): Promise<number> {
  const keys = a.configKeys.length > 0;
  const wantsStats = a.stats || (a.filterCount === 0 && !keys);
  try {
    // -c KEY: values from the config on disk (runtime-executor); alone, -c prints nothing else.
    const config = keys ? (await ctx.bus.command<ConfigGetReply>('config-get', { name: a.name, lxcpath: a.lxcpaths[0], keys: a.configKeys })).values
      : undefined;
    const info: ContainerInfo = keys && a.filterCount === 0 ? { name: a.name, state: 'STOPPED', ips: [], links: [] }
      : (await ctx.bus.command<InfoReply>('info', { name: a.name, lxcpath: a.lxcpaths[0], stats: wantsStats })).info;
    const out = formatInfo({ ...info, config }, { state: a.state, pid: a.pid, ips: a.ips, stats: a.stats, noHumanize: a.noHumanize, filterCount: a.filterCount });
    io.stdout.write(out.stdout);
    io.stderr.write(out.stderr);
    return 0;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return reportError(io, { tool: 'lxc-info', name: a.name, lxcpath: a.lxcpaths[0], quiet: a.quiet }, err, { NOT_FOUND: 'infoNotFound' });
  }
}

export async function lsTool(ctx: CliContext, a: LsArgs, io: ToolIo): Promise<number> {
  const stats = Boolean(a.fancy && a.fancyFormat && /ram|swap/i.test(a.fancyFormat));
  const { containers } = await ctx.bus.command<LsReply>('ls', { lxcpath: a.lxcpaths[0], stats });
  const rows = filterLsRows(containers.map((c) => ({ ...c, defined: true })), a.filter);
  const out = formatLs(rows, {
    fancy: a.fancy, fancyFormat: a.fancyFormat, line: a.line,
    termWidth: io.stdout.isTTY || io.stderr.isTTY || io.stdin.isTTY ? io.stdout.columns ?? 80 : 0,
  });
  io.stdout.write(out.stdout);
  io.stderr.write(out.stderr);
  return 0;
}

export async function waitTool(ctx: CliContext, a: WaitArgs, io: ToolIo): Promise<number> {
  // LXC quirk kept: -t 0 blocks like -1 (its socket timeout 0 means none).
  const forever = a.timeout <= 0;
  const until = Date.now() + a.timeout * 1000;
  let last: WaitReply;
  do {
    const slice = forever ? WAIT_SLICE_MS : Math.max(0, Math.min(WAIT_SLICE_MS, until - Date.now()));
    last = await ctx.bus.command<WaitReply>('wait', { name: a.name, lxcpath: a.lxcpaths[0], states: a.states, timeoutMs: slice },
      { timeoutMs: slice + 10_000 });
    if (last.matched) return 0;
  } while (forever || Date.now() < until);
  const text = lxcError('lxc-wait', last.state && last.state !== 'STOPPED' ? 'waitTimeoutRunning' : 'waitTimeoutStopped', a.name, a.lxcpaths[0]);
  if (!(a.quiet && text.quietable)) io.stderr.write(text.stderr);
  return text.code;
}
