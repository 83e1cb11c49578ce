import { parseConfig } from '@lxcbus/lxc-config';
import { lxcGetterValue } from './getter-format';

/** `lxc-info -c KEY` of LXC 5.0.2 on the same config, value part only (between `KEY = ` and the final "\n"). */
const REAL: Array<[string, string | null]> = [
  ['lxc.environment', 'A=1\nB=2\n'],
  ['lxc.idmap', 'u 0 100000 65536\ng 0 100000 65536'],
  ['lxc.hook.pre-start', '/bin/true\n/bin/false\n'],
  ['lxc.hook', null],
  ['lxc.cgroup2', 'lxc.cgroup2.memory.max = 256M\nlxc.cgroup2.pids.max = 100\n'],
  ['lxc.cgroup2.memory.max', '256M\n'],
  ['lxc.cgroup', ''],
  ['lxc.sysctl', 'lxc.sysctl.net.ipv4.ip_forward = 1\n'],
  ['lxc.sysctl.net.ipv4.ip_forward', '1'],
  ['lxc.prlimit.nofile', '1024'],
  ['lxc.proc', 'lxc.proc.oom_score_adj = 10\n'],
  ['lxc.cap.keep', ''],
  ['lxc.cap.drop', 'sys_module\nmac_admin\n'],
  ['lxc.apparmor.raw', 'deny /x rw,\n'],
  ['lxc.mount.auto', 'proc:mixed sys:ro cgroup:mixed'],
  ['lxc.namespace.keep', 'user\nnet\n'],
  ['lxc.group', 'grp\n'],
  ['lxc.net', 'empty\n'],
  ['lxc.net.0.flags', ''],
  ['lxc.net.1.type', null],
  ['lxc.include', null],
  ['lxc.uts.name', 'a4'],
  ['lxc.rootfs.path', '/tmp/realp/a4/rootfs'],
  ['lxc.start.order', '0'],
  ['lxc.hook.version', '0'],
  ['lxc.signal.halt', '10'],
  ['lxc.environment.x', null],
];

const CONFIG = `lxc.net.0.type = empty
lxc.rootfs.path = dir:/tmp/realp/a4/rootfs
lxc.signal.halt = SIGUSR1
lxc.uts.name = "a4"
lxc.cap.drop = sys_module mac_admin
lxc.mount.auto = cgroup:mixed proc:mixed sys:ro
lxc.group = grp
lxc.environment = A=1
lxc.environment = B=2
lxc.idmap = u 0 100000 65536
lxc.idmap = g 0 100000 65536
lxc.hook.pre-start = /bin/true
lxc.hook.pre-start = /bin/false
lxc.cgroup2.memory.max = 256M
lxc.cgroup2.pids.max = 100
lxc.sysctl.net.ipv4.ip_forward = 1
lxc.prlimit.nofile = 1024
lxc.proc.oom_score_adj = 10
lxc.cap.keep =
lxc.apparmor.raw = deny /x rw,
lxc.namespace.keep = user net
`;

describe('lxcGetterValue side by side with lxc-info -c of LXC 5.0.2', () => {
  const config = parseConfig(CONFIG, { file: '/tmp/realp/a4/config' });
  it.each(REAL)('%s', (key, value) => {
    expect(lxcGetterValue(config, key)).toBe(value);
  });
});
