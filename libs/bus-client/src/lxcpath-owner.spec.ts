import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLxcpathOwner, type OwnershipFs } from './lxcpath-owner';

/** A directory tree as a map of path -> owner uid; links as path -> target. */
function fakeFs(owners: Record<string, number>, links: Record<string, string> = {}): OwnershipFs {
  return {
    realpath: (p) => {
      for (const [from, to] of Object.entries(links)) if (p === from || p.startsWith(`${from}/`)) return to + p.slice(from.length);
      if (!(p in owners)) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
      return p;
    },
    uidOf: (p) => owners[p],
  };
}

describe('checkLxcpathOwner', () => {
  let dir: string;
  let passwd: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lxcbus-owner-'));
    passwd = join(dir, 'passwd');
    writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/sh\nalice:x:1001:1001::/home/alice:/bin/sh\nbob:x:1002:1002::/home/bob:/bin/sh\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const tree = { '/': 0, '/home': 0, '/home/alice': 1001, '/home/bob': 1002, '/home/bob/.local/share/lxc': 1002, '/var/lib/lxc': 0, '/srv': 0, '/srv/alice-lxc': 1001 };
  const check = (owner: string, path: string, fs = fakeFs(tree)) => checkLxcpathOwner(owner, path, { rootLxcpath: '/var/lib/lxc', passwdFile: passwd, fs });

  it('lets root name any lxcpath', () => {
    expect(check('root', '/home/bob/.local/share/lxc')).toEqual({ ok: true });
  });

  it('lets alice name her default, existing or not yet, and directories she owns', () => {
    expect(check('alice', '/home/alice/.local/share/lxc')).toEqual({ ok: true });
    expect(check('alice', '/srv/alice-lxc')).toEqual({ ok: true });
    expect(check('alice', '/srv/alice-lxc/new/deeper')).toEqual({ ok: true });
    const noHome: Record<string, number> = { '/': 0, '/home': 0 };
    expect(check('alice', '/home/alice/.local/share/lxc', fakeFs(noHome))).toEqual({ ok: true });
  });

  it("refuses bob's and root's directories, naming the owner", () => {
    expect(check('alice', '/home/bob/.local/share/lxc')).toEqual({ ok: false, reason: expect.stringContaining('owned by uid 1002, alice is uid 1001') });
    expect(check('alice', '/var/lib/lxc')).toMatchObject({ ok: false });
    expect(check('alice', '/srv/new-lxc')).toMatchObject({ ok: false });
    expect(check('alice', '/home/alice/../bob/.local/share/lxc')).toMatchObject({ ok: false });
  });

  it("judges a symlink by its target: a link in alice's home to bob's lxcpath is bob's", () => {
    const fs = fakeFs(tree, { '/home/alice/sneaky': '/home/bob/.local/share/lxc' });
    expect(check('alice', '/home/alice/sneaky', fs)).toMatchObject({ ok: false });
    expect(check('alice', '/home/alice/sneaky/more', fs)).toMatchObject({ ok: false });
  });

  it('refuses an owner that is not a user here, and relative paths', () => {
    expect(check('mallory', '/srv/alice-lxc')).toEqual({ ok: false, reason: 'owner mallory is not a user on this host' });
    expect(check('alice', 'lxc')).toMatchObject({ ok: false });
  });
});
