import { confineSpecLines, validateConfine } from './confine-spec';
import { InvalidArgumentError } from './errors';
import { parseSpecLines, serializeSpec } from './spec-file';

describe('confinement keys of the spec file', () => {
  it('writes caps, no_new_privs, seccomp, LSMs and cgroup settings in order', () => {
    expect(confineSpecLines({
      capDrop: ['sys_module', 'sys_time'], noNewPrivs: true, seccompProfile: '/usr/share/lxc/config/common.seccomp',
      apparmorProfile: 'generated', cgroupV1: [{ key: 'devices.deny', value: 'a' }, { key: 'devices.allow', value: 'c 1:3 rwm' }],
      cgroupV2: [{ key: 'memory.max', value: '256M' }],
    })).toEqual([
      ['cap.drop', 'sys_module'], ['cap.drop', 'sys_time'], ['no_new_privs', '1'], ['seccomp.profile', '/usr/share/lxc/config/common.seccomp'],
      ['apparmor.profile', 'generated'], ['cgroup.v1', 'devices.deny a'], ['cgroup.v1', 'devices.allow c 1:3 rwm'], ['cgroup.v2', 'memory.max 256M'],
    ]);
    expect(confineSpecLines(undefined)).toEqual([]);
  });

  it('reaches the spec file through serializeSpec', () => {
    const text = serializeSpec({
      name: 'c1', lxcpath: '/l', rootfs: '/r', init: ['/sbin/init'], env: [], cgroupRoot: '/sys/fs/cgroup', cgroupName: 'c1', runDir: '/run/x',
      confine: { capKeep: ['none'], cgroupV2: [{ key: 'pids.max', value: '20' }] },
    });
    const lines = parseSpecLines(text);
    expect(lines.get('cap.keep')).toEqual(['none']);
    expect(lines.get('cgroup.v2')).toEqual(['pids.max 20']);
  });

  it.each([
    [{ capDrop: ['CAP_SYS_ADMIN'] }, /capability names/],
    [{ capDrop: ['sys_time'], capKeep: ['none'] }, /exclusive/],
    [{ seccompProfile: 'relative.seccomp' }, /absolute/],
    [{ cgroupV1: [{ key: '../../tasks', value: '1' }] }, /cgroup file name/],
    [{ cgroupV2: [{ key: 'memory.max', value: '1\n2' }] }, /newline/],
  ])('refuses %j', (c, msg) => {
    expect(() => validateConfine(c)).toThrow(InvalidArgumentError);
    expect(() => validateConfine(c)).toThrow(msg);
  });
});
