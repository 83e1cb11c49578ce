/**
 * lxc-copy -e -- COMMAND: the command run in a (daemonized) ephemeral clone, which is
 * then shut down and destroyed (kept with -D), side by side with real LXC 5.0.2.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { BIN, REPO, describeSystem, startStack, type RunResult, type Stack } from './support/stack-harness';
import { RealLxc, confinementView, createLxcbus, lxcbusSide, probeSkipReason, realLxcSkipReason } from './support/lxc-side';

const PTY_KEYS = join(__dirname, 'support/pty-keys.py');
/** What the command sees: output on both streams, its environment, ids, which of init's namespaces it shares. */
const LOOK = [
  'echo out-line; echo err-line >&2; env | sort; id; pwd',
  'for n in cgroup ipc mnt net pid uts user; do [ "$(readlink /proc/self/ns/$n)" = "$(readlink /proc/1/ns/$n)" ] && echo same-$n; done',
  'exit 5',
].join('; ');

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

describeSystem('lxc-copy -e -- COMMAND: a command in an ephemeral clone', () => {
  let stack: Stack;
  let dir: string;
  let real: RealLxc | undefined;
  const tag = process.pid % 10000;
  const src = `cmd${tag}`;
  const gone = (lxcpath: string, name: string) => !existsSync(join(lxcpath, name));
  const snapshots = (lxcpath: string) => {
    const f = join(lxcpath, src, 'lxc_snapshots');
    return existsSync(f) ? readFileSync(f, 'utf8') : '';
  };
  /** Real LXC's lxcpath with the same origin, or null with the reason printed. */
  const realPath = (what: string): string | null => {
    const skip = realLxcSkipReason() ?? probeSkipReason();
    if (skip) {
      console.warn(`${what} side by side skipped: ${skip}`);
      return null;
    }
    if (!real) {
      real = new RealLxc();
      real.create(src, []);
    }
    return real.lxcpath;
  };
  /** Both sides run from the repository (a directory the container lacks, so the command starts in /). */
  const ours = (args: string[], input = '', cwd = REPO): RunResult => {
    const r = spawnSync(process.execPath, [join(BIN, 'lxc-copy'), '-n', src, ...args], { env: stack.env, cwd, input, encoding: 'utf8', timeout: 90_000 });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  const theirs = (lxcpath: string, args: string[], input = '', cwd = REPO): RunResult => {
    const r = spawnSync('/usr/bin/lxc-copy', ['-P', lxcpath, '-n', src, ...args], { cwd, input, encoding: 'utf8', timeout: 90_000 });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  /** Real LXC's monitor destroys an ephemeral clone just after lxc-copy returned: polled there. */
  const goneSoon = async (lxcpath: string, name: string) => {
    for (let i = 0; i < 50 && !gone(lxcpath, name); i++) await sleep(100);
    return gone(lxcpath, name);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lxcbus-copycmd-'));
    writeFileSync(join(dir, 'default.conf'), 'lxc.net.0.type = empty\n');
    stack = await startStack({ defaultConfig: join(dir, 'default.conf') });
    const skip = probeSkipReason();
    if (skip) throw new Error(skip);
    createLxcbus(stack, src, []);
  }, 180_000);

  afterAll(async () => {
    real?.cleanup();
    stack?.lxc('lxc-destroy', ['-f', '-n', src]);
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('runs the command in every namespace of the clone with a cleared environment; 0 whatever its status; "Created" last', async () => {
    const name = `c1${tag}`;
    const r = ours(['-e', '-N', name, '--', 'sh', '-c', LOOK]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe([
      'out-line', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'PWD=/', 'SHLVL=1', 'container=lxc',
      'uid=0(root) gid=0(root)', '/', ...['cgroup', 'ipc', 'mnt', 'net', 'pid', 'uts', 'user'].map((n) => `same-${n}`),
      `Created ${name} as clone of ${src}`, '',
    ].join('\n'));
    expect(r.stderr).toBe('err-line\n');
    expect(gone(stack.lxcpath, name)).toBe(true); // already when lxc-copy returned
    expect(snapshots(stack.lxcpath)).toBe('');
    expect(stack.lxc('lxc-ls', ['-1']).stdout).toBe(`${src}\n`);
    const lxcpath = realPath('lxc-copy -e -- sh');
    if (!lxcpath) return;
    expect(theirs(lxcpath, ['-e', '-N', name, '--', 'sh', '-c', LOOK])).toEqual(r);
    expect(await goneSoon(lxcpath, name)).toBe(true);
    expect(snapshots(lxcpath)).toBe('');
  }, 120_000);

  it('the command starts in the caller\'s directory where the clone has it (through its own symlinks), else in /', async () => {
    // dir is /tmp/lxcbus-copycmd-*: a symlink to /etc in each clone's /tmp; REPO is not in the clone at all.
    const linked = (lxcpath: string) => symlinkSync('/etc', join(lxcpath, src, 'rootfs/tmp', basename(dir)));
    const lookDir = (cwd: string, run: (args: string[], input: string, cwd: string) => RunResult) => run(['-e', '-q', '-N', `cw${tag}`, '--', 'pwd'], '', cwd);
    const dirs = ['/etc', '/tmp', dir, REPO];
    linked(stack.lxcpath);
    const mine = dirs.map((d) => lookDir(d, ours));
    expect(mine).toEqual(['/etc', '/tmp', '/etc', '/'].map((d) => ({ code: 0, stdout: `${d}\n`, stderr: '' })));
    const lxcpath = realPath('lxc-copy -e -- pwd');
    if (!lxcpath) return;
    linked(lxcpath);
    for (const [i, d] of dirs.entries()) {
      expect(lookDir(d, (args, input, cwd) => theirs(lxcpath, args, input, cwd))).toEqual(mine[i]);
      expect(await goneSoon(lxcpath, `cw${tag}`)).toBe(true);
    }
  }, 120_000);

  it('the command is confined as the clone is (the probe: capabilities, seccomp, no_new_privs, writable paths)', () => {
    const mine = ours(['-e', '-q', '-N', `c2${tag}`, '--', '/probe']);
    expect(mine.code).toBe(0);
    const view = confinementView(JSON.parse(mine.stdout.trim()));
    // The same as lxc-attach gets in the origin itself.
    expect(stack.lxc('lxc-start', ['-n', src]).code).toBe(0);
    try {
      expect(confinementView(lxcbusSide(stack, src).probe())).toEqual(view);
    } finally {
      stack.lxc('lxc-stop', ['-k', '-n', src]);
    }
    const lxcpath = realPath('lxc-copy -e -- /probe');
    if (!lxcpath) return;
    const r = theirs(lxcpath, ['-e', '-q', '-N', `c2${tag}`, '--', '/probe']);
    expect(r.code).toBe(0);
    expect(confinementView(JSON.parse(r.stdout.trim()))).toEqual(view);
  }, 120_000);

  it('a command that does not exist: silent and 0 as LXC; with -l its log line; the clone is gone', async () => {
    const name = `c3${tag}`;
    const r = ours(['-e', '-N', name, '--', '/nonexistent', 'x']);
    expect(r).toEqual({ code: 0, stdout: `Created ${name} as clone of ${src}\n`, stderr: '' });
    expect(gone(stack.lxcpath, name)).toBe(true);
    const logged = ours(['-e', '-q', '-l', 'ERROR', '-N', name, '--', '/nonexistent']);
    expect(logged).toEqual({ code: 0, stdout: '',
      stderr: `lxc-copy: ${src}: ../src/lxc/attach.c: lxc_attach_run_command: 1841 No such file or directory - Failed to exec "/nonexistent"\n` });
    const lxcpath = realPath('lxc-copy -e -- /nonexistent');
    if (!lxcpath) return;
    expect(theirs(lxcpath, ['-e', '-N', name, '--', '/nonexistent', 'x'])).toEqual(r);
    expect(await goneSoon(lxcpath, name)).toBe(true);
    expect(theirs(lxcpath, ['-e', '-q', '-l', 'ERROR', '-N', name, '--', '/nonexistent'])).toEqual(logged);
    expect(await goneSoon(lxcpath, name)).toBe(true);
  }, 120_000);

  it('-F with a command: daemonized all the same, stdin reaches the command; -D -q keeps the clone STOPPED', async () => {
    const name = `c4${tag}`;
    const r = ours(['-e', '-F', '-N', name, '--', 'sh', '-c', 'cat; exit 2'], 'hello-in\n');
    expect(r).toEqual({ code: 0, stdout: `hello-in\nCreated ${name} as clone of ${src}\n`, stderr: '' });
    expect(gone(stack.lxcpath, name)).toBe(true);
    const kept = `c5${tag}`;
    expect(ours(['-e', '-D', '-q', '-N', kept, '--', 'touch', '/kept-file'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(stack.lxc('lxc-info', ['-n', kept, '-sH']).stdout).toBe('STOPPED\n');
    expect(readFileSync(join(stack.lxcpath, kept, 'config'), 'utf8')).not.toMatch(/lxc\.ephemeral/);
    expect(snapshots(stack.lxcpath)).toBe(`${stack.lxcpath}\n${kept}\n`);
    expect(stack.lxc('lxc-destroy', ['-n', kept]).code).toBe(0);
    expect(snapshots(stack.lxcpath)).toBe('');
    const lxcpath = realPath('lxc-copy -e -F -- cat');
    if (!lxcpath) return;
    expect(theirs(lxcpath, ['-e', '-F', '-N', name, '--', 'sh', '-c', 'cat; exit 2'], 'hello-in\n')).toEqual(r);
    expect(await goneSoon(lxcpath, name)).toBe(true);
    expect(theirs(lxcpath, ['-e', '-D', '-q', '-N', kept, '--', 'touch', '/kept-file'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(spawnSync('lxc-info', ['-P', lxcpath, '-n', kept, '-sH'], { encoding: 'utf8' }).stdout).toBe('STOPPED\n');
    expect(snapshots(lxcpath)).toBe(`${lxcpath}\n${kept}\n`);
    spawnSync('lxc-destroy', ['-P', lxcpath, '-n', kept]);
  }, 120_000);

  it('-t with a command: the command writes to the tmpfs; both notices come last with stdout not a terminal', async () => {
    const name = `ct${tag}`;
    const args = ['-e', '-t', '-N', name, '--', 'sh', '-c', 'echo volatile > /in-memory && cat /in-memory'];
    const r = ours(args);
    expect(r).toEqual({ code: 0, stderr: '', stdout: `volatile\nCreated ${name} as clone of ${src}\n`
      + 'Container is placed on tmpfs.\nRebooting will cause all changes made to it to be lost!\n' });
    expect(gone(stack.lxcpath, name)).toBe(true);
    const lxcpath = realPath('lxc-copy -e -t -- sh');
    if (!lxcpath) return;
    expect(theirs(lxcpath, args)).toEqual(r);
    expect(await goneSoon(lxcpath, name)).toBe(true);
  }, 120_000);

  it('on a terminal: "Created" first, and the command has a terminal of the caller\'s size', () => {
    const name = `c6${tag}`;
    const cmd = ['-e', '-N', name, '--', 'sh', '-c', '[ -t 0 ] && [ -t 1 ] && echo on-a-tty; stty size; exit 3'];
    const run = (env: NodeJS.ProcessEnv, argv: string[]) =>
      JSON.parse(spawnSync('python3', [PTY_KEYS, '1', '0', '30', '--', ...argv], { env, cwd: REPO, encoding: 'utf8', timeout: 90_000 }).stdout);
    const mine = run(stack.env, [process.execPath, join(BIN, 'lxc-copy'), '-n', src, ...cmd]);
    expect(mine).toEqual({ out: `Created ${name} as clone of ${src}\r\non-a-tty\r\n31 97\r\n`, exit: 0 });
    expect(gone(stack.lxcpath, name)).toBe(true);
    const lxcpath = realPath('lxc-copy -e -- on a pty');
    if (!lxcpath) return;
    expect(run(process.env, ['/usr/bin/lxc-copy', '-P', lxcpath, '-n', src, ...cmd])).toEqual(mine);
  }, 120_000);

  it('Ctrl-C on the terminal ends the command, not lxc-copy: the clone is shut down and gone, 0, as with LXC', async () => {
    const name = `c9${tag}`;
    const cmd = ['-e', '-N', name, '--', 'sleep', '100'];
    const run = (env: NodeJS.ProcessEnv, argv: string[]) =>
      JSON.parse(spawnSync('python3', [PTY_KEYS, '6', '3', '30', '\\x03', '--', ...argv], { env, cwd: REPO, encoding: 'utf8', timeout: 90_000 }).stdout);
    const mine = run(stack.env, [process.execPath, join(BIN, 'lxc-copy'), '-n', src, ...cmd]);
    expect(mine).toEqual({ out: `Created ${name} as clone of ${src}\r\n^C`, exit: 0 });
    expect(gone(stack.lxcpath, name)).toBe(true);
    const lxcpath = realPath('lxc-copy -e -- sleep, Ctrl-C');
    if (!lxcpath) return;
    expect(run(process.env, ['/usr/bin/lxc-copy', '-P', lxcpath, '-n', src, ...cmd])).toEqual(mine);
    expect(await goneSoon(lxcpath, name)).toBe(true);
  }, 120_000);

  it('on a terminal with stderr redirected: the command\'s stderr goes to the file, apart, as with LXC', () => {
    const name = `c8${tag}`;
    const cmd = ['-e', '-N', name, '--', 'sh', '-c', 'echo out-line; echo err-line >&2'];
    const run = (env: NodeJS.ProcessEnv, argv: string[], file: string) => {
      const r = JSON.parse(spawnSync('python3', [PTY_KEYS, '1', '0', '30', '--', 'sh', '-c', '"$@" 2>"$0"', file, ...argv],
        { env, cwd: REPO, encoding: 'utf8', timeout: 90_000 }).stdout);
      return { ...r, file: readFileSync(file, 'utf8') };
    };
    const mine = run(stack.env, [process.execPath, join(BIN, 'lxc-copy'), '-n', src, ...cmd], join(dir, 'ours.err'));
    expect(mine).toEqual({ out: `Created ${name} as clone of ${src}\r\nout-line\r\n`, exit: 0, file: 'err-line\n' });
    expect(gone(stack.lxcpath, name)).toBe(true);
    const lxcpath = realPath('lxc-copy -e -- with stderr redirected');
    if (!lxcpath) return;
    expect(run(process.env, ['/usr/bin/lxc-copy', '-P', lxcpath, '-n', src, ...cmd], join(dir, 'theirs.err'))).toEqual(mine);
  }, 120_000);

  it('a clone that cannot start: 1, silent, the command never runs, the clone destroyed (kept with -D), as LXC', async () => {
    const name = `c7${tag}`;
    const broken = (lxcpath: string, run: (args: string[]) => RunResult, info: () => string) => {
      const conf = join(lxcpath, src, 'config');
      const saved = readFileSync(conf, 'utf8');
      writeFileSync(conf, `${saved}lxc.init.cmd = /nonexistent\n`);
      try {
        const r = run(['-e', '-N', name, '--', 'echo', 'never']);
        const goneAfter = gone(lxcpath, name);
        const logged = run(['-e', '-q', '-l', 'ERROR', '-N', name, '--', 'echo', 'never']);
        const kept = run(['-e', '-D', '-q', '-N', name, '--', 'echo', 'never']);
        return { r, goneAfter, logged, kept, keptState: info() };
      } finally {
        writeFileSync(conf, saved);
      }
    };
    const line = `lxc-copy: ${src}: ../src/lxc/lxccontainer.c: wait_on_daemonized_start: 878 Received container state "ABORTING" instead of "RUNNING"\n`;
    const mine = broken(stack.lxcpath, ours, () => stack.lxc('lxc-info', ['-n', name, '-sH']).stdout);
    expect(mine).toEqual({
      r: { code: 1, stdout: `Created ${name} as clone of ${src}\n`, stderr: '' }, goneAfter: true,
      logged: { code: 1, stdout: '', stderr: line }, kept: { code: 1, stdout: '', stderr: '' }, keptState: 'STOPPED\n',
    });
    expect(stack.lxc('lxc-destroy', ['-n', name]).code).toBe(0);
    expect(snapshots(stack.lxcpath)).toBe('');
    const lxcpath = realPath('lxc-copy -e -- on a clone that cannot start');
    if (!lxcpath) return;
    const info = () => spawnSync('lxc-info', ['-P', lxcpath, '-n', name, '-sH'], { encoding: 'utf8' }).stdout;
    const { logged, ...theirRun } = broken(lxcpath, (args) => theirs(lxcpath, args), info);
    const { logged: myLogged, ...myRun } = mine;
    expect(theirRun).toEqual(myRun);
    // LXC adds one or two lines of a race with its dying monitor after this one (seen to vary): not copied.
    expect({ ...logged, stderr: logged.stderr.slice(0, line.length) }).toEqual(myLogged);
    spawnSync('lxc-destroy', ['-P', lxcpath, '-n', name]);
  }, 120_000);
});
