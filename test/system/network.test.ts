/**
 * Container networking end to end, as root: veth pairs on a bridge made for this test (never
 * the host's lxcbr0), addresses from network-allocator, DHCP from its dnsmasq, lxc-info and
 * lxc-ls showing them, and nothing left behind after a stop or a crash. Only the test's own
 * bridge, links, containers and dnsmasq are touched; there is no forwarding or NAT, and the
 * host's routes are left alone. The bridge, its dnsmasq and its files are removed at the end.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KV, NatsConnection } from 'nats';
import { NET_LEASES_BUCKET } from '@lxcbus/contracts';
import { describeSystem, startStack, type Stack } from './support/stack-harness';
import { attachByHand, command, connectPlain, EventTap, eventLabel, sleep } from './support/bus-helpers';
import { dhcpDir, ip, leaseKeys as heldKeys, linkExists, testBridge } from './support/test-bridge';

jest.setTimeout(600_000);

const bridge = testBridge('10.231');
const { tag, name: BRIDGE, gateway: GATEWAY } = bridge;
const SLEEP = ['/bin/sh', '-c', 'exec sleep 100000'];

describeSystem('networking: veth on a test bridge, leases, DHCP', () => {
  let stack: Stack;
  let nc: NatsConnection;
  let kv: KV;
  let confDir: string;
  const created: string[] = [];

  const leaseKeys = (kind: string) => heldKeys(kv, stack.host, kind);
  const create = async (name: string) => {
    const r = await command(nc, stack.host, 'create', { name, template: 'busybox' }, 180_000);
    expect(r).toMatchObject({ ok: true });
    created.push(name);
  };
  const start = (name: string, cmd?: string[]) => command(nc, stack.host, 'start', { name, ...(cmd ? { command: cmd } : {}) }, 60_000);
  const info = async (name: string) => (await command(nc, stack.host, 'info', { name, stats: true })).info as {
    ips: string[]; links: { name: string; txBytes: number; rxBytes: number }[]; pid: number;
  };
  const sh = async (name: string, script: string) => {
    const r = await attachByHand(nc, stack.host, name, ['/bin/sh', '-c', script], 30_000);
    return { code: r.exit?.code ?? -1, out: r.stdout + r.stderr };
  };

  beforeAll(async () => {
    confDir = mkdtempSync(join(tmpdir(), 'lxcbus-net-'));
    const conf = join(confDir, 'default.conf');
    writeFileSync(conf, `lxc.net.0.type = veth\nlxc.net.0.link = ${BRIDGE}\nlxc.net.0.flags = up\n`);
    process.env.LXCBUS_NET_BRIDGES = bridge.bridgesEnv;
    stack = await startStack({ defaultConfig: conf });
    nc = await connectPlain(stack.url);
    kv = await nc.jetstream().views.kv(NET_LEASES_BUCKET);
  });

  afterAll(async () => {
    for (const name of created) await command(nc, stack.host, 'destroy', { name, force: true }, 60_000).catch(() => undefined);
    await nc?.close();
    await stack?.stop().catch((err: unknown) => console.warn(`stack cleanup: ${String(err)}`));
    delete process.env.LXCBUS_NET_BRIDGES;
    bridge.remove(stack?.host);
    rmSync(confDir, { recursive: true, force: true });
  });

  it('two containers on the bridge ping each other and the bridge; lxc-info and lxc-ls show the addresses', async () => {
    await create('neta');
    await create('netb');
    const a = await start('neta', SLEEP);
    const b = await start('netb', SLEEP);
    expect(a).toMatchObject({ ok: true, state: 'RUNNING' });
    expect(b).toMatchObject({ ok: true, state: 'RUNNING' });
    expect(ip('-o', 'addr', 'show', 'dev', BRIDGE)).toContain(`inet ${GATEWAY}/24`);
    const ia = await info('neta');
    const ib = await info('netb');
    expect(ia.ips).toHaveLength(1);
    expect(ia.ips[0]).toMatch(bridge.addressPattern);
    expect(ib.ips[0]).not.toBe(ia.ips[0]);
    expect(bridge.ports()).toEqual(expect.arrayContaining([ia.links[0].name, ib.links[0].name]));

    expect((await sh('neta', `ping -c 2 -W 2 ${ib.ips[0]}`)).code).toBe(0);
    expect((await sh('netb', `ping -c 2 -W 2 ${ia.ips[0]}`)).code).toBe(0);
    // Three tries: the very first packet to the bridge can be lost while its neighbour entry settles.
    expect((await sh('neta', `ping -c 3 -W 2 ${GATEWAY}`)).code).toBe(0);
    expect((await sh('neta', 'ip route')).out).toContain(`default via ${GATEWAY} dev eth0`);

    const after = await info('neta');
    expect(after.links[0].txBytes).toBeGreaterThan(0);
    const out = stack.lxc('lxc-info', ['-n', 'neta']);
    expect(out.stdout).toContain(`IP:             ${ia.ips[0]}\n`);
    expect(out.stdout).toMatch(new RegExp(`Link:           ${ia.links[0].name}\n TX bytes:      .+\n RX bytes:      .+\n Total bytes:   .+\n`));
    expect(stack.lxc('lxc-info', ['-n', 'neta', '-iH']).stdout).toBe(`${ia.ips[0]}\n`);
    const ls = stack.lxc('lxc-ls', ['-f']).stdout;
    expect(ls).toMatch(new RegExp(`neta +RUNNING +0 +- +${ia.ips[0].replace(/\./g, '\\.')} `));
  });

  it('stop and a crash (kill -9 of init) leave no veth and no lease', async () => {
    const ia = await info('neta');
    const ib = await info('netb');
    const [vethA, vethB] = [ia.links[0].name, ib.links[0].name];
    expect(await command(nc, stack.host, 'stop', { name: 'neta', timeout: 1 }, 30_000)).toMatchObject({ ok: true, state: 'STOPPED' });
    expect(linkExists(vethA)).toBe(false);
    expect((await leaseKeys('ip')).some((k) => k.endsWith(ia.ips[0]))).toBe(false);

    const tap = new EventTap(nc, stack.host, 'netb');
    try {
      process.kill(ib.pid, 'SIGKILL');
      await tap.waitFor((e) => eventLabel(e) === 'STOPPED', 15_000);
    } finally {
      tap.close();
    }
    await sleep(200);
    expect(linkExists(vethB)).toBe(false);
    for (const kind of ['ip', 'mac', 'veth', 'ctr']) expect(await leaseKeys(kind)).toEqual([]);
    expect(bridge.ports()).toEqual([]);
  });

  it('a busybox container\'s own udhcpc gets the address reserved for it', async () => {
    if (!existsSync('/usr/sbin/dnsmasq')) {
      console.warn('SKIP dhcp: dnsmasq is not installed (apt-get install dnsmasq-base)');
      return;
    }
    expect(await start('neta')).toMatchObject({ ok: true, state: 'RUNNING' });
    const reserved = (await info('neta')).ips[0];
    const leases = join(dhcpDir(stack.host), `${BRIDGE}.leases`);
    let leased = '';
    for (let i = 0; i < 100 && !leased.includes(reserved); i++) {
      await sleep(200);
      leased = existsSync(leases) ? readFileSync(leases, 'utf8') : '';
    }
    expect(leased).toContain(` ${reserved} `);
    expect(readFileSync(join(dhcpDir(stack.host), `${BRIDGE}.hosts`), 'utf8')).toContain(`,${reserved}\n`);
    // udhcpc's script reconfigured eth0 with what DHCP gave: still the reserved address, and the route.
    // The script flushes and re-adds the address, so look until it has settled.
    try {
      let addr = await sh('neta', 'ip -4 addr show eth0; ip route');
      for (let i = 0; i < 25 && !(addr.out.includes(`inet ${reserved}/24`) && addr.out.includes(`default via ${GATEWAY}`)); i++) {
        await sleep(200);
        addr = await sh('neta', 'ip -4 addr show eth0; ip route');
      }
      expect(addr.out).toContain(`inet ${reserved}/24`);
      expect(addr.out).toContain(`default via ${GATEWAY}`);
    } finally {
      expect(await command(nc, stack.host, 'stop', { name: 'neta', timeout: 0 }, 30_000)).toMatchObject({ ok: true });
    }
  });

  it('parallel starts get distinct addresses', async () => {
    const n = Number(process.env.LXCBUS_NET_PARALLEL || 50);
    const names = Array.from({ length: n }, (_, i) => `par${tag}${i}`);
    const t0 = Date.now();
    await Promise.all(names.map((name) => create(name)));
    const tCreate = Date.now() - t0;
    const t1 = Date.now();
    const replies = await Promise.all(names.map((name) => start(name, SLEEP)));
    const tStart = Date.now() - t1;
    expect(replies.every((r) => r.ok)).toBe(true);
    const ips = (await Promise.all(names.map(info))).map((i) => i.ips[0]);
    expect(new Set(ips).size).toBe(n);
    console.log(`${n} containers: created in ${tCreate} ms, started in parallel in ${tStart} ms, ${new Set(ips).size} distinct addresses`);
    await Promise.all(names.map((name) => command(nc, stack.host, 'stop', { name, timeout: 0, kill: true }, 60_000)));
    for (let i = 0; i < 50 && (await leaseKeys('ip')).length > 0; i++) await sleep(100);
    expect(await leaseKeys('ip')).toEqual([]);
    expect(bridge.ports()).toEqual([]);
  });
});
