/**
 * The walkthrough, typed as a person would with bin/lxc-* on PATH,
 * against a stack started with `lxcbus up`; the output layouts are compared
 * with real LXC 5.0 run on the same machine when it is installed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, describeSystem, startStack, type Stack } from './support/stack-harness';

const REAL_LXC = '/usr/bin/lxc-create';

/** Numbers that differ from run to run (pids, usage) become N so layouts compare. */
const layout = (text: string) => text.replace(/\d+(\.\d+)?/g, 'N');

function realLxc(tool: string, args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(`/usr/bin/${tool}`, args, { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describeSystem('walkthrough: the LXC getting-started steps with bin/lxc-*', () => {
  let stack: Stack;
  let dir: string;
  const c1 = `c${process.pid % 10000}`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lxcbus-walk-'));
    writeFileSync(join(dir, 'default.conf'), 'lxc.net.0.type = empty\n');
    stack = await startStack({ defaultConfig: join(dir, 'default.conf') });
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lxc-create -t busybox makes a container silently', () => {
    const r = stack.lxc('lxc-create', ['-t', 'busybox', '-n', c1]);
    expect(r).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(existsSync(join(stack.lxcpath, c1, 'rootfs/bin/busybox'))).toBe(true);
    const again = stack.lxc('lxc-create', ['-t', 'busybox', '-n', c1]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/Container already exists\n$/);
  });

  it('lxc-start -d starts it; a second start says it is already running and exits 0', () => {
    expect(stack.lxc('lxc-start', ['-n', c1, '-d'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const again = stack.lxc('lxc-start', ['-n', c1, '-d']);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/Container is already running\n$/);
  });

  it('lxc-info prints LXC labels and the -H bare values', () => {
    const r = stack.lxc('lxc-info', ['-n', c1]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Name: {11}${c1}\nState: {10}RUNNING\nPID: {12}\\d+\n`));
    const pid = stack.lxc('lxc-info', ['-n', c1, '-pH']).stdout.trim();
    expect(pid).toMatch(/^\d+$/);
    expect(existsSync(`/proc/${pid}`)).toBe(true);
    expect(stack.lxc('lxc-info', ['-n', c1, '-sH']).stdout).toBe('RUNNING\n');
  });

  it('lxc-ls and lxc-ls -f print LXC columns', () => {
    expect(stack.lxc('lxc-ls', ['-1']).stdout).toBe(`${c1}\n`);
    const f = stack.lxc('lxc-ls', ['-f']).stdout;
    const w = Math.max(4, c1.length);
    expect(f).toBe(
      `${'NAME'.padEnd(w)} STATE   AUTOSTART GROUPS IPV4 IPV6 UNPRIVILEGED \n` +
      `${c1.padEnd(w)} RUNNING 0         -      -    -    false        \n`,
    );
  });

  it('lxc-attach keeps stdout and stderr apart and returns the exit code', () => {
    const r = stack.lxc('lxc-attach', ['-n', c1, '--', 'sh', '-c', 'echo out; echo err >&2; exit 7']);
    expect(r).toEqual({ code: 7, stdout: 'out\n', stderr: 'err\n' });
    expect(stack.lxc('lxc-attach', ['-n', c1, '--', 'hostname']).stdout).toBe(`${c1}\n`);
    const missing = stack.lxc('lxc-attach', ['-n', c1, '--', '/nonexistent']);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toMatch(/Failed to exec "\/nonexistent"/);
  });

  it('lxc-attach starts in the caller\'s directory where the container has it, else in / (as LXC 5.0.2)', () => {
    // Measured with real lxc-attach on a busybox container: from /etc -> /etc, /tmp -> /tmp, /usr/share -> /.
    const pwdFrom = (cwd: string) => spawnSync(process.execPath, [join(BIN, 'lxc-attach'), '-n', c1, '--', 'pwd'],
      { cwd, env: stack.env, encoding: 'utf8', timeout: 60_000 }).stdout;
    expect([pwdFrom('/etc'), pwdFrom('/tmp'), pwdFrom('/usr/share')]).toEqual(['/etc\n', '/tmp\n', '/\n']);
  });

  it('lxc-attach on a terminal gives an interactive shell with a real tty, job control and resize', () => {
    const r = spawnSync('python3', [join(__dirname, 'support/pty-run.py'), '31', '97',
      'tty; stty size; sleep 60 &', 'jobs', 'exit 4', '--', process.execPath, join(__dirname, '../../bin/lxc-attach'), '-n', c1],
    { env: stack.env, encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout).toMatch(/\/dev\/pts\/\d+/);
    expect(r.stdout).toMatch(/31 97/);
    expect(r.stdout).toMatch(/\[1\]\+ +Running +sleep 60/);
    expect(r.stdout).toMatch(/EXIT 4\n$/);
  });

  it('lxc-wait returns at once for the current state', () => {
    expect(stack.lxc('lxc-wait', ['-n', c1, '-s', 'RUNNING']).code).toBe(0);
    expect(stack.lxc('lxc-wait', ['-n', c1, '-s', 'STOPPED', '-t', '1']).code).toBe(1);
  });

  it('lxc-monitor prints the state changes of lxc-stop as LXC does; stop twice exits 2', async () => {
    const mon = stack.lxcAsync('lxc-monitor', ['-n', c1]);
    let out = '';
    mon.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise((r) => setTimeout(r, 700));
    expect(stack.lxc('lxc-stop', ['-n', c1])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const until = Date.now() + 5000;
    while (!out.includes('STOPPED') && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    mon.kill('SIGINT');
    expect(out).toBe(`'${c1}' exited with status [0]\n'${c1}' changed state to [STOPPING]\n'${c1}' changed state to [STOPPED]\n`);
    const again = stack.lxc('lxc-stop', ['-n', c1]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(new RegExp(`${c1} is not running\n$`));
    expect(stack.lxc('lxc-info', ['-n', c1]).stdout).toBe(`Name:           ${c1}\nState:          STOPPED\n`);
  });

  it('answers LXC errors for containers that do not exist or are not running', () => {
    expect(stack.lxc('lxc-info', ['-n', 'nope'])).toMatchObject({ code: 1, stderr: "nope doesn't exist\n" });
    const start = stack.lxc('lxc-start', ['-n', 'nope']);
    expect(start.code).toBe(1);
    expect(start.stderr).toMatch(/No container config specified\n$/);
    const attach = stack.lxc('lxc-attach', ['-n', c1, '--', 'true']);
    expect(attach.code).toBe(1);
    expect(attach.stderr).toMatch(/Failed to get init pid\n.*Failed to get attach context\n$/s);
    const destroyMissing = stack.lxc('lxc-destroy', ['-n', 'nope']);
    expect(destroyMissing.code).toBe(1);
    expect(destroyMissing.stderr).toMatch(/Container is not defined\n$/);
    const bad = stack.lxc('lxc-info', ['-n', '../x']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/INVALID_NAME/);
  });

  it('lxc-destroy refuses a running container, then removes a stopped one silently', () => {
    stack.lxc('lxc-start', ['-n', c1, '-d']);
    const running = stack.lxc('lxc-destroy', ['-n', c1]);
    expect(running.code).toBe(1);
    expect(running.stderr).toMatch(new RegExp(`${c1} is running\n$`));
    expect(stack.lxc('lxc-stop', ['-n', c1, '-k']).code).toBe(0);
    expect(stack.lxc('lxc-destroy', ['-n', c1])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(existsSync(join(stack.lxcpath, c1))).toBe(false);
    expect(stack.lxc('lxc-ls', []).stdout).toBe('');
  });

  const sideBySide = existsSync(REAL_LXC) ? it : it.skip;
  if (!existsSync(REAL_LXC)) console.warn('SKIP side-by-side layout: real LXC (Debian lxc) is not installed');
  sideBySide('lxc-info and lxc-ls -f have the same layout as real LXC 5.0 for the same steps', () => {
    const ref = join(dir, 'real');
    const name = `${c1}r`;
    const conf = join(dir, 'default.conf');
    try {
      expect(realLxc('lxc-create', ['-P', ref, '-t', 'busybox', '-n', name, '-f', conf]).code).toBe(0);
      expect(stack.lxc('lxc-create', ['-t', 'busybox', '-n', name, '-f', conf]).code).toBe(0);
      expect(realLxc('lxc-start', ['-P', ref, '-n', name, '-d']).code).toBe(0);
      expect(stack.lxc('lxc-start', ['-n', name, '-d']).code).toBe(0);
      realLxc('lxc-wait', ['-P', ref, '-n', name, '-s', 'RUNNING', '-t', '10']);
      const labels = (t: string) => t.split('\n').map((l) => l.slice(0, 16));
      expect(labels(stack.lxc('lxc-info', ['-n', name]).stdout)).toEqual(labels(realLxc('lxc-info', ['-P', ref, '-n', name]).stdout));
      expect(layout(stack.lxc('lxc-ls', ['-f']).stdout)).toBe(layout(realLxc('lxc-ls', ['-P', ref, '-f']).stdout));
      expect(layout(stack.lxc('lxc-info', ['-n', name, '-sH']).stdout)).toBe(layout(realLxc('lxc-info', ['-P', ref, '-n', name, '-sH']).stdout));
    } finally {
      realLxc('lxc-destroy', ['-P', ref, '-n', name, '-f']);
      stack.lxc('lxc-destroy', ['-n', name, '-f']);
    }
  });
});
