/**
 * Every failure of `-t download` is a coded error and leaves nothing behind: the cache
 * dir and the lxcpath are listed before and after each attempt and must be identical
 * (the rootfs the attempt was to fill included).
 */
import { createServer } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceVerb } from '@lxcbus/contracts';
import { writeTar, type CraftedEntry, type Fault } from '../fixtures/image-server';
import { askService, populateBody, snapshot, startDownloadEnv, tapProgress, type DownloadEnv } from './image-fetcher.download-helpers';

jest.setTimeout(120_000);
const rootDescribe = process.getuid?.() === 0 ? describe : describe.skip;
if (process.getuid?.() !== 0) process.stderr.write('image-fetcher.download-failures.test: skipped: unpacking images needs root\n');

let env: DownloadEnv;
const BUSYBOX = ['-d', 'busybox', '-r', '1.35', '-a', 'amd64'];
const file = (name: string) => `/images/busybox/1.35/amd64/default/20250101_00:00/${name}`;

beforeAll(async () => {
  env = await startDownloadEnv();
  // A successful create first, so the cache is not empty when failures are compared against it.
  const ok = await askService(env, ServiceVerb.populate, populateBody(env, 'warm', ['-d', 'alpine', '-r', '3.20', '-a', 'amd64', '--server', env.server.host]));
  expect(ok.ok).toBe(true);
});
afterAll(async () => env?.stop());
afterEach(() => env.server.clearFaults());

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function failsCleanly(name: string, args: string[]): Promise<{ code: string; message: string; details?: any }> {
  const body = populateBody(env, name, args);
  const before = { cache: snapshot(env.cacheDir), lxc: snapshot(env.lxcpath) };
  const r = await askService(env, ServiceVerb.populate, body);
  expect(r.ok).toBe(false);
  expect({ cache: snapshot(env.cacheDir), lxc: snapshot(env.lxcpath) }).toEqual(before);
  expect(existsSync(body.rootfs)).toBe(false);
  return r.error;
}

rootDescribe('download failures leave no trace', () => {
  it('server down: IMAGE_FETCH_FAILED naming the URL LXC would fetch', async () => {
    const port = await closedPort();
    const err = await failsCleanly('f1', [...BUSYBOX, '--server', `127.0.0.1:${port}`]);
    expect(err.code).toBe('IMAGE_FETCH_FAILED');
    expect(err.message).toContain(`https://127.0.0.1:${port}//meta/1.0/index-system`);
    expect(err.message).toMatch(/ECONNREFUSED/);
  });

  it.each<[string, string, Fault, string, RegExp]>([
    ['404 on the rootfs', 'rootfs.tar.xz', '404', 'IMAGE_FETCH_FAILED', /HTTP 404/],
    ['truncated rootfs', 'rootfs.tar.xz', 'truncate', 'IMAGE_FETCH_FAILED', /truncated|closed early/],
    ['wrong checksum (SHA256SUMS)', 'rootfs.tar.xz', 'corrupt', 'IMAGE_VERIFY_FAILED', /sha256 [0-9a-f]{64} does not match/],
    ['bad GPG signature', 'rootfs.tar.xz.asc', 'badsig', 'IMAGE_VERIFY_FAILED', /Invalid signature for .*rootfs\.tar\.xz/],
    ['bad signature on SHA256SUMS', 'SHA256SUMS.asc', 'badsig', 'IMAGE_VERIFY_FAILED', /Invalid signature for .*SHA256SUMS/],
    ['missing meta tarball', 'meta.tar.xz', '404', 'IMAGE_FETCH_FAILED', /meta\.tar\.xz: HTTP 404/],
  ])('%s: %s', async (_label, name, fault, code, message) => {
    env.server.fault(file(name), fault);
    const err = await failsCleanly(`f-${fault}-${name.replace(/\W/g, '')}`, [...BUSYBOX, '--server', env.server.host]);
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
  });

  it.each([
    ['dist', ['-d', 'nosuch', '-r', '1.35', '-a', 'amd64']],
    ['release', ['-d', 'busybox', '-r', '9.99', '-a', 'amd64']],
    ['arch', ['-d', 'busybox', '-r', '1.35', '-a', 'riscv64']],
  ])('unknown %s: IMAGE_NOT_FOUND as "Couldn\'t find a matching image"', async (_f, args) => {
    const err = await failsCleanly(`nf${args[1].replace(/\W/g, '')}${args[3].replace(/\W/g, '')}${args[5]}`, [...args, '--server', env.server.host]);
    expect(err.code).toBe('IMAGE_NOT_FOUND');
    expect(err.message).toMatch(/^Couldn't find a matching image/);
  });

  it('simplestreams items are checked against their listed sha256', async () => {
    env.server.fault(file('lxd.tar.xz'), 'corrupt');
    const err = await failsCleanly('ss1', [...BUSYBOX, '--server', `simplestreams+${env.server.httpsUrl}`]);
    expect(err.code).toBe('IMAGE_VERIFY_FAILED');
  });

  it('an unusable --server is BAD_REQUEST', async () => {
    const err = await failsCleanly('bs1', [...BUSYBOX, '--server', 'ftp://x/y']);
    expect(err.code).toBe('BAD_REQUEST');
  });

  it('--no-validate skips the checks and says so', async () => {
    const tap = tapProgress(env, 'nv1');
    // Simplestreams: its image (LXD metadata) differs from the one already cached and verified.
    const ss = ['-d', 'debian', '-r', 'bookworm', '-a', 'amd64', '--server', `simplestreams+${env.server.httpsUrl}`];
    const r = await askService(env, ServiceVerb.populate, populateBody(env, 'nv1', [...ss, '--no-validate']));
    tap.close();
    expect(r.ok).toBe(true);
    expect(tap.events.map((e) => e.data.message)).toContain('WARNING: Running without gpg validation!');
    env.server.clearFaults();
    const again = tapProgress(env, 'nv2');
    const checked = await askService(env, ServiceVerb.populate, populateBody(env, 'nv2', ss));
    again.close();
    expect(checked.ok).toBe(true);
    // A checked create does not inherit what an unchecked one put in the cache.
    expect(again.events.map((e) => e.data.message)[0]).toBe('The cached copy was not validated, re-downloading...');
  });
});

rootDescribe('hostile image tarballs are refused before anything is unpacked', () => {
  it.each<[string, CraftedEntry[]]>([
    ['a ".." member', [{ name: './', type: 'dir' }, { name: './../../../../tmp/lxcbus-escaped', body: 'x' }]],
    ['an absolute member', [{ name: '/tmp/lxcbus-escaped', body: 'x' }]],
    ['a write through a symlink', [{ name: 'etc', type: 'symlink', linkname: '/tmp' }, { name: 'etc/lxcbus-escaped', body: 'x' }]],
    ['a hard link to a host file', [{ name: 'shadow', type: 'hardlink', linkname: '../../../../etc/shadow' }]],
  ])('%s: IMAGE_UNSAFE, nothing written', async (label, entries) => {
    const tar = writeTar(join(env.base, `hostile-${label.replace(/\W/g, '')}.tar.xz`), entries);
    env.server.override(file('rootfs.tar.xz'), readFileSync(tar));
    const err = await failsCleanly(`hx${label.replace(/\W/g, '').slice(0, 20)}`, [...BUSYBOX, '--server', env.server.host, '--no-validate']);
    expect(err.code).toBe('IMAGE_UNSAFE');
    expect(existsSync('/tmp/lxcbus-escaped')).toBe(false);
  });
});
