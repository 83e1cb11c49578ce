import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isNativeBuilt } from './addon';
import { nativeXattrs } from './xattrs';

const itBuilt = isNativeBuilt() ? it : it.skip;
if (!isNativeBuilt()) console.warn('SKIP xattr addon spec: native/build is not built');

describe('nativeXattrs (l*xattr through the addon)', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'xattrs-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  itBuilt('sets, lists, reads and removes user attributes; absent ones are null / no error', () => {
    const x = nativeXattrs();
    const f = join(dir, 'f');
    writeFileSync(f, '');
    expect(x.get(f, 'user.lxcbus')).toBeNull();
    x.set(f, 'user.lxcbus', Buffer.from('y'));
    expect(x.list(f)).toContain('user.lxcbus');
    expect(x.get(f, 'user.lxcbus')?.toString()).toBe('y');
    x.remove(f, 'user.lxcbus');
    x.remove(f, 'user.lxcbus');
    expect(x.get(f, 'user.lxcbus')).toBeNull();
  });

  itBuilt('does not follow symlinks and reports a missing path as ENOENT', () => {
    const x = nativeXattrs();
    symlinkSync(join(dir, 'nowhere'), join(dir, 'l'));
    expect(x.list(join(dir, 'l'))).toEqual([]);
    expect(() => x.list(join(dir, 'missing'))).toThrow(expect.objectContaining({ code: 'ENOENT', syscall: 'llistxattr' }));
  });
});
