/**
 * Fetches one resolved image into a private staging dir and commits it to the cache
 * only once every check has passed: download (streamed, hashed, with progress),
 * verify (sizes, sha256, SHA256SUMS, fingerprint, GPG), judge both tarballs, unpack
 * the meta files and the rootfs tree, write the manifest, rename into images/<id>.
 * Whatever fails, the staging dir is removed: the cache keeps no half-written entry.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ImageFetchError } from '@lxcbus/contracts';
import { checkArchive } from './archive-safety';
import { writeJsonAtomic, type CacheLayout, type ImageManifest } from './cache-layout';
import type { DownloadReporter } from './download-reporter';
import { verifySignature } from './gpg-signature';
import { downloadTo, fetchText, type FetchedFile, type HttpOptions } from './http-fetch';
import type { RemoteFile, ResolvedImage } from './image-source.types';
import { checkFile, checkFingerprint, combinedSha256 } from './image-verify';
import { DOWNLOAD_COMPAT_LEVEL, parseSha256Sums } from './lxc-index.source';
import { readMetadataDir } from '../templates/local-metadata.reader';
import { synthesizeLxcMeta } from './lxd-meta.synth';
import { readTarEntries } from './tar-headers';
import { untar } from './tar-extract';

export interface FetchContext {
  readonly layout: CacheLayout;
  readonly http: HttpOptions;
  readonly keyring?: string;
  readonly validate: boolean;
  readonly server: string;
  readonly reporter: DownloadReporter;
}

const FILE_NAMES: Record<RemoteFile['role'], string> = { rootfs: 'rootfs.tar.xz', meta: 'meta.tar.xz' };
const LINES: Record<RemoteFile['role'], string> = { rootfs: 'Downloading the rootfs', meta: 'Downloading the metadata' };

export async function fetchIntoCache(c: FetchContext, img: ResolvedImage): Promise<ImageManifest> {
  const staging = await fs.mkdtemp(path.join(c.layout.staging, 'fetch-'));
  try {
    const sums = c.validate && img.sumsUrl ? await optionalSums(img.sumsUrl, c.http) : undefined;
    const got: Partial<Record<RemoteFile['role'], FetchedFile>> = {};
    for (const f of img.files) {
      c.reporter.line(LINES[f.role]);
      got[f.role] = await downloadTo(f.url, path.join(staging, FILE_NAMES[f.role]), c.http, (d, t) => c.reporter.bytes(f.role, d, t));
      if (c.validate) checkFile(f, got[f.role] as FetchedFile, sums?.map);
    }
    if (c.validate && c.keyring) await checkSignatures(c, img, staging, sums?.text);
    const rootfs = path.join(staging, FILE_NAMES.rootfs);
    const meta = path.join(staging, FILE_NAMES.meta);
    const id = await combinedSha256([meta, rootfs]);
    if (c.validate) checkFingerprint(img.fingerprint, id);
    await unpackMeta(img, meta, path.join(staging, 'meta'));
    // Refused before commit, so a meta tarball without a config never enters the cache.
    await readMetadataDir(path.join(staging, 'meta'), 'system', DOWNLOAD_COMPAT_LEVEL, img.files.find((f) => f.role === 'meta')?.url ?? 'meta');
    const summary = checkArchive(FILE_NAMES.rootfs, await readTarEntries(rootfs));
    await untar(rootfs, path.join(staging, 'tree'), true);
    const manifest: ImageManifest = {
      id, row: img.row, server: c.server, rootfsFile: FILE_NAMES.rootfs,
      files: Object.fromEntries(Object.entries(got).map(([k, v]) => [k, { size: v.size, sha256: v.sha256 }])),
      devices: summary.devices, validated: c.validate, fetchedAt: new Date().toISOString(),
    };
    await fs.writeFile(path.join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2));
    await fs.writeFile(path.join(staging, 'meta', 'build_id'), `${img.row.build}\n`);
    await commit(staging, path.join(c.layout.images, id), manifest);
    return manifest;
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
}

/** A SHA256SUMS beside the image is optional on the server: 404 means "not published". */
async function optionalSums(url: string, http: HttpOptions): Promise<{ text: string; map: Map<string, string> } | undefined> {
  try {
    const text = await fetchText(url, http);
    return { text, map: parseSha256Sums(text) };
  } catch (err) {
    if (err instanceof ImageFetchError && err.details?.status === 404) return undefined;
    throw err;
  }
}

/** With a keyring configured every signature is required: a stripped `.asc` must not pass as "unsigned". */
async function checkSignatures(c: FetchContext, img: ResolvedImage, staging: string, sumsText?: string): Promise<void> {
  const local = new Map<string, string>();
  for (const f of img.files) local.set(f.url, path.join(staging, FILE_NAMES[f.role]));
  if (img.index) local.set(img.index.url, await writeAside(staging, 'index', img.index.text));
  if (img.sumsUrl && sumsText !== undefined) local.set(img.sumsUrl, await writeAside(staging, 'SHA256SUMS', sumsText));
  for (const url of [...img.signedUrls, ...(sumsText !== undefined && img.sumsUrl ? [img.sumsUrl] : [])]) {
    const file = local.get(url);
    if (!file) continue;
    const sig = `${file}.asc`;
    await downloadTo(`${url}.asc`, sig, c.http);
    await verifySignature(c.keyring as string, file, sig, url);
  }
}

async function writeAside(dir: string, name: string, text: string): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, text);
  return file;
}

async function unpackMeta(img: ResolvedImage, archive: string, dest: string): Promise<void> {
  if (img.metaKind === 'lxd') {
    checkArchive('metadata', await readTarEntries(archive));
    await synthesizeLxcMeta(img.row, dest);
    return;
  }
  checkArchive(FILE_NAMES.meta, await readTarEntries(archive));
  await untar(archive, dest, false);
}

/**
 * rename(2) is atomic; if the same image is already there (same fingerprint, so the same
 * bytes) keep it, and record that its bytes have now been verified.
 */
async function commit(staging: string, target: string, manifest: ImageManifest): Promise<void> {
  try {
    await fs.rename(staging, target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && code !== 'ENOTEMPTY') throw err;
    if (manifest.validated) await writeJsonAtomic(path.join(target, 'manifest.json'), manifest);
  }
}
