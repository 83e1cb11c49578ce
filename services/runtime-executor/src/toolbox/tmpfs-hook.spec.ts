import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tmpfsScript, writeTmpfsHook } from './tmpfs-hook';

describe('lxc-copy -e -t pre-mount hook', () => {
  it('is the script LXC 5.0.2 writes', () => {
    expect(tmpfsScript('/var/lib/lxc/e', 'e', false)).toBe([
      '#! /bin/sh',
      'mount -n -t tmpfs -o mode=0755 none /var/lib/lxc/e/overlay',
      'mkdir -p /var/lib/lxc/e/overlay/delta/etc',
      'echo e > /var/lib/lxc/e/overlay/delta/etc/hostname',
      '',
    ].join('\n'));
    expect(tmpfsScript('/x/e', 'e', true)).toBe('#! /bin/sh\nmount -n -t tmpfs -o mode=0755 none /x/e/overlay\n');
  });

  it('lands beside the config as pre-start-XXXXXX, 0755, and names itself in the config line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmpfs-hook-'));
    try {
      const line = await writeTmpfsHook(dir, 'e', false);
      const [file] = readdirSync(dir);
      expect(file).toMatch(/^pre-start-[A-Za-z0-9]{6}$/);
      expect(line).toBe(`lxc.hook.pre-mount = ${join(dir, file)}`);
      expect(statSync(join(dir, file)).mode & 0o777).toBe(0o755);
      expect(readFileSync(join(dir, file), 'utf8')).toBe(tmpfsScript(dir, 'e', false));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
