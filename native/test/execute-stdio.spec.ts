/**
 * Root kernel test of lxc-execute's stdio (spec init.reaper + init.stdio): the command's
 * stdin/stdout/stderr are pipes the shim hands to one `stdio` connection as exec frames,
 * with init's status (the command's) as EXIT. Skipped with a printed reason when not root.
 */
import { ShimClient, startContainer } from '../lib';
import { Harness, collect, skipReason } from './harness';

const reason = skipReason();
if (reason) console.warn(`native/test/execute-stdio.spec.ts skipped: ${reason}`);
const d = reason ? describe.skip : describe;

d('execute stdio (root)', () => {
  jest.setTimeout(30_000);
  let h: Harness;

  beforeAll(() => {
    h = new Harness();
  });
  afterAll(async () => h && (await h.cleanup()));

  it('bridges stdin to EOF, keeps stdout and stderr apart, ends with the command\'s status; claimed once', async () => {
    const spec = h.spec({ init: ['sh', '-c', 'read line; echo "got $line"; echo oops >&2; cat; exit 3'], initReaper: true, initStdio: true });
    await startContainer(spec);
    const client = ShimClient.forRunDir(spec.runDir);
    const s = client.stdio();
    const out = collect(s.stdout);
    const err = collect(s.stderr);
    expect(await s.started).toBeGreaterThan(0);
    // A second claim while the first holds the pipes is refused, not a second reader.
    const again = client.stdio();
    expect(await again.exit).toMatchObject({ code: 126, message: 'stdio: no execute stdio to claim' });
    s.stdin.end('hello\nrest\n');
    expect(await s.exit).toMatchObject({ code: 3, signal: 0 });
    expect([(await out).toString(), (await err).toString()]).toEqual(['got hello\nrest\n', 'oops\n']);
  });

  it('keeps a quick command\'s output until the claim, even after init is gone', async () => {
    const spec = h.spec({ init: ['sh', '-c', 'echo early; kill -9 $$'], initReaper: true, initStdio: true });
    await startContainer(spec);
    await new Promise((r) => setTimeout(r, 500));
    const s = ShimClient.forRunDir(spec.runDir).stdio();
    const out = collect(s.stdout);
    s.stdin.end();
    expect(await s.exit).toMatchObject({ code: 137 });
    expect((await out).toString()).toBe('early\n');
  });

  const tty = (stdin: boolean, stdout: boolean, stderr: boolean) => ({ stdin, stdout, stderr, rows: 30, cols: 100 });

  it('init.tty: the terminal fds are the console, sized, newlines as CR LF; the others stay pipes', async () => {
    const spec = h.spec({
      init: ['sh', '-c', 'tty <&1; stty size <&1; [ -t 0 ] || echo stdin-pipe; echo err >&2; exit 4'],
      initReaper: true, initStdio: true, initTty: tty(false, true, false),
    });
    await startContainer(spec);
    const s = ShimClient.forRunDir(spec.runDir).stdio();
    const out = collect(s.stdout);
    const err = collect(s.stderr);
    s.stdin.end();
    expect(await s.exit).toMatchObject({ code: 4 });
    expect([(await out).toString(), (await err).toString()]).toEqual(['/dev/console\r\n30 100\r\nstdin-pipe\r\n', 'err\n']);
  });

  it('init.tty: typed input reaches the command, which owns the console (^C to its group), resize applies', async () => {
    const spec = h.spec({ init: ['sh', '-i'], initReaper: true, initStdio: true, initTty: tty(true, true, true) });
    await startContainer(spec);
    const client = ShimClient.forRunDir(spec.runDir);
    const s = client.stdio();
    const out = collect(s.stdout);
    await s.started;
    // The console is the command's terminal: lxc-console -t 0 may not read it away.
    await expect(client.console({ tty: 0 }).started).rejects.toMatchObject({ code: 'EBUSY' });
    s.resize(40, 120);
    s.stdin.write('sleep 20\n');
    await new Promise((r) => setTimeout(r, 500));
    s.stdin.write('\x03');
    s.stdin.write('echo rc=$?; stty size; exit 6\n');
    expect(await s.exit).toMatchObject({ code: 6 });
    expect((await out).toString()).toMatch(/rc=130\r\n40 120\r\n/);
  });

  it('init.tty without stdout or stderr on the terminal is refused', async () => {
    const spec = h.spec({ init: ['true'], initReaper: true, initStdio: true, initTty: tty(true, false, false) });
    await expect(startContainer(spec)).rejects.toThrow(/init.tty 1: a terminal needs stdout or stderr/);
  });
});
