import { placeholderValues, rootfsPath, substitute } from './placeholder.substitution';

describe('placeholders', () => {
  const subs = placeholderValues({ name: 'c1', containerDir: '/var/lib/lxc/c1', rootfs: '/var/lib/lxc/c1/rootfs' });

  it('replaces every LXC_* placeholder globally, with LXC defaults for config and hook dirs', () => {
    const text = 'LXC_NAME LXC_NAME LXC_PATH LXC_ROOTFS LXC_TEMPLATE_CONFIG/x LXC_HOOK_DIR/y';
    expect(substitute(text, subs)).toBe(
      'c1 c1 /var/lib/lxc/c1 /var/lib/lxc/c1/rootfs /usr/share/lxc/config/x /usr/share/lxc/hooks/y',
    );
  });

  it('applies keys in sed order, so a name containing a later key is rewritten too', () => {
    const odd = placeholderValues({ name: 'x-LXC_ROOTFS', containerDir: '/p', rootfs: '/r' });
    expect(substitute('LXC_NAME', odd)).toBe('x-/r');
  });

  it('takes values literally where sed would treat & and # specially', () => {
    const odd = placeholderValues({ name: 'a&b#c', containerDir: '/p', rootfs: '/r' });
    expect(substitute('LXC_NAME', odd)).toBe('a&b#c');
  });

  it('maps in-rootfs paths under the rootfs and rejects ones that climb out', () => {
    expect(rootfsPath('/r', '/etc/hostname')).toBe('/r/etc/hostname');
    expect(rootfsPath('/r', 'etc/../etc/hosts')).toBe('/r/etc/hosts');
    expect(rootfsPath('/r', '/../etc/passwd')).toBeUndefined();
    expect(rootfsPath('/r', '/')).toBeUndefined();
    expect(rootfsPath('/r', '/..hidden')).toBe('/r/..hidden');
  });
});
