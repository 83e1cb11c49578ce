import { ConfigError, ConfigErrorCode } from './config-errors';
import { memoryConfigFs } from './config-fs';
import { scanLine } from './config-line';
import { parseConfig } from './container-config';

const fs = memoryConfigFs({});
const parse = (text: string) => parseConfig(text, { file: '/c/config', fs });
function failure(text: string, files: Record<string, string> = {}): ConfigError {
  try {
    parseConfig(text, { file: '/c/config', fs: memoryConfigFs(files) });
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('line grammar (LXC 3.0+)', () => {
  it('trims blanks around key, = and value; the first = splits', () => {
    expect(scanLine('  lxc.environment=B=2  ')).toEqual({ kind: 'entry', key: 'lxc.environment', value: 'B=2' });
    expect(scanLine('lxc.uts.name \t=\t a ')).toEqual({ kind: 'entry', key: 'lxc.uts.name', value: 'a' });
  });
  it('treats a first non-blank # as a comment and an inline # as value', () => {
    expect(scanLine('   # lxc.bogus = 1').kind).toBe('comment');
    expect(parse('lxc.environment = A=1 # x\n').get('lxc.environment')).toBe('A=1 # x');
  });
  it('removes one pair of matching quotes only', () => {
    expect(parse('lxc.uts.name = "probe-a"').get('lxc.uts.name')).toBe('probe-a');
    expect(parse("lxc.uts.name = 'q'").get('lxc.uts.name')).toBe('q');
    expect(parse('lxc.uts.name = \'a"').get('lxc.uts.name')).toBe('\'a"');
    expect(parse('lxc.uts.name = ""').get('lxc.uts.name')).toBe('');
  });
  it('ignores blank and martian lines', () => {
    const c = parse('\n  \nnotlxc.key = 1\nfoo\nlxc.uts.name = a\n');
    expect(c.lines().map((l) => l.kind)).toEqual(['blank', 'blank', 'martian', 'martian', 'entry', 'blank']);
    expect(c.entries()).toHaveLength(1);
  });
  it('rejects an lxc. line without =', () => {
    const err = failure('lxc.uts.name = a\n  lxc.uts.name\n');
    expect(err.code).toBe(ConfigErrorCode.INVALID_LINE);
    expect(err.message).toBe('Invalid configuration line: lxc.uts.name');
    expect(err.location).toBe('/c/config:2');
  });
  it('rejects unknown keys with file and line', () => {
    const err = failure('# x\n\nlxc.bogus = 1\n');
    expect(err.code).toBe(ConfigErrorCode.UNSUPPORTED_KEY);
    expect(err.message).toBe('Unsupported config key "lxc.bogus"');
    expect([err.file, err.line, err.text]).toEqual(['/c/config', 3, 'lxc.bogus = 1']);
    expect(failure('lxc.hook.bogus = /x').message).toBe('Unsupported config key "lxc.hook.bogus"');
    expect(failure('lxc.net.0.bogus = 1').message).toBe('Unknown network configuration key "lxc.net.0.bogus"');
  });
});

describe('parse-time value checks (messages as LXC 5.0.2 logs them)', () => {
  it.each([
    ['lxc.net.0.type = bogus', 'Invalid network type bogus'],
    ['lxc.cap.drop = bogus', 'Invalid capability specified'],
    ['lxc.cap.drop = CAP_SYS_ADMIN', 'Invalid capability specified'],
    ['lxc.cap.drop = 41', 'Invalid capability specified'],
    ['lxc.idmap = x 0 1 2', 'Invalid id mapping type: x'],
    ['lxc.idmap = b 0 1 2', 'Invalid id mapping type: b'],
    ['lxc.idmap = u 0 1', 'Failed to parse id mappings'],
    ['lxc.net.0.ipv4.address = bogus', 'Invalid ipv4 address "bogus"'],
    ['lxc.mount.auto = bogus', 'Invalid filesystem to automount "bogus"'],
    ['lxc.arch = bogus', 'Unsupported personality "bogus"'],
    ['lxc.namespace.share.bogus = 1', 'Invalid namespace name "bogus"'],
    ['lxc.namespace.clone = bogus', 'Invalid namespace name "bogus"'],
    ['lxc.tty.max = abc', 'Failed to parse config file "/c/config" at line "lxc.tty.max = abc"'],
    ['lxc.tty.max = -1', 'Failed to parse config file "/c/config" at line "lxc.tty.max = -1"'],
    ['lxc.start.auto = 2', 'Failed to parse config file "/c/config" at line "lxc.start.auto = 2"'],
    ['lxc.signal.halt = PWR', 'Failed to parse config file "/c/config" at line "lxc.signal.halt = PWR"'],
    ['lxc.signal.halt = SIGRTMIN', 'Failed to parse config file "/c/config" at line "lxc.signal.halt = SIGRTMIN"'],
    ['lxc.prlimit.nofile = 10:abc', 'Failed to parse config file "/c/config" at line "lxc.prlimit.nofile = 10:abc"'],
    ['lxc.net.a.type = veth', 'Failed to parse config file "/c/config" at line "lxc.net.a.type = veth"'],
    ['lxc.cgroup2 = 1', 'Failed to parse config file "/c/config" at line "lxc.cgroup2 = 1"'],
    ['lxc.hook.version = 2', 'Failed to parse config file "/c/config" at line "lxc.hook.version = 2"'],
    ['lxc.net.0.veth.mode = bogus', 'Failed to parse config file "/c/config" at line "lxc.net.0.veth.mode = bogus"'],
  ])('%s -> %s', (line, message) => {
    const err = failure(line);
    expect(err.code).toBe(ConfigErrorCode.INVALID_VALUE);
    expect(err.message).toBe(message);
  });
  it.each([
    'lxc.cap.drop = 21', 'lxc.cap.drop = checkpoint_restore bpf perfmon', 'lxc.signal.halt = sigpwr',
    'lxc.signal.halt = SIGRTMIN+3', 'lxc.signal.halt = 1000', 'lxc.tty.max = 0x10', 'lxc.net.1.link = br0',
    'lxc.net.0.mtu = abc', 'lxc.cgroup2.anything.here = 1', 'lxc.prlimit.bogus = 1', 'lxc.init.uid = x',
    'lxc.log.level = debug', 'lxc.time.offset.boot = 10s', 'lxc.start.order = -3', 'lxc.sysctl.net.ipv4.ip_forward = 1',
  ])('accepts %s as LXC 5.0.2 does', (line) => {
    expect(() => parse(line)).not.toThrow();
  });
  it('rejects cap.keep and cap.drop together', () => {
    expect(failure('lxc.cap.keep = sys_admin\nlxc.cap.drop = net_raw').line).toBe(2);
  });
});

describe('lxc.include', () => {
  const files = {
    '/inc/a.conf': 'lxc.group = a\n',
    '/inc/b.conf': 'lxc.uts.name = fromdir\n',
    '/inc/c.txt': 'lxc.group = zz\n',
    '/one.conf': 'lxc.include = /inc/\nlxc.tty.max = 3\n',
    '/bad.conf': '\nlxc.bogus = 1\n',
    '/loop-a.conf': 'lxc.include = /loop-b.conf\n',
    '/loop-b.conf': 'lxc.include = /loop-a.conf\n',
  };
  const load = (text: string) => parseConfig(text, { file: '/c/config', fs: memoryConfigFs(files) });
  it('includes every *.conf of a directory in alphabetical order', () => {
    const c = load('lxc.uts.name = x\nlxc.include = /inc/\n');
    expect(c.get('lxc.uts.name')).toBe('fromdir');
    expect(c.get('lxc.group')).toBe('a');
  });
  it('treats a directory without trailing slash as a directory', () => {
    expect(load('lxc.include = /inc').get('lxc.uts.name')).toBe('fromdir');
  });
  it('follows nested file includes and keeps later lines in force', () => {
    const c = load('lxc.include = /one.conf\nlxc.group = top\n');
    expect(c.get('lxc.tty.max')).toBe('3');
    expect(c.groups()).toEqual(['a', 'top']);
    expect(c.entries().find((e) => e.key === 'lxc.tty.max')).toMatchObject({ file: '/one.conf', line: 2 });
  });
  it('reports a missing file like LXC and ignores a missing directory/', () => {
    const err = failure('lxc.include = /nonexistent/x.conf');
    expect(err.code).toBe(ConfigErrorCode.INCLUDE_MISSING);
    expect(err.message).toBe('Failed to open file "/nonexistent/x.conf"');
    expect(() => load('lxc.include = /nonexistent/')).not.toThrow();
  });
  it('reports errors inside an include with the included file and line', () => {
    const err = failure('lxc.include = /bad.conf', files);
    expect([err.code, err.file, err.line]).toEqual([ConfigErrorCode.UNSUPPORTED_KEY, '/bad.conf', 2]);
  });
  it('stops include cycles', () => {
    expect(failure('lxc.include = /loop-a.conf', files).code).toBe(ConfigErrorCode.INCLUDE_CYCLE);
  });
});
