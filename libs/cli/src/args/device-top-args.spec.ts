import { deviceAction, parseDeviceArgs } from './device-args';
import { parseTopArgs } from './top-args';

const settings = { defaultLxcpath: '/var/lib/lxc' };

describe('lxc-device arguments', () => {
  it('takes add|del DEV [NAME] after the name', () => {
    expect(parseDeviceArgs(['-n', 'c1', 'add', '/dev/loop5'], settings)).toMatchObject({ kind: 'run', args: { name: 'c1', action: 'add', device: '/dev/loop5' } });
    expect(parseDeviceArgs(['-n', 'c1', '-P', '/x', 'del', 'veth1', 'eth5'], settings))
      .toMatchObject({ kind: 'run', args: { lxcpaths: ['/x'], action: 'del', device: 'veth1', target: 'eth5' } });
  });

  it('matches the command word as LXC does (any prefix; the empty word is add)', () => {
    expect(['', 'a', 'ad', 'add', 'd', 'de', 'del', 'adds', 'x'].map(deviceAction)).toEqual(['add', 'add', 'add', 'add', 'del', 'del', 'del', 'bad', 'bad']);
  });

  it('leaves an incomplete command for the tool, which checks the container first', () => {
    const r = parseDeviceArgs(['-n', 'c1', 'add'], settings);
    expect(r).toMatchObject({ kind: 'run' });
    expect(r.kind === 'run' && r.args.action).toBeUndefined();
  });

  it('prints LXC help', () => {
    const r = parseDeviceArgs(['--help'], settings);
    expect(r).toMatchObject({ kind: 'exit', code: 0 });
    expect(r.kind === 'exit' && r.stderr).toMatch(/^Usage: lxc-device --name=NAME -- add\|del DEV\n\nlxc-device attach or detach DEV/);
  });
});

describe('lxc-top arguments', () => {
  it('defaults: 3 s, by name; batch without -d refreshes every 300 s; no name needed', () => {
    expect(parseTopArgs([], settings)).toMatchObject({ kind: 'run', args: { delay: 3, batch: false, sortBy: 'n', reverse: false } });
    expect(parseTopArgs(['-b'], settings)).toMatchObject({ kind: 'run', args: { delay: 300, batch: true } });
    expect(parseTopArgs(['-b', '-d', '1', '-s', 'mem', '-r'], settings)).toMatchObject({ kind: 'run', args: { delay: 1, sortBy: 'm', reverse: true } });
  });

  it('unknown sort letters sort by name; -d must be an int', () => {
    expect(parseTopArgs(['-s', 'x'], settings)).toMatchObject({ kind: 'run', args: { sortBy: 'n' } });
    expect(parseTopArgs(['-d', 'abc'], settings)).toEqual({ kind: 'exit', stdout: '', stderr: 'lxc-top: could not parse command line\n', code: 1 });
    expect(parseTopArgs(['-d', '99999999999'], settings)).toMatchObject({ kind: 'exit', code: 1 });
    expect(parseTopArgs(['-d', '-1'], settings)).toMatchObject({ kind: 'run', args: { delay: -1 } });
  });

  it('accepts several -P and reads the first', () => {
    expect(parseTopArgs(['-P', '/a', '-P', '/b'], settings)).toMatchObject({ kind: 'run', args: { lxcpaths: ['/a', '/b'] } });
  });

  it('prints LXC usage', () => {
    const r = parseTopArgs(['--usage'], settings);
    expect(r.kind === 'exit' && r.stdout + r.stderr).toBe(
      'Usage: lxc-top [-d|--delay=DELAY] [-b|--batch] [-s|--sort=SORT] [-r|--reverse] \n'
      + '\t[-n|--name=NAME] [-h|--help] [-?|--help] [--usage] \n'
      + '\t[--version] [-q|--quiet] [-o|--logfile=LOGFILE] [-l|--logpriority=LOGPRIORITY] \n'
      + '\t[-P|--lxcpath=LXCPATH] [--rcfile=RCFILE] \n');
  });
});
