/**
 * One front for both protocols: the rows for `--list` and the interactive prompts,
 * and the resolution of one image to the files to fetch.
 */
import type { ImageRow } from '@lxcbus/contracts';
import type { ServerRef } from './download.options';
import type { HttpOptions } from './http-fetch';
import type { ImageQuery, ResolvedImage } from './image-source.types';
import { fetchLxcIndex, parseLxcIndex, resolveLxcImage } from './lxc-index.source';
import { fetchProducts, productRows, resolveSimplestreamsImage } from './simplestreams.source';

export interface IndexContext {
  readonly server: ServerRef;
  readonly mode: 'system' | 'user';
  readonly http: HttpOptions;
  readonly attempts: number;
}

export async function listImages(c: IndexContext): Promise<ImageRow[]> {
  if (c.server.protocol === 'simplestreams') return productRows(await fetchProducts(c.server.baseUrl, c.http, c.attempts));
  const index = await fetchLxcIndex(c.server.baseUrl, c.mode, c.http, c.attempts);
  return parseLxcIndex(index.text).map(({ dist, release, arch, variant, build }) => ({ dist, release, arch, variant, build }));
}

export async function resolveImage(c: IndexContext, q: ImageQuery): Promise<ResolvedImage> {
  if (c.server.protocol === 'simplestreams') {
    return resolveSimplestreamsImage(c.server.baseUrl, await fetchProducts(c.server.baseUrl, c.http, c.attempts), q);
  }
  return resolveLxcImage(c.server.baseUrl, await fetchLxcIndex(c.server.baseUrl, c.mode, c.http, c.attempts), q);
}

/** LXC's list filter: every option given must match; variant always filters (default "default"). */
export function filterRows(rows: readonly ImageRow[], f: Partial<ImageQuery>): ImageRow[] {
  return rows.filter(
    (r) =>
      (!f.dist || r.dist === f.dist) &&
      (!f.release || r.release === f.release) &&
      (!f.arch || r.arch === f.arch) &&
      (!f.variant || r.variant === f.variant),
  );
}
