import { errorFromWire } from '@lxcbus/contracts';
import { parseCopyArgs, type CopyArgs } from '../args';
import type { CliContext } from '../cli-context';
import type { ToolIo } from './command';
import { copyTool } from './copy.tool';

interface Call { verb: string; body: Record<string, unknown> }

/** A bus that records every request and answers `start` with `startFails` when given. */
function fakeBus(startFails?: string) {
  const calls: Call[] = [];
  const ctx = {
    bus: {
      command: async (verb: string, body: Record<string, unknown>) => {
        calls.push({ verb, body });
        if (verb === 'start' && startFails) throw errorFromWire({ code: startFails, message: 'no init' });
        if (verb === 'wait') return { matched: true, state: 'STOPPED' };
        return {};
      },
    },
  } as unknown as CliContext;
  return { ctx, calls };
}

/** stdin not a terminal (a pipe, as under jest): the foreground run waits for the stop without a console. */
function fakeIo() {
  let out = '';
  let err = '';
  const io = {
    stdin: { isTTY: false },
    stdout: { write: (s: string) => { out += s; return true; }, on: () => undefined, off: () => undefined },
    stderr: { write: (s: string) => { err += s; return true; } },
  } as unknown as ToolIo;
  return { io, out: () => out, err: () => err };
}

function parsed(argv: string[]): CopyArgs {
  const o = parseCopyArgs(['-P', '/lxcp', ...argv]);
  if (o.kind !== 'run') throw new Error(o.stderr);
  return o.args;
}

describe('lxc-copy -e: daemonized (default, -d) or in the foreground (-F)', () => {
  it('-e: copy, "Created", start without foreground, and back at once (no wait)', async () => {
    const { ctx, calls } = fakeBus();
    const f = fakeIo();
    expect(await copyTool(ctx, parsed(['-n', 'o', '-e', '-N', 'e1']), f.io)).toBe(0);
    expect(calls.map((c) => c.verb)).toEqual(['copy', 'start']);
    expect(calls[1].body).toEqual({ name: 'e1', lxcpath: '/lxcp', defines: [] });
    expect(f.out()).toBe('Created e1 as clone of o\n');
  });

  it('-e -F: starts the clone, then follows it until STOPPED (stdin not a tty: no console, as LXC); 0', async () => {
    const { ctx, calls } = fakeBus();
    const f = fakeIo();
    expect(await copyTool(ctx, parsed(['-n', 'o', '-e', '-F', '-N', 'e2', '-p', '/other']), f.io)).toBe(0);
    expect(calls.map((c) => c.verb)).toEqual(['copy', 'start', 'wait']);
    expect(calls[1].body).toEqual({ name: 'e2', lxcpath: '/other', defines: [] });
    expect(calls[2].body).toMatchObject({ name: 'e2', lxcpath: '/other', states: ['STOPPED'] });
    expect({ out: f.out(), err: f.err() }).toEqual({ out: 'Created e2 as clone of o\n', err: '' });
  });

  it('-e -F -d: the last wins, daemonized', async () => {
    const { ctx, calls } = fakeBus();
    expect(await copyTool(ctx, parsed(['-n', 'o', '-e', '-F', '-d', '-N', 'e3']), fakeIo().io)).toBe(0);
    expect(calls.map((c) => c.verb)).toEqual(['copy', 'start']);
  });

  it('a clone that cannot start is destroyed and lxc-copy fails, in the foreground too', async () => {
    const { ctx, calls } = fakeBus('START_FAILED');
    const f = fakeIo();
    expect(await copyTool(ctx, parsed(['-n', 'o', '-e', '-F', '-N', 'e4']), f.io)).toBe(1);
    expect(calls.map((c) => c.verb)).toEqual(['copy', 'start', 'destroy']);
    expect(calls[2].body).toMatchObject({ name: 'e4', lxcpath: '/lxcp', force: true });
    expect({ out: f.out(), err: f.err() }).toEqual({ out: 'Created e4 as clone of o\n', err: '' }); // silent, as LXC
  });

  it('a clone that cannot start, with -l: LXC\'s log lines, daemonized or in the foreground', async () => {
    const bg = fakeIo();
    expect(await copyTool(fakeBus('START_FAILED').ctx, parsed(['-n', 'o', '-e', '-l', 'ERROR', '-N', 'e6']), bg.io)).toBe(1);
    expect(bg.err()).toBe('lxc-copy: o: ../src/lxc/lxccontainer.c: wait_on_daemonized_start: 878 Received container state "ABORTING" instead of "RUNNING"\n');
    const fg = fakeIo();
    expect(await copyTool(fakeBus('START_FAILED').ctx, parsed(['-n', 'o', '-e', '-F', '-l', 'ERROR', '-N', 'e6']), fg.io)).toBe(1);
    expect(fg.err()).toBe('lxc-copy: o: ../src/lxc/sync.c: sync_wait: 34 An error occurred in another process (expected sequence number 7)\n'
      + 'lxc-copy: o: ../src/lxc/start.c: __lxc_start: 2107 Failed to spawn container "e6"\n');
  });

  it('a start refused for a reason of lxcbus\'s own is still printed', async () => {
    const f = fakeIo();
    expect(await copyTool(fakeBus('UNSUPPORTED').ctx, parsed(['-n', 'o', '-e', '-q', '-N', 'e7']), f.io)).toBe(1);
    expect(f.err()).toBe('lxc-copy: o: no init (UNSUPPORTED)\n');
  });

  it('-e -D: a clone that cannot start is kept (LXC destroys only a clone with lxc.ephemeral = 1)', async () => {
    const { ctx, calls } = fakeBus('START_FAILED');
    expect(await copyTool(ctx, parsed(['-n', 'o', '-e', '-D', '-N', 'e5']), fakeIo().io)).toBe(1);
    expect(calls.map((c) => c.verb)).toEqual(['copy', 'start']);
  });
});
