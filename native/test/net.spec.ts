/**
 * Root kernel tests of container networking: veth pairs on a bridge this test creates (never the
 * host's lxcbr0), addresses and gateway set inside the container, and nothing left on the host
 * after the container is gone. Only the test's own bridge, links and containers are touched.
 */
import { execFileSync } from 'child_process';
import { randomBytes } from 'crypto';
import { existsSync, symlinkSync } from 'fs';
import { join } from 'path';
import { ShimClient, startContainer, type ContainerSpec, type ExecOptions, type NicSpec } from '../lib';
import { Harness, collect, skipReason } from './harness';

const reason = skipReason() ?? (existsSync('/usr/sbin/ip') || existsSync('/sbin/ip') ? null : 'no ip(8) to inspect links');
if (reason) console.warn(`native/test/net.spec.ts skipped: ${reason}`);
const d = reason ? describe.skip : describe;

const ip = (...args: string[]) => execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const linkExists = (name: string) => {
  try {
    ip('link', 'show', 'dev', name);
    return true;
  } catch {
    return false;
  }
};

async function run(client: ShimClient, argv: string[]) {
  const s = client.exec({ argv } as ExecOptions);
  s.stdin.end();
  const out = collect(s.stdout);
  const exit = await s.exit;
  return { code: exit.code, stdout: (await out).toString() };
}

d('container networking (root, netlink)', () => {
  jest.setTimeout(30_000);
  const tag = randomBytes(3).toString('hex');
  const bridge = `lxcbt${tag}`;
  let h: Harness;
  const nic = (n: number, over: Partial<NicSpec> = {}): NicSpec => ({
    type: 'veth', name: 'eth0', link: bridge, host: `vt${tag}${n}`, mac: `00:16:3e:aa:00:0${n}`, up: true,
    addresses: [`10.231.7.${10 + n}/24`], ipv4Gateway: '10.231.7.1', bridgeAddress: '10.231.7.1/24', ...over,
  });

  beforeAll(() => {
    h = new Harness();
    for (const a of ['ping', 'ip']) symlinkSync('busybox', join(h.rootfs, 'bin', a));
  });
  afterAll(async () => {
    await h?.cleanup();
    if (linkExists(bridge)) ip('link', 'del', bridge);
  });

  it('creates the bridge when missing, puts eth0 with its address and route in the container, and pings', async () => {
    const a = h.spec({ nics: [nic(1)], loopbackUp: true });
    const b = h.spec({ nics: [nic(2, { name: 'net1', mtu: 1400 })] });
    await startContainer(a);
    await startContainer(b);
    const ca = ShimClient.forRunDir(a.runDir);
    const cb = ShimClient.forRunDir(b.runDir);
    expect(ip('-o', 'addr', 'show', 'dev', bridge)).toContain('inet 10.231.7.1/24');
    expect(ip('-o', 'link', 'show', 'dev', `vt${tag}1`)).toContain(`master ${bridge}`);
    const addrA = await run(ca, ['ip', 'addr', 'show', 'eth0']);
    expect(addrA.stdout).toContain('inet 10.231.7.11/24');
    expect(addrA.stdout).toContain('link/ether 00:16:3e:aa:00:01');
    expect((await run(ca, ['ip', 'link', 'show', 'lo'])).stdout).toMatch(/<LOOPBACK,UP/);
    expect((await run(cb, ['ip', 'link', 'show', 'lo'])).stdout).not.toMatch(/<LOOPBACK,UP/);
    expect((await run(cb, ['ip', 'link', 'show', 'net1'])).stdout).toContain('mtu 1400');
    expect((await run(ca, ['ip', 'route'])).stdout).toContain('default via 10.231.7.1 dev eth0');
    expect((await run(ca, ['ping', '-c', '1', '-W', '2', '10.231.7.12'])).code).toBe(0);
    expect((await run(cb, ['ping', '-c', '1', '-W', '2', '10.231.7.1'])).code).toBe(0);

    await ca.stop(9, 2000);
    await cb.stop(9, 2000);
    expect(linkExists(`vt${tag}1`)).toBe(false);
    expect(linkExists(`vt${tag}2`)).toBe(false);
  });

  it('gives one container several nics: two veths and a macvlan on a second bridge made for the test', async () => {
    const parent = `dm${tag}`;
    ip('link', 'add', parent, 'type', 'bridge');
    try {
      const s = h.spec({
        nics: [
          nic(4),
          nic(5, { name: 'eth1', addresses: ['10.231.7.15/24', 'fd42:7::5/64'], ipv4Gateway: undefined }),
          { type: 'macvlan', name: 'mv0', link: parent, macvlanMode: 'bridge', up: true, addresses: ['192.168.231.5/24'] },
        ],
      });
      await startContainer(s);
      const c = ShimClient.forRunDir(s.runDir);
      const links = (await run(c, ['ip', '-o', 'addr'])).stdout;
      expect(links).toMatch(/eth0 +inet 10\.231\.7\.14\/24/);
      expect(links).toMatch(/eth1 +inet 10\.231\.7\.15\/24/);
      expect(links).toMatch(/eth1 +inet6 fd42:7::5\/64/);
      expect(links).toMatch(/mv0 +inet 192\.168\.231\.5\/24/);
      expect((await run(c, ['ping', '-c', '1', '-W', '2', '10.231.7.1'])).code).toBe(0);
      await c.stop(9, 2000);
      expect(linkExists(`vt${tag}4`) || linkExists(`vt${tag}5`)).toBe(false);
    } finally {
      ip('link', 'del', parent);
    }
  });

  it('a start with a missing unmanaged bridge fails with the bridge named, leaving no link', async () => {
    const s: ContainerSpec = h.spec({ nics: [nic(3, { link: `nobr${tag}`, bridgeAddress: undefined })] });
    await expect(startContainer(s)).rejects.toMatchObject({ code: 'ENODEV', op: expect.stringContaining(`nobr${tag}`) });
    expect(linkExists(`vt${tag}3`)).toBe(false);
  });
});
