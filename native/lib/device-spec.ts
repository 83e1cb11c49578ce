/**
 * lxc-device requests to the shim (verb `device`, native/src/core/device-ctl.c): a device path
 * or a link name, and the name it gets on the other side. The request is one space-separated
 * line, so operands are checked here first: non-empty, no whitespace or NUL, bounded.
 */
import { InvalidArgumentError } from './errors';

export type DeviceAction = 'add' | 'del';
/** What the shim found `src` to be: a network link (moved) or a device node (made/removed). */
export type DeviceKind = 'net' | 'node';

const OPERAND = /^[^\s\0]{1,4096}$/;

export function deviceRequestLine(action: DeviceAction, src: string, dst: string): string {
  if (action !== 'add' && action !== 'del') throw new InvalidArgumentError('action', 'must be add or del');
  if (!OPERAND.test(src)) throw new InvalidArgumentError('device', 'must be a path or link name without whitespace');
  if (!OPERAND.test(dst)) throw new InvalidArgumentError('target', 'must be a path or link name without whitespace');
  return `device ${action} ${src} ${dst}`;
}

export function parseDeviceReply(reply: string): DeviceKind | undefined {
  return reply === 'OK NET' ? 'net' : reply === 'OK NODE' ? 'node' : undefined;
}
