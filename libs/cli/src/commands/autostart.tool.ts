/**
 * lxc-autostart, orchestrated by the client over existing verbs: `ls` for the
 * containers and their states, `config-get` for lxc.start.auto/.delay/.order
 * and lxc.group as they are on disk now (the records only know the config of
 * the last create or start), then `start` or `stop` one container at a time,
 * sleeping lxc.start.delay after each start. -r is liblxc's reboot(): the reboot
 * signal without waiting (a `stop` with reboot and timeout 0), then the delay, in
 * start order. Exit status as LXC: 1 when every attempted action failed, 2 when some did.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError, type ConfigGetReply, type LsReply } from '@lxcbus/contracts';
import type { AutostartArgs } from '../args';
import type { CliContext } from '../cli-context';
import { configInteger, configList, planAutostart, type AutostartCandidate } from './autostart-plan';
import type { ToolIo } from './command';
import { requestedLog, site } from './requested-log';

const KEYS = ['lxc.start.auto', 'lxc.start.delay', 'lxc.start.order', 'lxc.group'];
const START_TIMEOUT_MS = 120_000;
const SKIPPED = ['CONFIG_INVALID', 'NOT_FOUND'];

async function candidates(ctx: CliContext, lxcpath: string): Promise<AutostartCandidate[]> {
  const { containers } = await ctx.bus.command<LsReply>('ls', { lxcpath });
  const out: AutostartCandidate[] = [];
  for (const c of containers) {
    let values: ConfigGetReply['values'];
    try {
      ({ values } = await ctx.bus.command<ConfigGetReply>('config-get', { name: c.name, lxcpath, keys: KEYS }));
    } catch (err) {
      // list_defined_containers() skips a container whose config does not load; a missing executor is fatal.
      if (err instanceof DomainError && SKIPPED.includes(err.code)) continue;
      throw err;
    }
    const v = (key: string) => values.find((x) => x.key === key)?.value;
    out.push({
      name: c.name, running: c.state !== 'STOPPED', auto: configInteger(v('lxc.start.auto')) === 1,
      delay: configInteger(v('lxc.start.delay')), order: configInteger(v('lxc.start.order')), groups: configList(v('lxc.group')),
    });
  }
  return out;
}

type Action = 'start' | 'shutdown' | 'kill' | 'reboot';

function actionOf(a: AutostartArgs): Action {
  return a.shutdown ? 'shutdown' : a.kill ? 'kill' : a.reboot ? 'reboot' : 'start';
}

async function act(ctx: CliContext, action: Action, c: AutostartCandidate, a: AutostartArgs): Promise<void> {
  const lxcpath = a.lxcpaths[0];
  if (action === 'start') {
    await ctx.bus.command('start', { name: c.name, lxcpath, defines: [] }, { timeoutMs: START_TIMEOUT_MS });
    return;
  }
  if (action === 'reboot') {
    await ctx.bus.command('stop', { name: c.name, lxcpath, timeout: 0, reboot: true });
    return;
  }
  const kill = action === 'kill';
  const waitMs = kill ? 0 : a.timeout < 0 ? 24 * 3600_000 : a.timeout * 1000;
  await ctx.bus.command('stop', { name: c.name, lxcpath, timeout: kill ? 0 : Math.max(-1, a.timeout), kill },
    { timeoutMs: waitMs + 30_000 });
}

/** The ERROR lines of lxc_autostart.c main() (start: captured; shutdown and kill: their source lines). */
const FAILURE_SITE: Record<Action, [number, string]> = {
  start: [468, 'Error starting container'], shutdown: [421, 'Error shutting down container'],
  kill: [436, 'Error killing container'], reboot: [451, 'Error rebooting container'],
};

export async function autostartTool(ctx: CliContext, a: AutostartArgs, io: ToolIo): Promise<number> {
  const action = actionOf(a);
  const log = requestedLog('lxc-autostart', a, io);
  const chosen = planAutostart(await candidates(ctx, a.lxcpaths[0]), {
    groups: a.groups, all: a.all, ignoreAuto: a.ignoreAuto, reverse: action === 'shutdown' || action === 'kill',
  });
  let failed = 0;
  for (const c of chosen) {
    // Start acts on stopped containers, every other action on running ones.
    if ((action === 'start') === c.running) continue;
    if (a.list) {
      io.stdout.write(action === 'shutdown' || action === 'kill' ? `${c.name}\n` : `${c.name} ${c.delay}\n`);
      continue;
    }
    try {
      await act(ctx, action, c, a);
      if ((action === 'start' || action === 'reboot') && c.delay > 0) await sleep(c.delay * 1000);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      failed += 1;
      // The tool's own line has no container name in front; liblxc's cause line before it does.
      const [line, text] = FAILURE_SITE[action];
      log([
        { message: `${c.name}: ${err.message} (${err.code})` },
        { ...site('tools/lxc_autostart.c', 'main', line, `${text}: ${c.name}`), anonymous: true },
      ]);
    }
  }
  if (failed > 0 && failed === chosen.length) return 1;
  return failed > 0 ? 2 : 0;
}
