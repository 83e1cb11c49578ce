/**
 * lxc.rootfs.options: the mount options of the rootfs, as LXC 5.0.2 reads them
 * (checked with the real lxc-start): flags such as ro, rw, nosuid, nodev, noexec
 * and the atime words go to the rootfs mount (a bind is remounted with them),
 * other words are mount data (ignored by a bind, passed to an overlayfs), and
 * `idmap=container` makes the rootfs an idmapped mount for the container's user
 * namespace. In a container without lxc.idmap LXC ignores idmap=container (it
 * starts with a plain rootfs), so does lxcbus. `idmap=<path>` (a user namespace
 * file) and idmap=container on an overlay rootfs are refused as not supported.
 */
import { ConfigInvalidError, UnsupportedError } from '@lxcbus/contracts';

export interface RootfsOptions {
  /** What the shim gets: the comma list without idmap=, or undefined when empty. */
  options?: string;
  idmap: boolean;
}

export function rootfsOptions(value: string | undefined, ctx: { userns: boolean; overlay: boolean }): RootfsOptions {
  const words = (value ?? '').split(',').map((w) => w.trim()).filter((w) => w !== '');
  let idmap = false;
  const rest: string[] = [];
  for (const w of words) {
    if (!w.startsWith('idmap=')) {
      if (/[\s\0]/.test(w)) throw new ConfigInvalidError(`lxc.rootfs.options: bad option "${w}"`, { key: 'lxc.rootfs.options' });
      rest.push(w);
      continue;
    }
    if (w !== 'idmap=container') {
      throw new UnsupportedError(`lxc.rootfs.options ${w}: only idmap=container is supported`, { key: 'lxc.rootfs.options' });
    }
    idmap = ctx.userns;
  }
  if (idmap && ctx.overlay) {
    throw new UnsupportedError('lxc.rootfs.options idmap=container on an overlay rootfs is not supported', { key: 'lxc.rootfs.options' });
  }
  return { options: rest.length ? rest.join(',') : undefined, idmap };
}
