/**
 * The rootless stack (issue 4 point 6): alice runs `lxcbus up` herself, with her own
 * nats-server and services under her XDG dirs, and her containers run without any root
 * process: maps through newuidmap/newgidmap, rootfs made in her user namespace, no cgroup
 * (nothing is delegated here), `lxc.net.0.type = empty` only. Plus lxc-usernsexec side by
 * side with LXC's. See docs/decisions/rootless.md.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser, removeUser, uniqueName, whyNoUsers, type TestUser } from '../support/test-users';
import { freePort } from '../support/nats-fixture';
import { describeSystem } from './support/stack-harness';
import { rangeOf, runAs, writeUserConfig } from './support/user-session';

function whyNoRootless(): string | null {
  const users = whyNoUsers();
  if (users) return users;
  for (const h of ['/usr/bin/newuidmap', '/usr/bin/newgidmap']) {
    if (!existsSync(h) || !(statSync(h).mode & 0o4000)) return `${h} is not installed setuid (Debian package uidmap)`;
  }
  if (Number(readFileSync('/proc/sys/user/max_user_namespaces', 'utf8')) === 0) return 'user namespaces are disabled (user.max_user_namespaces = 0)';
  return null;
}

const why = whyNoRootless();
const describeIf = why ? (name: string, body: () => void) => describe.skip(`${name} (skipped: ${why})`, body) : describeSystem;

/** The real LXC tool as the user, same clean environment as runAs. */
function realAs(user: TestUser, tool: string, args: string[]) {
  const r = spawnSync('runuser', ['-u', user.name, '--', 'env', '-i', 'PATH=/usr/bin:/bin', `HOME=${user.home}`, tool, ...args], { cwd: '/', encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const statusUid = (pid: number) => Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
/** Live processes of a uid (zombies are gone already: only their parent's wait is missing). */
const pidsOf = (uid: number) => spawnSync('ps', ['-u', String(uid), '-o', 'pid=,stat='], { encoding: 'utf8' }).stdout.split('\n')
  .map((l) => l.trim().split(/\s+/)).filter(([pid, stat]) => Number(pid) > 0 && !stat.startsWith('Z')).map(([pid]) => Number(pid));
const leftovers = (uid: number) => pidsOf(uid).map((pid) => spawnSync('ps', ['-o', 'pid=,stat=,args=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim()).filter(Boolean);

describeIf('a rootless stack run by an ordinary user', () => {
  let alice: TestUser;
  let uid: { start: number; count: number };
  let gid: { start: number; count: number };
  const c = `rl${process.pid % 100000}`;
  const lxcpath = () => join(alice.home, '.local/share/lxc');
  const statedir = () => join(alice.home, '.local/state/lxcbus');

  beforeAll(() => {
    alice = createUser(uniqueName('rlx'));
    uid = rangeOf('/etc/subuid', alice.name);
    gid = rangeOf('/etc/subgid', alice.name);
    // As with LXC: the container's root (not alice) must be able to walk to the rootfs.
    chmodSync(alice.home, 0o711);
    writeUserConfig(alice, ['lxc.net.0.type = empty', `lxc.idmap = u 0 ${uid.start} 65536`, `lxc.idmap = g 0 ${gid.start} 65536`]);
  });

  afterAll(() => {
    if (!alice) return;
    runAs(alice, 'lxcbus', ['down']);
    // Only what this test started: processes of its own user and her container's ids.
    for (const pid of [...pidsOf(alice.uid), ...pidsOf(uid.start)]) spawnSync('kill', ['-9', String(pid)]);
    removeUser(alice.name);
  }, 60_000);

  it('lxc-usernsexec maps her first ranges (and herself with -s) exactly as LXC does', () => {
    for (const args of [['--', 'cat', '/proc/self/uid_map', '/proc/self/gid_map'], ['-s', '--', 'sh', '-c', 'id -u; cat /proc/self/uid_map'], ['-m', 'b:0:1:1', '--', 'true']]) {
      const ours = runAs(alice, 'lxc-usernsexec', args);
      const real = realAs(alice, 'lxc-usernsexec', args);
      expect(ours.stdout).toBe(real.stdout);
      expect(ours.code).toBe(real.code);
    }
    const mapped = runAs(alice, 'lxc-usernsexec', ['-s', '--', 'cat', '/proc/self/uid_map']).stdout.trim().split('\n').map((l) => l.trim().split(/\s+/));
    expect(mapped).toEqual([['0', String(uid.start), String(uid.count)], [String(uid.count), String(alice.uid), '1']]);
    // Someone else's range: newuidmap refuses, nothing runs.
    const refused = runAs(alice, 'lxc-usernsexec', ['-m', 'b:0:1:1', '--', 'touch', join(alice.home, 'ran')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/newuidmap.*not allowed/);
    expect(existsSync(join(alice.home, 'ran'))).toBe(false);
  });

  it('lxcbus up as alice: her own nats-server and services, as her, in her XDG dirs', async () => {
    const port = await freePort();
    const up = runAs(alice, 'lxcbus', ['up', '-d', '--port', String(port)]);
    expect(up.code).toBe(0);
    expect(up.stdout).toContain(`lxcpath ${lxcpath()}`);
    const record = JSON.parse(readFileSync(join(statedir(), 'stack.json'), 'utf8')) as { nats: { pid: number }; services: Record<string, { pid: number }> };
    const pids = [record.nats.pid, ...Object.values(record.services).map((s) => s.pid)];
    expect(pids).toHaveLength(6);
    for (const pid of pids) expect(statusUid(pid)).toBe(alice.uid);
  }, 120_000);

  it('creates a busybox container: rootfs on her subordinate ids, made in her user namespace', () => {
    expect(runAs(alice, 'lxc-create', ['-t', 'busybox', '-n', c])).toMatchObject({ code: 0 });
    const st = (p: string) => statSync(join(lxcpath(), c, p));
    expect([st('.').uid, st('.').gid, st('.').mode & 0o777]).toEqual([uid.start, alice.gid, 0o770]);
    expect([st('config').uid, st('config').gid]).toEqual([alice.uid, alice.gid]);
    expect([st('rootfs').uid, st('rootfs/bin/busybox').uid, st('rootfs/bin/busybox').gid]).toEqual([uid.start, uid.start, gid.start]);
  }, 120_000);

  it('local: the image unpacked as her container\'s root keeps its owners (nobody lands on her range); download is refused', () => {
    const t = mkdtempSync(join(tmpdir(), 'lxcbus-rl-img-'));
    for (const d of ['fs/bin', 'fs/var/lib/nobody', 'meta']) mkdirSync(join(t, d), { recursive: true });
    copyFileSync('/bin/busybox', join(t, 'fs/bin/busybox'));
    chownSync(join(t, 'fs/var/lib/nobody'), 65534, 65534);
    writeFileSync(join(t, 'meta/config'), 'lxc.arch = x86_64\n');
    const fs = join(alice.home, 'fs.tar.xz');
    const meta = join(alice.home, 'meta.tar.xz');
    spawnSync('tar', ['--numeric-owner', '-C', join(t, 'fs'), '-cJf', fs, '.']);
    spawnSync('tar', ['-C', join(t, 'meta'), '-cJf', meta, '.']);
    for (const f of [fs, meta]) chownSync(f, alice.uid, alice.gid);
    rmSync(t, { recursive: true, force: true });
    expect(runAs(alice, 'lxc-create', ['-t', 'local', '-n', `${c}l`, '--', '-m', meta, '-f', fs]).code).toBe(0);
    const st = (p: string) => statSync(join(lxcpath(), `${c}l`, 'rootfs', p));
    expect([st('bin/busybox').uid, st('var/lib/nobody').uid, st('var/lib/nobody').gid]).toEqual([uid.start, uid.start + 65534, gid.start + 65534]);
    expect(runAs(alice, 'lxc-destroy', ['-n', `${c}l`]).code).toBe(0);
    expect(existsSync(join(lxcpath(), `${c}l`))).toBe(false);
    const dl = runAs(alice, 'lxc-create', ['-t', 'download', '-n', `${c}d`, '--', '-d', 'alpine', '-r', '3.20', '-a', 'amd64']);
    expect(dl.code).toBe(1);
    expect(dl.stderr).toContain('ROOTLESS_UNSUPPORTED');
    expect(existsSync(join(lxcpath(), `${c}d`))).toBe(false);
  }, 120_000);

  it('starts it with no root process: init on her subordinate uid, no cgroup; info, ls, attach', () => {
    expect(runAs(alice, 'lxc-start', ['-n', c])).toMatchObject({ code: 0, stderr: '' });
    expect(runAs(alice, 'lxc-info', ['-n', c, '-sH']).stdout.trim()).toBe('RUNNING');
    const pid = Number(runAs(alice, 'lxc-info', ['-n', c, '-pH']).stdout.trim());
    expect(statusUid(pid)).toBe(uid.start);
    expect(readFileSync(`/proc/${pid}/uid_map`, 'utf8').trim().split(/\s+/)).toEqual(['0', String(uid.start), '65536']);
    const shim = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    expect(statusUid(shim)).toBe(alice.uid);
    // Nothing was delegated: the container stays in alice's own cgroups (LXC skips them the same way).
    expect(readFileSync(`/proc/${pid}/cgroup`, 'utf8')).toBe(readFileSync(`/proc/${shim}/cgroup`, 'utf8'));
    expect(runAs(alice, 'lxc-ls', ['-f', '-F', 'NAME,STATE,UNPRIVILEGED']).stdout).toMatch(new RegExp(`^${c}\\s+RUNNING\\s+true`, 'm'));
    const a = runAs(alice, 'lxc-attach', ['-n', c, '--', '/bin/sh', '-c', 'id -u; cat /proc/self/uid_map']);
    expect(a.code).toBe(0);
    expect(a.stdout.split('\n')[0]).toBe('0');
    expect(a.stdout).toMatch(new RegExp(`^\\s*0\\s+${uid.start}\\s+65536`, 'm'));
    // Without a cgroup there is no freezer: refused, as LXC refuses it here.
    expect(runAs(alice, 'lxc-freeze', ['-n', c]).code).toBe(1);
  }, 120_000);

  it('refuses a veth (CAP_NET_ADMIN on the host) with ROOTLESS_UNSUPPORTED and a cgroup limit, before anything runs', () => {
    const conf = join(alice.home, 'veth.conf');
    writeFileSync(conf, `lxc.net.0.type = veth\nlxc.net.0.link = lxcbr0\nlxc.idmap = u 0 ${uid.start} 65536\nlxc.idmap = g 0 ${gid.start} 65536\n`);
    expect(runAs(alice, 'lxc-create', ['-t', 'busybox', '-n', `${c}v`, '-f', conf]).code).toBe(0);
    const v = runAs(alice, 'lxc-start', ['-n', `${c}v`]);
    expect(v.code).toBe(1);
    expect(v.stderr).toContain('ROOTLESS_UNSUPPORTED');
    expect(v.stderr).toContain('CAP_NET_ADMIN');
    expect(runAs(alice, 'lxc-info', ['-n', `${c}v`, '-sH']).stdout.trim()).toBe('STOPPED');
    writeFileSync(join(lxcpath(), `${c}v`, 'config'), `lxc.net.0.type = empty\nlxc.cgroup.memory.limit_in_bytes = 100M\nlxc.rootfs.path = dir:${join(lxcpath(), `${c}v`, 'rootfs')}\nlxc.idmap = u 0 ${uid.start} 65536\nlxc.idmap = g 0 ${gid.start} 65536\nlxc.init.cmd = /sbin/init\n`);
    const l = runAs(alice, 'lxc-start', ['-n', `${c}v`]);
    expect(l.code).toBe(1);
    expect(l.stderr).toMatch(/none is delegated/);
    expect(runAs(alice, 'lxc-destroy', ['-n', `${c}v`]).code).toBe(0);
    expect(existsSync(join(lxcpath(), `${c}v`))).toBe(false);
  }, 120_000);

  it('stops and destroys it; after lxcbus down nothing of hers is left running', () => {
    expect(runAs(alice, 'lxc-stop', ['-n', c]).code).toBe(0);
    expect(runAs(alice, 'lxc-info', ['-n', c, '-sH']).stdout.trim()).toBe('STOPPED');
    expect(runAs(alice, 'lxc-destroy', ['-n', c]).code).toBe(0);
    expect(existsSync(join(lxcpath(), c))).toBe(false);
    expect(runAs(alice, 'lxcbus', ['down']).code).toBe(0);
    expect(leftovers(alice.uid)).toEqual([]);
    expect(leftovers(uid.start)).toEqual([]);
  }, 120_000);
});
