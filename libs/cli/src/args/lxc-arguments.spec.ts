import { CAPTURED, captured, shellWords } from '../format/fixtures/captured';
import { parseAttachArgs } from './attach-args';
import { parseCreateArgs } from './create-args';
import { parseInfoArgs } from './info-args';
import { parseLsArgs } from './ls-args';
import { parseDestroyArgs, parseMonitorArgs, parseWaitArgs } from './small-tools-args';
import { parseStartArgs } from './start-args';
import { parseStopArgs } from './stop-args';
import type { ParseOutcome } from './tool-spec';

const PARSERS: Record<string, (argv: string[]) => ParseOutcome<unknown>> = {
  'lxc-create': parseCreateArgs, 'lxc-start': parseStartArgs, 'lxc-stop': parseStopArgs,
  'lxc-info': parseInfoArgs, 'lxc-ls': parseLsArgs, 'lxc-attach': parseAttachArgs,
  'lxc-destroy': parseDestroyArgs, 'lxc-wait': parseWaitArgs, 'lxc-monitor': parseMonitorArgs,
};

function run(cmd: string): ParseOutcome<unknown> {
  return PARSERS[cmd.split(' ')[0]](shellWords(cmd));
}

/** Captured commands whose whole outcome is decided by option parsing. */
const P = '/tmp/cli-ref';
const PARSE_EXITS: Array<[string, string]> = [
  ...CAPTURED.help.map((e): [string, string] => ['help', e.cmd]),
  ...['stop', 'info', 'start', 'attach', 'destroy', 'wait', 'create'].map((t): [string, string] => ['errors', `lxc-${t} -P ${P}`]),
  ['errors', `lxc-stop -P ${P} -q`],
  ['errors', `lxc-stop -P ${P} -n a -z`],
  ['errors', `lxc-stop -P ${P} -n a --bogus`],
  ['errors', `lxc-stop -P ${P} -n`],
  ['errors', `lxc-stop -P ${P} --name`],
  ['errors', `lxc-stop -P ${P} -n a --nokill=3`],
  ['errors', `lxc-stop -P ${P} -n a --no`],
  ['errors', `lxc-stop -P ${P} -n a -k --nokill`],
  ['errors', `lxc-stop -P ${P} -n a -k -r`],
  ['errors', `lxc-stop -P ${P} -n a -k -t 5`],
  ['errors', `lxc-stop -P ${P} -n a --nolock`],
  ['errors', `lxc-stop -P ${P} -n a -t abc`],
  ['errors', `lxc-stop -P ${P} -n a -t -5`],
  ['errors', `lxc-stop -P ${P} -n a -t 5x`],
  ['errors', `lxc-create -P ${P} -n newx`],
  ['errors', `lxc-wait -P ${P} -n a`],
  ['errors', `lxc-wait -P ${P} -n a -s BOGUS`],
  ['parse', `lxc-info --name=a --lxcpath=${P} --st`],
  ['parse', `lxc-info -P ${P} -n a -h`],
  ['parse', `lxc-info -P ${P} -n a --he`],
  ['parse', `lxc-info -P ${P} -n a --vers`],
  ['parse', `lxc-info -P ${P} -n a --rc`],
  ['parse', `lxc-info -P ${P} -n a --s`],
  ['parse', `lxc-start -P ${P} -n a --rc=/x`],
  ['parse', `lxc-start -P ${P} -n a --share`],
  ['parse', `lxc-start -P ${P} -n nope -s bogus`],
  ['parse', `lxc-attach -P ${P} -n nope -s BOGUS -- true`],
  ['parse', `lxc-attach -P ${P} -n nope -u abc -- true`],
  ['parse', `lxc-attach -P ${P} -n nope -a bogusarch -- true`],
  ['parse', `lxc-create -P ${P} -n nope2 -t none -B bogus`],
  ['parse', `lxc-wait -P ${P} -n a -s running`],
  ['parse', `lxc-stop -P ${P} -n a -r -k`],
  ['ls', `lxc-ls -P ${P} -P /tmp/cli-ref-none`],
  ['ls', `lxc-ls -P ${P} -f -P /tmp/cli-ref-none`],
];

describe('side by side with real LXC 5.0.2: outcomes decided while parsing', () => {
  it.each(PARSE_EXITS)('%s.json: %s', (file, cmd) => {
    const real = captured(file, cmd);
    const ours = run(cmd);
    expect(ours).toMatchObject({ kind: 'exit' });
    if (ours.kind !== 'exit') return;
    expect({ stdout: ours.stdout, stderr: ours.stderr, code: ours.code }).toEqual({
      stdout: real.stdout, stderr: real.stderr, code: real.code,
    });
  });

  it('covers every captured --help, --usage, --version and -? (36 commands)', () => {
    expect(PARSE_EXITS.filter(([file]) => file === 'help')).toHaveLength(36);
  });
});

describe('commands real LXC accepted parse to a run outcome', () => {
  const accepted = [
    `lxc-info -P ${P} a -s`, `lxc-info -s -P${P} -na`, `lxc-info --na a -P ${P} -s`,
    `lxc-info -P ${P} -n a extra`, `lxc-info -P ${P} -- a -s`, `lxc-start -P ${P} -n a -q`,
    `lxc-attach -P ${P} -n nope -e BOGUS -- true`, `lxc-attach -P ${P} -n nope -v FOO -- true`,
    `lxc-attach -P ${P} -n nope -e -- true`, `lxc-create -P ${P} -n nope2 -t none --fssize=abc`,
    `lxc-wait -P ${P} -n a -s RUNNING -t abc`, `lxc-wait -P ${P} -n a -s 'RUNNING|FROZEN'`,
    `lxc-destroy -P ${P} -n nope -f`, `lxc-monitor -P ${P} -P /tmp/x -Q`, `lxc-stop -P ${P} -n a -W -k`,
  ];
  it.each(accepted)('%s', (cmd) => {
    expect(run(cmd).kind).toBe('run');
  });
});

describe('lxc_arguments_parse order and defaults', () => {
  it('takes the first operand as the name and keeps the rest', () => {
    expect(parseInfoArgs(['-P', '/x/', 'web', 'extra'])).toMatchObject({
      kind: 'run', args: { name: 'web', lxcpaths: ['/x'], argv: ['extra'] },
    });
  });

  it('uses the default lxcpath when -P is absent', () => {
    expect(parseInfoArgs(['-n', 'web'], { defaultLxcpath: '/srv/lxc' })).toMatchObject({ args: { lxcpaths: ['/srv/lxc'] } });
    expect(parseInfoArgs(['-n', 'web'])).toMatchObject({ args: { lxcpaths: ['/var/lib/lxc'] } });
  });

  it('handles options in order: an earlier --version wins over a later bad option', () => {
    expect(parseStopArgs(['--version', '--bogus'])).toEqual({ kind: 'exit', stdout: '5.0.2\n', stderr: '', code: 0 });
    expect(parseStopArgs(['--bogus', '--version'])).toMatchObject({ kind: 'exit', code: 1 });
  });

  it('prints glibc diagnostics with argv[0] as given', () => {
    const out = parseStopArgs(['-z'], { argv0: '/usr/bin/lxc-stop' });
    expect(out.kind === 'exit' && out.stderr.split('\n')[0]).toBe("/usr/bin/lxc-stop: invalid option -- 'z'");
  });

  it('-q silences lxc_error() only when it comes first', () => {
    expect(parseStopArgs(['-q', '-t', 'x', '-n', 'a'])).toMatchObject({ stderr: '', code: 1 });
    expect(parseStopArgs(['-t', 'x', '-q', '-n', 'a'])).toMatchObject({ stderr: 'lxc-stop: could not parse command line\n' });
  });

  it('lxc-create -t T -h asks the caller to append the template help', () => {
    expect(parseCreateArgs(['-t', 'busybox', '-h'])).toMatchObject({ kind: 'exit', code: 0, templateHelp: 'busybox' });
    expect(parseCreateArgs(['-h', '-t', 'busybox'])).not.toHaveProperty('templateHelp');
  });
});
