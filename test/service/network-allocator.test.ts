/**
 * network-allocator against a real nats-server: plans, race-free leases in JetStream KV, and
 * lxc-usernet quotas. No kernel work happens here (the allocator has none), so these run
 * without root; the owners (alice, bob) are called directly because non-root owners cannot
 * create containers yet (issue 4).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KV } from 'nats';
import { NET_LEASES_BUCKET, ServiceName, ServiceVerb, subjects } from '@lxcbus/contracts';
import { AppModule } from '../../services/network-allocator/src/app.module';
import { Reconciler } from '../../services/network-allocator/src/leases/reconciler.service';
import { startServiceUnderTest, type ServiceUnderTest } from '../support/service-under-test';

const HOST = `na${process.pid}`;
const BR = 'lxcbtsvc0';
const LXCPATH = '/var/lib/lxc';
let svc: ServiceUnderTest;
let kv: KV;
let etc: string;

const call = (verb: ServiceVerb, body: unknown) => svc.request(subjects.service(HOST, ServiceName.networkAllocator, verb), body, 10_000);
const plan = (body: unknown) => call(ServiceVerb.plan, body);
const veth = (index = 0) => ({ index, type: 'veth', link: BR, flags: 'up' });
const allocate = (owner: string, name: string, networks: unknown[] = [veth()]) =>
  call(ServiceVerb.allocate, { owner, name, lxcpath: LXCPATH, networks });
const release = (owner: string, name: string) => call(ServiceVerb.release, { owner, name, lxcpath: LXCPATH });

async function keys(prefix: string): Promise<string[]> {
  const out: string[] = [];
  for await (const k of await kv.keys(`${prefix}.${HOST}.>`)) out.push(k);
  return out;
}

function usernet(text: string): void {
  writeFileSync(join(etc, 'lxc-usernet'), text);
}

beforeAll(async () => {
  etc = mkdtempSync(join(tmpdir(), 'lxcbus-na-'));
  writeFileSync(join(etc, 'passwd'), 'root:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/h:/bin/sh\nbob:x:1001:1001::/h:/bin/sh\ncarol:x:1002:1002::/h:/bin/sh\n');
  writeFileSync(join(etc, 'group'), 'root:x:0:\nalice:x:1000:\nbob:x:1001:\ndevs:x:2000:alice,bob\n');
  svc = await startServiceUnderTest(AppModule, {
    service: ServiceName.networkAllocator, host: HOST,
    env: {
      LXCBUS_NET_BRIDGES: `${BR}=10.77.0.1/24`, LXCBUS_USERNET: join(etc, 'lxc-usernet'), LXCBUS_GROUP_FILE: join(etc, 'group'),
      LXCBUS_PASSWD_FILE: join(etc, 'passwd'), LXCBUS_DNSMASQ: 'off',
    },
  });
  kv = await svc.nc.jetstream().views.kv(NET_LEASES_BUCKET);
}, 60_000);

afterAll(async () => {
  await svc?.stop();
  rmSync(etc, { recursive: true, force: true });
});

describe('network-allocator plan', () => {
  it('gives empty and a config without networks their own netns with lo down', async () => {
    expect(await plan({ owner: 'alice', name: 'c1', networks: [] })).toEqual({ ok: true, isolate: true, loopbackUp: false, networks: [] });
    expect(await plan({ owner: 'alice', name: 'c1', networks: [{ index: 0, type: 'empty', flags: 'up' }] })).toEqual({
      ok: true, isolate: true, loopbackUp: true, networks: [{ index: 0, type: 'empty' }],
    });
  });

  it('shares the host netns for none only for root\'s privileged containers', async () => {
    expect(await plan({ owner: 'root', name: 'c1', networks: [{ index: 0, type: 'none' }] })).toMatchObject({ ok: true, isolate: false });
    expect((await plan({ owner: 'alice', name: 'c1', networks: [{ index: 0, type: 'none' }] })).error.code).toBe('FORBIDDEN');
    expect((await plan({ owner: 'root', name: 'c1', unprivileged: true, networks: [{ index: 0, type: 'none' }] })).error.code).toBe('FORBIDDEN');
  });

  it('refuses the types it cannot create with a clear UNSUPPORTED', async () => {
    const r = await plan({ owner: 'root', name: 'c1', networks: [{ index: 0, type: 'vlan' }] });
    expect(r.error).toMatchObject({ code: 'UNSUPPORTED', details: { index: 0, type: 'vlan', supported: ['empty', 'none', 'veth', 'macvlan'] } });
  });

  it('answers malformed bodies and unknown types with a code', async () => {
    expect((await plan('nope')).error.code).toBe('BAD_REQUEST');
    expect((await plan({ owner: 'root', name: 'c1' })).error.code).toBe('BAD_REQUEST');
    expect((await plan({ owner: 'root', name: 'c1', networks: [{ index: 0, type: 'bogus' }] })).error.code).toBe('CONFIG_INVALID');
    expect((await call(ServiceVerb.allocate, { owner: 'root', name: '../x', lxcpath: LXCPATH, networks: [] })).error.code).toBe('INVALID_NAME');
  });
});

describe('network-allocator leases', () => {
  it('resolves a root veth on a managed bridge: host name, MAC, address, gateway, bridge defaults', async () => {
    const r = await allocate('root', 'web1', [veth(0), { index: 1, type: 'veth', link: BR, name: 'net1', hwaddr: '00:16:3e:aa:bb:cc', mtu: '1400', ipv4: { addresses: ['192.168.9.5/24'] } }]);
    expect(r.ok).toBe(true);
    const [eth0, net1] = r.nics;
    expect(eth0).toMatchObject({ index: 0, type: 'veth', name: 'eth0', link: BR, up: true, ipv4Gateway: '10.77.0.1', bridgeAddress: '10.77.0.1/24' });
    expect(eth0.host).toMatch(/^veth[A-Za-z0-9]{7}$/);
    expect(eth0.mac).toMatch(/^00:16:3e(:[0-9a-f]{2}){3}$/);
    expect(eth0.addresses[0]).toMatch(/^10\.77\.0\.\d+\/24$/);
    expect(eth0.addresses[0]).not.toBe('10.77.0.1/24');
    expect(net1).toMatchObject({ name: 'net1', mac: '00:16:3e:aa:bb:cc', mtu: 1400, up: false, addresses: ['192.168.9.5/24'] });
    expect(net1.ipv4Gateway).toBeUndefined();
    expect(r.ips).toEqual([eth0.addresses[0].split('/')[0], '192.168.9.5']);
    expect(r).toMatchObject({ isolate: true, loopbackUp: true });
    expect(await release('root', 'web1')).toEqual({ ok: true, released: 2 });
    expect(await release('root', 'web1')).toEqual({ ok: true, released: 0 });
    expect(await keys('ip')).toEqual([]);
  });

  it('50 allocations at once get 50 distinct addresses, MACs and host names, and release leaves no key', async () => {
    const t0 = Date.now();
    const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => allocate('root', `par${i}`)));
    const ms = Date.now() - t0;
    expect(replies.every((r) => r.ok)).toBe(true);
    const nics = replies.map((r) => r.nics[0]);
    expect(new Set(nics.map((n) => n.addresses[0])).size).toBe(50);
    expect(new Set(nics.map((n) => n.mac)).size).toBe(50);
    expect(new Set(nics.map((n) => n.host)).size).toBe(50);
    expect(await keys('ip')).toHaveLength(50);
    console.log(`50 parallel allocations: ${ms} ms`);
    await Promise.all(replies.map((_, i) => release('root', `par${i}`)));
    for (const p of ['ip', 'mac', 'veth', 'ctr']) expect(await keys(p)).toEqual([]);
  });

  it('refuses macvlan for a non-root owner', async () => {
    const r = await allocate('alice', 'mv', [{ index: 0, type: 'macvlan', link: 'eth0' }]);
    expect(r.error.code).toBe('FORBIDDEN');
  });
});

describe('lxc-usernet quotas (owners called directly; issue 4 brings their containers)', () => {
  afterEach(async () => {
    for (const k of await keys('ctr')) await kv.delete(k);
  });

  it('alice veth 2: two containers, the third refused leaving nothing, a stop frees a slot', async () => {
    usernet(`alice veth ${BR} 2\n`);
    expect((await allocate('alice', 'a1')).ok).toBe(true);
    expect((await allocate('alice', 'a2')).ok).toBe(true);
    const before = (await keys('ip')).length;
    const third = await allocate('alice', 'a3');
    expect(third.error.code).toBe('NET_QUOTA_EXCEEDED');
    expect(third.error.message).toContain('Quota reached');
    expect(third.error.details.lines).toEqual([{ name: 'alice', allowed: 2, used: 2 }]);
    expect(await keys('ip')).toHaveLength(before);
    expect(await release('alice', 'a1')).toMatchObject({ released: 1 });
    expect((await allocate('alice', 'a3')).ok).toBe(true);
    await release('alice', 'a2');
    await release('alice', 'a3');
  });

  it('sums @group lines and charges the first with room; group members share the group line', async () => {
    usernet(`alice veth ${BR} 1\n@devs veth ${BR} 1\n`);
    expect((await allocate('alice', 'g1')).ok).toBe(true);
    expect((await allocate('alice', 'g2')).ok).toBe(true);
    expect((await allocate('alice', 'g3')).error.code).toBe('NET_QUOTA_EXCEEDED');
    // bob has only the @devs line, which alice's second nic used.
    expect((await allocate('bob', 'b1')).error.code).toBe('NET_QUOTA_EXCEEDED');
    await release('alice', 'g2');
    expect((await allocate('bob', 'b1')).ok).toBe(true);
    await release('alice', 'g1');
    await release('bob', 'b1');
  });

  it('counts per nic: two nics of one container use two slots', async () => {
    usernet(`alice veth ${BR} 1\n`);
    const r = await allocate('alice', 'two', [veth(0), veth(1)]);
    expect(r.error.code).toBe('NET_QUOTA_EXCEEDED');
    expect((await allocate('alice', 'one')).ok).toBe(true);
    await release('alice', 'one');
  });

  it('no line, another bridge, or no file: no nic', async () => {
    usernet(`alice veth otherbr 5\n`);
    expect((await allocate('carol', 'c1')).error).toMatchObject({ code: 'NET_QUOTA_EXCEEDED', details: { lines: [] } });
    expect((await allocate('alice', 'c1')).error.code).toBe('NET_QUOTA_EXCEEDED');
    rmSync(join(etc, 'lxc-usernet'));
    const r = await allocate('alice', 'c1');
    expect(r.error.code).toBe('NET_QUOTA_EXCEEDED');
    expect(r.error.message).toContain(`Failed to open "${join(etc, 'lxc-usernet')}"`);
  });

  it('root needs no lxc-usernet line', async () => {
    usernet('');
    expect((await allocate('root', 'r1')).ok).toBe(true);
    await release('root', 'r1');
  });
});

describe('reconciliation', () => {
  it('releases leases of containers the executor does not run, keeps the live ones', async () => {
    const sub = svc.nc.subscribe(subjects.service(HOST, ServiceName.runtimeExecutor, ServiceVerb.usage), {
      callback: (_e, m) => m.respond(new TextEncoder().encode(JSON.stringify({ ok: true, usage: [{ owner: 'root', name: 'live', lxcpath: LXCPATH }] }))),
    });
    try {
      expect((await allocate('root', 'live')).ok).toBe(true);
      expect((await allocate('root', 'dead')).ok).toBe(true);
      const reconciler = svc.app.get(Reconciler);
      expect(await reconciler.reconcile(Date.now())).toBe(0); // both too young: may still be starting
      expect(await reconciler.reconcile(Date.now() + 120_000)).toBe(1);
      expect(await release('root', 'dead')).toEqual({ ok: true, released: 0 });
      expect(await release('root', 'live')).toEqual({ ok: true, released: 1 });
    } finally {
      sub.unsubscribe();
    }
  });
});
