/**
 * lxc-execute with the caller's stdio: the shim holds the command's three pipes
 * (spec initStdio) until claimed; this claims them and bridges them to the
 * caller's io session exactly as an attach session (attach-bridge.ts), so the
 * client sees stdout and stderr apart and as produced, and its stdin reaches
 * the command. The exit frame carries init's status, which is the command's.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import { BUS_CONNECTION } from '@lxcbus/bus';
import { KERNEL_PORT, type KernelPort } from '../kernel/kernel.port';
import { AttachBridge, type BridgeTarget } from './attach-bridge';

@Injectable()
export class ExecuteStdio {
  private readonly logger = new Logger(ExecuteStdio.name);

  constructor(
    @Inject(BUS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(KERNEL_PORT) private readonly kernel: KernelPort,
  ) {}

  /** Checked before a start, so an unsupported kernel refuses instead of leaving an unclaimed command. */
  supported(): boolean {
    return typeof this.kernel.connect('/').stdio === 'function';
  }

  /** Claims and bridges; returns once input is listened to, so the caller may reply and let stdin flow. */
  bridge(runDir: string, target: BridgeTarget): void {
    const handle = this.kernel.connect(runDir);
    if (!handle.stdio) throw new Error('this kernel cannot hand over an execute command\'s stdio');
    const bridge = new AttachBridge(this.nc, target, handle.stdio());
    bridge.listen();
    void bridge.pump().catch((err: unknown) => this.logger.error({ err, session: target.session }, 'execute bridge failed'));
  }
}
