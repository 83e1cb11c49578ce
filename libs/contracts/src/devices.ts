/**
 * lxc-device and lxc-top on the bus.
 *
 * `device` (runtime-executor of the container's host): add or remove a device node or move a
 * network link in or out of a running container. `target` is LXC's optional second operand
 * (the name in the container for add, the name back on the host for del); it defaults to
 * `device`. The reply says what `device` turned out to be.
 *
 * `top` (state-reporter): the usage figures of every active (running or frozen) container of
 * an lxcpath in one answer, the counters lxc-top reads from the cgroups. CPU user/system
 * times are in USER_HZ ticks (100 per second), as cpuacct.stat counts them.
 */
import { z } from 'zod';
import { CONTAINER_NAME_PATTERN } from './names';

const absPath = z.string().min(1).max(4096).refine((p) => p.startsWith('/') && !p.split('/').includes('..'), {
  message: 'must be an absolute path without ".."',
});
/** A device path or a link name: one word (the shim's request line is space separated). */
const deviceOperand = z.string().regex(/^[^\s\0]{1,4096}$/, 'a device path or link name without whitespace');

export const DeviceRequest = z.object({
  name: z.string().regex(CONTAINER_NAME_PATTERN),
  lxcpath: absPath.optional(),
  action: z.enum(['add', 'del']),
  device: deviceOperand,
  target: deviceOperand.optional(),
}).strict();
export type DeviceRequest = z.infer<typeof DeviceRequest>;

export interface DeviceReply {
  name: string;
  /** `net`: a link was moved; `node`: a device node was made or removed. */
  kind: 'net' | 'node';
}

export const TopRequest = z.object({
  lxcpath: absPath.optional(),
}).strict();
export type TopRequest = z.infer<typeof TopRequest>;

/** USER_HZ of cpuacct.stat and of lxc-top's Sys/User columns. */
export const USER_HZ = 100;

export interface TopRow {
  name: string;
  cpuNs?: number;
  cpuSysTicks?: number;
  cpuUserTicks?: number;
  blkioBytes?: number;
  blkioReadBytes?: number;
  blkioWriteBytes?: number;
  /** I/O operations (v1 blkio.throttle.io_serviced Total; absent on cgroup2, as LXC reads none). */
  blkioIos?: number;
  memBytes?: number;
  /** v1 memory.memsw.usage_in_bytes (memory + swap), v2 memory.swap.current. */
  memswBytes?: number;
  kmemBytes?: number;
}

export interface TopReply {
  containers: TopRow[];
}
