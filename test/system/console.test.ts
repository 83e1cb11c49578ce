/**
 * lxc-console and lxc-start -F with real containers, driven through a pty as a person
 * at a terminal would, side by side with real LXC 5.0.2 where its text matters.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, describeSystem, startStack, type Stack } from './support/stack-harness';
import { RealLxc, probeSkipReason, realLxcSkipReason } from './support/lxc-side';

const PTY_KEYS = join(__dirname, 'support/pty-keys.py');
const BANNER = (tty: number) =>
  `\r\nConnected to tty ${tty}\r\nType <Ctrl+a q> to exit the console, <Ctrl+a Ctrl+a> to enter Ctrl+a itself\r\n`;

interface PtyRun { out: string; exit: number | null }

/** Types `keys` (one group per pause) into `cmd` on a pty. */
function onPty(env: NodeJS.ProcessEnv, cmd: string[], keys: string[], o = { first: 2, pause: 1.5, exitWait: 15 }): PtyRun {
  const r = spawnSync('python3', [PTY_KEYS, String(o.first), String(o.pause), String(o.exitWait), ...keys, '--', ...cmd],
    { env, encoding: 'utf8', timeout: 90_000 });
  return JSON.parse(r.stdout) as PtyRun;
}

/** The shim's console.log of a running container (its run dir names it in ref.json). */
function consoleLog(stack: Stack, name: string): string {
  const root = join(stack.runDir, 'containers');
  for (const d of readdirSync(root)) {
    const ref = join(root, d, 'ref.json');
    if (existsSync(ref) && (JSON.parse(readFileSync(ref, 'utf8')) as { name: string }).name === name) {
      return readFileSync(join(root, d, 'console.log'), 'latin1');
    }
  }
  throw new Error(`no run dir for ${name}`);
}

describeSystem('lxc-console and lxc-start -F', () => {
  let stack: Stack;
  let dir: string;
  const tag = process.pid % 10000;
  const c1 = `con${tag}`;
  const fg = `cfg${tag}`;
  const tool = (name: string) => [process.execPath, join(BIN, name)];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lxcbus-console-'));
    writeFileSync(join(dir, 'default.conf'), 'lxc.net.0.type = empty\n');
    stack = await startStack({ defaultConfig: join(dir, 'default.conf') });
    for (const n of [c1, fg]) expect(stack.lxc('lxc-create', ['-t', 'busybox', '-n', n]).code).toBe(0);
    expect(stack.lxc('lxc-start', ['-n', c1, '-d']).code).toBe(0);
  }, 180_000);

  afterAll(async () => {
    stack?.lxc('lxc-stop', ['-n', c1, '-k']);
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('lxc-console -t 0: LXC banner, a command typed into the console shell, Ctrl-a q detaches and the container runs on', () => {
    const r = onPty(stack.env, [...tool('lxc-console'), '-n', c1, '-t', '0'], ['\r', 'echo con-$((6*7)); stty size\r', '\x01q']);
    // contain, not start: on a loaded machine the pty echoes the first key before the session opens
    expect(r.out).toContain(BANNER(0));
    expect(r.out).toMatch(/\ncon-42\r*\n31 97\r*\n/); // the caller's window size reached the console
    expect(r.exit).toBe(0);
    expect(stack.lxc('lxc-info', ['-n', c1, '-sH']).stdout).toBe('RUNNING\n');
  }, 60_000);

  it('console.log gets the console output while a client is attached and after it left', () => {
    expect(consoleLog(stack, c1)).toMatch(/con-42/);
    expect(stack.lxc('lxc-attach', ['-n', c1, '--', 'sh', '-c', 'echo unattended-line > /dev/console']).code).toBe(0);
    expect(consoleLog(stack, c1)).toMatch(/unattended-line/);
  });

  it('-e b: the banner names Ctrl+b and Ctrl+b q detaches', () => {
    const r = onPty(stack.env, [...tool('lxc-console'), '-n', c1, '-t', '0', '-e', 'b'], ['\x02q']);
    expect(r.out).toContain('\r\nConnected to tty 0\r\nType <Ctrl+b q> to exit the console, <Ctrl+b Ctrl+b> to enter Ctrl+b itself\r\n');
    expect(r.exit).toBe(0);
  }, 60_000);

  it('lxc-console without -t takes the first free tty (the getty on tty1); a login typed into it reaches it', () => {
    const r = onPty(stack.env, [...tool('lxc-console'), '-n', c1], ['\r', 'root\r', '\x01\x01', '\x01q']);
    expect(r.out).toContain(BANNER(1));
    expect(r.out).toMatch(new RegExp(`${c1} login: `));
    expect(r.out).toMatch(/Password: /);
    expect(r.exit).toBe(0);
  }, 60_000);

  it('a second client of the same tty is refused with LXC\'s message; the tty is free again after detach', async () => {
    const holder = spawn('python3', [PTY_KEYS, '5', '0.5', '10', '\x01q', '--', ...tool('lxc-console'), '-n', c1, '-t', '0'], { env: stack.env });
    const held = new Promise<string>((resolve) => {
      let out = '';
      holder.stdout.on('data', (d: Buffer) => (out += d.toString()));
      holder.on('exit', () => resolve(out));
    });
    await new Promise((r) => setTimeout(r, 3000));
    const second = stack.lxc('lxc-console', ['-n', c1, '-t', '0']);
    expect(second).toEqual({
      code: 1, stdout: '',
      stderr: `lxc-console: ${c1}: ../src/lxc/commands.c: lxc_cmd_get_tty_fd: 1200 Bad file descriptor - Denied access to tty\n`,
    });
    expect((JSON.parse(await held) as PtyRun).exit).toBe(0);
    const again = onPty(stack.env, [...tool('lxc-console'), '-n', c1, '-t', '0'], ['\x01q']);
    expect(again.out.slice(0, 300)).toBe(BANNER(0) + again.out.slice(BANNER(0).length, 300));
  }, 60_000);

  it('a tty the container does not have is refused as LXC refuses it', () => {
    expect(stack.lxc('lxc-console', ['-n', c1, '-t', '9'])).toEqual({
      code: 1, stdout: '',
      stderr: `lxc-console: ${c1}: ../src/lxc/commands.c: lxc_cmd_get_tty_fd: 1200 Bad file descriptor - Denied access to tty\n`,
    });
  });

  it('a container that is not running: the same text and code as real LXC', () => {
    const ours = stack.lxc('lxc-console', ['-n', `nope${tag}`]);
    expect(ours).toEqual({ code: 1, stdout: '', stderr: `lxc-console: nope${tag}: ../src/lxc/tools/lxc_console.c: main: 129 nope${tag} is not running\n` });
    if (realLxcSkipReason()) return;
    const real = spawnSync('lxc-console', ['-P', dir, '-n', `nope${tag}`], { encoding: 'utf8' });
    expect({ code: real.status, stdout: real.stdout, stderr: real.stderr }).toEqual(ours);
  });

  it('lxc-start -F: the console from the first byte on the terminal, until init exits; status 0 as LXC', () => {
    const rootfs = join(stack.lxcpath, fg, 'rootfs');
    writeFileSync(join(rootfs, 'hello.sh'), '#!/bin/sh\necho early-line\nsleep 2\necho late-line\nexit 3\n');
    chmodSync(join(rootfs, 'hello.sh'), 0o755);
    appendFileSync(join(stack.lxcpath, fg, 'config'), 'lxc.init.cmd = /hello.sh\n');
    const r = onPty(stack.env, [...tool('lxc-start'), '-n', fg, '-F'], [], { first: 1, pause: 0, exitWait: 30 });
    expect(r.out).toMatch(/^early-line\r+\nlate-line\r+\n$/);
    expect(r.exit).toBe(0);
    expect(stack.lxc('lxc-info', ['-n', fg, '-sH']).stdout).toBe('STOPPED\n');
  }, 60_000);

  it('lxc-start -F with an init that is gone at once: its output and status, the same as real LXC', () => {
    const script = '#!/bin/sh\necho quick-line\nexit 3\n';
    writeFileSync(join(stack.lxcpath, fg, 'rootfs/hello.sh'), script);
    const ours = onPty(stack.env, [...tool('lxc-start'), '-n', fg, '-F'], [], { first: 1, pause: 0, exitWait: 30 });
    expect(ours).toEqual({ out: 'quick-line\r\r\n', exit: 0 });
    const skip = realLxcSkipReason() ?? probeSkipReason();
    if (skip) return console.warn(`lxc-start -F side by side skipped: ${skip}`);
    const real = new RealLxc();
    try {
      const side = real.create(`rfg${tag}`, ['lxc.init.cmd = /hello.sh']);
      const rootfs = join(side.lxcpath, side.name, 'rootfs/hello.sh');
      writeFileSync(rootfs, script);
      chmodSync(rootfs, 0o755);
      expect(onPty(process.env, ['lxc-start', '-P', side.lxcpath, '-n', side.name, '-F'], [], { first: 1, pause: 0, exitWait: 30 })).toEqual(ours);
    } finally {
      real.cleanup();
    }
  }, 90_000);

  it('lxc-start -F with stdin not a terminal waits for the stop and, as LXC, does not proxy the console', () => {
    const r = stack.lxc('lxc-start', ['-n', fg, '-F']);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(stack.lxc('lxc-info', ['-n', fg, '-sH']).stdout).toBe('STOPPED\n');
  }, 60_000);
  it('lxc-start -F whose terminal is closed: the container stops and lxc-start dies of SIGHUP, as real LXC', () => {
    const script = '#!/bin/sh\nexec sleep 1000\n';
    writeFileSync(join(stack.lxcpath, fg, 'rootfs/hello.sh'), script);
    const hangupEnv = { ...stack.env, PTY_HANGUP: '1' };
    const ours = onPty(hangupEnv, [...tool('lxc-start'), '-n', fg, '-F'], [], { first: 1, pause: 0, exitWait: 3 });
    expect(ours.exit).toBe(-1);
    expect(stack.lxc('lxc-wait', ['-n', fg, '-s', 'STOPPED', '-t', '10']).code).toBe(0);
    const skip = realLxcSkipReason() ?? probeSkipReason();
    if (skip) return console.warn(`lxc-start -F hang-up side by side skipped: ${skip}`);
    const real = new RealLxc();
    try {
      const side = real.create(`rhu${tag}`, ['lxc.init.cmd = /hello.sh']);
      const rootfs = join(side.lxcpath, side.name, 'rootfs/hello.sh');
      writeFileSync(rootfs, script);
      chmodSync(rootfs, 0o755);
      const theirs = onPty({ ...process.env, PTY_HANGUP: '1' }, ['lxc-start', '-P', side.lxcpath, '-n', side.name, '-F'], [],
        { first: 1, pause: 0, exitWait: 3 });
      expect(theirs).toEqual(ours);
      expect(spawnSync('lxc-info', ['-P', side.lxcpath, '-n', side.name, '-sH'], { encoding: 'utf8' }).stdout).toBe('STOPPED\n');
    } finally {
      real.cleanup();
    }
  }, 120_000);
});
