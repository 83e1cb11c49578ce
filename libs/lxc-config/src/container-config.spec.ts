import { ConfigError, ConfigErrorCode } from './config-errors';
import { memoryConfigFs } from './config-fs';
import { parseConfig } from './container-config';
import { splitCommand } from './init-command';

const fs = memoryConfigFs({ '/inc.conf': 'lxc.group = fromInclude\nlxc.tty.max = 4\n' });
const parse = (text: string) => parseConfig(text, { file: '/c/config', fs });

describe('editing the raw lines', () => {
  it('set replaces the first line in place and drops later ones', () => {
    const c = parse('# head\nlxc.uts.name = a\nlxc.tty.max = 1\nlxc.uts.name = b\n');
    c.set('lxc.uts.name', 'new');
    expect(c.serialize()).toBe('# head\nlxc.uts.name = new\nlxc.tty.max = 1\n');
  });
  it('set appends before the final newline when the key is absent', () => {
    expect(parse('lxc.tty.max = 1\n').set('lxc.uts.name', 'x').serialize()).toBe('lxc.tty.max = 1\nlxc.uts.name = x\n');
    expect(parse('lxc.tty.max = 1').set('lxc.uts.name', 'x').serialize()).toBe('lxc.tty.max = 1\nlxc.uts.name = x\n');
    expect(parse('').set('lxc.uts.name', 'x').serialize()).toBe('lxc.uts.name = x\n');
  });
  it('set rewrites a legacy spelling to the current one', () => {
    expect(parse('lxc.utsname = a\n').set('lxc.uts.name', 'b').serialize()).toBe('lxc.uts.name = b\n');
  });
  it('append accumulates list values at the end', () => {
    const c = parse('lxc.mount.entry = a b c\nlxc.tty.max = 1\n').append('lxc.mount.entry', 'd e f');
    expect(c.mountEntries()).toEqual(['a b c', 'd e f']);
    expect(c.serialize()).toBe('lxc.mount.entry = a b c\nlxc.tty.max = 1\nlxc.mount.entry = d e f\n');
  });
  it('clear removes the key, a family, or one network', () => {
    const text = 'lxc.net.0.type = veth\nlxc.net.0.link = br0\nlxc.net.1.type = empty\nlxc.cgroup2.memory.max = 1\nlxc.cgroup2.pids.max = 2\n';
    expect(parse(text).clear('lxc.net.0').get('lxc.net')).toBe('empty');
    expect(parse(text).clear('lxc.cgroup2').serialize()).toBe('lxc.net.0.type = veth\nlxc.net.0.link = br0\nlxc.net.1.type = empty\n');
    expect(parse(text).clear('lxc.net').get('lxc.net')).toBe('');
  });
  it('clear writes `key =` when an include still sets the key', () => {
    const c = parse('lxc.include = /inc.conf\nlxc.group = top\n').clear('lxc.group');
    expect(c.serialize()).toBe('lxc.include = /inc.conf\nlxc.group =\n');
    expect(c.groups()).toEqual([]);
  });
  it('rejects edits LXC would reject, with the same codes', () => {
    const c = parse('');
    const code = (fn: () => unknown) => {
      try { fn(); } catch (err) { return (err as ConfigError).code; }
      return undefined;
    };
    expect(code(() => c.set('lxc.bogus', '1'))).toBe(ConfigErrorCode.UNSUPPORTED_KEY);
    expect(code(() => c.set('lxc.net.0.type', 'bogus'))).toBe(ConfigErrorCode.INVALID_VALUE);
    expect(code(() => c.set('lxc.uts.name', 'a\nlxc.bogus = 1'))).toBe(ConfigErrorCode.INVALID_VALUE);
    expect(c.serialize()).toBe('');
  });
  it('builds a config the way lxc-create writes one', () => {
    const c = parse('');
    c.append('lxc.net.0.type', 'veth').append('lxc.net.0.link', 'lxcbr0').append('lxc.net.0.flags', 'up');
    c.append('lxc.rootfs.path', 'dir:/var/lib/lxc/a/rootfs').append('lxc.uts.name', 'a');
    expect(c.serialize()).toBe('lxc.net.0.type = veth\nlxc.net.0.link = lxcbr0\nlxc.net.0.flags = up\nlxc.rootfs.path = dir:/var/lib/lxc/a/rootfs\nlxc.uts.name = a\n');
  });
});

describe('typed accessors', () => {
  const c = parse([
    'lxc.init.cmd = /sbin/init  \'a b\'  "c d" e', 'lxc.environment = A=1', 'lxc.environment = PATH',
    'lxc.start.delay = 5', 'lxc.start.order = -3', 'lxc.cap.keep = sys_admin', 'lxc.hook.start = /h',
    'lxc.sysctl.net.ipv4.ip_forward = 1', 'lxc.prlimit.nofile = 10:20', 'lxc.rootfs.path = overlay:/a:/b',
    'lxc.signal.stop = SIGRTMIN+3', '',
  ].join('\n'));
  it('splits init.cmd like lxc_string_split_quoted', () => {
    expect(c.initCmd()).toEqual(['/sbin/init', 'a b', 'c d', 'e']);
    expect(splitCommand('  ')).toEqual([]);
  });
  it('returns the remaining views', () => {
    expect(c.environment()).toEqual([{ name: 'A', value: '1' }, { name: 'PATH' }]);
    expect([c.startAuto(), c.startDelay(), c.startOrder()]).toEqual([false, 5, -3]);
    expect(c.capKeep()).toEqual(['sys_admin']);
    expect(c.hooks('start')).toEqual(['/h']);
    expect(c.sysctl()).toEqual([{ name: 'net.ipv4.ip_forward', value: '1' }]);
    expect(c.prlimit()).toEqual([{ name: 'nofile', value: '10:20' }]);
    expect(c.rootfs()).toEqual({ type: 'overlay', path: '/a:/b' });
    expect(c.signal('stop')).toBe(37);
    expect(c.signal('halt')).toBeUndefined();
  });
});
