/**
 * Root kernel tests: real containers from a busybox rootfs. Skipped with a printed reason when
 * not root or when the native build is missing.
 */
import { randomBytes } from 'crypto';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { NativeError, ShimClient, startContainer, type ContainerSpec, type ExecOptions } from '../lib';
import { Harness, cgroupDirs, collect, skipReason } from './harness';

const reason = skipReason();
if (reason) console.warn(`native/test/container.spec.ts skipped: ${reason}`);
const d = reason ? describe.skip : describe;

async function run(client: ShimClient, opts: ExecOptions, input?: Buffer) {
  const s = client.exec(opts);
  const out = collect(s.stdout);
  const err = collect(s.stderr);
  if (input) s.stdin.end(input);
  else s.stdin.end();
  const exit = await s.exit;
  return { exit, stdout: (await out).toString(), stderr: (await err).toString(), raw: await out };
}

d('container lifecycle (root)', () => {
  jest.setTimeout(30_000);
  let h: Harness;
  let spec: ContainerSpec;
  let client: ShimClient;
  let initPid: number;

  beforeAll(async () => {
    h = new Harness();
    spec = h.spec();
    ({ initPid } = await startContainer(spec));
    client = ShimClient.forRunDir(spec.runDir);
  });
  afterAll(async () => h && (await h.cleanup()));

  it('reports RUNNING with the init pid and writes pid files', async () => {
    const st = await client.state();
    expect(st).toMatchObject({ state: 'RUNNING', initPid });
    expect(Number(readFileSync(join(spec.runDir, 'init.pid'), 'utf8'))).toBe(initPid);
    expect(readFileSync(`/proc/${st.shimPid}/cmdline`, 'utf8')).toMatch(`[lxcbus shim] ${spec.lxcpath} ${spec.name}`);
  });

  it('runs exec with separate stdout, stderr and the exit code', async () => {
    const r = await run(client, { argv: ['sh', '-c', 'echo out; echo err >&2; exit 7'] });
    expect(r).toMatchObject({ stdout: 'out\n', stderr: 'err\n', exit: { code: 7, signal: 0 } });
  });

  it('sets the hostname and shows the init as pid 1 and only container processes', async () => {
    expect((await run(client, { argv: ['hostname'] })).stdout).toBe(`${spec.hostname}\n`);
    expect((await run(client, { argv: ['cat', '/proc/1/cmdline'] })).stdout).toBe('sleep\0' + '1000\0');
    const ps = (await run(client, { argv: ['ps', '-o', 'pid,comm'] })).stdout.trim().split('\n').slice(1);
    const pids = ps.map((l) => Number(l.trim().split(/\s+/)[0]));
    expect(pids).toContain(1);
    expect(Math.max(...pids)).toBeLessThan(100);
    expect(ps.some((l) => l.includes('sleep'))).toBe(true);
  });

  it('puts init in the container cgroup', () => {
    const cg = readFileSync(`/proc/${initPid}/cgroup`, 'utf8');
    expect(cg).toContain(`/lxcbus/${spec.cgroupName}`);
    for (const dir of cgroupDirs(spec)) expect(readFileSync(join(dir, 'cgroup.procs'), 'utf8')).toContain(String(initPid));
  });

  it('passes the environment with container=lxc to init', () => {
    const env = readFileSync(`/proc/${initPid}/environ`, 'utf8').split('\0');
    expect(env).toEqual(expect.arrayContaining(['container=lxc', 'PATH=/bin']));
  });

  it('maps exec failures to 127 with a message', async () => {
    const r = await run(client, { argv: ['/does/not/exist'] });
    expect(r.exit.code).toBe(127);
    expect(r.exit.message).toContain('ENOENT');
  });

  it('gives a pty exec a controlling tty that follows resize', async () => {
    const s = client.exec({ argv: ['sh', '-c', 'tty; read x; stty size'], tty: true, rows: 30, cols: 100 });
    let text = '';
    s.stdout.on('data', (d: Buffer) => (text += d.toString()));
    await s.started;
    while (!text.includes('\n')) await new Promise((r) => setTimeout(r, 10));
    s.resize(40, 120);
    s.stdin.write('go\n');
    const exit = await s.exit;
    expect(exit.code).toBe(0);
    expect(text).toMatch(/^\/dev\/pts\/\d+\r\n/);
    expect(text).toContain('40 120');
  });

  it('carries 1 MB of random bytes through cat byte-exact', async () => {
    const data = randomBytes(1024 * 1024);
    const r = await run(client, { argv: ['cat'] }, data);
    expect(r.exit.code).toBe(0);
    expect(r.raw.equals(data)).toBe(true);
  });

  it('runs concurrent exec sessions', async () => {
    const rs = await Promise.all([1, 2, 3, 4].map((i) => run(client, { argv: ['sh', '-c', `sleep 0.2; echo ${i}`] })));
    expect(rs.map((r) => r.stdout)).toEqual(['1\n', '2\n', '3\n', '4\n']);
  });

  it('stop: an ignored halt signal is followed by SIGKILL after the timeout; exit recorded, cgroup removed', async () => {
    const watch = client.watch();
    const t0 = Date.now();
    await client.stop('SIGUSR1', 500);
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(450);
    await expect(watch).resolves.toEqual({ code: 0, signal: 9 });
    const rec = readFileSync(join(spec.runDir, 'exit'), 'utf8');
    expect(rec).toContain('signal\t9');
    for (const dir of cgroupDirs(spec)) expect(existsSync(dir)).toBe(false);
    expect(existsSync(join(spec.runDir, 'shim.sock'))).toBe(false);
    await expect(client.state()).rejects.toMatchObject({ name: 'ShimNotRunningError' });
  });
});

d('start failures (root)', () => {
  let h: Harness;
  beforeAll(() => (h = new Harness()));
  afterAll(async () => h && (await h.cleanup()));

  it('rejects with ENOENT and the op chain when init does not exist, leaving no cgroup', async () => {
    const spec = h.spec({ init: ['/sbin/nope'] });
    const err = await startContainer(spec).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NativeError);
    expect(err).toMatchObject({ code: 'ENOENT', syscall: 'execve', path: '/sbin/nope' });
    expect((err as NativeError).op).toContain('exec init');
    for (const dir of cgroupDirs(spec)) expect(existsSync(dir)).toBe(false);
  });

  it('rejects a missing mount source with the mount target in the chain', async () => {
    const spec = h.spec({ mountEntries: [{ source: '/nonexistent-src', target: 'mnt', fstype: 'none', options: ['bind', 'create=dir'] }] });
    await expect(startContainer(spec)).rejects.toMatchObject({ code: 'ENOENT', syscall: 'mount' });
  });

  it('accepts optional mount entries that fail, and binds ro entries', async () => {
    writeFileSync(join(h.dir, 'shared.txt'), 'shared\n');
    const spec = h.spec({
      mountEntries: [
        { source: '/nonexistent-src', target: 'opt1', fstype: 'none', options: ['bind', 'optional', 'create=dir'] },
        { source: join(h.dir, 'shared.txt'), target: '/etc/shared.txt', fstype: 'none', options: ['bind', 'ro', 'create=file'] },
      ],
    });
    await startContainer(spec);
    const client = ShimClient.forRunDir(spec.runDir);
    const r = await run(client, { argv: ['sh', '-c', 'cat /etc/shared.txt; echo x > /etc/shared.txt'] });
    expect(r.stdout).toBe('shared\n');
    expect(r.stderr).toMatch(/Read-only/);
    await client.stop(9, 1000);
  });
});
