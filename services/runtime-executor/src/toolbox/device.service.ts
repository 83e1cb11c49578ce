/**
 * lxc-device add|del on a running container, through its shim (native/src/core/device-ctl.c),
 * which decides as LXC does whether DEV is a network link or a device node. LXC's lxc-device
 * refuses to run for anyone but root (the device cgroup and the host's links are root's), so
 * only root's requests reach the shim. Kernel refusals keep their errno in the details and
 * become one domain error each: no such device, name already taken, not a device, unsupported.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  AlreadyExistsError, BadRequestError, DomainError, ForbiddenError, NativeError, NotFoundError, UnsupportedError,
  type DeviceReply, type DeviceRequest,
} from '@lxcbus/contracts';
import { EXECUTOR_SETTINGS, type ExecutorSettings } from '../executor.settings';
import { liveContainer } from '../cgroups/cgroup.service';
import { ShimRegistry } from '../supervision/shim-registry.service';

type ErrorClass = new (message: string, details?: Record<string, unknown>) => DomainError;

/** errno name from the shim -> the domain error it means for lxc-device. */
const BY_ERRNO: Readonly<Record<string, ErrorClass>> = {
  ENOENT: NotFoundError,
  ENODEV: NotFoundError,
  EEXIST: AlreadyExistsError,
  ENOTBLK: BadRequestError,
  EINVAL: BadRequestError,
  EOPNOTSUPP: UnsupportedError,
  ENOTSUP: UnsupportedError,
  /* Host root is unmapped in an unprivileged container's userns: no nodes can be made there (as in LXC). */
  EOVERFLOW: UnsupportedError,
};

/** The failing step of the shim's op chain, "... <syscall> `<path>`: <ERRNO>" (native/src/core/error.h). */
export function failedStep(message: string): { syscall: string; path: string } | undefined {
  const m = /(\w+) `([^`]*)`: [A-Z0-9]+$/.exec(message);
  return m ? { syscall: m[1], path: m[2] } : undefined;
}

export function deviceError(err: unknown, req: DeviceRequest): DomainError {
  if (err instanceof DomainError) return err;
  const errno = (err as { code?: unknown }).code;
  const message = `${req.action} ${req.device}: ${(err as Error).message}`;
  const details = { name: req.name, device: req.device, errno, ...failedStep((err as Error).message) };
  const Kind = typeof errno === 'string' ? BY_ERRNO[errno] : undefined;
  return Kind ? new Kind(message, details) : new NativeError(message, details);
}

@Injectable()
export class DeviceService {
  constructor(
    @Inject(EXECUTOR_SETTINGS) private readonly settings: ExecutorSettings,
    private readonly registry: ShimRegistry,
  ) {}

  async device(host: string, owner: string, req: DeviceRequest): Promise<DeviceReply> {
    if (owner !== 'root') throw new ForbiddenError('lxc-device must be run as root', { owner });
    const live = liveContainer(this.registry, this.settings, host, owner, req);
    try {
      const kind = await live.handle.device(req.action, req.device, req.target ?? req.device);
      return { name: req.name, kind };
    } catch (err) {
      throw deviceError(err, req);
    }
  }
}
