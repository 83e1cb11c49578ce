/**
 * The bookkeeping of LXC's overlay snapshot clones (`lxc-copy -s` on a dir
 * origin, LXC-REFERENCE 2.5), checked against real lxc-copy 5.0.2:
 * the origin's `lxc_snapshots` holds two lines per clone (its lxcpath, its
 * name), the clone's `lxc_rdepends` the origin's (lxcpath, name), both 0644
 * with a newline after every line. The origin's file is removed when its
 * last clone goes; an origin whose file is not empty has clones and is not
 * destroyed. Updates of one origin's file are serialised in this process.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile, rm, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';

export const SNAPSHOTS_FILE = 'lxc_snapshots';
export const RDEPENDS_FILE = 'lxc_rdepends';

export interface ContainerPath {
  lxcpath: string;
  name: string;
}

const queues = new Map<string, Promise<unknown>>();

/** Runs `work` after any earlier update of the same file. */
function serialised<T>(file: string, work: () => Promise<T>): Promise<T> {
  const prev = queues.get(file) ?? Promise.resolve();
  const next = prev.catch(() => undefined).then(work);
  queues.set(file, next);
  void next.finally(() => { if (queues.get(file) === next) queues.delete(file); }).catch(() => undefined);
  return next;
}

export function parsePairs(text: string): ContainerPath[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const out: ContainerPath[] = [];
  for (let i = 0; i + 1 < lines.length; i += 2) out.push({ lxcpath: lines[i], name: lines[i + 1] });
  return out;
}

export function formatPairs(pairs: readonly ContainerPath[]): string {
  return pairs.map((p) => `${p.lxcpath}\n${p.name}\n`).join('');
}

/** LXC's test: the origin's lxc_snapshots exists and is not empty. */
export function hasClones(containerDir: string): boolean {
  try {
    return statSync(join(containerDir, SNAPSHOTS_FILE)).size > 0;
  } catch {
    return false;
  }
}

export async function readClones(containerDir: string): Promise<ContainerPath[]> {
  const file = join(containerDir, SNAPSHOTS_FILE);
  return existsSync(file) ? parsePairs(await readFile(file, 'utf8')) : [];
}

/** The origin recorded in a clone's lxc_rdepends, if any. */
export async function originOf(containerDir: string): Promise<ContainerPath | undefined> {
  return (await originsOf(containerDir))[0];
}

/**
 * Every container a clone depends on: a clone of a clone lists its source's
 * origins and then its source (LXC's copy_rdepends + add_rdepends), and is
 * in the lxc_snapshots of each of them.
 */
export async function originsOf(containerDir: string): Promise<ContainerPath[]> {
  const file = join(containerDir, RDEPENDS_FILE);
  return existsSync(file) ? parsePairs(await readFile(file, 'utf8')) : [];
}

async function writeAtomic(file: string, text: string): Promise<void> {
  await writeFile(`${file}.tmp`, text, { mode: 0o644 });
  await rename(`${file}.tmp`, file);
}

export async function writeOrigin(cloneDir: string, origin: ContainerPath): Promise<void> {
  await writeOrigins(cloneDir, [origin]);
}

export async function writeOrigins(cloneDir: string, origins: readonly ContainerPath[]): Promise<void> {
  await writeAtomic(join(cloneDir, RDEPENDS_FILE), formatPairs(origins));
}

export function addClone(originDir: string, clone: ContainerPath): Promise<void> {
  const file = join(originDir, SNAPSHOTS_FILE);
  return serialised(file, async () => {
    const pairs = (await readClones(originDir)).filter((p) => !(p.lxcpath === clone.lxcpath && p.name === clone.name));
    await writeAtomic(file, formatPairs([...pairs, clone]));
  });
}

/** Drops one clone from its origin's list; the file goes with the last one, as in LXC. */
export function removeClone(originDir: string, clone: ContainerPath): Promise<void> {
  const file = join(originDir, SNAPSHOTS_FILE);
  return serialised(file, async () => {
    if (!existsSync(file)) return;
    const pairs = (await readClones(originDir)).filter((p) => !(p.lxcpath === clone.lxcpath && p.name === clone.name));
    if (pairs.length === 0) await rm(file, { force: true });
    else await writeAtomic(file, formatPairs(pairs));
  });
}
