/**
 * The running-side toolbox drop-ins: lxc-checkconfig (side by side with LXC's script),
 * lxc-execute (the shim's minimal init: exit status propagated, 128+signal, exec
 * failure 255, a running container refused as LXC does) and a 1 MB binary stream
 * through lxc-attach on a pty, byte-exact.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, describeSystem, startStack, type Stack } from './support/stack-harness';

const HAS_REAL = existsSync('/usr/bin/lxc-checkconfig');
const itReal = HAS_REAL ? it : it.skip;

describeSystem('toolbox: checkconfig, execute, attach byte-exact', () => {
  let stack: Stack;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lxcbus-toolbox-run-'));
    writeFileSync(join(dir, 'default.conf'), 'lxc.net.0.type = empty\n');
    stack = await startStack({ defaultConfig: join(dir, 'default.conf') });
    expect(stack.lxc('lxc-create', ['-t', 'busybox', '-n', 'ex1']).code).toBe(0);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  itReal('lxc-checkconfig prints what LXC\'s script prints, then the lxcbus section; rc 0', () => {
    const real = spawnSync('/usr/bin/lxc-checkconfig', [], { encoding: 'utf8' });
    const ours = stack.lxc('lxc-checkconfig', []);
    expect(ours.code).toBe(0);
    const [shared, extra] = ours.stdout.split('\n--- lxcbus ---\n');
    const note = extra.slice(extra.indexOf('\nNote : '));
    expect(shared + note.split(join(BIN, 'lxc-checkconfig')).join('/usr/bin/lxc-checkconfig')).toBe(real.stdout);
    for (const line of ['Seccomp: ', 'Overlay filesystem: ', 'Cgroup v2 controllers: ', 'Capabilities (ambient, file): ']) {
      expect(extra).toContain(line);
    }
    // No kernel configuration anywhere: both say so on stderr, rc 1.
    const env = { ...stack.env, CONFIG: '/nonexistent/config' };
    const realMissing = spawnSync('/usr/bin/lxc-checkconfig', [], { encoding: 'utf8', env });
    const oursMissing = spawnSync(process.execPath, [join(BIN, 'lxc-checkconfig')], { encoding: 'utf8', env });
    expect(oursMissing.status).toBe(realMissing.status);
    expect(oursMissing.stdout).toBe(realMissing.stdout);
  });

  it('lxc-execute propagates the command\'s exit: 3 -> 3, SIGKILL -> 137, exec failure -> 255 silently', () => {
    expect(stack.lxc('lxc-execute', ['-n', 'ex1', '--', 'sh', '-c', 'exit 3'])).toMatchObject({ code: 3, stderr: '' });
    expect(stack.lxc('lxc-execute', ['-n', 'ex1', '--', 'sh', '-c', 'kill -9 $$'])).toMatchObject({ code: 137, stderr: '' });
    expect(stack.lxc('lxc-execute', ['-n', 'ex1', '--', '/nonexistent'])).toEqual({ code: 255, stdout: '', stderr: '' });
    expect(stack.lxc('lxc-info', ['-n', 'ex1', '-s']).stdout).toMatch(/STOPPED/);
  });

  it('lxc-execute: the command is pid 2 under an init, its output reaches the caller byte for byte, -s applies', () => {
    const r = stack.lxc('lxc-execute', ['-n', 'ex1', '-s', 'lxc.uts.name=exhost', '--', 'sh', '-c', 'echo $$ $(cat /proc/1/comm) $(hostname); printf "a\\nb\\n"']);
    expect(r).toEqual({ code: 0, stdout: '2 init exhost\na\nb\n', stderr: '' });
    // Orphans are reaped and killed with the command: the run ends when the command does.
    const t0 = Date.now();
    expect(stack.lxc('lxc-execute', ['-n', 'ex1', '--', 'sh', '-c', '(sleep 30 &) ; exit 4']).code).toBe(4);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  it('lxc-execute refusals: running container, missing rcfile, no name, bad -u', () => {
    expect(stack.lxc('lxc-start', ['-n', 'ex1']).code).toBe(0);
    const running = stack.lxc('lxc-execute', ['-n', 'ex1', '--', 'true']);
    expect(running.code).toBe(1);
    expect(running.stderr.split(stack.lxcpath).join('LXCPATH')).toBe([
      'lxc-execute: ex1: ../src/lxc/commands.c: lxc_server_init: 2120 Container "ex1" appears to be already running',
      'lxc-execute: ex1: ../src/lxc/commands.c: lxc_server_init: 2122 Address already in use - Failed to create command socket LXCPATH/ex1/command',
      'lxc-execute: ex1: ../src/lxc/start.c: lxc_init_handler: 748 Failed to set up command socket',
      'lxc-execute: ex1: ../src/lxc/tools/lxc_execute.c: main: 224 Failed run an application inside container', ''].join('\n'));
    expect(stack.lxc('lxc-stop', ['-n', 'ex1', '-k']).code).toBe(0);
    expect(stack.lxc('lxc-execute', ['-n', 'nope', '--', 'true'])).toEqual({ code: 1, stdout: '',
      stderr: 'lxc-execute: nope: ../src/lxc/tools/lxc_execute.c: main: 179 Executing a container with no configuration file may crash the host\n' });
    expect(stack.lxc('lxc-execute', [])).toMatchObject({ code: 1, stderr: 'lxc-execute: No container name specified\n' });
    expect(stack.lxc('lxc-execute', ['-n', 'ex1', '-u', 'abc', '--', 'true'])).toMatchObject({ code: 1, stderr: 'lxc-execute: could not parse command line\n' });
  });

  it('lxc-execute holds no lock while it runs: lxc-info sees RUNNING, lxc-stop -k ends it (137)', async () => {
    const child = stack.lxcAsync('lxc-execute', ['-n', 'ex1', '--', 'sleep', '100']);
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    let state = '';
    for (let i = 0; i < 100 && !/RUNNING/.test(state); i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = stack.lxc('lxc-info', ['-n', 'ex1', '-s']).stdout;
    }
    expect(state).toMatch(/RUNNING/);
    expect(stack.lxc('lxc-stop', ['-n', 'ex1', '-k']).code).toBe(0);
    expect(await exited).toBe(137);
  }, 60_000);

  itReal('lxc-execute --help, --usage, --version and -d as LXC (-d refused clearly)', () => {
    for (const args of [['--help'], ['--usage'], ['--version'], ['-n', 'ex1', '-u', 'x', '--', 'true']]) {
      const real = spawnSync('/usr/bin/lxc-execute', args, { encoding: 'utf8' });
      expect(stack.lxc('lxc-execute', args)).toEqual({ code: real.status, stdout: real.stdout, stderr: real.stderr });
    }
    // `-s` without `=` is ignored by lxc-execute (not by lxc-start): the command runs.
    expect(stack.lxc('lxc-execute', ['-n', 'ex1', '-s', 'bad', '--', 'sh', '-c', 'exit 5']).code).toBe(5);
    expect(stack.lxc('lxc-execute', ['-d', '-n', 'ex1', '--', 'true'])).toEqual({
      code: 1, stdout: '', stderr: 'lxc-execute: daemonized execution (-d) is not supported by this lxcbus version\n' });
  });

  it('a 1 MB binary stream through lxc-attach with a pty comes out byte-exact', () => {
    const blob = randomBytes(1 << 20);
    writeFileSync(join(stack.lxcpath, 'ex1', 'rootfs', 'blob'), blob);
    expect(stack.lxc('lxc-start', ['-n', 'ex1']).code).toBe(0);
    try {
      const r = spawnSync('python3', [join(__dirname, 'support/pty-binary.py'), process.execPath, join(BIN, 'lxc-attach'), '-n', 'ex1', '--',
        'sh', '-c', 'stty raw -echo; cat /blob'], { env: stack.env, encoding: 'utf8', timeout: 150_000 });
      expect(r.stdout.startsWith(String(blob.length)) ? r.stdout : r.stdout + r.stderr.slice(0, 600)).toBe(`${blob.length} ${createHash('sha256').update(blob).digest('hex')}\nEXIT 0\n`);
    } finally {
      stack.lxc('lxc-stop', ['-n', 'ex1', '-k']);
    }
  }, 180_000);
});
