import { parseCidr } from '../leases/ipv4';
import { dnsmasqArgs, dnsmasqFiles, dnsmasqUser, hostsFileText } from './dnsmasq-args';

describe('dnsmasq as lxc-net runs it', () => {
  it('serves only the bridge, from the bridge address, with static reservations', () => {
    const files = dnsmasqFiles('/run/x', 'lxcbr0');
    const args = dnsmasqArgs({ name: 'lxcbr0', ...parseCidr('10.0.3.1/24') }, files, 'nobody');
    expect(args).toEqual(expect.arrayContaining([
      '--conf-file=/dev/null', '--strict-order', '--bind-dynamic', '--listen-address=10.0.3.1', '--interface=lxcbr0',
      '--except-interface=lo', '--dhcp-range=10.0.3.0,static,255.255.255.0', '--dhcp-lease-max=253', '--dhcp-no-override',
      '--dhcp-authoritative', '--pid-file=/run/x/lxcbr0.pid', '--dhcp-leasefile=/run/x/lxcbr0.leases',
      '--dhcp-hostsfile=/run/x/lxcbr0.hosts', '--user=nobody',
    ]));
  });

  it('picks lxc-dnsmasq, then dnsmasq, then nobody; writes mac,ip lines', () => {
    expect(dnsmasqUser('root:x:0:0\ndnsmasq:x:1:1\nlxc-dnsmasq:x:2:2\n')).toBe('lxc-dnsmasq');
    expect(dnsmasqUser('root:x:0:0\ndnsmasq:x:1:1\n')).toBe('dnsmasq');
    expect(dnsmasqUser('root:x:0:0\n')).toBe('nobody');
    expect(hostsFileText([{ mac: '00:16:3e:00:00:02', ip: '10.0.3.9' }])).toBe('00:16:3e:00:00:02,10.0.3.9\n');
  });
});
