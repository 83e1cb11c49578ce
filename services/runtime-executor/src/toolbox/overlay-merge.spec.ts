import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Xattrs } from '@lxcbus/native';
import { copyMergedView } from './overlay-merge';

/** overlayfs's attributes kept in memory: the unit tier cannot set trusted.* (the system test uses a real overlay). */
function fakeXattrs(): Xattrs & { attrs: Map<string, Map<string, Buffer>> } {
  const attrs = new Map<string, Map<string, Buffer>>();
  const of = (p: string) => attrs.get(p) ?? attrs.set(p, new Map()).get(p)!;
  return {
    attrs,
    list: (p) => [...(attrs.get(p)?.keys() ?? [])],
    get: (p, n) => attrs.get(p)?.get(n) ?? null,
    set: (p, n, v) => { of(p).set(n, v); },
    remove: (p, n) => { attrs.get(p)?.delete(n); },
  };
}

const canMknod = process.getuid?.() === 0;

describe('copyMergedView (an overlay\'s merged view as a plain tree)', () => {
  let dir: string;
  const lower = () => join(dir, 'lower');
  const upper = () => join(dir, 'upper');
  const dst = () => join(dir, 'dst');
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ovl-merge-'));
    mkdirSync(join(lower(), 'etc', 'init.d'), { recursive: true });
    mkdirSync(join(lower(), 'bin'));
    writeFileSync(join(lower(), 'etc', 'passwd'), 'root');
    writeFileSync(join(lower(), 'etc', 'init.d', 'rcS'), 'old');
    writeFileSync(join(lower(), 'bin', 'sh'), 'sh');
    mkdirSync(join(upper(), 'etc', 'init.d'), { recursive: true });
    mkdirSync(join(upper(), 'new'), { mode: 0o700 });
    writeFileSync(join(upper(), 'etc', 'hostname'), 'c1');
    writeFileSync(join(upper(), 'bin'), 'now a file');
    writeFileSync(join(upper(), 'etc', 'init.d', 'rcS2'), 'new');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('adds and replaces entries, merges directories, replaces an opaque one, drops overlayfs\'s attributes', async () => {
    const x = fakeXattrs();
    x.set(join(upper(), 'etc', 'init.d'), 'trusted.overlay.opaque', Buffer.from('y'));
    x.set(join(upper(), 'etc', 'hostname'), 'trusted.overlay.origin', Buffer.from('fh'));
    x.set(join(upper(), 'new'), 'user.keep', Buffer.from('1'));
    await copyMergedView(lower(), upper(), dst(), x);
    expect(readdirSync(join(dst(), 'etc')).sort()).toEqual(['hostname', 'init.d', 'passwd']);
    expect(readdirSync(join(dst(), 'etc', 'init.d'))).toEqual(['rcS2']);
    expect(readFileSync(join(dst(), 'bin'), 'utf8')).toBe('now a file');
    expect(statSync(join(dst(), 'new')).mode & 0o777).toBe(0o700);
    expect(x.get(join(dst(), 'new'), 'user.keep')?.toString()).toBe('1');
    // The layers are untouched.
    expect(readFileSync(join(lower(), 'etc', 'init.d', 'rcS'), 'utf8')).toBe('old');
  });

  it('keeps files hard-linked inside the upper layer linked', async () => {
    writeFileSync(join(upper(), 'a'), 'same');
    linkSync(join(upper(), 'a'), join(upper(), 'etc', 'b'));
    await copyMergedView(lower(), upper(), dst(), fakeXattrs());
    expect(statSync(join(dst(), 'a')).ino).toBe(statSync(join(dst(), 'etc', 'b')).ino);
    expect(statSync(join(dst(), 'a')).ino).not.toBe(statSync(join(upper(), 'a')).ino);
  });

  (canMknod ? it : it.skip)('a whiteout removes the lower entry and is not copied', async () => {
    expect(spawnSync('mknod', [join(upper(), 'etc', 'passwd'), 'c', '0', '0']).status).toBe(0);
    await copyMergedView(lower(), upper(), dst(), fakeXattrs());
    expect(existsSync(join(dst(), 'etc', 'passwd'))).toBe(false);
    expect(existsSync(join(lower(), 'etc', 'passwd'))).toBe(true);
  });

  it('refuses redirected directories and metacopy files', async () => {
    const x = fakeXattrs();
    x.set(join(upper(), 'new'), 'trusted.overlay.redirect', Buffer.from('/old'));
    await expect(copyMergedView(lower(), upper(), dst(), x)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });
});
