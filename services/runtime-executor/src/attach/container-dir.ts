/**
 * Whether a directory exists inside a container, its path resolved as the
 * container sees it: through /proc/<init>/root, with every symlink followed
 * relative to that root (an absolute link there means the container's /, not
 * the host's, which a plain stat through /proc/<pid>/root would get wrong).
 */
import { lstat, readlink } from 'node:fs/promises';
import { posix } from 'node:path';

const MAX_LINKS = 40; // the kernel's own limit (ELOOP)

export async function isContainerDir(root: string, path: string): Promise<boolean> {
  if (!posix.isAbsolute(path)) return false;
  let pending = path.split('/').filter((c) => c !== '' && c !== '.');
  const done: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const [part, ...rest] = pending;
    pending = rest;
    if (part === '..') {
      done.pop(); // never above the container's /
      continue;
    }
    const host = posix.join(root, ...done, part);
    let st;
    try {
      st = await lstat(host);
    } catch {
      return false;
    }
    if (!st.isSymbolicLink()) {
      if (!st.isDirectory()) return false;
      done.push(part);
      continue;
    }
    if (++links > MAX_LINKS) return false;
    const target = await readlink(host).catch(() => '');
    if (target === '') return false;
    if (target.startsWith('/')) done.length = 0;
    pending = [...target.split('/').filter((c) => c !== '' && c !== '.'), ...pending];
  }
  return true;
}
