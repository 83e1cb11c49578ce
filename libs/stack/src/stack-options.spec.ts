import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { SERVICE_NAMES } from '@lxcbus/contracts';
import { parseServices, parseStateDirArgs, parseUpArgs, upArgv, UP_USAGE, type UpOptions } from './stack-options';
import { STACK_DEFAULTS } from './stack-defaults';
import { StackUsageError, StartFailedError } from './stack-errors';

function up(argv: string[]): UpOptions {
  const p = parseUpArgs(argv);
  if (p.help) throw new Error('unexpected help');
  return p.options;
}

describe('parseUpArgs', () => {
  it('fills every default when no option is given', () => {
    expect(up([])).toEqual({
      port: 4222, host: STACK_DEFAULTS.host, lxcpath: '/var/lib/lxc', rundir: '/run/lxcbus', statedir: '/var/lib/lxcbus',
      cachedir: '/var/cache/lxcbus', services: [...SERVICE_NAMES], logLevel: 'info', detach: false, auth: true,
    });
    expect(up([])).not.toHaveProperty('defaultConfig');
  });

  it('takes both --flag value and --flag=value', () => {
    const o = up(['--port', '14222', '--host=h2', '--lxcpath', '/srv/lxc', '--rundir=/tmp/r', '--statedir', '/tmp/s',
      '--cachedir', '/tmp/c', '--log-level=debug']);
    expect(o).toMatchObject({ port: 14222, host: 'h2', lxcpath: '/srv/lxc', rundir: '/tmp/r', statedir: '/tmp/s', cachedir: '/tmp/c', logLevel: 'debug' });
  });

  it('makes relative directories absolute against the working directory', () => {
    expect(up(['--statedir', 'st/../state']).statedir).toBe(`${process.cwd()}/state`);
  });

  it('returns help for -h and --help without validating the rest', () => {
    expect(parseUpArgs(['--help']).help).toBe(true);
    expect(parseUpArgs(['--port', '1', '-h']).help).toBe(true);
  });

  it.each([
    [['--port', '0'], /not a port number/],
    [['--port', '65536'], /not a port number/],
    [['--port', '42x'], /not a port number/],
    [['--port'], /--port needs a value/],
    [['--port='], /--port needs a value/],
    [['--host', 'Bad Host!'], /not a valid host id/],
    [['--log-level', 'loud'], /not one of fatal/],
    [['--services', 'state-reporter,dns'], /unknown service dns/],
    [['--services', ','], /at least one service/],
    [['--frobnicate'], /unknown option --frobnicate/],
    [['up'], /unexpected argument "up"/],
    [['--port', '1', '--port', '2'], /given twice/],
    [['--statedir', '/tmp/a"b'], /quote or control character/],
  ])('rejects %j', (argv, why) => {
    expect(() => parseUpArgs(argv)).toThrow(StackUsageError);
    expect(() => parseUpArgs(argv)).toThrow(why);
  });
});

describe('parseUpArgs -d/--detach', () => {
  it('takes -d and --detach as switches', () => {
    expect(up(['-d']).detach).toBe(true);
    expect(up(['--port', '14222', '--detach']).detach).toBe(true);
  });

  it('rejects a value on --detach, and -d elsewhere', () => {
    expect(() => parseUpArgs(['--detach=yes'])).toThrow(/--detach takes no value/);
    expect(() => parseStateDirArgs(['-d'])).toThrow(/unknown option -d/);
  });
});

describe('parseUpArgs --default-config', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lxcbus-defconf-'));
    writeFileSync(join(dir, 'default.conf'), 'lxc.net.0.type = empty\n');
    mkdirSync(join(dir, 'adir'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('resolves the file to an absolute path', () => {
    expect(up(['--default-config', join(dir, 'default.conf')]).defaultConfig).toBe(join(dir, 'default.conf'));
    expect(up([`--default-config=${relative(process.cwd(), join(dir, 'x', '..', 'default.conf'))}`]).defaultConfig).toBe(join(dir, 'default.conf'));
  });

  it('refuses a missing file or a directory, not as a usage error', () => {
    const missing = join(dir, 'nope.conf');
    expect(() => parseUpArgs(['--default-config', missing])).toThrow(StartFailedError);
    expect(() => parseUpArgs(['--default-config', missing])).toThrow(`--default-config ${missing}: no such file`);
    expect(() => parseUpArgs(['--default-config', join(dir, 'adir')])).toThrow(/not a regular file/);
  });

  it('is documented in the usage text', () => {
    expect(UP_USAGE).toContain('--default-config FILE');
    expect(UP_USAGE).toContain('LXCBUS_DEFAULT_CONFIG');
    expect(UP_USAGE).toMatch(/-d, --detach/);
  });
});

describe('upArgv', () => {
  it('reproduces the options without --detach', () => {
    const o = up(['-d', '--port', '14222', '--host', 'h2', '--statedir', 'rel/state', '--services', 'state-reporter', '--log-level', 'warn']);
    const again = up(upArgv(o));
    expect(again).toEqual({ ...o, detach: false });
    expect(upArgv(o)).not.toContain('-d');
    expect(upArgv({ ...o, defaultConfig: '/etc/x.conf' })).toEqual(expect.arrayContaining(['--default-config', '/etc/x.conf']));
  });

  it('keeps --no-auth', () => {
    const o = up(['--no-auth']);
    expect(o.auth).toBe(false);
    expect(upArgv(o)).toContain('--no-auth');
    expect(up(upArgv(o)).auth).toBe(false);
    expect(upArgv(up([]))).not.toContain('--no-auth');
  });
});

describe('parseServices', () => {
  it('keeps the canonical start order and drops duplicates', () => {
    expect(parseServices('state-reporter, image-fetcher,state-reporter')).toEqual(['image-fetcher', 'state-reporter']);
  });
});

describe('parseStateDirArgs', () => {
  it('defaults to /var/lib/lxcbus', () => {
    expect(parseStateDirArgs([])).toEqual({ help: false, options: { statedir: '/var/lib/lxcbus' } });
  });

  it('accepts only --statedir', () => {
    expect(parseStateDirArgs(['--statedir=/tmp/x'])).toEqual({ help: false, options: { statedir: '/tmp/x' } });
    expect(() => parseStateDirArgs(['--port', '1'])).toThrow(/unknown option --port/);
  });
});
