/**
 * Configs written by the real lxc-create (LXC 5.0.2, Debian) into a temp
 * lxcpath, with that path replaced by /var/lib/lxc. Expected getter values
 * were taken from `lxc-info -P <lxcpath> -n <name> -c <key>` on the same
 * containers (same path replacement).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { memoryConfigFs } from './config-fs';
import { parseConfig } from './container-config';

const FIXTURES = path.join(__dirname, 'fixtures');
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

/** /usr/share/lxc/config of the same host, for the includes of the download-layout config. */
function shareTree(): Record<string, string> {
  const root = path.join(FIXTURES, 'usr-share-lxc-config');
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir)) {
      const full = path.join(dir, name);
      if (fs.statSync(full).isDirectory()) walk(full);
      else files['/usr/share/lxc/config/' + path.relative(root, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return files;
}

const noIncludes = memoryConfigFs({});

describe.each(['busybox.config', 'busybox-veth-idmap.config', 'local-download-layout.config'])('round trip of %s', (name) => {
  it('serialises byte for byte without edits', () => {
    const text = read(name);
    expect(parseConfig(text, { file: name, fs: memoryConfigFs(shareTree()) }).serialize()).toBe(text);
  });
});

describe('busybox template config (lxc-create -t busybox)', () => {
  const c = parseConfig(read('busybox.config'), { fs: noIncludes });
  it.each([
    ['lxc.uts.name', 'bb'],
    ['lxc.rootfs.path', '/var/lib/lxc/bb/rootfs'],
    ['lxc.signal.halt', '10'],
    ['lxc.signal.reboot', '15'],
    ['lxc.signal.stop', '0'],
    ['lxc.cap.drop', 'sys_module\nmac_admin\nmac_override\nsys_time'],
    ['lxc.mount.auto', 'proc:mixed sys:ro cgroup:mixed'],
    ['lxc.mount.fstab', ''],
    ['lxc.net', 'veth'],
    ['lxc.net.0.type', 'veth'],
    ['lxc.net.0.link', 'lxcbr0'],
    ['lxc.net.0.flags', 'up'],
    ['lxc.net.0.hwaddr', ''],
    ['lxc.tty.max', '5'],
    ['lxc.pty.max', '1'],
    ['lxc.autodev', '1'],
    ['lxc.apparmor.profile', 'generated'],
    ['lxc.apparmor.allow_nesting', '1'],
    ['lxc.start.auto', '0'],
    ['lxc.log.level', 'NOTSET'],
    ['lxc.idmap', ''],
    ['lxc.init.uid', '0'],
  ])('get(%s) matches lxc-info', (key, expected) => {
    expect(c.get(key)).toBe(expected);
  });
  it('answers undefined where lxc-info says invalid', () => {
    expect(c.get('lxc.net.1.type')).toBeUndefined();
    expect(c.get('lxc.include')).toBeUndefined();
  });
  it('lists the 7 mount entries in file order', () => {
    expect(c.mountEntries()).toHaveLength(7);
    expect(c.mountEntries()[0]).toBe('shm dev/shm tmpfs defaults,create=dir 0 0');
    expect(c.get('lxc.mount.entry')?.split('\n')[6]).toBe('/sys/kernel/security sys/kernel/security none ro,bind,optional 0 0');
  });
  it('keeps the quoted uts name unquoted and the comment lines as comments', () => {
    expect(c.utsName()).toBe('bb');
    expect(c.lines()[0].kind).toBe('comment');
    expect(c.lines().filter((l) => l.kind === 'entry')).toHaveLength(21);
  });
});

describe('busybox config created with -f (veth, idmap, list keys)', () => {
  const c = parseConfig(read('busybox-veth-idmap.config'), { fs: noIncludes });
  it.each([
    ['lxc.uts.name', 'net'],
    ['lxc.cap.drop', 'sys_module\nmac_admin\nsys_module\nmac_admin\nmac_override\nsys_time'],
    ['lxc.idmap', 'u 0 100000 65536\ng 0 100000 65536'],
    ['lxc.environment', 'A=1 # x'],
    ['lxc.group', 'onboot\nweb'],
    ['lxc.start.auto', '1'],
    ['lxc.cgroup2.memory.max', '256M'],
    ['lxc.cgroup2', 'lxc.cgroup2.memory.max = 256M'],
    ['lxc.net.0.hwaddr', '00:16:3e:67:8a:9b'],
    ['lxc.net.0.name', 'eth0'],
    ['lxc.net.0.ipv4.address', '10.0.3.50/24'],
    ['lxc.net.0.ipv4.gateway', '10.0.3.1'],
    ['lxc.net.0.ipv6.address', ''],
    ['lxc.apparmor.profile', ''],
    ['lxc.apparmor.allow_nesting', '0'],
    ['lxc.signal.halt', '10'],
  ])('get(%s) matches lxc-info', (key, expected) => {
    expect(c.get(key)).toBe(expected);
  });
  it('gives typed views', () => {
    expect(c.idmaps()).toEqual([
      { kind: 'u', nsid: 0, hostid: 100000, range: 65536 },
      { kind: 'g', nsid: 0, hostid: 100000, range: 65536 },
    ]);
    const [eth0] = c.networks();
    expect(eth0).toMatchObject({ index: 0, type: 'veth', link: 'lxcbr0', flags: 'up', name: 'eth0', hwaddr: '00:16:3e:67:8a:9b' });
    expect(eth0.ipv4).toEqual({ addresses: ['10.0.3.50/24'], gateway: '10.0.3.1' });
    expect(c.environment()).toEqual([{ name: 'A', value: '1 # x' }]);
    expect(c.cgroup2()).toEqual([{ name: 'memory.max', value: '256M' }]);
    expect(c.startAuto()).toBe(true);
    expect(c.signal('halt')).toBe(10);
    expect(c.rootfs()).toEqual({ type: 'dir', path: '/var/lib/lxc/net/rootfs' });
  });
});

describe('download-style config (lxc-create -t local) with the distribution includes', () => {
  const c = parseConfig(read('local-download-layout.config'), { fs: memoryConfigFs(shareTree()) });
  it.each([
    ['lxc.uts.name', 'dl'],
    ['lxc.rootfs.path', '/var/lib/lxc/dl/rootfs'],
    ['lxc.signal.halt', '0'],
    ['lxc.cap.drop', 'mac_admin\nmac_override\nsys_time\nsys_module\nsys_rawio'],
    ['lxc.mount.auto', 'proc:mixed sys:mixed cgroup:mixed'],
    ['lxc.mount.entry', '/sys/fs/fuse/connections sys/fs/fuse/connections none bind,optional 0 0'],
    ['lxc.mount.fstab', '/var/lib/lxc/dl/fstab'],
    ['lxc.tty.max', '4'],
    ['lxc.pty.max', '1024'],
    ['lxc.arch', 'x86_64'],
    ['lxc.hook.mount', '/usr/share/lxcfs/lxc.mount.hook'],
    ['lxc.seccomp.profile', '/usr/share/lxc/config/common.seccomp'],
    ['lxc.apparmor.profile', 'generated'],
    ['lxc.net', 'veth'],
    ['lxc.tty.dir', ''],
  ])('get(%s) matches lxc-info', (key, expected) => {
    expect(c.get(key)).toBe(expected);
  });
  it('lists cgroup settings from the includes in order, as lxc-info does', () => {
    const v2 = c.get('lxc.cgroup2')?.split('\n') ?? [];
    expect(v2).toHaveLength(13);
    expect(v2[0]).toBe('lxc.cgroup2.devices.deny = a');
    expect(v2[12]).toBe('lxc.cgroup2.devices.allow = c 10:229 rwm');
    const v1 = c.get('lxc.cgroup')?.split('\n') ?? [];
    expect(v1).toHaveLength(17);
    expect(v1[16]).toBe('lxc.cgroup.devices.allow = c 10:232 rwm');
  });
  it('does not write included lines back', () => {
    expect(c.serialize()).not.toContain('lxc.cgroup2.devices.deny');
  });
});
