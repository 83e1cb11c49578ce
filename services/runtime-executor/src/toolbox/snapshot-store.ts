/**
 * The on-disk snapshot layout of LXC's dir backend (LXC-REFERENCE 2.5):
 * `<container>/snaps/snapN/{config,rootfs,ts[,comment]}`, N the lowest free
 * index, `ts` the local time as `YYYY:MM:DD HH:MM:SS` without a newline.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SnapshotRow } from '@lxcbus/contracts';

export const SNAPS = 'snaps';

export function snapsDir(containerDir: string): string {
  return join(containerDir, SNAPS);
}

/** lxc-destroy refuses a container whose snaps directory holds anything. */
export function hasSnapshots(containerDir: string): boolean {
  try {
    return readdirSync(snapsDir(containerDir)).length > 0;
  } catch {
    return false;
  }
}

export function nextSnapshotName(containerDir: string): string {
  let i = 0;
  while (existsSync(join(snapsDir(containerDir), `snap${i}`))) i += 1;
  return `snap${i}`;
}

const two = (n: number) => String(n).padStart(2, '0');

/** strftime("%Y:%m:%d %H:%M:%S") of localtime, as LXC writes `ts`. */
export function snapshotTimestamp(now = new Date()): string {
  return `${now.getFullYear()}:${two(now.getMonth() + 1)}:${two(now.getDate())} ${two(now.getHours())}:${two(now.getMinutes())}:${two(now.getSeconds())}`;
}

async function readOr(file: string, fallback: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return fallback;
  }
}

/** Snapshots with a config, in name order (C strcmp). */
export async function listSnapshots(containerDir: string, withComments: boolean): Promise<SnapshotRow[]> {
  const root = snapsDir(containerDir);
  let names: string[];
  try {
    names = (await readdir(root)).filter((n) => existsSync(join(root, n, 'config')));
  } catch {
    return [];
  }
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rows: SnapshotRow[] = [];
  for (const name of names) {
    const row: SnapshotRow = { name, lxcpath: root, timestamp: await readOr(join(root, name, 'ts'), '') };
    const comment = withComments ? await readOr(join(root, name, 'comment'), '') : '';
    if (comment) row.comment = comment;
    rows.push(row);
  }
  return rows;
}
