import { errorFromWire, IoKind, type IoExit } from '@lxcbus/contracts';
import { parseCopyArgs, type CopyArgs } from '../args';
import type { CliContext } from '../cli-context';
import type { ToolIo } from './command';
import { copyTool } from './copy.tool';

interface Call { verb: string; body: Record<string, unknown> }

/**
 * A bus whose attach session writes `output` and ends with `exit` (or whose attach
 * request fails with `attachFails`); every request is recorded.
 */
function fakeBus(opts: { exit?: IoExit; output?: string; attachFails?: string; stopFails?: string } = {}) {
  const calls: Call[] = [];
  const frame = (kind: string, data: string) => ({ headers: { get: () => kind }, data: new TextEncoder().encode(data) });
  const frames = [...(opts.output ? [frame(IoKind.stdout, opts.output)] : []), frame(IoKind.exit, JSON.stringify(opts.exit ?? { code: 0, signal: null }))];
  const sub = { unsubscribe: () => undefined, async *[Symbol.asyncIterator]() { yield* frames; } };
  const bus = {
    identity: { host: 'h', owner: 'o' },
    nc: { subscribe: () => sub, flush: async () => undefined, publish: () => undefined },
    command: async (verb: string, body: Record<string, unknown>) => {
      calls.push({ verb, body });
      if (verb === 'attach' && opts.attachFails) throw errorFromWire({ code: opts.attachFails, message: 'gone' });
      if (verb === 'stop' && opts.stopFails) throw errorFromWire({ code: opts.stopFails, message: 'stopped' });
      if (verb === 'wait') return { matched: true, state: 'STOPPED' };
      return {};
    },
  };
  return { ctx: { bus } as unknown as CliContext, calls, verbs: () => calls.map((c) => c.verb) };
}

function fakeIo(stdoutTty = false) {
  let out = '';
  let err = '';
  const io = {
    stdin: { isTTY: false, on: () => undefined, once: () => undefined, off: () => undefined, pause: () => undefined },
    stdout: { isTTY: stdoutTty, write: (s: string | Uint8Array, cb?: () => void) => { out += String(typeof s === 'string' ? s : new TextDecoder().decode(s)); cb?.(); return true; } },
    stderr: { isTTY: false, write: (s: string) => { err += s; return true; } },
  } as unknown as ToolIo;
  return { io, out: () => out, err: () => err };
}

function parsed(argv: string[]): CopyArgs {
  const o = parseCopyArgs(['-P', '/lxcp', '-n', 'o', '-e', ...argv]);
  if (o.kind !== 'run') throw new Error(o.stderr);
  return o.args;
}

describe('lxc-copy -e -- COMMAND (do_clone_ephemeral with arguments)', () => {
  it('starts the clone daemonized even with -F, attaches with a cleared env, shuts it down (halt, no kill, no limit); 0 whatever the status', async () => {
    const bus = fakeBus({ exit: { code: 5, signal: null }, output: 'cmd-out\n' });
    const f = fakeIo();
    expect(await copyTool(bus.ctx, parsed(['-F', '-N', 'e1', '--', 'sh', '-c', 'exit 5']), f.io)).toBe(0);
    expect(bus.verbs()).toEqual(['copy', 'start', 'attach', 'stop', 'wait']);
    expect(bus.calls[1].body).toEqual({ name: 'e1', lxcpath: '/lxcp', defines: [] });
    expect(bus.calls[2].body).toMatchObject({ name: 'e1', lxcpath: '/lxcp', argv: ['sh', '-c', 'exit 5'], env: [], clearEnv: true, cwd: process.cwd(), cwdIfPresent: true, tty: false });
    expect(bus.calls[3].body).toEqual({ name: 'e1', lxcpath: '/lxcp', timeout: -1, nokill: true, nowait: true });
    expect(bus.calls[4].body).toMatchObject({ name: 'e1', states: ['STOPPED'] });
    // stdout not a terminal: LXC's buffered "Created" comes out at exit, after the command's output.
    expect({ out: f.out(), err: f.err() }).toEqual({ out: 'cmd-out\nCreated e1 as clone of o\n', err: '' });
  });

  it('stdout a terminal: "Created" first, as LXC\'s line-buffered printf', async () => {
    const bus = fakeBus({ output: 'cmd-out\n' });
    const f = fakeIo(true);
    expect(await copyTool(bus.ctx, parsed(['-N', 'e2', '--', 'true']), f.io)).toBe(0);
    expect(f.out()).toBe('Created e2 as clone of o\ncmd-out\n');
  });

  it('a command that cannot be executed: 0, silent; with -l the attach.c log line', async () => {
    const exit = { code: 127, signal: null, message: 'Failed to exec "/nope": ENOENT' };
    const silent = fakeIo();
    expect(await copyTool(fakeBus({ exit }).ctx, parsed(['-q', '-N', 'e3', '--', '/nope']), silent.io)).toBe(0);
    expect({ out: silent.out(), err: silent.err() }).toEqual({ out: '', err: '' });
    const logged = fakeIo();
    const bus = fakeBus({ exit });
    expect(await copyTool(bus.ctx, parsed(['-l', 'ERROR', '-N', 'e3', '--', '/nope']), logged.io)).toBe(0);
    expect(logged.err()).toBe('lxc-copy: o: ../src/lxc/attach.c: lxc_attach_run_command: 1841 No such file or directory - Failed to exec "/nope"\n');
    expect(bus.verbs()).toEqual(['copy', 'start', 'attach', 'stop', 'wait']);
  });

  it('an attach that failed (refused, or the shim could not enter the clone): 1, shut down, destroyed unless -D', async () => {
    for (const opts of [{ attachFails: 'NOT_RUNNING', stopFails: 'NOT_RUNNING' }, { exit: { code: 126, signal: null, message: 'Failed to attach for "x": EPERM' } }]) {
      const bus = fakeBus(opts);
      expect(await copyTool(bus.ctx, parsed(['-N', 'e4', '--', 'x']), fakeIo().io)).toBe(1);
      expect(bus.verbs()).toEqual(['copy', 'start', 'attach', 'stop', 'wait', 'destroy']);
      expect(bus.calls[5].body).toEqual({ name: 'e4', lxcpath: '/lxcp', force: true, snapshots: false });
      const kept = fakeBus(opts);
      expect(await copyTool(kept.ctx, parsed(['-D', '-N', 'e4', '--', 'x']), fakeIo().io)).toBe(1);
      expect(kept.verbs()).toEqual(['copy', 'start', 'attach', 'stop', 'wait']);
    }
  });
});
