import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageUnsafeError } from '@lxcbus/contracts';
import { writeTar, type CraftedEntry } from '../../../../test/fixtures/image-server/crafted-tar';
import { checkArchive, devicesLeft, excludeMatcher } from './archive-safety';
import { readTarEntries } from './tar-headers';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lxcbus-safety-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function judge(entries: CraftedEntry[]) {
  const file = writeTar(join(dir, 'x.tar.xz'), entries);
  return checkArchive('x.tar.xz', await readTarEntries(file));
}

describe('checkArchive on crafted tarballs', () => {
  it('passes an ordinary tree and records its device nodes', async () => {
    const s = await judge([
      { name: './', type: 'dir' }, { name: './bin/', type: 'dir' }, { name: './bin/busybox', body: 'ELF' },
      { name: './bin/sh', type: 'symlink', linkname: 'busybox' }, { name: './sbin/init', type: 'symlink', linkname: '/bin/busybox' },
      { name: './usr/bin/bb', type: 'hardlink', linkname: './bin/busybox' }, { name: './etc/mtab', type: 'symlink', linkname: '../proc/self/mounts' },
      { name: './dev/null', type: 'char', major: 1, minor: 3 }, { name: './dev/sda', type: 'block', major: 8, minor: 0 },
    ]);
    expect(s).toEqual({ devices: ['dev/null', 'dev/sda'], members: 9 });
  });

  it.each<[string, CraftedEntry[], RegExp]>([
    ['a ".." member', [{ name: './../../etc/passwd', body: 'x' }], /absolute or contains "\.\."/],
    ['an absolute member', [{ name: '/etc/passwd', body: 'x' }], /absolute/],
    ['a write through its own symlink', [{ name: 'etc', type: 'symlink', linkname: '/etc' }, { name: 'etc/passwd', body: 'x' }], /through the symlink "etc"/],
    ['a write through a relative symlink', [{ name: 'a', type: 'symlink', linkname: '.' }, { name: 'a/b', body: 'x' }], /through the symlink "a"/],
    ['a hard link out of the tree', [{ name: 'shadow', type: 'hardlink', linkname: '../../etc/shadow' }], /hard link to "\.\.\/\.\.\/etc\/shadow"/],
    ['an absolute hard link', [{ name: 'shadow', type: 'hardlink', linkname: '/etc/shadow' }], /outside the rootfs/],
    ['a hard link to a host file not in the archive', [{ name: 'x', type: 'hardlink', linkname: 'etc/shadow' }], /not an earlier member/],
    ['a hard link through a symlink', [{ name: 'l', type: 'symlink', linkname: '/etc' }, { name: 'x', type: 'hardlink', linkname: 'l/shadow' }], /through a symlink/],
    ['a relative symlink climbing out', [{ name: 'etc/x', type: 'symlink', linkname: '../../../etc/shadow' }], /leaves the rootfs/],
  ])('refuses %s', async (_label, entries, why) => {
    const run = judge(entries);
    await expect(run).rejects.toBeInstanceOf(ImageUnsafeError);
    await expect(judge(entries)).rejects.toThrow(why);
  });

  it('reads GNU long names and pax paths written by real tar', async () => {
    const long = `${'d'.repeat(120)}/${'f'.repeat(120)}`;
    mkdirSync(join(dir, 'src', 'd'.repeat(120)), { recursive: true });
    writeFileSync(join(dir, 'src', long), 'x');
    symlinkSync(`/${'t'.repeat(150)}`, join(dir, 'src', 'longlink'));
    for (const format of ['gnu', 'pax']) {
      const file = join(dir, `${format}.tar.gz`);
      execFileSync('tar', [`--format=${format}`, '-czf', file, '-C', join(dir, 'src'), '.']);
      const entries = await readTarEntries(file);
      expect(entries).toEqual(expect.arrayContaining([
        { name: `./${long}`, type: 'file', linkname: '' },
        { name: './longlink', type: 'symlink', linkname: `/${'t'.repeat(150)}` },
      ]));
    }
  });
});

describe('user-mode device check', () => {
  it('keeps only the devices the excludes list does not drop (anchored, ./ ignored, globs)', () => {
    expect(devicesLeft(['dev/null', 'dev/zero', 'dev/sda'], ['./dev/null', './dev/zero'])).toEqual(['dev/sda']);
    expect(devicesLeft(['dev/null', 'dev/sda'], ['./dev/*'])).toEqual([]);
    expect(excludeMatcher('./dev/null')('x/dev/null')).toBe(false);
  });
});
