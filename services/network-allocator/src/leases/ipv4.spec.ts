import { hostAddresses, parseCidr } from './ipv4';
import { expandHwaddr, isRandomHwaddr, randomVethName } from './nic-names';

describe('managed subnets', () => {
  it('lxc-net\'s 10.0.3.1/24 leaves 253 addresses for containers, as LXC_DHCP_RANGE 10.0.3.2-254', () => {
    const s = parseCidr('10.0.3.1/24');
    expect(s).toMatchObject({ network: '10.0.3.0', netmask: '255.255.255.0', prefix: 24, address: '10.0.3.1' });
    const ips = hostAddresses(s);
    expect(ips).toHaveLength(253);
    expect(ips[0]).toBe('10.0.3.2');
    expect(ips[ips.length - 1]).toBe('10.0.3.254');
  });

  it('refuses what is not a usable subnet', () => {
    expect(() => parseCidr('10.0.3.1')).toThrow();
    expect(() => parseCidr('10.0.3.1/31')).toThrow();
    expect(() => parseCidr('10.0.300.1/24')).toThrow();
  });
});

describe('generated names', () => {
  it('host veth names fit IFNAMSIZ and MACs use 00:16:3e unless the config says otherwise', () => {
    expect(randomVethName()).toMatch(/^veth[A-Za-z0-9]{7}$/);
    expect(expandHwaddr()).toMatch(/^00:16:3e(:[0-9a-f]{2}){3}$/);
    expect(expandHwaddr('02:aa:xx:xx:xx:0x')).toMatch(/^02:aa(:[0-9a-f]{2}){3}:0[0-9a-f]$/);
    expect(expandHwaddr('xx:00:00:00:00:00').slice(0, 2)).toMatch(/^[0-9a-f][02468ace]$/);
    expect(isRandomHwaddr(undefined)).toBe(true);
    expect(isRandomHwaddr('00:16:3e:00:00:01')).toBe(false);
  });
});
