/**
 * `lxc-create -t download` as a user runs it, through bin/lxc-* and a whole stack,
 * against the local image server fixture over HTTPS (CA and GPG key made at test time),
 * side by side with real LXC 5.0's lxc-download pointed at the same server. The image
 * server lives in this process, so every tool runs asynchronously (spawnSync would
 * block the server the tool is waiting for).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { NatsConnection } from 'nats';
import { CREATE_MESSAGE, startImageServer, type Fault, type ImageServer } from '../fixtures/image-server';
import { snapshot } from '../service/image-fetcher.download-helpers';
import { runAsync } from '../support/run-async';
import { command, connectPlain, EventTap, writeEmptyNetDefaultConfig } from './support/bus-helpers';
import { BIN, describeSystem, startStack, type Stack } from './support/stack-harness';

jest.setTimeout(300_000);

const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv, input = '') => runAsync(cmd, args, env, input);

// The fixture images include alpine.common.conf, which comes with lxc-templates.
const hasLxc = existsSync('/usr/share/lxc/templates/lxc-download') && existsSync('/usr/share/lxc/config/alpine.common.conf');

describeSystem('lxc-create -t download', () => {
  let server: ImageServer;
  let stack: Stack;
  let nc: NatsConnection;
  let work: string;
  let lxcEnv: NodeJS.ProcessEnv;
  const ALPINE = () => ['-d', 'alpine', '-r', '3.20', '-a', 'amd64', '--server', server.host];
  const bus = (tool: string, args: string[], input = '') => run(process.execPath, [join(BIN, tool), ...args], stack.env, input);
  const lxc = (args: string[], input = '') => run('lxc-create', ['-P', join(work, 'lxc'), '-f', join(work, 'default.conf'), ...args], lxcEnv, input);
  const cacheDir = () => join(dirname(stack.lxcpath), 'cache');

  beforeAll(async () => {
    server = await startImageServer();
    process.env.LXCBUS_IMAGE_CA_FILE = server.tls.caCert;
    process.env.LXCBUS_IMAGE_KEYRING = server.keyring;
    work = mkdtempSync(join(tmpdir(), 'lxcbus-dl-'));
    stack = await startStack({ defaultConfig: writeEmptyNetDefaultConfig(work) });
    nc = await connectPlain(stack.url);
    // Real lxc-download calls wget, which trusts the test CA through WGETRC.
    lxcEnv = { ...process.env, WGETRC: server.wgetrc, LXC_CACHE_PATH: join(work, 'lxc-cache') };
  });

  afterAll(async () => {
    await nc?.close();
    await stack?.stop().catch((err: unknown) => console.warn(`stack cleanup: ${String(err)}`));
    if (work) rmSync(work, { recursive: true, force: true });
    await server?.stop();
    delete process.env.LXCBUS_IMAGE_CA_FILE;
    delete process.env.LXCBUS_IMAGE_KEYRING;
  });

  it('creates from the fixture with the lines, config layout and create-message of real LXC', async () => {
    const ours = await bus('lxc-create', ['-t', 'download', '-n', 'dl1', '--', ...ALPINE()]);
    expect(ours).toMatchObject({ code: 0, stderr: '' });
    expect(ours.stdout).toBe(['Downloading the image index', 'Downloading the rootfs', 'Downloading the metadata',
      'The image cache is now ready', 'Unpacking the rootfs', '', '---', CREATE_MESSAGE].join('\n'));
    const config = readFileSync(join(stack.lxcpath, 'dl1', 'config'), 'utf8');
    expect(readFileSync(join(stack.lxcpath, 'dl1', 'rootfs', 'etc', 'hostname'), 'utf8')).toBe('dl1\n');
    if (!hasLxc) return console.warn('SKIP side-by-side: LXC is not installed');
    const theirs = await lxc(['-t', 'download', '-n', 'dl1', '--', ...ALPINE()]);
    expect(theirs.code).toBe(0);
    expect(ours.stdout).toBe(theirs.stdout);
    const includeDir = join(dirname(stack.lxcpath), 'state', 'config');
    // Only the include lines name the config dir; the header's commented nesting.conf line stays LXC's.
    const normal = (text: string, lxcpath: string, dir: string) =>
      text.split(lxcpath).join('<P>').split('\n').map((l) => (l.startsWith('lxc.include = ') ? l.split(dir).join('<CONFIG>') : l)).join('\n');
    expect(normal(config, stack.lxcpath, includeDir)).toBe(normal(readFileSync(join(work, 'lxc', 'dl1', 'config'), 'utf8'), join(work, 'lxc'), '/usr/share/lxc/config'));
  });

  it('starts the downloaded container and runs a command in it', async () => {
    const started = await bus('lxc-start', ['-n', 'dl1']);
    expect(started).toMatchObject({ code: 0, stderr: '' });
    try {
      const attached = await bus('lxc-attach', ['-n', 'dl1', '--', '/bin/cat', '/etc/hostname']);
      expect(attached).toMatchObject({ code: 0, stdout: 'dl1\n' });
    } finally {
      await bus('lxc-stop', ['-k', '-n', 'dl1']);
    }
  });

  it('makes the second container from the cache (no download) and says so, as LXC does', async () => {
    const ours = await bus('lxc-create', ['-t', 'download', '-n', 'dl2', '--', ...ALPINE()]);
    expect(ours.code).toBe(0);
    expect(ours.stdout.split('\n').slice(0, 2)).toEqual(['Using image from local cache', 'Unpacking the rootfs']);
    if (!hasLxc) return;
    const theirs = await lxc(['-t', 'download', '-n', 'dl2', '--', ...ALPINE()]);
    expect(ours.stdout).toBe(theirs.stdout);
  });

  it('--list prints the index as LXC does and fails with its messages', async () => {
    const ours = await bus('lxc-create', ['-t', 'download', '-n', 'dl3', '--', '--list', '--server', server.host]);
    expect(ours.code).toBe(1);
    expect(ours.stdout).toContain('DIST\tRELEASE\tARCH\tVARIANT\tBUILD\n---\nalpine\t3.20\tamd64\tdefault\t20250101_00:00\n');
    expect(existsSync(join(stack.lxcpath, 'dl3'))).toBe(false);
    if (!hasLxc) return;
    const theirs = await lxc(['-t', 'download', '-n', 'dl3', '--', '--list', '--server', server.host]);
    expect(ours).toEqual({ ...theirs, stderr: theirs.stderr.split(join(work, 'lxc')).join(stack.lxcpath) });
  });

  it('asks Distribution/Release/Architecture when they are missing (interactive mode)', async () => {
    const answers = 'debian\nbookworm\namd64\n';
    const ours = await bus('lxc-create', ['-t', 'download', '-n', 'dl4', '--', '--server', server.host], answers);
    expect(ours.code).toBe(0);
    expect(ours.stdout).toContain('---\n\nDistribution: \nRelease: \nArchitecture: \n\n');
    if (!hasLxc) return;
    const theirs = await lxc(['-t', 'download', '-n', 'dl4', '--', '--server', server.host], answers);
    expect(ours.stdout).toBe(theirs.stdout);
  });

  it('takes the long options of the issue\'s example (--dist --release --arch --variant --server) and --force-cache', async () => {
    const r = await bus('lxc-create', ['-t', 'download', '-n', 'dl8', '--', '--dist', 'debian', '--release', 'bookworm', '--arch', 'amd64', '--variant', 'default', '--server', server.host, '--force-cache']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(readFileSync(join(stack.lxcpath, 'dl8', 'config'), 'utf8')).toContain('lxc.uts.name = dl8');
  });

  it('--flush-cache downloads again and says so', async () => {
    const ours = await bus('lxc-create', ['-t', 'download', '-n', 'dl5', '--', ...ALPINE(), '--flush-cache']);
    expect(ours.code).toBe(0);
    expect(ours.stdout.split('\n')[0]).toBe('Flushing the cache...');
    if (!hasLxc) return;
    expect(ours.stdout).toBe((await lxc(['-t', 'download', '-n', 'dl5', '--', ...ALPINE(), '--flush-cache'])).stdout);
  });

  const BB = ['-d', 'busybox', '-r', '1.35', '-a', 'amd64'];
  const bbFile = (n: string) => `/images/busybox/1.35/amd64/default/20250101_00:00/${n}`;
  it.each<[string, string[], [string, Fault] | null, RegExp, string]>([
    ['unknown dist', ['-d', 'nosuch', '-r', '1.35', '-a', 'amd64'], null, /Couldn't find a matching image/, 'IMAGE_NOT_FOUND'],
    ['unknown release', ['-d', 'busybox', '-r', '0.1', '-a', 'amd64'], null, /Couldn't find a matching image/, 'IMAGE_NOT_FOUND'],
    ['unknown arch', ['-d', 'busybox', '-r', '1.35', '-a', 'mips'], null, /Couldn't find a matching image/, 'IMAGE_NOT_FOUND'],
    ['404', BB, [bbFile('rootfs.tar.xz'), '404'], /rootfs\.tar\.xz: HTTP 404/, 'IMAGE_FETCH_FAILED'],
    ['truncated download', BB, [bbFile('rootfs.tar.xz'), 'truncate'], /truncated|closed early/, 'IMAGE_FETCH_FAILED'],
    ['wrong checksum', BB, [bbFile('rootfs.tar.xz'), 'corrupt'], /sha256 .* does not match/, 'IMAGE_VERIFY_FAILED'],
    ['bad signature', BB, [bbFile('meta.tar.xz.asc'), 'badsig'], /Invalid signature for .*meta\.tar\.xz/, 'IMAGE_VERIFY_FAILED'],
    ['server down', [...BB, '--server', '127.0.0.1:1'], null, /ECONNREFUSED/, 'IMAGE_FETCH_FAILED'],
  ])('%s: clear coded error, no container, cache untouched', async (_label, args, fault, why, code) => {
    if (fault) server.fault(fault[0], fault[1]);
    const before = { cache: snapshot(cacheDir()), lxc: snapshot(stack.lxcpath) };
    const r = await bus('lxc-create', ['-t', 'download', '-n', 'bad1', '--', '--server', server.host, ...args]);
    server.clearFaults();
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).toContain(`[${code}] (TEMPLATE_FAILED)`);
    expect(r.stderr).toContain('Failed to create container bad1');
    expect({ cache: snapshot(cacheDir()), lxc: snapshot(stack.lxcpath) }).toEqual(before);
  });

  it('draws a progress bar on stderr only when it is a terminal', async () => {
    const shellQuote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
    const cmd = [process.execPath, join(BIN, 'lxc-create'), '-t', 'download', '-n', 'dl7', '--', ...ALPINE(), '--flush-cache'].map(shellQuote).join(' ');
    // script(1) gives the CLI a pseudo-terminal, as an interactive shell would.
    const tty = await run('script', ['-qec', cmd, '/dev/null'], stack.env);
    expect(tty.code).toBe(0);
    expect(tty.stdout).toMatch(/rootfs \[#{30}\] 100% /);
    expect(tty.stdout).toContain('Downloading the rootfs');
  });

  it('a program publishing create on the bus gets progress events while it runs', async () => {
    const tap = new EventTap(nc, stack.host, 'dl6');
    try {
      const reply = await command(nc, stack.host, 'create', { name: 'dl6', template: 'download', templateArgs: [...ALPINE(), '--flush-cache'] }, 120_000);
      expect(reply).toMatchObject({ ok: true, name: 'dl6', message: CREATE_MESSAGE });
      const created = await tap.waitFor((e) => e.type.includes('.created.'));
      expect(created).toBeDefined();
      const progress = tap.events.filter((e) => e.type.includes('.progress.'));
      expect(progress.some((e) => e.data.phase === 'rootfs' && e.data.bytesDone === e.data.bytesTotal)).toBe(true);
      expect(progress.map((e) => e.data.message).filter(Boolean)).toContain('Downloading the rootfs');
    } finally {
      tap.close();
    }
  });
});
