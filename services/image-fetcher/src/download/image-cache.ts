/**
 * The shared image cache: which image a request means, fetched at most once. LXC's
 * rules decide whether the cached copy is used (lxc-download 5.0.2): `--flush-cache`
 * drops it and fetches again; `--force-cache` uses it even when expired; otherwise it
 * is used until its `expiry`, after which the index is read again and the copy kept
 * when the build is unchanged ("The cache is already up to date"). Concurrent requests
 * for one ref share one fetch: in this process through the in-flight map, across
 * processes through the ref's lock file. An image a create is still copying from is not
 * removed under it by a concurrent `--flush-cache`: callers hold it (acquire .. release) and
 * the flush's removal waits for the last holder in this process.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { withFileLock } from './cache-lock';
import {
  cacheLayout, ensureLayout, readJson, refName, writeJsonAtomic, type CacheLayout, type CacheRef, type ImageManifest, type RefKey,
} from './cache-layout';
import type { DownloadReporter } from './download-reporter';
import type { DownloadSettings } from './download.settings';
import type { HttpOptions } from './http-fetch';
import { fetchIntoCache } from './image-fetch';
import { resolveImage } from './image-index';
import { readMetadataDir } from '../templates/local-metadata.reader';
import { DOWNLOAD_COMPAT_LEVEL } from './lxc-index.source';

export interface AcquireRequest {
  readonly key: RefKey;
  readonly flush: boolean;
  readonly force: boolean;
  readonly validate: boolean;
  readonly reporter: DownloadReporter;
  readonly now?: () => number;
}

export interface CachedImage {
  readonly dir: string;
  readonly manifest: ImageManifest;
}

export class ImageCache {
  readonly layout: CacheLayout;
  private readonly inflight = new Map<string, Promise<CachedImage>>();
  /** Image dir -> how many creates of this process are reading it now. */
  private readonly holders = new Map<string, number>();
  /** Image dirs a flush dropped while held: removed by the last release (dir -> its ref, for the lock). */
  private readonly dropLater = new Map<string, string>();

  constructor(private readonly settings: DownloadSettings) {
    this.layout = cacheLayout(settings.cacheDir);
  }

  init(): Promise<void> {
    return ensureLayout(this.layout);
  }

  acquire(req: AcquireRequest): Promise<CachedImage> {
    const ref = refName(req.key);
    const running = this.inflight.get(ref);
    if (running && !req.flush) {
      req.reporter.line('Waiting for the same image, already being downloaded');
      // Held before any later flush can run: its decide waits for this promise, then for the lock.
      return running.then((img) => this.hold(img));
    }
    // A flush never joins: it runs after the current fetch, and later callers join it instead.
    const p: Promise<CachedImage> = (running ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.acquireLocked(ref, req))
      .finally(() => {
        if (this.inflight.get(ref) === p) this.inflight.delete(ref);
      });
    this.inflight.set(ref, p);
    return p;
  }

  private acquireLocked(ref: string, req: AcquireRequest): Promise<CachedImage> {
    const lock = path.join(this.layout.locks, `${ref}.lock`);
    return withFileLock(lock, this.settings.lockStaleMs, async () => this.hold(await this.decide(ref, req)));
  }

  private hold(img: CachedImage): CachedImage {
    this.holders.set(img.dir, (this.holders.get(img.dir) ?? 0) + 1);
    return img;
  }

  /** The create is done with `img` (copied, or failed): a removal a flush deferred happens now. */
  async release(img: CachedImage): Promise<void> {
    const left = (this.holders.get(img.dir) ?? 1) - 1;
    if (left > 0) {
      this.holders.set(img.dir, left);
      return;
    }
    this.holders.delete(img.dir);
    const ref = this.dropLater.get(img.dir);
    if (ref === undefined) return;
    this.dropLater.delete(img.dir);
    const lock = path.join(this.layout.locks, `${ref}.lock`);
    await withFileLock(lock, this.settings.lockStaleMs, () => this.removeUnnamed(path.basename(img.dir)));
  }

  private async decide(ref: string, req: AcquireRequest): Promise<CachedImage> {
    const refFile = path.join(this.layout.refs, `${ref}.json`);
    let current = await this.usable(await readJson<CacheRef>(refFile));
    const now = Math.floor((req.now ?? Date.now)() / 1000);
    if (current && req.validate && !current.image.manifest.validated) {
      // Fetched with --no-validate: a checked request must not inherit unchecked bytes.
      req.reporter.line('The cached copy was not validated, re-downloading...');
      await this.drop(refFile, current.ref.id);
      current = undefined;
    } else if (current && req.flush) {
      req.reporter.line('Flushing the cache...');
      await this.drop(refFile, current.ref.id);
      current = undefined;
    } else if (current && (req.force || current.ref.expiry === undefined || current.ref.expiry >= now)) {
      req.reporter.line('Using image from local cache');
      return current.image;
    } else if (current) {
      req.reporter.line('The cached copy has expired, re-downloading...');
    }
    req.reporter.line('Downloading the image index');
    const img = await resolveImage(this.indexContext(req.key), req.key);
    if (current && current.ref.build === img.row.build) {
      req.reporter.line('The cache is already up to date');
      req.reporter.line('Using image from local cache');
      return current.image;
    }
    const manifest = await fetchIntoCache({
      layout: this.layout, http: this.http(), keyring: this.settings.keyring, validate: req.validate,
      server: req.key.server.spelled, reporter: req.reporter,
    }, img);
    const dir = path.join(this.layout.images, manifest.id);
    const meta = await readMetadataDir(path.join(dir, 'meta'), req.key.mode, DOWNLOAD_COMPAT_LEVEL, 'meta.tar.xz');
    await writeJsonAtomic(refFile, { id: manifest.id, build: img.row.build, ...(meta.expiry ? { expiry: meta.expiry } : {}) });
    req.reporter.line('The image cache is now ready');
    return { dir, manifest: await readJson<ImageManifest>(path.join(dir, 'manifest.json')) ?? manifest };
  }

  /** A ref counts only when its image is complete on disk (someone may have removed it by hand). */
  private async usable(ref: CacheRef | undefined): Promise<{ ref: CacheRef; image: CachedImage } | undefined> {
    if (!ref) return undefined;
    const dir = path.join(this.layout.images, ref.id);
    const manifest = await readJson<ImageManifest>(path.join(dir, 'manifest.json'));
    return manifest ? { ref, image: { dir, manifest } } : undefined;
  }

  /** Forgets a ref, and its image unless another ref still names it or a create is reading it (then later). */
  private async drop(refFile: string, id: string): Promise<void> {
    await fs.rm(refFile, { force: true });
    const dir = path.join(this.layout.images, id);
    if (this.holders.has(dir)) {
      this.dropLater.set(dir, path.basename(refFile, '.json'));
      return;
    }
    await this.removeUnnamed(id);
  }

  private async removeUnnamed(id: string): Promise<void> {
    for (const f of await fs.readdir(this.layout.refs)) {
      if (f.endsWith('.json') && (await readJson<CacheRef>(path.join(this.layout.refs, f)))?.id === id) return;
    }
    await fs.rm(path.join(this.layout.images, id), { recursive: true, force: true });
  }

  indexContext(key: Pick<RefKey, 'server' | 'mode'>) {
    return { server: key.server, mode: key.mode, http: this.http(), attempts: this.settings.attempts };
  }

  private http(): HttpOptions {
    return { timeoutMs: this.settings.timeoutMs, userAgent: this.settings.userAgent, caFile: this.settings.caFile };
  }
}
