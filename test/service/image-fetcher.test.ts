/**
 * image-fetcher against a real nats-server: populate runs a built-in template into a
 * container directory and replies with the config; failures come back coded.
 */
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceName, ServiceVerb, subjects } from '@lxcbus/contracts';
import { AppModule } from '../../services/image-fetcher/src/app.module';
import { startServiceUnderTest, type ServiceUnderTest } from '../support/service-under-test';

const HOST = `if${process.pid}`;
const isRoot = process.getuid?.() === 0;
const rootOnly = isRoot ? it : it.skip;
if (!isRoot) process.stderr.write('image-fetcher.test: skipping the busybox populate: needs root (setuid busybox, chmod of /tmp)\n');

let svc: ServiceUnderTest;
let lxcpath: string;

const ask = (verb: ServiceVerb, body: unknown) => svc.request(subjects.service(HOST, ServiceName.imageFetcher, verb), body, 30_000);

function request(name: string, patch: Record<string, unknown> = {}) {
  const containerDir = join(lxcpath, name);
  mkdirSync(containerDir, { recursive: true });
  return {
    name,
    owner: 'root',
    lxcpath,
    containerDir,
    rootfs: join(containerDir, 'rootfs'),
    template: 'busybox',
    args: [],
    config: ['lxc.net.0.type = empty', `lxc.rootfs.path = dir:${join(containerDir, 'rootfs')}`],
    ...patch,
  };
}

beforeAll(async () => {
  lxcpath = mkdtempSync(join(tmpdir(), 'lxcbus-if-'));
  svc = await startServiceUnderTest(AppModule, {
    service: ServiceName.imageFetcher, queue: ServiceName.imageFetcher, host: HOST,
    // Keep the image cache and rendered include files of this boot out of /var.
    env: { LXCBUS_CACHEDIR: join(lxcpath, '.cache'), LXCBUS_STATEDIR: join(lxcpath, '.state') },
  });
}, 60_000);

afterAll(async () => {
  await svc?.stop();
  if (lxcpath) rmSync(lxcpath, { recursive: true, force: true });
});

describe('image-fetcher populate', () => {
  it('answers ping', async () => {
    expect(await ask(ServiceVerb.ping, {})).toMatchObject({ ok: true, service: 'image-fetcher', host: HOST });
  });

  rootOnly('populates a busybox rootfs and replies with the whole config', async () => {
    const req = request('bb1');
    const r = await ask(ServiceVerb.populate, req);
    expect(r.ok).toBe(true);
    expect(r.config.slice(0, 2)).toEqual(req.config);
    expect(r.config).toEqual(expect.arrayContaining(['lxc.signal.halt = SIGUSR1', 'lxc.uts.name = "bb1"']));
    expect(lstatSync(join(req.rootfs, 'bin', 'busybox')).isFile()).toBe(true);
    expect(lstatSync(join(req.rootfs, 'bin', 'sh')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(req.rootfs, 'sbin', 'init')).nlink).toBeGreaterThan(1);
  }, 60_000);

  it('keeps the saved config as it is for template none', async () => {
    const req = request('none1', { template: 'none' });
    expect(await ask(ServiceVerb.populate, req)).toEqual({ ok: true, config: req.config });
    expect(existsSync(req.rootfs)).toBe(false);
  });

  it('refuses an unknown template as lxc-create does', async () => {
    const r = await ask(ServiceVerb.populate, request('nt1', { template: 'nosuch' }));
    expect(r.ok).toBe(false);
    expect(r.error).toMatchObject({ code: 'TEMPLATE_FAILED', message: 'Template "nosuch" not found', details: { templateCode: 'TEMPLATE_NOT_FOUND' } });
  });

  it('refuses bad template arguments with the usage text and leaves no rootfs behind', async () => {
    const req = request('ba1', { args: ['--busybox-path', '/nonexistent/busybox'] });
    const r = await ask(ServiceVerb.populate, req);
    expect(r.error).toMatchObject({ code: 'TEMPLATE_FAILED', details: { templateCode: 'TEMPLATE_BAD_ARGS', template: 'busybox' } });
    expect(r.error.message).toBe('failed to find busybox binary (/nonexistent/busybox)');
    expect(r.error.details.usage).toContain('--busybox-path');
    expect(existsSync(req.rootfs)).toBe(false);
    const internal = await ask(ServiceVerb.populate, request('ba2', { args: ['--rootfs=/etc'] }));
    expect(internal.error.details.templateCode).toBe('TEMPLATE_BAD_ARGS');
  });

  it('refuses a rootfs outside <lxcpath>/<name> and writes nothing there', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'lxcbus-if-victim-'));
    try {
      const spelled = await ask(ServiceVerb.populate, request('h1', { rootfs: elsewhere }));
      expect(spelled.error).toMatchObject({ code: 'BAD_REQUEST', details: { field: 'rootfs' } });
      const dotdot = await ask(ServiceVerb.populate, request('h2', { rootfs: join(lxcpath, 'h2', '..', '..', 'x') }));
      expect(dotdot.error.code).toBe('BAD_REQUEST');
      const other = await ask(ServiceVerb.populate, request('h3', { containerDir: join(lxcpath, 'h4') }));
      expect(other.error).toMatchObject({ code: 'BAD_REQUEST', details: { field: 'containerDir' } });
      const req = request('h5');
      symlinkSync(elsewhere, req.rootfs);
      const linked = await ask(ServiceVerb.populate, req);
      expect(linked.error).toMatchObject({ code: 'BAD_REQUEST', details: { field: 'rootfs', resolved: elsewhere } });
      expect(readdirSync(elsewhere)).toEqual([]);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('answers malformed bodies with a code and keeps running', async () => {
    expect((await ask(ServiceVerb.populate, '{not json')).error.code).toBe('BAD_REQUEST');
    expect((await ask(ServiceVerb.populate, [1])).error.code).toBe('BAD_REQUEST');
    expect((await ask(ServiceVerb.populate, { ...request('m1'), name: '../x' })).error.code).toBe('INVALID_NAME');
    expect((await ask(ServiceVerb.populate, { ...request('m2'), rootfs: 'relative' })).error.code).toBe('BAD_REQUEST');
    expect((await ask(ServiceVerb.populate, { ...request('m3'), surprise: 1 })).error.code).toBe('BAD_REQUEST');
    expect((await ask(ServiceVerb.populate, { ...request('m4'), mode: 'weird' })).error.code).toBe('BAD_REQUEST');
    expect((await ask(ServiceVerb.ping, {})).ok).toBe(true);
  });
});
