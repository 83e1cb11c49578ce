import { InvalidArgumentError } from './errors';
import { netSpecLines, nicLine, validateNics } from './net-spec';
import { parseSpecLines, serializeSpec } from './spec-file';
import type { ContainerSpec, NicSpec } from './types';

const eth0: NicSpec = {
  type: 'veth', name: 'eth0', link: 'lxcbr0', host: 'vethAbc1234', mac: '00:16:3e:12:34:56', up: true,
  addresses: ['10.0.3.7/24', 'fd00::7/64'], ipv4Gateway: '10.0.3.1', bridgeAddress: '10.0.3.1/24', bridgeMac: '00:16:3e:00:00:00',
};

describe('net spec lines', () => {
  it('writes one net.nic line per interface with v4 and v6 addresses told apart, and net.lo', () => {
    expect(nicLine(eth0)).toBe(
      'type=veth name=eth0 link=lxcbr0 host=vethAbc1234 mac=00:16:3e:12:34:56 up=1 ipv4=10.0.3.7/24 ipv6=fd00::7/64 ' +
        'ipv4.gw=10.0.3.1 bridge.ipv4=10.0.3.1/24 bridge.mac=00:16:3e:00:00:00',
    );
    expect(netSpecLines({ nics: [eth0], loopbackUp: true }).map(([k]) => k)).toEqual(['net.lo', 'net.nic']);
    expect(netSpecLines({})).toEqual([]);
  });

  it('is part of the spec file', () => {
    const spec: ContainerSpec = {
      name: 'c1', lxcpath: '/var/lib/lxc', rootfs: '/r', init: ['/sbin/init'], env: [], cgroupRoot: '/sys/fs/cgroup',
      cgroupName: 'c1', runDir: '/run/x', nics: [eth0], loopbackUp: true,
    };
    const lines = parseSpecLines(serializeSpec(spec));
    expect(lines.get('net.lo')).toEqual(['1']);
    expect(lines.get('net.nic')).toEqual([nicLine(eth0)]);
  });

  it.each([
    [{ ...eth0, name: 'eth0 up=1' }, 'spec.nics[0].name'],
    [{ ...eth0, name: 'a-very-long-interface' }, 'spec.nics[0].name'],
    [{ ...eth0, host: undefined }, 'spec.nics[0].host'],
    [{ ...eth0, mac: '00:16:3e:zz:00:00' }, 'spec.nics[0].mac'],
    [{ ...eth0, mtu: 10 }, 'spec.nics[0].mtu'],
    [{ ...eth0, addresses: ['10.0.3.7'] }, 'spec.nics[0].addresses[0]'],
    [{ ...eth0, type: 'phys' }, 'spec.nics[0].type'],
  ])('refuses a bad interface (%#) before the shim sees it', (nic, what) => {
    expect(() => validateNics([nic as NicSpec])).toThrow(InvalidArgumentError);
    expect(() => validateNics([nic as NicSpec])).toThrow(what);
  });
});
