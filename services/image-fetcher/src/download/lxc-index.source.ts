/**
 * LXC's image index (`meta/1.0/index-<mode>[.<compat>]`), as lxc-download 5.0.2 reads
 * it: `dist;release;arch;variant;build;path` per line, lines with an empty path
 * ignored, the first exact match wins. URLs are built exactly as LXC builds them,
 * `<server>/` + a path that starts with `/`, so requests carry `//` like LXC's.
 */
import { ImageNotFoundError, type ImageRow } from '@lxcbus/contracts';
import { fetchText, type HttpOptions } from './http-fetch';
import type { ImageQuery, ResolvedImage } from './image-source.types';

export const DOWNLOAD_COMPAT_LEVEL = 7;

export interface IndexLine extends ImageRow {
  readonly path: string;
}

export function parseLxcIndex(text: string): IndexLine[] {
  const out: IndexLine[] = [];
  for (const line of text.split('\n')) {
    const [dist = '', release = '', arch = '', variant = '', build = '', path = ''] = line.replace(/\r$/, '').split(';');
    if (build === '' || path === '') continue;
    out.push({ dist, release, arch, variant, build, path });
  }
  return out;
}

export interface FetchedIndex {
  readonly url: string;
  readonly text: string;
}

/** `index-<mode>.7`, falling back to `index-<mode>` when that fails, as LXC does. */
export async function fetchLxcIndex(baseUrl: string, mode: string, http: HttpOptions, attempts: number): Promise<FetchedIndex> {
  const path = `/meta/1.0/index-${mode}`;
  const compatUrl = `${baseUrl}/${path}.${DOWNLOAD_COMPAT_LEVEL}`;
  try {
    return { url: compatUrl, text: await fetchText(compatUrl, http, attempts) };
  } catch {
    const url = `${baseUrl}/${path}`;
    return { url, text: await fetchText(url, http, attempts) };
  }
}

export function resolveLxcImage(baseUrl: string, index: FetchedIndex, q: ImageQuery): ResolvedImage {
  const hit = parseLxcIndex(index.text).find(
    (l) => l.dist === q.dist && l.release === q.release && l.arch === q.arch && l.variant === q.variant,
  );
  if (!hit) {
    throw new ImageNotFoundError(`Couldn't find a matching image for ${q.dist} ${q.release} ${q.arch} ${q.variant}`, {
      ...q,
      index: index.url,
    });
  }
  const dir = `${baseUrl}/${hit.path}`;
  const rootfs = `${dir}/rootfs.tar.xz`;
  const meta = `${dir}/meta.tar.xz`;
  return {
    row: { dist: hit.dist, release: hit.release, arch: hit.arch, variant: hit.variant, build: hit.build },
    files: [
      { role: 'rootfs', url: rootfs },
      { role: 'meta', url: meta },
    ],
    sumsUrl: `${dir}/SHA256SUMS`,
    metaKind: 'lxc',
    signedUrls: [index.url, rootfs, meta],
    index,
  };
}

/** Parses a `sha256sum` listing into file name -> hash. */
export function parseSha256Sums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([0-9a-fA-F]{64}) [ *]?(.+)$/.exec(line.trim());
    if (m) sums.set(m[2].replace(/^\.\//, ''), m[1].toLowerCase());
  }
  return sums;
}
