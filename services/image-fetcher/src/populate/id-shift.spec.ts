import { execFileSync } from 'node:child_process';
import { chmodSync, linkSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, lchownSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IdmapEntry } from '@lxcbus/contracts';
import { hostId, shiftOwnership } from './id-shift';

const MAPS: IdmapEntry[] = [
  { kind: 'u', nsid: 0, hostid: 100000, range: 65536 },
  { kind: 'g', nsid: 0, hostid: 200000, range: 1000 },
];

describe('hostId', () => {
  it('maps container ids through the map and unmapped ones to the mapped root', () => {
    expect(hostId(MAPS, 'u', 0)).toBe(100000);
    expect(hostId(MAPS, 'u', 1000)).toBe(101000);
    expect(hostId(MAPS, 'g', 5)).toBe(200005);
    expect(hostId(MAPS, 'g', 5000)).toBe(200000);
  });
});

const asRoot = process.getuid?.() === 0 ? it : it.skip;

describe('shiftOwnership', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'idshift-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  asRoot('chowns every entry once, keeps setuid bits, and re-writes file capabilities as namespaced', async () => {
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin/su'), 'x');
    chmodSync(join(dir, 'bin/su'), 0o4755);
    writeFileSync(join(dir, 'bin/user-file'), 'x');
    lchownSync(join(dir, 'bin/user-file'), 1000, 5);
    linkSync(join(dir, 'bin/user-file'), join(dir, 'hardlink'));
    symlinkSync('bin/su', join(dir, 'link'));
    writeFileSync(join(dir, 'bin/ping'), 'x');
    const withCaps = (() => {
      try {
        execFileSync('setcap', ['cap_net_raw=ep', join(dir, 'bin/ping')]);
        return true;
      } catch {
        return false;
      }
    })();
    const r = await shiftOwnership(dir, MAPS);
    expect(lstatSync(dir).uid).toBe(100000);
    expect(lstatSync(join(dir, 'bin/su'))).toMatchObject({ uid: 100000, gid: 200000 });
    expect(lstatSync(join(dir, 'bin/su')).mode & 0o7777).toBe(0o4755);
    expect(lstatSync(join(dir, 'hardlink'))).toMatchObject({ uid: 101000, gid: 200005 });
    expect(lstatSync(join(dir, 'link')).uid).toBe(100000);
    expect(r.entries).toBe(6); // the hard link is one inode
    if (withCaps) {
      expect(r.capabilities).toBe(1);
      expect(execFileSync('getcap', ['-n', join(dir, 'bin/ping')]).toString()).toMatch(/cap_net_raw=ep \[rootid=100000\]/);
    }
  });
});
