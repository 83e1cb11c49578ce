/** Shared setup for root kernel tests: skip reasons, temp dirs, cleanup of everything started. */
import { existsSync, mkdtempSync, readFileSync, rmSync, rmdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { isNativeBuilt, ShimClient, type ContainerSpec } from '../lib';
import { buildBusyboxRootfs, busyboxAvailable } from './busybox-rootfs';

export function skipReason(): string | null {
  if (process.getuid?.() !== 0) return 'not root';
  if (!isNativeBuilt()) return 'native not built (npm run --workspace native build)';
  if (!busyboxAvailable()) return 'no /bin/busybox (apt-get install busybox-static)';
  if (!existsSync('/sys/fs/cgroup')) return 'no /sys/fs/cgroup';
  return null;
}

export class Harness {
  readonly dir = mkdtempSync(join(tmpdir(), 'lxcbus-native-'));
  readonly rootfs = join(this.dir, 'rootfs');
  readonly specs: ContainerSpec[] = [];
  private n = 0;

  constructor() {
    buildBusyboxRootfs(this.rootfs);
  }

  spec(over: Partial<ContainerSpec> = {}): ContainerSpec {
    const name = `t${process.pid}-${++this.n}`;
    const s: ContainerSpec = {
      name,
      lxcpath: this.dir,
      rootfs: this.rootfs,
      hostname: `host-${name}`,
      init: ['/bin/sh', '-c', 'exec sleep 1000'],
      env: ['PATH=/bin'],
      cgroupRoot: '/sys/fs/cgroup',
      cgroupName: `lxcbus-test-${name}`,
      haltSignal: 'SIGUSR1',
      runDir: join(this.dir, 'run', name),
      logFile: join(this.dir, `${name}.log`),
      ...over,
    };
    this.specs.push(s);
    return s;
  }

  /** Kills whatever is still running, then removes cgroups and the temp dir. */
  async cleanup(): Promise<void> {
    for (const s of this.specs) {
      const client = ShimClient.forRunDir(s.runDir, { requestTimeoutMs: 3000 });
      await client.stop(9, 2000).catch(() => undefined);
      const pidFile = join(s.runDir, 'shim.pid');
      if (existsSync(pidFile)) {
        try {
          process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      for (const c of ['cpu', 'cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'blkio', 'pids', 'systemd', 'unified', '']) {
        const p = join(s.cgroupRoot, c, 'lxcbus', s.cgroupName);
        try {
          rmdirSync(p);
        } catch {
          /* absent or already removed */
        }
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function cgroupDirs(s: ContainerSpec): string[] {
  return ['memory', 'pids', 'unified'].map((c) => join(s.cgroupRoot, c, 'lxcbus', s.cgroupName)).filter((p) => existsSync(join(p, '..')));
}

export async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** LXC 5.0's /usr/share/lxc/config/common.seccomp, as Debian ships it. */
export const LXC_COMMON_SECCOMP = `2
denylist
reject_force_umount  # comment this to allow umount -f;  not recommended
[all]
kexec_load errno 1
open_by_handle_at errno 1
init_module errno 1
finit_module errno 1
delete_module errno 1
`;
