/** A minimal busybox rootfs for kernel tests, built from Debian's busybox-static. */
import { copyFileSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'fs';
import { join } from 'path';

export const BUSYBOX = '/bin/busybox';
const APPLETS = ['sh', 'sleep', 'cat', 'hostname', 'mount', 'ps', 'ls', 'id', 'true', 'false', 'echo', 'tty', 'stty', 'env', 'head', 'wc', 'trap'];

export function busyboxAvailable(): boolean {
  return existsSync(BUSYBOX);
}

export function buildBusyboxRootfs(root: string): void {
  for (const d of ['bin', 'etc', 'proc', 'sys', 'dev', 'tmp', 'root']) mkdirSync(join(root, d), { recursive: true });
  copyFileSync(BUSYBOX, join(root, 'bin/busybox'));
  for (const a of APPLETS) symlinkSync('busybox', join(root, 'bin', a));
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  writeFileSync(join(root, 'etc/group'), 'root:x:0:\ntty:x:5:\n');
}
