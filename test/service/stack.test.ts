/**
 * The embedded stack launcher (`lxcbus up|down|status`) end to end: the
 * compiled launcher runs a real nats-server and state-reporter in temp dirs
 * on a free port, in the foreground and with `up -d`. Needs `npm run build:ts` (scripts/test.sh builds first) and
 * the nats-server binary; skips with the reason otherwise.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../support/nats-fixture';

const REPO = resolve(__dirname, '../..');
const STACK_JS = join(REPO, 'dist/libs/stack/src/index.js');
const SERVICE_JS = join(REPO, 'dist/services/state-reporter/src/main.js');
const NATS_BIN = process.env.NATS_SERVER_BIN || (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server');

function skipReason(): string | null {
  const missing = [STACK_JS, SERVICE_JS].filter((p) => !existsSync(p));
  if (missing.length > 0) return `not built: ${missing.join(', ')} (run npm run build:ts; scripts/test.sh does)`;
  if (spawnSync(NATS_BIN, ['--version']).error) return `${NATS_BIN} not found (apt-get install nats-server)`;
  return null;
}
const SKIP = skipReason();
if (SKIP) console.warn(`test/service/stack.test.ts skipped: ${SKIP}`);
const describeStack = SKIP ? describe.skip : describe;

type Verb = 'Up' | 'Down' | 'Status';
interface Launched {
  proc: ChildProcess;
  out: string[];
  err: string[];
  exited: Promise<number | null>;
}

function launch(verb: Verb, args: string[]): Launched {
  const script = `require(${JSON.stringify(STACK_JS)}).runStack${verb}(process.argv.slice(1)).then((c) => process.exit(c))`;
  const proc = spawn(process.execPath, ['-e', script, '--', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const l: Launched = { proc, out: [], err: [], exited: new Promise((r) => proc.once('exit', (code) => r(code))) };
  proc.stdout?.on('data', (d: Buffer) => l.out.push(d.toString()));
  proc.stderr?.on('data', (d: Buffer) => l.err.push(d.toString()));
  return l;
}

async function run(verb: Verb, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const l = launch(verb, args);
  const code = await l.exited;
  return { code, stdout: l.out.join(''), stderr: l.err.join('') };
}

async function until<T>(what: string, fn: () => T | null | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').match(/\) Z /);
  } catch {
    return false;
  }
}

interface StackDirs { statedir: string; args: string[]; port: number; host: string }

async function stackArgs(root: string, name: string): Promise<StackDirs> {
  const port = await freePort();
  const host = `st${process.pid}${name}`;
  const d = (x: string) => join(root, name, x);
  return {
    statedir: d('state'), port, host,
    args: ['--port', String(port), '--host', host, '--lxcpath', d('lxc'), '--rundir', d('run'), '--statedir', d('state'),
      '--cachedir', d('cache'), '--services', 'state-reporter', '--log-level', 'warn'],
  };
}

async function startStack(s: StackDirs): Promise<Launched> {
  const l = launch('Up', s.args);
  const died = l.exited.then((c) => Promise.reject(new Error(`launcher exited ${c}: ${l.err.join('')}`)));
  await Promise.race([until('the ready line', () => l.out.join('').includes('\n'), 60_000), died]);
  return l;
}

const record = (statedir: string) => JSON.parse(readFileSync(join(statedir, 'stack.json'), 'utf8'));

describeStack('lxcbus up/down/status', () => {
  let root: string;
  let a: StackDirs;
  let stackA: Launched;
  const everyPid = new Set<number>();

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'lxcbus-stack-'));
    a = await stackArgs(root, 'a');
    stackA = await startStack(a);
  }, 90_000);

  afterAll(async () => {
    for (const pid of everyPid) if (alive(pid)) process.kill(pid, 'SIGKILL');
    if (stackA?.proc.exitCode === null) stackA.proc.kill('SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('prints one ready line naming the url, host and lxcpath, and records its processes', () => {
    const url = `nats://127.0.0.1:${a.port}`;
    const lxcpath = join(root, 'a', 'lxc');
    expect(stackA.out.join('')).toBe(`lxcbus ready: ${url} host ${a.host} lxcpath ${lxcpath} ` +
      `(from another shell: export LXCBUS_NATS_URL=${url} LXCBUS_HOST=${a.host} LXCBUS_LXCPATH=${lxcpath})\n`);
    const rec = record(a.statedir);
    expect(rec).toMatchObject({ launcherPid: stackA.proc.pid, natsUrl: url, host: a.host, port: a.port });
    expect(readFileSync(join(a.statedir, 'lxcbus.pid'), 'utf8').trim()).toBe(String(stackA.proc.pid));
    expect(Object.keys(rec.services)).toEqual(['state-reporter']);
    for (const pid of [rec.nats.pid, rec.services['state-reporter'].pid]) expect(alive(pid)).toBe(true);
    expect(readFileSync(join(a.statedir, 'nats-server.conf'), 'utf8')).toContain(`listen: "127.0.0.1:${a.port}"`);
  });

  it('status prints each service\'s ping answer and exits 0', async () => {
    const r = await run('Status', ['--statedir', a.statedir]);
    expect(r.code).toBe(0);
    const pid = record(a.statedir).services['state-reporter'].pid;
    expect(r.stdout).toMatch(new RegExp(`^state-reporter\\s+up\\s+pid ${pid} uptime \\d+s$`, 'm'));
    expect(r.stdout).toMatch(/^nats-server\s+up\s+pid \d+$/m);
  });

  it('refuses a second stack on the same state dir, leaving the first alone', async () => {
    const other = await freePort();
    const r = await run('Up', a.args.map((x) => (x === String(a.port) ? String(other) : x)));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`a stack is already running on state dir ${a.statedir} (pid ${stackA.proc.pid})`);
    expect(record(a.statedir).launcherPid).toBe(stackA.proc.pid);
  });

  it('refuses a port in use', async () => {
    const b = await stackArgs(root, 'busyport');
    const args = b.args.map((x) => (x === String(b.port) ? String(a.port) : x));
    const r = await run('Up', args);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`port ${a.port} on 127.0.0.1 is in use`);
  });

  it('runs side by side with a second stack, which down stops', async () => {
    const b = await stackArgs(root, 'b');
    const stackB = await startStack(b);
    const recB = record(b.statedir);
    const pidsB = [stackB.proc.pid as number, recB.nats.pid, recB.services['state-reporter'].pid];
    pidsB.forEach((p) => everyPid.add(p));
    expect((await run('Status', ['--statedir', b.statedir])).stdout).toContain(`host ${b.host}`);
    expect((await run('Status', ['--statedir', a.statedir])).code).toBe(0);

    const down = await run('Down', ['--statedir', b.statedir]);
    expect(down.code).toBe(0);
    expect(await stackB.exited).toBe(0);
    await until('stack b processes to exit', () => pidsB.every((p) => !alive(p)), 5_000);
    const after = await run('Status', ['--statedir', b.statedir]);
    expect(after.code).toBe(3);
    expect(after.stdout).toContain('down (no stack running');
  }, 90_000);

  it('down stops the children of a launcher that was SIGKILLed', async () => {
    const c = await stackArgs(root, 'c');
    const stackC = await startStack(c);
    const rec = record(c.statedir);
    const children = [rec.nats.pid, rec.services['state-reporter'].pid];
    children.forEach((p) => everyPid.add(p));
    stackC.proc.kill('SIGKILL');
    await stackC.exited;
    expect(children.every(alive)).toBe(true);

    const down = await run('Down', ['--statedir', c.statedir]);
    expect(down.code).toBe(0);
    expect(down.stderr).toContain('the launcher was gone; stopped its leftovers: state-reporter');
    expect(children.some(alive)).toBe(false);
    expect(existsSync(join(c.statedir, 'lxcbus.pid'))).toBe(false);
  }, 90_000);

  it('restarts a killed service', async () => {
    const before = record(a.statedir).services['state-reporter'].pid as number;
    everyPid.add(before);
    process.kill(before, 'SIGKILL');
    const next = await until('a new state-reporter pid', () => {
      const s = record(a.statedir).services['state-reporter'];
      return s.pid && s.pid !== before && s.restarts === 1 ? (s.pid as number) : null;
    });
    everyPid.add(next);
    await until('state-reporter to answer again', () => {
      const r = spawnSync(process.execPath, ['-e',
        `require(${JSON.stringify(STACK_JS)}).runStackStatus(['--statedir', ${JSON.stringify(a.statedir)}]).then((c) => process.exit(c))`]);
      return r.status === 0 && r.stdout.toString().includes(`pid ${next} `);
    }, 30_000);
    expect(stackA.err.join('')).toMatch(/state-reporter killed by SIGKILL after \d+s; restarting in 0\.5s/);
  }, 60_000);

  it('stops cleanly on SIGTERM, leaving no processes, pid file or open port', async () => {
    const rec = record(a.statedir);
    const pids = [stackA.proc.pid as number, rec.nats.pid, rec.services['state-reporter'].pid];
    pids.forEach((p) => everyPid.add(p));
    stackA.proc.kill('SIGTERM');
    expect(await stackA.exited).toBe(0);
    for (const pid of everyPid) expect(alive(pid)).toBe(false);
    expect(existsSync(join(a.statedir, 'lxcbus.pid'))).toBe(false);
    expect(existsSync(join(a.statedir, 'stack.json'))).toBe(false);
    await new Promise<void>((ok, fail) => {
      const srv = createServer().once('error', fail);
      srv.listen(a.port, '127.0.0.1', () => srv.close(() => ok()));
    });
  }, 60_000);
});

/** Pids of live processes whose command line mentions `text` (a test's temp dir). */
function processesMentioning(text: string): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    try {
      return pid !== process.pid && alive(pid) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
    } catch {
      return false;
    }
  });
}

function environOf(pid: number): string[] {
  return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
}

async function portFree(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const srv = createServer().once('error', () => ok(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => ok(true)));
  });
}

describeStack('lxcbus up -d and --default-config', () => {
  let root: string;
  const everyPid = new Set<number>();

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'lxcbus-stackd-'));
  });

  afterAll(async () => {
    for (const pid of [...everyPid, ...processesMentioning(root)]) if (alive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  it('up -d returns once ready, status answers, down stops everything', async () => {
    const d = await stackArgs(root, 'd');
    const conf = join(root, 'default.conf');
    writeFileSync(conf, 'lxc.net.0.type = empty\n');
    const up = await run('Up', [...d.args, '-d', '--default-config', conf]);
    expect(up.code).toBe(0);
    const url = `nats://127.0.0.1:${d.port}`;
    const lxcpath = join(root, 'd', 'lxc');
    expect(up.stdout).toBe(`lxcbus ready: ${url} host ${d.host} lxcpath ${lxcpath} ` +
      `(from another shell: export LXCBUS_NATS_URL=${url} LXCBUS_HOST=${d.host} LXCBUS_LXCPATH=${lxcpath})\n`);
    const log = join(d.statedir, 'logs', 'stack.log');
    expect(up.stderr).toContain(`running in the background`);
    expect(up.stderr).toContain(`stop with: lxcbus down --statedir ${d.statedir}`);

    const rec = record(d.statedir);
    const pids: number[] = [rec.launcherPid, rec.nats.pid, rec.services['state-reporter'].pid];
    pids.forEach((p) => everyPid.add(p));
    expect(rec.readyAt).not.toBeNull();
    for (const pid of pids) expect(alive(pid)).toBe(true);
    // Its own session, so the terminal's signals never reach it.
    expect(readFileSync(`/proc/${rec.launcherPid}/stat`, 'utf8').split(') ')[1].split(' ')[3]).toBe(String(rec.launcherPid));
    expect(readFileSync(log, 'utf8')).toContain(up.stdout);
    expect(environOf(rec.services['state-reporter'].pid)).toContain(`LXCBUS_DEFAULT_CONFIG=${conf}`);

    const status = await run('Status', ['--statedir', d.statedir]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`^stack\\s+up\\s+pid ${rec.launcherPid} `, 'm'));

    // A second up -d on the same state dir: the background launcher refuses, and the parent shows why.
    const again = await run('Up', [...d.args, '--detach']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('the background launcher exited with status 1 before the stack was ready');
    expect(again.stderr).toContain(`a stack is already running on state dir ${d.statedir} (pid ${rec.launcherPid})`);
    expect(record(d.statedir).launcherPid).toBe(rec.launcherPid);

    const down = await run('Down', ['--statedir', d.statedir]);
    expect(down.code).toBe(0);
    expect(down.stderr).toContain(`stack on ${d.statedir} stopped`);
    for (const pid of pids) expect(alive(pid)).toBe(false);
    expect(processesMentioning(join(root, 'd'))).toEqual([]);
    expect(existsSync(join(d.statedir, 'lxcbus.pid'))).toBe(false);
    expect(existsSync(join(d.statedir, 'stack.json'))).toBe(false);
    expect(await portFree(d.port)).toBe(true);
    expect((await run('Status', ['--statedir', d.statedir])).code).toBe(3);
  }, 120_000);

  it('up -d reports a launcher that dies during startup, with its log', async () => {
    const e = await stackArgs(root, 'e');
    const blocker = createServer();
    await new Promise<void>((ok) => blocker.listen(e.port, '127.0.0.1', () => ok()));
    try {
      const up = await run('Up', [...e.args, '-d']);
      expect(up.code).toBe(1);
      expect(up.stdout).toBe('');
      expect(up.stderr).toContain(`last lines of ${join(e.statedir, 'logs', 'stack.log')}`);
      expect(up.stderr).toContain(`port ${e.port} on 127.0.0.1 is in use`);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
    expect(processesMentioning(join(root, 'e'))).toEqual([]);
  }, 60_000);

  it.each([[[] as string[]], [['-d']]])('refuses a missing --default-config file %j before starting anything', async (extra) => {
    const f = await stackArgs(root, `f${extra.length}`);
    const missing = join(root, 'no-such.conf');
    const r = await run('Up', [...f.args, ...extra, '--default-config', missing]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`lxcbus: --default-config ${missing}: no such file\n`);
    expect(r.stdout).toBe('');
    expect(existsSync(f.statedir)).toBe(false);
  });

  it('makes a relative --default-config absolute for the services', async () => {
    const g = await stackArgs(root, 'g');
    writeFileSync(join(root, 'rel.conf'), 'lxc.net.0.type = empty\n');
    const script = `require(${JSON.stringify(STACK_JS)}).runStackUp(process.argv.slice(1)).then((c) => process.exit(c))`;
    const r = spawnSync(process.execPath, ['-e', script, '--', ...g.args, '-d', '--default-config', 'rel.conf'], { cwd: root, timeout: 100_000 });
    try {
      expect(r.status).toBe(0);
      const rec = record(g.statedir);
      [rec.launcherPid, rec.nats.pid, rec.services['state-reporter'].pid].forEach((p: number) => everyPid.add(p));
      expect(environOf(rec.services['state-reporter'].pid)).toContain(`LXCBUS_DEFAULT_CONFIG=${join(root, 'rel.conf')}`);
    } finally {
      expect((await run('Down', ['--statedir', g.statedir])).code).toBe(0);
    }
    expect(processesMentioning(join(root, 'g'))).toEqual([]);
  }, 120_000);
});
