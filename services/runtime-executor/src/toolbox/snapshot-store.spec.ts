import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasSnapshots, listSnapshots, nextSnapshotName, snapshotTimestamp } from './snapshot-store';

describe('snapshot store (LXC dir-backend layout)', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'snapstore-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const snap = (name: string, ts: string, comment?: string) => {
    mkdirSync(join(dir, 'snaps', name), { recursive: true });
    writeFileSync(join(dir, 'snaps', name, 'config'), '');
    writeFileSync(join(dir, 'snaps', name, 'ts'), ts);
    if (comment !== undefined) writeFileSync(join(dir, 'snaps', name, 'comment'), comment);
  };

  it('formats ts as LXC does: YYYY:MM:DD HH:MM:SS, no newline', () => {
    expect(snapshotTimestamp(new Date(2026, 10, 29, 9, 5, 3))).toBe('2026:11:29 09:05:03');
  });

  it('takes the lowest free snapN and lists in name order with comments on request', async () => {
    expect(hasSnapshots(dir)).toBe(false);
    expect(nextSnapshotName(dir)).toBe('snap0');
    snap('snap1', '2026:11:29 11:06:47', 'my comment\n');
    snap('snap0', '2026:11:29 11:06:46');
    expect(nextSnapshotName(dir)).toBe('snap2');
    expect(hasSnapshots(dir)).toBe(true);
    expect(await listSnapshots(dir, false)).toEqual([
      { name: 'snap0', lxcpath: join(dir, 'snaps'), timestamp: '2026:11:29 11:06:46' },
      { name: 'snap1', lxcpath: join(dir, 'snaps'), timestamp: '2026:11:29 11:06:47' },
    ]);
    expect((await listSnapshots(dir, true))[1].comment).toBe('my comment\n');
  });

  it('skips entries without a config, like LXC skips undefined containers', async () => {
    mkdirSync(join(dir, 'snaps', 'junk'), { recursive: true });
    expect(await listSnapshots(dir, false)).toEqual([]);
    expect(nextSnapshotName(dir)).toBe('snap0');
  });
});
