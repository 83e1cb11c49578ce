import { captured } from '../format/fixtures/captured';
import { escapeCode, parseConsoleArgs } from './console-args';
import { usageText } from './usage-text';
import { consoleSpec } from './console-args';

const settings = { argv0: 'lxc-console', defaultLxcpath: '/var/lib/lxc' };
const argvOf = (cmd: string) => cmd.split(' ').slice(1);

describe('lxc-console arguments', () => {
  it('defaults to the first free tty and Ctrl+a', () => {
    const r = parseConsoleArgs(['-n', 'c1'], settings);
    expect(r).toMatchObject({ kind: 'run', args: { name: 'c1', ttynum: -1, escape: 1, lxcpaths: ['/var/lib/lxc'] } });
  });

  it('takes -t, --tty=, -e and -P', () => {
    const r = parseConsoleArgs(['-n', 'c1', '--tty=0', '-e', '^b', '-P', '/tmp/x/'], settings);
    expect(r).toMatchObject({ kind: 'run', args: { ttynum: 0, escape: 2, lxcpaths: ['/tmp/x'] } });
  });

  it.each(['lxc-console -P /tmp/conr -n cr1 -t x', 'lxc-console -P /tmp/conr -n cr1 -t -1', 'lxc-console -P /tmp/conr'])(
    'fails like LXC: %s', (cmd) => {
      const real = captured('console', cmd);
      expect(parseConsoleArgs(argvOf(cmd), settings)).toEqual({ kind: 'exit', stdout: real.stdout, stderr: real.stderr, code: real.code });
    });

  it('prints LXC --help and --usage', () => {
    for (const cmd of ['lxc-console --help', 'lxc-console --usage']) {
      const real = captured('console', cmd);
      expect(parseConsoleArgs(argvOf(cmd), settings)).toEqual({ kind: 'exit', stdout: real.stdout, stderr: real.stderr, code: real.code });
    }
    expect(usageText('lxc-console', consoleSpec.options)).toBe(captured('console', 'lxc-console --usage').stderr);
  });

  it('turns -e values into control codes as etoc()', () => {
    expect(escapeCode('a')).toBe(1);
    expect(escapeCode('b')).toBe(2);
    expect(escapeCode('^c')).toBe(3);
    expect(escapeCode('z')).toBe(26);
  });
});
