/**
 * An overlay's merged view copied into a plain directory, as files: what LXC's
 * dir copy of an overlay clone gets by rsyncing the mounted overlay. Done here
 * without a mount: the lower tree is copied, then the upper layer applied the
 * way overlayfs reads it:
 * - a whiteout (a character device 0/0) removes the name;
 * - a directory marked opaque (`trusted.overlay.opaque` = y) replaces the
 *   lower directory instead of merging into it;
 * - anything else in the upper layer replaces the lower entry;
 * - overlayfs's own `trusted.overlay.*` attributes are not visible through a
 *   mount, so they are not copied;
 * - files hard-linked inside the upper layer stay linked in the copy (rsync -H).
 * Redirected directories and metacopy files (`redirect`, `metacopy`: off by
 * default, LXC does not turn them on) are refused rather than copied wrongly.
 */
import { chmod, lchown, link, lstat, lutimes, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Stats } from 'node:fs';
import { UnsupportedError } from '@lxcbus/contracts';
import type { Xattrs } from '@lxcbus/native';
import { copyTree } from './tree-copy';

const OVL = 'trusted.overlay.';
const REFUSED = [`${OVL}redirect`, `${OVL}metacopy`];

const isWhiteout = (st: Stats) => st.isCharacterDevice() && st.rdev === 0;

/** Owner, mode, the attributes other than overlayfs's, then the times (last: the others touch ctime only). */
async function copyDirAttrs(from: string, to: string, st: Stats, x: Xattrs): Promise<void> {
  await lchown(to, st.uid, st.gid);
  await chmod(to, st.mode & 0o7777);
  for (const name of x.list(from)) {
    if (!name.startsWith(OVL)) x.set(to, name, x.get(from, name) ?? Buffer.alloc(0));
  }
  await lutimes(to, st.atime, st.mtime);
}

/** Upper-layer inodes with more than one name: the copy made for the first name. */
type Links = Map<string, string>;

async function applyEntry(u: string, d: string, x: Xattrs, links: Links): Promise<void> {
  const st = await lstat(u);
  const own = x.list(u).filter((n) => n.startsWith(OVL));
  const refused = own.find((n) => REFUSED.includes(n));
  if (refused) throw new UnsupportedError(`copying an overlay whose upper layer uses ${refused} (${u}) is not supported`, { path: u });
  if (isWhiteout(st)) {
    await rm(d, { recursive: true, force: true });
    return;
  }
  if (st.isDirectory()) {
    const opaque = x.get(u, `${OVL}opaque`)?.toString() === 'y';
    const below = await lstat(d).catch(() => undefined);
    if (opaque || !below?.isDirectory()) {
      await rm(d, { recursive: true, force: true });
      await mkdir(d);
    }
    await applyLayer(u, d, x, links);
    await copyDirAttrs(u, d, st, x);
    return;
  }
  await rm(d, { recursive: true, force: true });
  const key = `${st.dev}:${st.ino}`;
  const first = st.nlink > 1 ? links.get(key) : undefined;
  if (first !== undefined) return link(first, d);
  await copyTree(u, d);
  for (const name of own) x.remove(d, name);
  if (st.nlink > 1) links.set(key, d);
}

async function applyLayer(upper: string, dst: string, x: Xattrs, links: Links): Promise<void> {
  for (const name of await readdir(upper)) await applyEntry(join(upper, name), join(dst, name), x, links);
}

/** `dst` must not exist; on failure the caller removes it. */
export async function copyMergedView(lower: string, upper: string, dst: string, x: Xattrs): Promise<void> {
  await copyTree(lower, dst);
  await applyLayer(upper, dst, x, new Map());
  await copyDirAttrs(upper, dst, await lstat(upper), x);
}
