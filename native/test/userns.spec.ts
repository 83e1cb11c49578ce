/**
 * Root kernel tests of the user-namespace steps: a busybox rootfs shifted to host 100000+,
 * started with lxc.idmap-style maps. Init runs as host uid 100000, sees `0 100000 65536`,
 * owns its cgroup, gets /dev from host binds, and cannot write a root-owned host file bound in.
 */
import { chmodSync, lchownSync, lstatSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { NativeError, ShimClient, startContainer, type ContainerSpec, type ExecOptions, type IdMapSpec } from '../lib';
import { Harness, cgroupDirs, collect, skipReason } from './harness';

const reason = skipReason();
if (reason) console.warn(`native/test/userns.spec.ts skipped: ${reason}`);
const d = reason ? describe.skip : describe;

const MAPS: IdMapSpec[] = [
  { kind: 'u', nsid: 0, hostid: 100000, range: 65536 },
  { kind: 'g', nsid: 0, hostid: 100000, range: 65536 },
];

/** What the image-fetcher does for an unprivileged target, enough for a test rootfs. */
function shift(dir: string, by: number): void {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    const st = lstatSync(p);
    lchownSync(p, st.uid + by, st.gid + by);
    if (st.isDirectory()) shift(p, by);
  }
}

async function run(client: ShimClient, opts: ExecOptions) {
  const s = client.exec(opts);
  const out = collect(s.stdout);
  const err = collect(s.stderr);
  s.stdin.end();
  const exit = await s.exit;
  return { exit, stdout: (await out).toString(), stderr: (await err).toString() };
}

function hostUid(pid: number): string {
  return /^Uid:\s+(.*)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '';
}

d('user namespace (root)', () => {
  jest.setTimeout(30_000);
  let h: Harness;
  let spec: ContainerSpec;
  let client: ShimClient;
  let initPid: number;
  let hostFile: string;

  beforeAll(async () => {
    h = new Harness();
    // The mapped root must be able to walk to its rootfs, as under LXC.
    chmodSync(h.dir, 0o755);
    shift(h.rootfs, 100000);
    lchownSync(h.rootfs, 100000, 100000);
    hostFile = join(h.dir, 'host-owned');
    writeFileSync(hostFile, 'root\n', { mode: 0o644 });
    spec = h.spec({
      idmaps: MAPS,
      idmapWriter: 'direct',
      ttyMax: 1,
      mountEntries: [{ source: hostFile, target: 'host-owned', fstype: 'none', options: ['bind', 'create=file'] }],
    });
    ({ initPid } = await startContainer(spec));
    client = ShimClient.forRunDir(spec.runDir);
  });
  afterAll(async () => h && (await h.cleanup()));

  it('runs init as host uid 100000 with the map written', async () => {
    expect(hostUid(initPid).split(/\s+/)).toEqual(['100000', '100000', '100000', '100000']);
    expect(readFileSync(`/proc/${initPid}/uid_map`, 'utf8').trim().split(/\s+/)).toEqual(['0', '100000', '65536']);
    expect(readFileSync(`/proc/${initPid}/gid_map`, 'utf8').trim().split(/\s+/)).toEqual(['0', '100000', '65536']);
    const r = await run(client, { argv: ['sh', '-c', 'id -u; cat /proc/self/uid_map'] });
    expect(r.stdout.split('\n')[0]).toBe('0');
    expect(r.stdout).toMatch(/^\s*0\s+100000\s+65536/m);
  });

  it('has /proc, /sys and usable /dev nodes (bound from the host), and owns its cgroup', async () => {
    const r = await run(client, { argv: ['sh', '-c', 'echo x > /dev/null && head -c 4 /dev/urandom | wc -c && grep -c " /sys sysfs" /proc/mounts'] });
    expect(r.exit.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual(['4', '1']);
    const dirs = cgroupDirs(spec);
    expect(dirs.length).toBeGreaterThan(0);
    for (const dir of dirs) {
      expect(statSync(dir).uid).toBe(100000);
      expect(statSync(join(dir, 'cgroup.procs')).uid).toBe(100000);
    }
  });

  it('cannot write a root-owned host file bound into the container', async () => {
    const r = await run(client, { argv: ['sh', '-c', 'echo pwned > /host-owned'] });
    expect(r.exit.code).not.toBe(0);
    expect(r.stderr).toMatch(/Permission denied|Read-only/);
    expect(readFileSync(hostFile, 'utf8')).toBe('root\n');
  });

  it('refuses a map the helper does not allow, with its message', async () => {
    const bad = h.spec({ idmaps: [{ kind: 'u', nsid: 0, hostid: 3_000_000_000, range: 10 }], idmapWriter: 'auto' });
    const err = await startContainer(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NativeError);
    expect((err as NativeError).message).toMatch(/uid_map|newuidmap/);
  });

  it('lxc-execute on a terminal: the command owns the console (a tty the mapped root may take)', async () => {
    const x = h.spec({
      idmaps: MAPS, idmapWriter: 'direct', initReaper: true, initStdio: true,
      // Field 7 of stat is the controlling tty: 0 when TIOCSCTTY failed.
      init: ['sh', '-c', 'tty; stty size; set -- $(cat /proc/self/stat); [ "$7" != 0 ] && echo ctty; exit 3'],
      initTty: { stdin: true, stdout: true, stderr: true, rows: 33, cols: 90 },
    });
    await startContainer(x);
    const s = ShimClient.forRunDir(x.runDir).stdio();
    const out = collect(s.stdout);
    expect(await s.exit).toMatchObject({ code: 3 });
    expect((await out).toString()).toBe('/dev/console\r\n33 90\r\nctty\r\n');
  });
});
