/**
 * The drop-ins' loader (libs/cli/bundle-loader.js): a bundle runs from its code cache only when
 * that cache was made from the same file; V8 itself compares the source's length only.
 */
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Script } from 'node:vm';

interface Loader {
  load(file: string): { exports: { v: number; dir: string }; script: Script };
  writeCache(file: string): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loader = require('../bundle-loader') as Loader;

describe('bundle-loader', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lxcbus-bundle-'));
    file = join(dir, 'index.js');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const bundle = (v: number, mtime: number) => {
    writeFileSync(file, `module.exports = { v: ${v}, dir: __dirname };\n`);
    utimesSync(file, mtime, mtime);
  };

  it('runs the bundle as a module, from its cache once written', () => {
    bundle(1, 1000);
    const fresh = loader.load(file);
    expect(fresh.exports).toEqual({ v: 1, dir });
    loader.writeCache(file);
    const cached = loader.load(file);
    expect(cached.exports.v).toBe(1);
    expect(cached.script.cachedDataRejected).toBe(false);
  });

  it('never runs another build of the same length from a stale cache', () => {
    bundle(1, 1000);
    loader.writeCache(file);
    bundle(2, 2000);
    const { exports, script } = loader.load(file);
    expect(exports.v).toBe(2);
    // Not offered at all (cachedDataRejected stays undefined), rather than offered and trusted.
    expect(script.cachedDataRejected).toBeUndefined();
  });

  it('says to build when there is no bundle', () => {
    expect(() => loader.load(join(dir, 'missing.js'))).toThrow(/not built; run `npm run build`/);
  });
});
