/**
 * lxc-copy -e -F: an ephemeral clone started in the foreground, driven through a pty as a
 * person at a terminal would, side by side with real LXC 5.0.2 where its output matters.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, describeSystem, startStack, type Stack } from './support/stack-harness';
import { RealLxc, probeSkipReason, realLxcSkipReason } from './support/lxc-side';

const PTY_KEYS = join(__dirname, 'support/pty-keys.py');
const TWO_LINES = '#!/bin/sh\necho early-line\nsleep 2\necho late-line\nexit 3\n';
const QUICK = '#!/bin/sh\necho quick-line\nexit 3\n';
const FOREVER = '#!/bin/sh\nexec sleep 1000\n';

interface PtyRun { out: string; exit: number | null }

/** Runs `cmd` on a pty with nothing typed; PTY_HANGUP=1 in env closes the terminal after `exitWait` s. */
function onPty(env: NodeJS.ProcessEnv, cmd: string[], exitWait = 30): PtyRun {
  const r = spawnSync('python3', [PTY_KEYS, '1', '0', String(exitWait), '--', ...cmd], { env, encoding: 'utf8', timeout: 90_000 });
  return JSON.parse(r.stdout) as PtyRun;
}

function setInit(rootfs: string, script: string): void {
  writeFileSync(join(rootfs, 'hello.sh'), script);
  chmodSync(join(rootfs, 'hello.sh'), 0o755);
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

describeSystem('lxc-copy -e -F: ephemeral clones in the foreground', () => {
  let stack: Stack;
  let dir: string;
  let real: RealLxc | undefined;
  const tag = process.pid % 10000;
  const src = `cpf${tag}`;
  const copy = [process.execPath, join(BIN, 'lxc-copy'), '-n', src];
  const gone = (name: string) => !existsSync(join(stack.lxcpath, name));
  const snapshots = () => {
    const f = join(stack.lxcpath, src, 'lxc_snapshots');
    return existsSync(f) ? readFileSync(f, 'utf8') : '';
  };
  /** The real-LXC origin with `script` as its init, or null with the reason printed. */
  const realOrigin = (what: string, script: string): string | null => {
    const skip = realLxcSkipReason() ?? probeSkipReason();
    if (skip) {
      console.warn(`${what} side by side skipped: ${skip}`);
      return null;
    }
    if (!real) {
      real = new RealLxc();
      real.create(src, ['lxc.init.cmd = /hello.sh']);
    }
    setInit(join(real.lxcpath, src, 'rootfs'), script);
    return real.lxcpath;
  };
  /** The same run on a pty under real LXC. */
  const realRun = (what: string, script: string, args: string[], env: NodeJS.ProcessEnv = process.env, exitWait = 30) => {
    const lxcpath = realOrigin(what, script);
    return lxcpath ? { run: onPty(env, ['lxc-copy', '-P', lxcpath, '-n', src, ...args], exitWait), lxcpath } : null;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lxcbus-copyfg-'));
    writeFileSync(join(dir, 'default.conf'), 'lxc.net.0.type = empty\n');
    stack = await startStack({ defaultConfig: join(dir, 'default.conf') });
    expect(stack.lxc('lxc-create', ['-t', 'busybox', '-n', src]).code).toBe(0);
    appendFileSync(join(stack.lxcpath, src, 'config'), 'lxc.init.cmd = /hello.sh\n');
  }, 180_000);

  afterAll(async () => {
    real?.cleanup();
    stack?.lxc('lxc-destroy', ['-f', '-n', src]);
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('-e -F: "Created", then the console from its first byte until init exits; status 0; the clone is gone', () => {
    setInit(join(stack.lxcpath, src, 'rootfs'), TWO_LINES);
    const r = onPty(stack.env, [...copy, '-e', '-F', '-N', `fg1${tag}`]);
    expect(r).toEqual({ out: `Created fg1${tag} as clone of ${src}\r\nearly-line\r\r\nlate-line\r\r\n`, exit: 0 });
    expect(gone(`fg1${tag}`)).toBe(true); // already when lxc-copy returned, as with LXC's monitor
    expect(snapshots()).not.toContain(`fg1${tag}`);
    expect(stack.lxc('lxc-ls', ['-1']).stdout).toBe(`${src}\n`);
  }, 60_000);

  it('-e -F with an init that is gone at once: the same output and status as real LXC, and no clone left', () => {
    setInit(join(stack.lxcpath, src, 'rootfs'), QUICK);
    const ours = onPty(stack.env, [...copy, '-e', '-F', '-N', `fg2${tag}`]);
    expect(ours).toEqual({ out: `Created fg2${tag} as clone of ${src}\r\nquick-line\r\r\n`, exit: 0 });
    expect(gone(`fg2${tag}`)).toBe(true);
    const theirs = realRun('lxc-copy -e -F', QUICK, ['-e', '-F', '-N', `fg2${tag}`]);
    if (!theirs) return;
    expect(theirs.run).toEqual(ours);
    expect(existsSync(join(theirs.lxcpath, `fg2${tag}`))).toBe(false);
  }, 90_000);

  it('-e -F without -N names the clone <name>_XXXXXX; -q drops the "Created" line, as LXC', () => {
    setInit(join(stack.lxcpath, src, 'rootfs'), QUICK);
    const anon = onPty(stack.env, [...copy, '-e', '-F']);
    const m = new RegExp(`^Created (${src}_[A-Za-z0-9]{6}) as clone of ${src}\r\nquick-line\r\r\n$`).exec(anon.out);
    expect({ named: Boolean(m), exit: anon.exit }).toEqual({ named: true, exit: 0 });
    expect(gone(m![1])).toBe(true);
    expect(onPty(stack.env, [...copy, '-e', '-F', '-q', '-N', `fg3${tag}`])).toEqual({ out: 'quick-line\r\r\n', exit: 0 });
    expect(gone(`fg3${tag}`)).toBe(true);
  }, 60_000);

  it('-e -F with stdin not a terminal: no console shown, returns once the clone stopped (as LXC)', () => {
    setInit(join(stack.lxcpath, src, 'rootfs'), TWO_LINES);
    const t0 = Date.now();
    const r = stack.lxc('lxc-copy', ['-n', src, '-e', '-F', '-N', `fg4${tag}`]);
    const took = Date.now() - t0;
    expect(r).toEqual({ code: 0, stdout: `Created fg4${tag} as clone of ${src}\n`, stderr: '' });
    expect(took).toBeGreaterThanOrEqual(2000); // init sleeps 2 s: lxc-copy waited for it
    expect(gone(`fg4${tag}`)).toBe(true);
    const lxcpath = realOrigin('lxc-copy -e -F, stdin not a tty', TWO_LINES);
    if (!lxcpath) return;
    const rr = spawnSync('lxc-copy', ['-P', lxcpath, '-n', src, '-e', '-F', '-N', `fg4${tag}`], { input: '', encoding: 'utf8' });
    expect({ code: rr.status, stdout: rr.stdout, stderr: rr.stderr }).toEqual(r);
    expect(existsSync(join(lxcpath, `fg4${tag}`))).toBe(false);
  }, 90_000);

  it('-e -F -D: the clone is kept, STOPPED, once lxc-copy returns; the same output as real LXC', () => {
    setInit(join(stack.lxcpath, src, 'rootfs'), QUICK);
    const ours = onPty(stack.env, [...copy, '-e', '-F', '-D', '-N', `fg5${tag}`]);
    expect(ours).toEqual({ out: `Created fg5${tag} as clone of ${src}\r\nquick-line\r\r\n`, exit: 0 });
    expect(stack.lxc('lxc-info', ['-n', `fg5${tag}`, '-sH']).stdout).toBe('STOPPED\n');
    expect(readFileSync(join(stack.lxcpath, `fg5${tag}`, 'config'), 'utf8')).not.toMatch(/lxc\.ephemeral/);
    expect(stack.lxc('lxc-destroy', ['-n', `fg5${tag}`]).code).toBe(0);
    const theirs = realRun('lxc-copy -e -F -D', QUICK, ['-e', '-F', '-D', '-N', `fg5${tag}`]);
    if (!theirs) return;
    expect(theirs.run).toEqual(ours);
    expect(spawnSync('lxc-info', ['-P', theirs.lxcpath, '-n', `fg5${tag}`, '-sH'], { encoding: 'utf8' }).stdout).toBe('STOPPED\n');
    spawnSync('lxc-destroy', ['-P', theirs.lxcpath, '-n', `fg5${tag}`]);
  }, 90_000);

  it('-e -F whose terminal is closed: lxc-copy dies of SIGHUP as LXC, the clone stops and is destroyed', async () => {
    setInit(join(stack.lxcpath, src, 'rootfs'), FOREVER);
    const ours = onPty({ ...stack.env, PTY_HANGUP: '1' }, [...copy, '-e', '-F', '-N', `fg6${tag}`], 3);
    expect(ours).toEqual({ out: `Created fg6${tag} as clone of ${src}\r\n`, exit: -1 });
    for (let i = 0; i < 50 && !gone(`fg6${tag}`); i++) await sleep(100);
    expect(gone(`fg6${tag}`)).toBe(true);
    // Real LXC: the same output and status; its clone is left STOPPED (its monitor died before the destroy).
    const theirs = realRun('lxc-copy -e -F hang-up', FOREVER, ['-e', '-F', '-N', `fg6${tag}`], { ...process.env, PTY_HANGUP: '1' }, 3);
    if (!theirs) return;
    expect(theirs.run).toEqual(ours);
    spawnSync('lxc-destroy', ['-P', theirs.lxcpath, '-f', '-n', `fg6${tag}`]);
  }, 120_000);

  it('-e without -F, and -e -F -d (the last wins): daemonized as before, the clone runs until stopped', async () => {
    setInit(join(stack.lxcpath, src, 'rootfs'), FOREVER);
    for (const [name, extra] of [[`bg1${tag}`, []], [`bg2${tag}`, ['-F', '-d']]] as const) {
      const r = stack.lxc('lxc-copy', ['-n', src, '-e', ...extra, '-N', name]);
      expect(r).toEqual({ code: 0, stdout: `Created ${name} as clone of ${src}\n`, stderr: '' });
      expect(stack.lxc('lxc-info', ['-n', name, '-sH']).stdout).toBe('RUNNING\n');
      expect(stack.lxc('lxc-stop', ['-k', '-n', name]).code).toBe(0);
      for (let i = 0; i < 50 && !gone(name); i++) await sleep(100);
      expect(gone(name)).toBe(true);
    }
  }, 90_000);
});
