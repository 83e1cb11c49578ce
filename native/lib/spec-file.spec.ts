import { parseSpecLines, serializeSpec, mountEntryLine } from './spec-file';
import type { ContainerSpec } from './types';

const base: ContainerSpec = {
  name: 'c1',
  lxcpath: '/var/lib/lxc',
  rootfs: '/var/lib/lxc/c1/rootfs',
  init: ['/bin/sh', '-c', 'echo "a\tb"\nexit 0'],
  env: ['PATH=/bin', 'X=back\\slash'],
  cgroupRoot: '/sys/fs/cgroup',
  cgroupName: 'c1',
  runDir: '/run/lxcbus/c1',
};

describe('serializeSpec', () => {
  it('starts with the version line and applies every default', () => {
    const text = serializeSpec(base);
    expect(text.startsWith('version\t1\n')).toBe(true);
    const m = parseSpecLines(text);
    expect(m.get('cwd')).toEqual(['/']);
    expect(m.get('net')).toEqual(['new']);
    expect(m.get('mount.proc')).toEqual(['mixed']);
    expect(m.get('mount.sys')).toEqual(['ro']);
    expect(m.get('autodev')).toEqual(['1']);
    expect(m.get('signal.halt')).toEqual(['30']);
    expect(m.has('hostname')).toBe(false);
  });

  it('keeps repeatable keys in order and round-trips escapes', () => {
    const m = parseSpecLines(serializeSpec(base));
    expect(m.get('init')).toEqual(base.init);
    expect(m.get('env')).toEqual(base.env);
  });

  it('writes mount.cgroup only for a forced cgroup automount', () => {
    expect(parseSpecLines(serializeSpec(base)).has('mount.cgroup')).toBe(false);
    expect(parseSpecLines(serializeSpec({ ...base, mountAuto: { cgroup: 'none' } })).has('mount.cgroup')).toBe(false);
    expect(parseSpecLines(serializeSpec({ ...base, mountAuto: { cgroup: 'ro' } })).get('mount.cgroup')).toEqual(['ro']);
  });

  it('writes lxc-execute\'s init.reaper and init.stdio only when asked', () => {
    expect(parseSpecLines(serializeSpec(base)).has('init.stdio')).toBe(false);
    const m = parseSpecLines(serializeSpec({ ...base, initReaper: true, initStdio: true }));
    expect([m.get('init.reaper'), m.get('init.stdio')]).toEqual([['1'], ['1']]);
  });

  it('writes init.tty as a mask of the terminal fds, with the size, only with init.stdio', () => {
    const initTty = { stdin: true, stdout: false, stderr: true, rows: 30, cols: 100 };
    const m = parseSpecLines(serializeSpec({ ...base, initReaper: true, initStdio: true, initTty }));
    expect([m.get('init.tty'), m.get('init.tty.rows'), m.get('init.tty.cols')]).toEqual([['5'], ['30'], ['100']]);
    expect(parseSpecLines(serializeSpec({ ...base, initReaper: true, initTty })).has('init.tty')).toBe(false);
  });

  it('writes lxc.rootfs.options, idmap=container and pre-mount hooks only when set', () => {
    const plain = parseSpecLines(serializeSpec(base));
    expect(['rootfs.options', 'rootfs.idmap', 'hook.pre-mount'].map((k) => plain.has(k))).toEqual([false, false, false]);
    const m = parseSpecLines(serializeSpec({
      ...base, rootfsOptions: 'ro,nosuid', rootfsIdmap: true, hooks: { 'pre-mount': ['/var/lib/lxc/c1/pre-start-abc123', '/bin/true x'] },
    }));
    expect(m.get('rootfs.options')).toEqual(['ro,nosuid']);
    expect(m.get('rootfs.idmap')).toEqual(['1']);
    expect(m.get('hook.pre-mount')).toEqual(['/var/lib/lxc/c1/pre-start-abc123', '/bin/true x']);
  });

  it('never emits a raw tab or newline inside a value', () => {
    for (const line of serializeSpec(base).trimEnd().split('\n')) expect(line.split('\t')).toHaveLength(2);
  });

  it('writes host networking, signals by name and mount entries as fstab lines', () => {
    const m = parseSpecLines(
      serializeSpec({
        ...base,
        shareHostNet: true,
        haltSignal: 'SIGRTMIN+3',
        mountEntries: [{ source: '/a dir', target: 'mnt/x', fstype: 'none', options: ['bind', 'ro', 'create=dir'] }],
      }),
    );
    expect(m.get('net')).toEqual(['host']);
    expect(m.get('signal.halt')).toEqual(['37']);
    expect(m.get('mount.entry')).toEqual(['/a\\040dir mnt/x none bind,ro,create=dir']);
  });

  it('writes "defaults" for a mount entry without options', () => {
    expect(mountEntryLine({ source: 'tmpfs', target: 'run', fstype: 'tmpfs', options: [] })).toBe('tmpfs run tmpfs defaults');
  });
});
