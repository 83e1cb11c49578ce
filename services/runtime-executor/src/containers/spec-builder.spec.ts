import { join } from 'node:path';
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

  it('passes the allocator\'s interfaces and lo to the shim, without the lxc.net index', () => {
    const nic = { index: 0, type: 'veth' as const, name: 'eth0', link: 'lxcbr0', host: 'vethAbc1234', up: true, addresses: ['10.0.3.5/24'] };
    const spec = buildSpec(parseConfig('lxc.net.0.type = veth'), { ...ctx, nics: [nic], loopbackUp: true });
    expect(spec.nics).toEqual([{ type: 'veth', name: 'eth0', link: 'lxcbr0', host: 'vethAbc1234', up: true, addresses: ['10.0.3.5/24'] }]);
    expect(spec.loopbackUp).toBe(true);
    expect(buildSpec(parseConfig(''), ctx)).toMatchObject({ nics: [], loopbackUp: false });
  });

  it('lets lxc-start -- cmd replace init and net type none share the host netns', () => {
    const spec = buildSpec(parseConfig('lxc.net.0.type = none'), { ...ctx, isolateNet: false, command: ['/bin/true'] });
    expect(spec.init).toEqual(['/bin/true']);
    expect(spec.shareHostNet).toBe(true);
  });

  it('refuses what it cannot honour', () => {
    expect(() => buildSpec(parseConfig('lxc.rootfs.path = loop:/a.img'), ctx)).toThrow(/loop/);
    expect(() => buildSpec(parseConfig('lxc.rootfs.path = overlay:/a'), ctx)).toThrow(/overlay/);
  });

  it('mounts overlay:<lower>:<upper> on <container>/rootfs with workdir <container>/overlay/work', () => {
    const spec = buildSpec(parseConfig('lxc.rootfs.path = overlay:/a:/b'), ctx);
    expect(spec.rootfs).toBe(join(ctx.loc.dir, 'rootfs'));
    expect(spec.rootfsOverlay).toEqual({ lower: '/a', upper: '/b', work: join(ctx.loc.dir, 'overlay', 'work') });
  });

  it('hands lxc.rootfs.options and pre-mount hooks to the shim; idmap=container only with a user namespace', () => {
    const maps = 'lxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 65536\n';
    expect(buildSpec(parseConfig('lxc.rootfs.options = ro,nosuid\nlxc.hook.pre-mount = /x/hook'), ctx))
      .toMatchObject({ rootfsOptions: 'ro,nosuid', hooks: { 'pre-mount': ['/x/hook'] } });
    expect(buildSpec(parseConfig('lxc.rootfs.options = idmap=container'), ctx).rootfsIdmap).toBeUndefined();
    expect(buildSpec(parseConfig(`${maps}lxc.rootfs.options = idmap=container,ro`), ctx)).toMatchObject({ rootfsIdmap: true, rootfsOptions: 'ro' });
    expect(() => buildSpec(parseConfig(`${maps}lxc.rootfs.path = overlay:/a:/b\nlxc.rootfs.options = idmap=container`), ctx))
      .toThrow(/overlay rootfs is not supported/);
  });

  it('hands lxc.idmap (and the legacy lxc.id_map) to the shim: newuidmap for root, direct for another owner', () => {
    const maps = [{ kind: 'u', nsid: 0, hostid: 100000, range: 65536 }, { kind: 'g', nsid: 0, hostid: 100000, range: 65536 }];
    expect(buildSpec(parseConfig(''), ctx)).toMatchObject({ idmaps: [], idmapWriter: 'auto' });
    expect(buildSpec(parseConfig('lxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 65536'), ctx)).toMatchObject({ idmaps: maps, idmapWriter: 'auto' });
    const legacy = parseConfig('lxc.id_map = u 0 100000 65536\nlxc.id_map = g 0 100000 65536');
    expect(legacy.warnings.join('\n')).toMatch(/lxc\.id_map/);
    expect(buildSpec(legacy, ctx).idmaps).toEqual(maps);
    const alice = { ...ctx, loc: { ...loc, owner: 'alice' } };
    expect(buildSpec(parseConfig('lxc.idmap = u 0 200000 65536'), alice).idmapWriter).toBe('direct');
  });

  it('carries the confinement keys, in config order, and nothing implicit', () => {
    expect(buildSpec(parseConfig(''), ctx).confine).toEqual({ capDrop: [], capKeep: [], noNewPrivs: false, cgroupV1: [], cgroupV2: [] });
    const spec = buildSpec(parseConfig([
      'lxc.cap.drop = sys_module mac_admin', 'lxc.cap.drop = sys_time', 'lxc.no_new_privs = 1',
      'lxc.seccomp.profile = /usr/share/lxc/config/common.seccomp', 'lxc.apparmor.profile = generated',
      'lxc.cgroup.devices.deny = a', 'lxc.cgroup.devices.allow = c 1:3 rwm', 'lxc.cgroup2.memory.max = 256M',
    ].join('\n')), ctx);
    expect(spec.confine).toEqual({
      capDrop: ['sys_module', 'mac_admin', 'sys_time'], capKeep: [], noNewPrivs: true,
      seccompProfile: '/usr/share/lxc/config/common.seccomp', apparmorProfile: 'generated',
      cgroupV1: [{ key: 'devices.deny', value: 'a' }, { key: 'devices.allow', value: 'c 1:3 rwm' }],
      cgroupV2: [{ key: 'memory.max', value: '256M' }],
    });
  });

  it('reads lxc.cap.keep = none as "keep nothing", as LXC does', () => {
    expect(buildSpec(parseConfig('lxc.cap.keep = none'), ctx).confine.capKeep).toEqual(['none']);
    expect(buildSpec(parseConfig('lxc.cap.keep = none\nlxc.cap.keep = sys_admin'), ctx).confine.capKeep).toEqual(['sys_admin']);
    expect(buildSpec(parseConfig('lxc.cap.keep = sys_admin\nlxc.cap.keep ='), ctx).confine.capKeep).toEqual([]);
  });

  it('refuses cap.drop with cap.keep and seccomp notify; forced cgroup automounts reach the spec', () => {
    expect(() => buildSpec(parseConfig('lxc.cap.drop = sys_time\nlxc.cap.keep = none'), ctx)).toThrow(/one or the other/);
    expect(buildSpec(parseConfig('lxc.mount.auto = cgroup:mixed:force'), ctx).mountAuto).toEqual({ proc: 'none', sys: 'none', cgroup: 'rw' });
    expect(() => buildSpec(parseConfig('lxc.seccomp.notify.proxy = unix:/run/proxy'), ctx)).toThrow(UnsupportedError);
    expect(() => buildSpec(parseConfig('lxc.mount.auto = cgroup:mixed proc:mixed'), ctx)).not.toThrow();
  });

  it('reads mount.auto words like LXC', () => {
    expect(mountAuto(['proc', 'sys'])).toEqual({ proc: 'mixed', sys: 'mixed' });
    expect(mountAuto(['proc:rw', 'sys:rw'])).toEqual({ proc: 'rw', sys: 'rw' });
    expect(mountAuto(['cgroup:mixed'])).toEqual({ proc: 'none', sys: 'none' });
    expect(mountAuto(['cgroup-full:rw'])).toEqual({ proc: 'none', sys: 'none' });
    expect(mountAuto(['cgroup:ro:force'])).toEqual({ proc: 'none', sys: 'none', cgroup: 'ro' });
    expect(mountAuto(['cgroup-full:ro:force'])).toEqual({ proc: 'none', sys: 'none', cgroup: 'ro' });
    expect(mountAuto(['cgroup:force', 'proc:mixed'])).toEqual({ proc: 'mixed', sys: 'none', cgroup: 'rw' });
    expect(mountAuto(['cgroup:ro:force cgroup:mixed'])).toEqual({ proc: 'none', sys: 'none' }); // the last cgroup word wins
  });
});
