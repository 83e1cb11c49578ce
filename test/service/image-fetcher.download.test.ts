/**
 * The `download` template through image-fetcher on a real nats-server, against the
 * local image server fixture over HTTPS (CA made at test time) with GPG-signed files:
 * LXC index and simplestreams, the shared cache and its rules, progress events.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceVerb } from '@lxcbus/contracts';
import { CREATE_MESSAGE } from '../fixtures/image-server';
import { askCommand, askService, populateBody, startDownloadEnv, tapProgress, type DownloadEnv } from './image-fetcher.download-helpers';

jest.setTimeout(120_000);
const isRoot = process.getuid?.() === 0;
const rootIt = isRoot ? it : it.skip;
if (!isRoot) process.stderr.write('image-fetcher.download.test: skipping populate cases: unpacking an image (owners, devices, xattrs) needs root\n');

let env: DownloadEnv;
const ALPINE = ['-d', 'alpine', '-r', '3.20', '-a', 'amd64'];
const rootfsFetches = () => env.server.requests.filter((r) => r.endsWith('/alpine/3.20/amd64/default/20250101_00:00/rootfs.tar.xz')).length;

beforeAll(async () => {
  env = await startDownloadEnv();
});
afterAll(async () => env?.stop());

describe('images (index for --list and the interactive prompts)', () => {
  it('lists the LXC index over HTTPS, index-system.7 first then index-system', async () => {
    const r = await askCommand(env, 'images', { templateArgs: ['--list', '--server', env.server.host] });
    expect(r).toMatchObject({ ok: true, list: true, missing: ['dist', 'release', 'arch'], server: env.server.host });
    expect(r.images).toEqual(expect.arrayContaining([{ dist: 'alpine', release: '3.20', arch: 'amd64', variant: 'default', build: '20250101_00:00' }]));
    expect(env.server.requests).toEqual(expect.arrayContaining(['/meta/1.0/index-system.7', '/meta/1.0/index-system']));
  });

  it('filters by the options given and reads simplestreams too', async () => {
    const r = await askCommand(env, 'images', { templateArgs: ['-d', 'debian', '--server', `simplestreams+${env.server.httpsUrl}`] });
    expect(r).toMatchObject({ ok: true, list: false, missing: ['release', 'arch'] });
    expect(r.images).toEqual([{ dist: 'debian', release: 'bookworm', arch: 'amd64', variant: 'default', build: '20250101_00:00' }]);
  });

  it('answers without the network when nothing is missing', async () => {
    const before = env.server.requests.length;
    expect(await askCommand(env, 'images', { templateArgs: [...ALPINE, '--server', env.server.host] })).toMatchObject({ ok: true, missing: [], images: [] });
    expect(env.server.requests.length).toBe(before);
  });
});

describe('populate -t download', () => {
  rootIt('creates a rootfs and config from the LXC index, with progress events', async () => {
    const tap = tapProgress(env, 'd1');
    const body = populateBody(env, 'd1', [...ALPINE, '--server', env.server.host]);
    const r = await askService(env, ServiceVerb.populate, body);
    tap.close();
    expect(r).toMatchObject({ ok: true, message: CREATE_MESSAGE });
    expect(r.config).toEqual([
      '', '# Distribution configuration', `lxc.include = ${env.configDir}/alpine.common.conf`, 'lxc.arch = x86_64', '',
      '# Container specific configuration', `lxc.rootfs.path = dir:${body.rootfs}`, 'lxc.uts.name = d1', '',
      '# Network configuration', 'lxc.net.0.type = empty',
    ]);
    expect(readFileSync(join(env.configDir, 'alpine.common.conf'), 'utf8')).toContain(`lxc.include = ${env.configDir}/common.conf`);
    expect(readFileSync(join(body.rootfs, 'etc/hostname'), 'utf8')).toBe('d1\n');
    expect(lstatSync(join(body.rootfs, 'usr/bin/busybox-hardlink')).ino).toBe(lstatSync(join(body.rootfs, 'bin/busybox')).ino);
    expect(lstatSync(join(body.rootfs, 'dev/null')).isCharacterDevice()).toBe(true);
    expect(lstatSync(join(body.rootfs, 'var/lib/nobody')).uid).toBe(65534);
    expect(execFileSync('getcap', [join(body.rootfs, 'bin/ping')], { encoding: 'utf8' })).toMatch(/cap_net_raw[=+]ep/);
    expect(existsSync(join(body.rootfs, 'dev/pts'))).toBe(true);
    const lines = tap.events.filter((e) => e.data.phase === 'output').map((e) => e.data.message);
    expect(lines).toEqual(['Downloading the image index', 'Downloading the rootfs', 'Downloading the metadata', 'The image cache is now ready', 'Unpacking the rootfs']);
    const bytes = tap.events.filter((e) => e.data.phase === 'rootfs');
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes[bytes.length - 1].data).toMatchObject({ bytesDone: readFileSync(env.server.image.rootfs).length, bytesTotal: readFileSync(env.server.image.rootfs).length });
  });

  rootIt('makes the second container from the cache without downloading', async () => {
    const before = rootfsFetches();
    const r = await askService(env, ServiceVerb.populate, populateBody(env, 'd2', [...ALPINE, '--server', env.server.host]));
    expect(r.ok).toBe(true);
    expect(rootfsFetches()).toBe(before);
    expect(readFileSync(join(env.lxcpath, 'd2/rootfs/etc/hostname'), 'utf8')).toBe('d2\n');
  });

  rootIt('downloads once for concurrent creates after --flush-cache', async () => {
    const before = rootfsFetches();
    const args = [...ALPINE, '--server', env.server.host];
    const [a, b, c] = await Promise.all([
      askService(env, ServiceVerb.populate, populateBody(env, 'c1', [...args, '--flush-cache'])),
      askService(env, ServiceVerb.populate, populateBody(env, 'c2', args)),
      askService(env, ServiceVerb.populate, populateBody(env, 'c3', args)),
    ]);
    expect([a.ok, b.ok, c.ok]).toEqual([true, true, true]);
    expect(rootfsFetches()).toBe(before + 1);
    expect(readdirSync(join(env.cacheDir, 'images'))).toHaveLength(1);
  });

  rootIt('applies the expiry rule: expired -> index re-read, same build kept; --force-cache skips the index', async () => {
    const refs = join(env.cacheDir, 'refs');
    const ref = readdirSync(refs).find((f) => f.startsWith('alpine_3.20_amd64_default_system')) as string;
    const data = JSON.parse(readFileSync(join(refs, ref), 'utf8'));
    writeFileSync(join(refs, ref), JSON.stringify({ ...data, expiry: 1 }));
    const tap = tapProgress(env, 'e1');
    const before = rootfsFetches();
    expect((await askService(env, ServiceVerb.populate, populateBody(env, 'e1', [...ALPINE, '--server', env.server.host]))).ok).toBe(true);
    tap.close();
    expect(tap.events.filter((e) => e.data.phase === 'output').map((e) => e.data.message)).toEqual([
      'The cached copy has expired, re-downloading...', 'Downloading the image index', 'The cache is already up to date',
      'Using image from local cache', 'Unpacking the rootfs',
    ]);
    expect(rootfsFetches()).toBe(before);
    const indexReads = env.server.requests.length;
    expect((await askService(env, ServiceVerb.populate, populateBody(env, 'e2', [...ALPINE, '--server', env.server.host, '--force-cache']))).ok).toBe(true);
    expect(env.server.requests.length).toBe(indexReads);
  });

  rootIt('reads simplestreams (sizes, sha256, fingerprint) and plain HTTP', async () => {
    const ss = await askService(env, ServiceVerb.populate, populateBody(env, 's1', ['-d', 'debian', '-r', 'bookworm', '-a', 'amd64', '--server', `simplestreams+${env.server.httpsUrl}`]));
    expect(ss).toMatchObject({ ok: true });
    expect(ss.config).toContain(`lxc.include = ${env.configDir}/debian.common.conf`);
    expect(env.server.requests).toEqual(expect.arrayContaining(['/streams/v1/index.json', '/streams/v1/images.json']));
    const plain = await askService(env, ServiceVerb.populate, populateBody(env, 'h1', ['-d', 'debian', '-r', 'bookworm', '-a', 'amd64', '--server', env.server.httpUrl]));
    expect(plain).toMatchObject({ ok: true, message: CREATE_MESSAGE });
    // Content-addressed: the HTTP LXC-index image has the same bytes as the HTTPS one and is
    // stored once; the simplestreams one differs (LXD metadata) and is the second entry.
    expect(readdirSync(join(env.cacheDir, 'images'))).toHaveLength(2);
  });

  rootIt('uses config-user and leaves out excludes-user for a user-mode target', async () => {
    const body = populateBody(env, 'u1', [...ALPINE, '--server', env.server.host], 'user');
    const r = await askService(env, ServiceVerb.populate, body);
    expect(r.ok).toBe(true);
    expect(r.config).toContain(`lxc.include = ${env.configDir}/alpine.userns.conf`);
    expect(existsSync(join(body.rootfs, 'dev/null'))).toBe(false);
    expect(existsSync(join(body.rootfs, 'bin/busybox'))).toBe(true);
  });
});
