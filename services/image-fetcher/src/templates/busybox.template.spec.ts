import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BusyboxTemplate } from './busybox.template';
import { listApplets } from './busybox-rootfs.builder';
import { TemplateBadArgsError, TemplateErrorCode, TemplateToolMissingError } from './template.errors';

const LXC_CREATE = ['/usr/bin/lxc-create', '/usr/local/bin/lxc-create'].find((p) => existsSync(p));
const CAN_RUN_REAL = process.getuid?.() === 0 && LXC_CREATE !== undefined;
/** The busybox rootfs has a 0644 etc/udhcpc dir, which a non-root test cannot descend to delete. */
function removeTree(dir: string): void {
  execFileSync('chmod', ['-R', 'u+rwX', dir]);
  rmSync(dir, { recursive: true, force: true });
}
const REAL_REASON = CAN_RUN_REAL ? '' : ' [skipped: needs root and lxc-create]';

/** Observed in an LXC 5.0.2 `lxc-create -t busybox` rootfs (bin/* applet links checked separately). */
const RECORDED: ReadonlyArray<readonly [string, string, number]> = [
  ['bin', 'd', 0o755], ['dev', 'd', 0o755], ['dev/pts', 'd', 0o755], ['etc', 'd', 0o755],
  ['etc/fstab', 'f', 0o644], ['etc/group', 'f', 0o644], ['etc/init.d', 'd', 0o755],
  ['etc/init.d/rcS', 'f', 0o744], ['etc/inittab', 'f', 0o644], ['etc/passwd', 'f', 0o644],
  ['etc/shadow', 'f', 0o644], ['etc/udhcpc', 'd', 0o644], ['etc/udhcpc/default.script', 'f', 0o744],
  ['home', 'd', 0o755], ['lib', 'd', 0o755], ['lib64', 'd', 0o755], ['mnt', 'd', 0o755],
  ['proc', 'd', 0o755], ['root', 'd', 0o755], ['sbin', 'd', 0o755], ['sbin/init', 'f', 0o6755],
  ['selinux', 'd', 0o755], ['sys', 'd', 0o755], ['tmp', 'd', 0o1777], ['usr', 'd', 0o755],
  ['usr/bin', 'd', 0o755], ['usr/lib', 'd', 0o755], ['usr/lib64', 'd', 0o755], ['usr/sbin', 'd', 0o755],
  ['var', 'd', 0o755], ['var/log', 'd', 0o755], ['var/run', 'd', 0o755],
];
/** sha1 of the udhcpc hook LXC 5.0.2 writes. */
const UDHCPC_SHA1 = '723c6bb6d87288943a45a29e7fd8f5cadd9d3339';

interface Entry { path: string; type: string; mode: number; link?: string; sha?: string; nlink?: number }

function snapshot(root: string, rel = ''): Entry[] {
  const out: Entry[] = [];
  for (const name of readdirSync(path.join(root, rel)).sort()) {
    const p = path.join(rel, name);
    const st = lstatSync(path.join(root, p));
    const type = st.isSymbolicLink() ? 'l' : st.isDirectory() ? 'd' : st.isFile() ? 'f' : '?';
    const e: Entry = { path: p, type, mode: st.mode & 0o7777 };
    if (type === 'l') e.link = readlinkSync(path.join(root, p));
    if (type === 'f') {
      e.sha = createHash('sha1').update(readFileSync(path.join(root, p))).digest('hex');
      e.nlink = st.nlink;
    }
    out.push(e);
    if (type === 'd') out.push(...withSearchBit(path.join(root, p), st.mode, () => snapshot(root, p)));
  }
  return out;
}

/** Descends into the template's 0644 etc/udhcpc even without CAP_DAC_OVERRIDE, restoring its mode. */
function withSearchBit<T>(dir: string, mode: number, read: () => T): T {
  if ((mode & 0o100) !== 0 || process.getuid?.() === 0) return read();
  chmodSync(dir, (mode & 0o7777) | 0o100);
  try {
    return read();
  } finally {
    chmodSync(dir, mode & 0o7777);
  }
}

/** The config lxc-create wrote, without the header it prepends after the template. */
function stripHeader(lines: string[]): string[] {
  const end = lines.indexOf('# (Be aware this has security implications)');
  return lines.slice(end + 2);
}

describe('BusyboxTemplate', () => {
  let tmp: string;
  beforeEach(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'lxcbus-busybox-'))));
  afterEach(() => removeTree(tmp));

  async function buildOurs(name: string, args: string[] = []) {
    const containerDir = path.join(tmp, 'ours', name);
    const rootfs = path.join(containerDir, 'rootfs');
    const config = ['lxc.net.0.type = empty', `lxc.rootfs.path = dir:${rootfs}`];
    const req = { name, lxcpath: path.join(tmp, 'ours'), containerDir, rootfs, args, config };
    return { rootfs, result: await new BusyboxTemplate().create(req) };
  }

  (CAN_RUN_REAL ? it : it.skip)(`builds the same rootfs and config as real lxc-create -t busybox${REAL_REASON}`, async () => {
    const realPath = path.join(tmp, 'real');
    const conf = path.join(tmp, 'c.conf');
    writeFileSync(conf, 'lxc.net.0.type = empty\n');
    execFileSync(LXC_CREATE!, ['-P', realPath, '-f', conf, '-t', 'busybox', '-n', 'c1'], { stdio: 'pipe' });
    try {
      const { rootfs, result } = await buildOurs('c1');
      expect(snapshot(rootfs)).toEqual(snapshot(path.join(realPath, 'c1', 'rootfs')));
      const real = readFileSync(path.join(realPath, 'c1', 'config'), 'utf8').trimEnd().split('\n');
      const normalised = stripHeader(real).map((l) => l.split(realPath).join(path.join(tmp, 'ours')));
      expect(result.config).toEqual(normalised);
      expect(result.message).toBeUndefined();
    } finally {
      execFileSync('lxc-destroy', ['-P', realPath, '-n', 'c1'], { stdio: 'pipe' });
      rmSync(`/run/lxc/lock${tmp}`, { recursive: true, force: true }); // lock files LXC leaves behind
    }
  });

  it('builds the files, modes and applet links recorded from LXC 5.0.2', async () => {
    const { rootfs } = await buildOurs('c2');
    const tree = snapshot(rootfs);
    const nonBin = tree.filter((e) => !e.path.startsWith('bin/')).map((e) => [e.path, e.type, e.mode]);
    expect(nonBin).toEqual(RECORDED);
    expect(tree.find((e) => e.path === 'etc/udhcpc/default.script')?.sha).toBe(UDHCPC_SHA1);
    expect(readFileSync(path.join(rootfs, 'etc/inittab'), 'utf8')).toContain('::sysinit:/etc/init.d/rcS\n');
    const applets = await listApplets(path.join(rootfs, 'bin/busybox'));
    const links = tree.filter((e) => e.type === 'l');
    expect(links.map((e) => e.path).sort()).toEqual(applets.map((a) => `bin/${a}`).sort());
    expect(links.every((e) => e.link === 'busybox')).toBe(true);
    const busybox = lstatSync(path.join(rootfs, 'bin/busybox'));
    expect(busybox.mode & 0o7777).toBe(0o6755);
    expect(busybox.ino).toBe(lstatSync(path.join(rootfs, 'sbin/init')).ino);
  });

  it('appends the lines of copy_configuration after the saved config', async () => {
    const { rootfs, result } = await buildOurs('c3');
    expect(result.config.slice(0, 5)).toEqual([
      'lxc.net.0.type = empty',
      `lxc.rootfs.path = dir:${rootfs}`,
      'lxc.signal.halt = SIGUSR1',
      'lxc.signal.reboot = SIGTERM',
      'lxc.uts.name = "c3"',
    ]);
    expect(result.config[result.config.length - 1]).toBe(
      'lxc.mount.entry = /sys/kernel/security sys/kernel/security none ro,bind,optional 0 0',
    );
  });

  it('uses --busybox-path and refuses one that is not executable', async () => {
    const { rootfs } = await buildOurs('c4', ['--busybox-path', '/bin/busybox']);
    expect(existsSync(path.join(rootfs, 'bin/sh'))).toBe(true);
    await expect(buildOurs('c5', ['--busybox-path', '/etc/passwd'])).rejects.toBeInstanceOf(TemplateBadArgsError);
    await expect(buildOurs('c6', ['--busybox-path'])).rejects.toMatchObject({ code: TemplateErrorCode.BadArgs });
  });

  it('refuses unknown options and internal ones in user arguments', async () => {
    await expect(buildOurs('c7', ['--bogus'])).rejects.toMatchObject({ code: 'TEMPLATE_BAD_ARGS' });
    await expect(buildOurs('c8', ['--rootfs', '/'])).rejects.toMatchObject({ code: 'TEMPLATE_BAD_ARGS' });
    expect(existsSync(path.join(tmp, 'ours', 'c7'))).toBe(false);
  });

  it('prints usage for -h and leaves the rootfs and config untouched, as lxc-busybox exits 0', async () => {
    const lines: string[] = [];
    const rootfs = path.join(tmp, 'h', 'rootfs');
    const req = { name: 'h', lxcpath: tmp, containerDir: path.join(tmp, 'h'), rootfs, args: ['-h'], config: ['lxc.x = 1'] };
    const result = await new BusyboxTemplate().create(req, (l) => lines.push(l));
    expect(lines[0]).toBe('LXC busybox image builder');
    expect(result.config).toEqual(['lxc.x = 1']);
    expect(existsSync(rootfs)).toBe(false);
  });

  it('fails with TEMPLATE_TOOL_MISSING when no busybox is found', async () => {
    const template = new BusyboxTemplate({ locate: async () => undefined });
    const req = { name: 'm', lxcpath: tmp, containerDir: path.join(tmp, 'm'), rootfs: path.join(tmp, 'm', 'rootfs'), args: [], config: [] };
    await expect(template.create(req)).rejects.toBeInstanceOf(TemplateToolMissingError);
    expect(existsSync(req.rootfs)).toBe(false);
  });
});
