import { composeLocalConfig } from './local-config.composer';

// Saved config of `lxc-create -t local` with Debian's default.conf, and what LXC 5.0.2
// left in the file (header removed) with an image config of two lines.
const DEFAULT_CONF = [
  'lxc.net.0.type = veth', 'lxc.net.0.link = lxcbr0', 'lxc.net.0.flags = up',
  'lxc.apparmor.profile = generated', 'lxc.apparmor.allow_nesting = 1', 'lxc.rootfs.path = dir:/v/b/rootfs',
];

describe('composeLocalConfig', () => {
  const base = { name: 'b', containerDir: '/v/b', imageConfig: 'lxc.include = X\nlxc.arch = x86_64\n', hasFstab: false };

  it('reorders into distribution, container and network sections as observed', () => {
    expect(composeLocalConfig({ ...base, saved: DEFAULT_CONF })).toEqual([
      '', '# Distribution configuration', 'lxc.include = X', 'lxc.arch = x86_64',
      '', '# Container specific configuration',
      'lxc.apparmor.profile = generated', 'lxc.apparmor.allow_nesting = 1', 'lxc.rootfs.path = dir:/v/b/rootfs',
      'lxc.uts.name = b',
      '', '# Network configuration', 'lxc.net.0.type = veth', 'lxc.net.0.link = lxcbr0', 'lxc.net.0.flags = up',
    ]);
  });

  it('moves comments mentioning lxc with their regex match, keeps others on top, always writes the network header', () => {
    const saved = ['# plain', '# about lxc.x', '#lxc.net.0.type = x', 'lxc.apparmor.profile = unconfined'];
    const out = composeLocalConfig({ ...base, saved, hasFstab: true });
    expect(out.slice(0, 2)).toEqual(['# plain', '']);
    expect(out.slice(out.indexOf('# Container specific configuration') + 1)).toEqual([
      '# about lxc.x', 'lxc.apparmor.profile = unconfined', 'lxc.mount.fstab = /v/b/fstab', 'lxc.uts.name = b',
      '', '# Network configuration', '#lxc.net.0.type = x',
    ]);
    const noNet = composeLocalConfig({ ...base, saved: [] });
    expect(noNet.slice(-2)).toEqual(['', '# Network configuration']);
  });

  it('lets an image config without a final newline swallow the blank line, as cat then echo does', () => {
    const out = composeLocalConfig({ ...base, saved: [], imageConfig: 'lxc.arch = x86_64' });
    expect(out.slice(0, 4)).toEqual(['', '# Distribution configuration', 'lxc.arch = x86_64', '# Container specific configuration']);
  });
});
