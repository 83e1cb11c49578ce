/**
 * lxc-checkconfig: client-side, no bus. A port of LXC 5.0.2's script (same
 * sections, lines, colours on a terminal, kernel config lookup and exit codes),
 * followed by a `--- lxcbus ---` section with what the shim itself relies on:
 * seccomp and its filter, capabilities, overlayfs, the cgroup2 controllers,
 * user namespaces and the setuid id-map helpers.
 */
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { release } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import type { ToolIo } from './command';

export interface CheckHost {
  env: NodeJS.ProcessEnv;
  isTty: boolean;
  kernelRelease: string;
  readFile(path: string): Buffer | undefined;
  exists(path: string): boolean;
}

const realHost = (io: ToolIo): CheckHost => ({
  env: process.env,
  isTty: Boolean(io.stdout.isTTY),
  kernelRelease: release(),
  readFile: (p) => { try { return readFileSync(p); } catch { return undefined; } },
  exists: (p) => existsSync(p),
});

function which(cmd: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin').split(delimiter)) {
    const p = join(dir || '.', cmd);
    try {
      accessSync(p, constants.X_OK);
      if (statSync(p).isFile()) return p;
    } catch { /* next */ }
  }
  return undefined;
}

function isSetuid(path: string): boolean {
  try { return (statSync(path).mode & 0o4000) !== 0; } catch { return false; }
}

export function checkconfig(io: ToolIo, argv0: string, host: CheckHost = realHost(io)): number {
  const color = (code: string, s: string) => (host.isTty ? `\x1b[${code}m${s}\x1b[0;39m` : s);
  const ok = (s: string) => color('1;32', s);
  const fail = (s: string) => color('1;31', s);
  const warn = (s: string) => color('1;33', s);
  let out = 'LXC version 5.0.2\n';
  let config = host.env.CONFIG || '/proc/config.gz';
  if (!host.exists(config)) {
    out += `Kernel configuration not found at ${config}; searching...\n`;
    const kver = host.kernelRelease;
    for (const c of [`/lib/modules/${kver}/build/.config`, `/boot/config-${kver}`]) if (host.exists(c)) config = c;
    if (!host.exists(config)) {
      io.stdout.write(out);
      io.stderr.write(`${basename(argv0)}: unable to retrieve kernel configuration\n\n` +
        'Try recompiling with IKCONFIG_PROC, installing the kernel headers,\nor specifying the kernel configuration path with:\n' +
        `  CONFIG=<path> ${basename(argv0)}\n`);
      return 1;
    }
    out += `Kernel configuration found at ${config}\n`;
  }
  let raw = host.readFile(config) ?? Buffer.alloc(0);
  try { raw = gunzipSync(raw); } catch { /* plain text */ }
  const text = raw.toString('utf8');
  // The script greps `NAME=[y|m]` anywhere in a line.
  const isSet = (name: string) => new RegExp(`${name}=[y|m]`).test(text);
  const head = /^# Linux.*Kernel Configuration/m.exec(text) ? text.split('\n').find((l) => /^# Linux.*Kernel Configuration/.test(l)) ?? '' : '';
  let major = Number(/ ([0-9])\.[0-9]{1,2}\.[0-9]{1,3}/.exec(head)?.[1] ?? NaN);
  let minor = Number(/ [0-9]\.([0-9]{1,3})\.[0-9]{1,3}/.exec(head)?.[1] ?? NaN);
  if (Number.isNaN(major)) {
    out += 'WARNING: Unable to detect version from configuration, assuming latest\n\n';
    major = 100;
    minor = 0;
  }
  const shown = (good: boolean, mandatory = false) => (good ? ok('enabled') : mandatory ? fail('required') : warn('missing'));
  const enabled = (name: string, mandatory = false) => shown(isSet(name), mandatory);
  const modules = host.readFile('/proc/modules')?.toString('utf8');
  const probed = (name: string, good: boolean) => (!good || modules === undefined ? '' : modules.includes(name) ? ', loaded' : ', not loaded');
  const withProbe = (cfg: string, mod: string) => enabled(cfg) + probed(mod, isSet(cfg));

  out += '\n--- Namespaces ---\n';
  out += `Namespaces: ${enabled('CONFIG_NAMESPACES', true)}\n`;
  out += `Utsname namespace: ${enabled('CONFIG_UTS_NS')}\n`;
  out += `Ipc namespace: ${enabled('CONFIG_IPC_NS', true)}\n`;
  out += `Pid namespace: ${enabled('CONFIG_PID_NS', true)}\n`;
  out += `User namespace: ${enabled('CONFIG_USER_NS')}\n`;
  const helpers: Record<string, string | undefined> = {};
  if (isSet('CONFIG_USER_NS')) {
    for (const h of ['newuidmap', 'newgidmap']) {
      const f = (helpers[h] = which(h, host.env));
      if (!f) out += `${h} is not installed\n`;
      else if (!isSetuid(f)) out += `Warning: ${h} is not setuid-root\n`;
    }
  }
  out += `Network namespace: ${enabled('CONFIG_NET_NS')}\n`;
  if (major < 4 || (major === 4 && minor < 7)) out += `Multiple /dev/pts instances: ${enabled('DEVPTS_MULTIPLE_INSTANCES')}\n`;
  out += '\n--- Control groups ---\n';
  out += `Cgroups: ${enabled('CONFIG_CGROUPS')}\n`;
  out += `Cgroup namespace: ${shown(host.exists('/proc/self/ns/cgroup'))}\n`;
  const mounts = (host.readFile('/proc/self/mounts')?.toString('utf8') ?? '').split('\n').map((l) => l.split(' ')).filter((f) => f.length > 2 && !f[0].includes('#'));
  const v1 = mounts.filter((f) => f[2] === 'cgroup').map((f) => f[1]);
  const v2 = mounts.filter((f) => f[2] === 'cgroup2').map((f) => f[1]);
  out += 'Cgroup v1 mount points: \n' + v1.map((m) => ` - ${m}\n`).join('');
  out += 'Cgroup v2 mount points: \n' + v2.map((m) => ` - ${m}\n`).join('');
  if (v2.join('\n') !== '/sys/fs/cgroup') {
    if (!v1.some((m) => m.includes('/systemd'))) out += `Cgroup v1 systemd controller: ${fail('missing')}\n`;
    if (!v1.some((m) => m.includes('/freezer'))) out += `Cgroup v1 freezer controller: ${fail('missing')}\n`;
    if (host.exists(`${v1[0] ?? ''}/cgroup.clone_children`)) out += `Cgroup v1 clone_children flag: ${ok('enabled')}\n`;
  }
  out += `Cgroup device: ${enabled('CONFIG_CGROUP_DEVICE')}\n`;
  out += `Cgroup sched: ${enabled('CONFIG_CGROUP_SCHED')}\n`;
  out += `Cgroup cpu account: ${enabled('CONFIG_CGROUP_CPUACCT')}\n`;
  out += `Cgroup memory controller: ${(major >= 3 && minor >= 6) || major > 3 ? enabled('CONFIG_MEMCG') : enabled('CONFIG_CGROUP_MEM_RES_CTLR')}\n`;
  if (isSet('CONFIG_SMP')) out += `Cgroup cpuset: ${enabled('CONFIG_CPUSETS')}\n`;
  out += '\n--- Misc ---\n';
  out += `Veth pair device: ${withProbe('CONFIG_VETH', 'veth')}\n`;
  out += `Macvlan: ${withProbe('CONFIG_MACVLAN', 'macvlan')}\n`;
  out += `Vlan: ${withProbe('CONFIG_VLAN_8021Q', '8021q')}\n`;
  out += `Bridges: ${withProbe('CONFIG_BRIDGE', 'bridge')}\n`;
  out += `Advanced netfilter: ${withProbe('CONFIG_NETFILTER_ADVANCED', 'nf_tables')}`;
  if (major > 3 && minor > 6 && major < 5) {
    out += `\nCONFIG_NF_NAT_IPV4: ${withProbe('CONFIG_NF_NAT_IPV4', 'nf_nat_ipv4')}`;
    out += `\nCONFIG_NF_NAT_IPV6: ${withProbe('CONFIG_NF_NAT_IPV6', 'nf_nat_ipv6')}`;
  }
  out += '\n';
  out += `CONFIG_IP_NF_TARGET_MASQUERADE: ${withProbe('CONFIG_IP_NF_TARGET_MASQUERADE', 'nf_nat_masquerade_ipv4')}\n`;
  out += `CONFIG_IP6_NF_TARGET_MASQUERADE: ${withProbe('CONFIG_IP6_NF_TARGET_MASQUERADE', 'nf_nat_masquerade_ipv6')}\n`;
  out += `CONFIG_NETFILTER_XT_TARGET_CHECKSUM: ${withProbe('CONFIG_NETFILTER_XT_TARGET_CHECKSUM', 'xt_CHECKSUM')}\n`;
  out += `CONFIG_NETFILTER_XT_MATCH_COMMENT: ${withProbe('CONFIG_NETFILTER_XT_MATCH_COMMENT', 'xt_comment')}\n`;
  out += `FUSE (for use with lxcfs): ${withProbe('CONFIG_FUSE_FS', 'fuse')}\n`;
  out += '\n--- Checkpoint/Restore ---\n';
  for (const [label, cfg] of [['checkpoint restore', 'CONFIG_CHECKPOINT_RESTORE'], ...['FHANDLE', 'EVENTFD', 'EPOLL', 'UNIX_DIAG', 'INET_DIAG', 'PACKET_DIAG', 'NETLINK_DIAG'].map((k) => [`CONFIG_${k}`, `CONFIG_${k}`])]) {
    out += `${label}: ${enabled(cfg)}\n`;
  }
  out += `File capabilities: ${major === 2 && minor < 33 ? enabled('CONFIG_SECURITY_FILE_CAPABILITIES') : ok('enabled')}\n`;

  // What lxcbus's shim uses beyond LXC's list: seccomp policies, capability dropping, overlay
  // snapshots, the cgroup2 controllers it writes limits to, and the id-map helpers.
  out += '\n--- lxcbus ---\n';
  out += `Seccomp: ${enabled('CONFIG_SECCOMP')}\n`;
  out += `Seccomp filter: ${enabled('CONFIG_SECCOMP_FILTER')}\n`;
  out += `Capabilities (ambient, file): ${shown(host.exists('/proc/sys/kernel/cap_last_cap'))}\n`;
  const filesystems = host.readFile('/proc/filesystems')?.toString('utf8') ?? '';
  out += `Overlay filesystem: ${shown(isSet('CONFIG_OVERLAY_FS') || /\toverlay$/m.test(filesystems))}\n`;
  out += `Cgroup v2 BPF device filter: ${enabled('CONFIG_CGROUP_BPF')}\n`;
  const unified = v2.includes('/sys/fs/cgroup') ? '/sys/fs/cgroup' : v2[0];
  const controllers = unified ? (host.readFile(`${unified}/cgroup.controllers`)?.toString('utf8').trim() ?? '') : '';
  out += `Cgroup v2 controllers: ${unified ? controllers || '(none)' : warn('missing')}\n`;
  if (isSet('CONFIG_USER_NS')) {
    for (const h of ['newuidmap', 'newgidmap']) {
      const f = helpers[h];
      out += `${h}: ${f && isSetuid(f) ? ok('enabled') : warn('missing')}\n`;
    }
    const unpriv = host.readFile('/proc/sys/kernel/unprivileged_userns_clone')?.toString('utf8').trim();
    if (unpriv !== undefined) out += `Unprivileged user namespaces: ${shown(unpriv === '1')}\n`;
  }

  out += '\nNote : Before booting a new kernel, you can check its configuration\n';
  out += `usage : CONFIG=/path/to/config ${argv0}\n\n`;
  io.stdout.write(out);
  return 0;
}
