/**
 * Confinement of a populate request. The fetcher runs as root and writes wherever the
 * request's containerDir and rootfs point, so both must lie inside `<lxcpath>/<name>`,
 * first as spelled (absolute, normalised, no `..`) and then as the kernel resolves them:
 * a symlink planted in a user's lxcpath must not carry the write to /etc.
 *
 * The resolved check narrows but does not close the window between check and write (a
 * path component swapped for a symlink afterwards); closing it needs openat2
 * RESOLVE_BENEATH or running the template as the owner, both of which belong to native/.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { BadRequestError } from '@lxcbus/contracts';

export interface ContainerPaths {
  /** `<lxcpath>/<name>`. */
  readonly home: string;
  readonly containerDir: string;
  readonly rootfs: string;
}

interface PathsRequest {
  readonly name: string;
  readonly lxcpath: string;
  readonly containerDir: string;
  readonly rootfs: string;
}

/** Checks the spelling of the paths; throws BAD_REQUEST naming the field. */
export function checkSpelledPaths(req: PathsRequest): ContainerPaths {
  const lxcpath = normalised('lxcpath', req.lxcpath);
  const home = path.join(lxcpath, req.name);
  const containerDir = normalised('containerDir', req.containerDir);
  const rootfs = normalised('rootfs', req.rootfs);
  if (!isWithin(home, containerDir, true)) throw outside('containerDir', containerDir, home);
  if (!isWithin(home, rootfs, false)) throw outside('rootfs', rootfs, home);
  return { home, containerDir, rootfs };
}

/**
 * Resolves symlinks in the part of each path that exists and checks that the result is
 * still inside the real `<lxcpath>/<name>`, which itself must resolve to an entry of
 * the real lxcpath. A path that does not exist yet is judged by its deepest existing
 * ancestor plus the remaining (plain) components.
 */
export async function checkResolvedPaths(p: ContainerPaths, lxcpath: string): Promise<void> {
  const realLxcpath = await resolveExisting(path.resolve(lxcpath));
  const realHome = await resolveExisting(p.home);
  if (realHome !== path.join(realLxcpath, path.basename(p.home))) {
    throw outside('containerDir', p.home, lxcpath, realHome);
  }
  const realDir = await resolveExisting(p.containerDir);
  if (!isWithin(realHome, realDir, true)) throw outside('containerDir', p.containerDir, p.home, realDir);
  const realRootfs = await resolveExisting(p.rootfs);
  if (!isWithin(realHome, realRootfs, false)) throw outside('rootfs', p.rootfs, p.home, realRootfs);
}

export function isWithin(parent: string, child: string, allowEqual: boolean): boolean {
  if (child === parent) return allowEqual;
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function normalised(field: string, value: string): string {
  const trimmed = value.length > 1 ? value.replace(/\/+$/, '') : value;
  if (!path.isAbsolute(trimmed) || path.normalize(trimmed) !== trimmed || trimmed.split('/').includes('..')) {
    throw new BadRequestError(`${field} ${JSON.stringify(value)} must be an absolute, normalised path without ".."`, {
      field,
      path: value,
    });
  }
  return trimmed;
}

function outside(field: string, value: string, home: string, resolved?: string): BadRequestError {
  const via = resolved !== undefined && resolved !== value ? ` (resolves to ${resolved})` : '';
  return new BadRequestError(`${field} ${value}${via} is not inside the container directory ${home}`, {
    field,
    path: value,
    containerHome: home,
    ...(resolved !== undefined ? { resolved } : {}),
  });
}

async function resolveExisting(target: string): Promise<string> {
  const rest: string[] = [];
  let cur = target;
  for (;;) {
    try {
      return path.join(await fs.realpath(cur), ...rest.reverse());
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || cur === path.dirname(cur)) throw err;
      rest.push(path.basename(cur));
      cur = path.dirname(cur);
    }
  }
}
