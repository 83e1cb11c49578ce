import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { busyboxCandidates, isStaticElf, locateBusybox } from './busybox-binary.locator';

const STATIC_BUSYBOX = '/bin/busybox';
const DYNAMIC_ELF = process.execPath; // node itself is dynamically linked

describe('busybox locator', () => {
  let tmp: string;
  beforeEach(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'lxcbus-locate-'))));
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  function fakeBusybox(dir: string, from: string): string {
    mkdirSync(path.join(tmp, dir));
    const file = path.join(tmp, dir, 'busybox');
    copyFileSync(from, file);
    chmodSync(file, 0o755);
    return file;
  }

  it('tells static ELF binaries from dynamic ones and from scripts', async () => {
    expect(await isStaticElf(STATIC_BUSYBOX)).toBe(true);
    expect(await isStaticElf(DYNAMIC_ELF)).toBe(false);
    const script = path.join(tmp, 'script');
    writeFileSync(script, '#!/bin/sh\n');
    expect(await isStaticElf(script)).toBe(false);
    expect(await isStaticElf(path.join(tmp, 'absent'))).toBe(false);
  });

  it('prefers a static busybox over a dynamic one earlier on PATH', async () => {
    const dynamic = fakeBusybox('a', DYNAMIC_ELF);
    const stat = fakeBusybox('b', STATIC_BUSYBOX);
    const pathEnv = `${path.dirname(dynamic)}:${path.dirname(stat)}`;
    expect(await busyboxCandidates(pathEnv, [])).toEqual([dynamic, stat]);
    expect(await locateBusybox(pathEnv, [])).toBe(stat);
  });

  it('falls back to the first candidate when none is static, and to undefined when none exists', async () => {
    const dynamic = fakeBusybox('a', DYNAMIC_ELF);
    expect(await locateBusybox(path.dirname(dynamic), [])).toBe(dynamic);
    expect(await locateBusybox(path.join(tmp, 'nothing'), [])).toBeUndefined();
  });

  it('ignores non-executable files and searches LXC fallback dirs after PATH', async () => {
    const plain = path.join(tmp, 'busybox');
    writeFileSync(plain, 'x');
    expect(await busyboxCandidates(tmp, [])).toEqual([]);
    expect(await locateBusybox('', ['/bin'])).toBe('/bin/busybox');
  });
});
