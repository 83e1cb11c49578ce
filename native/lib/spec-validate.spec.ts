import { InvalidArgumentError } from './errors';
import { toSignalNumber } from './signals';
import { validateExecOptions, validateSpec } from './spec-validate';
import type { ContainerSpec } from './types';

const ok: ContainerSpec = {
  name: 'c1',
  lxcpath: '/var/lib/lxc',
  rootfs: '/var/lib/lxc/c1/rootfs',
  init: ['/sbin/init'],
  env: [],
  cgroupRoot: '/sys/fs/cgroup',
  cgroupName: 'c1',
  runDir: '/run/lxcbus/c1',
};

function rejects(over: Partial<ContainerSpec>, field: string): void {
  let err: unknown;
  try {
    validateSpec({ ...ok, ...over } as ContainerSpec);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(InvalidArgumentError);
  expect((err as InvalidArgumentError).op).toBe(field);
  expect((err as InvalidArgumentError).code).toBe('EINVAL');
}

describe('validateSpec', () => {
  it('accepts a minimal spec', () => expect(() => validateSpec(ok)).not.toThrow());
  it('names the offending field', () => {
    rejects({ name: 'a/b' }, 'spec.name');
    rejects({ rootfs: 'relative/rootfs' }, 'spec.rootfs');
    rejects({ runDir: '/run/' + 'x'.repeat(100) }, 'spec.runDir');
    rejects({ init: [] }, 'spec.init');
    rejects({ env: ['NOEQUALS'] }, 'spec.env');
    rejects({ uid: -1 }, 'spec.uid');
    rejects({ cgroupName: '../escape' }, 'spec.cgroupName');
    rejects({ cgroupName: 'a/b/c' }, 'spec.cgroupName');
    rejects({ cgroupName: 'alice/..' }, 'spec.cgroupName');
    expect(() => validateSpec({ ...ok, cgroupName: 'alice/c1.ab12cd' })).not.toThrow();
    rejects({ hostname: 'bad host' }, 'spec.hostname');
    rejects({ mountAuto: { proc: 'ro' as never } }, 'spec.mountAuto.proc');
    rejects({ mountAuto: { cgroup: 'mixed' as never } }, 'spec.mountAuto.cgroup');
    rejects({ mountEntries: [{ source: '/a', target: '../etc', fstype: 'none', options: [] }] }, 'spec.mountEntries[0].target');
    rejects({ mountEntries: [{ source: '/a', target: 'b', fstype: 'none', options: ['ro,bind'] }] }, 'spec.mountEntries[0].options');
    rejects({ haltSignal: 'SIGNOPE' }, 'spec.haltSignal');
  });
});

describe('validateExecOptions', () => {
  it('rejects empty argv and bad window sizes', () => {
    expect(() => validateExecOptions({ argv: [] })).toThrow(InvalidArgumentError);
    expect(() => validateExecOptions({ argv: ['sh'], rows: 70000 })).toThrow('exec.rows');
    expect(() => validateExecOptions({ argv: ['sh'], cwd: 'tmp' })).toThrow('exec.cwd');
  });
});

describe('toSignalNumber', () => {
  it('reads numbers, names with and without SIG, and real-time offsets', () => {
    expect(toSignalNumber(9)).toBe(9);
    expect(toSignalNumber('SIGTERM')).toBe(15);
    expect(toSignalNumber('usr1')).toBe(10);
    expect(toSignalNumber('SIGRTMIN+3')).toBe(37);
    expect(toSignalNumber('SIGPWR')).toBe(30);
    expect(() => toSignalNumber(65)).toThrow(InvalidArgumentError);
  });
});
