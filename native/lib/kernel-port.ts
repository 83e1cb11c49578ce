/**
 * The kernel seam. Services depend on KernelPort; production uses nativeKernel(), unit tests
 * a RecordingKernelPort that records calls and returns scripted results.
 */
import { loadAddon, type StartShimRequest } from './addon';
import type { StartResult } from './types';

export interface KernelPort {
  startShim(req: StartShimRequest): Promise<StartResult>;
  processAlive(pid: number): boolean;
  signal(pid: number, sig: number): void;
}

export function nativeKernel(): KernelPort {
  return {
    startShim: (req) => loadAddon().startShim(req),
    processAlive: (pid) => loadAddon().processAlive(pid),
    signal: (pid, sig) => loadAddon().signal(pid, sig),
  };
}

export type KernelCall =
  | { fn: 'startShim'; req: StartShimRequest }
  | { fn: 'processAlive'; pid: number }
  | { fn: 'signal'; pid: number; sig: number };

export class RecordingKernelPort implements KernelPort {
  readonly calls: KernelCall[] = [];
  startResult: StartResult | Error = { shimPid: 100, initPid: 101 };
  alive = new Set<number>();

  async startShim(req: StartShimRequest): Promise<StartResult> {
    this.calls.push({ fn: 'startShim', req });
    if (this.startResult instanceof Error) throw this.startResult;
    return this.startResult;
  }

  processAlive(pid: number): boolean {
    this.calls.push({ fn: 'processAlive', pid });
    return this.alive.has(pid);
  }

  signal(pid: number, sig: number): void {
    this.calls.push({ fn: 'signal', pid, sig });
  }
}
