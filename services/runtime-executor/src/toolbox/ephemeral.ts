/**
 * lxc.ephemeral = 1 (lxc-copy -e): the container is destroyed when it stops,
 * as LXC's monitor does; an overlay clone leaves its origin's lxc_snapshots.
 */
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { originsOf, removeClone } from './overlay-clones';

const EPHEMERAL = /^[ \t]*lxc\.ephemeral[ \t]*=[ \t]*1[ \t]*$/m;

export function isEphemeral(configFile: string): boolean {
  try {
    return existsSync(configFile) && EPHEMERAL.test(readFileSync(configFile, 'utf8'));
  } catch {
    return false;
  }
}

/** Removes the directory (and the clone from its origin's list). */
export async function destroyEphemeral(dir: string, lxcpath: string, name: string): Promise<void> {
  const origins = await originsOf(dir);
  await rm(dir, { recursive: true, force: true });
  for (const o of origins) await removeClone(join(o.lxcpath, o.name), { lxcpath, name });
}
