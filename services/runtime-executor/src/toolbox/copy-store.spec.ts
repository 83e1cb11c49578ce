import { fullCopyOnOverlay } from './copy.service';

describe('fullCopyOnOverlay (lxc-copy without -s onto overlay, refused as LXC)', () => {
  it('follows -B, else the source\'s store', () => {
    expect(fullCopyOnOverlay('dir', 'overlay')).toBe(true);
    expect(fullCopyOnOverlay(undefined, 'overlayfs')).toBe(true);
    expect(fullCopyOnOverlay('overlay', undefined)).toBe(true);
    expect(fullCopyOnOverlay('overlay', 'dir')).toBe(false);
    expect(fullCopyOnOverlay('dir', undefined)).toBe(false);
    expect(fullCopyOnOverlay(undefined, undefined)).toBe(false);
  });

  it('into another lxcpath without -B, LXC makes a dir copy (observed: lxc-copy -p of an overlay clone gives dir:)', () => {
    expect(fullCopyOnOverlay('overlay', undefined, true)).toBe(false);
    expect(fullCopyOnOverlay('overlay', 'overlay', true)).toBe(true);
  });
});
