import { gzipSync } from 'node:zlib';
import { checkconfig, type CheckHost } from './checkconfig.tool';
import type { ToolIo } from './command';

function capture(): { io: ToolIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const io = {
    stdin: process.stdin,
    stdout: { write: (s: string) => { out += s; return true; }, isTTY: false },
    stderr: { write: (s: string) => { err += s; return true; } },
  } as unknown as ToolIo;
  return { io, out: () => out, err: () => err };
}

const KCONFIG = '#\n# Linux/x86 6.1.0 Kernel Configuration\n#\nCONFIG_NAMESPACES=y\nCONFIG_UTS_NS=y\nCONFIG_PID_NS=y\nCONFIG_USER_NS=y\n# CONFIG_IPC_NS is not set\n' +
  'CONFIG_CGROUPS=y\nCONFIG_MEMCG=y\nCONFIG_VETH=m\nCONFIG_SECCOMP=y\nCONFIG_SECCOMP_FILTER=y\n';

function host(files: Record<string, string | Buffer>, env: NodeJS.ProcessEnv = {}): CheckHost {
  return {
    env: { PATH: '/nonexistent', ...env }, isTty: false, kernelRelease: '6.1.0',
    readFile: (p) => (files[p] === undefined ? undefined : Buffer.from(files[p])),
    exists: (p) => files[p] !== undefined,
  };
}

describe('lxc-checkconfig', () => {
  it('reads a gzipped /proc/config.gz, LXC\'s sections and words, then the lxcbus section; rc 0', () => {
    const c = capture();
    const rc = checkconfig(c.io, '/usr/bin/lxc-checkconfig', host({
      '/proc/config.gz': gzipSync(KCONFIG),
      '/proc/self/mounts': 'cgroup2 /sys/fs/cgroup cgroup2 rw 0 0\n',
      '/sys/fs/cgroup/cgroup.controllers': 'cpu memory pids\n',
      '/proc/modules': 'veth 40960 0 - Live 0x0\n',
    }));
    expect(rc).toBe(0);
    const out = c.out();
    expect(out).toMatch(/^LXC version 5\.0\.2\n\n--- Namespaces ---\nNamespaces: enabled\nUtsname namespace: enabled\nIpc namespace: required\n/);
    expect(out).toContain('newuidmap is not installed\n');
    expect(out).toContain('Cgroup v2 mount points: \n - /sys/fs/cgroup\nCgroup device: missing\n');
    expect(out).toContain('Veth pair device: enabled, loaded\nMacvlan: missing\n');
    expect(out).toContain('--- lxcbus ---\nSeccomp: enabled\nSeccomp filter: enabled\n');
    expect(out).toContain('Cgroup v2 controllers: cpu memory pids\n');
    expect(out).toMatch(/usage : CONFIG=\/path\/to\/config \/usr\/bin\/lxc-checkconfig\n\n$/);
  });

  it('without any kernel configuration says so like the script, rc 1', () => {
    const c = capture();
    expect(checkconfig(c.io, '/usr/bin/lxc-checkconfig', host({}, { CONFIG: '/none' }))).toBe(1);
    expect(c.out()).toBe('LXC version 5.0.2\nKernel configuration not found at /none; searching...\n');
    expect(c.err()).toBe('lxc-checkconfig: unable to retrieve kernel configuration\n\nTry recompiling with IKCONFIG_PROC, installing the kernel headers,\n' +
      'or specifying the kernel configuration path with:\n  CONFIG=<path> lxc-checkconfig\n');
  });
});
