/**
 * The image cache on disk, under the cache dir (LXCBUS_CACHEDIR):
 *
 *   images/<id>/      one verified image, named by its fingerprint (sha256 over the
 *                     metadata bytes then the rootfs bytes, as simplestreams defines it):
 *                     rootfs tarball, meta/ (its files, flat), tree/ (unpacked once),
 *                     manifest.json
 *   refs/<ref>.json   which image a (server, protocol, mode, dist, release, arch,
 *                     variant) currently means, with its build id and expiry
 *   locks/<ref>.lock  held while one process fetches that ref
 *   staging/<tmp>/    a fetch in progress; renamed into images/ only once verified
 *
 * The skeleton is made when the service starts, so a failed create leaves the cache
 * exactly as it found it.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ImageRow } from '@lxcbus/contracts';
import type { ServerRef } from './download.options';
import type { ImageQuery } from './image-source.types';

export interface CacheLayout {
  readonly root: string;
  readonly images: string;
  readonly refs: string;
  readonly locks: string;
  readonly staging: string;
}

export function cacheLayout(root: string): CacheLayout {
  return { root, images: path.join(root, 'images'), refs: path.join(root, 'refs'), locks: path.join(root, 'locks'), staging: path.join(root, 'staging') };
}

export async function ensureLayout(l: CacheLayout): Promise<void> {
  for (const dir of [l.root, l.images, l.refs, l.locks, l.staging]) await fs.mkdir(dir, { recursive: true, mode: 0o700 });
}

export interface RefKey extends ImageQuery {
  readonly server: ServerRef;
  readonly mode: 'system' | 'user';
}

/** A file name for a ref: readable head, hashed tail (server strings may hold anything). */
export function refName(k: RefKey): string {
  const spelled = [k.server.protocol, k.server.baseUrl, k.mode, k.dist, k.release, k.arch, k.variant].join('\n');
  const head = [k.dist, k.release, k.arch, k.variant, k.mode].join('_').replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 80);
  return `${head}.${createHash('sha256').update(spelled).digest('hex').slice(0, 16)}`;
}

export interface CacheRef {
  readonly id: string;
  readonly build: string;
  /** Unix seconds from the image's `expiry` file; absent = never expires. */
  readonly expiry?: number;
}

export interface ImageManifest {
  readonly id: string;
  readonly row: ImageRow;
  readonly server: string;
  readonly rootfsFile: string;
  readonly files: Record<string, { size: number; sha256: string }>;
  /** Char/block devices in the rootfs tarball, for the user-mode check. */
  readonly devices: string[];
  readonly validated: boolean;
  readonly fetchedAt: string;
}

export async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** Write-then-rename, so a reader sees the old file or the new one, never half of one. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(tmp, JSON.stringify(value, null, 2), { mode: 0o600 });
  await fs.rename(tmp, file);
}
