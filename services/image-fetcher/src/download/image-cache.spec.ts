import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheLayout, refName, type RefKey } from './cache-layout';
import { ImageCache, type AcquireRequest } from './image-cache';

/** A cache holding one image under one ref; the server is unreachable, so a flush drops and then fails. */
describe('ImageCache: --flush-cache and creates still copying from the image', () => {
  let root: string;
  let cache: ImageCache;
  const key: RefKey = {
    server: { protocol: 'lxc', baseUrl: 'https://127.0.0.1:1', spelled: '127.0.0.1:1' } as RefKey['server'],
    mode: 'system', dist: 'd', release: 'r', arch: 'amd64', variant: 'default',
  };
  const reporter = { line: () => undefined, bytes: () => undefined };
  const req = (flush: boolean): AcquireRequest => ({ key, flush, force: false, validate: false, reporter });
  const imageDir = () => join(cacheLayout(root).images, 'img1');

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'lxcbus-imgcache-'));
    cache = new ImageCache({
      cacheDir: root, templateConfigDir: root, hookDir: root, timeoutMs: 500, attempts: 1, userAgent: 'spec', lockStaleMs: 60_000,
    });
    await cache.init();
    mkdirSync(imageDir());
    writeFileSync(join(imageDir(), 'manifest.json'), JSON.stringify({ id: 'img1', validated: true }));
    writeFileSync(join(cacheLayout(root).refs, `${refName(key)}.json`), JSON.stringify({ id: 'img1', build: '1' }));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('a flush while a create holds the image forgets the ref but removes the image only at the last release', async () => {
    const a = await cache.acquire(req(false));
    const b = await cache.acquire(req(false));
    expect(a.dir).toBe(imageDir());
    await expect(cache.acquire(req(true))).rejects.toBeDefined(); // dropped, then the index is unreachable
    expect(existsSync(join(cacheLayout(root).refs, `${refName(key)}.json`))).toBe(false);
    expect(existsSync(imageDir())).toBe(true);
    await cache.release(a);
    expect(existsSync(imageDir())).toBe(true);
    await cache.release(b);
    expect(existsSync(imageDir())).toBe(false);
  });

  it('a flush with no create holding the image removes it at once', async () => {
    await cache.release(await cache.acquire(req(false)));
    await expect(cache.acquire(req(true))).rejects.toBeDefined();
    expect(existsSync(imageDir())).toBe(false);
  });
});
