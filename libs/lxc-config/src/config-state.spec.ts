/** Expected values observed with `lxc-info -c` on LXC 5.0.2 for the same config text. */
import { memoryConfigFs } from './config-fs';
import { parseConfig } from './container-config';

const get = (text: string, key: string) => parseConfig(text, { fs: memoryConfigFs({}) }).get(key);

describe('how values combine (list keys, clearing, families)', () => {
  it.each([
    ['lxc.cap.drop = sys_admin  net_raw\nlxc.cap.drop = sys_time\nlxc.cap.drop =\nlxc.cap.drop = mknod', 'lxc.cap.drop', 'mknod'],
    ['lxc.cap.keep = sys_admin\nlxc.cap.keep = none', 'lxc.cap.keep', ''],
    ['lxc.group = a\nlxc.group = b c', 'lxc.group', 'a\nb\nc'],
    ['lxc.group = a\nlxc.group =', 'lxc.group', ''],
    ['lxc.environment = A=1\nlxc.environment =\nlxc.environment = B=2', 'lxc.environment', 'B=2'],
    ['lxc.idmap = u 0 5 6\nlxc.idmap = u 0 5 6', 'lxc.idmap', 'u 0 5 6\nu 0 5 6'],
    ['lxc.idmap = u   0 5    6', 'lxc.idmap', 'u 0 5 6'],
    ['lxc.mount.entry = a b c\nlxc.mount.entry =', 'lxc.mount.entry', ''],
    ['lxc.mount.auto = cgroup:mixed proc:rw\nlxc.mount.auto = sys:rw', 'lxc.mount.auto', 'proc:rw sys:rw cgroup:mixed'],
    ['lxc.mount.auto = sys:mixed proc', 'lxc.mount.auto', 'proc:mixed sys:mixed'],
    ['lxc.mount.auto = proc:rw sys:ro cgroup:rw:force', 'lxc.mount.auto', 'proc:rw sys:ro'],
    ['lxc.cgroup2.memory.max = 1\nlxc.cgroup2.pids.max = 2\nlxc.cgroup2.memory.max =', 'lxc.cgroup2', 'lxc.cgroup2.pids.max = 2'],
    ['lxc.cgroup2.memory.max = 1\nlxc.cgroup2.pids.max = 2\nlxc.cgroup2 =', 'lxc.cgroup2', ''],
    ['lxc.cgroup2.memory.max = 1\nlxc.cgroup2.memory.max = 3', 'lxc.cgroup2.memory.max', '1\n3'],
    ['lxc.sysctl.a.b = 1\nlxc.sysctl.c = 2\nlxc.sysctl.a.b = 5', 'lxc.sysctl', 'lxc.sysctl.a.b = 5\nlxc.sysctl.c = 2'],
    ['lxc.proc.a = 1\nlxc.proc.b = 2\nlxc.proc.a = 3', 'lxc.proc', 'lxc.proc.a = 1\nlxc.proc.b = 2\nlxc.proc.a = 3'],
    ['lxc.prlimit.nofile = 1\nlxc.prlimit.nproc = 2\nlxc.prlimit.nofile = 3', 'lxc.prlimit', 'lxc.prlimit.nofile = 3\nlxc.prlimit.nproc = 2'],
    ['lxc.hook.start = /a\nlxc.hook.start = /b', 'lxc.hook.start', '/a\n/b'],
    ['lxc.hook.start = /a\nlxc.hook.stop = /c\nlxc.hook =', 'lxc.hook.stop', ''],
    ['lxc.net.0.type = veth\nlxc.net.1.type = empty\nlxc.net.3.type=phys', 'lxc.net', 'veth\nempty\nphys'],
    ['lxc.net.0.type = veth\nlxc.net.1.type = veth\nlxc.net =\nlxc.net.2.type = macvlan', 'lxc.net', 'macvlan'],
    ['lxc.net.0.link = br0', 'lxc.net.0.type', 'empty'],
    ['lxc.net.0.type = veth\nlxc.net.0.flags = down', 'lxc.net.0.flags', 'up'],
    ['lxc.net.0.type = veth\nlxc.net.0.ipv4.address = 1.2.3.4/24\nlxc.net.0.ipv4.address = 1.2.3.5/24 1.2.3.255', 'lxc.net.0.ipv4.address', '1.2.3.4/24\n1.2.3.5/24'],
    ['lxc.net.0.type = veth\nlxc.net.0.ipv4.address = 1.2.3.4', 'lxc.net.0.ipv4.address', '1.2.3.4/8'],
    ['lxc.net.0.type = veth\nlxc.net.0.veth.pair = a\nlxc.net.0.type = macvlan', 'lxc.net.0.macvlan.mode', 'private'],
    ['lxc.net.0.type = veth', 'lxc.net.0.veth.mode', 'bridge'],
    ['lxc.uts.name = a\nlxc.uts.name =', 'lxc.uts.name', ''],
    ['lxc.signal.halt = SIGUSR1\nlxc.signal.halt =', 'lxc.signal.halt', '0'],
    ['lxc.signal.halt = SIGRTMAX-1', 'lxc.signal.halt', '63'],
    ['lxc.signal.halt = SIGRTMIN+30', 'lxc.signal.halt', '64'],
    ['lxc.log.level = 3', 'lxc.log.level', 'NOTICE'],
    ['lxc.log.level = warn', 'lxc.log.level', 'WARN'],
    ['lxc.arch = linux32', 'lxc.arch', 'i686'],
    ['lxc.rootfs.path = overlay:/a:/b', 'lxc.rootfs.path', '/a:/b'],
    ['lxc.init.uid = 4294967295', 'lxc.init.uid', '-1'],
    ['lxc.init.cmd = /a\nlxc.init.cmd = /b', 'lxc.init.cmd', '/b'],
    ['lxc.tty.max = 0x10', 'lxc.tty.max', '16'],
    ['', 'lxc.autodev', '1'],
    ['', 'lxc.monitor.signal.pdeath', '9'],
    ['lxc.net.0.type = macvlan', 'lxc.net.0.veth.pair', undefined],
  ])('%j: get(%s)', (text, key, expected) => {
    expect(get(text, key)).toBe(expected);
  });
});
