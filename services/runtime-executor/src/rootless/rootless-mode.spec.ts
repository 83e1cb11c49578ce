import { RootlessUnsupportedError } from '@lxcbus/contracts';
import { parseConfigText } from '../containers/config-loader';
import { assertRootlessNet, isRootless, rootlessNotice, selfNsId } from './rootless-mode';

const config = (text: string) => parseConfigText(text, '/test/config');

describe('rootless mode', () => {
  it('is anyone but root', () => {
    expect(isRootless(0)).toBe(false);
    expect(isRootless(1001)).toBe(true);
    expect(rootlessNotice(0)).toBeNull();
    expect(rootlessNotice(1001)).toMatch(/no cgroup.*none is delegated/);
  });

  it('lets empty networking through and refuses veth, macvlan and none, naming the key and why', () => {
    expect(() => assertRootlessNet(config('lxc.net.0.type = empty\n'), 'alice')).not.toThrow();
    expect(() => assertRootlessNet(config(''), 'alice')).not.toThrow();
    const veth = config('lxc.net.0.type = empty\nlxc.net.1.type = veth\nlxc.net.1.link = lxcbr0\n');
    expect(() => assertRootlessNet(veth, 'alice')).toThrow(RootlessUnsupportedError);
    expect(() => assertRootlessNet(veth, 'alice')).toThrow(/lxc\.net\.1\.type = veth .*CAP_NET_ADMIN.*lxc-user-nic/);
    expect(() => assertRootlessNet(config('lxc.net.0.type = macvlan\nlxc.net.0.link = eth0\n'), 'alice')).toThrow(/macvlan/);
    expect(() => assertRootlessNet(config('lxc.net.0.type = none\n'), 'alice')).toThrow(/host network namespace/);
  });

  it("puts the executor's own id past the ranges covering ns id 0, as lxc-usernsexec -s", () => {
    const maps = [{ kind: 'u' as const, nsid: 0, hostid: 100000, range: 65536 }, { kind: 'g' as const, nsid: 0, hostid: 100000, range: 65536 }];
    expect(selfNsId(maps, 'u')).toBe(65536);
    expect(selfNsId(maps, 'g')).toBe(65536);
    expect(selfNsId([...maps, { kind: 'g', nsid: 65536, hostid: 300000, range: 10 }], 'g')).toBe(65546);
    expect(selfNsId([{ kind: 'u', nsid: 1, hostid: 100000, range: 5 }], 'u')).toBe(0);
  });
});
