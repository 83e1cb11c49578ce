/**
 * `lxcbus up -d` (detached) and `--default-config`, with the compiled launcher,
 * a real nats-server and state-reporter in temp dirs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SKIP, run, alive, stackArgs, record, processesMentioning, environOf, portFree, STACK_JS, } from '../support/stack-launch';

if (SKIP) console.warn(`stack launcher tests skipped: ${SKIP}`);
const describeStack = SKIP ? describe.skip : describe;

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

  it('up -d returns once ready, status answers, down stops everything (and --no-auth runs without credentials)', async () => {
    const d = await stackArgs(root, 'd');
    const conf = join(root, 'default.conf');
    writeFileSync(conf, 'lxc.net.0.type = empty\n');
    const up = await run('Up', [...d.args, '-d', '--default-config', conf, '--no-auth']);
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
    expect(environOf(rec.services['state-reporter'].pid).some((kv) => kv.startsWith('LXCBUS_CREDS='))).toBe(false);
    expect(readFileSync(join(d.statedir, 'nats-server.conf'), 'utf8')).not.toContain('include');

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
