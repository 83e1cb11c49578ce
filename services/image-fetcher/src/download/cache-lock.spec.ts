import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withFileLock } from './cache-lock';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'lxcbus-lock-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('withFileLock', () => {
  it('serialises holders and removes the lock file after', async () => {
    const lock = join(dir, 'x.lock');
    const order: string[] = [];
    const hold = (id: string) => withFileLock(lock, 60_000, async () => {
      order.push(`in ${id}`);
      await new Promise((r) => setTimeout(r, 30));
      order.push(`out ${id}`);
    });
    await Promise.all([hold('a'), hold('b')]);
    expect(order).toEqual(['in a', 'out a', 'in b', 'out b']);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('waits while another live process holds the lock', async () => {
    const lock = join(dir, 'z.lock');
    const child = spawn(process.execPath, ['-e', `setTimeout(() => require('fs').rmSync(${JSON.stringify(lock)}), 400)`]);
    const exited = new Promise((r) => child.once('exit', r));
    writeFileSync(lock, `${child.pid}\n`);
    const t0 = Date.now();
    await withFileLock(lock, 60_000, async () => undefined);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(350);
    await exited;
  });

  it('breaks a lock whose holder is gone', async () => {
    const lock = join(dir, 'y.lock');
    writeFileSync(lock, '999999999\n');
    await expect(withFileLock(lock, 60_000, async () => 'got it')).resolves.toBe('got it');
  });
});
