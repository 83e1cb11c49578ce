import { Writable } from 'node:stream';
import { errorFromWire, type ErrorCode } from '@lxcbus/contracts';
import { parseCopyArgs, parseSnapshotArgs } from '../args';
import type { CliContext } from '../cli-context';
import { captured, shellWords } from '../format/fixtures/captured';
import type { ToolIo } from './command';
import { lxcConfigTool } from './config.tools';
import { copyTool } from './copy.tool';
import { formatSnapshotList, snapshotTool } from './snapshot.tool';

function fakeIo(): { io: ToolIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const sink = (add: (s: string) => void) => new Writable({ write(chunk, _e, done) { add(String(chunk)); done(); } });
  const io = { stdin: process.stdin, stdout: sink((s) => { out += s; }), stderr: sink((s) => { err += s; }) } as unknown as ToolIo;
  io.stdout.write = ((s: string) => { out += s; return true; }) as never;
  io.stderr.write = ((s: string) => { err += s; return true; }) as never;
  return { io, out: () => out, err: () => err };
}

const failing = (code: ErrorCode, details?: Record<string, unknown>) => ({
  bus: { command: async () => { throw errorFromWire({ code, message: 'x', details }); } },
}) as unknown as CliContext;

function args<T>(parse: (a: string[]) => { kind: string }, cmd: string): T {
  const parsed = parse(shellWords(cmd)) as { kind: string; args?: T };
  if (parsed.kind !== 'run' || !parsed.args) throw new Error(`does not parse: ${cmd}`);
  return parsed.args;
}

/** [captured command, the error the bus answers with] */
const COPY: Array<[string, ErrorCode]> = [
  ['lxc-copy -P /tmp/cli-ref -n tbx-a -N tbx-b -l ERROR -o /dev/null', 'IS_RUNNING'],
  ['lxc-copy -P /tmp/cli-ref -n tbx-a -N tbx-b', 'IS_RUNNING'],
  ['lxc-copy -P /tmp/cli-ref -n nope -N tbx-b -l ERROR -o /dev/null', 'NOT_FOUND'],
  ['lxc-copy -P /tmp/cli-ref -n tbx-s -N tbx-a -l ERROR -o /dev/null', 'ALREADY_EXISTS'],
  ['lxc-copy -P /tmp/cli-ref -n tbx-s -l ERROR -o /dev/null', 'BAD_REQUEST'],
  ['lxc-copy -P /tmp/cli-ref -n tbx-s -N tbx-a -R -l ERROR -o /dev/null', 'HAS_SNAPSHOTS'],
];

const SNAPSHOT: Array<[string, ErrorCode, Record<string, unknown>?]> = [
  ['lxc-snapshot -P /tmp/cli-ref -n tbx-s -d snap9 -l ERROR -o /dev/null', 'NOT_FOUND', { snapshot: 'snap9' }],
  ['lxc-snapshot -P /tmp/cli-ref -n tbx-s -r snap9 -l ERROR -o /dev/null', 'NOT_FOUND', { snapshot: 'snap9' }],
  ['lxc-snapshot -P /tmp/cli-ref -n nope -L -l ERROR -o /dev/null', 'NOT_FOUND'],
  ['lxc-snapshot -P /tmp/cli-ref -n tbx-s -r snap0 -N tbx-a -l ERROR -o /dev/null', 'ALREADY_EXISTS'],
  ['lxc-snapshot -P /tmp/cli-ref -n tbx-a -l ERROR -o /dev/null', 'IS_RUNNING'],
];

describe('lxc-copy and lxc-snapshot failures side by side with LXC 5.0.2 (toolbox.json)', () => {
  it.each(COPY)('%s', async (cmd, code) => {
    const f = fakeIo();
    const rc = await copyTool(failing(code), args(parseCopyArgs, cmd), f.io);
    expect({ code: rc, stdout: f.out(), stderr: f.err() }).toEqual({ code: captured('toolbox', cmd).code, stdout: '', stderr: captured('toolbox', cmd).stderr });
  });

  // A rest parameter keeps jest from taking the optional third column for `done`.
  it.each(SNAPSHOT)('%s', async (...row) => {
    const [cmd, code, details] = row;
    const f = fakeIo();
    const rc = await snapshotTool(failing(code, details), args(parseSnapshotArgs, cmd), f.io);
    expect({ code: rc, stdout: f.out(), stderr: f.err() }).toEqual({ code: captured('toolbox', cmd).code, stdout: '', stderr: captured('toolbox', cmd).stderr });
  });

  it('lists snapshots as `lxc-snapshot -L` does, "No snapshots" when none', () => {
    expect(formatSnapshotList({ snapshots: [] }, false)).toBe(captured('toolbox', 'lxc-snapshot -P /tmp/cli-ref -n tbx-a -L').stdout);
    const rows = [{ name: 'snap0', lxcpath: '/l/c/snaps', timestamp: '2026:11:29 11:06:46', comment: 'my comment\n' }];
    expect(formatSnapshotList({ snapshots: rows }, true)).toBe('snap0 (/l/c/snaps) 2026:11:29 11:06:46\nmy comment\n');
    expect(formatSnapshotList({ snapshots: rows }, false)).toBe('snap0 (/l/c/snaps) 2026:11:29 11:06:46\n');
  });
});

describe('lxc-config (lxc_config.c of LXC 5.0.2)', () => {
  const run = (argv: string[]) => {
    const f = fakeIo();
    return { code: lxcConfigTool(argv, f.io, 'lxc-config'), stdout: f.out(), stderr: f.err() };
  };
  it('lists, answers, says "is not set." and refuses unknown items on stdout', () => {
    expect(run(['-l']).stdout.split('\n')[0]).toBe('lxc.default_config');
    expect(run(['lxc.cgroup.use'])).toEqual({ code: 0, stdout: 'lxc.cgroup.use is not set.\n', stderr: '' });
    expect(run(['bogus'])).toEqual({ code: 1, stdout: 'Unknown configuration item: bogus\n', stderr: '' });
    expect(run([]).stdout).toMatch(/^Usage: lxc-config -l: list all available configuration items\n {7}lxc-config item/);
  });
});
