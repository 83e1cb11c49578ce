/**
 * The embedded stack launcher (`lxcbus up|down|status`) in the foreground: the
 * compiled launcher runs a real nats-server and state-reporter in temp dirs on a
 * free port. Needs `npm run build:ts` (scripts/test.sh builds first); skips otherwise.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/nats-fixture';
import {
  SKIP, run, until, alive, stackArgs, startStack, record, STACK_JS, type Launched, type StackDirs,
} from '../support/stack-launch';

if (SKIP) console.warn(`stack launcher tests skipped: ${SKIP}`);
const describeStack = SKIP ? describe.skip : describe;

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
    const creds = join(a.statedir, 'auth', 'services.creds');
    expect(stackA.out.join('')).toBe(`lxcbus ready: ${url} host ${a.host} lxcpath ${lxcpath} ` +
      `(from another shell: export LXCBUS_NATS_URL=${url} LXCBUS_HOST=${a.host} LXCBUS_LXCPATH=${lxcpath} LXCBUS_CREDS=${creds})\n`);
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
