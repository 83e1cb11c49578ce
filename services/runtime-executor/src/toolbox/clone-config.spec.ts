import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cloneConfigText, randomHwaddr } from './clone-config';

const fixture = (f: string) => readFileSync(join(__dirname, 'fixtures', f), 'utf8');
const HWADDR = /^(lxc\.net\.0\.hwaddr = )00:16:3e:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$/m;
const naming = { oldDir: '/tmp/realp/a3', newDir: '/tmp/realp/b3', newName: 'b3', newRootfs: 'dir:/tmp/realp/b3/rootfs' };

describe('cloneConfigText side by side with lxc-copy of LXC 5.0.2', () => {
  it('writes what lxc-copy wrote, but for the random MAC', () => {
    const ours = cloneConfigText(fixture('clone-source.config'), { ...naming, keepName: false, keepMac: false }, '/tmp/realp/a3/fstab');
    const real = fixture('clone-lxc-copy.config');
    expect(ours.replace(HWADDR, '$1X')).toBe(real.replace(HWADDR, '$1X'));
    expect(ours).toMatch(HWADDR);
    expect(ours).not.toContain('00:16:3e:11:22:33');
  });

  it('-K keeps lxc.uts.name in place and -M keeps the MAC', () => {
    const ours = cloneConfigText(fixture('clone-source.config'), { ...naming, keepName: true, keepMac: true }, '/tmp/realp/a3/fstab');
    expect(ours).toContain('lxc.uts.name = "a3"\nlxc.autodev = 1\n');
    expect(ours).toContain('lxc.net.0.hwaddr = 00:16:3e:11:22:33\n');
    expect(ours.endsWith('lxc.rootfs.path = dir:/tmp/realp/b3/rootfs\nlxc.mount.fstab = /tmp/realp/b3/fstab\n')).toBe(true);
  });

  it('leaves hooks outside the old directory and commented keys alone', () => {
    const text = '#lxc.rootfs.path = x\nlxc.hook.start = /usr/bin/h\nlxc.hook.stop = /tmp/realp/a3x/h\n';
    expect(cloneConfigText(text, { ...naming, keepName: true, keepMac: false })).toBe(
      '#lxc.rootfs.path = x\nlxc.hook.start = /usr/bin/h\nlxc.hook.stop = /tmp/realp/a3x/h\nlxc.rootfs.path = dir:/tmp/realp/b3/rootfs\n');
  });

  it('new MACs have LXC prefix 00:16:3e and differ between calls', () => {
    const macs = new Set(Array.from({ length: 20 }, () => randomHwaddr()));
    for (const m of macs) expect(m).toMatch(/^00:16:3e(:[0-9a-f]{2}){3}$/);
    expect(macs.size).toBeGreaterThan(15);
  });
});
