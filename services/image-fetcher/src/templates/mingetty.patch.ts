/**
 * mingetty's vhangup(2) fails in a user namespace (CentOS/Oracle images), so the image
 * templates rewrite `mingetty` to `mingetty --nohangup` in /etc/init/tty.conf: first
 * match per line, as `sed s|||` does.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export async function patchMingetty(rootfs: string): Promise<void> {
  const file = path.join(rootfs, 'etc', 'init', 'tty.conf');
  const st = await fs.lstat(file).catch(() => undefined);
  if (!st?.isFile()) return;
  const text = await fs.readFile(file, 'latin1');
  const patched = text.split('\n').map((l) => l.replace('mingetty', 'mingetty --nohangup')).join('\n');
  await fs.writeFile(file, patched, 'latin1');
}
