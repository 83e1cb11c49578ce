/** Expected paths observed with `lxc-config` (root and `nobody` with HOME set) on LXC 5.0.2. */
import { memoryConfigFs } from './config-fs';
import { defaultConfigPath, globalConfigValue, loadDefaultConfig, lxcPath } from './default-config';

const HOME = '/home/u';
const empty = memoryConfigFs({});

describe('global paths', () => {
  it('uses /etc and /var/lib for root, $HOME for others', () => {
    expect(defaultConfigPath({ uid: 0, home: '/root', fs: empty })).toBe('/etc/lxc/default.conf');
    expect(lxcPath({ uid: 0, home: '/root', fs: empty })).toBe('/var/lib/lxc');
    expect(defaultConfigPath({ uid: 1000, home: HOME, fs: empty })).toBe('/home/u/.config/lxc/default.conf');
    expect(lxcPath({ uid: 1000, home: HOME, fs: empty })).toBe('/home/u/.local/share/lxc');
    expect(lxcPath({ uid: 0, home: '/root', fs: empty, root: '/t' })).toBe('/t/var/lib/lxc');
  });
  it('honours lxc.conf with LXC\'s reading rules', () => {
    const fs = memoryConfigFs({
      '/home/u/.config/lxc/lxc.conf': '# c\nlxc.lxcpath = /srv/lxc//\nlxc.default_config=  "/q"  \nlxc.bogus = 1\nlxc.lxcpath = /second\n',
      '/etc/lxc/lxc.conf': 'lxc.bdev.lvm.vg = vg0\n',
    });
    expect(lxcPath({ uid: 1000, home: HOME, fs })).toBe('/srv/lxc');
    expect(defaultConfigPath({ uid: 1000, home: HOME, fs })).toBe('"/q"  ');
    expect(globalConfigValue('lxc.bdev.lvm.vg', { uid: 0, home: '/root', fs })).toBe('vg0');
    expect(globalConfigValue('lxc.bdev.zfs.root', { uid: 0, home: '/root', fs })).toBe('lxc');
    expect(globalConfigValue('lxc.cgroup.use', { uid: 0, home: '/root', fs })).toBeUndefined();
  });
});

describe('loadDefaultConfig', () => {
  it('parses the default config', () => {
    const fs = memoryConfigFs({ '/etc/lxc/default.conf': 'lxc.net.0.type = veth\nlxc.net.0.link = lxcbr0\n' });
    const d = loadDefaultConfig({ uid: 0, home: '/root', fs });
    expect(d.found).toBe(true);
    expect(d.config.get('lxc.net.0.link')).toBe('lxcbr0');
  });
  it('falls back to an empty config when the file is missing, as lxc-create does', () => {
    const d = loadDefaultConfig({ uid: 1000, home: HOME, fs: empty });
    expect(d).toMatchObject({ path: '/home/u/.config/lxc/default.conf', found: false });
    expect(d.config.serialize()).toBe('');
    expect(d.config.get('lxc.net')).toBe('');
  });
});
