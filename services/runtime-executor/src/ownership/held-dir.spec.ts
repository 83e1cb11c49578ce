import { ForbiddenError } from '@lxcbus/contracts';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeldDir } from './held-dir';
import { holdUserLxcpath, removeHeldTree } from './user-tree';

const asRoot = process.getuid?.() === 0;
const itRoot = asRoot ? it : it.skip;
const alice = { name: 'alice', uid: 4242, gid: 4242, home: '/nonexistent', shell: '/bin/sh' };

describe('held directories: root writes only where it checked', () => {
  let dir: string;
  let victim: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lxcbus-held-'));
    victim = join(dir, 'victim');
    mkdirSync(victim);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes relative to the held fd: a directory swapped for a symlink after the check is not followed', () => {
    const lxcpath = join(dir, 'lxc');
    mkdirSync(lxcpath);
    const held = HeldDir.open(lxcpath);
    // The swap: the checked directory moves away, a link to the victim takes its name.
    renameSync(lxcpath, `${lxcpath}.old`);
    symlinkSync(victim, lxcpath);
    held.mkdir('c1', 0o770);
    const c = held.sub('c1');
    c.writeNew('config', 'lxc.uts.name = c1\n', 0o640);
    c.close();
    held.close();
    expect(readdirSync(victim)).toEqual([]);
    expect(readFileSync(join(`${lxcpath}.old`, 'c1', 'config'), 'utf8')).toBe('lxc.uts.name = c1\n');
  });

  it('refuses a symlink met on the walk, naming the swap', () => {
    mkdirSync(join(dir, 'home'));
    // A directory others can write: whoever wrote the link there, it is not to be trusted.
    chmodSync(join(dir, 'home'), 0o777);
    symlinkSync(victim, join(dir, 'home', 'share'));
    expect(() => HeldDir.open(join(dir, 'home', 'share', 'lxc'))).toThrow(ForbiddenError);
    expect(() => HeldDir.open(join(dir, 'home', 'share'))).toThrow(/replaced by a symlink/);
  });

  it('never creates through a planted file name (O_EXCL, O_NOFOLLOW)', () => {
    const held = HeldDir.open(dir);
    symlinkSync(join(victim, 'owned'), join(dir, 'config.tmp'));
    expect(() => held.writeNew('config.tmp', 'x', 0o640)).toThrow(/EEXIST/);
    held.close();
    expect(existsSync(join(victim, 'owned'))).toBe(false);
  });

  itRoot('follows a symlink only root could have planted (root-owned, not group/other writable)', () => {
    mkdirSync(join(victim, 'lxc'));
    symlinkSync(victim, join(dir, 'data'));
    const held = HeldDir.open(join(dir, 'data', 'lxc'));
    expect(statSync(`/proc/self/fd/${held.fd}`).ino).toBe(statSync(join(victim, 'lxc')).ino);
    held.close();
  });

  itRoot('following a trusted symlink keeps no descriptor open on the way', () => {
    mkdirSync(join(dir, 'data', 'lxc'), { recursive: true });
    symlinkSync(join(dir, 'data'), join(dir, 'home'));
    const fds = () => readdirSync('/proc/self/fd').length;
    HeldDir.open(join(dir, 'home', 'lxc')).close();
    const before = fds();
    for (let i = 0; i < 5; i++) HeldDir.open(join(dir, 'home', 'lxc')).close();
    expect(fds()).toBe(before);
  });

  itRoot("her lxcpath: a planted ~/.local/share -> elsewhere stops root before it makes or chowns anything", () => {
    const home = join(dir, 'alice');
    mkdirSync(join(home, '.local'), { recursive: true });
    chownSync(home, alice.uid, alice.gid);
    chownSync(join(home, '.local'), alice.uid, alice.gid);
    symlinkSync(victim, join(home, '.local', 'share'));
    expect(() => holdUserLxcpath(join(home, '.local/share/lxc'), alice)).toThrow(ForbiddenError);
    expect(readdirSync(victim)).toEqual([]);
    expect(statSync(victim).uid).toBe(0);
  });

  itRoot('her lxcpath: made one directory at a time and handed to her; an existing one must be hers', () => {
    const home = join(dir, 'alice');
    mkdirSync(home);
    chownSync(home, alice.uid, alice.gid);
    const held = holdUserLxcpath(join(home, '.local/share/lxc'), alice);
    held.close();
    for (const p of ['.local', '.local/share', '.local/share/lxc']) expect(statSync(join(home, p)).uid).toBe(alice.uid);
    expect(() => holdUserLxcpath(victim, alice)).toThrow(/does not belong to alice/);
  });

  itRoot('removes a container tree by fd; a container dir swapped for a link is refused and the target kept', async () => {
    const lxcpath = join(dir, 'lxc');
    mkdirSync(join(lxcpath, 'c1', 'rootfs', 'etc'), { recursive: true });
    writeFileSync(join(lxcpath, 'c1', 'rootfs', 'etc', 'hostname'), 'c1\n');
    symlinkSync(victim, join(lxcpath, 'c1', 'rootfs', 'escape'));
    writeFileSync(join(victim, 'precious'), 'x');
    const held = HeldDir.open(lxcpath);
    await removeHeldTree(held, 'c1');
    expect(existsSync(join(lxcpath, 'c1'))).toBe(false);
    expect(existsSync(join(victim, 'precious'))).toBe(true);
    symlinkSync(victim, join(lxcpath, 'c2'));
    await expect(removeHeldTree(held, 'c2')).rejects.toThrow(ForbiddenError);
    expect(existsSync(join(victim, 'precious'))).toBe(true);
    held.close();
  });
});
