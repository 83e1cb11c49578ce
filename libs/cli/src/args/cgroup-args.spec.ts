import { captured } from '../format/fixtures/captured';
import { parseCgroupArgs, parseFreezeArgs, parseUnfreezeArgs } from './cgroup-args';

const settings = { defaultLxcpath: '/var/lib/lxc' };

describe('lxc-cgroup / lxc-freeze / lxc-unfreeze arguments (LXC 5.0.2)', () => {
  it('takes the state object and an optional value as operands', () => {
    expect(parseCgroupArgs(['-n', 'c1', 'pids.max'], settings)).toMatchObject({ kind: 'run', args: { name: 'c1', key: 'pids.max', lxcpaths: ['/var/lib/lxc'] } });
    const set = parseCgroupArgs(['-P', '/srv/lxc/', '-n', 'c1', 'memory.limit_in_bytes', '64M'], settings);
    expect(set).toMatchObject({ kind: 'run', args: { key: 'memory.limit_in_bytes', value: '64M', lxcpaths: ['/srv/lxc'] } });
    expect(parseCgroupArgs(['c1', 'cpuset.cpus'], settings)).toMatchObject({ kind: 'run', args: { name: 'c1', key: 'cpuset.cpus' } });
  });

  it('without a state object fails like the real tool', () => {
    const real = captured('cgroup', 'lxc-cgroup -P /tmp/cli-ref -n cgcap');
    expect(parseCgroupArgs(['-P', '/tmp/cli-ref', '-n', 'cgcap'], settings)).toEqual({ kind: 'exit', stdout: real.stdout, stderr: real.stderr, code: real.code });
  });

  it.each([
    ['lxc-cgroup', parseCgroupArgs],
    ['lxc-freeze', parseFreezeArgs],
    ['lxc-unfreeze', parseUnfreezeArgs],
  ] as const)('%s --help prints what LXC prints', (tool, parse) => {
    const real = captured('cgroup', `${tool} --help`);
    expect(parse(['--help'], settings)).toEqual({ kind: 'exit', stdout: real.stdout, stderr: real.stderr, code: real.code });
  });

  it('lxc-freeze needs a name', () => {
    expect(parseFreezeArgs([], settings)).toMatchObject({ kind: 'exit', stderr: 'lxc-freeze: No container name specified\n', code: 1 });
    expect(parseUnfreezeArgs(['-n', 'c1'], settings)).toMatchObject({ kind: 'run', args: { name: 'c1' } });
  });
});
