/**
 * lxc-execute's streams, side by side with real LXC 5.0 where it is installed: the command's
 * stdin, stdout and stderr are the caller's (stdout and stderr apart, output live, stdin
 * forwarded to EOF), SIGINT/SIGTERM reach the command, exit statuses as LXC's. From a terminal,
 * the caller's terminal fds become the container's console (/dev/console), as LXC's.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeSystem, startStack, type RunResult, type Stack } from './support/stack-harness';
import { realLxcSkipReason } from './support/lxc-side';

const REAL_SKIP = realLxcSkipReason();
if (REAL_SKIP) console.log(`execute.test: no side-by-side with LXC: ${REAL_SKIP}`);
const NAME = 'exstream1';

/** Resolves with everything the child wrote, when each chunk arrived, and its exit code. */
function collect(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string; firstOut: number; end: number }> {
  const r = { stdout: '', stderr: '', firstOut: 0 };
  child.stdout?.on('data', (d: Buffer) => ((r.firstOut ||= Date.now()), (r.stdout += d.toString())));
  child.stderr?.on('data', (d: Buffer) => (r.stderr += d.toString()));
  return new Promise((done) => child.once('close', (code) => done({ ...r, code, end: Date.now() })));
}

const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

describeSystem('lxc-execute streams: stdio as the caller\'s, live, exit status', () => {
  let stack: Stack;
  let dir: string;
  let real: (argv: string[], input?: string) => RunResult;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lxcbus-execute-'));
    writeFileSync(join(dir, 'default.conf'), 'lxc.net.0.type = empty\n');
    stack = await startStack({ defaultConfig: join(dir, 'default.conf') });
    expect(stack.lxc('lxc-create', ['-t', 'busybox', '-n', NAME]).code).toBe(0);
    if (!REAL_SKIP) {
      const created = spawnSync('/usr/bin/lxc-create', ['-P', join(dir, 'lxc'), '-t', 'busybox', '-n', NAME, '-f', join(dir, 'default.conf')]);
      expect(created.status).toBe(0);
    }
    real = (argv, input) => {
      const r = spawnSync('/usr/bin/lxc-execute', ['-P', join(dir, 'lxc'), '-n', NAME, '--', ...argv], { input: input ?? '', encoding: 'utf8' });
      return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
    };
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    if (!REAL_SKIP) spawnSync('/usr/bin/lxc-destroy', ['-P', join(dir, 'lxc'), '-n', NAME, '-f']);
    rmSync(dir, { recursive: true, force: true });
  });

  const ours = (argv: string[], input?: string) => stack.lxc('lxc-execute', ['-n', NAME, '--', ...argv], { input: input ?? '' });
  // Every row has its input: jest.each hands a shorter row's test a `done` callback instead.
  const cases: [string, string[], string][] = [
    ['stdin is forwarded to the command', ['cat'], 'hi\n'],
    ['stdout and stderr stay apart', ['sh', '-c', 'echo out; echo err >&2; echo out2'], ''],
    ['exit status 3', ['sh', '-c', 'echo before; exit 3'], ''],
    ['killed by SIGKILL: 137', ['sh', '-c', 'kill -9 $$'], ''],
    ['exec failure: 255, silent', ['/nonexistent'], ''],
    ['stdin at EOF when the caller\'s is', ['sh', '-c', 'cat; echo done'], 'x'],
  ];
  it.each(cases)('%s: as LXC', (_what, argv, input) => {
    const mine = ours(argv, input);
    if (!REAL_SKIP) expect(mine).toEqual(real(argv, input));
    if (argv[0] === 'cat') expect(mine).toEqual({ code: 0, stdout: 'hi\n', stderr: '' });
    if (argv[2]?.startsWith('echo out')) expect(mine).toEqual({ code: 0, stdout: 'out\nout2\n', stderr: 'err\n' });
  });

  it('a quick command\'s output is never lost (it may end before its stdio is bridged)', () => {
    for (let i = 0; i < 5; i++) expect(ours(['echo', `fast${i}`])).toEqual({ code: 0, stdout: `fast${i}\n`, stderr: '' });
  }, 60_000);

  it('output appears while the command runs, not after it ends', async () => {
    const run = collect(stack.lxcAsync('lxc-execute', ['-n', NAME, '--', 'sh', '-c', 'echo first; sleep 4; echo second']));
    const r = await run;
    expect(r).toMatchObject({ code: 0, stdout: 'first\nsecond\n', stderr: '' });
    expect(r.end - r.firstOut).toBeGreaterThan(2500);
  }, 60_000);

  // Under spawnSync's 1 MB maxBuffer, which would kill the client.
  it('512 KB in through stdin and out through stdout, byte for byte; 256 KB on stderr after it', () => {
    const data = randomBytes(384 * 1024).toString('base64');
    const mine = ours(['sh', '-c', 'cat; dd if=/dev/zero bs=1024 count=256 2>/dev/null | tr "\\0" e >&2; echo end >&2'], data);
    expect({ code: mine.code, outLen: mine.stdout.length, errLen: mine.stderr.length }).toEqual({ code: 0, outLen: data.length, errLen: 256 * 1024 + 4 });
    expect(sha(mine.stdout)).toBe(sha(data));
    expect(mine.stderr).toBe(`${'e'.repeat(256 * 1024)}end\n`);
  }, 60_000);

  it('SIGINT and SIGTERM sent to lxc-execute reach the command, as LXC forwards them', async () => {
    for (const [sig, script, code, out] of [
      ['SIGINT', 'trap "echo got-int; exit 7" INT; echo ready; sleep 100 & wait', 7, 'ready\ngot-int\n'],
      ['SIGTERM', 'echo ready; exec sleep 100', 143, 'ready\n'],
    ] as const) {
      const child = stack.lxcAsync('lxc-execute', ['-n', NAME, '--', 'sh', '-c', script]);
      child.stdin?.end();
      const run = collect(child);
      await new Promise<void>((ready) => child.stdout?.once('data', () => ready()));
      child.kill(sig);
      expect(await run).toMatchObject({ code, stdout: out, stderr: '' });
    }
  }, 60_000);

  // Through a pseudo-terminal: what a person at a terminal sees (pty-run.py), both tools alike.
  const PTY_RUN = join(__dirname, 'support/pty-run.py');
  const PTY_FDS = join(__dirname, 'support/pty-fds.py');
  const onPty = (lines: string[], argv: string[], realLxc = false) => spawnSync('python3', [PTY_RUN, '30', '100', ...lines, '--',
    ...(realLxc ? ['/usr/bin/lxc-execute', '-P', join(dir, 'lxc')] : [process.execPath, join(__dirname, '../../bin/lxc-execute')]),
    '-n', NAME, '--', ...argv], { env: stack.env, encoding: 'utf8', timeout: 90_000 }).stdout;
  const someFdsOnPty = (fds: string, argv: string[], realLxc = false) => JSON.parse(spawnSync('python3', [PTY_FDS, fds,
    ...(realLxc ? ['/usr/bin/lxc-execute', '-P', join(dir, 'lxc')] : [process.execPath, join(__dirname, '../../bin/lxc-execute')]),
    '-n', NAME, '--', ...argv], { env: stack.env, encoding: 'utf8', timeout: 90_000 }).stdout) as Record<string, unknown>;

  it('on a terminal the command has the console: tty, [ -t 0 ], stty size, exit status, byte for byte as LXC', () => {
    const argv = ['sh', '-c', 'tty; [ -t 0 ] && echo yes; stty size; exit 5'];
    const mine = onPty([], argv);
    expect(mine).toBe('/dev/console\r\r\nyes\r\r\n30 100\r\r\n\nEXIT 5\n');
    if (!REAL_SKIP) expect(mine).toBe(onPty([], argv, true));
  }, 120_000);

  it('an interactive shell reads what is typed: echo hi, then exit 5', () => {
    for (const realLxc of REAL_SKIP ? [false] : [false, true]) {
      const out = onPty(['echo hi', 'exit 5'], ['sh'], realLxc);
      expect(out).toMatch(/echo hi\r\r\nhi\r\r\n/);
      expect(out).toMatch(/EXIT 5\n$/);
    }
  }, 120_000);

  it('^C interrupts the foreground job and job control works, as LXC', () => {
    for (const realLxc of REAL_SKIP ? [false] : [false, true]) {
      const out = onPty(['sleep 30', '\x03', 'echo rc=$?', 'sleep 40 &', 'jobs', 'kill %1', 'exit 0'], ['sh'], realLxc);
      expect(out).toMatch(/rc=130\r\r\n/);
      expect(out).toMatch(/\[1\]\+ +Running +sleep 40/);
      expect(out).toMatch(/EXIT 0\n$/);
    }
  }, 120_000);

  it('a window size change reaches the console (SIGWINCH)', () => {
    const out = onPty(['stty size', '@size 40 120', 'stty size', 'exit 0'], ['sh']);
    expect(out).toMatch(/30 100\r\r\n[^]*40 120\r\r\n/);
    expect(out).toMatch(/EXIT 0\n$/);
  }, 120_000);

  it('the caller\'s terminal is raw while the command runs and restored after, whatever its status', () => {
    const bin = join(__dirname, '../../bin/lxc-execute');
    // Without job control the background lxc-execute stays in the terminal's foreground group.
    const script = `a=$(stty -g); "$0" "${bin}" -n ${NAME} -- sh -c 'sleep 3; exit 3' </dev/tty & sleep 2; stty -a | grep -o -- -icanon; `
      + `wait $!; echo rc=$?; [ "$a" = "$(stty -g)" ] && echo restored`;
    const out = spawnSync('python3', [PTY_RUN, '30', '100', '--', 'sh', '-c', script, process.execPath],
      { env: stack.env, encoding: 'utf8', timeout: 90_000 }).stdout;
    expect(out).toMatch(/-icanon\r\n[^]*rc=3\r\nrestored\r\n/);
  }, 120_000);

  it.each([
    ['only stdout', '1'], ['stdin and stdout', '01'], ['stdout and stderr', '12'],
  ])('%s on a terminal: those fds are the console, the others stay the caller\'s, as LXC', (_what, fds) => {
    const argv = ['sh', '-c', 'tty; [ -t 0 ] && echo in; [ -t 1 ] && echo out; [ -t 2 ] && echo err >&2; echo e2 >&2; exit 4'];
    const mine = someFdsOnPty(fds, argv);
    if (!REAL_SKIP) expect(mine).toEqual(someFdsOnPty(fds, argv, true));
    if (fds === '1') expect(mine).toEqual({ tty: 'not a tty\r\r\nout\r\r\n', stdout: '', stderr: 'e2\n', code: 4 });
  }, 120_000);
});
