import { parseAttachArgs } from './attach-args';
import { parseCreateArgs } from './create-args';
import { parseInfoArgs } from './info-args';
import { parseLsArgs } from './ls-args';
import { parseDestroyArgs, parseMonitorArgs, parseWaitArgs } from './small-tools-args';
import { parseStartArgs } from './start-args';
import { parseStopArgs } from './stop-args';
import type { ParseOutcome } from './tool-spec';

function args<T>(outcome: ParseOutcome<T>): T {
  if (outcome.kind !== 'run') throw new Error(`expected run, got exit ${outcome.code}: ${outcome.stderr}`);
  return outcome.args;
}

describe('lxc-create', () => {
  it('collects template, config, bdev options (short digits too) and template args after --', () => {
    expect(args(parseCreateArgs(['-n', 'c', '-t', 'busybox', '-f', 'x.conf', '-B', 'lvm', '-0', 'lv', '--vgname=vg',
      '--fssize', '2G', '--dir', '/d', '--', '--arch', 'amd64']))).toMatchObject({
      name: 'c', template: 'busybox', config: 'x.conf', bdev: 'lvm', lvname: 'lv', vgname: 'vg', fssize: '2G',
      dir: '/d', templateArgs: ['--arch', 'amd64'],
    });
  });

  it('requires a template even with -f, and a known backing store', () => {
    expect(parseCreateArgs(['-n', 'c', '-f', 'x.conf'])).toMatchObject({ kind: 'exit', code: 1 });
    expect(parseCreateArgs(['-n', 'c', '-t', 'none', '-B', 'best']).kind).toBe('run');
    expect(parseCreateArgs(['-n', 'c', '-t', 'none', '-B', 'ext4'])).toMatchObject({
      stderr: 'lxc-create: c: ../src/lxc/tools/lxc_create.c: main: 240 ext4 is not a valid backing storage type\n',
    });
  });
});

describe('lxc-start', () => {
  it('daemonizes by default; -F then -d is daemonized again (last wins)', () => {
    expect(args(parseStartArgs(['-n', 'c'])).daemonize).toBe(true);
    expect(args(parseStartArgs(['-n', 'c', '-F'])).daemonize).toBe(false);
    expect(args(parseStartArgs(['-n', 'c', '-F', '-d'])).daemonize).toBe(true);
  });

  it('repeats -s, shares namespaces, and takes the command after --', () => {
    expect(args(parseStartArgs(['-n', 'c', '-s', 'lxc.uts.name = x', '-slxc.tty.max=2', '--share-net=other',
      '-p', '/p', '-C', '-L', '/log', '-c', '/con', '-f', '/rc', '--', '/bin/sh', '-c', 'true']))).toMatchObject({
      defines: [{ key: 'lxc.uts.name', value: 'x' }, { key: 'lxc.tty.max', value: '2' }],
      share: { net: 'other' }, pidfile: '/p', closeAllFds: true, consoleLog: '/log', console: '/con',
      rcfile: '/rc', command: ['/bin/sh', '-c', 'true'],
    });
  });
});

describe('lxc-stop', () => {
  it('resolves the timeout like main(): 60 by default, 0 with -k or -W, -1 forever', () => {
    expect(args(parseStopArgs(['-n', 'c'])).timeout).toBe(60);
    expect(args(parseStopArgs(['-n', 'c', '-k'])).timeout).toBe(0);
    expect(args(parseStopArgs(['-n', 'c', '-W', '-t', '30'])).timeout).toBe(0);
    expect(args(parseStopArgs(['-n', 'c', '-t', '-1'])).timeout).toBe(-1);
    expect(args(parseStopArgs(['-n', 'c', '-t', '-2'])).timeout).toBe(60);
    expect(args(parseStopArgs(['-n', 'c', '-k', '--nolock']))).toMatchObject({ kill: true, nolock: true });
  });

  it('checks in main() order: -k -t -5 reports timeouts, not an invalid timeout', () => {
    expect(parseStopArgs(['-n', 'c', '-k', '-t', '-5'])).toMatchObject({
      stderr: "lxc-stop: c: ../src/lxc/tools/lxc_stop.c: main: 132 -k doesn't allow timeouts\n",
    });
    expect(parseStopArgs(['-n', 'c', '-k', '-t', '0', '--nokill'])).toMatchObject({ code: 1 });
  });

  it('-q silences the log-form errors', () => {
    expect(parseStopArgs(['-q', '-n', 'c', '--nolock'])).toEqual({ kind: 'exit', stdout: '', stderr: '', code: 1 });
  });
});

describe('lxc-info', () => {
  it('counts filters per occurrence, -S as 5, and keeps -c keys in order', () => {
    expect(args(parseInfoArgs(['-n', 'c', '-ss', '-H']))).toMatchObject({ state: true, filterCount: 2, noHumanize: true });
    expect(args(parseInfoArgs(['-n', 'c', '-S'])).filterCount).toBe(5);
    expect(args(parseInfoArgs(['-n', 'c', '-c', 'a', '--config=b'])).configKeys).toEqual(['a', 'b']);
  });
});

describe('lxc-ls', () => {
  it('never takes an operand as the name; one operand is the regex, --filter wins', () => {
    expect(args(parseLsArgs(['web']))).toMatchObject({ name: '', filter: { regex: 'web' } });
    expect(args(parseLsArgs(['a', 'b'])).filter.regex).toBeUndefined();
    expect(args(parseLsArgs(['--filter=x', 'y'])).filter.regex).toBe('x');
  });

  it('reads flags, groups and nesting levels', () => {
    expect(args(parseLsArgs(['-1f', '-F', 'name,pid', '--running', '--active', '-g', 'web, db,', '--defined']))).toMatchObject({
      line: true, fancy: true, fancyFormat: 'name,pid',
      filter: { running: true, active: true, groups: ['web', 'db'], defined: true },
    });
    expect(args(parseLsArgs([])).nesting).toBe(0);
    expect(args(parseLsArgs(['--nesting'])).nesting).toBe(5);
    expect(args(parseLsArgs(['--nesting=2'])).nesting).toBe(2);
    expect(args(parseLsArgs(['--nesting=-1'])).nesting).toBe(5);
    expect(args(parseLsArgs(['--nesting=x'])).nesting).toBe(5);
  });
});

describe('lxc-attach', () => {
  it('elevates all privileges without a value, some with one, and -s implies all', () => {
    expect(args(parseAttachArgs(['-n', 'c', '-e'])).elevated).toEqual(['CAP', 'CGROUP', 'LSM']);
    expect(args(parseAttachArgs(['-n', 'c', '-eLSM|CAP'])).elevated).toEqual(['CAP', 'LSM']);
    expect(args(parseAttachArgs(['-n', 'c', '-s', 'MOUNT|net|']))).toMatchObject({
      namespaces: ['mnt', 'net'], elevated: ['CAP', 'CGROUP', 'LSM'],
    });
  });

  it('reads env, ids, arch and the command', () => {
    expect(args(parseAttachArgs(['-n', 'c', '--clear-env', '--keep-var', 'TERM', '-v', 'A=1', '--set-var=B=2',
      '-u', '1000', '-g', '0x10', '-a', 'x86_64', '-R', '-L', '/pty', '-c', 'ctx', '--', 'ls', '-l']))).toMatchObject({
      envPolicy: 'clear', keepVars: ['TERM'], setVars: ['A=1', 'B=2'], uid: 1000, gid: 16, arch: 'x86_64',
      remountSysProc: true, ptyLog: '/pty', context: 'ctx', command: ['ls', '-l'],
    });
  });

  it('permutes like getopt: options after the command word are lxc-attach options', () => {
    expect(parseAttachArgs(['-n', 'c', 'ls', '-l'])).toMatchObject({ kind: 'exit', code: 1 });
  });
});

describe('lxc-destroy, lxc-wait, lxc-monitor', () => {
  it('lxc-destroy flags', () => {
    expect(args(parseDestroyArgs(['-fs', 'c']))).toMatchObject({ name: 'c', force: true, snapshots: true });
  });

  it('lxc-wait splits states, requires -s and reads -t with atol', () => {
    expect(args(parseWaitArgs(['-n', 'c', '-s', 'RUNNING|FROZEN|', '-t', '5']))).toMatchObject({
      states: ['RUNNING', 'FROZEN'], timeout: 5,
    });
    expect(args(parseWaitArgs(['-n', 'c', '-s', 'STOPPED'])).timeout).toBe(-1);
    expect(parseWaitArgs(['-n', 'c', '-s', 'STOPPED,RUNNING'])).toMatchObject({
      stderr: "lxc-wait: c: ../src/lxc/state.c: lxc_str2state: 51 invalid state 'STOPPED,RUNNING'\n",
    });
  });

  it('lxc-monitor presets .*, ignores operands and accepts many -P', () => {
    expect(args(parseMonitorArgs(['-P', '/a', '-P', '/b/', 'x']))).toMatchObject({
      name: '.*', lxcpaths: ['/a', '/b'], quit: false, argv: ['x'],
    });
    expect(args(parseMonitorArgs(['-Q', '-n', 'web.*']))).toMatchObject({ name: 'web.*', quit: true });
  });
});
