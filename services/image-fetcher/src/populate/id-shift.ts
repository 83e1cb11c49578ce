/**
 * Ownership of an unprivileged container's rootfs, shifted into its lxc.idmap after the
 * template ran: what LXC gets by running the template inside the user namespace (tar as
 * the namespace's root lands files on host 100000+). Every entry is lchown'ed from
 * container id to host id; ids the map leaves out go to the mapped root, as tar's chown
 * would fail there and leave the file to the extracting (namespace) root.
 *
 * chown(2) clears setuid/setgid bits and the security.capability xattr, so modes are put
 * back after the chown and file capabilities are re-written as namespaced (v3) caps whose
 * root is the mapped root (`setcap -n`), as the kernel converts them under LXC.
 * Hard links are shifted once (by inode). See docs/decisions/unprivileged.md.
 */
import { execFile } from 'node:child_process';
import { promises as fs, type Stats } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { IdmapEntry } from '@lxcbus/contracts';

const run = promisify(execFile);
const SETID_BITS = 0o6000;

export interface ShiftResult {
  entries: number;
  capabilities: number;
}

/** Host id of container id `id` of `kind`; unmapped ids go to the mapped root. */
export function hostId(maps: readonly IdmapEntry[], kind: 'u' | 'g', id: number): number {
  const own = maps.filter((m) => m.kind === kind);
  const hit = own.find((m) => id >= m.nsid && id < m.nsid + m.range);
  if (hit) return hit.hostid + (id - hit.nsid);
  const root = own.find((m) => m.nsid === 0);
  return root ? root.hostid : id;
}

export async function shiftOwnership(rootfs: string, maps: readonly IdmapEntry[]): Promise<ShiftResult> {
  const caps = await readCapabilities(rootfs);
  const seen = new Set<string>();
  let entries = 0;
  const visit = async (path: string): Promise<void> => {
    const st = await fs.lstat(path);
    const key = `${st.dev}:${st.ino}`;
    if (!seen.has(key)) {
      seen.add(key);
      await shiftOne(path, st, maps);
      entries++;
    }
    if (st.isDirectory()) for (const e of await fs.readdir(path)) await visit(join(path, e));
  };
  await visit(rootfs);
  const rootUid = hostId(maps, 'u', 0);
  for (const c of caps) await run('setcap', ['-n', String(rootUid), c.caps, c.path]);
  return { entries, capabilities: caps.length };
}

async function shiftOne(path: string, st: Stats, maps: readonly IdmapEntry[]): Promise<void> {
  await fs.lchown(path, hostId(maps, 'u', st.uid), hostId(maps, 'g', st.gid));
  // Symlinks have no mode of their own; on the rest chown dropped S_ISUID/S_ISGID.
  if (!st.isSymbolicLink() && st.mode & SETID_BITS) await fs.chmod(path, st.mode & 0o7777);
}

interface FileCaps {
  path: string;
  caps: string;
}

/** `getcap -r`: one process for the whole tree; none when libcap2-bin is missing. */
async function readCapabilities(rootfs: string): Promise<FileCaps[]> {
  try {
    const { stdout } = await run('getcap', ['-r', rootfs], { maxBuffer: 16 << 20 });
    return stdout.split('\n').map((l) => /^(.*\S)\s+(cap_\S+)$/.exec(l.trim()) ?? /^(.*\S)\s+=\s+(\S+)$/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => m !== null).map((m) => ({ path: m[1], caps: m[2] }));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}
