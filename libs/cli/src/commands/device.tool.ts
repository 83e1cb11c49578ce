/**
 * lxc-device -n NAME add|del DEV [NAME2], in lxc_device.c's order: only root may run it
 * (silently rc 1 otherwise), the container must be running, then the command is checked,
 * then one `device` request. Failures of the request itself (no such device or link, a name
 * already taken) are LXC's "Failed to add/del"; causes LXC has no words for (unsupported,
 * native errors) are printed first, so they are not lost.
 */
import { DomainError, type ContainerInfo, type DeviceReply } from '@lxcbus/contracts';
import type { DeviceArgs } from '../args';
import type { CliContext } from '../cli-context';
import { deviceMessage, unmappedNodeMessage, type DeviceSituation } from '../format/device-messages';
import { hidesLogLine, recordLxcbusError } from '../log-file/log-session';
import type { ToolIo } from './command';

/** Codes whose LXC text ("Failed to ...") says all there is to say. */
const PLAIN_FAILURES = new Set(['NOT_FOUND', 'ALREADY_EXISTS', 'BAD_REQUEST']);

async function isRunning(ctx: CliContext, a: DeviceArgs): Promise<boolean> {
  try {
    const reply = await ctx.bus.command<{ info: ContainerInfo }>('info', { name: a.name, lxcpath: a.lxcpaths[0], stats: false });
    return reply.info.state !== 'STOPPED';
  } catch (err) {
    if (err instanceof DomainError && err.code === 'NOT_FOUND') return false;
    throw err;
  }
}

export async function deviceTool(ctx: CliContext, a: DeviceArgs, io: ToolIo): Promise<number> {
  const say = (s: DeviceSituation, dev?: string): number => {
    if (!hidesLogLine(a.quiet)) io.stderr.write(deviceMessage(s, a.name, dev));
    return 1;
  };
  if (typeof process.geteuid === 'function' && process.geteuid() !== 0) return 1;
  if (!a.action || a.action === 'bad' || !a.device) {
    if (!(await isRunning(ctx, a))) return say('notRunning');
    return say(a.action === 'bad' ? 'badCommand' : 'noCommand');
  }
  try {
    await ctx.bus.command<DeviceReply>('device', {
      name: a.name, lxcpath: a.lxcpaths[0], action: a.action, device: a.device, ...(a.target !== undefined && { target: a.target }),
    });
    return 0;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    if (err.code === 'NOT_RUNNING') return say('notRunning');
    const details = (err.details ?? {}) as { errno?: string; syscall?: string; path?: string };
    if (details.errno === 'EOVERFLOW' && a.action === 'add') {
      if (!hidesLogLine(a.quiet)) io.stderr.write(unmappedNodeMessage(a.name, a.device, details));
      return 1;
    }
    if (!PLAIN_FAILURES.has(err.code)) {
      io.stderr.write(`lxc-device: ${a.name}: ${err.message} (${err.code})\n`);
      recordLxcbusError(err.code, `${err.message} (${err.code})`);
    }
    return say(a.action === 'add' ? 'addFailed' : 'delFailed', a.device);
  }
}
