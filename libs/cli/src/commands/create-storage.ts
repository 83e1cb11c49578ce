/**
 * lxc-create -B / --dir on the client: dir, best (dir here: no btrfs, zfs or
 * lvm is set up by lxcbus) and overlay/overlayfs go to the executor; the
 * stores lxcbus does not make (btrfs, zfs, lvm, loop, rbd, nbd) are refused
 * before anything is made, with the reason and then the lines real LXC 5.0.2
 * ends with when a store cannot be made (rc 1), e.g. for btrfs on ext4:
 * `do_storage_create: 1289 Failed to create "btrfs" storage`.
 */
import { resolve } from 'node:path';
import type { CreateArgs } from '../args';
import { logLine } from '../format';
import type { ToolIo } from './command';

const MADE = ['dir', 'best', 'overlay', 'overlayfs'] as const;
type Made = (typeof MADE)[number];

export interface StorageChoice {
  bdev?: Made;
  rootfsDir?: string;
}

const SRC = '../src/lxc/';

export function refusalLines(a: Pick<CreateArgs, 'name' | 'bdev'>): string[] {
  const b = a.bdev ?? '';
  const line = (file: string, func: string, n: number, msg: string) => logLine('lxc-create', a.name, `${SRC}${file}`, func, n, msg);
  return [
    `lxc-create: ${a.name}: backing store "${b}" is not supported by lxcbus (dir, overlay and best are)`,
    line('lxccontainer.c', 'do_storage_create', 1289, `Failed to create "${b}" storage`),
    line('lxccontainer.c', '__lxcapi_create', 1883, `Failed to create ${b} storage for ${a.name}`),
    line('tools/lxc_create.c', 'main', 317, `Failed to create container ${a.name}`),
  ];
}

/** The request fields for -B/--dir, or undefined after printing the refusal. */
export function storageChoice(a: CreateArgs, io: ToolIo): StorageChoice | undefined {
  if (a.bdev !== undefined && !(MADE as readonly string[]).includes(a.bdev)) {
    for (const l of refusalLines(a)) io.stderr.write(`${l}\n`);
    return undefined;
  }
  return {
    ...(a.bdev !== undefined ? { bdev: a.bdev as Made } : {}),
    ...(a.dir !== undefined ? { rootfsDir: resolve(a.dir) } : {}),
  };
}
