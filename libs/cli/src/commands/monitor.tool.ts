/**
 * lxc-monitor: state changes and exits of the owner's containers as they
 * happen, printed as LXC prints them, until interrupted. Reads the event
 * subjects directly (core NATS delivery of the JetStream-stored events).
 */
import { parseEvent, subjects, type EventDataOf } from '@lxcbus/contracts';
import type { MonitorArgs } from '../args';
import { formatExitStatus, formatStateChange, lxcError, monitorNameMatcher } from '../format';
import type { CliContext } from '../cli-context';
import type { ToolIo } from './command';

export async function monitorTool(ctx: CliContext, a: MonitorArgs, io: ToolIo): Promise<number> {
  if (a.quit) return 0;
  const matches = monitorNameMatcher(a.name);
  if (!matches) {
    const text = lxcError('lxc-monitor', 'monitorBadRegex', a.name, a.lxcpaths[0]);
    io.stderr.write(text.stderr);
    return text.code;
  }
  const lxcpaths = new Set(a.lxcpaths);
  const sub = ctx.nc.subscribe(subjects.eventFilter({ host: ctx.settings.host, owner: ctx.owner }));
  const stop = () => sub.unsubscribe();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  for await (const msg of sub) {
    let parsed;
    try {
      parsed = parseEvent(msg.json());
    } catch {
      continue;
    }
    if (!parsed) continue;
    const d = parsed.event.data as { name: string; lxcpath: string };
    if (!lxcpaths.has(d.lxcpath) || !matches(d.name)) continue;
    if (parsed.type === 'state') io.stdout.write(formatStateChange(d.name, (d as EventDataOf<'state'>).state));
    // LXC prints the exit code (WEXITSTATUS), 0 when init was killed by a signal.
    if (parsed.type === 'exit') io.stdout.write(formatExitStatus(d.name, (d as EventDataOf<'exit'>).code ?? 0));
  }
  return 0;
}
