import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadRequestError } from '@lxcbus/contracts';
import { checkResolvedPaths, checkSpelledPaths, isWithin } from './container-paths';

const base = { name: 'c1', lxcpath: '/var/lib/lxc', containerDir: '/var/lib/lxc/c1', rootfs: '/var/lib/lxc/c1/rootfs' };

describe('checkSpelledPaths', () => {
  it('accepts the layout lxc-create uses, with or without a trailing slash', () => {
    expect(checkSpelledPaths(base)).toEqual({ home: '/var/lib/lxc/c1', containerDir: '/var/lib/lxc/c1', rootfs: '/var/lib/lxc/c1/rootfs' });
    expect(checkSpelledPaths({ ...base, rootfs: '/var/lib/lxc/c1/rootfs/' }).rootfs).toBe('/var/lib/lxc/c1/rootfs');
  });

  it.each([
    ['rootfs', { rootfs: '/etc' }],
    ['rootfs', { rootfs: '/var/lib/lxc/c1/../c2/rootfs' }],
    ['rootfs', { rootfs: '/var/lib/lxc/c1' }],
    ['rootfs', { rootfs: '/var/lib/lxc/c10/rootfs' }],
    ['containerDir', { containerDir: '/var/lib/lxc' }],
    ['containerDir', { containerDir: '/var/lib//lxc/c1' }],
    ['lxcpath', { lxcpath: '/var/lib/lxc/../..' }],
  ])('refuses %s %j with BAD_REQUEST naming the field', (field, patch) => {
    const run = () => checkSpelledPaths({ ...base, ...patch });
    expect(run).toThrow(BadRequestError);
    try {
      run();
    } catch (err) {
      expect((err as BadRequestError).details).toMatchObject({ field });
    }
  });

  it('isWithin compares path segments, not string prefixes', () => {
    expect(isWithin('/a/b', '/a/b/c', false)).toBe(true);
    expect(isWithin('/a/b', '/a/bc', false)).toBe(false);
    expect(isWithin('/a/b', '/a/b', false)).toBe(false);
    expect(isWithin('/a/b', '/a/b', true)).toBe(true);
  });
});

describe('checkResolvedPaths', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lxcbus-paths-'));
    mkdirSync(join(dir, 'lxc', 'c1'), { recursive: true });
    mkdirSync(join(dir, 'elsewhere'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const req = (d: string) => ({ name: 'c1', lxcpath: join(d, 'lxc'), containerDir: join(d, 'lxc', 'c1'), rootfs: join(d, 'lxc', 'c1', 'rootfs') });

  it('accepts a rootfs that does not exist yet', async () => {
    await expect(checkResolvedPaths(checkSpelledPaths(req(dir)), join(dir, 'lxc'))).resolves.toBeUndefined();
  });

  it('refuses a rootfs that is a symlink out of the container directory', async () => {
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'lxc', 'c1', 'rootfs'));
    await expect(checkResolvedPaths(checkSpelledPaths(req(dir)), join(dir, 'lxc'))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      details: { field: 'rootfs', resolved: join(dir, 'elsewhere') },
    });
  });

  it('refuses a container directory that is itself a symlink', async () => {
    rmSync(join(dir, 'lxc', 'c1'), { recursive: true });
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'lxc', 'c1'));
    await expect(checkResolvedPaths(checkSpelledPaths(req(dir)), join(dir, 'lxc'))).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      details: { field: 'containerDir' },
    });
  });

  it('accepts an lxcpath that is reached through a symlink', async () => {
    symlinkSync(join(dir, 'lxc'), join(dir, 'link'));
    const viaLink = { name: 'c1', lxcpath: join(dir, 'link'), containerDir: join(dir, 'link', 'c1'), rootfs: join(dir, 'link', 'c1', 'rootfs') };
    await expect(checkResolvedPaths(checkSpelledPaths(viaLink), viaLink.lxcpath)).resolves.toBeUndefined();
  });
});
