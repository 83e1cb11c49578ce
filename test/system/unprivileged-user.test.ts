/**
 * An ordinary user's containers (issue 4, point 2): alice, with ranges in /etc/subuid and
 * /etc/subgid and the seed's ~/.config/lxc/default.conf (net empty plus two legacy
 * lxc.id_map lines), runs the lxc-* tools herself. The root-run executor acts for her: her
 * containers live under ~/.local/share/lxc, their rootfs is owned by her subordinate ids,
 * their init runs in a user namespace mapped to her ranges only; maps outside them, or no
 * maps at all, are refused.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createUser, removeUser, uniqueName, whyNoUsers, type TestUser } from '../support/test-users';
import { dropRootRange, ensureRootRange } from './support/root-range';
import { describeSystemUnless, startStack, type Stack } from './support/stack-harness';
import { rangeOf, runAs, writeUserConfig } from './support/user-session';
import { writeEmptyNetDefaultConfig } from './support/bus-helpers';


const noUsers = whyNoUsers();
const describeIf = describeSystemUnless(noUsers);

describeIf("an ordinary user's unprivileged containers", () => {
  let stack: Stack;
  let dir: string;
  let alice: TestUser;
  let addedRoot: string[] = [];
  let uid: { start: number; count: number };
  let gid: { start: number; count: number };
  const c = `alc${process.pid % 100000}`;

  beforeAll(async () => {
    // Root's own range first, so useradd hands alice the next one (SUB_UID_MIN is 100000).
    addedRoot = ensureRootRange();
    dir = mkdtempSync(join(tmpdir(), 'lxcbus-unpriv-user-'));
    stack = await startStack({ defaultConfig: writeEmptyNetDefaultConfig(dir) });
    alice = createUser(uniqueName('alice'));
    expect(stack.lxc('lxcbus', ['user', 'add', alice.name, '--statedir', stack.stateDir]).code).toBe(0);
    uid = rangeOf('/etc/subuid', alice.name);
    gid = rangeOf('/etc/subgid', alice.name);
    // As with LXC: the container's root must be able to walk into ~/.local/share/lxc.
    chmodSync(alice.home, 0o711);
    writeUserConfig(alice, ['lxc.net.0.type = empty', `lxc.id_map = u 0 ${uid.start} 65536`, `lxc.id_map = g 0 ${gid.start} 65536`]);
  }, 120_000);

  afterAll(async () => {
    if (alice) for (const verb of ['lxc-stop', 'lxc-destroy']) runAs(alice, verb, ['-n', c, ...(verb === 'lxc-stop' ? ['-k'] : ['-f'])]);
    await stack?.stop();
    if (alice) removeUser(alice.name);
    dropRootRange(addedRoot);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('creates under ~/.local/share/lxc with the rootfs owned by her subordinate ids', () => {
    const r = runAs(alice, 'lxc-create', ['-t', 'busybox', '-n', c]);
    expect(r.code).toBe(0);
    const cdir = join(alice.home, '.local/share/lxc', c);
    const st = (p: string) => statSync(join(cdir, p));
    // LXC's chown_mapped_root: the dir is the mapped root's with her group, the config hers.
    expect([st('.').uid, st('.').gid, st('.').mode & 0o777]).toEqual([uid.start, alice.gid, 0o770]);
    expect([st('config').uid, st('config').gid]).toEqual([alice.uid, alice.gid]);
    expect([st('rootfs').uid, st('rootfs/bin/busybox').uid, st('rootfs/bin/busybox').gid]).toEqual([uid.start, uid.start, gid.start]);
    expect(statSync(join(alice.home, '.local/share/lxc')).uid).toBe(alice.uid);
  });

  it('starts it in a user namespace mapped to her ranges only; info, ls and attach work', () => {
    expect(runAs(alice, 'lxc-start', ['-n', c, '-d'])).toMatchObject({ code: 0, stderr: '' });
    expect(runAs(alice, 'lxc-info', ['-n', c, '-sH']).stdout.trim()).toBe('RUNNING');
    const pid = Number(runAs(alice, 'lxc-info', ['-n', c, '-pH']).stdout.trim());
    expect(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]).toBe(String(uid.start));
    expect(readFileSync(`/proc/${pid}/uid_map`, 'utf8').trim().split(/\s+/)).toEqual(['0', String(uid.start), '65536']);
    expect(readFileSync(`/proc/${pid}/gid_map`, 'utf8').trim().split(/\s+/)).toEqual(['0', String(gid.start), '65536']);
    // Her containers' cgroups sit in her own subtree, handed to her mapped root as LXC does.
    const cgroups = readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n').filter((l) => l.includes('/lxcbus/'));
    expect(cgroups.length).toBeGreaterThan(0);
    for (const l of cgroups) expect(l).toMatch(new RegExp(`/lxcbus/${alice.name}/${c}\\.[0-9a-f]{6}$`));
    const memory = cgroups.find((l) => /:memory:/.test(l));
    if (memory) expect(statSync(`/sys/fs/cgroup/memory${memory.split(':')[2]}`).uid).toBe(uid.start);
    expect(runAs(alice, 'lxc-ls', ['-f', '-F', 'NAME,STATE,UNPRIVILEGED']).stdout).toMatch(new RegExp(`^${c}\\s+RUNNING\\s+true`, 'm'));
    const a = runAs(alice, 'lxc-attach', ['-n', c, '--', '/bin/sh', '-c', 'id -u; cat /proc/self/uid_map']);
    expect(a.code).toBe(0);
    expect(a.stdout.split('\n')[0]).toBe('0');
    expect(a.stdout).toMatch(new RegExp(`^\\s*0\\s+${uid.start}\\s+65536`, 'm'));
  });

  it('stops and destroys it', () => {
    expect(runAs(alice, 'lxc-stop', ['-n', c]).code).toBe(0);
    expect(runAs(alice, 'lxc-info', ['-n', c, '-sH']).stdout.trim()).toBe('STOPPED');
    expect(runAs(alice, 'lxc-destroy', ['-n', c]).code).toBe(0);
    expect(existsSync(join(alice.home, '.local/share/lxc', c))).toBe(false);
  });

  it("refuses root's range to her, naming /etc/subuid and the range, and creates nothing", () => {
    writeUserConfig(alice, ['lxc.net.0.type = empty', 'lxc.idmap = u 0 100000 65536', `lxc.idmap = g 0 ${gid.start} 65536`]);
    const r = runAs(alice, 'lxc-create', ['-t', 'busybox', '-n', `${c}x`]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`not delegated to ${alice.name} in /etc/subuid`);
    expect(r.stderr).toContain('100000-165535');
    expect(existsSync(join(alice.home, '.local/share/lxc', `${c}x`))).toBe(false);
  });

  it('refuses her a container without maps: the root-run executor never runs her init as host root', () => {
    writeUserConfig(alice, ['lxc.net.0.type = empty']);
    const r = runAs(alice, 'lxc-create', ['-t', 'busybox', '-n', `${c}p`]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/need lxc\.idmap lines/);
    expect(existsSync(join(alice.home, '.local/share/lxc', `${c}p`))).toBe(false);
  });
});
