import { parseConfig } from '@lxcbus/lxc-config';
import { UnsupportedError } from '@lxcbus/contracts';
import { locate } from './container-ref';
import { buildSpec, mountAuto, SIGPWR } from './spec-builder';

const settings = { lxcpath: '/var/lib/lxc', runRoot: '/run/lxcbus', cgroupRoot: '/sys/fs/cgroup', templateConfigDir: '/usr/share/lxc/config' };
const loc = locate(settings, 'h1', 'root', 'c1');
const ctx = { loc, cgroupRoot: '/sys/fs/cgroup', isolateNet: true, hostEnv: { HOME: '/root' } };

describe('buildSpec', () => {
  it('applies LXC defaults to an empty config', () => {
    const spec = buildSpec(parseConfig(''), ctx);
    expect(spec).toMatchObject({
      name: 'c1', lxcpath: '/var/lib/lxc', rootfs: '/var/lib/lxc/c1/rootfs', hostname: 'c1', init: ['/sbin/init'],
      env: ['container=lxc'], cwd: '/', uid: 0, gid: 0, shareHostNet: false, mountAuto: { proc: 'none', sys: 'none' },
      autodev: true, haltSignal: SIGPWR, cgroupName: loc.cgroupName, runDir: loc.runDir, logFile: '/var/lib/lxc/c1/c1.log',
    });
    expect(loc.runDir).toMatch(/^\/run\/lxcbus\/containers\/[0-9a-f]{16}$/);
    expect(loc.cgroupName).toMatch(/^root\.c1\.[0-9a-f]{6}$/);
  });

  it('takes the busybox template config as LXC reads it', () => {
    const spec = buildSpec(parseConfig([
      'lxc.rootfs.path = dir:/srv/c1/rootfs', 'lxc.signal.halt = SIGUSR1', 'lxc.uts.name = "bb"',
      'lxc.mount.auto = cgroup:mixed proc:mixed sys:ro', 'lxc.tty.max = 5', 'lxc.pty.max = 1',
      'lxc.init.cmd = /bin/sh -c "sleep 5"', 'lxc.environment = A=1', 'lxc.environment = HOME',
      'lxc.mount.entry = /lib lib none ro,bind 0 0',
    ].join('\n')), ctx);
    expect(spec).toMatchObject({
      rootfs: '/srv/c1/rootfs', haltSignal: 10, hostname: 'bb', mountAuto: { proc: 'mixed', sys: 'ro' },
      ttyMax: 5, ptyMax: 1, init: ['/bin/sh', '-c', 'sleep 5'], env: ['container=lxc', 'A=1', 'HOME=/root'],
      mountEntries: ['/lib lib none ro,bind 0 0'],
    });
  });

  it('lets lxc-start -- cmd replace init and net type none share the host netns', () => {
    const spec = buildSpec(parseConfig('lxc.net.0.type = none'), { ...ctx, isolateNet: false, command: ['/bin/true'] });
    expect(spec.init).toEqual(['/bin/true']);
    expect(spec.shareHostNet).toBe(true);
  });

  it('refuses what it cannot honour', () => {
    expect(() => buildSpec(parseConfig('lxc.idmap = u 0 100000 65536'), ctx)).toThrow(UnsupportedError);
    expect(() => buildSpec(parseConfig('lxc.rootfs.path = overlay:/a:/b'), ctx)).toThrow(/overlay/);
  });

  it('reads mount.auto words like LXC', () => {
    expect(mountAuto(['proc', 'sys'])).toEqual({ proc: 'mixed', sys: 'mixed' });
    expect(mountAuto(['proc:rw', 'sys:rw'])).toEqual({ proc: 'rw', sys: 'rw' });
    expect(mountAuto(['cgroup:mixed'])).toEqual({ proc: 'none', sys: 'none' });
  });
});
