/** KernelPort over @lxcbus/native: the addon starts shims, the shim client speaks to them. */
import { Injectable } from '@nestjs/common';
import { join } from 'node:path';
import {
  ShimClient, clearRunDir, scanRunDirs, startContainer, type ContainerSpec as NativeSpec, type ExitStatus as NativeExit,
  type MountEntry, type ExecSession as NativeExecSession,
} from '@lxcbus/native';
import type { ContainerSpec } from '../containers/container-spec';
import { readCgroupUsage } from './cgroup-usage';
import { readTopUsage } from './cgroup-top-usage';
import { NO_CGROUP } from '../rootless/rootless-mode';
import type { ExecOptions, ExecSession, ExitStatus, KernelPort, RunDirScan, ShimHandle, Started } from './kernel.port';

const SHIM_CGROUP_PARENT = 'lxcbus';

/** lxc.mount.entry is an fstab line: source target fstype options [dump [pass]]. */
export function mountEntry(line: string): MountEntry {
  const [source = '', target = '', fstype = 'none', options = 'defaults'] = line.trim().split(/\s+/);
  return { source, target, fstype, options: options.split(',').filter(Boolean) };
}

export function toExitStatus(e: NativeExit): ExitStatus {
  const signal = e.signal ? e.signal : null;
  return { status: e.status ?? (signal ?? (e.code & 0xff) << 8), code: signal ? null : e.code, signal, ...(e.oom && { oom: true }) };
}

function toNativeSpec(s: ContainerSpec): NativeSpec {
  return { ...s, mountEntries: s.mountEntries.map(mountEntry) };
}

class NativeShim implements ShimHandle {
  constructor(private readonly client: ShimClient) {}

  async state() {
    const s = await this.client.state();
    return { running: true, initPid: s.initPid };
  }

  async stop(haltSignal: number, timeoutMs: number, kill: boolean): Promise<boolean> {
    if (kill || timeoutMs === 0) {
      await this.client.stop(haltSignal, timeoutMs);
      return true;
    }
    // --nokill: signal, then wait without the shim's SIGKILL fallback.
    const exited = this.client.watch().then(() => true, () => true);
    await this.client.kill(haltSignal);
    if (timeoutMs < 0) return exited;
    return Promise.race([exited, new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs))]);
  }

  kill(signal: number): Promise<void> {
    return this.client.kill(signal);
  }

  async signal(signal: number): Promise<void> {
    try {
      await this.client.signal(signal);
    } catch (err) {
      // A shim from a build before the `signal` verb (it outlives executor upgrades) answers EINVAL: kill() still signals.
      if ((err as { code?: string }).code !== 'EINVAL') throw err;
      await this.client.kill(signal);
    }
  }

  async watch(): Promise<ExitStatus> {
    return toExitStatus(await this.client.watch());
  }

  cgroupGet(key: string): Promise<string> {
    return this.client.cgroupGet(key);
  }

  cgroupSet(key: string, value: string): Promise<void> {
    return this.client.cgroupSet(key, value);
  }

  freeze(freeze: boolean, timeoutMs: number): Promise<void> {
    return this.client.freeze(freeze, timeoutMs);
  }

  freezerState(): Promise<string> {
    return this.client.freezerState();
  }

  device(action: 'add' | 'del', src: string, dst: string): Promise<'net' | 'node'> {
    return this.client.device(action, src, dst);
  }

  exec(opts: ExecOptions): ExecSession {
    return execSessionOf(this.client.exec(opts));
  }

  stdio(): ExecSession {
    return execSessionOf(this.client.stdio());
  }

  console(opts: { tty: number; replay: boolean }): ExecSession {
    return execSessionOf(this.client.console(opts));
  }
}

/** The port's view of a shim session; a console session has the same shape (its signal() ignores the signal). */
function execSessionOf(
  s: Pick<NativeExecSession, 'stdin' | 'stdout' | 'stderr' | 'started' | 'exit' | 'resize' | 'signal' | 'close'>,
): ExecSession {
  return {
    stdin: s.stdin, stdout: s.stdout, stderr: s.stderr, started: s.started,
    exit: s.exit.then((e) => ({ code: e.code, signal: e.signal || null, message: e.message })),
    resize: (rows, cols) => s.resize(rows, cols),
    signal: (sig) => s.signal(sig),
    close: () => s.close(),
  };
}

@Injectable()
export class NativeKernel implements KernelPort {
  start(spec: ContainerSpec): Promise<Started> {
    return startContainer(toNativeSpec(spec));
  }

  connect(runDir: string): ShimHandle {
    return new NativeShim(ShimClient.forRunDir(runDir));
  }

  async scan(runRoot: string): Promise<RunDirScan[]> {
    return (await scanRunDirs(runRoot)).map((s) => {
      if (s.kind === 'running') return { runDir: s.runDir, live: true, initPid: s.initPid };
      if (s.kind === 'exited') return { runDir: s.runDir, live: false, exit: toExitStatus(s.exit) };
      return { runDir: s.runDir, live: false };
    });
  }

  clearRunDir(runDir: string): Promise<void> {
    return clearRunDir(runDir);
  }

  /** The shim puts every container's cgroup leaf below `lxcbus/` in each hierarchy (native/src/core/cgroup.c). */
  async usage(cgroupRoot: string, cgroupName: string) {
    // No cgroup (rootless): nothing to read, lxc-info prints no usage lines.
    if (cgroupRoot === NO_CGROUP) return {};
    const leaf = join(SHIM_CGROUP_PARENT, cgroupName);
    const [usage, top] = await Promise.all([readCgroupUsage(cgroupRoot, leaf), readTopUsage(cgroupRoot, leaf)]);
    return { ...top, ...usage };
  }
}
