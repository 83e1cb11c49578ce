/**
 * Simplestreams (LXD/Incus image servers): `streams/v1/index.json` -> the
 * `image-downloads` entry's products file -> product `dist:release:arch:variant` ->
 * its newest version -> items. Items carry size and sha256; the metadata item carries
 * the image fingerprint (`combined_rootxz_sha256`, older `combined_sha256`): sha256
 * over the metadata bytes then the rootfs bytes. Paths are relative to the server base.
 */
import { ImageFetchError, ImageNotFoundError, type ImageRow } from '@lxcbus/contracts';
import { fetchText, type HttpOptions } from './http-fetch';
import type { ImageQuery, RemoteFile, ResolvedImage } from './image-source.types';

interface Item {
  ftype?: string;
  path?: string;
  size?: number;
  sha256?: string;
  combined_rootxz_sha256?: string;
  combined_sha256?: string;
}
interface Product {
  os?: string;
  release?: string;
  arch?: string;
  variant?: string;
  versions?: Record<string, { items?: Record<string, Item> }>;
}
export interface Products {
  readonly url: string;
  readonly products: Record<string, Product>;
}

const META_FTYPES = ['incus.tar.xz', 'lxd.tar.xz'];

export async function fetchProducts(baseUrl: string, http: HttpOptions, attempts: number): Promise<Products> {
  const indexUrl = `${baseUrl}/streams/v1/index.json`;
  const index = parseJson(indexUrl, await fetchText(indexUrl, http, attempts)) as { index?: Record<string, { datatype?: string; path?: string }> };
  const entry = Object.values(index.index ?? {}).find((e) => e.datatype === 'image-downloads' && typeof e.path === 'string');
  if (!entry?.path) throw new ImageFetchError(`${indexUrl}: no image-downloads stream`, { url: indexUrl });
  const url = `${baseUrl}/${entry.path}`;
  const doc = parseJson(url, await fetchText(url, http, attempts)) as { products?: Record<string, Product> };
  return { url, products: doc.products ?? {} };
}

/** Every product with its newest version, as index rows. */
export function productRows(p: Products): ImageRow[] {
  return Object.entries(p.products).flatMap(([id, prod]) => {
    const build = newest(prod);
    const [dist, release, arch, variant] = id.split(':');
    return build ? [{ dist, release: prod.release ?? release, arch: prod.arch ?? arch, variant: prod.variant ?? variant ?? 'default', build }] : [];
  });
}

export function resolveSimplestreamsImage(baseUrl: string, p: Products, q: ImageQuery): ResolvedImage {
  const id = `${q.dist}:${q.release}:${q.arch}:${q.variant}`;
  const prod = p.products[id];
  const build = prod ? newest(prod) : undefined;
  if (!prod || !build) throw new ImageNotFoundError(`Couldn't find a matching image for ${q.dist} ${q.release} ${q.arch} ${q.variant}`, { ...q, index: p.url });
  const items = Object.values(prod.versions?.[build]?.items ?? {});
  const meta = items.find((i) => META_FTYPES.includes(i.ftype ?? ''));
  const root = items.find((i) => i.ftype === 'root.tar.xz');
  if (!meta?.path || !root?.path) {
    throw new ImageNotFoundError(`${id} ${build} has no container rootfs (root.tar.xz) with metadata`, { ...q, build });
  }
  const file = (role: RemoteFile['role'], i: Item): RemoteFile => ({ role, url: `${baseUrl}/${i.path}`, size: i.size, sha256: i.sha256?.toLowerCase() });
  return {
    row: { ...q, build },
    files: [file('rootfs', root), file('meta', meta)],
    fingerprint: (meta.combined_rootxz_sha256 ?? meta.combined_sha256)?.toLowerCase(),
    metaKind: 'lxd',
    signedUrls: [],
  };
}

/** Versions are build serials (`20240101_13:00`): the newest sorts last. */
function newest(prod: Product): string | undefined {
  return Object.keys(prod.versions ?? {}).sort().pop();
}

function parseJson(url: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ImageFetchError(`${url}: not JSON: ${(err as Error).message}`, { url });
  }
}
