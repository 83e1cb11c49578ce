import { rootfsOptions } from './rootfs-options';

const plain = { userns: false, overlay: false };

describe('rootfsOptions', () => {
  it('passes flags and data through, comma-joined, without blanks', () => {
    expect(rootfsOptions('ro, nosuid,,nodev', plain)).toEqual({ options: 'ro,nosuid,nodev', idmap: false });
    expect(rootfsOptions(undefined, plain)).toEqual({ options: undefined, idmap: false });
    expect(rootfsOptions('', plain)).toEqual({ options: undefined, idmap: false });
  });

  it('takes idmap=container out; it only counts with a user namespace, as LXC ignores it otherwise', () => {
    expect(rootfsOptions('idmap=container,ro', { userns: true, overlay: false })).toEqual({ options: 'ro', idmap: true });
    expect(rootfsOptions('idmap=container', plain)).toEqual({ options: undefined, idmap: false });
  });

  it('refuses what it cannot honour, with the key named', () => {
    expect(() => rootfsOptions('idmap=/proc/1/ns/user', plain)).toThrow(/only idmap=container/);
    expect(() => rootfsOptions('idmap=container', { userns: true, overlay: true })).toThrow(/overlay rootfs is not supported/);
    try {
      rootfsOptions('idmap=x', plain);
    } catch (err) {
      expect((err as { code: string }).code).toBe('UNSUPPORTED');
    }
  });
});
