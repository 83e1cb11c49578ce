/**
 * `lxc-create -t download` for a root-run unprivileged container (issue 4, rootfs
 * ownership): the fixture image (device nodes listed in excludes-user, a nobody-owned
 * directory, a hard link, a ping with cap_net_raw) unpacked and shifted into
 * `0 100000 65536`, side by side with real LXC's lxc-download under the same config.
 * Tools run asynchronously: the image server lives in this process.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startImageServer, type ImageServer } from '../fixtures/image-server';
import { runAsync as run } from '../support/run-async';
import { dropRootRange, ensureRootRange } from './support/root-range';
import { BIN, describeSystem, startStack, type Stack } from './support/stack-harness';

jest.setTimeout(300_000);

/** What shifting decides, read from the host. */
function view(rootfs: string) {
  const st = (p: string) => lstatSync(join(rootfs, p));
  const caps = execFileSync('getcap', ['-n', join(rootfs, 'bin/ping')]).toString().trim().split(/\s+/).slice(1).join(' ');
  return {
    rootfs: [st('.').uid, st('.').gid],
    busybox: [st('bin/busybox').uid, st('bin/busybox').gid, st('bin/busybox').mode & 0o7777],
    nobody: [st('var/lib/nobody').uid, st('var/lib/nobody').gid],
    link: [st('bin/sh').uid, st('bin/sh').isSymbolicLink()],
    hardlink: st('usr/bin/busybox-hardlink').ino === st('bin/busybox').ino,
    devNull: existsSync(join(rootfs, 'dev/null')),
    caps,
  };
}

describeSystem('lxc-create -t download for a root-run unprivileged container', () => {
  let server: ImageServer;
  let stack: Stack;
  let work: string;
  let added: string[] = [];
  const conf = () => join(work, 'default.conf');
  const ALPINE = () => ['-d', 'alpine', '-r', '3.20', '-a', 'amd64', '--server', server.host];
  const bus = (tool: string, args: string[]) => run(process.execPath, [join(BIN, tool), ...args], stack.env);

  beforeAll(async () => {
    added = ensureRootRange();
    server = await startImageServer();
    process.env.LXCBUS_IMAGE_CA_FILE = server.tls.caCert;
    process.env.LXCBUS_IMAGE_KEYRING = server.keyring;
    work = mkdtempSync(join(tmpdir(), 'lxcbus-unpriv-dl-'));
    chmodSync(work, 0o755);
    writeFileSync(conf(), 'lxc.net.0.type = empty\nlxc.idmap = u 0 100000 65536\nlxc.idmap = g 0 100000 65536\n');
    stack = await startStack({ defaultConfig: conf() });
    chmodSync(dirname(stack.lxcpath), 0o755);
  });

  afterAll(async () => {
    await stack?.stop().catch((err: unknown) => console.warn(`stack cleanup: ${String(err)}`));
    if (work) rmSync(work, { recursive: true, force: true });
    await server?.stop();
    delete process.env.LXCBUS_IMAGE_CA_FILE;
    delete process.env.LXCBUS_IMAGE_KEYRING;
    dropRootRange(added);
  });

  it('shifts the image into the map, keeps modes, hard links and file caps, and drops excludes-user', async () => {
    const r = await bus('lxc-create', ['-t', 'download', '-n', 'ud1', '--', ...ALPINE()]);
    expect(r).toMatchObject({ code: 0 });
    const ours = view(join(stack.lxcpath, 'ud1', 'rootfs'));
    expect(ours).toEqual({
      rootfs: [100000, 100000], busybox: [100000, 100000, 0o755], nobody: [165534, 165534], link: [100000, true], hardlink: true,
      devNull: false, caps: 'cap_net_raw=ep [rootid=100000]',
    });
    // config-user, not config: the image's userns include is there.
    expect(readFileSync(join(stack.lxcpath, 'ud1', 'config'), 'utf8')).toMatch(/alpine\.userns\.conf/);
    if (!existsSync('/usr/share/lxc/templates/lxc-download') || !existsSync('/usr/share/lxc/config/alpine.common.conf')) return console.warn('SKIP side-by-side: LXC (lxc, lxc-templates) is not installed');
    const lxcpath = join(work, 'lxc');
    const env = { ...process.env, WGETRC: server.wgetrc, LXC_CACHE_PATH: join(work, 'lxc-cache') };
    const theirs = await run('lxc-create', ['-P', lxcpath, '-f', conf(), '-t', 'download', '-n', 'ud1', '--', ...ALPINE()], env);
    expect(theirs.code).toBe(0);
    // One deliberate difference: lxc-download's tar runs without --xattrs and loses ping's
    // capability; lxcbus keeps it (as in system mode), namespaced to the mapped root.
    const real = view(join(lxcpath, 'ud1', 'rootfs'));
    expect(real.caps).toBe('');
    expect({ ...ours, caps: '' }).toEqual(real);
    await run('lxc-destroy', ['-P', lxcpath, '-n', 'ud1', '-f'], env);
  });

  it('starts it unprivileged and runs a command in it', async () => {
    expect(await bus('lxc-start', ['-n', 'ud1'])).toMatchObject({ code: 0, stderr: '' });
    try {
      const pid = Number((await bus('lxc-info', ['-n', 'ud1', '-pH'])).stdout.trim());
      expect(readFileSync(`/proc/${pid}/uid_map`, 'utf8').trim().split(/\s+/)).toEqual(['0', '100000', '65536']);
      expect(await bus('lxc-attach', ['-n', 'ud1', '--', '/bin/cat', '/etc/hostname'])).toMatchObject({ code: 0, stdout: 'ud1\n' });
    } finally {
      await bus('lxc-stop', ['-k', '-n', 'ud1']);
    }
  });
});
