/**
 * An ordinary user's networked containers (issue 5, the lxc-usernet part): alice, with ranges
 * in /etc/subuid and /etc/subgid and a ~/.config/lxc/default.conf asking for a veth on a bridge,
 * runs the lxc-* tools herself. lxc-usernet is a temp file (LXCBUS_USERNET, read by the
 * allocator on every charge, so each test rewrites it); the real /etc/lxc/lxc-usernet is never
 * touched. The bridge is one made for this test (never lxcbr0), with its own subnet; there is no
 * forwarding or NAT, and the bridge, its dnsmasq and its files are removed at the end.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KV, NatsConnection } from 'nats';
import { NET_LEASES_BUCKET } from '@lxcbus/contracts';
import { createUser, removeUser, uniqueName, whyNoUsers, type TestUser } from '../support/test-users';
import { dropRootRange, ensureRootRange } from './support/root-range';
import { describeSystemUnless, startStack, type Stack } from './support/stack-harness';
import { rangeOf, runAs, writeUserConfig } from './support/user-session';
import { connectPlain, writeEmptyNetDefaultConfig } from './support/bus-helpers';
import { leaseKeys as heldKeys, testBridge } from './support/test-bridge';

jest.setTimeout(600_000);

const bridge = testBridge('10.232');
const { name: BRIDGE, gateway: GATEWAY } = bridge;

const noUsers = whyNoUsers();
const describeIf = describeSystemUnless(noUsers);

describeIf("an ordinary user's networked containers and lxc-usernet", () => {
  let stack: Stack;
  let nc: NatsConnection;
  let kv: KV;
  let dir: string;
  let usernet: string;
  let alice: TestUser;
  let bob: TestUser;
  let addedRoot: string[] = [];
  let group = '';
  const c = (i: number) => `un${process.pid % 100000}x${i}`;
  const made: string[] = [];

  const leaseKeys = (kind: string) => heldKeys(kv, stack.host, kind);
  const holders = async (key: string): Promise<string[]> => {
    const e = await kv.get(key);
    return e && e.value.length ? (JSON.parse(e.string()) as { holders: string[] }).holders : [];
  };
  const create = (name: string, u = alice) => {
    const r = runAs(u, 'lxc-create', ['-t', 'busybox', '-n', name]);
    expect(r).toMatchObject({ code: 0 });
    made.push(`${u.name}/${name}`);
  };
  const start = (name: string, u = alice) => runAs(u, 'lxc-start', ['-n', name, '-d']);
  const stop = (name: string, u = alice) => expect(runAs(u, 'lxc-stop', ['-n', name, '-k']).code).toBe(0);
  const state = (name: string, u = alice) => runAs(u, 'lxc-info', ['-n', name, '-sH']).stdout.trim();
  const ipv4 = (name: string, u = alice) => runAs(u, 'lxc-info', ['-n', name, '-iH']).stdout.trim();
  /** A user with ranges, registered with the stack, whose default.conf asks for a veth on the test bridge. */
  const makeUser = (base: string): TestUser => {
    const u = createUser(uniqueName(base));
    expect(stack.lxc('lxcbus', ['user', 'add', u.name, '--statedir', stack.stateDir]).code).toBe(0);
    const uid = rangeOf('/etc/subuid', u.name);
    const gid = rangeOf('/etc/subgid', u.name);
    chmodSync(u.home, 0o711);
    writeUserConfig(u, [
      'lxc.net.0.type = veth', `lxc.net.0.link = ${BRIDGE}`, 'lxc.net.0.flags = up',
      `lxc.idmap = u 0 ${uid.start} 65536`, `lxc.idmap = g 0 ${gid.start} 65536`,
    ]);
    return u;
  };
  const setUsernet = (lines: string[]) => writeFileSync(usernet, lines.map((l) => `${l}\n`).join(''));
  /** Nothing of `name` on the host or in the leases: no record, no veth on the bridge, no quota charge. */
  const leftNothing = async (name: string, portsBefore: string[], ipsBefore: string[], u = alice) => {
    expect(bridge.ports().sort()).toEqual([...portsBefore].sort());
    expect((await leaseKeys('ip')).sort()).toEqual([...ipsBefore].sort());
    for (const k of await leaseKeys('ctr')) {
      const rec = JSON.parse((await kv.get(k))!.string()) as { name: string; owner: string };
      expect(`${rec.owner}/${rec.name}`).not.toBe(`${u.name}/${name}`);
    }
  };

  beforeAll(async () => {
    addedRoot = ensureRootRange();
    dir = mkdtempSync(join(tmpdir(), 'lxcbus-usernet-'));
    usernet = join(dir, 'lxc-usernet');
    setUsernet([]);
    process.env.LXCBUS_NET_BRIDGES = bridge.bridgesEnv;
    process.env.LXCBUS_USERNET = usernet;
    stack = await startStack({ defaultConfig: writeEmptyNetDefaultConfig(dir) });
    nc = await connectPlain(stack.url);
    kv = await nc.jetstream().views.kv(NET_LEASES_BUCKET);
    alice = makeUser('alice');
    bob = makeUser('bob');
  }, 180_000);

  afterAll(async () => {
    for (const entry of made) {
      const [owner, name] = entry.split('/');
      const u = [alice, bob].find((x) => x?.name === owner);
      if (!u) continue;
      runAs(u, 'lxc-stop', ['-n', name, '-k']);
      runAs(u, 'lxc-destroy', ['-n', name, '-f']);
    }
    await nc?.close();
    await stack?.stop().catch((err: unknown) => console.warn(`stack cleanup: ${String(err)}`));
    delete process.env.LXCBUS_NET_BRIDGES;
    delete process.env.LXCBUS_USERNET;
    bridge.remove(stack?.host);
    for (const u of [alice, bob]) if (u) removeUser(u.name);
    if (group) spawnSync('groupdel', [group], { stdio: 'ignore' });
    dropRootRange(addedRoot);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it("the walkthrough with the network: `alice veth <bridge> 10`, her container has an IPv4 in lxc-ls -f", async () => {
    setUsernet([`${alice.name} veth ${BRIDGE} 10`]);
    for (const i of [0, 1, 2]) create(c(i));
    expect(start(c(0))).toMatchObject({ code: 0, stderr: '' });
    expect(state(c(0))).toBe('RUNNING');
    const addr = ipv4(c(0));
    expect(addr).toMatch(bridge.addressPattern);
    const ls = runAs(alice, 'lxc-ls', ['-f', '-F', 'NAME,STATE,IPV4,UNPRIVILEGED']).stdout;
    expect(ls).toMatch(new RegExp(`^${c(0)}\\s+RUNNING\\s+${addr.replace(/\./g, '\\.')}\\s+true`, 'm'));
    expect(bridge.ports()).toHaveLength(1);
    expect(await holders(`quota.${stack.host}.u=${alice.name}.veth.${BRIDGE}`)).toHaveLength(1);
    // Her eth0 is up inside, with the leased address, and reaches the bridge.
    const a = runAs(alice, 'lxc-attach', ['-n', c(0), '--', '/bin/sh', '-c', `ip -4 addr show eth0; ping -c 3 -W 2 ${GATEWAY}`]);
    expect(a.stdout).toContain(`inet ${addr}/24`);
    expect(a.code).toBe(0);
  });

  it('`alice veth <bridge> 2`: two run, the third is refused with a quota error and leaves nothing; a stop frees a slot', async () => {
    setUsernet([`# test file`, `${alice.name} veth ${BRIDGE} 2`]);
    const quotaKey = `quota.${stack.host}.u=${alice.name}.veth.${BRIDGE}`;
    expect(start(c(1))).toMatchObject({ code: 0, stderr: '' });
    expect(ipv4(c(1))).not.toBe(ipv4(c(0)));
    expect(await holders(quotaKey)).toHaveLength(2);
    const ports = bridge.ports();
    const ips = await leaseKeys('ip');
    expect([ports.length, ips.length]).toEqual([2, 2]);

    const third = start(c(2));
    expect(third.code).not.toBe(0);
    expect(third.stderr).toContain('Quota reached');
    expect(third.stderr).toContain(`${alice.name} veth ${BRIDGE} 2 (2 in use)`);
    expect(state(c(2))).toBe('STOPPED');
    await leftNothing(c(2), ports, ips);
    expect(await holders(quotaKey)).toHaveLength(2);

    stop(c(0));
    expect(state(c(0))).toBe('STOPPED');
    expect(await holders(quotaKey)).toHaveLength(1);
    expect(bridge.ports()).toHaveLength(1);
    expect(start(c(2))).toMatchObject({ code: 0, stderr: '' });
    expect(ipv4(c(2))).toMatch(bridge.addressPattern);
    expect(await holders(quotaKey)).toHaveLength(2);
    stop(c(1));
    stop(c(2));
    expect(await holders(quotaKey)).toEqual([]);
    expect(bridge.ports()).toEqual([]);
    expect(await leaseKeys('ip')).toEqual([]);
  });

  it('the `@group` form: a group line counts for its members and is shared between them', async () => {
    group = `lxun${process.pid % 100000}`;
    expect(spawnSync('groupadd', [group]).status).toBe(0);
    for (const u of [alice, bob]) expect(spawnSync('usermod', ['-aG', group, u.name]).status).toBe(0);
    create(c(0), bob);
    setUsernet([`@${group} veth ${BRIDGE} 1`]);
    const quotaKey = `quota.${stack.host}.g=${group}.veth.${BRIDGE}`;
    expect(start(c(0))).toMatchObject({ code: 0, stderr: '' });
    expect(ipv4(c(0))).toMatch(bridge.addressPattern);
    expect(await holders(quotaKey)).toHaveLength(1);
    const ports = bridge.ports();
    const ips = await leaseKeys('ip');
    // The group's one slot is alice's now: bob, also a member, is refused, as is her second.
    for (const [name, u] of [[c(0), bob], [c(1), alice]] as const) {
      const r = start(name, u);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('Quota reached');
      expect(r.stderr).toContain(`@${group} veth ${BRIDGE} 1 (1 in use)`);
      expect(state(name, u)).toBe('STOPPED');
      await leftNothing(name, ports, ips, u);
    }
    // Lines are summed, each nic charged to the first with room: bob's own line lets him in.
    setUsernet([`@${group} veth ${BRIDGE} 1`, `${bob.name} veth ${BRIDGE} 1`]);
    expect(start(c(0), bob)).toMatchObject({ code: 0, stderr: '' });
    expect(await holders(`quota.${stack.host}.u=${bob.name}.veth.${BRIDGE}`)).toHaveLength(1);
    expect(await holders(quotaKey)).toHaveLength(1);
    // Each stop releases the charge on the line it was made to.
    stop(c(0));
    expect(await holders(quotaKey)).toEqual([]);
    stop(c(0), bob);
    expect(await holders(`quota.${stack.host}.u=${bob.name}.veth.${BRIDGE}`)).toEqual([]);
    expect(bridge.ports()).toEqual([]);
  });

  it('a user with no line gets no nic: the start is refused and nothing is made', async () => {
    // bob: lines for others only (alice, a group he is not in), his name on another bridge, a malformed line of his.
    setUsernet([`${alice.name} veth ${BRIDGE} 10`, `@nogroup veth ${BRIDGE} 10`, `${bob.name} veth lxcbr0 10`, `${bob.name} veth ${BRIDGE}`]);
    const r = start(c(0), bob);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`Quota reached: no line in ${usernet} gives ${bob.name} a veth nic on ${BRIDGE}`);
    expect(state(c(0), bob)).toBe('STOPPED');
    await leftNothing(c(0), [], [], bob);
    expect(await leaseKeys('ctr')).toEqual([]);
    // ...while alice, who has a line in the same file, still gets hers.
    expect(start(c(0))).toMatchObject({ code: 0, stderr: '' });
    expect(bridge.ports()).toHaveLength(1);
    stop(c(0));
    for (const kind of ['ip', 'mac', 'veth', 'ctr']) expect(await leaseKeys(kind)).toEqual([]);
    expect(bridge.ports()).toEqual([]);
  });
});
